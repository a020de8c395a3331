"""Rules from a selection of raw text ("Remove text like this").

:func:`propose` offers rules from the most specific to the broadest:

1. ``line`` — this exact line;
2. ``line-general`` — this line with its numbers, dates and ages generalised
   ("36 applicants · 2 days ago" → any count, any age), when it has any;
3. ``phrase`` — the selected words, anywhere (a selection inside one line);
4. ``section`` — from this heading to the end of its section;
5. ``tail`` — from this line to the end of the page.

Each proposal is a ``[[rule]]`` table that loads through the pack schema and the kind
registry (:func:`check`), with the selection (or, for a whole-line rule, the line it is
on) as ``examples.remove``. A proposal whose example is not removed (the content guards
keep a list item of running text, whatever rule names it) says so in ``problem`` and
cannot be saved. :func:`preview` shows what it removes in this posting and in
how many of a collection of postings (the library), with examples; :func:`save` appends
it to the user's pack with tomlkit (which keeps the file's comments and layout; tomllib
only reads), after loading the new file back.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobdesk.core.editmap import merge_spans
from jobdesk.core.engine import NO_SITE, Cleaner
from jobdesk.core.ingest import Document, normalize_newlines
from jobdesk.core.kinds import KINDS as KIND_REGISTRY
from jobdesk.core.rules import Pack, PackError, RuleSet, parse_pack, read_pack
from jobdesk.paths import user_rules_dir

LEVELS = ("line", "line-general", "phrase", "section", "tail")
LABELS = {
    "line": "This exact line",
    "line-general": "This line, any numbers and dates",
    "phrase": "This phrase anywhere",
    "section": "From this heading to the end of its section",
    "tail": "From this line to the end of the page",
}
USER_PACK = "my-rules.toml"
USER_PACK_ID = "user"
MAX_SELECTION = 300  # characters of a selection a rule is made from


class ProposeError(Exception):
    """A selection no rule can be made from, or a rule that does not load; one line."""


@dataclass(frozen=True)
class Proposal:
    level: str
    label: str
    rule: dict[str, Any]  # the [[rule]] table
    # Why it cannot be saved (its example is not removed: the content guards keep a
    # list item of running text whatever rule names it); "" when it can.
    problem: str = ""

    @property
    def id(self) -> str:
        return str(self.rule["id"])

    def pack_text(self, pack_id: str = USER_PACK_ID) -> str:
        """A pack holding only this rule, as TOML."""
        import tomlkit

        doc = tomlkit.document()
        doc["pack"] = {"id": pack_id, "name": "My rules"}
        rules = tomlkit.aot()
        rules.append(tomlkit.item(self.rule))
        doc["rule"] = rules
        return tomlkit.dumps(doc)


# -- generalising a line --------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,:/'’-]\d+)*")
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
    "june|july|august|september|october|november|december"
)
_MONTH = re.compile(rf"\b(?:{_MONTHS})\b\.?", re.IGNORECASE)
_UNIT = re.compile(
    r"\b(?:second|minute|hour|day|week|month|year)s?\b|\b(?:sec|min|hr|mo|yr)s?\b",
    re.IGNORECASE,
)
_ANY_NUMBER = r"\d+(?:[.,:/'’-]\d+)*"
_ANY_MONTH = rf"(?:{_MONTHS})\.?"
_ANY_UNIT = r"(?:second|minute|hour|day|week|month|year|sec|min|hr|mo|yr)s?"


def generalise(line: str) -> str | None:
    """A pattern for ``line`` with its numbers, month names and time units generalised
    (its other words literal, a space for any blanks); None if it has none of them."""
    pieces: list[tuple[int, int, str]] = []
    for rx, repl in ((_NUMBER, _ANY_NUMBER), (_MONTH, _ANY_MONTH), (_UNIT, _ANY_UNIT)):
        for m in rx.finditer(line):
            if not any(s < m.end() and m.start() < e for s, e, _ in pieces):
                pieces.append((m.start(), m.end(), repl))
    if not pieces:
        return None
    pieces.sort()
    out: list[str] = []
    pos = 0
    for s, e, repl in pieces:
        out.append(_literal(line[pos:s]))
        out.append(repl)
        pos = e
    out.append(_literal(line[pos:]))
    return "".join(out).strip()


def _literal(text: str) -> str:
    """``text`` as a pattern: each run of blanks one space (any blanks, in a rule)."""
    parts = re.split(r"\s+", text)
    return " ".join(re.escape(p) for p in parts)


# -- proposals --------------------------------------------------------------------------

_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    words = _SLUG.sub("-", text.lower()).strip("-")
    return "-".join(words.split("-")[:5])[:40].strip("-") or "rule"


def _unique(base: str, taken: set[str]) -> str:
    rid, n = base, 2
    while rid in taken:
        rid = f"{base}-{n}"
        n += 1
    taken.add(rid)
    return rid


def propose(
    source: str,
    start: int,
    end: int,
    *,
    category: str = "site-chrome",
    prefix: str = USER_PACK_ID,
    taken: Collection[str] = (),
    site: str | None = None,
) -> list[Proposal]:
    """Rules from ``source[start:end]``, most specific first. ``taken``: rule ids in use
    (the new ids avoid them); ``site``: the rules apply on that site only."""
    start, end = max(0, start), min(len(source), end)
    selected = source[start:end].strip()
    if not selected:
        raise ProposeError("select some text first")
    if len(selected) > MAX_SELECTION:
        raise ProposeError(f"select at most {MAX_SELECTION} characters (one line or phrase)")
    # Trim the selection to its text, then find the line it starts on.
    start += len(source[start:end]) - len(source[start:end].lstrip())
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", start)
    line_end = len(source) if line_end < 0 else line_end
    line = source[line_start:line_end].strip()
    one_line = "\n" not in selected
    ids = set(taken)
    slug = _slug(selected)
    common: dict[str, Any] = {"category": category}
    if site:
        common["sites"] = [site]
    short = " ".join(selected.split())
    short = short if len(short) <= 40 else short[:39] + "…"

    def make(level: str, kind: str, key: str, value: Any, example: str) -> Proposal:
        rule: dict[str, Any] = {
            "id": _unique(f"{prefix}.{slug}" + ("" if level == "line" else f"-{level}"), ids),
            "name": f"{LABELS[level]}: {short}",
            "description": "Made from a selection in jobdesk.",
            "kind": kind,
            **common,
            key: value,
            "examples": {"remove": [example]},
        }
        return Proposal(level, LABELS[level], rule)

    out: list[Proposal] = []
    if one_line:
        out.append(make("line", "line", "phrases", [line], line))
        general = generalise(line)
        if general is not None:
            out.append(make("line-general", "line", "pattern", general, line))
        out.append(make("phrase", "phrase", "phrases", [" ".join(selected.split())], selected))
    out.append(make("section", "section", "phrases", [line], line))
    out.append(make("tail", "tail", "phrases", [line], line))
    return [_checked(p) for p in out]


GUARDED = "the content guards keep this text (it reads like the posting): no rule removes it"


def _checked(p: Proposal) -> Proposal:
    """``p``, or ``p`` with its problem when its example is not removed."""
    try:
        check(p)
    except ProposeError as exc:
        pack = load_proposal(p)  # (loads: the schema is not what failed)
        rule = pack.rules[0]
        example = p.rule["examples"]["remove"][0]
        guarded = rule.pattern is not None and rule.pattern.search(example) is not None
        return Proposal(p.level, p.label, p.rule, GUARDED if guarded else str(exc))
    return p


# -- checking ---------------------------------------------------------------------------


def load_proposal(p: Proposal, pack_id: str = USER_PACK_ID) -> Pack:
    """The proposal as a loaded (user) pack; ProposeError if the schema or the kind
    registry refuses it."""
    if p.rule.get("kind") not in KIND_REGISTRY:
        raise ProposeError(f"unknown kind {p.rule.get('kind')!r}")
    try:
        pack, errors = parse_pack(p.pack_text(pack_id), "proposal.toml", user=True)
    except PackError as exc:
        raise ProposeError(str(exc)) from None
    if errors or len(pack.rules) != 1:
        raise ProposeError(str(errors[0]) if errors else "the rule did not load")
    return pack


@dataclass(frozen=True)
class ExampleResult:
    """One example of a rule, run: ``expect`` whether the rule should hit it (a remove
    example of a remove rule, a keep example of a keep rule), ``got`` whether it did,
    ``removed`` the text its hits cover (merged, blanks squeezed), ``slow`` when the
    rule ran out of its time budget on it (bounded.py: it was skipped)."""

    rule_id: str
    text: str
    expect: bool
    got: bool
    removed: tuple[str, ...] = ()
    slow: bool = False

    @property
    def ok(self) -> bool:
        return self.got == self.expect and not self.slow

    @property
    def remove_example(self) -> bool:
        """An ``examples.remove`` text (else ``examples.keep``)."""
        return self.expect


def example_results(pack: Pack, cleaner: Cleaner) -> list[ExampleResult]:
    """Every example of ``pack``'s rules, run as ``jobdesk rules test`` runs it (on the
    pack's site, or the rule's first site, through the whole engine and its guards).
    ``cleaner`` must hold the pack."""
    out = []
    for rule in pack.rules:
        site = pack.id if pack.is_site else (rule.sites[0] if rule.sites else NO_SITE)
        hit, miss = (
            (rule.examples_keep, rule.examples_remove)
            if rule.keep
            else (rule.examples_remove, rule.examples_keep)
        )
        slow_mark = f"rule {rule.id!r}: took over"
        for should, texts in ((True, hit), (False, miss)):
            for text in texts:
                doc = Document(source=normalize_newlines(text))
                m = cleaner.match(doc, site=site)
                hits = m.hits_by_rule.get(rule.id, [])
                spans = merge_spans((h.start, h.end) for h in hits)
                removed = tuple(" ".join(m.source[s:e].split()) for s, e in spans)
                slow = any(slow_mark in w for w in m.warnings)
                out.append(ExampleResult(rule.id, text, should, bool(hits), removed, slow))
    return out


def example_failures(pack: Pack, cleaner: Cleaner) -> list[str]:
    """One line per example of ``pack``'s rules that fails: a remove example its rule
    does not hit, or a keep example it hits (the other way round for a keep rule).
    ``cleaner`` must hold the pack."""
    failures = []
    for r in example_results(pack, cleaner):
        if r.got != r.expect:
            verb = "should match" if r.expect else "must not match"
            failures.append(f"{pack.path}: rule {r.rule_id!r} {verb}: {r.text!r}")
    return failures


def check(p: Proposal) -> Pack:
    """Load the proposal and run its examples (each must be hit); ProposeError if not."""
    pack = load_proposal(p)
    failures = example_failures(pack, Cleaner(RuleSet(packs=[pack])))
    if failures:
        raise ProposeError(failures[0])
    return pack


# -- preview ----------------------------------------------------------------------------


@dataclass
class Preview:
    """What a proposed rule removes here and across a collection of postings."""

    here: list[str]  # the removed text in this posting, one snippet per removal
    here_chars: int
    postings: int = 0  # postings of the collection it removes something from
    scanned: int = 0
    examples: list[tuple[str, str]] = field(default_factory=list)  # (label, snippet)
    warnings: list[str] = field(default_factory=list)


# A posting of the collection: its label (a title), its text or document, its site.
Sample = tuple[str, Document | str, str | None]


def _removed(cleaner: Cleaner, rule_id: str, doc: Document | str, site: str | None) -> tuple[
    list[str], int, list[str]
]:  # fmt: skip
    m = cleaner.match(doc, site=site or NO_SITE)
    spans = merge_spans((h.start, h.end) for h in m.hits_by_rule.get(rule_id, []))
    texts = [" ".join(m.source[s:e].split()) for s, e in spans]
    return [t for t in texts if t], sum(e - s for s, e in spans), m.warnings


def preview(
    p: Proposal,
    doc: Document | str,
    site: str | None = None,
    library: Iterable[Sample] = (),
    *,
    examples: int = 5,
    width: int = 80,
) -> Preview:
    """What ``p`` removes in ``doc`` (on ``site``) and in how many postings of
    ``library``, with up to ``examples`` snippets from them. The rule runs as a user
    rule: with a time limit (a pattern that runs away is skipped, with a warning)."""
    pack = load_proposal(p)
    cleaner = Cleaner(RuleSet(packs=[pack]))
    here, chars, warnings = _removed(cleaner, p.id, doc, site)
    out = Preview(here, chars, warnings=list(warnings))
    for label, text, posting_site in library:
        out.scanned += 1
        found, _n, warned = _removed(cleaner, p.id, text, posting_site)
        out.warnings.extend(f"{label}: {w}" for w in warned)
        if found:
            out.postings += 1
            if len(out.examples) < examples:
                snippet = found[0] if len(found[0]) <= width else found[0][: width - 1] + "…"
                out.examples.append((label, snippet))
    return out


# -- saving -----------------------------------------------------------------------------


def save(p: Proposal, path: Path | None = None, *, taken: Collection[str] = ()) -> Path:
    """Append ``p`` to the user's pack (``my-rules.toml`` in the user rules folder by
    default; made with a ``[pack]`` table if new). The new file is loaded back first: if
    it does not load with the new rule (or the rule's id is in ``taken`` or the pack),
    nothing is written and ProposeError says why."""
    import tomlkit

    path = path if path is not None else user_rules_dir() / USER_PACK
    if p.problem:
        raise ProposeError(p.problem)
    if p.id in taken:
        raise ProposeError(f"a rule {p.id!r} is already loaded")
    if path.exists():
        try:
            doc = tomlkit.parse(read_pack(path))
        except PackError as exc:
            raise ProposeError(str(exc)) from None
        except Exception as exc:  # tomlkit's parse errors
            raise ProposeError(f"{path}: not valid TOML: {exc}") from None
    else:
        doc = tomlkit.document()
        doc["pack"] = {"id": USER_PACK_ID, "name": "My rules"}
    if "rule" not in doc:
        doc["rule"] = tomlkit.aot()
    rules = doc["rule"]
    if not isinstance(rules, tomlkit.items.AoT):
        raise ProposeError(f"{path}: its rules are not [[rule]] tables")
    rules.append(tomlkit.item(p.rule))
    text = tomlkit.dumps(doc)
    try:
        pack, errors = parse_pack(text, str(path), user=True)
    except PackError as exc:
        raise ProposeError(str(exc)) from None
    mine = [e for e in errors if e.rule_id == p.id]
    if mine:
        raise ProposeError(str(mine[0]))
    if sum(r.id == p.id for r in pack.rules) != 1:
        raise ProposeError(f"{path}: the rule {p.id!r} did not load back")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
