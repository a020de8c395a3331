"""Where the window finds its icon and sample posting.

In a source checkout they live in ``resources/`` at the top of the repository; an
installed package may carry them as ``jobdesk/resources`` (package data).
"""

from __future__ import annotations

from pathlib import Path

from jobdesk.assets import resource_path

__all__ = ["app_icon_path", "app_icon_paths", "resource_path", "sample_posting"]

SAMPLE_NAME = "sample-posting.txt"


def sample_posting() -> Path | None:
    return resource_path("samples", SAMPLE_NAME)


def app_icon_path() -> Path | None:
    return resource_path("icons", "jobdesk.svg")


def app_icon_paths() -> list[Path]:
    """The app icon as SVG and every PNG size shipped (crisp at 16 and 24 px, where a
    scaled-down SVG blurs), for one multi-size QIcon."""
    from jobdesk.desktop import ICON_SIZES

    names = ["jobdesk.svg", *(f"jobdesk-{n}.png" for n in ICON_SIZES)]
    return [p for p in (resource_path("icons", n) for n in names) if p is not None]
