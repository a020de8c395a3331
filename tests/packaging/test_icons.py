"""packaging/icons.py: the PNG sizes come from the SVG, and the .ico / .icns it writes
hold every size as a PNG a reader can find."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def icons() -> ModuleType:
    # packaging/ is not a package (its name is PyPA's `packaging`): load the file.
    spec = importlib.util.spec_from_file_location("jobdesk_icons", ROOT / "packaging" / "icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    w, h = struct.unpack(">II", data[16:24])
    return w, h


def fake_png(size: int) -> bytes:
    return (
        PNG_MAGIC + b"\x00\x00\x00\rIHDR" + struct.pack(">II", size, size) + b"\x08\x06\x00\x00\x00"
    )


def test_render_png_draws_the_svg_at_the_size_asked(icons: ModuleType) -> None:
    from PySide6.QtGui import QImage

    data = icons.render_png(48)
    assert png_size(data) == (48, 48)
    image = QImage.fromData(data)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0  # the corner outside the rounded square
    assert image.pixelColor(24, 4).alpha() == 255  # the icon itself


def test_ico_holds_each_size_as_png(icons: ModuleType) -> None:
    pngs = {s: fake_png(s) for s in (16, 32, 256)}
    data = icons.ico_bytes(pngs)
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 3)
    for i, size in enumerate((16, 32, 256)):
        w, h, _, _, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert (w or 256, h or 256, planes, bpp) == (size, size, 1, 32)
        assert data[offset : offset + length] == pngs[size]
    with pytest.raises(ValueError):
        icons.ico_bytes({512: fake_png(512)})


def test_icns_holds_each_type(icons: ModuleType) -> None:
    images = [(b"icp4", fake_png(16)), (b"ic10", fake_png(1024))]
    data = icons.icns_bytes(images)
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    pos, found = 8, []
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        found.append((kind, png_size(data[pos + 8 : pos + length])))
        pos += length
    assert found == [(b"icp4", (16, 16)), (b"ic10", (1024, 1024))]


def test_platform_icons_are_written(icons: ModuleType, tmp_path: Path) -> None:
    ico, icns = icons.write_platform_icons(tmp_path)
    assert struct.unpack("<HHH", ico.read_bytes()[:6]) == (0, 1, len(icons.ICO_SIZES))
    assert icns.read_bytes()[:4] == b"icns"
