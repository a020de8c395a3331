"""Workplace: remote, hybrid or on-site; the body beats the header."""

from __future__ import annotations

import bisect
import re

from jobdesk.core.facts.context import Context
from jobdesk.core.facts.layout import Labelled, Piece, is_body_line
from jobdesk.core.facts.model import Fact
from jobdesk.core.facts.scan import finditer_at, literal_places, literal_spans, literal_starts
from jobdesk.core.facts.vocab import SENTENCE_LIKE

# -------------------------------------------------------------------------- workplace

_HYBRID = re.compile(
    r"\bhybrid[- ](?:role|position|work\w*|schedule|model|arrangement|environment|set-?up|office|"
    r"opportunity|policy|team|job|remote|on-?site|in-office)\b|\(hybrid\)|\bhybrid\s*[(:–-]\s*\d|"
    r"\b(?:is|be|are|role|position)\s+(?:a\s+)?hybrid\b(?!\s+(?:of|between)\b)(?!\s+\w+\s+and\b)|"
    r"\bhybrid\s+(?:in|from|out\s+of|based)\b|^\W*hybrid\W*$|\bhybrid,\s+\d"
    r"|\b(?:\d|one|two|three|four)\s*(?:\+\s*)?(?:days?|x)\s+(?:(?:a|per|each)\s+week\s+)?(?:in|at|from)\s+(?:the|our|an?)?\s*(?:office|offices|site|hq)"
    r"|\bin[- ]office\s+(?:\d|one|two|three|four)\s+days"
    r"|\bin\s+(?:one\s+of\s+)?(?:the|our)\s+offices?\s+(?:at\s+least\s+)?(?:\d+%|\d+\s+days|(?:one|two|three|four)\s+days)",
    re.I,
)
_ONSITE = re.compile(
    r"\b(?:on[- ]?site|in[- ]person|in the office full[- ]time|office[- ]based|"
    r"no remote|not (?:a )?remote|"
    r"remote work is not|not eligible for remote|must (?:work|be) (?:on[- ]?site|"
    r"in (?:the )?office|"
    r"in[- ]person))\b",
    re.I,
)
_REMOTE = re.compile(
    r"\(remote\)|\b(?:(?:fully|100\s?%|completely|entirely)\s+remote|"
    r"remote[- ](?:first|friendly|only|position|role|job|"
    r"opportunity|work|team|company|organi[sz]ation|worldwide|anywhere)|work(?:ing)?\s+(?:remotely|from\s+home|"
    r"from\s+anywhere)|work[- ]from[- ]home|wfh|(?:is|are|be)\s+(?:a\s+)?remote\b|remote\s*[(/,]|"
    r"telecommut\w*|distributed\s+team)",
    re.I,
)
_WORKPLACE_HINT = re.compile(
    r"remote|hybrid|site|person|office|home|wfh|telecommut|distributed|days|anywhere|hq", re.I
)
_REMOTE_LINE = re.compile(r"^\W*remote\b", re.I)
_HINT_WORDS = (
    "remote", "hybrid", "site", "person", "office", "home", "wfh", "telecommut",
    "distributed", "days", "anywhere", "hq",
)  # fmt: skip

# Where a match of each pattern can start: the words that open its phrases (found in the
# folded line), and for some an opening bracket, a number, or the line's start.
_FIRST_WORDS = {
    "hybrid": (
        "hybrid", "is", "be", "are", "role", "position", "one", "two", "three", "four", "in",
    ),
    "on-site": ("on", "in", "office", "no", "not", "remote", "must"),
    "remote": (
        "fully", "100", "completely", "entirely", "remote", "work", "wfh", "is", "are", "be",
        "telecommut", "distributed",
    ),
}  # fmt: skip
_DIGIT = re.compile(r"\d")


# Every first word, and the kinds whose phrases it opens (one automaton for the three).
_ALL_FIRST = tuple(dict.fromkeys(w for words in _FIRST_WORDS.values() for w in words))
_KINDS_OF = [tuple(k for k, words in _FIRST_WORDS.items() if w in words) for w in _ALL_FIRST]


def first_word_starts(folded: str) -> dict[str, list[int]]:
    """For each kind, ``literal_starts(folded, _FIRST_WORDS[kind], word_start=True)``, from
    one automaton pass over ``folded`` for the three."""
    by: dict[str, set[int]] = {kind: set() for kind in _FIRST_WORDS}
    for k, s, _e in literal_spans(folded, _ALL_FIRST):
        if s == 0 or not (folded[s - 1].isalnum() or folded[s - 1] == "_"):
            for kind in _KINDS_OF[k]:
                by[kind].add(s)
    return {kind: sorted(v) for kind, v in by.items()}


