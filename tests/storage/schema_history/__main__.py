"""Print the schema of format version N as built by today's migrations."""

from __future__ import annotations

import sqlite3
import sys

from jobdesk.storage.migrations import migrate
from tests.storage.schema_history import dump

conn = sqlite3.connect(":memory:", isolation_level=None)
migrate(conn, target=int(sys.argv[1]))
sys.stdout.write(dump(conn))
conn.close()
