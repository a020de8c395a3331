"""Where the window finds its icon and sample posting.

In a source checkout they live in ``resources/`` at the top of the repository; an
installed package may carry them as ``jobdesk/resources`` (package data).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from jobdesk.assets import resource_path

__all__ = ["app_icon", "app_icon_path", "app_icon_paths", "resource_path", "sample_posting"]

SAMPLE_NAME = "sample-posting.txt"


def sample_posting() -> Path | None:
    return resource_path("samples", SAMPLE_NAME)


def app_icon_path() -> Path | None:
    return resource_path("icons", "jobdesk.svg")


def app_icon_paths() -> list[Path]:
    """The app icon as SVG and every PNG size shipped (crisp at 16 and 24 px, where a
    scaled-down SVG blurs), for one multi-size QIcon."""
    from jobdesk.assets import ICON_SIZES

    names = ["jobdesk.svg", *(f"jobdesk-{n}.png" for n in ICON_SIZES)]
    return [p for p in (resource_path("icons", n) for n in names) if p is not None]


def app_icon() -> QIcon:
    """The app icon: every PNG size shipped (crisp at 16 px, where a scaled SVG blurs),
    or the SVG alone when the PNGs are missing."""
    icon = QIcon()
    paths = app_icon_paths()
    pngs = [p for p in paths if p.suffix == ".png"]
    for path in pngs:  # jobdesk-N.png: its size told, so availableSizes() lists it
        n = int(path.stem.rsplit("-", 1)[1])
        icon.addFile(str(path), QSize(n, n))
    if not pngs and paths:
        icon.addFile(str(paths[0]))
    return icon
