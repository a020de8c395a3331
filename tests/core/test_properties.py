"""Property tests: on any text or HTML the engine never crashes and its edits are sound."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import decode_bytes, ingest_text
from jobdesk.core.result import CleanResult, apply_edits
from jobdesk.core.rules import load_rules

CLEANER = Cleaner(load_rules(user_dir=False))

WORDS = [
    "Apply", "Save", "Show more", "Similar jobs", "About the job", "36 applicants", "·",
    "equal opportunity employer", "$120,000", "visa sponsorship", "Cookies", "Sign in",
    "You‚Äôll", "Itâ€™s", "\u00a0", "\u200b", "&nbsp;", "😀", "👩‍💻", "Deutsch", "English",
    "Français", "\n", "\n\n", "\n\n\n", "  ", ".", "About the company", "• ", "Report this job",
]  # fmt: skip

texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(" ".join)

TAGS = [
    "div", "p", "li", "ul", "nav", "footer", "header", "main", "span", "button", "h2",
    "form", "table", "tr", "td", "br", "section", "article", "aside", "script", "b",
]  # fmt: skip


@st.composite
def html_docs(draw: st.DrawFn) -> str:
    parts: list[str] = []
    depth: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        choice = draw(st.integers(0, 3))
        if choice == 0:
            tag = draw(st.sampled_from(TAGS))
            attr = draw(st.sampled_from(["", " hidden", " class='cookie'", " role='main'"]))
            parts.append(f"<{tag}{attr}>")
            depth.append(tag)
        elif choice == 1 and depth:
            parts.append(f"</{depth.pop()}>")
        else:
            parts.append(draw(texts))
    return "<html><body>" + "".join(parts) + "</body></html>"


def check_invariants(result: CleanResult) -> None:
    source = result.source
    prev_end = 0
    for e in result.edits:
        assert 0 <= e.start < e.end <= len(source) or (e.start == e.end and e.replacement)
        assert e.start >= prev_end, "edits overlap or are unsorted"
        prev_end = e.end
    assert apply_edits(source, result.edits) == result.cleaned


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text(text: str) -> None:
    matched = CLEANER.match(ingest_text(text, html=False))
    check_invariants(matched.resolve())
    # Every rule off, then every rule on: still sound.
    check_invariants(matched.resolve(dict.fromkeys(matched.rules, False)))
    check_invariants(matched.resolve(dict.fromkeys(matched.rules, True)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_docs())
def test_any_html(markup: str) -> None:
    check_invariants(CLEANER.match(ingest_text(markup, html=True)).resolve())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_refuse(data: bytes) -> None:
    from jobdesk.core.ingest import IngestError

    try:
        text = decode_bytes(data)
    except IngestError:
        return
    assert isinstance(text, str)