def line_starts(
    kind: str, text: str, folded: str, word_starts: list[int] | None = None
) -> list[int]:
    """Where the ``kind`` pattern (_HYBRID, _ONSITE, _REMOTE) can match in a line
    (``folded``: the line folded; ``word_starts``: where its first words start, when
    known: see :func:`first_word_starts`)."""
    if word_starts is None:
        word_starts = literal_starts(folded, _FIRST_WORDS[kind], word_start=True)
    out = set(word_starts)
    if kind != "on-site":
        i = text.find("(")
        while i >= 0:
            out.add(i)
            i = text.find("(", i + 1)
    if kind == "hybrid":
        out.add(0)
        out.update(
            i
            for i in (m.start() for m in _DIGIT.finditer(text))
            if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
        )
    return sorted(out)


def hint_lines(ctx: Context) -> set[int]:
    """The lines where ``_WORKPLACE_HINT`` finds a word: one ``str.find`` pass per word
    over the folded text instead of the regex on every line."""
    starts = [ln.start for ln in ctx.lines]
    out: set[int] = set()
    # (one place per line is enough: the words hold no blank, so a line that holds one
    # holds the first match found in it)
    # (every place a word is written, overlapping ones too: the same lines)
    for q in literal_places(ctx.folded, _HINT_WORDS):
        k = bisect.bisect_right(starts, q) - 1
        if k >= 0 and q < ctx.lines[k].end:
            out.add(k)
    return out


def read_workplace(
    ctx: Context, header: list[Piece], labelled: list[Labelled]
) -> tuple[Fact | None, list[Fact]]:
    """(the reading, the header/label statements it was weighed against)."""
    header_starts = {p.line for p in header}
    head_hits: list[tuple[str, int, int]] = []
    body_hits: list[tuple[str, int, int]] = []
    for lab in labelled:
        if lab.field in ("workplace", "location"):
            for kind, rx in (
                ("hybrid", _HYBRID),
                ("on-site", _ONSITE),
                ("remote", re.compile(r"\bremote\b", re.I)),
            ):
                m = rx.search(lab.value)
                if (m and not re.search(r"\bno\s+remote|not\s+remote", lab.value, re.I)) or (
                    m and kind == "on-site"
                ):
                    head_hits.append((kind, lab.start + m.start(), lab.start + m.end()))
                    break
    hinted = hint_lines(ctx)
    for ln in ctx.lines:
        if ln.index not in hinted:
            continue
        first = first_word_starts(ctx.folded[ln.start : ln.end])
        in_head = ln.index in header_starts and not is_body_line(ln.text)
        short = len(ln.text) <= 80 and not SENTENCE_LIKE.search(ln.text)
        for kind, rx in (("hybrid", _HYBRID), ("on-site", _ONSITE), ("remote", _REMOTE)):
            starts = line_starts(kind, ln.text, "", first[kind])
            for m in finditer_at(rx, ln.text, starts):
                s, e = ln.start + m.start(), ln.start + m.end()
                if kind == "on-site" and re.match(r"on[- ]?site|in[- ]person", m.group(), re.I):
                    ctx_text = ln.text[max(0, m.start() - 40) : m.end() + 40].lower()
                    if re.search(
                        r"interview|visit|event|training|meeting|gym|parking|"
                        r"childcare|cafeteria|"
                        r"clinic|optional|when needed|as needed|"
                        r"times? a (?:year|quarter|month)|"
                        r"once a|twice a|per year|off-?sites?|retreat|gathering|see each other|"
                        r"meet(?:ups?)?\b|"
                        r"conference|quarterly|annual",
                        ctx_text,
                    ):
                        continue
                (head_hits if in_head or short else body_hits).append((kind, s, e))
        if (in_head or short) and _REMOTE_LINE.match(ln.text) and len(ln.text) <= 80:
            m = re.search(r"remote", ln.text, re.I)
            assert m is not None
            head_hits.append(("remote", ln.start + m.start(), ln.start + m.end()))
    head = [ctx.fact(k, s, e) for k, s, e in head_hits]
    rank = {"hybrid": 0.2, "on-site": 0.1, "remote": 0.0}
    for hits in (body_hits, head_hits):
        if not hits:
            continue
        best = max(
            hits, key=lambda h: (_workplace_weight(ctx.cleaned, h[1], h[2]) + rank[h[0]], -h[1])
        )
        return ctx.fact(*best), head
    return None, head


def _workplace_weight(text: str, start: int, end: int) -> float:
    """ "primarily in-person" outweighs "occasionally … may be hybrid"."""
    before = text[max(0, start - 40) : start].lower()
    weight = 1.0
    if re.search(
        r"\b(?:primarily|mainly|mostly|fully|must|required|100%|always|entirely)\b", before
    ):
        weight += 1.0
    if re.search(
        r"\b(?:occasional(?:ly)?|sometimes|may|might|if necessary|optional|possibl[ey]|can be)\b",
        before,
    ):
        weight -= 1.5
    return weight
