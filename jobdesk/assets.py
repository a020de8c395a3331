"""Where jobdesk finds the files it ships beside its code (no Qt here).

In a source checkout they live in ``resources/`` at the top of the repository; the
wheel and the packaged app carry them as ``jobdesk/resources`` (package data): the
icon, the sample posting, the ``.desktop`` entry and the AppStream metainfo. Also the
app's id and icon sizes, which the window reads before its first paint (and
:mod:`jobdesk.desktop`, which installs the desktop files, when asked to).
"""

from __future__ import annotations

from pathlib import Path

#: Reverse-DNS id: the desktop file's name, the icon name, the AppStream id and the
#: Wayland app id (``QGuiApplication.setDesktopFileName``).
APP_ID = "io.github.jobdesk.jobdesk"
#: PNG sizes shipped in ``resources/icons`` (``jobdesk-N.png``).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resource_path(*parts: str) -> Path | None:
    """``resources/PARTS…`` as a file path, or None when this installation lacks it
    (the checkout's ``resources/`` first; importlib's package data only when it lacks
    the file: the window's icon is looked up before its first paint)."""
    p = Path(__file__).resolve().parents[1].joinpath("resources", *parts)
    if p.is_file():
        return p
    from importlib import resources as importlib_resources  # (a wheel, a packaged app)

    try:
        pkg = importlib_resources.files("jobdesk") / "resources"
    except (ModuleNotFoundError, TypeError):  # pragma: no cover
        return None
    p = Path(str(pkg)).joinpath(*parts)
    return p if p.is_file() else None
