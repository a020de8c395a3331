"""Render jobdesk's icon: PNG sizes from the SVG, and the Windows .ico / macOS .icns.

    uv run python packaging/icons.py --png              # resources/icons/jobdesk-N.png
    uv run python packaging/icons.py --out build/icons  # jobdesk.ico, jobdesk.icns

The PNGs are committed (the wheel, the window and ``--install-desktop`` use them);
``build.py`` makes the .ico and .icns at build time. Rendering is Qt's QSvgRenderer
(QtSvg is part of PySide6-Essentials). Both containers hold PNG images, written here
in plain Python: .ico with PNG entries (Windows Vista and later), .icns with the
PNG-based types (macOS 10.7 and later).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "jobdesk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: .icns PNG types: (OSType, pixel size).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(size: int, svg: Path = SVG) -> bytes:
    """The SVG drawn on a transparent ``size``×``size`` canvas, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        render_png.app = QGuiApplication([])  # type: ignore[attr-defined]
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A .ico holding one PNG image per size (sizes up to 256)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        if not 1 <= size <= 256:
            raise ValueError(f"an .ico image is 1-256 px, not {size}")
        data = pngs[size]
        side = 0 if size == 256 else size  # 0 means 256
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset))
        blobs.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(images: list[tuple[bytes, bytes]]) -> bytes:
    """A .icns from (OSType, PNG bytes) pairs."""
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in images)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_pngs(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for size in PNG_SIZES:
        path = out / f"jobdesk-{size}.png"
        path.write_bytes(render_png(size))
        paths.append(path)
    return paths


def write_platform_icons(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    cache: dict[int, bytes] = {}

    def png(size: int) -> bytes:
        if size not in cache:
            cache[size] = render_png(size)
        return cache[size]

    ico = out / "jobdesk.ico"
    ico.write_bytes(ico_bytes({s: png(s) for s in ICO_SIZES}))
    icns = out / "jobdesk.icns"
    icns.write_bytes(icns_bytes([(kind, png(size)) for kind, size in ICNS_TYPES]))
    return [ico, icns]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--png", action="store_true", help="render resources/icons/*.png")
    parser.add_argument("--out", type=Path, help="write jobdesk.ico and jobdesk.icns here")
    args = parser.parse_args(argv)
    if not args.png and args.out is None:
        parser.error("nothing to do: give --png and/or --out DIR")
    if args.png:
        for p in write_pngs(SVG.parent):
            print(p.relative_to(ROOT))
    if args.out is not None:
        for p in write_platform_icons(args.out):
            print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
