"""Match once, resolve many times.

``Cleaner(rules).match(document)`` runs every applicable rule once and records its
candidate spans as :class:`Hit` s. ``Matched.resolve(overrides)`` turns the hits of the
enabled rules into non-overlapping :class:`Edit` s and the cleaned text; toggling a
rule only re-runs ``resolve`` (O(hits) plus one pass over the text for the tidy-up).

Resolution:

* hits of enabled *keep* rules protect whole lines: removals are cut around them;
* overlapping removals are unioned; where two rules cover the same characters the one
  that starts first (the longer on a tie) is credited;
* a replacement (an encoding repair) survives only where no removal covers it;
* finally the blank lines that removals leave behind are collapsed (rule
  ``whitespace.blank-lines``; an edit like any other, so visible and switchable).

Invariant (tested on every input): applying ``edits`` to ``source`` gives ``cleaned``;
edits are sorted, never overlap and lie inside the source.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from jobdesk.core.bounded import (
    BoundedPattern,
    Matcher,
    MatchLike,
    PatternTimeout,
    time_budget,
)
from jobdesk.core.cards import FACT_LINE, card_runs
from jobdesk.core.editmap import EditMap, merge_spans, subtract_span
from jobdesk.core.guard import (
    LEGAL,
    STRUCTURAL,
    Coverage,
    bound_structural,
    is_boilerplate_context,
    is_content_line,
    is_duty_item,
    states_pay,
    stopper_literals,
    wordy_lines,
)
from jobdesk.core.ingest import Document, ingest, normalize_newlines
from jobdesk.core.kinds import KINDS
from jobdesk.core.normalize import SUSPECT, mojibake_repairs
from jobdesk.core.prefilter import (
    LiteralIndex,
    Superset,
    SupersetSet,
    crosses_lines,
    line_pattern,
    squash_blanks,
    superset_regex,
)
from jobdesk.core.result import CleanResult, Edit, Hit, apply_edits
from jobdesk.core.rules import Pack, Rule, RuleSet, load_rules

TIDY_RULE = "whitespace.blank-lines"
# ``match(…, site=NO_SITE)``: no site pack, no detection — the generic packs only
# ("site-blind", what a user meets on the long tail of sites). ``--site none`` on the CLI.
NO_SITE = "none"


# ------------------------------------------------------------------------ line index


class Lines:
    """Line starts of a text, for O(log n) offset → line lookups."""

    def __init__(self, text: str, rows: list[str] | None = None) -> None:
        """``rows``: ``text.split("\\n")``, when already at hand."""
        self.text = text
        rows = text.split("\n") if rows is None else rows
        self.starts = [0, *itertools.accumulate(len(line) + 1 for line in rows[:-1])]

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, i: int) -> tuple[int, int]:
        """(start, end) of line i, end excluding its newline."""
        start = self.starts[i]
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return start, end

    def full_end(self, i: int) -> int:
        """End of line i including its newline."""
        return self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)

    def index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def line(self, i: int) -> str:
        s, e = self.span(i)
        return self.text[s:e]


# --------------------------------------------------------------------------- matching

_H = r"[^\S\n]"  # horizontal whitespace
# Upper-case letters of the Latin, Greek and Cyrillic scripts: a sentence glued to the
# previous one ("…5 business days.No agencies") starts at one.
_UPPER = "".join(ch for ch in map(chr, range(0x530)) if ch.isupper())
_SENT_END = re.compile(rf"[.!?][\"”’')\]]*(?=\s|$|[{_UPPER}])|$", re.MULTILINE)
# How far a sentence may run back before its match; a lower-case letter or a closing
# bracket glued to a capital marks where glued text was joined.
_MAX_LEAD = 250
_GLUED = re.compile(r"[a-z)\]](?=[A-Z])")
_SENT_START = re.compile(rf"(?:[.!?][\"”’')\]]*(?:[^\S\n]+|(?=[{_UPPER}])))|^", re.MULTILINE)

LANGUAGE_NAMES = frozenset(
    [
        "english",
        "deutsch",
        "français",
        "francais",
        "español",
        "espanol",
        "italiano",
        "português",
        "portugues",
        "nederlands",
        "polski",
        "svenska",
        "dansk",
        "norsk",
        "suomi",
        "čeština",
        "cestina",
        "magyar",
        "română",
        "romana",
        "türkçe",
        "turkce",
        "ελληνικά",
        "русский",
        "українська",
        "العربية",
        "עברית",
        "हिन्दी",
        "বাংলা",
        "日本語",
        "한국어",
        "简体中文",
        "正體中文",
        "繁體中文",
        "中文",
        "bahasa",
        "malaysia",
        "bahasa",
        "indonesia",
        "tagalog",
        "ไทย",
        "tiếng",
        "việt",
        "català",
        "hrvatski",
        "slovenčina",
        "slovenščina",
        "srpski",
        "български",
        "eesti",
        "latviešu",
        "lietuvių",
        "íslenska",
        "gaeilge",
        "कनड",
        "मराठी",
        "ਪੰਜਾਬੀ",
        "தமிழ்",
        "తెలుగు",
        "اردو",
        "فارسی",
    ]
)
_ENGLISH_NAMES = (
    "Arabic|Bangla|Bengali|Bulgarian|Catalan|Chinese|Croatian|Czech|Danish|Dutch|English|"
    "Estonian|Filipino|Finnish|French|German|Greek|Hebrew|Hindi|Hungarian|Icelandic|"
    "Indonesian|Irish|Italian|Japanese|Kannada|Korean|Latvian|Lithuanian|Malay|Marathi|"
    "Norwegian|Persian|Polish|Portuguese|Punjabi|Romanian|Russian|Serbian|Slovak|Slovenian|"
    "Spanish|Swedish|Tagalog|Tamil|Telugu|Thai|Turkish|Ukrainian|Urdu|Vietnamese"
)
# "Deutsch (German)", "正體中文 (Chinese (Traditional))": a native name, then the English one.
_LANG_ENTRY = re.compile(rf"^\S[^\n()]{{0,40}}\((?:{_ENGLISH_NAMES})(?: \([^()\n]*\))?\)$")
_LANG_WORDS = {w for w in LANGUAGE_NAMES if " " not in w}


def _is_language_line(line: str) -> bool:
    s = line.strip().lstrip("•·-* ").strip()
    if not s or len(s) > 60:
        return False
    if s[-1] == ")" and _LANG_ENTRY.match(s):  # (an entry ends with its bracket)
        return True
    low = s.lower()
    return low in _LANG_WORDS or low in (
        "bahasa malaysia", "bahasa indonesia", "tiếng việt", "language", "languages",
    )  # fmt: skip


def _merged(lists: list[list[int]]) -> list[int]:
    """The union of ascending lists of line indices, ascending."""
    if len(lists) == 1:
        return lists[0]
    return sorted({i for lst in lists for i in lst})


def _chained(lines: list[int], blank: list[bool], k: int) -> bool:
    """Whether ``k`` of the non-blank ``lines`` (ascending) follow each other with only
    blank lines between them: where a run's members must stand, when only blank lines
    may sit between them (its lines are ``lines``, or fewer)."""
    count, prev = 0, -1
    for i in lines:
        if blank[i]:
            continue
        if count and all(blank[j] for j in range(prev + 1, i)):
            count += 1
        else:
            count = 1
        if count >= k:
            return True
        prev = i
    return False


class Scan:
    """A document prepared for matching: its line index, its lines lower-cased with
    blank runs squashed (what rule literals are looked up in), the lines holding each
    literal, and (for RE2) its UTF-8 bytes with their line starts."""

    def __init__(self, doc: Document, index: LiteralIndex | None = None) -> None:
        self.doc = doc
        self.text = doc.source
        # The text's lines (``rows[i] == lines.line(i)``).
        self.rows: list[str] = self.text.split("\n")
        self.lines = Lines(self.text, self.rows)
        self.folded: list[str] = squash_blanks(self.text.lower()).split("\n")
        self._index = index
        self._sentence_starts: dict[int, list[int]] = {}
        # Rule id → the line lists of its literals that the text holds, for every rule
        # one of whose literals it holds: filled by Cleaner.match from one pass over the
        # literals found (None: ask :meth:`lines_with`).
        self.woken: dict[str, list[list[int]]] | None = None

    @cached_property
    def literal_lines(self) -> dict[int, list[int]]:
        return self._index.lines_by_literal(self.folded) if self._index else {}

    def lines_with(self, literal_ids: Iterable[int]) -> list[int]:
        """Indices of the lines holding one of the literals (ascending)."""
        found = self.literal_lines
        return _merged([found[i] for i in literal_ids if i in found])

    def sentence_starts(self, i: int) -> list[int]:
        """Where the sentences of line ``i`` start (ascending offsets in the text): found
        once a line, for every sentence rule that matches on it (the legal rules match
        the same paragraphs)."""
        got = self._sentence_starts.get(i)
        if got is None:
            ls, le = self.lines.span(i)
            got = self._sentence_starts[i] = [
                m.end() for m in _SENT_START.finditer(self.text, ls, le)
            ]
        return got

    @cached_property
    def blank(self) -> list[bool]:
        return [not line.strip() for line in self.folded]

    @cached_property
    def language_lines(self) -> list[int]:
        return [
            i
            for i, line in enumerate(self.folded)
            if 0 < len(line) < 80 and _is_language_line(self.rows[i])
        ]

    @cached_property
    def utf8(self) -> tuple[bytes, list[int]] | None:
        """The text as UTF-8 and its line starts in bytes (None if it cannot be
        encoded: lone surrogates)."""
        try:
            data = self.text.encode("utf-8")
        except UnicodeEncodeError:
            return None
        if len(data) == len(self.text):
            return data, self.lines.starts
        starts = [0]
        find = data.find
        pos = find(b"\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find(b"\n", pos + 1)
        return data, starts


# The characters a rule's search must cover before its RE2 superset is built (see
# _Compiled.prefilter).
RE2_FROM = 4096


@dataclass
class _Compiled:
    """A rule's derived patterns, each built on first use (most rules never run on a
    given posting: their literals are absent)."""

    rule: Rule
    # Ids of the literals one of which every match holds (None: no usable literals).
    literal_ids: tuple[int, ...] | None = None
    one_off: bool = False  # cleaning one posting only (see prefilter)
    matching: Matching = field(init=False)  # how its kind is matched

    def __post_init__(self) -> None:
        self.matching = MATCHERS[self.rule.kind]

    @cached_property
    def line_re(self) -> Matcher | None:
        """The whole-line version of the pattern (line, section, block, tail, head)."""
        pattern = self.rule.pattern
        return line_pattern(pattern) if pattern is not None and self.matching.whole_lines else None

    @cached_property
    def until_re(self) -> Matcher | None:
        return line_pattern(self.rule.until) if self.rule.until is not None else None

    @cached_property
    def superset(self) -> Superset | None:
        """RE2 superset of the rule's line pattern (or pattern), built on first use."""
        pattern = self.line_re or self.rule.pattern
        return superset_regex(pattern) if pattern is not None else None

    @cached_property
    def until_superset(self) -> Superset | None:
        return superset_regex(self.until_re) if self.until_re is not None else None

    def prefilter(
        self, scan: Scan, lines: list[int] | None, *, until: bool = False
    ) -> Superset | None:
        """The RE2 superset of the pattern (or of ``until``) to narrow a search of
        ``lines`` (None: the whole text), or None to search them all in Python. A
        superset costs about a millisecond to build, more than Python takes over a few
        short lines: for a one-off clean (the CLI's, of one input) it is built only for
        a search of :data:`RE2_FROM` characters or more."""
        name = "until_superset" if until else "superset"
        if self.one_off and name not in self.__dict__:
            size = len(scan.text) if lines is None else sum(len(scan.rows[i]) for i in lines)
            if size < RE2_FROM:
                return None
        rx: Superset | None = getattr(self, name)
        return rx

    @cached_property
    def screened(self) -> bool:
        """Each hit needs its superset to match inside one of the lines holding its
        literals (at a line's start for a whole-line kind): where it matches on none,
        the rule has no hit (:meth:`Cleaner.match_rule`)."""
        return self.rule.kind in _SCREENED_KINDS and not self.anchored

    @cached_property
    def bounded(self) -> bool:
        """A user rule: its patterns run with a time limit (bounded.py)."""
        r = self.rule
        return any(isinstance(p, BoundedPattern) for p in (r.pattern, r.until, r.between))

    @cached_property
    def anchored(self) -> bool:
        """The pattern can only match at the start of the text."""
        return self.rule.pattern is not None and self.rule.pattern.pattern.startswith("\\A")


