"""The structural pass as it was first written (jobdesk/core/htmlstructure.py at
36b5105): two plain passes, every shown element walked with lxml's iterwalk and every
count kept for every element. The tests hold the faster pass to it: the same marks on
any page. Not used by jobdesk itself."""

# ruff: noqa

from __future__ import annotations

import itertools
from collections.abc import Iterable

from lxml import etree

from jobdesk.core.htmlstructure import (
    _BLOCK_TAGS,
    _CANDIDATE_TAGS,
    _CARD_TAGS,
    _CONTACT,
    _FAR,
    _NEAR,
    _PROTECTED,
    CARD_MAX_CHARS,
    CARD_MIN,
    CARD_MIN_CHARS,
    HEADER_AFTER,
    HEADER_BEFORE,
    LINK_DENSITY,
    MIN_LINK_CHARS,
    MIN_LINKS,
    NEAR_MIN_CARDS,
    NEAR_MIN_LINKS,
    PROSE_WORDS,
    TRAILER,
    IsHidden,
)


class _Counts:
    """Per shown element, by its position in document order. Pass 1 records what each
    element holds itself; a subtree's sum is a difference of prefix sums, since an
    element's descendants are the positions up to its ``last``."""

    def __init__(self) -> None:
        self.order: list[etree._Element] = []  # shown elements, in document order
        self.parents: list[int] = []  # position of each one's parent (-1: a top)
        self.last: list[int] = []  # position of its last shown descendant
        self.kids: list[list[int] | None] = []  # positions of its shown children
        self.own: list[int] = []  # characters of its own text (.text, children's .tail)
        self.own_link: list[int] = []  # … of which inside a link
        self.own_prose: list[int] = []  # … in runs of 5+ words outside links
        self.own_long: list[int] = []  # runs of PROSE_WORDS+ words outside links
        self.is_link: list[bool] = []
        self.heading = -1

    def charge(self, i: int, text: str, in_link: bool) -> None:
        text = text.strip()
        if not text:
            return
        n = len(text) - text.count(" ")
        self.own[i] += n
        if in_link:
            self.own_link[i] += n
        elif n >= 9:  # (five words take nine characters at least)
            words = len(text.split())
            if words >= 5:
                self.own_prose[i] += n
                if words >= PROSE_WORDS:
                    self.own_long[i] += 1

    def subtree(self, own: list[int]) -> list[int]:
        """Each element's sum of ``own`` over itself and its descendants."""
        cum = [0, *itertools.accumulate(own)]
        return [cum[j + 1] - cum[i] for i, j in enumerate(self.last)]


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
    c = _Counts()
    order, parents, last, kids_of = c.order, c.parents, c.last, c.kids
    own, own_link, own_prose, own_long, is_link = (
        c.own, c.own_link, c.own_prose, c.own_long, c.is_link
    )  # fmt: skip
    charge = c.charge
    # Pass 1, in document order (lxml's iterwalk): what each element holds itself. Text
    # is charged to the element holding it (its .text, or its parent for its .tail).
    link_depth = 0
    path: list[int] = []  # positions of the elements entered (-1: one left out)
    for top in tops:
        if not isinstance(top.tag, str):  # a comment or a PI after </body>
            continue
        walk = etree.iterwalk(top, events=("start", "end", "comment", "pi"))
        for event, el in walk:
            if event == "comment" or event == "pi":  # only its tail shows
                if el.tail and path and path[-1] >= 0:
                    charge(path[-1], el.tail, link_depth > 0)
                continue
            if event == "end":
                i = path.pop()
                parent = path[-1] if path else -1
                if i >= 0:
                    last[i] = len(order) - 1
                    if is_link[i]:
                        link_depth -= 1
                tail = el.tail
                if tail and parent >= 0:  # text of the parent, after this element
                    charge(parent, tail, link_depth > 0)
                continue
            name = el.tag
            if (
                not isinstance(name, str)
                or is_hidden(el, name, has_attrs := bool(el.attrib))
                or (skip is not None and name != "a" and skip(el, name, has_attrs))
            ):
                # hidden, or chrome already (or an entity): only its tail shows
                path.append(-1)
                walk.skip_subtree()
                continue
            parent = path[-1] if path else -1
            i = len(order)
            path.append(i)
            order.append(el)
            parents.append(parent)
            last.append(i)
            kids_of.append(None)
            own.append(0)
            own_link.append(0)
            own_prose.append(0)
            own_long.append(0)
            if parent >= 0:
                kids = kids_of[parent]
                if kids is None:
                    kids_of[parent] = [i]
                else:
                    kids.append(i)
            if el is heading:
                c.heading = i
            # (an e-mail address or a phone number is the posting's contact, not a way
            # round the site: its link is text)
            link = name == "a" and not _CONTACT.match(el.get("href") or "")
            is_link.append(link)
            if link:
                link_depth += 1
            if el.text:
                charge(i, el.text, link_depth > 0)
    return _decide(c)


def _holds_links(tops: Iterable[etree._Element], n: int) -> bool:
    """Whether the trees hold ``n`` <a> elements or more (lxml finds them in C)."""
    found = 0
    for top in tops:
        for _a in top.iter("a"):
            found += 1
            if found >= n:
                return True
    return False


