"""Category colours that read in light and dark themes.

Each category has a hue; the tint drawn behind a removed span is derived from the
current palette's base colour (light pastel on a light theme, a deep tone on a dark
one), so the text on top keeps its contrast. Colour is never the only cue: removals
are also struck through and repairs underlined (see ``views.py``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

# Hues chosen to stay distinguishable for the common colour-vision deficiencies
# (after the Okabe–Ito palette), in degrees.
CATEGORY_HUES: dict[str, int] = {
    "site-chrome": 28,  # orange
    "applicant-insights": 200,  # sky blue
    "recommendations": 160,  # bluish green
    "application-form": 55,  # yellow
    "company-marketing": 215,  # blue
    "legal-boilerplate": 330,  # reddish purple
    "contact-details": 10,  # vermillion
    "navigation-footer": 270,  # violet
    "encoding": 120,  # green
    "whitespace": -1,  # grey
    "keep": 95,
}


def is_dark(palette: QPalette | None = None) -> bool:
    pal = palette or QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Base).lightness() < 128


def category_color(
    category: str, *, strong: bool = False, palette: QPalette | None = None
) -> QColor:
    """The tint for a category. ``strong``: the saturated variant (swatches, outlines)."""
    hue = CATEGORY_HUES.get(category, sum(map(ord, category)) % 360)
    dark = is_dark(palette)
    hue, grey = max(hue, 0), hue < 0
    if strong:
        return QColor.fromHsv(hue, 0 if grey else 200, 230 if dark else 200)
    if dark:
        # A deep tone under light text.
        return QColor.fromHsv(hue, 0 if grey else 110, 105)
    # A light pastel under dark text.
    color = QColor.fromHsv(hue, 0 if grey else 70, 250 if not grey else 235)
    return color


def swatch(category: str, size: int = 12, palette: QPalette | None = None) -> QIcon:
    """A small square icon in the category's colour (the legend in the rules panel)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(category_color(category, palette=palette))
    p.setPen(category_color(category, strong=True, palette=palette))
    p.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    p.end()
    return QIcon(pm)