def _line_hit(rule_id: str, m: MatchLike, text: str) -> Hit:
    """A whole-line match, taken with its newline."""
    end = m.end() + 1 if m.end() < len(text) else m.end()
    return Hit(rule_id, m.start(), end)


_DETECT_CHARS = 300_000  # site signatures are looked for in the first 300,000 characters


@functools.cache
def _suspect_superset() -> Superset | None:
    return superset_regex(SUSPECT)


@functools.cache
def _fact_line_superset() -> Superset | None:
    return superset_regex(FACT_LINE)


def _pick(matches: Iterable[MatchLike], occurrence: str) -> MatchLike | None:
    """The first match, or the last one for ``occurrence = "last"``."""
    picked = None
    for m in matches:
        picked = m
        if occurrence != "last":
            break
    return picked


def _regex_matches(
    pattern: Matcher,
    rx: Superset | None,
    scan: Scan,
    lines: list[int] | None,
    *,
    limit: int | None = None,
    from_line: int = 0,
) -> Iterator[MatchLike]:
    """Non-empty matches of ``pattern`` inside each of ``lines``, else in the text (up
    to ``limit`` characters, from the start of line ``from_line`` on), as ``finditer``
    would find them.

    ``rx`` (RE2, linear time) finds where the superset of the pattern matches; a Python
    match can only start inside one of those spans, so the Python regex searches from
    each span on, instead of trying every position of a long paragraph."""
    text, starts = scan.text, scan.lines.starts
    search, match = pattern.search, pattern.match
    n = len(starts)
    end_all = len(text) if limit is None else min(limit, len(text))
    if lines is None:
        regions = [(starts[from_line], end_all, -1)] if starts[from_line] < end_all else []
    else:
        regions = [(starts[i], starts[i + 1] - 1 if i + 1 < n else len(text), i) for i in lines]
    utf8 = scan.utf8
    if rx is None or utf8 is None:
        for start, end, _ in regions:
            yield from (m for m in pattern.finditer(text, start, end) if m.end() > m.start())
        return
    data, byte_starts = utf8
    ascii_text = byte_starts is starts
    for start, end, i in regions:
        if i >= 0:
            b_start = byte_starts[i]
            b_end = byte_starts[i + 1] - 1 if i + 1 < n else len(data)
        else:
            b_start = byte_starts[from_line]
            if ascii_text or end == len(text):
                b_end = end if ascii_text else len(data)
            else:
                b_end = len(text[:end].encode())
        pos = start
        seen_b, seen_c = b_start, start  # a byte offset and its character offset
        for s, e in rx.spans(data, b_start, b_end):
            if not ascii_text:  # byte offsets → character offsets (spans ascend)
                seen_c += len(data[seen_b:s].decode())
                seen_b = s
                s, e = seen_c, seen_c + len(data[s:e].decode())
            first, last = max(pos, s), max(e, s + 1)
            if last <= first:
                continue  # a span the last Python match already covered
            if (last - first) * _PER_POSITION < end - first:
                # A short span on a long line: a Python match starting before the next
                # span starts inside this one (RE2 reports the leftmost match of those
                # that overlap). Its positions are tried, not the rest of the line.
                for p in range(first, last):
                    m = match(text, p, end)
                    if m is not None:
                        break
                else:
                    continue
            else:
                m = search(text, first, end)
                if m is None:
                    break  # nothing more in this region
            pos = m.end() if m.end() > m.start() else m.end() + 1
            if m.end() > m.start():
                yield m


