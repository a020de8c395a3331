"""Running a benchmark's child in another checkout (``--against NAME=TREE``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_in(tree: Path, script: str, *args: str) -> str:
    """Run the file ``script`` with ``args`` in ``tree``, with the tree's own virtual
    environment when it has one, and return what it printed. The tree's jobdesk comes
    first on the path, and the tree is the working folder."""
    venv = tree / ".venv" / "bin" / "python"
    python = str(venv) if venv.exists() else sys.executable
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [python, str(Path(script).resolve()), *args]
    return subprocess.run(cmd, cwd=tree, env=env, check=True, capture_output=True, text=True).stdout
