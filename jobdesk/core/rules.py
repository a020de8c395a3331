"""The rule model and the loading of rule packs (TOML files).

A pack is a TOML file with one ``[pack]`` table and any number of ``[[rule]]`` tables
(see ``docs`` in the README and DESIGN.md §2). Packs shipped with jobdesk live in
``jobdesk/rules/``; a user's own packs are ``*.toml`` files in ``<config dir>/rules/``.

A long alternation is written as a list, one alternative a line (comments allowed), and
joined as ``(?:a|b|…)``; a list that sits inside a longer pattern, or is used twice, is
named (``lists.buttons = [...]``) and goes in as ``(?&buttons)`` (:class:`_Patterns`).
Which keys a rule may have depends on its kind (:mod:`jobdesk.core.kinds`).

Loading never stops at the first bad pack: every problem becomes a :class:`PackError`
naming the file, the rule id and the problem, and the other packs still load.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobdesk.core import lazyre, prefilter, rulecache
from jobdesk.core.bounded import Matcher, bounded
from jobdesk.core.kinds import KINDS as KIND_REGISTRY
from jobdesk.core.kinds import PARAMS, Check, regex_value
from jobdesk.core.kinds import BadValue as _Bad
from jobdesk.core.kinds import flag as _flag
from jobdesk.core.kinds import one_of as _one_of
from jobdesk.core.kinds import shown as _shown
from jobdesk.core.kinds import text as _text
from jobdesk.core.kinds import texts as _texts
from jobdesk.core.kinds import whole as _whole
from jobdesk.core.lazyre import LazyPattern

# Moved to prefilter.py (the module that knows patterns); callers written before the
# move import them from here.
from jobdesk.core.prefilter import required_literals
from jobdesk.core.prefilter import squash_blanks as squash_blanks  # (older callers)
from jobdesk.paths import user_rules_dir

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

# The kinds of rule and what each takes: jobdesk/core/kinds.py.
KINDS = frozenset(KIND_REGISTRY)
# Kinds whose matching is code, not a single pattern (see engine.py / normalize.py).
CODE_KINDS = frozenset(k.name for k in KIND_REGISTRY.values() if k.code)
PATTERN_KINDS = KINDS - CODE_KINDS
ACTIONS = frozenset({"remove", "keep"})


class PackError(Exception):
    """A problem with one pack or one rule: names the file, the rule, the key and the
    problem, on one line (the CLI and the window show one line per error)."""

    def __init__(
        self, path: str, problem: str, rule_id: str | None = None, *, key: str | None = None
    ) -> None:
        self.path = path
        self.rule_id = rule_id
        self.key = key
        self.problem = problem
        where = f"{path}: rule {rule_id!r}" if rule_id else path
        if key:
            where += f": {key}" if rule_id else f": [pack] {key}"
        super().__init__(" ".join(f"{where}: {problem}".splitlines()))


@dataclass(frozen=True, eq=False)
class Rule:
    """One removal (or keep) rule. Immutable; identity is ``id``."""

    id: str
    name: str
    category: str
    kind: str
    pack: str = "generic"
    description: str = ""
    # A user pack's patterns are BoundedPattern s (run with a time limit, bounded.py).
    pattern: Matcher | None = None
    default: bool = True
    action: str = "remove"
    sites: tuple[str, ...] = ()
    until: Matcher | None = None
    between: Matcher | None = None
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
    detect: tuple[Matcher, ...] = ()
    urls: tuple[Matcher, ...] = ()
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

    def replace(self, other: RuleSet) -> None:
        """Take ``other``'s packs and errors in place: a reload that everything holding
        this rule set sees (the window's panels; a :class:`Cleaner` must be made anew)."""
        self.packs = list(other.packs)
        self.errors = list(other.errors)
        self.__post_init__()


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


# --------------------------------------------------------------------------- loading
#
# A pack is data from a file anyone can write: every value is checked against the
# schema below (type, range, known names) before it is used. A bad value skips its rule
# (or, in [pack], its pack) with one PackError naming the file, the rule and the key.


# The shipped packs: jobdesk/rules/*.toml, files beside the package's modules (as
# importlib.resources would find them, without importing it).
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "rules"

_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")


def _rule_id(value: Any) -> str:
    if isinstance(value, str) and _ID.fullmatch(value):
        return value
    raise _Bad(f"must be a lower-case dotted name like 'mine.apply-button', not {_shown(value)}")


def _pack_id(value: Any) -> str:
    if isinstance(value, str) and value.strip() and value.isprintable():
        return value
    raise _Bad(f"must be a non-empty name, not {_shown(value)}")


def _examples(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise _Bad("must be a table with remove/keep lists")
    unknown = set(value) - {"remove", "keep"}
    if unknown:
        raise _Bad(f"unknown key(s) {', '.join(sorted(map(str, unknown)))} (remove, keep)")
    return {k: _texts(v) for k, v in value.items()}


_LIST_NAME = re.compile(r"[A-Za-z_]\w{0,63}")


def _lists(value: Any) -> dict[str, tuple[str, ...]]:
    """Named lists of alternatives, each used in a pattern as ``(?&name)``."""
    if not isinstance(value, dict):
        raise _Bad("must be a table of named lists: lists.name = ['alternative', …]")
    out: dict[str, tuple[str, ...]] = {}
    for name, items in value.items():
        if not _LIST_NAME.fullmatch(name):
            raise _Bad(f"{_shown(name)} is not a name (letters, digits and _)")
        if not (isinstance(items, list) and items and all(isinstance(i, str) for i in items)):
            raise _Bad(f"{name}: must be a non-empty list of strings, not {_shown(items)}")
        out[name] = tuple(items)
    return out


# key → check. A key a pack leaves out takes its default (in _rule_or_errors / parse_pack).
# Which kind takes which key: jobdesk/core/kinds.py (checked in _rule_or_errors).
RULE_SCHEMA: dict[str, Check] = {
    "id": _rule_id,
    "name": _text,
    "description": _text,
    "category": _one_of("category", CATEGORIES),
    "kind": _one_of("kind", KINDS),
    "action": _one_of("action", ACTIONS),
    "default": _flag,
    "sites": _texts,
    "examples": _examples,
    # the keys of the kinds that take a pattern
    "pattern": regex_value,  # a regex, or a list of alternatives (compiled below)
    "phrases": _texts,
    "lists": _lists,  # named lists of alternatives, used in patterns as (?&name)
    "case_sensitive": _flag,
    # the parameters of some kinds
    **{name: param.check for name, param in PARAMS.items()},
}
PACK_SCHEMA: dict[str, Check] = {
    "id": _pack_id,
    "name": _text,
    "description": _text,
    "detect": _texts,  # regexes
    "urls": _texts,  # regexes
    "priority": _whole(-1000, 1000),
}
RULE_KEYS = frozenset(RULE_SCHEMA)
PACK_KEYS = frozenset(PACK_SCHEMA)
# Kinds that do nothing (or cannot run) without a pattern.
NEEDS_PATTERN = frozenset(k.name for k in KIND_REGISTRY.values() if k.pattern == "required")


def _checked(
    raw: dict[str, Any], schema: dict[str, Check], path: str, rule_id: str | None
) -> tuple[dict[str, Any], list[PackError]]:
    """The values of ``raw`` that pass their key's check, and one error per bad key."""
    values: dict[str, Any] = {}
    errors: list[PackError] = []
    for key, value in raw.items():
        check = schema.get(key)
        if check is None:
            errors.append(PackError(path, "unknown key", rule_id, key=str(key)))
            continue
        try:
            values[key] = check(value)
        except _Bad as exc:
            errors.append(PackError(path, str(exc), rule_id, key=key))
    return values, errors


def _regex(source: str, path: str, rule_id: str | None, what: str, cs: bool) -> re.Pattern[str]:
    try:
        return compile_pattern(source, case_sensitive=cs)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        raise PackError(path, f"invalid regex: {exc}", rule_id, key=what) from None


def _runnable(
    compiled: re.Pattern[str], user: bool, path: str, rule_id: str | None, what: str
) -> Matcher:
    """A user pattern runs with a time limit (bounded.py); a shipped one as it is (and,
    once the rule set is cached, compiled again only when first used: lazyre.py)."""
    if not user:
        return LazyPattern(compiled.pattern, compiled.flags, compiled)
    try:
        return bounded(compiled)
    except ValueError as exc:
        raise PackError(path, str(exc), rule_id, key=what) from None


def _references(source: str) -> Iterator[tuple[int, int, str]]:
    """Where ``source`` uses a named list: each ``(?&name)`` outside a character class
    and not escaped, as (start, end, name). (``(?&`` is no valid syntax in Python's
    ``re``, so no pattern that compiles today holds one.)"""
    if "(?&" not in source:
        return
    i, n = 0, len(source)
    in_class = False
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            i += 1
            if source.startswith("^", i):
                i += 1
            if source.startswith("]", i):  # a "]" first in a class is a literal
                i += 1
            continue
        elif source.startswith("(?&", i):
            m = _LIST_REF.match(source, i)
            if m:
                yield i, m.end(), m.group(1)
                i = m.end()
                continue
        i += 1


_LIST_REF = re.compile(r"\(\?&([A-Za-z_]\w*)\)")


class _Patterns:
    """The regex sources of one rule: a key's list of alternatives joined as one
    alternation, and every ``(?&name)`` replaced by its list from ``lists``
    (``(?:a|b|…)``). Each alternative must be a regex on its own: a bad one is reported
    with its key (``pattern[3]``, ``lists.buttons[12]``). (``check_items=False``: only
    the whole is compiled, by the caller; the shipped packs load faster so, and a test
    compiles each of their alternatives.)"""

    def __init__(
        self,
        lists: dict[str, tuple[str, ...]],
        path: str,
        rule_id: str,
        cs: bool,
        *,
        check_items: bool = True,
    ) -> None:
        self.lists = lists
        self.path, self.rule_id, self.cs = path, rule_id, cs
        self.check_items = check_items
        self.used: set[str] = set()
        self._done: dict[str, str] = {}

    def source(self, value: str | tuple[str, ...], key: str) -> str:
        if isinstance(value, str):
            return self._expand(value, key, ())
        items = [self._item(item, f"{key}[{i}]", ()) for i, item in enumerate(value)]
        return "(?:" + "|".join(items) + ")"

    def unused(self) -> list[str]:
        return sorted(set(self.lists) - self.used)

    def _item(self, item: str, key: str, stack: tuple[str, ...]) -> str:
        source = self._expand(item, key, stack)
        if self.check_items:
            _regex(source, self.path, self.rule_id, key, self.cs)
        return source

    def _expand(self, source: str, key: str, stack: tuple[str, ...]) -> str:
        out: list[str] = []
        pos = 0
        for start, end, name in _references(source):
            if name not in self.lists:
                raise PackError(
                    self.path, f"(?&{name}): no list {name!r} in lists", self.rule_id, key=key
                )
            if name in stack:
                raise PackError(
                    self.path, f"(?&{name}): a list cannot hold itself", self.rule_id, key=key
                )
            self.used.add(name)
            if name not in self._done:
                items = self.lists[name]
                self._done[name] = (
                    "(?:"
                    + "|".join(
                        self._item(item, f"lists.{name}[{i}]", (*stack, name))
                        for i, item in enumerate(items)
                    )
                    + ")"
                )
            out.append(source[pos:start])
            out.append(self._done[name])
            pos = end
        out.append(source[pos:])
        return "".join(out)


def _item_error(v: dict[str, Any], path: str, rule_id: str, cs: bool) -> PackError | None:
    """The first alternative of a rule's lists that is no regex on its own."""
    sources = _Patterns(v.get("lists", {}), path, rule_id, cs)
    try:
        for key in ("pattern", "until", "between"):
            if v.get(key):
                sources.source(v[key], key)
    except PackError as exc:
        return exc
    return None


def _rule_or_errors(
    raw: Any, pack_id: str, path: str, sites: tuple[str, ...], user: bool = False
) -> tuple[Rule | None, list[PackError]]:
    """A rule from its [[rule]] table, or None and the reasons it cannot be used."""
    if not isinstance(raw, dict):
        return None, [PackError(path, "each [[rule]] must be a table")]
    try:
        rule_id = _rule_id(raw.get("id"))
    except _Bad as exc:
        return None, [PackError(path, str(exc), key="id")]
    v, errors = _checked(raw, RULE_SCHEMA, path, rule_id)
    if errors:
        return None, errors

    def bad(problem: str, key: str | None = None) -> tuple[None, list[PackError]]:
        return None, [PackError(path, problem, rule_id, key=key)]

    kind = v.get("kind", "line")
    category = v.get("category", "site-chrome")
    action = v.get("action", "keep" if category == "keep" else "remove")
    cs = v.get("case_sensitive", False)
    sources = _Patterns(v.get("lists", {}), path, rule_id, cs, check_items=user)
    try:
        pattern_src = sources.source(v["pattern"], "pattern") if v.get("pattern") else None
        until_src = sources.source(v["until"], "until") if v.get("until") else None
        between_src = sources.source(v["between"], "between") if v.get("between") else None
    except PackError as exc:
        return None, [exc]
    for name in sources.unused():
        return bad("not used by pattern, until or between", f"lists.{name}")
    phrases: tuple[str, ...] = v.get("phrases", ())
    if pattern_src and phrases:
        return bad("give either pattern or phrases, not both", "phrases")
    if phrases:
        if not any(p.strip() for p in phrases):
            return bad("needs at least one phrase that is not blank", "phrases")
        pattern_src = phrases_pattern(phrases)
    if kind in NEEDS_PATTERN and pattern_src is None:
        return bad(f"a {kind!r} rule needs a pattern or phrases", "pattern")
    try:
        pattern = _regex(pattern_src, path, rule_id, "pattern", cs) if pattern_src else None
        until = _regex(until_src, path, rule_id, "until", cs) if until_src else None
        between = _regex(between_src, path, rule_id, "between", cs) if between_src else None
    except PackError as exc:
        if not user:  # which alternative is bad (a shipped pack's are not checked alone)
            exc = _item_error(v, path, rule_id, cs) or exc
        return None, [exc]
    replacement: str = v.get("replacement", "")
    if replacement and pattern is not None:
        try:  # sub() parses the template first: a bad group reference or escape fails
            pattern.sub(replacement, "")
        except (re.error, IndexError) as exc:
            return bad(f"does not fit the pattern: {exc}", "replacement")
    try:
        run = pattern and _runnable(pattern, user, path, rule_id, "pattern")
        run_until = until and _runnable(until, user, path, rule_id, "until")
        run_between = between and _runnable(between, user, path, rule_id, "between")
    except PackError as exc:
        return None, [exc]
    spec = KIND_REGISTRY[kind]
    for key in raw:  # (every key of the schema; is it one this kind takes?)
        if key not in spec.keys:
            return bad(f"a {kind!r} rule does not take this key ({_takes(kind)})", key)
    for key in spec.needs:
        if key not in v:
            return bad(f"a {kind!r} rule needs it", key)
    examples = v.get("examples", {})
    rule = Rule(
        id=rule_id,
        name=v.get("name", rule_id),
        description=v.get("description", "").strip(),
        category=category,
        kind=kind,
        pack=pack_id,
        pattern=run,
        default=v.get("default", True),
        action=action,
        sites=v.get("sites", ()) or sites,
        until=run_until,
        between=run_between,
        paragraphs=v.get("paragraphs", 1),
        max_lines=v.get("max_lines", 0),
        include_marker=v.get("include_marker"),
        occurrence=v.get("occurrence", "first"),
        min_offset=v.get("min_offset", 0.0),
        region=v.get("region", ""),
        min_run=v.get("min_run", 3),
        replacement=replacement,
        examples_remove=examples.get("remove", ()),
        examples_keep=examples.get("keep", ()),
        required=required_literals(pattern_src, case_sensitive=cs) if pattern_src else (),
    )
    return rule, []


def _takes(kind: str) -> str:
    spec = KIND_REGISTRY[kind]
    own = [*(("pattern or phrases",) if spec.pattern != "none" else ()), *spec.params]
    return f"it takes {', '.join(own)}" if own else "it takes no pattern or parameter"


def parse_pack(text: str, path: str, *, user: bool = False) -> tuple[Pack, list[PackError]]:
    """Parse one pack. Raises PackError when the pack as a whole is unusable;
    returns the pack and the errors of the individual rules that were skipped."""
    import tomllib  # (the shipped packs come from the cache: rulecache.py)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(path, f"not valid TOML: {exc}") from None
    except RecursionError:
        raise PackError(path, "not valid TOML: nested too deeply") from None
    meta = data.get("pack")
    if not isinstance(meta, dict) or "id" not in meta:
        raise PackError(path, "missing [pack] table with an id")
    v, pack_errors = _checked(meta, PACK_SCHEMA, path, None)
    if pack_errors:
        raise pack_errors[0]
    pack_id: str = v["id"]
    detect_src: tuple[str, ...] = v.get("detect", ())
    detect = tuple(
        _runnable(_regex(d, path, None, "detect", False), user, path, None, "detect")
        for d in detect_src
    )
    urls = tuple(
        _runnable(_regex(u, path, None, "urls", False), user, path, None, "urls")
        for u in v.get("urls", ())
    )
    sites = (pack_id,) if detect or urls else ()
    rules: list[Rule] = []
    # A stray top-level key is reported; it changes nothing, so the pack still loads.
    errors = [
        PackError(path, f"unknown top-level key {k!r} (a pack holds [pack] and [[rule]] tables)")
        for k in data
        if k not in ("pack", "rule")
    ]
    seen: set[str] = set()
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise PackError(path, "rules must be written as [[rule]] tables")
    for raw in raw_rules:
        rule, rule_errors = _rule_or_errors(raw, pack_id, path, sites, user)
        errors.extend(rule_errors)
        if rule is None:
            continue
        if rule.id in seen:
            errors.append(PackError(path, "duplicate rule id", rule.id))
            continue
        seen.add(rule.id)
        rules.append(rule)
    pack = Pack(
        id=pack_id,
        name=v.get("name", pack_id),
        description=v.get("description", ""),
        path=path,
        rules=tuple(rules),
        detect=detect,
        detect_literals=tuple(required_literals(d) for d in detect_src),
        urls=urls,
        user=user,
        priority=v.get("priority", 0),
    )
    return pack, errors


MAX_PACK_BYTES = 1 << 20  # 1 MiB: far above any real pack (the largest shipped is ~60 KB)


def read_pack(path: Path) -> str:
    """The text of a pack file. Only a regular file is opened (a FIFO would block, a
    device never end), and at most :data:`MAX_PACK_BYTES` are read. Raises PackError."""
    name = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise PackError(name, "not a regular file (a folder, FIFO or device?)")
        # O_NONBLOCK: should the file be swapped for a FIFO meanwhile, open still returns.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise PackError(name, "not a regular file (a folder, FIFO or device?)")
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_PACK_BYTES:
                chunk = os.read(fd, MAX_PACK_BYTES + 1 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise PackError(name, f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_PACK_BYTES:
        raise PackError(name, f"larger than {MAX_PACK_BYTES // 1024} KiB: not read")
    try:
        return b"".join(chunks).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(name, f"not UTF-8 text: {exc.reason} at byte {exc.start}") from None


def rule_choices(rules: RuleSet, flags: Iterable[tuple[bool, str]]) -> dict[str, bool]:
    """``(on, glob pattern)`` flags (``--enable``/``--disable``), in order → {rule id: on};
    later flags win. Raises ValueError naming a pattern that no rule matches."""
    import fnmatch

    ids = [r.id for r in rules.rules]
    out: dict[str, bool] = {}
    for value, pattern in flags:
        matched = fnmatch.filter(ids, pattern)
        if not matched:
            raise ValueError(f"no rule matches {pattern!r} (see `jobdesk rules`)")
        out.update(dict.fromkeys(matched, value))
    return out


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
        pkg = SHIPPED_DIR
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
            sources.append((str(p), read_pack(p), True))
        except PackError as exc:
            errors.append(exc)
    # The shipped packs come parsed from the cache when they can (rulecache.py).
    shipped = [(path, text) for path, text, user in sources if not user]
    kept = rulecache.read(shipped) if shipped else None
    cached: dict[str, Pack] = kept["packs"] if kept else {}
    if kept:
        prefilter.remember({**kept["derived"], "supersets": kept["supersets"]})
        lazyre.remember(kept["programs"])
    fresh: dict[str, Pack] | None = None if cached else {}
    packs: list[Pack] = []
    seen: set[str] = set()
    seen_packs: set[str] = set()
    for path, text, user in sources:
        pack_or_none = None if user else cached.get(path)
        try:
            pack, rule_errors = (
                (pack_or_none, []) if pack_or_none else parse_pack(text, path, user=user)
            )
        except PackError as exc:
            errors.append(exc)
            fresh = None if not user else fresh
            continue
        errors.extend(rule_errors)
        if fresh is not None and not user:
            fresh[path] = pack
            if rule_errors:
                fresh = None  # (only packs without a fault are kept)
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
    if fresh:
        # What the engine derives from each pattern is kept with the packs, and so are
        # the compiled programs of the patterns and of their whole-line versions.
        patterns = [m for pack in fresh.values() for m in (*pack.detect, *pack.urls, *(
            p for r in pack.rules for p in (r.pattern, r.until, r.between) if p is not None
        ))]  # fmt: skip
        for m in patterns:
            prefilter.derive(m.pattern, m.flags)
        programs = lazyre.programs(
            pair
            for m in patterns
            for pair in (m, (prefilter.line_source(m.pattern), m.flags | re.MULTILINE))
        )
        derived = prefilter.derivations()
        supersets = derived.pop("supersets")
        rulecache.write(
            shipped,
            {"packs": fresh, "derived": derived},
            # (each read when its pattern is compiled, or its superset asked for)
            stored={"programs": programs, "supersets": supersets},
        )
        # And those of the patterns jobdesk's modules compiled as they were imported
        # (for the next process to find made: lazyre.prime).
        rulecache.write_patterns(lazyre.programs(lazyre.module_patterns()))
    return RuleSet(packs=packs, errors=errors)
