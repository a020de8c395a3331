"""Where the window finds its icon and sample posting.

In a source checkout they live in ``resources/`` at the top of the repository; an
installed package may carry them as ``jobdesk/resources`` (package data).
"""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path

SAMPLE_NAME = "sample-posting.txt"


def resource_path(*parts: str) -> Path | None:
    candidates = [Path(__file__).resolve().parents[2] / "resources"]
    try:
        pkg = importlib_resources.files("jobdesk") / "resources"
        candidates.append(Path(str(pkg)))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover
        pass
    for base in candidates:
        p = base.joinpath(*parts)
        if p.is_file():
            return p
    return None


def sample_posting() -> Path | None:
    return resource_path("samples", SAMPLE_NAME)


def app_icon_path() -> Path | None:
    return resource_path("icons", "jobdesk.svg")
