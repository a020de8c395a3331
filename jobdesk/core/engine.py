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
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jobdesk.core.ingest import Document, ingest, normalize_newlines
from jobdesk.core.normalize import mojibake_repairs
from jobdesk.core.rules import Pack, Rule, RuleSet, load_rules, squash_blanks

TIDY_RULE = "whitespace.blank-lines"


@dataclass(frozen=True, slots=True)
class Hit:
    rule: str
    start: int
    end: int
    replacement: str | None = None


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    rule: str
    replacement: str = ""

    @property
    def is_removal(self) -> bool:
        return not self.replacement


@dataclass
class CleanResult:
    source: str
    cleaned: str
    edits: list[Edit]
    hits_by_rule: dict[str, list[Hit]]
    site: str | None
    jsonld: dict[str, Any] | None = None
    enabled: frozenset[str] = frozenset()
    document: Document | None = None

    @cached_property
    def fields(self) -> dict[str, Any]:
        """The posting's facts (title, company, pay …), extracted on first use: they
        cost far more than a rule toggle, so a toggle never pays for them."""
        from jobdesk.core.fields import extract_fields

        return extract_fields(self)

    def removed_chars(self) -> int:
        return sum(e.end - e.start for e in self.edits if e.is_removal)

    def rule_counts(self) -> dict[str, int]:
        """Edits credited to each rule in this result (what was actually removed)."""
        return dict(Counter(e.rule for e in self.edits))


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(source[pos : e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(source[pos:])
    return "".join(parts)


# ------------------------------------------------------------------------ line index


class Lines:
    """Line starts of a text, for O(log n) offset → line lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

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
    if _LANG_ENTRY.match(s):
        return True
    return s.lower() in _LANG_WORDS or s.lower() in (
        "bahasa malaysia", "bahasa indonesia", "tiếng việt", "language", "languages",
    )  # fmt: skip


def _norm_line(s: str) -> str:
    return " ".join(s.split()).casefold()


@dataclass
class Scan:
    """A document prepared for matching: its text lower-cased (for the literal
    prefilters), with blank runs squashed, and its line index."""

    doc: Document
    text: str
    lowered: str
    squashed: str
    lines: Lines

    @classmethod
    def of(cls, doc: Document) -> Scan:
        text = doc.source
        lowered = text.lower()
        return cls(doc, text, lowered, squash_blanks(lowered), Lines(text))

    @property
    def aligned(self) -> bool:
        """Offsets in ``lowered`` are offsets in ``text`` (lower-casing kept lengths)."""
        return len(self.lowered) == len(self.text)


@dataclass
class _Compiled:
    rule: Rule
    line_re: re.Pattern[str] | None = None
    until_re: re.Pattern[str] | None = None


def _line_hit(rule_id: str, m: re.Match[str], text: str) -> Hit:
    """A whole-line match, taken with its newline."""
    end = m.end() + 1 if m.end() < len(text) else m.end()
    return Hit(rule_id, m.start(), end)


_DETECT_CHARS = 300_000  # site signatures are looked for in the first 300,000 characters


def _line_regex(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A whole-line version of ``pattern`` (leading/trailing blanks allowed)."""
    return re.compile(rf"^{_H}*(?:{pattern.pattern}){_H}*$", pattern.flags | re.MULTILINE)


class Cleaner:
    """Compiled rules, ready to match documents. Build once, reuse."""

    def __init__(self, rules: RuleSet | None = None) -> None:
        self.rules = rules if rules is not None else load_rules()
        self._compiled: dict[str, _Compiled] = {}
        for rule in self.rules.rules:
            c = _Compiled(rule)
            if rule.pattern is not None and rule.kind in (
                "line", "section", "tail", "head", "block",
            ):  # fmt: skip
                c.line_re = _line_regex(rule.pattern)
            if rule.until is not None:
                c.until_re = _line_regex(rule.until)
            self._compiled[rule.id] = c
        # Site signatures with the literals one of which each needs (a cheap prefilter).
        self._detect = [
            (pack, list(zip(pack.detect, pack.detect_literals, strict=True)))
            for pack in self.rules.packs
            if pack.is_site
        ]

    # -- site detection ---------------------------------------------------------

    def detect_site(self, text: str, url: str | None = None) -> str | None:
        """The site pack whose signatures the text (or URL) shows most: a URL match
        counts 3, each ``detect`` pattern found 1; ties go to the higher ``priority``."""
        sample = text[:_DETECT_CHARS]
        return self._best_site(sample, squash_blanks(sample.lower()), url)

    def _detect_in(self, scan: Scan, url: str | None) -> str | None:
        """:meth:`detect_site` on a scanned document, reusing its lower-cased text. The
        page <title> counts too ("Job Application for … at …" is only there)."""
        text, squashed = scan.text, scan.squashed
        if len(text) > _DETECT_CHARS:
            text = text[:_DETECT_CHARS]
            squashed = squash_blanks(text.lower())
        title = scan.doc.title
        if title:
            text = f"{title}\n{text}"
            squashed = f"{squash_blanks(title.lower())}\n{squashed}"
        return self._best_site(text, squashed, url)

    def _best_site(self, sample: str, squashed: str, url: str | None) -> str | None:
        best: tuple[int, int, str] | None = None
        for pack, signatures in self._detect:
            score = 0
            if url and any(p.search(url) for p in pack.urls):
                score += 3
            score += sum(
                1
                for p, literals in signatures
                if (not literals or any(lit in squashed for lit in literals)) and p.search(sample)
            )
            if score and (best is None or (score, pack.priority) > best[:2]):
                best = (score, pack.priority, pack.id)
        return best[2] if best else None

    def active_rules(self, site: str | None) -> list[Rule]:
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

    def match(self, doc: Document | str, *, site: str | None = None) -> Matched:
        if isinstance(doc, str):
            doc = Document(source=normalize_newlines(doc), raw=doc)
        scan = Scan.of(doc)
        if site is None:
            site = self._detect_in(scan, doc.url)
        hits: dict[str, list[Hit]] = {}
        rules = self.active_rules(site)
        for rule in rules:
            found = self.match_rule(rule, scan)
            if found:
                hits[rule.id] = found
        return Matched(self, doc, site, hits, {r.id: r for r in rules}, scan.lines)

    def match_rule(self, rule: Rule, scan: Scan) -> list[Hit]:
        """The hits of one rule on one document."""
        if rule.required and not any(r in scan.squashed for r in rule.required):
            return []
        compiled = self._compiled[rule.id]
        if rule.kind in ("line", "phrase", "sentence") and rule.required and scan.aligned:
            return list(self._match_candidates(compiled, scan))
        return list(self._match_rule(compiled, scan.doc, scan.lines))

    @staticmethod
    def _candidate_lines(required: tuple[str, ...], scan: Scan) -> list[int]:
        """Lines holding the longest word of one of the literals."""
        lowered, lines = scan.lowered, scan.lines
        found: set[int] = set()
        for lit in required:
            word = max(lit.split(" "), key=len)
            pos = lowered.find(word)
            while pos >= 0:
                i = lines.index(pos)
                found.add(i)
                pos = lowered.find(word, lines.full_end(i))
        return sorted(found)

    def _match_candidates(self, c: _Compiled, scan: Scan) -> Iterator[Hit]:
        """Line, phrase and sentence rules, run only on the lines that hold one of the
        rule's literals (their matches never cross a line)."""
        rule = c.rule
        text, lines = scan.text, scan.lines
        candidates = self._candidate_lines(rule.required, scan)
        if rule.kind == "line":
            assert c.line_re is not None
            for i in candidates:
                m = c.line_re.match(text, lines.starts[i])
                if m:
                    yield _line_hit(rule.id, m, text)
            return
        assert rule.pattern is not None
        pattern = rule.pattern
        matches = (
            m
            for i in candidates
            for m in pattern.finditer(text, lines.starts[i], lines.span(i)[1])
            if m.end() > m.start()
        )
        if rule.kind == "phrase":
            for m in matches:
                yield Hit(rule.id, m.start(), m.end())
        else:
            yield from self._sentences(rule, text, lines, matches)

    def _match_rule(self, c: _Compiled, doc: Document, lines: Lines) -> Iterator[Hit]:
        rule = c.rule
        text = doc.source
        kind = rule.kind
        rid = rule.id
        if kind == "line":
            assert c.line_re is not None
            for m in c.line_re.finditer(text):
                yield _line_hit(rid, m, text)
        elif kind == "phrase":
            assert rule.pattern is not None
            for m in rule.pattern.finditer(text):
                if m.end() > m.start():
                    yield Hit(rid, m.start(), m.end())
        elif kind == "sentence":
            assert rule.pattern is not None
            yield from self._sentences(rule, text, lines, rule.pattern.finditer(text))
        elif kind in ("section", "block"):
            yield from self._sections(c, text, lines)
        elif kind == "tail":
            assert c.line_re is not None
            floor = int(rule.min_offset * len(text))
            ms = [m for m in c.line_re.finditer(text, floor)]
            if ms:
                m = ms[-1] if rule.occurrence == "last" else ms[0]
                start = (
                    m.start()
                    if rule.include_marker is not False
                    else lines.full_end(lines.index(m.start()))
                )
                if start < len(text):
                    yield Hit(rid, start, len(text))
        elif kind == "head":
            assert c.line_re is not None
            ms = list(c.line_re.finditer(text))
            if ms:
                m = ms[-1] if rule.occurrence == "last" else ms[0]
                i = lines.index(m.start())
                end = lines.full_end(i) if rule.include_marker else lines.starts[i]
                if end > 0:
                    yield Hit(rid, 0, end)
        elif kind == "html-region":
            for r in doc.regions:
                if r.kind == rule.region:
                    yield Hit(rid, r.start, r.end)
        elif kind in ("language-picker", "run"):
            yield from self._runs(rule, lines)
        elif kind == "duplicate-line":
            yield from self._duplicates(rule, lines)
        elif kind == "mojibake":
            for start, end, repl in mojibake_repairs(text):
                yield Hit(rid, start, end, repl or None)
        elif kind == "replace":
            assert rule.pattern is not None
            for m in rule.pattern.finditer(text):
                if m.end() > m.start():
                    repl = m.expand(rule.replacement)
                    yield Hit(rid, m.start(), m.end(), repl if repl else None)
        # "blank-lines" is applied in resolve().

    @staticmethod
    def _sentences(
        rule: Rule, text: str, lines: Lines, matches: Iterable[re.Match[str]]
    ) -> Iterator[Hit]:
        last_end = -1
        for m in matches:
            if m.start() < last_end:
                continue
            li = lines.index(m.start())
            ls, le = lines.span(li)
            # Sentence start: after the last sentence end before the match, on this line.
            start = ls
            # (endpos one past the match start, so the look-ahead sees its capital)
            for sm in _SENT_START.finditer(text, ls, min(m.start() + 1, le)):
                if sm.end() <= m.start() and sm.end() > start:
                    start = sm.end()
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

    @staticmethod
    def _sections(c: _Compiled, text: str, lines: Lines) -> Iterator[Hit]:
        rule = c.rule
        assert c.line_re is not None
        last_end = -1
        until_starts: list[int] | None = None
        for m in c.line_re.finditer(text):
            if m.start() < last_end:
                continue
            i = lines.index(m.start())
            n = len(lines)
            j = i + 1
            end = lines.full_end(i)
            if rule.kind == "block":
                if c.until_re is None:
                    continue
                if until_starts is None:  # every end line, found once (no O(n²) searches)
                    until_starts = [u.start() for u in c.until_re.finditer(text)]
                k = bisect.bisect_left(until_starts, end)
                if k == len(until_starts):
                    continue
                ui = lines.index(until_starts[k])
                if rule.max_lines and ui - i > rule.max_lines:
                    continue
                end = lines.full_end(ui)
            else:
                paragraphs = 0
                in_para = False
                content_lines = 0
                while j < n:
                    ls, le = lines.span(j)
                    line = text[ls:le]
                    blank = not line.strip()
                    if c.until_re is not None and not blank and c.until_re.match(text, ls):
                        break
                    if blank:
                        if in_para:
                            in_para = False
                            if c.until_re is None and paragraphs >= rule.paragraphs:
                                break
                    else:
                        if not in_para:
                            in_para = True
                            paragraphs += 1
                        content_lines += 1
                        if rule.max_lines and content_lines > rule.max_lines:
                            break
                    if not blank:
                        end = lines.full_end(j)
                    j += 1
            last_end = end
            yield Hit(rule.id, m.start(), end)

    @staticmethod
    def _runs(rule: Rule, lines: Lines) -> Iterator[Hit]:
        """Runs of >= ``min_run`` lines that each match the pattern (language pickers:
        each a language name). Blank lines, and lines matching ``between``, may sit
        inside a run without counting."""
        pattern, between = rule.pattern, rule.between
        run_start = -1
        count = 0
        last = -1
        n = len(lines)
        for i in range(n + 1):
            line = lines.line(i).strip() if i < n else ""
            if i < n and run_start >= 0 and not line:
                continue
            if i < n and run_start >= 0 and between is not None and between.fullmatch(line):
                last = i  # a separator or count line belongs to the run
                continue
            if i < n and line:
                member = bool(pattern.fullmatch(line)) if pattern else _is_language_line(line)
            else:
                member = False
            if member:
                if run_start < 0:
                    run_start, count = i, 0
                count += 1
                last = i
            else:
                if run_start >= 0 and count >= rule.min_run:
                    yield Hit(rule.id, lines.starts[run_start], lines.full_end(last))
                run_start, count = -1, 0

    @staticmethod
    def _duplicates(rule: Rule, lines: Lines) -> Iterator[Hit]:
        prev = ""
        for i in range(len(lines)):
            line = lines.line(i)
            if not line.strip():
                continue
            norm = _norm_line(line)
            if norm == prev and len(norm) >= 3:
                yield Hit(rule.id, lines.starts[i], lines.full_end(i))
            prev = norm

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


# --------------------------------------------------------------------------- resolving


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _subtract(
    s: int, e: int, keeps: list[tuple[int, int]], keep_starts: list[int]
) -> list[tuple[int, int]]:
    if not keeps:
        return [(s, e)]
    pieces = []
    i = max(bisect.bisect_right(keep_starts, s) - 1, 0)
    cur = s
    while i < len(keeps) and keeps[i][0] < e:
        ks, ke = keeps[i]
        if ke > cur:
            if ks > cur:
                pieces.append((cur, ks))
            cur = max(cur, ke)
        i += 1
    if cur < e:
        pieces.append((cur, e))
    return pieces


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
    ) -> None:
        self.cleaner = cleaner
        self.document = doc
        self.source = doc.source
        self.site = site
        self.hits_by_rule = hits
        self.rules = rules  # the rules that were active for this document
        self.lines = lines  # the line index of the source (built once, by the Scan)
        order = {rid: i for i, rid in enumerate(rules)}
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

    def enabled(self, overrides: Mapping[str, bool] | None = None) -> frozenset[str]:
        on = {rid for rid, r in self.rules.items() if r.default}
        for rid, value in (overrides or {}).items():
            if value:
                on.add(rid)
            else:
                on.discard(rid)
        return frozenset(on)

    def resolve(self, overrides: Mapping[str, bool] | None = None) -> CleanResult:
        enabled = self.enabled(overrides)
        source = self.source
        keeps = _merge(
            span for rid, spans in self._keep_lines.items() if rid in enabled for span in spans
        )
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
            for s, e in _subtract(start, h.end, keeps, keep_starts):
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


_BLANK_RUN = re.compile(r"\n((?:[^\S\n]*\n)+)")
_LEADING = re.compile(r"\A\s+")
_TRAILING = re.compile(r"\s+\Z")


def _tidy(source: str, edits: list[Edit]) -> list[Edit]:
    """Collapse the blank lines in the output to at most one; trim both ends."""
    out_text = apply_edits(source, edits)
    targets: list[tuple[int, int]] = []
    for m in _BLANK_RUN.finditer(out_text):
        # Keep exactly one empty line: delete the run but its final newline.
        if m.end(1) - 1 > m.start(1):
            targets.append((m.start(1), m.end(1) - 1))
    for edge in (_LEADING.search(out_text), _TRAILING.search(out_text)):
        if edge:
            targets.append((edge.start(), edge.end()))
    if not targets:
        return edits
    targets = _merge(targets)
    # Map output ranges back to source ranges through the kept segments.
    segs: list[tuple[int, int, int, Edit | None]] = []  # (out_start, out_end, src_start, edit)
    pos = 0
    out_pos = 0
    for e in edits:
        if e.start > pos:
            segs.append((out_pos, out_pos + e.start - pos, pos, None))
            out_pos += e.start - pos
        if e.replacement:
            segs.append((out_pos, out_pos + len(e.replacement), e.start, e))
            out_pos += len(e.replacement)
        pos = e.end
    if pos < len(source):
        segs.append((out_pos, out_pos + len(source) - pos, pos, None))
    seg_starts = [s[0] for s in segs]
    dropped: set[int] = set()
    extra: list[Edit] = []
    for a, b in targets:
        k = max(bisect.bisect_right(seg_starts, a) - 1, 0)
        while k < len(segs) and segs[k][0] < b:
            os_, oe, ss, edit = segs[k]
            lo, hi = max(a, os_), min(b, oe)
            if lo < hi:
                if edit is None:
                    extra.append(Edit(ss + lo - os_, ss + hi - os_, TIDY_RULE))
                elif not edit.replacement.strip():
                    dropped.add(id(edit))
                    extra.append(Edit(edit.start, edit.end, TIDY_RULE))
            k += 1
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
