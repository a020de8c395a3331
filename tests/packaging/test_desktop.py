"""Desktop integration: the launcher, icons and metainfo, installed into a temporary
XDG data home, validated with the freedesktop tools, and opened the way a file manager
opens a file."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from jobdesk import __version__, desktop
from jobdesk.__main__ import main
from jobdesk.assets import APP_ID, ICON_SIZES

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
ENTRY = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"

needs_desktop_validate = pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (Debian: apt install desktop-file-utils)",
)
needs_appstreamcli = pytest.mark.skipif(
    shutil.which("appstreamcli") is None,
    reason="appstreamcli is not installed (Debian: apt install appstream)",
)


def entry_values(text: str) -> dict[str, str]:
    return dict(
        line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#")
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def exec_argv(exec_value: str, files: list[Path]) -> list[str]:
    """Expand an Exec value as a desktop does: the string escapes, then the arguments
    (double quotes, inside which \\ escapes " ` $ and \\), then %F and %%."""
    unescaped = exec_value.replace("\\\\", "\\")
    args: list[str] = []
    current, quoted, in_arg, i = "", False, False, 0
    while i < len(unescaped):
        c = unescaped[i]
        if quoted:
            if c == "\\" and i + 1 < len(unescaped) and unescaped[i + 1] in '"`$\\':
                current += unescaped[i + 1]
                i += 1
            elif c == '"':
                quoted = False
            else:
                current += c
        elif c == '"':
            quoted = in_arg = True
        elif c == " ":
            if in_arg:
                args.append(current)
            current, in_arg = "", False
        else:
            current += c
            in_arg = True
        i += 1
    if in_arg:
        args.append(current)
    argv: list[str] = []
    for arg in args:
        if arg == "%F":
            argv.extend(str(f) for f in files)
        else:
            argv.append(arg.replace("%%", "%"))
    return argv


# -- the shipped files -----------------------------------------------------------------


@needs_desktop_validate
def test_shipped_desktop_entry_validates() -> None:
    proc = subprocess.run(
        ["desktop-file-validate", str(ENTRY)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


@needs_appstreamcli
def test_shipped_metainfo_validates() -> None:
    proc = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert not re.search(r"^[EW]: ", out, re.M), out


def test_metainfo_names_this_app_and_release() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == "jobdesk"
    releases = [r.get("version") for r in root.iter("release")]
    # The newest release listed is the version being shipped.
    assert releases and releases[0] == __version__.split("+")[0], releases
    assert "network" in "".join(root.find("description").itertext())  # type: ignore[union-attr]
    # Each screenshot is a real grab committed under packaging/linux/screenshots, at the
    # size the metainfo declares.
    images = list(root.iter("image"))
    assert len(images) >= 2
    for image in images:
        name = (image.text or "").rsplit("/", 1)[-1]
        shot = ROOT / "packaging" / "linux" / "screenshots" / name
        assert png_size(shot) == (int(image.get("width", 0)), int(image.get("height", 0)))


def test_entry_offers_text_and_html_files() -> None:
    values = entry_values(ENTRY.read_text(encoding="utf-8"))
    assert values["Icon"] == APP_ID
    assert values["Exec"] == "jobdesk %F"
    mime = values["MimeType"].rstrip(";").split(";")
    assert {"text/plain", "text/html"} <= set(mime)
    assert tuple(mime) == desktop.MIME_TYPES


def test_icon_pngs_are_square_at_each_size() -> None:
    for size in ICON_SIZES:
        assert png_size(RESOURCES / "icons" / f"jobdesk-{size}.png") == (size, size)
    svg = ET.parse(RESOURCES / "icons" / "jobdesk.svg").getroot()
    assert svg.get("viewBox") == "0 0 128 128"


# -- install / uninstall ---------------------------------------------------------------


def test_exec_arguments_are_quoted_as_the_spec_asks() -> None:
    q = desktop.quote_exec_arg
    assert q("/usr/bin/jobdesk") == "/usr/bin/jobdesk"
    assert q("/opt/My Apps/jobdesk") == '"/opt/My Apps/jobdesk"'
    assert q("/opt/a$b/jobdesk") == '"/opt/a\\\\$b/jobdesk"'  # \$ with its \ doubled
    assert q("/opt/100%/jobdesk") == "/opt/100%%/jobdesk"
    assert q('C:\\x "y"') == '"C:\\\\\\\\x \\\\"y\\\\""'
    for path in ["/opt/My Apps/jobdesk", "/opt/a$b `c`/job\\desk", "/x/100% y/jobdesk"]:
        line = " ".join(desktop.quote_exec_arg(a) for a in [path, "-m"]) + " %F"
        assert exec_argv(line, [Path("/t/a.txt")]) == [path, "-m", "/t/a.txt"]


def test_install_writes_launcher_icons_and_metainfo(tmp_path: Path) -> None:
    command = ["/opt/job desk/bin/jobdesk"]
    written = desktop.install(tmp_path, command=command)
    entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    assert entry in written
    values = entry_values(entry.read_text(encoding="utf-8"))
    assert values["Exec"] == '"/opt/job desk/bin/jobdesk" %F'
    assert values["TryExec"] == "/opt/job desk/bin/jobdesk"
    assert values["Icon"] == APP_ID
    assert (tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == METAINFO.read_bytes()
    svg = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_bytes() == (RESOURCES / "icons" / "jobdesk.svg").read_bytes()
    for size in ICON_SIZES:
        png = tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(png) == (size, size)
    assert len(written) == 3 + len(ICON_SIZES)
    # Installing again replaces the files in place, leaving no temporary files.
    desktop.install(tmp_path, command=["/usr/bin/jobdesk"])
    assert entry_values(entry.read_text(encoding="utf-8"))["Exec"] == "/usr/bin/jobdesk %F"
    assert not list(tmp_path.rglob("*.tmp"))


@needs_desktop_validate
def test_installed_entry_validates(tmp_path: Path) -> None:
    desktop.install(tmp_path, command=["/opt/job desk $1/jobdesk"])
    entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    proc = subprocess.run(
        ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


@pytest.mark.skipif(
    shutil.which("update-desktop-database") is None,
    reason="update-desktop-database is not installed (Debian: apt install desktop-file-utils)",
)
def test_install_registers_open_with_for_txt_and_html(tmp_path: Path) -> None:
    desktop.install(tmp_path, command=["/usr/bin/jobdesk"])
    cache = (tmp_path / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    for mime in ("text/plain", "text/html"):
        assert re.search(rf"^{re.escape(mime)}=.*{re.escape(APP_ID)}\.desktop;", cache, re.M)
    # Never the default application: no mimeapps.list is written.
    assert not list(tmp_path.rglob("mimeapps.list"))
    desktop.uninstall(tmp_path)
    cache = (tmp_path / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
    assert APP_ID not in cache


def test_uninstall_removes_only_what_install_wrote(tmp_path: Path) -> None:
    other = tmp_path / "applications" / "org.example.Editor.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Editor\nExec=editor\n")
    other_icon = tmp_path / "icons" / "hicolor" / "48x48" / "apps" / "org.example.Editor.png"
    other_icon.parent.mkdir(parents=True)
    other_icon.write_bytes(b"png")
    written = desktop.install(tmp_path, command=["/usr/bin/jobdesk"])
    removed = desktop.uninstall(tmp_path)
    assert sorted(removed) == sorted(written)
    assert not any(p.exists() for p in written)
    assert other.exists() and other_icon.exists()
    assert desktop.uninstall(tmp_path) == []


def test_data_home_follows_xdg_data_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert desktop.data_home() == tmp_path
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")  # the spec says: ignore it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert desktop.data_home() == tmp_path / "home" / ".local" / "share"


def test_install_and_uninstall_desktop_flags(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    assert main(["--install-desktop"]) == 0
    assert entry.is_file()
    exec_value = entry_values(entry.read_text(encoding="utf-8"))["Exec"]
    assert Path(exec_argv(exec_value, [])[0]).is_absolute()
    assert str(entry) in capsys.readouterr().out
    assert main(["--uninstall-desktop"]) == 0
    assert not entry.exists()
    assert main(["--install-desktop", "extra"]) == 2
    assert "usage" in capsys.readouterr().err


def test_install_desktop_is_refused_where_there_is_no_xdg_desktop(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        assert main(["--install-desktop"]) == 1
        assert "XDG" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_opening_a_txt_and_an_html_file_from_a_file_manager(tmp_path: Path) -> None:
    """Run the installed launcher's Exec line the way a file manager does (%F = the
    files) and check the window opened the first one."""
    home = tmp_path / "share"
    desktop.install(home, command=[sys.executable, "-m", "jobdesk"])
    entry = home / "applications" / f"{APP_ID}.desktop"
    exec_value = entry_values(entry.read_text(encoding="utf-8"))["Exec"]
    txt = tmp_path / "Senior Engineer posting.txt"
    txt.write_text("Senior Engineer\nAcme\nPay: $100,000\nApply now\n", encoding="utf-8")
    html = tmp_path / "posting.html"
    html.write_text("<h1>Data Engineer</h1><p>Globex. Pay: $90,000.</p>", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JOBDESK_QUIT_AFTER_PAINT": "1"}
    proc = subprocess.run(
        exec_argv(exec_value, [txt, html]),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"jobdesk: window ready: {txt.name} — jobdesk" in proc.stdout, proc.stdout + proc.stderr


def test_the_launcher_runs_jobdesk_through_its_link(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """uv tool install puts a link in ~/.local/bin: the entry names the link, which an
    upgrade keeps, not the environment behind it."""
    target = tmp_path / "tools" / "jobdesk" / "bin" / "jobdesk"
    target.parent.mkdir(parents=True)
    target.write_text("#!/bin/sh\n")
    target.chmod(0o755)
    link = tmp_path / "bin" / "jobdesk"
    link.parent.mkdir()
    link.symlink_to(target)
    monkeypatch.setattr(sys, "argv", [str(link), "--install-desktop"])
    assert desktop.launcher_command() == [str(link)]
    monkeypatch.setattr(sys, "argv", ["-c"])
    monkeypatch.setenv("PATH", str(link.parent))
    assert desktop.launcher_command() == [str(link)]
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert desktop.launcher_command()[1:] == ["-m", "jobdesk"]
