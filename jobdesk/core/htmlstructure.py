"""Page chrome found from an HTML page's structure, not its words.

Pages of sites without a rule pack carry menus, sitemaps, "more jobs" lists and share
rows that no ``<nav>`` or ``<aside>`` names. Structural signals find them in two passes
over the element tree (one counting text, links and prose per element, bottom-up; one
deciding, in document order):

* the **main content**: the *prose core* (the deepest element holding 60 % of the page's
  prose: text outside links in runs of five words or more, as readability scores
  paragraphs) and the page's main heading. They, their ancestors and everything inside
  them are never marked. The posting's header (title, company, place, pay) is the text
  just after the heading and just before the prose core: there a mark needs twice the
  evidence (six links, six cards);
* **link-dense blocks** (``link-dense``): elsewhere, an element whose text is mostly
  link text over three links and 25 characters or more: menus, sitemaps, tag clouds,
  share rows;
* **repeated cards** (``cards``): elsewhere, three or more sibling elements with the
  same tag and class, each short and each holding a link: job cards, search results,
  similar jobs. The parent is marked when the cards are most of its text, else each card.

Conservative by design: an element holding a long run of prose (a dozen words or more
outside links) is never marked, whatever surrounds it; nor is anything inside chrome
that ingest names already (nav, footer, forms …), which stays that rule's region.
The result maps elements to region kinds; ingest reports them as ``html.*`` hits.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from lxml import etree

# Elements these signals may mark (inline ones and table rows are left alone), and the
# ones that can be cards.
_CANDIDATE_TAGS = frozenset(
    {"div", "ul", "ol", "section", "table", "tbody", "dl", "p", "span", "li", "article",
     "menu", "td", "center", "nav", "header", "footer", "aside"}
)  # fmt: skip

_CARD_TAGS = frozenset({"div", "li", "article", "section", "tr", "dd", "dt", "p"})

KINDS = frozenset({"link-dense", "cards"})  # the region kinds this module reports
LINK_DENSITY = 0.5  # link text over all text, above which a block is a link block
MIN_LINKS = 3  # … over at least this many links
HEADER_MIN_LINKS = 6  # … or this many in the posting's header (or cards in a row)
MIN_LINK_CHARS = 25  # … and this many characters of text
PROSE_WORDS = 12  # a run of this many words outside links is a sentence of prose
CARD_MIN = 3  # sibling cards in a row
CARD_MAX_CHARS = 400  # a card's text at most (a card is short)
HEADER_AFTER = 600  # characters of text after the main heading that are the posting's header
HEADER_BEFORE = 1000  # … and before the prose core

IsHidden = Callable[[etree._Element, str, bool], bool]


class _Stats:
    __slots__ = ("chars", "link_chars", "links", "long_run", "own", "prose")

    def __init__(self) -> None:
        self.own = 0  # characters of its own text (.text and children's .tail)
        self.chars = 0  # visible text characters (spaces not counted)
        self.link_chars = 0  # of which inside <a>
        self.links = 0  # <a> elements holding text
        self.prose = 0  # characters in runs of 5+ words outside links
        self.long_run = False  # a run of PROSE_WORDS+ words outside links


def _chars(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t")


def structural_regions(
    tops: Iterable[etree._Element],
    is_hidden: IsHidden,
    heading: etree._Element | None,
    skip: IsHidden | None = None,
) -> dict[etree._Element, str]:
    """Elements that the structural signals mark (outermost only), with their kind.

    ``is_hidden(el, tag, has_attrs)`` says an element is never shown; ``heading`` is the
    page's main heading; ``skip`` says an element is chrome already: its text is not
    prose, and neither it nor anything inside it is marked."""
    stats: dict[etree._Element, _Stats] = {}
    order: list[etree._Element] = []  # shown elements, in document order
    last: dict[etree._Element, int] = {}  # position of an element's last shown descendant
    # Pass 1, bottom-up: counts per element. Text is charged to the element holding it
    # (its .text, or its parent for its .tail); the counts are added up on leaving.
    stack: list[tuple[etree._Element, bool]] = [(t, False) for t in reversed(list(tops))]
    link_depth = 0
    chrome: set[etree._Element] = set()  # what ``skip`` says (counted, never marked)
    chrome_depth = 0  # inside such an element: its text is not prose
    while stack:
        el, leaving = stack.pop()
        if leaving:
            st = stats[el]
            last[el] = len(order) - 1
            if el.tag == "a":
                link_depth -= 1
                if st.chars:
                    st.links += 1
            if el in chrome:
                chrome_depth -= 1
            parent = el.getparent()
            ps = stats.get(parent) if parent is not None else None
            if ps is not None:
                ps.chars += st.chars
                ps.link_chars += st.link_chars
                ps.links += st.links
                ps.prose += st.prose
                ps.long_run = ps.long_run or st.long_run
                if el.tail:  # text of the parent, after this element
                    _charge(ps, el.tail, link_depth > 0, chrome_depth == 0)
            continue
        name = el.tag
        has_attrs = bool(el.attrib) if isinstance(name, str) else False
        if not isinstance(name, str) or is_hidden(el, name, has_attrs):
            # a comment, a processing instruction or a hidden element: only its tail shows
            parent = el.getparent()
            ps = stats.get(parent) if parent is not None else None
            if ps is not None and el.tail:
                _charge(ps, el.tail, link_depth > 0, chrome_depth == 0)
            continue
        st = _Stats()
        stats[el] = st
        order.append(el)
        if skip is not None and skip(el, name, has_attrs):
            chrome.add(el)
            chrome_depth += 1
        if name == "a":
            link_depth += 1
        if el.text:
            _charge(st, el.text, link_depth > 0, chrome_depth == 0)
        stack.append((el, True))
        stack.extend((c, False) for c in reversed(el))
    # The prose core: the deepest element holding 60 % of the page's prose (elements
    # holding more than half of it form one line of ancestors).
    total = sum(stats[t].prose for t in order if t.getparent() not in stats)
    core = None
    if total:
        core = next((el for el in reversed(order) if stats[el].prose >= 0.6 * total), None)
    if core is None and heading not in stats:
        return {}  # no main content: nothing is outside it
    # Pass 2, top-down: what is protected, then the marks.
    position = {el: i for i, el in enumerate(order)}
    own = list(itertools.accumulate(stats[el].own for el in order))  # text up to each
    protected: set[etree._Element] = set()
    spans: list[tuple[int, int]] = []  # positions never marked
    header: list[tuple[int, int]] = []  # positions marked only on stronger evidence
    for anchor in (heading, core):
        if anchor is not None and anchor in position:
            protected.add(anchor)
            protected.update(anchor.iterancestors())
            spans.append((position[anchor], last[anchor]))
    # The posting's header (title, company, place, pay): the text just after its heading
    # and just before its prose, never past either.
    hp = position.get(heading) if heading is not None else None
    cp = position[core] if core is not None else None
    if cp is not None:
        start = cp
        floor = hp if hp is not None and hp < cp else 0
        while start > floor and own[cp] - own[start - 1] <= HEADER_BEFORE:
            start -= 1
        header.append((start, cp))
    if hp is not None:
        end = hp
        ceiling = cp if cp is not None and hp < cp else len(order) - 1
        while end < ceiling and own[end + 1] - own[hp] <= HEADER_AFTER:
            end += 1
        header.append((hp, end))
    marks: dict[etree._Element, str] = {}
    covered: set[etree._Element] = set()  # inside a mark already

    def evidence(el: etree._Element) -> int:
        """How many links (or cards) it takes to mark the element: none (0) when it is
        protected, more in the posting's header."""
        i, j = position[el], last[el]
        if el in protected or any(i <= b and a <= j for a, b in spans):
            return 0
        if any(i <= b and a <= j for a, b in header):
            return HEADER_MIN_LINKS
        return MIN_LINKS

    for el in order:
        if el in chrome or el.getparent() in covered:
            covered.add(el)
            continue
        st = stats[el]
        need = evidence(el) if el.tag in _CANDIDATE_TAGS and not st.long_run else 0
        if (
            need
            and st.links >= need
            and st.link_chars >= MIN_LINK_CHARS
            and st.link_chars > LINK_DENSITY * st.chars
        ):
            marks[el] = "link-dense"
            covered.add(el)
            continue
        cards = _cards(el, stats)
        if not cards:
            continue
        if need and len(cards) >= need and sum(stats[c].chars for c in cards) >= 0.8 * st.chars:
            marks[el] = "cards"
            covered.add(el)
            continue
        for c in cards:
            need = evidence(c)
            if need and len(cards) >= need:
                marks[c] = "cards"
                covered.add(c)
    return marks


