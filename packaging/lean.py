"""What the PyInstaller bundle leaves out (used by ``jobdesk.spec``; no PyInstaller here).

The app needs Qt's core, gui and widgets (PySide6-Essentials) and a handful of Qt
plugins. PyInstaller's Qt hooks collect every plugin of each kind and every Qt
translation; :func:`kept` says which bundle paths stay, and :func:`prune_orphans`
drops the libraries only the dropped plugins linked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePath

#: Python modules never imported by jobdesk that something in the environment might
#: pull in.
EXCLUDED_MODULES = [
    "tkinter",
    "unittest",
    "pydoc",
    # Not dependencies of jobdesk (only of the dev tools beside it): bs4 would use them
    # when present, and the app would then sniff charsets unlike an installed wheel.
    "charset_normalizer",
    "chardet",
    "cchardet",
    # Qt modules beyond core/gui/widgets (and svg for the icon).
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtPrintSupport",
    "PySide6.QtConcurrent",
]

#: Qt plugins kept, by kind (None: every plugin of that kind). Every other kind — and
#: every Qt translation: the app is in English and loads no QTranslator — is dropped.
KEEP_PLUGINS: dict[str, set[str] | None] = {
    # Window systems: X11, Wayland, Windows, macOS; offscreen for headless runs and the
    # smoke test.
    "platforms": {"qxcb", "qwayland", "qwindows", "qcocoa", "qoffscreen"},
    # File dialogs through the XDG desktop portal. Not qgtk3: it links the system's GTK
    # and would drag cairo/pango/gdk-pixbuf from the build machine into the bundle.
    "platformthemes": {"qxdgdesktopportal"},
    # Dead keys and input methods in the editable cleaned pane (not the virtual
    # keyboard: it needs Qt Quick).
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    # The SVG app icon, and the Windows/macOS icon formats.
    "iconengines": {"qsvgicon"},
    "imageformats": {"qsvg", "qico", "qicns"},
    # Window decorations and xdg-shell under Wayland (widgets draw into shared memory:
    # the EGL/Vulkan graphics integrations and the embedded shells are not needed).
    "wayland-decoration-client": None,
    "wayland-shell-integration": {"xdg-shell"},
    # Windows and macOS window styles.
    "styles": None,
}

#: Libraries only dropped parts need: Qt Network (PyInstaller's Qt hooks add it though
#: no kept binary links it) and Kerberos (only Qt Network links it), EGLFS (only the
#: eglfs platform).
DROPPED_LIBRARIES = (
    "libQt6Network",
    "Qt6Network",
    "libQt6EglFS",
    "libQt6EglFsKms",
    "libgssapi_krb5",
    "libkrb5",
    "libk5crypto",
)


def kept(dest: str) -> bool:
    """True unless the bundle path ``dest`` is a Qt plugin, translation or library the
    app does without."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if not parts:
        return True
    if parts[-1].startswith(DROPPED_LIBRARIES):
        return False
    if parts[-1].endswith(".qm") and "translations" in parts:
        return False
    if "plugins" not in parts:
        return True
    i = parts.index("plugins")
    if len(parts) < i + 3:
        return True
    kind = parts[i + 1]
    if kind not in KEEP_PLUGINS:
        return False
    names = KEEP_PLUGINS[kind]
    if names is None:
        return True
    name = PurePath(parts[-1]).name.split(".")[0].removeprefix("lib")  # libqxcb.so
    return name in names or (name.endswith("d") and name[:-1] in names)  # qwindowsd.dll


Entry = tuple[str, str, str]  # PyInstaller TOC: (bundle path, source path, kind)


def prune_orphans(
    binaries: Iterable[Entry], imports_of: Callable[[str], Iterable[tuple[str, str | None]]]
) -> list[Entry]:
    """Drop the libraries at the top of the bundle that no kept binary needs.

    ``imports_of(source)`` lists a binary's needed libraries as (name, path) pairs
    (PyInstaller's ``bindepend.get_imports``). Roots are everything below the top
    (extension modules, Qt's libraries and plugins) and libpython (the bootloader loads
    it); a top-level library stays when a root needs it, directly or through others.
    """
    entries = list(binaries)
    top = {PurePath(d).name: s for d, s, _ in entries if len(PurePath(d).parts) == 1}
    roots = [s for d, s, _ in entries if len(PurePath(d).parts) > 1]
    roots += [s for name, s in top.items() if name.startswith("libpython")]
    needed: set[str] = set()
    todo = list(roots)
    while todo:
        for name, _path in imports_of(todo.pop()):
            if name not in needed:
                needed.add(name)
                if name in top:
                    todo.append(top[name])
    return [
        e
        for e in entries
        if len(PurePath(e[0]).parts) > 1
        or PurePath(e[0]).name in needed
        or PurePath(e[0]).name.startswith("libpython")
    ]
