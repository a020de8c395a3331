"""Crashes and concurrency: real processes, real SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from jobdesk.storage.library import Library
from tests.storage.conftest import posting

ROOT = Path(__file__).resolve().parents[2]

IMPORTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from jobdesk.storage.importer import import_paths

    def saved(path, pid):
        print(f"saved {pid} {path.name}", flush=True)

    import_paths(Path(sys.argv[1]), [Path(sys.argv[2])], batch_size=int(sys.argv[3]),
                 on_saved=saved)
    print("done", flush=True)
    """
)

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from jobdesk.storage.library import Library, NewPosting

    with Library.open(Path(sys.argv[1])) as lib:
        for i in range(int(sys.argv[2])):
            text = f"Writer posting {i}\\n\\nwords for posting number w{i} and some filler"
            lib.add(NewPosting(cleaned=text, source=text, raw=text, tags=[f"t{i % 3}"]))
            print(i, flush=True)
    """
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_mid_import_loses_nothing_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20
    for i in range(150):
        (folder / f"{i:04d}.txt").write_text(f"Job {i}\n\nUnique{i} posting.\n{filler}\n")
    db = tmp_path / "library.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(db), str(folder), "7"],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    reported: list[int] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    try:
        for line in proc.stdout:
            if line.startswith("saved "):
                reported.append(int(line.split()[1]))
            if len(reported) >= 40 or time.monotonic() > deadline:
                break
        proc.send_signal(signal.SIGKILL)  # mid-import: later batches are being written
    finally:
        proc.wait(timeout=30)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert len(reported) >= 40, "the importer did not get going"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with Library.open(db) as lib:
        assert lib.integrity_check() == []
        have = set(lib.ids())
        assert set(reported) <= have
        assert lib.count() < 150  # it really was killed mid-way
        assert lib.count("unique0") == 1


def test_a_second_process_writes_while_we_read(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    with Library.open(db) as lib:
        lib.add(posting())
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), "60"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        counts = []
        try:
            while proc.poll() is None:
                counts.append(lib.count())
                lib.page("posting", 0, 20, sort="relevance")
                lib.count("tag:t1")
                time.sleep(0.005)
            _out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        assert proc.returncode == 0, err
        assert lib.changed_elsewhere()  # the window would refresh now
        assert not lib.changed_elsewhere()
        assert counts == sorted(counts)  # every read saw a consistent, growing library
        assert lib.count() == 61
        assert lib.count("w59") == 1
        # and we can write too while it has finished
        lib.update(1, status="applied")
        assert lib.integrity_check() == []


def test_two_writers_at_once(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    Library.open(db).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER.replace("Writer", f"W{k}"), str(db), "25"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for k in range(2)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with Library.open(db) as lib:
        assert lib.count() == 50 and lib.integrity_check() == []