def _cards(el: etree._Element, stats: dict[etree._Element, _Stats]) -> list[etree._Element]:
    """The longest row of CARD_MIN+ sibling children sharing a tag and class, each short,
    holding a link and no sentence of prose (two thirds of the row at least)."""
    groups: dict[tuple[str, str], list[etree._Element]] = {}
    for child in el:
        st = stats.get(child)
        if st is None or not st.chars:
            continue
        tag = child.tag
        if tag not in _CARD_TAGS or not isinstance(tag, str):
            continue
        groups.setdefault((tag, child.get("class") or ""), []).append(child)
    best: list[etree._Element] = []
    for group in groups.values():
        if len(group) < CARD_MIN or len(group) <= len(best):
            continue
        # A card that is long or holds prose (the open job among the results) stays,
        # and so do its like; most of the row must look like cards.
        short = [
            c
            for c in group
            if stats[c].links and stats[c].chars <= CARD_MAX_CHARS and not stats[c].long_run
        ]
        if len(short) >= CARD_MIN and 3 * len(short) >= 2 * len(group) and len(short) > len(best):
            best = short
    return best


def _charge(st: _Stats, text: str, in_link: bool, prose: bool) -> None:
    n = _chars(text)
    if not n:
        return
    st.chars += n
    st.own += n
    if in_link:
        st.link_chars += n
        return
    if not prose:
        return
    words = len(text.split())
    if words >= 5:
        st.prose += n
        if words >= PROSE_WORDS:
            st.long_run = True
