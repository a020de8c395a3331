"""Hostile input: sizes, shapes and odd markup that must neither hang nor lose text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from jobdesk.core.ingest import _ancestor_text_lengths, _parse_html, ingest_text

# ------------------------------------------------------------------ the main heading

_MARKUP_PIECES = st.sampled_from(
    ["<div>", "</div>", "<p>", "</p>", "<h2>", "</h2>", "<!-- c -->", "<?pi x?>", "<b>",
     "</b>", "text ", " ", "<script>s</script>", "<br>", "<span>", "</span>"]
)  # fmt: skip


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(_MARKUP_PIECES, max_size=40))
def test_text_lengths_of_the_heading_and_its_ancestors(pieces: list[str]) -> None:
    root = _parse_html("<body>" + "".join(pieces) + "<h2>Role</h2>" + "".join(pieces) + "</body>")
    assert root is not None
    heading = next(root.iter("h2"))
    got = list(_ancestor_text_lengths(heading))
    assert [el for el, _ in got] == [heading, *heading.iterancestors()]
    for el, chars in got:
        assert chars == sum(len(t) for t in el.itertext())


def test_an_h2_deep_in_wrappers_still_shields_its_page() -> None:
    depth = 3000
    markup = (
        '<body><div class="cookie-consent-open">' + "<div>" * depth
        + "<h2>Data Engineer</h2><p>Pay: $120,000.</p>" + "</div>" * depth + "</div></body>"
    )  # fmt: skip
    doc = ingest_text(markup, html=True)
    assert doc.source == "Data Engineer\n\nPay: $120,000."
    assert doc.regions == []


def test_lxml_is_what_the_lengths_are_checked_against() -> None:
    el = etree.fromstring("<div>a<!--c-->b<p>d</p>e</div>")
    assert "".join(el.itertext()) == "abde"  # comments left out, tails in