# A Python match tried at each position costs about as much as this many positions of
# a search (see _regex_matches).
_PER_POSITION = 16

# The time a user rule (or a user site pack's signatures) may take on one posting: this
# much, plus USER_SECONDS_PER_MB for each million characters. A sound pattern takes
# milliseconds; one that backtracks without end is skipped for that posting, with a
# warning, instead of hanging the clean.
USER_SECONDS = 0.25
USER_SECONDS_PER_MB = 1.0


class _Active(NamedTuple):
    """A site's active rules: in order, by id, each one's position, those on by default."""

    rules: list[Rule]
    by_id: dict[str, Rule]
    position: dict[str, int]
    defaults: frozenset[str]


# The kinds whose every hit needs a match of the rule's pattern (its whole-line version
# for whole-line kinds) and, for a block, of its ``until`` too, searched as
# ``_regex_matches`` or ``_line_matches`` do: where the superset of each finds nothing
# in the whole text, the rule has no hit. (Runs match stripped lines; the other kinds
# are not regex searches.)
_GATED_KINDS = frozenset({"line", "phrase", "sentence", "replace", "section", "block",
                          "tail", "head"})  # fmt: skip


# The gated kinds whose matchers search only the lines holding the rule's literals
# (a replace rule searches the whole text) for its (whole-line) pattern.
_SCREENED_KINDS = _GATED_KINDS - {"replace"}


class _Gate:
    """Rules whose supersets sit in one :class:`SupersetSet`: a rule can match a text
    only where all of its members match somewhere in it."""

    def __init__(self, found: SupersetSet | None, members: list[tuple[str, list[int]]]) -> None:
        self._set = found
        self._members = members

    @classmethod
    def build(cls, compiled: Iterable[_Compiled]) -> _Gate:
        """The gate of the shipped rules among ``compiled`` that it can judge: of a
        gated kind, with a superset for each pattern it needs (a user's rule always
        runs: its patterns are the user's to keep fast)."""
        sources: list[str] = []
        members: list[tuple[str, list[int]]] = []
        for c in compiled:
            if c.rule.kind not in _GATED_KINDS or c.bounded:
                continue
            needed = [c.superset]
            if c.rule.kind == "block":
                needed.append(c.until_superset)
            if any(rx is None for rx in needed):
                continue
            members.append((c.rule.id, list(range(len(sources), len(sources) + len(needed)))))
            sources.extend(rx.source for rx in needed if rx is not None)
        return cls(_superset_set(tuple(sources)) if members else None, members)

    def unmatched(self, data: bytes) -> frozenset[str]:
        """The rules that cannot match ``data`` (none when the set cannot tell)."""
        if self._set is None:
            return frozenset()
        found = self._set.matching(data)
        if found is None:
            return frozenset()
        out = []
        for rid, ks in self._members:  # (a loop: a generator in a generator cost more)
            for k in ks:
                if k not in found:
                    out.append(rid)
                    break
        return frozenset(out)


@functools.lru_cache(maxsize=4)
def _superset_set(sources: tuple[str, ...]) -> SupersetSet | None:
    """One set (and its DFA, built up as it searches) for the cleaners of one rule set
    in a process; None when RE2 cannot build it."""
    try:
        return SupersetSet(sources)
    except ValueError:
        return None


# ------------------------------------------------------------ the kinds' matchers

MatchFn = Callable[["Cleaner", "_Compiled", Scan, "list[int] | None"], Iterator[Hit]]


@dataclass(frozen=True)
class Matching:
    """How the engine matches one kind of rule (:data:`jobdesk.core.kinds.KINDS`).

    ``matches(cleaner, compiled, scan, lines)`` gives the rule's hits; ``lines`` are the
    lines holding one of its literals (None: look everywhere). ``whole_lines``: its
    pattern is matched as whole lines, at line starts (``_Compiled.line_re``).
    ``marker``: a pattern that can run over a line break may hold its literal on a later
    line than the one it starts on, so it is looked for everywhere. ``by_region``: it
    wakes only for a document with HTML regions of its rule's ``region``."""

    kind: str
    matches: MatchFn
    whole_lines: bool = False
    marker: bool = False
    by_region: bool = False


# Kind name → its matching; filled by @matcher in the Cleaner's body, and checked
# against the registry of kinds when this module is imported.
MATCHERS: dict[str, Matching] = {}


def matcher(
    *kinds: str, whole_lines: bool = False, marker: bool = False, by_region: bool = False
) -> Callable[[MatchFn], MatchFn]:
    """Register the decorated method as the matcher of ``kinds``. A kind that is not in
    :data:`jobdesk.core.kinds.KINDS`, or one that has a matcher already, is refused."""

    def register(fn: MatchFn) -> MatchFn:
        for kind in kinds:
            if kind not in KINDS:
                raise ValueError(f"{fn.__name__}: no kind {kind!r} in jobdesk.core.kinds.KINDS")
            if kind in MATCHERS:
                raise ValueError(
                    f"{fn.__name__}: kind {kind!r} is matched by "
                    f"{MATCHERS[kind].matches.__name__} already"
                )
            MATCHERS[kind] = Matching(kind, fn, whole_lines, marker, by_region)
        return fn

    return register


