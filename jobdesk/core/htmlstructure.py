"""Page chrome found from an HTML page's structure, not its words.

Pages of sites without a rule pack carry menus, sitemaps, "more jobs" lists and share
rows that no ``<nav>`` or ``<aside>`` names. Structural signals find them in two passes
over the element tree (one walk recording the text, link text and prose each element
holds; one deciding, in document order, among the elements holding a link):

* the **main content**: the *prose core* (the deepest element holding 60 % of the page's
  prose: text outside links in runs of five words or more, as readability scores
  paragraphs) and the page's main heading. They, their ancestors and everything inside
  them are never marked. *Near* the posting — 600 characters of text after the heading
  and before the prose core (its header: company, place, pay), and after the prose core
  (its trailer: facts, contact, dates) — a mark needs more evidence;
* **link-dense blocks** (``link-dense``): elsewhere, an element whose text is mostly
  link text over three links (six near the posting) and 25 characters or more: menus,
  sitemaps, tag clouds, share rows. ``mailto:`` and ``tel:`` links are contact details,
  not links;
* **repeated cards** (``cards``): elsewhere, three or more (five near the posting)
  sibling elements with the same tag and class, each holding a link, 30 to 400
  characters and two blocks of text or more (a bullet with a link is one): job cards,
  search results, similar jobs. The parent is marked when the cards are most of its
  text, else each card.

Conservative by design: an element holding a long run of prose (a dozen words or more
outside links) is never marked, whatever surrounds it; nor is anything inside chrome
that ingest names already (nav, footer, forms …), which stays that rule's region; nor
anything on a page with neither a heading nor prose (no main content to be outside of).
The result maps elements to region kinds; ingest reports them as ``html.*`` hits.

Cost: the walk is what is left (over the 36 corpus pages, 14 ms of CPU: visiting the
~8,600 nodes 3.7 ms, ingest's question of each element 3.9 ms, recording what each one
holds 5.4 ms; deciding 1.4 ms). It is a walk of its own, not a part of ingest's: ingest
needs the marks before it writes the first line, and sharing its walk would save only
the visit and part of the question while adding a text cell to every element holding a
link. tests/core/htmlstructure_reference.py keeps the first, plain version, which the
tests hold this one to.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

# Elements these signals may mark (inline ones and table rows are left alone), and the
# ones that can be cards.
_CANDIDATE_TAGS = frozenset(
    {"div", "ul", "ol", "section", "table", "tbody", "dl", "p", "span", "li", "article",
     "menu", "td", "center", "nav", "header", "footer", "aside"}
)  # fmt: skip

_BLOCK_TAGS = frozenset(
    {"div", "p", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
     "section", "article", "header", "footer", "table", "tr", "td", "th", "blockquote",
     "figure", "figcaption", "address", "pre"}
)  # fmt: skip
_CARD_TAGS = frozenset({"div", "li", "article", "section", "tr", "dd", "dt", "p"})

_CONTACT = re.compile(r"\s*(?:mailto|tel|sms|callto):", re.IGNORECASE)

KINDS = frozenset({"link-dense", "cards"})  # the region kinds this module reports
LINK_DENSITY = 0.5  # link text over all text, above which a block is a link block
MIN_LINKS = 3  # … over at least this many links
NEAR_MIN_LINKS = 6  # … or this many near the posting (its header or trailer)
MIN_LINK_CHARS = 25  # … and this many characters of text
PROSE_WORDS = 12  # a run of this many words outside links is a sentence of prose
CARD_MIN = 3  # sibling cards in a row
NEAR_MIN_CARDS = 5  # … near the posting (a hiring team of three or four people stays)
CARD_MIN_CHARS = 30  # a card's text at least (a fact such as "Location: Berlin" is less)
CARD_MAX_CHARS = 400  # … and at most (a card is short)
# Near the posting: so many characters of text after its main heading, before its prose
# core (its header: title, company, place, pay) and after the prose core (its trailer:
# facts, contact, dates).
HEADER_AFTER = 600
HEADER_BEFORE = 600
TRAILER = 600
_PROTECTED, _NEAR, _FAR = 0, 1, 2

IsHidden = Callable[[etree._Element, str, bool], bool]


def structural_regions(
    tops: Iterable[etree._Element],
    is_hidden: IsHidden,
    heading: etree._Element | None,
    skip: IsHidden | None = None,
) -> dict[etree._Element, str]:
    """Elements that the structural signals mark (outermost only), with their kind.

    ``is_hidden(el, tag, has_attrs)`` says an element is never shown; ``heading`` is the
    page's main heading; ``skip`` says an element is chrome already (a region of its
    own rule): it is left out, as if hidden — but a link stays a link, whatever its role
    (a job card's title is often an ``<a role="button">``)."""
    tops = [top for top in tops if isinstance(top.tag, str)]
    if not _holds_links(tops, min(MIN_LINKS, CARD_MIN)):
        # Every mark holds that many links (a link block as many, each card one): a
        # page with fewer <a> elements has none, and its tree is not walked.
        return {}
    return _decide(_walk(tops, is_hidden, heading, skip))


class _Tree:
    """What the walk records of the shown elements, by position in document order.
    Each one holds its own text (its .text and its children's .tails); what a subtree
    holds is a difference of prefix sums, since an element's descendants are the
    positions up to its ``last``. Only ``own`` is kept for every element: the other
    counts are sparse (most elements hold no link text, prose or block of text)."""

    def __init__(self) -> None:
        self.order: list[etree._Element] = []  # shown elements, in document order
        self.parents: list[int] = []  # position of each one's parent (-1: a top)
        self.last: list[int] = []  # position of its last shown descendant
        self.own: list[int] = []  # characters of its own text (spaces left out)
        self.own_link: dict[int, int] = {}  # … of which inside a link
        self.own_prose: dict[int, int] = {}  # … in runs of 5+ words outside links
        self.own_long: dict[int, int] = {}  # runs of PROSE_WORDS+ words outside links
        self.text_blocks: set[int] = set()  # blocks holding text (see _walk)
        self.links: list[int] = []  # positions of the links
        self.near_links: set[int] = set()  # the links and every element holding one
        self.tops: list[int] = []  # positions of the shown tops
        self.heading = -1


def _walk(
    tops: list[etree._Element],
    is_hidden: IsHidden,
    heading: etree._Element | None,
    skip: IsHidden | None,
) -> _Tree:
    """Pass 1, in document order, one element at a time from a stack (lxml's iterwalk
    costs an event tuple per start and end): what each shown element holds itself.
    Text is charged to the element holding it (its .text, or its parent for its .tail).
    Each element's nearest block (itself if a block tag or a top, else its parent's)
    is noted when text lands in it: a card's title, company and place are blocks."""
    t = _Tree()
    order, parents, last, own = t.order, t.parents, t.last, t.own
    own_link, own_prose, own_long = t.own_link, t.own_prose, t.own_long
    text_blocks, links, near_links = t.text_blocks, t.links, t.near_links
    block_of: list[int] = []
    block_tags = _BLOCK_TAGS
    contact = _CONTACT.match

    def charge(i: int, text: str, in_link: int) -> None:
        # (text is not all spaces: a stripped string of one character or more)
        text = text.strip()
        n = len(text) - text.count(" ")
        own[i] += n
        text_blocks.add(block_of[i])
        if in_link:
            own_link[i] = own_link.get(i, 0) + n
        elif n >= 9:  # (five words take nine characters at least)
            words = len(text.split())
            if words >= 5:
                own_prose[i] = own_prose.get(i, 0) + n
                if words >= PROSE_WORDS:
                    own_long[i] = own_long.get(i, 0) + 1

    in_link = 0  # links open around the current element
    for top in tops:
        cur = -1  # the innermost open (shown) element
        # Elements to enter; an int is a shown element to leave: its position, or
        # ~position for a link.
        stack: list[Any] = [top]
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            el = pop()
            if el.__class__ is int:
                i = el if el >= 0 else ~el
                if el < 0:
                    in_link -= 1
                last[i] = len(order) - 1
                cur = parents[i]
                tail = order[i].tail
                if tail and cur >= 0 and not tail.isspace():
                    charge(cur, tail, in_link)
                continue
            name = el.tag
            if (
                name.__class__ is not str  # a comment, PI or entity: only its tail shows
                or is_hidden(el, name, has_attrs := bool(el.attrib))
                or (skip is not None and name != "a" and skip(el, name, has_attrs))
            ):
                # hidden, or chrome already: only its tail shows
                tail = el.tail
                if tail and cur >= 0 and not tail.isspace():
                    charge(cur, tail, in_link)
                continue
            i = len(order)
            order.append(el)
            parents.append(cur)
            last.append(i)
            own.append(0)
            block_of.append(i if cur < 0 or name in block_tags else block_of[cur])
            if cur < 0:
                t.tops.append(i)
            if el is heading:
                t.heading = i
            # (an e-mail address or a phone number is the posting's contact, not a way
            # round the site: its link is text)
            link = name == "a" and not contact(el.get("href") or "")
            if link:
                in_link += 1
                links.append(i)
                j = i
                while j >= 0 and j not in near_links:
                    near_links.add(j)
                    j = parents[j]
            text = el.text
            if text and not text.isspace():
                charge(i, text, in_link)
            if len(el):
                push(~i if link else i)
                cur = i
                extend(el[::-1])
            else:  # (left at once: most elements hold none)
                if link:
                    in_link -= 1
                tail = el.tail
                if tail and cur >= 0 and not tail.isspace():
                    charge(cur, tail, in_link)
    return t


def _holds_links(tops: Iterable[etree._Element], n: int) -> bool:
    """Whether the trees hold ``n`` <a> elements or more (lxml finds them in C)."""
    found = 0
    for top in tops:
        for _a in top.iter("a"):
            found += 1
            if found >= n:
                return True
    return False


def _prefix(n: int, sparse: dict[int, int] | set[int]) -> list[int]:
    """Prefix sums of a sparse count over positions (a set counts one at each)."""
    dense = [0] * n
    if isinstance(sparse, set):
        for k in sparse:
            dense[k] = 1
    else:
        for k, v in sparse.items():
            dense[k] = v
    return [0, *itertools.accumulate(dense)]


def _decide(t: _Tree) -> dict[etree._Element, str]:
    """Pass 2: what is protected, then the marks, looked for only among the elements
    holding a link (every mark holds three, every card one)."""
    order, parents, last, heading = t.order, t.parents, t.last, t.heading
    n = len(order)
    cum_own = [0, *itertools.accumulate(t.own)]  # text before each position
    cum_link = _prefix(n, t.own_link)
    cum_prose = _prefix(n, t.own_prose)
    cum_long = _prefix(n, t.own_long)
    cum_blocks = _prefix(n, t.text_blocks)
    cum_links = _prefix(n, {a for a in t.links if cum_own[last[a] + 1] > cum_own[a]})

    def prose(i: int) -> int:
        return cum_prose[last[i] + 1] - cum_prose[i]

    # The prose core: the deepest element holding 60 % of the page's prose (elements
    # holding more than half of it form one line of ancestors: it is found going down
    # from the top holding it, child by child). Prose split among the tops (the body
    # and what follows </body>) has no core.
    total = sum(prose(i) for i in t.tops)
    core = -1
    if total:
        threshold = 0.6 * total
        below = [i for i in t.tops if prose(i) >= threshold]
        while below:
            core = below[0]
            below = []
            kid, end = core + 1, last[core]
            while kid <= end:
                if prose(kid) >= threshold:
                    below = [kid]
                    break
                kid = last[kid] + 1
    if core < 0 and heading < 0:
        return {}  # no main content: nothing is outside it
    protected: set[int] = set()
    spans: list[tuple[int, int]] = []  # positions never marked
    for anchor in (heading, core):
        if anchor >= 0:
            spans.append((anchor, last[anchor]))
            while anchor >= 0:
                protected.add(anchor)
                anchor = parents[anchor]
    # Near the posting, a mark needs more evidence: its header (title, company, place,
    # pay), the text just after its heading and just before its prose, never past either …
    own = cum_own  # own[k + 1]: the text up to position k, itself included
    near: list[tuple[int, int]] = []
    if core >= 0:
        start = core
        floor = heading if 0 <= heading < core else 0
        while start > floor and own[core + 1] - own[start] <= HEADER_BEFORE:
            start -= 1
        near.append((start, core))
    if heading >= 0:
        end = heading
        ceiling = core if heading < core else n - 1
        while end < ceiling and own[end + 2] - own[heading + 1] <= HEADER_AFTER:
            end += 1
        near.append((heading, end))
    if core >= 0:
        # … and its trailer (facts, contact, dates): the text just after its prose.
        start = last[core] + 1
        end = start
        while end + 1 < n and own[end + 2] - own[last[core] + 1] <= TRAILER:
            end += 1
        if start < n:
            near.append((start, end))

    def where(i: int) -> int:
        """PROTECTED, NEAR the posting (the evidence needed is higher) or FAR from it."""
        j = last[i]
        if i in protected or any(i <= b and a <= j for a, b in spans):
            return _PROTECTED
        if any(i <= b and a <= j for a, b in near):
            return _NEAR
        return _FAR

    def count(cum: list[int], i: int) -> int:
        return cum[last[i] + 1] - cum[i]

    marks: dict[etree._Element, str] = {}
    covered: set[int] = set()  # inside a mark (an element holding a link has its parent
    # among them too)
    for i in sorted(t.near_links):
        if parents[i] in covered:
            covered.add(i)
            continue
        links = count(cum_links, i)
        if links < min(MIN_LINKS, CARD_MIN):  # (a link block or a row of cards)
            continue
        chars = count(cum_own, i)
        el = order[i]
        place = where(i) if el.tag in _CANDIDATE_TAGS and not count(cum_long, i) else _PROTECTED
        link_chars = count(cum_link, i)
        if (
            place != _PROTECTED
            and links >= (MIN_LINKS if place == _FAR else NEAR_MIN_LINKS)
            and link_chars >= MIN_LINK_CHARS
            and link_chars > LINK_DENSITY * chars
        ):
            marks[el] = "link-dense"
            covered.add(i)
            continue
        kids = []
        kid, end = i + 1, last[i]
        while kid <= end:
            kids.append(kid)
            kid = last[kid] + 1
        if len(kids) < CARD_MIN:
            continue
        cards = _cards(kids, order, cum_own, cum_links, cum_long, cum_blocks, last)
        if not cards:
            continue
        if (
            place != _PROTECTED
            and len(cards) >= (CARD_MIN if place == _FAR else NEAR_MIN_CARDS)
            and sum(count(cum_own, k) for k in cards) >= 0.8 * chars
        ):
            marks[el] = "cards"
            covered.add(i)
            continue
        for k in cards:
            place = where(k)
            if place != _PROTECTED and len(cards) >= (
                CARD_MIN if place == _FAR else NEAR_MIN_CARDS
            ):
                marks[order[k]] = "cards"
                covered.add(k)
    return marks


def _cards(
    kids: list[int],
    order: list[etree._Element],
    cum_own: list[int],
    cum_links: list[int],
    cum_long: list[int],
    cum_blocks: list[int],
    last: list[int],
) -> list[int]:
    """The longest row of CARD_MIN+ sibling children sharing a tag and class, each short
    (but longer than a fact), holding a link, two blocks of text or more (a bullet is one
    line) and no sentence of prose (two thirds of the row at least)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for k in kids:
        child = order[k]
        tag = child.tag
        if tag in _CARD_TAGS and cum_own[last[k] + 1] > cum_own[k]:
            groups.setdefault((tag, child.get("class") or ""), []).append(k)
    best: list[int] = []
    for group in groups.values():
        if len(group) < CARD_MIN or len(group) <= len(best):
            continue
        # A card that is long or holds prose (the open job among the results) stays,
        # and so do its like; most of the row must look like cards.
        short = []
        for k in group:
            after = last[k] + 1
            if (
                cum_links[after] > cum_links[k]
                and cum_blocks[after] - cum_blocks[k] >= 2
                and CARD_MIN_CHARS <= cum_own[after] - cum_own[k] <= CARD_MAX_CHARS
                and cum_long[after] == cum_long[k]
            ):
                short.append(k)
        if len(short) >= CARD_MIN and 3 * len(short) >= 2 * len(group) and len(short) > len(best):
            best = short
    return best
