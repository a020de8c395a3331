"""packaging/lean.py: which Qt plugins, translations and libraries the bundle keeps."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lean() -> ModuleType:
    spec = importlib.util.spec_from_file_location("jobdesk_lean", ROOT / "packaging" / "lean.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("dest", "keep"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qwindowsd.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/networkinformation/libqglib.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so", False),
        ("PySide6/Qt/plugins/wayland-decoration-client/libbradient.so", True),
        ("PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),
        ("libkrb5.so.3", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/QtCore.abi3.so", True),
        ("jobdesk/rules/linkedin.toml", True),
        ("jobdesk/resources/icons/jobdesk-16.png", True),
    ],
)
def test_kept(lean: ModuleType, dest: str, keep: bool) -> None:
    assert lean.kept(dest) is keep


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux plugin names")
def test_of_the_installed_platform_plugins_the_desktop_ones_are_kept(lean: ModuleType) -> None:
    import PySide6

    plugins = Path(PySide6.__file__).parent / "Qt" / "plugins"
    names = {p.name for p in (plugins / "platforms").iterdir()}
    kept = {n for n in names if lean.kept(f"PySide6/Qt/plugins/platforms/{n}")}
    assert kept == {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"}
    assert len(names) > len(kept)


def test_prune_orphans_keeps_what_a_kept_binary_needs(lean: ModuleType) -> None:
    graph = {
        "/src/QtWidgets.so": [("libQt6Widgets.so.6", "/q/w")],
        "/q/w": [("libfreetype.so.6", "/sys/ft")],
        "/sys/ft": [("libpng16.so.16", "/sys/png")],
        "/sys/python": [("libz.so.1", "/sys/z")],
    }
    binaries = [
        ("PySide6/QtWidgets.abi3.so", "/src/QtWidgets.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/q/w", "BINARY"),
        ("libfreetype.so.6", "/sys/ft", "BINARY"),
        ("libpng16.so.16", "/sys/png", "BINARY"),  # needed through libfreetype
        ("libpython3.11.so.1.0", "/sys/python", "BINARY"),  # the bootloader loads it
        ("libz.so.1", "/sys/z", "BINARY"),  # needed by libpython
        ("libcairo.so.2", "/sys/cairo", "BINARY"),  # only a dropped plugin needed it
        ("libpango-1.0.so.0", "/sys/pango", "BINARY"),
    ]
    kept = lean.prune_orphans(binaries, lambda src: graph.get(src, []))
    assert [e[0] for e in kept] == [e[0] for e in binaries[:6]]
