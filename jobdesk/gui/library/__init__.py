"""The library in the window: Save (Ctrl+S) / Save All, and the library window.

:func:`install_library` opens the library (``JOBDESK_DATA_DIR`` or the platform data dir)
and plugs it into a main window. The window and this package import nothing of each
other: the window is any ``QMainWindow`` with what
:class:`~jobdesk.gui.library.controller.LibraryHost` names, and the library asks it to
open a posting, show a notice or a status message by signals. What saving, opening,
re-cleaning, exporting and backing up do is plain Python in :mod:`jobdesk.session`.

* **Save** stores the current posting as the user sees it (hand edits, edited facts,
  the rules that are on). An exact duplicate is not saved again: the window says
  "already in your library (saved DATE)"; a near duplicate (a repost) is saved and
  flagged ("≈" in the table). A page with no posting (nothing left after cleaning, a
  sign-in wall) is refused with a message; a posting nothing names is saved under the
  title the user gives when asked. **Save All** saves every opened posting on a worker
  thread with its own connection (facts extracted there too), one transaction.
* **The library window** (:mod:`.libwindow`; View ▸ Library or Library ▸ Library,
  Ctrl+L): a window of its own, as in Zotero or Calibre, hidden until the library has
  postings and then opened as the user left it. A search box with live results
  (debounced, the last word a prefix), filters by status, tag and site, a lazily loaded
  table (:mod:`.model`) sorted by SQLite whose columns fit the window (a column chooser
  on the header and in View ▸ Columns, remembered), and beside it the details, a
  preview of the cleaned posting and the notes (saved when the editor loses focus).
  Double-click (or Enter) opens a posting back into the side-by-side view with the
  rules it was saved with; "Re-clean…" cleans it with today's rules and shows the line
  diff before anything changes; status and tags are edited in the table, or for the
  whole selection at once (Edit ▸ Set Status, Add Tag…, Remove Tag…, also on the
  table's context menu); Delete removes with undo; every edit, bulk edits included, is
  one undoable command (Ctrl+Z in the table, Edit ▸ Undo). Library ▸ Export Shown…
  (the whole search), Export Selected…, Back Up Library… and Statistics… use the
  session's functions (the CLI's rules for files). The keys of Enter, Del, Ctrl+R,
  Ctrl+Z belong to the table, so the search box and the notes keep their own.
* **Import Folder…** reads a folder in the background (the storage importer: batches,
  progress, Cancel keeps what was committed).
* Changes made elsewhere (the CLI, another window) show up: the library polls SQLite's
  ``data_version`` every two seconds.

Work-arounds for the storage API (which the GUI does not edit): ``Library`` has no
"list sites" call, so the site filter is filled from ``stats()["by_site"]``; the notes
are not part of the light rows, so they are read with ``get()`` for the selected
posting only.

Modules: :mod:`.controller` (the saver, the commands, undo), :mod:`.libwindow` (the
window, its menus, the statistics dialog), :mod:`.panel` (the window's widgets),
:mod:`.model` (the lazily loaded table), :mod:`.jobs` (worker-thread jobs),
:mod:`.dialogs` (the re-clean diff), :mod:`.review` (a rule change reviewed across the
library: Library ▸ Re-clean Library / Review Changes…, and the bar that offers it).
"""

from jobdesk.gui.library.controller import (
    BulkEditCommand,
    DeleteCommand,
    EditCommand,
    LibraryController,
    LibraryHost,
    install_library,
)
from jobdesk.gui.library.dialogs import RecleanDialog, diff_html
from jobdesk.gui.library.jobs import FiltersJob, ImportJob, SaveJob
from jobdesk.gui.library.libwindow import LibraryWindow, StatsDialog

__all__ = [
    "BulkEditCommand",
    "DeleteCommand",
    "EditCommand",
    "FiltersJob",
    "ImportJob",
    "LibraryController",
    "LibraryHost",
    "LibraryWindow",
    "RecleanDialog",
    "SaveJob",
    "StatsDialog",
    "diff_html",
    "install_library",
]