class Cleaner:
    """Compiled rules, ready to match documents. Build once, reuse."""

    def __init__(
        self,
        rules: RuleSet | None = None,
        *,
        user_seconds: float | None = None,
        one_off: bool = False,
    ) -> None:
        """``one_off``: this cleaner cleans one posting and is thrown away (the CLI): it
        spends nothing on speeding up later postings (see _Compiled.prefilter)."""
        self._one_off = one_off
        self.rules = rules if rules is not None else load_rules()
        self.user_seconds = USER_SECONDS if user_seconds is None else user_seconds
        self._compiled: dict[str, _Compiled] = {}
        detect = [(pack, lits) for pack in self.rules.packs if pack.is_site
                  for lits in pack.detect_literals]  # fmt: skip
        guard_literals = stopper_literals()
        self._index = LiteralIndex(
            [lit for r in self.rules.rules for lit in r.required]
            + [lit for _pack, lits in detect for lit in lits]
            + [lit for lits in guard_literals.values() for lit in lits]
        )
        ids = self._index.ids
        self._guard_ids = {
            kind: [ids[lit] for lit in lits] for kind, lits in guard_literals.items()
        }
        # Which rules a literal can wake (and the rules that always run): a posting holds
        # a few dozen of the literals, so most rules are never even looked at.
        self._always: set[str] = set()
        self._by_literal: dict[int, list[str]] = {}
        for rule in self.rules.rules:
            literal_ids = wake_ids = self._index.ids_of(rule.required)
            pattern = rule.pattern
            if (
                literal_ids is not None
                and MATCHERS[rule.kind].marker
                and pattern is not None
                and crosses_lines(pattern.pattern, pattern.flags)
            ):
                # A marker that can run over a line break may hold its literal on a
                # later line than the one it starts on: look for it everywhere (RE2
                # still narrows the search), but only in a text that holds one of its
                # literals somewhere (every match holds one, and none spans lines).
                literal_ids = None
            self._compiled[rule.id] = _Compiled(rule, literal_ids, one_off)
            if wake_ids is None:
                self._always.add(rule.id)
            else:
                for lid in wake_ids:
                    self._by_literal.setdefault(lid, []).append(rule.id)
        # Site signatures with the ids of the literals one of which each needs.
        self._detect = [
            (pack, [(p, lits, self._index.ids_of(lits)) for p, lits in
                    zip(pack.detect, pack.detect_literals, strict=True)])
            for pack in self.rules.packs
            if pack.is_site
        ]  # fmt: skip
        self._detect_rx: dict[Matcher, Superset | None] = {}  # their RE2 supersets, on first use
        # Which signatures (pack index, signature index) each literal id wakes; usable
        # when every signature needs a literal it can look for line by line.
        self._detect_wake: dict[int, list[tuple[int, int]]] | None = {}
        for k, (_pack, signatures) in enumerate(self._detect):
            for j, (_p, literals, literal_ids) in enumerate(signatures):
                if not literals or literal_ids is None:
                    self._detect_wake = None
                    break
                for lid in literal_ids:
                    self._detect_wake.setdefault(lid, []).append((k, j))
            if self._detect_wake is None:
                break
        # Per site: its active rules, by id, in order, and each one's position.
        self._active: dict[str | None, _Active] = {}
        # The literal index of a site-blind match (see _blind_index), built on first use.
        self._blind: LiteralIndex | None = None
        # The always-run rules in one RE2 set (see _unmatched_always), built on first use.
        self._gate: _Gate | None = None
        # Rules that wake only for a document with regions of their kind (html-region).
        self._by_region: dict[str, list[str]] = {}
        for rid, c in self._compiled.items():
            if c.matching.by_region and rid in self._always and c.rule.region:
                self._always.discard(rid)
                self._by_region.setdefault(c.rule.region, []).append(rid)

    # -- site detection ---------------------------------------------------------

    def detect_site(self, text: str, url: str | None = None) -> str | None:
        """The site pack whose signatures the text (or URL) shows most: a URL match
        counts 3, each ``detect`` pattern found 1; ties go to the higher ``priority``.
        Signatures are looked for in the first 300,000 characters."""
        return self._detect_in(Scan(Document(source=normalize_newlines(text)), self._index), url)

    def _budget(self, scan: Scan) -> float:
        """The seconds a user rule may take on this document."""
        return self.user_seconds + USER_SECONDS_PER_MB * len(scan.text) / 1e6

    def _detect_in(
        self, scan: Scan, url: str | None, warnings: list[str] | None = None
    ) -> str | None:
        """:meth:`detect_site` on a scanned document. The page <title> counts too ("Job
        Application for … at …" is only there). A user pack whose signatures run out
        of time is not detected (a warning is added to ``warnings``)."""
        found = scan.literal_lines
        present: AbstractSet[int] = found.keys()
        if len(scan.text) > _DETECT_CHARS:
            last_line = scan.lines.index(_DETECT_CHARS)
            present = {i for i, rows in found.items() if rows[0] <= last_line}
        title = scan.doc.title or ""
        folded_title = squash_blanks(title.lower())
        folded = ""

        def holds(literals: tuple[str, ...], ids: tuple[int, ...] | None) -> bool:
            nonlocal folded
            if not literals:
                return True
            if ids is not None:
                if not present.isdisjoint(ids):
                    return True
                if not folded_title and not folded:
                    return False  # (nothing else to look in)
            elif not folded:  # multi-line literals: looked up directly
                folded = "\n".join(scan.folded)[:_DETECT_CHARS]
            return any(lit in folded_title or lit in folded for lit in literals)

        def shown(p: Matcher, ids: tuple[int, ...] | None) -> bool:
            if title and p.search(title):
                return True
            if p not in self._detect_rx:
                self._detect_rx[p] = superset_regex(p)
            rx, first = self._detect_rx[p], 0
            utf8 = scan.utf8
            if (
                rx is not None
                and ids is not None
                and utf8 is not None
                and not crosses_lines(p.pattern, p.flags)
            ):
                # A match lies on one line, which holds one of its literals: the search
                # starts at the first such line the superset matches on.
                first = rx.first_row(utf8[0], utf8[1], scan.lines_with(ids))
                if first < 0:
                    return False
            matches = _regex_matches(p, rx, scan, None, limit=_DETECT_CHARS, from_line=first)
            return next(matches, None) is not None

        # A signature holds its literal exactly when one of its literal ids is present
        # in the text or the title: only those are looked at.
        woken: dict[int, list[int]] | None = None
        wake = self._detect_wake
        if wake is not None:
            if folded_title:
                in_title = self._index.lines_by_literal([folded_title]) if self._index else {}
                present = present | in_title.keys()
            woken = {}
            for lid in wake.keys() & present:
                for k, j in wake[lid]:
                    woken.setdefault(k, []).append(j)
        best: tuple[int, int, str] | None = None
        # Without a URL, a pack none of whose signatures woke scores nothing.
        packs = range(len(self._detect)) if woken is None or url else sorted(woken)
        for k in packs:
            pack, signatures = self._detect[k]
            try:
                with time_budget(self._budget(scan)) if pack.user else nullcontext():
                    score = 3 if url and any(p.search(url) for p in pack.urls) else 0
                    if woken is None:
                        score += sum(
                            1 for p, lits, ids in signatures if holds(lits, ids) and shown(p, ids)
                        )
                    else:  # (each signature once, in order, as above)
                        score += sum(
                            1
                            for j in sorted(set(woken.get(k, ())))
                            if shown(signatures[j][0], signatures[j][2])
                        )
            except PatternTimeout:
                if warnings is not None:
                    warnings.append(
                        f"{pack.path}: the site signatures (detect, urls) of pack {pack.id!r} "
                        f"took over {self._budget(scan):.2g} s on this posting; it was not "
                        "detected (a pattern that backtracks too much?)"
                    )
                continue
            if score and (best is None or (score, pack.priority) > best[:2]):
                best = (score, pack.priority, pack.id)
        return best[2] if best else None

    def _unmatched_always(self, scan: Scan) -> frozenset[str]:
        """The always-run rules (no literal to wake them) that cannot match this text:
        their RE2 supersets, all in one set searched in one pass, find nothing. Only
        for a cleaner that cleans many postings: the set's DFA costs tens of
        milliseconds to build up over the first postings."""
        if self._one_off or scan.utf8 is None:
            return frozenset()
        gate = self._gate
        if gate is None:
            gate = self._gate = _Gate.build(self._compiled[rid] for rid in sorted(self._always))
        return gate.unmatched(scan.utf8[0])

    def active_rules(self, site: str | None) -> list[Rule]:
        return list(self._active_for(site)[0])

    def _active_for(self, site: str | None) -> _Active:
        """The active rules of ``site`` (the packs do not change: built once a site)."""
        got = self._active.get(site)
        if got is None:
            rules = self._active_rules(site)
            got = _Active(
                rules,
                {r.id: r for r in rules},
                {r.id: k for k, r in enumerate(rules)},
                frozenset(r.id for r in rules if r.default),
            )
            self._active[site] = got
        return got

    def _active_rules(self, site: str | None) -> list[Rule]:
        out = []
        for pack in self.rules.packs:
            if pack.is_site and pack.id != site:
                continue
            for rule in pack.rules:
                if rule.sites and not pack.is_site and site not in rule.sites:
                    continue
                out.append(rule)
        return out

    # -- matching -----------------------------------------------------------------

    def scan(self, doc: Document) -> Scan:
        """A document prepared for :meth:`match_rule` with these rules' literals."""
        return Scan(doc, self._index)

    def _blind_index(self) -> LiteralIndex:
        """The literals a site-blind match looks for: the active rules' and the guards',
        not the site packs' signatures and rules (their two-letter words "en", "da",
        "hi" make a third of the literal matches on the corpus). Built on first use, by
        a cleaner that cleans many postings (it costs a few milliseconds)."""
        got = self._blind
        if got is None:
            rules = self._active_for(None).rules
            guards = (self._index.literals[i] for ids in self._guard_ids.values() for i in ids)
            got = self._blind = self._index.only(
                itertools.chain((lit for r in rules for lit in r.required), guards)
            )
        return got

    def match(
        self,
        doc: Document | str,
        *,
        site: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Matched:
        """``progress(done, total)``: called before each rule that runs (the window's
        progress bar on a big input); the rules the set of supersets ruled out count
        as done at once."""
        if isinstance(doc, str):
            doc = Document(source=normalize_newlines(doc), raw=doc)
        blind = site == NO_SITE
        scan = Scan(doc, self._blind_index()) if blind and not self._one_off else self.scan(doc)
        warnings: list[str] = []
        if blind:
            site = None
        elif site is None:
            site = self._detect_in(scan, doc.url, warnings)
        hits: dict[str, list[Hit]] = {}
        rules, by_id, position, defaults = self._active_for(site)
        unmatched = self._unmatched_always(scan)
        # The rules the literals found wake, each with the lines of its literals (one
        # pass over the literals found, not one over each woken rule's literals).
        woken: dict[str, list[list[int]]] = {}
        by_literal = self._by_literal
        for lid, rows in scan.literal_lines.items():
            for rid in by_literal.get(lid, ()):
                got = woken.get(rid)
                if got is None:
                    woken[rid] = [rows]
                else:
                    got.append(rows)
        scan.woken = woken
        awake = self._always.difference(unmatched).union(
            woken, *(self._by_region.get(r.kind, ()) for r in doc.regions)
        )
        # The awake rules that are active, in the order of the packs.
        order = sorted(position[rid] for rid in awake if rid in position)
        skipped = sum(1 for rid in unmatched if rid in position)
        total = skipped + len(order)
        for done, k in enumerate(order, skipped):
            if progress is not None:
                progress(done, total)
            rule = rules[k]
            try:
                found = self.match_rule(rule, scan)
            except PatternTimeout:
                pack = self.rules.pack(rule.pack)
                warnings.append(
                    f"{pack.path if pack else rule.pack}: rule {rule.id!r}: took over "
                    f"{self._budget(scan):.2g} s on this posting and was skipped "
                    "(a pattern that backtracks too much?)"
                )
                continue
            if found:
                hits[rule.id] = found
        _guard(hits, by_id, scan, self._guard_ids)
        matched = Matched(self, doc, site, hits, dict(by_id), scan.lines, warnings, position)
        matched.defaults = defaults  # (the same set each time: built once a site)
        return matched

    def match_rule(self, rule: Rule, scan: Scan) -> list[Hit]:
        """The hits of one rule on one document. A user rule that runs out of its time
        raises :class:`PatternTimeout`."""
        c = self._compiled[rule.id]
        lines: list[int] | None = None
        if c.literal_ids is not None:
            woken = scan.woken
            if woken is None:
                lines = scan.lines_with(c.literal_ids)
            else:
                lists = woken.get(rule.id)
                lines = _merged(lists) if lists is not None else []
            if not lines:
                return []
            if c.screened:
                # Its superset rules out most woken rules on every line of theirs: said
                # here in one loop, not in the kind's matcher's pipeline of generators.
                rx, utf8 = c.prefilter(scan, lines), scan.utf8
                if rx is not None and utf8 is not None:
                    first = rx.first_row(utf8[0], utf8[1], lines, at_start=c.matching.whole_lines)
                    if first < 0:
                        return []
                    lines = lines[bisect.bisect_left(lines, first) :]
        if c.bounded:
            # Compile its derived patterns first: the budget is for matching (a big
            # list of phrases takes a while to compile, once).
            _ = c.line_re, c.until_re, c.superset, c.until_superset
            with time_budget(self._budget(scan)):
                return list(c.matching.matches(self, c, scan, lines))
        return list(c.matching.matches(self, c, scan, lines))

    @staticmethod
    def _possible_lines(rx: Superset | None, scan: Scan, lines: list[int] | None) -> list[int]:
        """The lines (of ``lines``, or of the whole text) at whose start the RE2
        superset ``rx`` of a whole-line pattern matches: the only lines where the
        Python pattern can match."""
        utf8 = scan.utf8
        if rx is None or utf8 is None:
            return list(range(len(scan.lines))) if lines is None else lines
        data, starts = utf8
        if lines is None:  # one linear pass; a match may span lines: take them all
            out: list[int] = []
            index = bisect.bisect_right
            for s, e in rx.spans(data, 0, len(data)):
                first = index(starts, s) - 1
                last = index(starts, max(e - 1, s)) - 1
                if out and out[-1] >= first:
                    first = out[-1] + 1
                out.extend(range(first, last + 1))
            return out
        return rx.starting_at(data, starts, lines)

    def _line_matches(
        self, c: _Compiled, scan: Scan, lines: list[int] | None, floor: int = 0
    ) -> Iterator[MatchLike]:
        """Matches of the rule's whole-line pattern, in order, starting at or after
        ``floor`` (overlapping ones skipped, as ``finditer`` would)."""
        assert c.line_re is not None
        match, text, starts = c.line_re.match, scan.text, scan.lines.starts
        end = -1
        for i in self._possible_lines(c.prefilter(scan, lines), scan, lines):
            if starts[i] < floor or starts[i] < end:
                continue
            m = match(text, starts[i])
            if m is not None:
                end = m.end() if m.end() > m.start() else m.end() + 1
                yield m

    @staticmethod
    def _span_matches(c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[MatchLike]:
        """Non-empty matches of a phrase, sentence or replace pattern: inside each of
        ``lines`` (the lines holding its literals), else anywhere (such a pattern may
        span lines)."""
        assert c.rule.pattern is not None
        # A pattern anchored at the text's start is tried there only, by Python's own
        # search; RE2 would read on to the end of its superset's match (the superset of
        # "a first line, then 8 to 80 lines" runs through the whole text) to say so.
        rx = None if c.anchored else c.prefilter(scan, lines)
        return _regex_matches(c.rule.pattern, rx, scan, lines)

    # -- the matchers of the kinds (one for each kind of kinds.py; see matcher()) ------

    @matcher("line", whole_lines=True)
    def _match_lines(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        rid, text = c.rule.id, scan.text
        for m in self._line_matches(c, scan, lines):
            yield _line_hit(rid, m, text)

    @matcher("phrase", marker=True)
    def _match_phrases(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        rid = c.rule.id
        for m in self._span_matches(c, scan, lines):
            yield Hit(rid, m.start(), m.end())

    @matcher("sentence", marker=True)
    def _match_sentences(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        return self._sentences(c.rule, scan, self._span_matches(c, scan, lines))

    @matcher("section", whole_lines=True, marker=True)
    def _match_sections(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        return self._sections(c, scan.text, scan.lines, self._line_matches(c, scan, lines))

    @matcher("block", whole_lines=True, marker=True)
    def _match_blocks(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        return self._blocks(c, scan, lines)

    @matcher("tail", whole_lines=True, marker=True)
    def _match_tail(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        rule, text = c.rule, scan.text
        floor = int(rule.min_offset * len(text))
        marker = _pick(self._line_matches(c, scan, lines, floor), rule.occurrence)
        if marker is not None:
            start = (
                marker.start()
                if rule.include_marker is not False
                else scan.lines.full_end(scan.lines.index(marker.start()))
            )
            if start < len(text):
                yield Hit(rule.id, start, len(text))

    @matcher("head", whole_lines=True, marker=True)
    def _match_head(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        rule = c.rule
        marker = _pick(self._line_matches(c, scan, lines), rule.occurrence)
        if marker is not None:
            i = scan.lines.index(marker.start())
            end = scan.lines.full_end(i) if rule.include_marker else scan.lines.starts[i]
            if end > 0:
                yield Hit(rule.id, 0, end)

    @matcher("html-region", by_region=True)
    def _match_regions(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        rule = c.rule
        for r in scan.doc.regions:
            if r.kind == rule.region:
                yield Hit(rule.id, r.start, r.end)

    @matcher("run", "language-picker")
    def _match_runs(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        return self._runs(c.rule, scan, lines)

    @matcher("duplicate-line")
    def _match_duplicate_lines(
        self, c: _Compiled, scan: Scan, lines: list[int] | None
    ) -> Iterator[Hit]:
        return self._duplicates(c.rule, scan)

    @matcher("duplicate-block")
    def _match_duplicate_blocks(
        self, c: _Compiled, scan: Scan, lines: list[int] | None
    ) -> Iterator[Hit]:
        return self._duplicate_blocks(c.rule, scan)

    @matcher("cards")
    def _match_cards(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        text, index = scan.text, scan.lines
        fact_rx = _fact_line_superset() if not self._one_off or len(text) >= RE2_FROM else None
        facts = self._possible_lines(fact_rx, scan, None)
        for first, last in card_runs(text, c.rule.min_run, facts, scan.rows):
            yield Hit(c.rule.id, index.starts[first], index.full_end(last))

    @matcher("mojibake")
    def _match_mojibake(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        text = scan.text
        if text.isascii():
            return
        rx = _suspect_superset()
        spans = None
        if rx is not None and scan.utf8 is not None:
            spans = [scan.lines.span(i) for i in self._possible_lines(rx, scan, None)]
        for start, end, repl in mojibake_repairs(text, spans):
            yield Hit(c.rule.id, start, end, repl or None)

    @matcher("replace")
    def _match_replace(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        rule = c.rule
        # Only a backslash is special in a replacement template (\1, \g<name>, \n):
        # without one, every match expands to the template itself (Match.expand parses
        # the template again on every call).
        plain = "\\" not in rule.replacement
        for m in self._span_matches(c, scan, None):
            repl = rule.replacement if plain else m.expand(rule.replacement)
            yield Hit(rule.id, m.start(), m.end(), repl if repl else None)

    @matcher("blank-lines")
    def _match_nothing(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        """Nothing to match: the blank lines are collapsed in :meth:`Matched.resolve`."""
        return iter(())

    @staticmethod
    def _sentences(rule: Rule, scan: Scan, matches: Iterable[MatchLike]) -> Iterator[Hit]:
        text, lines = scan.text, scan.lines
        last_end = -1
        for m in matches:
            if m.start() < last_end:
                continue
            li = lines.index(m.start())
            ls, le = lines.span(li)
            # Sentence start: after the last sentence end before the match, on this line.
            starts = scan.sentence_starts(li)
            k = bisect.bisect_right(starts, m.start()) - 1
            start = max(ls, starts[k]) if k >= 0 else ls
            if m.start() - start > _MAX_LEAD:
                # A sentence running this far back before its match is text glued
                # without full stops (a list scraped without its line breaks: "…Paid
                # HolidaysAcme is an Equal Opportunity Employer"): it starts at the last
                # word glued to the one before it, or at the match.
                glued = [g.end() for g in _GLUED.finditer(text, m.start() - _MAX_LEAD, m.start())]
                start = glued[-1] if glued else m.start()
            end_m = _SENT_END.search(text, max(m.end() - 1, ls), le + 1)
            end = end_m.end() if end_m and end_m.end() <= le else le
            if end < m.end():
                end = min(max(m.end(), end), le) if m.end() <= le else m.end()
            # Swallow the spaces after the sentence; the whole line → with its newline.
            while end < le and text[end] in " \t":
                end += 1
            if text[start:end].strip() == text[ls:le].strip():
                start, end = ls, lines.full_end(lines.index(max(end - 1, ls)))
            last_end = end
            yield Hit(rule.id, start, end)

    def _blocks(self, c: _Compiled, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        """A start line, through the first ``until`` line after it (at most
        ``max_lines`` on): the end lines are found first, and start lines are looked
        for only within reach of one."""
        rule, until_re, text = c.rule, c.until_re, scan.text
        if until_re is None:
            return
        starts = scan.lines.starts
        until_lines = [
            i
            for i in self._possible_lines(c.prefilter(scan, None, until=True), scan, None)
            if until_re.match(text, starts[i])
        ]
        if not until_lines:
            return
        if rule.max_lines:
            reach = {j for u in until_lines for j in range(max(0, u - rule.max_lines), u)}
            lines = sorted(reach if lines is None else reach.intersection(lines))
        last_end = -1
        index, full_end = scan.lines.index, scan.lines.full_end
        for m in self._line_matches(c, scan, lines):
            if m.start() < last_end:
                continue
            i = index(m.start())
            k = bisect.bisect_right(until_lines, i)
            if k == len(until_lines):
                continue
            ui = until_lines[k]
            if rule.max_lines and ui - i > rule.max_lines:
                continue
            last_end = full_end(ui)
            yield Hit(rule.id, m.start(), last_end)

    @staticmethod
    def _sections(
        c: _Compiled, text: str, lines: Lines, markers: Iterable[MatchLike]
    ) -> Iterator[Hit]:
        """A heading line and what follows it: ``paragraphs`` paragraphs, or up to an
        ``until`` line, at most ``max_lines`` lines of content."""
        rule = c.rule
        last_end = -1
        n = len(lines)
        for m in markers:
            if m.start() < last_end:
                continue
            i = lines.index(m.start())
            end = lines.full_end(i)
            paragraphs = 0
            in_para = False
            content_lines = 0
            for j in range(i + 1, n):
                ls, le = lines.span(j)
                blank = not text[ls:le].strip()
                if c.until_re is not None and not blank and c.until_re.match(text, ls):
                    break
                if blank:
                    if in_para:
                        in_para = False
                        if c.until_re is None and paragraphs >= rule.paragraphs:
                            break
                    continue
                if not in_para:
                    in_para = True
                    paragraphs += 1
                content_lines += 1
                if rule.max_lines and content_lines > rule.max_lines:
                    break
                end = lines.full_end(j)
            last_end = end
            yield Hit(rule.id, m.start(), end)

    @staticmethod
    def _runs(rule: Rule, scan: Scan, lines: list[int] | None) -> Iterator[Hit]:
        """Runs of >= ``min_run`` lines that each match the pattern (language pickers:
        each a language name). Blank lines, and lines matching ``between``, may sit
        inside a run (and ``between`` lines at its end) without counting."""
        pattern, between = rule.pattern, rule.between
        text_lines, blank = scan.lines, scan.blank
        if lines is not None and len(lines) < rule.min_run:
            return  # (a run counts only lines that match: not enough of them)
        if (
            lines is not None
            and pattern is not None
            and between is None
            and not _chained(lines, blank, rule.min_run)
        ):
            return  # (nor enough of them in a row, blank lines aside)
        if pattern is None:
            members = scan.language_lines
        else:
            fullmatch = pattern.fullmatch
            candidates = range(len(text_lines)) if lines is None else lines
            rows = scan.rows
            members = [i for i in candidates if not blank[i] and fullmatch(rows[i].strip())]
        if len(members) < rule.min_run:
            return
        rows = scan.rows

        def joins(j: int) -> bool:  # a line that may sit between two members
            return blank[j] or (
                between is not None and between.fullmatch(rows[j].strip()) is not None
            )

        n = len(text_lines)
        k = 0
        while k < len(members):
            first = last = members[k]
            count = 1
            k += 1
            while k < len(members) and all(joins(j) for j in range(last + 1, members[k])):
                last = members[k]
                # (inside a run, a line that is also a ``between`` line does not count)
                count += not joins(last)
                k += 1
            if count < rule.min_run:
                continue
            # Separator or count lines after the last member belong to the run.
            j = last + 1
            while j < n and joins(j):
                if not blank[j]:
                    last = j
                j += 1
            yield Hit(rule.id, text_lines.starts[first], text_lines.full_end(last))

    @staticmethod
    def _duplicates(rule: Rule, scan: Scan) -> Iterator[Hit]:
        """Lines repeating the previous non-blank line (case and blanks aside)."""
        prev = ""
        lines = scan.lines
        for i, line in enumerate(scan.folded):
            norm = line.strip()
            if not norm:
                continue
            if norm == prev and len(norm) >= 3:
                yield Hit(rule.id, lines.starts[i], lines.full_end(i))
            prev = norm

    @staticmethod
    def _duplicate_blocks(rule: Rule, scan: Scan) -> Iterator[Hit]:
        """Runs of >= ``min_run`` non-blank lines that repeat, in order, a run seen
        earlier (case and blanks aside): a sticky header or a summary card printing the
        title, pay and place again. The first copy stays; list items never count (a
        list repeated, as benefits "pulled from the description", may have its first
        copy removed as a widget). Only windows of lines that occur twice are looked at."""
        k = max(rule.min_run, 2)
        lines = scan.lines
        stripped = [f.strip() for f in scan.folded]
        counts = Counter(stripped)
        # Header and card lines are short: a line of nine words or more, or running
        # text, is the employer's (a list the posting itself repeats stays whole). Each
        # text that repeats is judged once, however often it occurs.
        dupes = {
            t
            for t, n in counts.items()
            if n > 1 and t and t[0] not in "•·-*" and t.count(" ") < 8 and not is_content_line(t)
        }
        if sum(counts[t] for t in dupes) < 2 * k:
            return  # (a copy and the run it repeats: k repeated rows each, at least)
        rows = [(i, t) for i, t in enumerate(stripped) if t]
        repeated = [t in dupes for _i, t in rows]
        seen: dict[tuple[str, ...], int] = {}
        dup = [False] * len(rows)
        run = 0  # repeated rows ending at j
        for j in range(len(rows)):
            run = run + 1 if repeated[j] else 0
            if run < k:
                continue
            window = tuple(t for _i, t in rows[j - k + 1 : j + 1])
            if sum(map(len, window)) < 12 * k:
                continue  # one-word labels repeat by nature
            first = seen.setdefault(window, j)
            if first + k <= j:  # an earlier copy that does not overlap this one
                for m in range(j - k + 1, j + 1):
                    dup[m] = True
        j = 0
        while j < len(rows):
            if not dup[j]:
                j += 1
                continue
            start = j
            while j + 1 < len(rows) and dup[j + 1]:
                j += 1
            yield Hit(rule.id, lines.starts[rows[start][0]], lines.full_end(rows[j][0]))
            j += 1

    # -- convenience ----------------------------------------------------------------

    def clean(
        self,
        data: str | bytes | Path | Document,
        *,
        overrides: Mapping[str, bool] | None = None,
        url: str | None = None,
    ) -> CleanResult:
        doc = data if isinstance(data, Document) else ingest(data, url=url)
        return self.match(doc).resolve(overrides)


_UNMATCHED = sorted(set(KINDS) - set(MATCHERS))
if _UNMATCHED:  # (a kind declared in kinds.py without a matcher here)
    raise ImportError(f"no matcher for the kind(s) {', '.join(_UNMATCHED)} (engine.py)")


# Line-level removals held to the context guards (line, phrase, sentence: kinds.py
# says); repairs and tidying are not judged.
_LINE_LEVEL = frozenset(k.name for k in KINDS.values() if k.guard == "line")
_NOT_JUDGED = frozenset({"encoding", "whitespace"})


def _guard(
    hits: dict[str, list[Hit]],
    rules: Mapping[str, Rule],
    scan: Scan,
    stopper_ids: Mapping[str, list[int]],
) -> None:
    """Hold every rule to the content guards (:mod:`jobdesk.core.guard`), in place:
    legal matches outside boilerplate context and other line-level matches on a duty-
    shaped list item are dropped, and structural removals are cut short where they
    would run into the posting's text."""
    text, lines = scan.text, scan.lines
    apart: dict[int, bool] = {}  # (shared by the legal rules: see is_boilerplate_context)
    for rid in list(hits):
        rule = rules[rid]
        if rule.keep or rule.kind not in _LINE_LEVEL or rule.category in _NOT_JUDGED:
            continue
        if rule.category == LEGAL:
            kept = [
                h for h in hits[rid] if is_boilerplate_context(text, lines, h.start, h.end, apart)
            ]
        else:
            kept = [
                h
                for h in hits[rid]
                if not is_duty_item(text, lines, h.start)
                and not (rule.kind == "sentence" and states_pay(text, h.start, h.end))
            ]
        _set_hits(hits, rid, kept)
    structural = [
        (rid, k, h)
        for rid, hs in hits.items()
        if rules[rid].kind in STRUCTURAL and not rules[rid].keep
        for k, h in enumerate(hs)
    ]
    if not structural:
        return
    # What other rules explain: their removals, and the marker line of every structural
    # hit (a marker is its rule's own evidence).
    markers = (
        lines.span(lines.index(h.end - 1 if rules[rid].kind == "head" else h.start))
        for rid, _k, h in structural
    )
    coverage = Coverage(
        itertools.chain(
            (
                (h.start, h.end)
                for rid, hs in hits.items()
                if rules[rid].kind not in STRUCTURAL and not rules[rid].keep
                for h in hs
                if h.replacement is None
            ),
            markers,
        )
    )
    bounded = bound_structural(
        [(h.start, h.end, rules[rid].kind, rules[rid].category) for rid, _k, h in structural],
        text,
        lines,
        coverage,
        {kind: scan.lines_with(ids) for kind, ids in stopper_ids.items()},
        wordy_lines(text, scan.folded),
    )
    cut: dict[str, dict[int, Hit | None]] = {}
    for (rid, k, h), span in zip(structural, bounded, strict=True):
        if span != (h.start, h.end):
            cut.setdefault(rid, {})[k] = None if span is None else Hit(rid, span[0], span[1])
    for rid, changes in cut.items():
        new = [changes.get(k, h) for k, h in enumerate(hits[rid])]
        _set_hits(hits, rid, [h for h in new if h is not None])


def _set_hits(hits: dict[str, list[Hit]], rid: str, kept: list[Hit]) -> None:
    """A rule's hits after a guard: none left, no entry (a rule without hits has none)."""
    if kept:
        hits[rid] = kept
    else:
        del hits[rid]


# --------------------------------------------------------------------------- resolving


class Matched:
    """The hits of one document; ``resolve`` turns the enabled ones into a result."""

    def __init__(
        self,
        cleaner: Cleaner,
        doc: Document,
        site: str | None,
        hits: dict[str, list[Hit]],
        rules: dict[str, Rule],
        lines: Lines,
        warnings: list[str] | None = None,
        position: Mapping[str, int] | None = None,
    ) -> None:
        """``position``: each rule's place in ``rules`` (worked out when not given)."""
        self.cleaner = cleaner
        # User rules (or site signatures) skipped on this document, one line each.
        self.warnings = warnings or []
        self.document = doc
        self.source = doc.source
        self.site = site
        self.hits_by_rule = hits
        self.rules = rules  # the rules that were active for this document
        self.lines = lines  # the line index of the source (built once, by the Scan)
        order = position if position is not None else {rid: i for i, rid in enumerate(rules)}
        # Removal and repair hits in sweep order; keep hits apart, as whole-line spans.
        self._sorted: list[Hit] = [
            h
            for _s, _e, _o, h in sorted(
                (h.start, -h.end, order[h.rule], h)
                for rid, hs in hits.items()
                if not rules[rid].keep
                for h in hs
            )
        ]
        self._keep_lines: dict[str, list[tuple[int, int]]] = {}
        for rid, hs in hits.items():
            if rules[rid].keep:
                self._keep_lines[rid] = [
                    (
                        lines.starts[lines.index(h.start)],
                        lines.full_end(lines.index(max(h.end - 1, h.start))),
                    )
                    for h in hs
                ]

    @property
    def site_pack(self) -> Pack | None:
        return self.cleaner.rules.pack(self.site) if self.site else None

    @cached_property
    def defaults(self) -> frozenset[str]:
        """The rules on out of the box."""
        return frozenset(rid for rid, r in self.rules.items() if r.default)

    def enabled(self, overrides: Mapping[str, bool] | None = None) -> frozenset[str]:
        if not overrides:
            return self.defaults
        on = set(self.defaults)
        for rid, value in overrides.items():
            if value:
                on.add(rid)
            else:
                on.discard(rid)
        return frozenset(on)

    def resolve(
        self, overrides: Mapping[str, bool] | None = None, *, keep: Iterable[tuple[int, int]] = ()
    ) -> CleanResult:
        """``keep``: more spans never removed (a user's keep exceptions, exceptions.py)."""
        enabled = self.enabled(overrides)
        source = self.source
        keeps = merge_spans(
            itertools.chain(
                (span for rid, spans in self._keep_lines.items() if rid in enabled
                 for span in spans),
                keep,
            )
        )  # fmt: skip
        keep_starts = [k[0] for k in keeps]
        edits: list[Edit] = []
        append = edits.append
        covered = 0
        for h in self._sorted:
            if h.rule not in enabled:
                continue
            if h.replacement is not None:
                if h.start >= covered:
                    append(Edit(h.start, h.end, h.rule, h.replacement))
                    covered = h.end
                continue
            start = h.start if h.start > covered else covered
            if start >= h.end:
                continue
            if not keeps:
                append(Edit(start, h.end, h.rule))
                covered = h.end
                continue
            for s, e in subtract_span(start, h.end, keeps, keep_starts):
                if s < e:
                    append(Edit(s, e, h.rule))
                    covered = max(covered, e)
        edits = _drop_shadowed(edits)
        if TIDY_RULE in enabled and TIDY_RULE in self.rules:
            edits = _tidy(source, edits)
        cleaned = apply_edits(source, edits)
        return CleanResult(
            source=source,
            cleaned=cleaned,
            edits=edits,
            hits_by_rule=self.hits_by_rule,
            site=self.site,
            jsonld=self.document.jsonld,
            enabled=enabled,
            document=self.document,
            warnings=self.warnings,
        )


def _drop_shadowed(edits: list[Edit]) -> list[Edit]:
    """Removals can start inside an earlier replacement; clip them (edits stay disjoint)."""
    out: list[Edit] = []
    end = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < end:
            if e.replacement or e.end <= end:
                continue
            e = Edit(end, e.end, e.rule)
        out.append(e)
        end = e.end
    return out


# A line break, then a run of blank lines that is more than one empty line (two or
# more lines, or one holding blanks): "\n((?:[^\S\n]*\n)+)" without its matches of a
# single empty line (most of them, between paragraphs) for the loop to pass over.
_BLANK_RUN = re.compile(r"\n((?:[^\S\n]+\n|\n(?=[^\S\n]*\n))(?:[^\S\n]*\n)*)")


def _tidy(source: str, edits: list[Edit]) -> list[Edit]:
    """Collapse the blank lines in the output to at most one; trim both ends."""
    out_text = apply_edits(source, edits)
    # Keep exactly one empty line: delete the run but its final newline.
    targets = [(m.start(1), m.end(1) - 1) for m in _BLANK_RUN.finditer(out_text)]
    # The blanks at both ends: what the regexes "\A\s+" and "\s+\Z" match (str.strip's
    # whitespace is the regex's "\s"), without a search trying every position.
    lead = len(out_text) - len(out_text.lstrip())
    if lead:
        targets.append((0, lead))
    trail = len(out_text.rstrip())
    if trail < len(out_text):
        targets.append((trail, len(out_text)))
    if not targets:
        return edits
    targets = merge_spans(targets)
    # Map output ranges back to source ranges through the kept segments.
    emap = EditMap(edits, len(source))
    dropped: set[int] = set()
    extra: list[Edit] = []
    for a, b in targets:
        for seg in emap.overlapping(a, b):
            lo, hi = max(a, seg.clean_start), min(b, seg.clean_end)
            if seg.edit is None:
                shift = seg.src_start - seg.clean_start
                extra.append(Edit(lo + shift, hi + shift, TIDY_RULE))
            elif not seg.edit.replacement.strip():
                dropped.add(id(seg.edit))
                extra.append(Edit(seg.src_start, seg.src_end, TIDY_RULE))
    merged = [e for e in edits if id(e) not in dropped] + extra
    merged.sort(key=lambda e: (e.start, e.end))
    return merged


# ------------------------------------------------------------------------------ API

_DEFAULT: Cleaner | None = None


def default_cleaner() -> Cleaner:
    """A process-wide cleaner over the shipped and user packs (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT


def clean(
    data: str | bytes | Path | Document,
    *,
    overrides: Mapping[str, bool] | None = None,
    url: str | None = None,
    cleaner: Cleaner | None = None,
) -> CleanResult:
    """Clean one input with the default rules (or ``cleaner``)."""
    return (cleaner or default_cleaner()).clean(data, overrides=overrides, url=url)
