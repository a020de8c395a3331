"""The window (PySide6). The only package of jobdesk that imports Qt.

Importing it applies the binding work-arounds of :mod:`jobdesk.gui.qtcompat` first.
"""

from jobdesk.gui import qtcompat as _qtcompat  # noqa: F401  (side effect: work-arounds)
