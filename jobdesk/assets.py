"""Where jobdesk finds the files it ships beside its code (no Qt here).

In a source checkout they live in ``resources/`` at the top of the repository; the
wheel and the packaged app carry them as ``jobdesk/resources`` (package data): the
icon, the sample posting, the ``.desktop`` entry and the AppStream metainfo.
"""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path


def resource_path(*parts: str) -> Path | None:
    """``resources/PARTS…`` as a file path, or None when this installation lacks it."""
    candidates = [Path(__file__).resolve().parents[1] / "resources"]
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
