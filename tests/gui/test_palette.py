"""The category palette stays distinct for everyone (issue 12): every pair of removal
categories at least ΔE2000 5 apart in light and dark, tint and strong, with normal
vision and under simulated protanopia, deuteranopia and tritanopia; and each category
has a second cue, a glyph, in its legend swatch and its tooltips."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QColor, QImage

from jobdesk.core.rules import CATEGORIES
from jobdesk.gui import theme
from jobdesk.gui.rules_model import rule_tooltip

from .colour_vision import MACHADO_2009, delta_e_2000, seen_difference

#: The categories a removal is tinted with (keep is an underline, whitespace grey).
TINTED = [c for c in CATEGORIES if c not in ("keep", "whitespace")]
MIN_DELTA_E = 5.0


def rgb(c: QColor) -> tuple[float, float, float]:
    return (c.redF(), c.greenF(), c.blueF())


def test_delta_e_2000_matches_the_published_test_data() -> None:
    # Sharma, Wu & Dalal (2005), pairs 1 and 3.
    assert delta_e_2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(
        2.0425, abs=1e-4
    )
    assert delta_e_2000((50, -1.3802, -84.2814), (50, 0, -82.7485)) == pytest.approx(1.0, abs=1e-4)


def test_the_simulation_confuses_what_dichromats_confuse() -> None:
    red, green = (0.85, 0.2, 0.15), (0.35, 0.55, 0.1)
    assert seen_difference(red, green, None) > 30
    assert seen_difference(red, green, "protanopia") < seen_difference(red, green, None) / 2
    assert seen_difference(red, green, "deuteranopia") < seen_difference(red, green, None) / 2


@pytest.mark.parametrize("variant", sorted(theme.VARIANTS))
@pytest.mark.parametrize("vision", [None, *sorted(MACHADO_2009)])
def test_every_pair_of_categories_stays_apart(variant: str, vision: str | None) -> None:
    colours = {c: rgb(theme.variant_color(c, variant)) for c in TINTED}
    worst = min(
        (seen_difference(colours[a], colours[b], vision), a, b)
        for a, b in itertools.combinations(TINTED, 2)
    )
    assert worst[0] >= MIN_DELTA_E, worst


def luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_tints_keep_the_text_on_them_readable() -> None:
    # WCAG AA (4.5:1) for a light theme's dark text and a dark theme's light text.
    for c in TINTED:
        assert contrast(theme.variant_color(c, "light-tint"), QColor("#202020")) >= 4.5, c
        assert contrast(theme.variant_color(c, "dark-tint"), QColor("#e6e6e6")) >= 4.5, c


def test_every_category_has_its_own_glyph() -> None:
    glyphs = [theme.glyph(c) for c in CATEGORIES]
    assert len(set(glyphs)) == len(glyphs)
    assert theme.marked("encoding", "Encoding") == f"{theme.glyph('encoding')} Encoding"


def test_the_swatch_draws_the_glyph() -> None:
    img = theme.swatch("legal-boilerplate", 28).pixmap(28, 28).toImage()
    tint = theme.category_color("legal-boilerplate")
    centre = QColor(img.pixelColor(14, 14))
    inked = [
        img.pixelColor(x, y)
        for x in range(8, 20)
        for y in range(8, 20)
        if abs(img.pixelColor(x, y).lightness() - tint.lightness()) > 60
    ]
    assert img.format() != QImage.Format.Format_Invalid and centre.isValid()
    assert inked  # the glyph's strokes, darker than the tint


def test_tooltips_name_the_category_with_its_glyph(shipped_rules) -> None:  # type: ignore[no-untyped-def]
    rule = next(r for r in shipped_rules.rules if r.category == "legal-boilerplate")
    assert f"{theme.glyph('legal-boilerplate')} {rule.category_label}" in rule_tooltip(
        rule, shipped_rules
    )
