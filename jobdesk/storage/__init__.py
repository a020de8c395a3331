"""The local library of postings: SQLite storage, search, export, import (no Qt).

* :mod:`.library` — :class:`Library` (save, find duplicates, search, page, edit, delete);
* :mod:`.db` — opening safely (WAL, migrations, refusing newer/corrupt files), backup;
* :mod:`.migrations` — the schema, as small named steps (``PRAGMA user_version``);
* :mod:`.query` — the search box language → FTS5;
* :mod:`.text` — content hash and near-duplicate sketches;
* :mod:`.export` — Markdown / text / JSON out, JSON back in;
* :mod:`.importer` — folder import in batches, with progress and cancel;
* ``jobdesk library …`` is :mod:`jobdesk.cli.library`.
"""

from jobdesk.storage.db import (
    BusyLibraryError,
    CorruptLibraryError,
    LibraryError,
    NewerLibraryError,
    ReadOnlyLibraryError,
)
from jobdesk.storage.library import AddResult, Library, NewPosting, Posting, PostingRow

__all__ = [
    "AddResult",
    "BusyLibraryError",
    "CorruptLibraryError",
    "Library",
    "LibraryError",
    "NewPosting",
    "NewerLibraryError",
    "Posting",
    "PostingRow",
    "ReadOnlyLibraryError",
]
