"""Desktop integration on Linux and other XDG desktops: ``jobdesk --install-desktop``.

:func:`install` copies the launcher (``APP_ID.desktop``), the icon (SVG and PNG sizes in
the hicolor theme) and the AppStream metainfo into the user's ``$XDG_DATA_HOME``
(default ``~/.local/share``); :func:`uninstall` removes exactly those files.

The launcher's ``Exec`` is the absolute path of the jobdesk being run (a ``uv tool``
install, a virtual environment or the packaged app), so a desktop session whose ``PATH``
lacks ``~/.local/bin`` still starts it. Its ``MimeType`` key lists text, HTML, Markdown
and e-mail files: after ``update-desktop-database`` (run when it is installed; GNOME and
KDE also read the key directly) file managers offer *Open With ▸ jobdesk* for them.
jobdesk is never made the *default* application for a type: a user's text editor and
browser stay where they were.

No Qt here: the CLI flag runs without starting the window.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from jobdesk.assets import APP_ID, ICON_SIZES, resource_path

#: File types the launcher offers to open (the window reads all of them).
MIME_TYPES = ("text/plain", "text/html", "text/markdown", "message/rfc822")

#: Characters that force an Exec argument into double quotes (desktop entry spec,
#: "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    """``$XDG_DATA_HOME`` if it is an absolute path, else ``~/.local/share``."""
    env = os.environ.get("XDG_DATA_HOME", "")
    if env and Path(env).is_absolute():
        return Path(env)
    return Path.home() / ".local" / "share"


def launcher_command() -> list[str]:
    """The command that starts this jobdesk, as absolute paths where possible."""
    # Absolute, but symbolic links kept: ~/.local/bin/jobdesk (uv tool's link) stays
    # right when the tool's environment is rebuilt by an upgrade.
    if getattr(sys, "frozen", False):  # the packaged app
        return [os.path.abspath(sys.executable)]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name.startswith("jobdesk") and script.is_file():
        return [os.path.abspath(script)]
    import shutil

    found = shutil.which("jobdesk")
    if found:
        return [os.path.abspath(found)]
    return [os.path.abspath(sys.executable), "-m", "jobdesk"]


def quote_exec_arg(arg: str) -> str:
    """One argument of an ``Exec`` value, quoted and escaped as the spec asks (the
    value is also a desktop-entry string, so each backslash is written twice)."""
    arg = arg.replace("%", "%%")
    if arg and not (_RESERVED & set(arg)):
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return ('"' + inner + '"').replace("\\", "\\\\")


def desktop_entry(command: list[str] | None = None) -> str:
    """The shipped ``.desktop`` entry with ``Exec``/``TryExec`` set to ``command``."""
    template = _resource(f"{APP_ID}.desktop").read_text(encoding="utf-8")
    cmd = command if command is not None else launcher_command()
    exec_line = " ".join(quote_exec_arg(a) for a in cmd) + " %F"
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + exec_line
        elif line.startswith("TryExec="):
            # TryExec takes a plain path (no quoting); the entry is hidden when it is gone.
            line = "TryExec=" + cmd[0]
        lines.append(line)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Target:
    """One installed file: where it goes below the data home, and its content."""

    relative: Path
    data: bytes


def targets(command: list[str] | None = None) -> list[Target]:
    """Every file :func:`install` writes, relative to the data home."""
    out = [
        Target(Path("applications") / f"{APP_ID}.desktop", desktop_entry(command).encode()),
        Target(
            Path("metainfo") / f"{APP_ID}.metainfo.xml",
            _resource(f"{APP_ID}.metainfo.xml").read_bytes(),
        ),
        Target(
            Path("icons/hicolor/scalable/apps") / f"{APP_ID}.svg",
            _resource("icons", "jobdesk.svg").read_bytes(),
        ),
    ]
    for size in ICON_SIZES:
        png = _resource("icons", f"jobdesk-{size}.png")
        out.append(
            Target(Path(f"icons/hicolor/{size}x{size}/apps") / f"{APP_ID}.png", png.read_bytes())
        )
    return out


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the launcher, icons and metainfo under ``home`` (default :func:`data_home`);
    returns the files written. Running it again updates them in place."""
    base = home if home is not None else data_home()
    written = []
    for t in targets(command):
        path = base / t.relative
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(t.data)
        os.replace(tmp, path)
        written.append(path)
    _refresh_caches(base)
    return written


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what :func:`install` wrote (nothing else); returns the files removed."""
    base = home if home is not None else data_home()
    removed = []
    for t in targets(command=["jobdesk"]):
        path = base / t.relative
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    _refresh_caches(base)
    return removed


def _refresh_caches(base: Path) -> None:
    """Tell the desktop: the MIME cache behind *Open With*, the icon theme's cache.
    Best effort: the tools are optional, and a failure never undoes the install."""
    import shutil  # here: the window imports this module (APP_ID) before it paints
    import subprocess

    apps = base / "applications"
    icons = base / "icons" / "hicolor"
    commands = []
    if apps.is_dir() and shutil.which("update-desktop-database"):
        commands.append(["update-desktop-database", "-q", str(apps)])
    if (icons / "index.theme").is_file() and shutil.which("gtk-update-icon-cache"):
        commands.append(["gtk-update-icon-cache", "-q", "-t", "-f", str(icons)])
    for cmd in commands:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(cmd, check=False, capture_output=True, timeout=30)


def _resource(*parts: str) -> Path:
    path = resource_path(*parts)
    if path is None:
        raise FileNotFoundError(f"jobdesk: {'/'.join(parts)} is missing from this installation")
    return path


def main(args: list[str]) -> int:
    """``jobdesk --install-desktop`` / ``jobdesk --uninstall-desktop``."""
    if len(args) != 1 or args[0] not in ("--install-desktop", "--uninstall-desktop"):
        print("usage: jobdesk --install-desktop | --uninstall-desktop", file=sys.stderr)
        return 2
    if sys.platform in ("win32", "darwin"):
        print(
            "jobdesk: --install-desktop is for Linux and other XDG desktops; on Windows the "
            "installer adds the Start-menu entry, on macOS move jobdesk.app to Applications",
            file=sys.stderr,
        )
        return 1
    try:
        if args[0] == "--install-desktop":
            paths = install()
            print(f"installed the jobdesk launcher ({len(paths)} files):")
            for p in paths:
                print(f"  {p}")
            print("Open With ▸ jobdesk is offered for text, HTML, Markdown and e-mail files.")
        else:
            paths = uninstall()
            print(f"removed the jobdesk launcher ({len(paths)} files)")
    except OSError as exc:
        print(f"jobdesk: {exc}", file=sys.stderr)
        return 1
    return 0
