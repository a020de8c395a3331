"""The rule model and the loading of rule packs (TOML files).

A pack is a TOML file with one ``[pack]`` table and any number of ``[[rule]]`` tables
(see ``docs`` in the README and DESIGN.md §2). Packs shipped with jobdesk live in
``jobdesk/rules/``; a user's own packs are ``*.toml`` files in ``<config dir>/rules/``.

Loading never stops at the first bad pack: every problem becomes a :class:`PackError`
naming the file, the rule id and the problem, and the other packs still load.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

CATEGORIES: dict[str, str] = {
    "site-chrome": "Site chrome",
    "applicant-insights": "Applicant insights",
    "recommendations": "Recommendations",
    "application-form": "Application form",
    "company-marketing": "Company marketing",
    "legal-boilerplate": "Legal boilerplate",
    "contact-details": "Contact details",
    "navigation-footer": "Navigation / footer",
    "encoding": "Encoding",
    "whitespace": "Whitespace",
    "keep": "Keep (exceptions)",
}

PATTERN_KINDS = frozenset({"line", "phrase", "sentence", "section", "tail", "head", "block"})
# Kinds whose matching is code, not a single pattern (see engine.py / normalize.py).
CODE_KINDS = frozenset(
    {"html-region", "language-picker", "run", "duplicate-line", "mojibake", "replace",
     "blank-lines", "cards", "duplicate-block"}
)  # fmt: skip
KINDS = PATTERN_KINDS | CODE_KINDS
ACTIONS = frozenset({"remove", "keep"})

RULE_KEYS = frozenset(
    {
        "id", "name", "description", "category", "kind", "pattern", "phrases", "default",
        "sites", "examples", "action", "until", "paragraphs", "max_lines", "include_marker",
        "case_sensitive", "region", "min_run", "replacement", "occurrence", "min_offset",
        "between",
    }
)  # fmt: skip
PACK_KEYS = frozenset({"id", "name", "description", "detect", "urls", "priority"})


class PackError(Exception):
    """A problem with one pack or one rule; names the file, the rule and the problem."""

    def __init__(self, path: str, problem: str, rule_id: str | None = None) -> None:
        self.path = path
        self.rule_id = rule_id
        self.problem = problem
        where = f"{path}: rule {rule_id!r}" if rule_id else path
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, eq=False)
class Rule:
    """One removal (or keep) rule. Immutable; identity is ``id``."""

    id: str
    name: str
    category: str
    kind: str
    pack: str = "generic"
    description: str = ""
    pattern: re.Pattern[str] | None = None
    default: bool = True
    action: str = "remove"
    sites: tuple[str, ...] = ()
    until: re.Pattern[str] | None = None
    between: re.Pattern[str] | None = None
    paragraphs: int = 1
    max_lines: int = 0
    include_marker: bool | None = None
    occurrence: str = "first"
    min_offset: float = 0.0
    region: str = ""
    min_run: int = 3
    replacement: str = ""
    examples_remove: tuple[str, ...] = ()
    examples_keep: tuple[str, ...] = ()
    # Lower-cased literals of which every match contains at least one; a text that
    # holds none of them cannot match, so the (costly) regex is not run at all.
    required: tuple[str, ...] = ()

    @property
    def keep(self) -> bool:
        return self.action == "keep"

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)


@dataclass(frozen=True)
class Pack:
    id: str
    name: str
    path: str
    rules: tuple[Rule, ...]
    description: str = ""
    detect: tuple[re.Pattern[str], ...] = ()
    urls: tuple[re.Pattern[str], ...] = ()
    # For each detect pattern, the literals one of which it needs (see Rule.required).
    detect_literals: tuple[tuple[str, ...], ...] = ()
    user: bool = False
    priority: int = 0  # breaks ties in site detection (higher wins)

    @property
    def is_site(self) -> bool:
        return bool(self.detect or self.urls)


@dataclass
class RuleSet:
    """Every loaded pack, plus the errors of the packs that did not load."""

    packs: list[Pack] = field(default_factory=list)
    errors: list[PackError] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id: dict[str, Rule] = {r.id: r for p in self.packs for r in p.rules}

    @property
    def rules(self) -> Iterator[Rule]:
        for pack in self.packs:
            yield from pack.rules

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def pack(self, pack_id: str) -> Pack | None:
        return next((p for p in self.packs if p.id == pack_id), None)


# --------------------------------------------------------------------------- patterns

_BLANKS = r"(?:[^\S\n]+)"


def _tolerant(source: str) -> str:
    """Replace each literal space outside a character class by "one or more blanks"."""
    out: list[str] = []
    i, n = 0, len(source)
    in_class = False
    while i < n:
        ch = source[i]
        if ch == "\\" and i + 1 < n:
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]" and not (out and out[-1] in ("[", "[^")):
                in_class = False
            out.append(ch)
        elif ch == "[":
            in_class = True
            if source.startswith("[^", i):
                out.append("[^")
                i += 2
                continue
            out.append(ch)
        elif ch == " ":
            out.append(_BLANKS)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def compile_pattern(source: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """Compile a rule pattern: case-insensitive and whitespace tolerant.

    A literal space in a pattern (outside a character class) matches any run of
    horizontal whitespace, NBSP included, so ``people clicked apply`` also matches
    ``people  clicked\xa0apply``; ``a ?b`` still means an optional blank.
    """
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(_tolerant(source), flags)


def phrases_pattern(phrases: Iterable[str]) -> str:
    """A regex source matching any of the literal phrases (longest first)."""
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", " ") for p in parts) + ")"


def required_literals(source: str, *, case_sensitive: bool = False) -> tuple[str, ...]:
    """Lower-cased literals of which every match of the pattern ``source`` (as written,
    before blanks are made tolerant) contains at least one.

    Walks the parsed regex: a sequence needs its most selective literal run (or the
    alternatives of one of its groups); an alternation needs one literal of each
    branch. Blanks inside a literal stand for any run of blanks: test the literals
    against text whose blank runs are squashed to one space (:func:`squash_blanks`).
    Anything the walk does not understand just weakens the prefilter (an empty tuple
    means "always run the regex"); it never makes it wrong.
    """
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(source, 0 if case_sensitive else re.IGNORECASE)
    except Exception:  # not a regex as written, or the private API changed
        return ()
    found = _required(list(parsed), _parser)
    if not found:
        return ()
    found = {_BLANK_RUN.sub(" ", lit).strip(" ") for lit in found}
    if not all(_selective(lit) for lit in found):
        return ()
    # A literal whose lower-casing changes length (e.g. "İ") is not safe to use.
    if any(len(ch.lower()) != 1 for lit in found for ch in lit):
        return ()
    return tuple(sorted(found))


_BLANK_RUN = re.compile(r"[^\S\n]+")
_ODD_BLANKS = [chr(c) for c in range(0x3001) if chr(c).isspace() and chr(c) not in " \n"]


def squash_blanks(lowered: str) -> str:
    """The text the literals of :func:`required_literals` are looked up in: each run of
    blanks (not line breaks) made one space. (String methods, not a regex: a regex
    visits every character in Python's engine, ten times slower on a long paste.)"""
    for ch in _ODD_BLANKS:
        if ch in lowered:
            lowered = lowered.replace(ch, " ")
    while "  " in lowered:
        lowered = lowered.replace("  ", " ")
    return lowered


def _required(items: list[Any], p: Any) -> set[str] | None:
    runs: list[str] = []
    current: list[str] = []
    options: list[set[str]] = []
    for op, arg in items:
        if op is p.LITERAL:
            current.append(chr(arg).lower())
            continue
        if current and op is p.BRANCH and all(o is p.LITERAL for b in arg[1] for o, _ in b):
            # The parser factors a shared prefix out of an alternation ("EEO|EOE" →
            # "E" + ("EO"|"OE")): glue it back on, "eo" alone would be in every "people".
            prefix = "".join(current)
            options.append({prefix + "".join(chr(a).lower() for _o, a in b) for b in arg[1]})
        if current:
            runs.append("".join(current))
            current = []
        if op is p.SUBPATTERN:
            sub = _required(list(arg[-1]), p)
            if sub:
                options.append(sub)
        elif op is p.BRANCH:
            alts = [_required(list(branch), p) for branch in arg[1]]
            if all(alts):
                options.append(set().union(*alts))  # type: ignore[arg-type]
        elif op in (p.MAX_REPEAT, p.MIN_REPEAT) and arg[0] >= 1:
            sub = _required(list(arg[2]), p)
            if sub:
                options.append(sub)
    if current:
        runs.append("".join(current))
    candidates = [{r} for r in runs if _selective(r)] + options
    if not candidates:
        return None
    # The most selective constraint: no literal that nearly every text holds, then the
    # one whose shortest literal is longest, then the fewest alternatives.
    return max(
        candidates,
        key=lambda c: (
            not (c & _COMMON),
            min(len(x.strip()) for x in c),
            -len(c),
            sum(map(len, c)),
        ),
    )


def _selective(literal: str) -> bool:
    """Worth a substring test: two characters or more, or one non-ASCII one (©, ★, Â)."""
    core = literal.strip()
    return len(core) >= 2 or (len(core) == 1 and not core.isascii())


# Words that nearly every posting holds: useless as a prefilter.
_COMMON = frozenset(
    "the and for you our with are will your this that from have all can not who job "
    "work team role we to of in is on at as or be an by".split()
)


# --------------------------------------------------------------------------- loading


def _str_tuple(value: Any, what: str, path: str, rule_id: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise PackError(path, f"{what} must be a string or a list of strings", rule_id)


def _regex(source: str, path: str, rule_id: str | None, what: str, cs: bool) -> re.Pattern[str]:
    try:
        return compile_pattern(source, case_sensitive=cs)
    except re.error as exc:
        raise PackError(path, f"invalid regex in {what}: {exc}", rule_id) from None


def _build_rule(raw: Any, pack_id: str, path: str, sites: tuple[str, ...]) -> Rule:
    if not isinstance(raw, dict):
        raise PackError(path, "each [[rule]] must be a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", rule_id):
        raise PackError(path, f"rule id {rule_id!r} must be a lower-case dotted name")
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise PackError(path, f"unknown key(s): {', '.join(sorted(unknown))}", rule_id)
    kind = raw.get("kind", "line")
    if kind not in KINDS:
        raise PackError(path, f"unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})", rule_id)
    category = raw.get("category", "site-chrome")
    if category not in CATEGORIES:
        raise PackError(path, f"unknown category {category!r}", rule_id)
    action = raw.get("action", "keep" if category == "keep" else "remove")
    if action not in ACTIONS:
        raise PackError(path, f"action must be 'remove' or 'keep', not {action!r}", rule_id)
    cs = bool(raw.get("case_sensitive", False))
    pattern_src = raw.get("pattern")
    phrases = _str_tuple(raw.get("phrases"), "phrases", path, rule_id)
    if pattern_src is not None and not isinstance(pattern_src, str):
        raise PackError(path, "pattern must be a string", rule_id)
    if pattern_src and phrases:
        raise PackError(path, "give either pattern or phrases, not both", rule_id)
    if phrases:
        pattern_src = phrases_pattern(phrases)
    pattern = _regex(pattern_src, path, rule_id, "pattern", cs) if pattern_src else None
    if kind in PATTERN_KINDS and pattern is None:
        raise PackError(path, f"a {kind!r} rule needs a pattern or phrases", rule_id)
    until_src = raw.get("until")
    until = _regex(until_src, path, rule_id, "until", cs) if until_src else None
    between_src = raw.get("between")
    between = _regex(between_src, path, rule_id, "between", cs) if between_src else None
    if kind == "run" and pattern is None:
        raise PackError(path, "a 'run' rule needs a pattern or phrases", rule_id)
    examples = raw.get("examples", {})
    if not isinstance(examples, dict):
        raise PackError(path, "examples must be a table with remove/keep lists", rule_id)
    rule_sites = _str_tuple(raw.get("sites"), "sites", path, rule_id) or sites
    occurrence = raw.get("occurrence", "first")
    if occurrence not in ("first", "last"):
        raise PackError(path, "occurrence must be 'first' or 'last'", rule_id)
    try:
        return Rule(
            id=rule_id,
            name=str(raw.get("name", rule_id)),
            description=str(raw.get("description", "")).strip(),
            category=category,
            kind=kind,
            pack=pack_id,
            pattern=pattern,
            default=bool(raw.get("default", True)),
            action=action,
            sites=rule_sites,
            until=until,
            between=between,
            paragraphs=int(raw.get("paragraphs", 1)),
            max_lines=int(raw.get("max_lines", 0)),
            include_marker=raw.get("include_marker"),
            occurrence=occurrence,
            min_offset=float(raw.get("min_offset", 0.0)),
            region=str(raw.get("region", "")),
            min_run=int(raw.get("min_run", 3)),
            replacement=str(raw.get("replacement", "")),
            examples_remove=_str_tuple(examples.get("remove"), "examples.remove", path, rule_id),
            examples_keep=_str_tuple(examples.get("keep"), "examples.keep", path, rule_id),
            required=required_literals(pattern_src, case_sensitive=cs) if pattern_src else (),
        )
    except (TypeError, ValueError) as exc:
        raise PackError(path, f"bad value: {exc}", rule_id) from None


def parse_pack(text: str, path: str, *, user: bool = False) -> tuple[Pack, list[PackError]]:
    """Parse one pack. Raises PackError when the pack as a whole is unusable;
    returns the pack and the errors of the individual rules that were skipped."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(path, f"not valid TOML: {exc}") from None
    meta = data.get("pack")
    if not isinstance(meta, dict) or not isinstance(meta.get("id"), str):
        raise PackError(path, "missing [pack] table with an id")
    unknown = set(meta) - PACK_KEYS
    if unknown:
        raise PackError(path, f"unknown [pack] key(s): {', '.join(sorted(unknown))}")
    pack_id = meta["id"]
    detect_src = _str_tuple(meta.get("detect"), "detect", path, None)
    detect = tuple(_regex(d, path, None, "detect", False) for d in detect_src)
    urls = tuple(
        _regex(u, path, None, "urls", False)
        for u in _str_tuple(meta.get("urls"), "urls", path, None)
    )
    sites = (pack_id,) if detect or urls else ()
    rules: list[Rule] = []
    errors: list[PackError] = []
    seen: set[str] = set()
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise PackError(path, "rules must be written as [[rule]] tables")
    for raw in raw_rules:
        try:
            rule = _build_rule(raw, pack_id, path, sites)
        except PackError as exc:
            errors.append(exc)
            continue
        if rule.id in seen:
            errors.append(PackError(path, "duplicate rule id", rule.id))
            continue
        seen.add(rule.id)
        rules.append(rule)
    pack = Pack(
        id=pack_id,
        name=str(meta.get("name", pack_id)),
        description=str(meta.get("description", "")),
        path=path,
        rules=tuple(rules),
        detect=detect,
        detect_literals=tuple(required_literals(d) for d in detect_src),
        urls=urls,
        user=user,
        priority=int(meta.get("priority", 0)),
    )
    return pack, errors


def user_rules_dir() -> Path:
    from jobdesk.storage.paths import config_dir

    return config_dir() / "rules"


def load_rules(
    *, builtin: bool = True, user_dir: Path | bool | None = True, extra: Iterable[Path] = ()
) -> RuleSet:
    """Load the shipped packs, the user's packs and any extra pack files.

    ``user_dir=True`` means the platform config dir (``JOBDESK_CONFIG_DIR`` overrides it);
    ``False``/``None`` skips user packs. A rule id defined twice keeps the first
    definition (shipped packs load first) and reports the second as an error.
    """
    sources: list[tuple[str, str, bool]] = []
    errors: list[PackError] = []
    if builtin:
        pkg = resources.files("jobdesk") / "rules"
        for entry in sorted(pkg.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                sources.append((f"jobdesk/rules/{entry.name}", entry.read_text("utf-8"), False))
    paths: list[Path] = []
    if user_dir is True:
        user_dir = user_rules_dir()
    if isinstance(user_dir, Path) and user_dir.is_dir():
        paths.extend(sorted(user_dir.glob("*.toml")))
    paths.extend(extra)
    for p in paths:
        try:
            sources.append((str(p), p.read_text("utf-8"), True))
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(PackError(str(p), f"cannot read: {exc}"))
    packs: list[Pack] = []
    seen: set[str] = set()
    seen_packs: set[str] = set()
    for path, text, user in sources:
        try:
            pack, rule_errors = parse_pack(text, path, user=user)
        except PackError as exc:
            errors.append(exc)
            continue
        errors.extend(rule_errors)
        if pack.id in seen_packs:
            errors.append(PackError(path, f"pack id {pack.id!r} is already loaded"))
            continue
        seen_packs.add(pack.id)
        kept = []
        for rule in pack.rules:
            if rule.id in seen:
                errors.append(PackError(path, "rule id already defined by another pack", rule.id))
            else:
                seen.add(rule.id)
                kept.append(rule)
        packs.append(Pack(**{**pack.__dict__, "rules": tuple(kept)}))
    return RuleSet(packs=packs, errors=errors)
