"""Category colours that read in light and dark themes, and stay apart for everyone.

Each category has a hue, a chroma level and a lightness step in CIE LCh; four variants
are derived from them: the tint drawn behind a removed span (a light pastel under dark
text on a light theme, a deep tone under light text on a dark one) and the strong colour
of swatches and outlines, each for light and dark. The nine removal categories were
chosen by a search for the largest smallest difference: every pair stays at least ΔE2000
5.4 apart in all four variants, with normal vision and under simulated protanopia,
deuteranopia and tritanopia (Machado et al. 2009; ``tests/gui/test_palette.py``). The
hue-only palette before it had pairs at ΔE 0.03 under protanopia.

Colour is never the only cue: every category has a glyph too (:data:`CATEGORY_GLYPHS`),
drawn in its swatch in the rules panel and written before its name in the tooltips and
the status bar; removals are struck through and repairs underlined (``views.py``).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

#: category → (LCh hue in degrees, chroma level 0/1, lightness step -1/0/1).
CATEGORY_STYLE: dict[str, tuple[float, int, int]] = {
    "site-chrome": (75, 1, -1),  # amber
    "applicant-insights": (180, 0, 1),  # pale cyan
    "recommendations": (180, 1, -1),  # teal
    "application-form": (75, 1, 1),  # yellow
    "company-marketing": (285, 1, -1),  # blue-violet
    "legal-boilerplate": (300, 1, 1),  # lilac
    "contact-details": (315, 0, -1),  # mauve
    "navigation-footer": (135, 0, 1),  # pale green
    "encoding": (135, 0, -1),  # green
    "keep": (240, 1, 0),  # blue (a dotted underline, never a tint)
}
#: variant → (lightness, lightness step, (chroma at level 0, level 1)).
VARIANTS: dict[str, tuple[float, float, tuple[float, float]]] = {
    "light-tint": (88, 5, (14, 28)),
    "dark-tint": (32, 6, (14, 24)),
    "light-strong": (50, 10, (40, 60)),
    "dark-strong": (72, 8, (35, 55)),
}
#: The second cue: a glyph per category (legend, tooltips, status bar).
CATEGORY_GLYPHS: dict[str, str] = {
    "site-chrome": "■",
    "applicant-insights": "●",
    "recommendations": "▲",
    "application-form": "◆",
    "company-marketing": "★",
    "legal-boilerplate": "§",
    "contact-details": "✉",
    "navigation-footer": "▼",
    "encoding": "✎",
    "whitespace": "·",
    "keep": "✓",
}


def glyph(category: str) -> str:
    """The category's glyph ("◆"); "•" for a category this version does not know."""
    return CATEGORY_GLYPHS.get(category, "•")


def marked(category: str, label: str) -> str:
    """A category's name with its glyph in front ("◆ Application form")."""
    return f"{glyph(category)} {label}"


def is_dark(palette: QPalette | None = None) -> bool:
    pal = palette or QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Base).lightness() < 128


def lch_to_srgb(lightness: float, chroma: float, hue: float) -> tuple[float, float, float]:
    """CIE LCh (D65) → sRGB in 0..1, clipped into the gamut."""
    a = chroma * math.cos(math.radians(hue))
    b = chroma * math.sin(math.radians(hue))
    fy = (lightness + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def finv(t: float) -> float:
        return t**3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)

    x, y, z = 0.95047 * finv(fx), finv(fy), 1.08883 * finv(fz)
    linear = (
        3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
        -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
        0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
    )

    def encode(c: float) -> float:
        c = min(max(c, 0.0), 1.0)
        return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055

    return (encode(linear[0]), encode(linear[1]), encode(linear[2]))


def variant_color(category: str, variant: str) -> QColor:
    """A category's colour in one of :data:`VARIANTS`; grey for whitespace, and a hue
    of its own (by its name) for a category this version does not know."""
    lightness, step, chromas = VARIANTS[variant]
    if category == "whitespace":
        r, g, b = lch_to_srgb(lightness, 0, 0)
    else:
        style = CATEGORY_STYLE.get(category)
        if style is None:
            style = (sum(map(ord, category)) % 360, 0, 0)
        hue, level, offset = style
        r, g, b = lch_to_srgb(lightness + offset * step, chromas[level], hue)
    return QColor.fromRgbF(r, g, b)


def category_color(
    category: str, *, strong: bool = False, palette: QPalette | None = None
) -> QColor:
    """The tint for a category. ``strong``: the saturated variant (swatches, outlines)."""
    theme = "dark" if is_dark(palette) else "light"
    return variant_color(category, f"{theme}-{'strong' if strong else 'tint'}")


def swatch(category: str, size: int = 14, palette: QPalette | None = None) -> QIcon:
    """The category's legend icon: its tint, outlined in its strong colour, with its glyph."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    strong = category_color(category, strong=True, palette=palette)
    p.setBrush(category_color(category, palette=palette))
    p.setPen(strong)
    p.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    font = QFont(p.font())
    font.setPixelSize(max(6, size - 4))
    p.setFont(font)
    p.setPen(QColor("#000000") if not is_dark(palette) else QColor("#ffffff"))
    p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph(category))
    p.end()
    return QIcon(pm)