def _decide(c: _Counts) -> dict[etree._Element, str]:
    """Pass 2, in document order: what is protected, then the marks."""
    order, parents, last, heading = c.order, c.parents, c.last, c.heading
    n = len(order)
    chars = c.subtree(c.own)
    link_chars = c.subtree(c.own_link)
    prose = c.subtree(c.own_prose)
    long_run = c.subtree(c.own_long)
    # Blocks holding text (in them or in their inline elements, not in a nested block):
    # a card's title, company and place are blocks; a bullet with a link in it is one.
    block_of = list(range(n))  # each element's nearest block, itself included
    has_text = [0] * n
    for i in range(n):
        parent = parents[i]
        if parent >= 0 and order[i].tag not in _BLOCK_TAGS:
            block_of[i] = block_of[parent]
        if c.own[i]:
            has_text[block_of[i]] = 1
    blocks = c.subtree(has_text)
    links = c.subtree([int(a and chars[i] > 0) for i, a in enumerate(c.is_link)])
    # The prose core: the deepest element holding 60 % of the page's prose (elements
    # holding more than half of it form one line of ancestors).
    total = sum(prose[i] for i in range(n) if parents[i] < 0)
    core = -1
    if total:
        # (prose split among the tops has no core: the one change made to this copy,
        # whose next() raised StopIteration there)
        core = next((i for i in range(n - 1, -1, -1) if prose[i] >= 0.6 * total), -1)
    if core < 0 and heading < 0:
        return {}  # no main content: nothing is outside it
    protected = [False] * n
    spans: list[tuple[int, int]] = []  # positions never marked
    for anchor in (heading, core):
        if anchor >= 0:
            spans.append((anchor, last[anchor]))
            while anchor >= 0:
                protected[anchor] = True
                anchor = parents[anchor]
    # Near the posting, a mark needs more evidence: its header (title, company, place,
    # pay), the text just after its heading and just before its prose, never past either …
    own = list(itertools.accumulate(c.own))  # text up to each position
    near: list[tuple[int, int]] = []
    if core >= 0:
        start = core
        floor = heading if 0 <= heading < core else 0
        while start > floor and own[core] - own[start - 1] <= HEADER_BEFORE:
            start -= 1
        near.append((start, core))
    if heading >= 0:
        end = heading
        ceiling = core if heading < core else n - 1
        while end < ceiling and own[end + 1] - own[heading] <= HEADER_AFTER:
            end += 1
        near.append((heading, end))
    if core >= 0:
        # … and its trailer (facts, contact, dates): the text just after its prose.
        start = last[core] + 1
        end = start
        while end + 1 < n and own[end + 1] - own[last[core]] <= TRAILER:
            end += 1
        if start < n:
            near.append((start, end))

    def where(i: int) -> int:
        """PROTECTED, NEAR the posting (the evidence needed is higher) or FAR from it."""
        j = last[i]
        if protected[i] or any(i <= b and a <= j for a, b in spans):
            return _PROTECTED
        if any(i <= b and a <= j for a, b in near):
            return _NEAR
        return _FAR

    marks: dict[etree._Element, str] = {}
    covered = [False] * n  # inside chrome or a mark
    for i in range(n):
        parent = parents[i]
        if parent >= 0 and covered[parent]:
            covered[i] = True
            continue
        if not chars[i]:
            continue
        el = order[i]
        place = where(i) if el.tag in _CANDIDATE_TAGS and not long_run[i] else _PROTECTED
        if (
            place != _PROTECTED
            and links[i] >= (MIN_LINKS if place == _FAR else NEAR_MIN_LINKS)
            and link_chars[i] >= MIN_LINK_CHARS
            and link_chars[i] > LINK_DENSITY * chars[i]
        ):
            marks[el] = "link-dense"
            covered[i] = True
            continue
        kids = c.kids[i]
        if kids is None or len(kids) < CARD_MIN:
            continue
        cards = _cards(kids, order, chars, links, long_run, blocks)
        if not cards:
            continue
        if (
            place != _PROTECTED
            and len(cards) >= (CARD_MIN if place == _FAR else NEAR_MIN_CARDS)
            and sum(chars[k] for k in cards) >= 0.8 * chars[i]
        ):
            marks[el] = "cards"
            covered[i] = True
            continue
        for k in cards:
            place = where(k)
            if place != _PROTECTED and len(cards) >= (
                CARD_MIN if place == _FAR else NEAR_MIN_CARDS
            ):
                marks[order[k]] = "cards"
                covered[k] = True
    return marks


def _cards(
    kids: list[int],
    order: list[etree._Element],
    chars: list[int],
    links: list[int],
    long_run: list[int],
    blocks: list[int],
) -> list[int]:
    """The longest row of CARD_MIN+ sibling children sharing a tag and class, each short
    (but longer than a fact), holding a link, two blocks of text or more (a bullet is one
    line) and no sentence of prose (two thirds of the row at least)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for k in kids:
        child = order[k]
        tag = child.tag
        if chars[k] and isinstance(tag, str) and tag in _CARD_TAGS:
            groups.setdefault((tag, child.get("class") or ""), []).append(k)
    best: list[int] = []
    for group in groups.values():
        if len(group) < CARD_MIN or len(group) <= len(best):
            continue
        # A card that is long or holds prose (the open job among the results) stays,
        # and so do its like; most of the row must look like cards.
        short = [
            k
            for k in group
            if links[k]
            and blocks[k] >= 2
            and CARD_MIN_CHARS <= chars[k] <= CARD_MAX_CHARS
            and not long_run[k]
        ]
        if len(short) >= CARD_MIN and 3 * len(short) >= 2 * len(group) and len(short) > len(best):
            best = short
    return best
