"""The library in the window: Save (Ctrl+S) / Save All, and the library dock.

:func:`install_library` opens the library (``JOBDESK_DATA_DIR`` or the platform data dir)
and plugs it into a main window. The window and this package import nothing of each
other: the window is any ``QMainWindow`` with what
:class:`~jobdesk.gui.library.controller.LibraryHost` names, and the library asks it to
open a posting, show a notice or a status message by signals. What saving, opening and
re-cleaning do is plain Python in :mod:`jobdesk.session`.

* **Save** stores the current posting as the user sees it (hand edits, edited facts,
  the rules that are on). An exact duplicate is not saved again: the window says
  "already in your library (saved DATE)"; a near duplicate (a repost) is saved and
  flagged ("≈" in the table). **Save All** saves every opened posting on a worker
  thread with its own connection (facts extracted there too), one transaction.
* **The dock** (View ▸ Library, Ctrl+L): a search box with live results (debounced, the
  last word a prefix), filters by status, tag and site, a lazily loaded table
  (:mod:`.model`) sorted by SQLite, and a details pane with the notes (saved when
  the editor loses focus). Double-click (or Enter) opens a posting back into the
  side-by-side view with the rules it was saved with; "Re-clean…" cleans it with today's
  rules and shows the line diff before anything changes; status and tags are edited in
  the table; Delete removes with undo (Ctrl+Z in the table, the Undo button, or
  Library ▸ Undo); every edit is an undoable command. The keys (Enter, Del, Ctrl+R,
  Ctrl+Z) belong to the table, so the search box and the notes keep their own.
* **Import Folder…** reads a folder in the background (the storage importer: batches,
  progress, Cancel keeps what was committed).
* Changes made elsewhere (the CLI, another window) show up: the dock polls SQLite's
  ``data_version`` every two seconds.

Work-arounds for the storage API (which the GUI does not edit): ``Library`` has no
"list sites" call, so the site filter is filled from ``stats()["by_site"]``; the notes
are not part of the light rows, so they are read with ``get()`` for the selected
posting only.

Modules: :mod:`.controller` (the saver, the dock's commands, undo), :mod:`.panel` (the
dock's widgets), :mod:`.model` (the lazily loaded table), :mod:`.jobs` (worker-thread
jobs), :mod:`.dialogs` (the re-clean diff).
"""

from jobdesk.gui.library.controller import (
    DeleteCommand,
    EditCommand,
    LibraryController,
    LibraryHost,
    install_library,
)
from jobdesk.gui.library.dialogs import RecleanDialog, diff_html
from jobdesk.gui.library.jobs import FiltersJob, ImportJob, SaveJob

__all__ = [
    "DeleteCommand",
    "EditCommand",
    "FiltersJob",
    "ImportJob",
    "LibraryController",
    "LibraryHost",
    "RecleanDialog",
    "SaveJob",
    "diff_html",
    "install_library",
]
