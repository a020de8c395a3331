from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from jobdesk.storage.library import Library, NewPosting

POSTING = """Senior Rust Engineer
Acme Robotics · Berlin (hybrid)
€85,000 – €105,000 a year

About the job
We build the control software for warehouse robots. You will own the motion-planning
service, written in Rust, and work with the firmware team on the CAN bus protocol.

Requirements
• 5+ years of systems programming (Rust, C++ or Go)
• Experience with real-time constraints
• Visa sponsorship available for this role

Benefits
• 30 days of paid vacation
• Public transport ticket
"""

OTHER = """Data Analyst
Globex Corporation · Remote (US)

What you'll do
Turn messy sales data into dashboards the leadership team actually reads. SQL every day,
some Python, a lot of talking to people about what the numbers mean.

You have
• 2+ years with SQL and a BI tool (Looker, Tableau)
• Curiosity about pricing and forecasting
"""


def posting(text: str = POSTING, **kw: object) -> NewPosting:
    return NewPosting(cleaned=text, source=text, raw=text, **kw)  # type: ignore[arg-type]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture
def lib(db_path: Path) -> Iterator[Library]:
    with Library.open(db_path) as library:
        yield library


@dataclass
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., CliRun]:
    """Run ``jobdesk library …`` in-process."""
    from jobdesk import cli as jcli

    monkeypatch.setenv("JOBDESK_DATA_DIR", str(tmp_path / "data"))

    def run(*argv: str, stdin: bytes | None = None) -> CliRun:
        out, err = io.StringIO(), io.StringIO()
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = jcli.run(["library", *argv])
            except SystemExit as exc:  # argparse usage errors
                code = int(exc.code or 0)
        return CliRun(code, out.getvalue(), err.getvalue())

    return run
