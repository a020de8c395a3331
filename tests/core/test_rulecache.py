"""The shipped packs parsed once and cached (core/rulecache.py), their patterns compiled
on first use (core/lazyre.py), and what the engine derives from them kept too."""

from __future__ import annotations

import inspect
import pickle
import re
from pathlib import Path

import pytest

from jobdesk.core import lazyre, prefilter, rulecache, rules
from jobdesk.core.engine import Cleaner
from jobdesk.core.lazyre import LazyPattern
from jobdesk.core.rules import load_rules
from tests.benchmarks.bench_clean import synthetic_paste


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("JOBDESK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The packs parse_pack is asked to parse."""
    out: list[str] = []
    real = rules.parse_pack

    def spy(text: str, path: str, *, user: bool = False) -> object:
        out.append(path)
        return real(text, path, user=user)

    monkeypatch.setattr(rules, "parse_pack", spy)
    return out


def _summary(rs: rules.RuleSet) -> list[tuple[object, ...]]:
    def source(p: object) -> object:
        return (p.pattern, p.flags) if p is not None else None  # type: ignore[attr-defined]

    return [
        (r.id, r.kind, r.pack, r.required, r.default, r.sites,
         source(r.pattern), source(r.until), source(r.between))
        for r in rs.rules
    ]  # fmt: skip


def test_the_second_load_parses_no_shipped_pack_and_gives_the_same_rules(
    cache: Path, parsed: list[str]
) -> None:
    first = load_rules(user_dir=False)
    assert len(parsed) == len(first.packs) > 20
    assert len(list(cache.glob("rules-*.pickle"))) == 1
    parsed.clear()
    second = load_rules(user_dir=False)
    assert parsed == []
    assert _summary(second) == _summary(first)
    assert [(p.id, p.detect_literals, [d.pattern for d in p.detect]) for p in second.packs] == [
        (p.id, p.detect_literals, [d.pattern for d in p.detect]) for p in first.packs
    ]
    text = synthetic_paste(20_000)
    a, b = Cleaner(first).clean(text), Cleaner(second).clean(text)
    assert (a.cleaned, a.edits) == (b.cleaned, b.edits) and a.edits


def test_a_cached_rule_set_compiles_only_the_patterns_a_posting_wakes(cache: Path) -> None:
    load_rules(user_dir=False)
    rs = load_rules(user_dir=False)
    patterns = [r.pattern for r in rs.rules if isinstance(r.pattern, LazyPattern)]
    assert len(patterns) > 300
    assert not any("_compiled" in p.__dict__ for p in patterns)
    Cleaner(rs).clean("Data Analyst\nAcme\n\nYou will build dashboards.\n\nApply now\n")
    compiled = sum("_compiled" in p.__dict__ for p in patterns)
    assert 0 < compiled < len(patterns) // 4


def test_the_engine_parses_no_shipped_pattern_again_once_cached(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_rules(user_dir=False)
    monkeypatch.setattr(prefilter, "_SUPERSETS", {})
    monkeypatch.setattr(prefilter, "_CROSSES", {})
    translated: list[str] = []
    real = prefilter._superset_source

    def spy(source: str, flags: int) -> str | None:
        translated.append(source)
        return real(source, flags)

    monkeypatch.setattr(prefilter, "_superset_source", spy)
    monkeypatch.setattr(prefilter, "_crosses_lines", lambda *a: pytest.fail("parsed again"))
    cleaner = Cleaner(load_rules(user_dir=False))
    for _ in range(2):  # (the second time every rule that runs uses its superset)
        cleaner.clean(synthetic_paste(20_000))
    shipped = {r.pattern.pattern for r in cleaner.rules.rules if r.pattern is not None}
    assert not shipped & set(translated)


@pytest.mark.parametrize(
    "damage", [b"", b"not a pickle", b"\x80\x05garbage", pickle.dumps({"format": -1})]
)
def test_a_damaged_or_foreign_cache_is_rebuilt_silently(
    cache: Path, parsed: list[str], damage: bytes
) -> None:
    good = _summary(load_rules(user_dir=False))
    (file,) = cache.glob("rules-*.pickle")
    file.write_bytes(damage)
    parsed.clear()
    assert _summary(load_rules(user_dir=False)) == good
    assert parsed  # (parsed again)
    assert file.read_bytes() != damage  # … and written again
    parsed.clear()
    load_rules(user_dir=False)
    assert parsed == []


def test_a_changed_pack_or_parser_makes_a_new_cache_and_the_old_one_goes(cache: Path) -> None:
    sources = [("jobdesk/rules/a.toml", "x")]
    assert rulecache.key(sources) != rulecache.key([("jobdesk/rules/a.toml", "y")])
    assert rulecache.key(sources) != rulecache.key([("jobdesk/rules/b.toml", "x")])
    rulecache.write(sources, {"packs": {}})
    old = set(cache.glob("rules-*.pickle"))
    rulecache.write([("jobdesk/rules/a.toml", "y")], {"packs": {}})
    new = set(cache.glob("rules-*.pickle"))
    assert len(old) == len(new) == 1 and old != new
    assert rulecache.read(sources) is None


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("JOBDESK_CACHE_DIR", str(blocker / "cache"))
    assert len(list(load_rules(user_dir=False).rules)) > 300


def test_user_packs_are_never_cached(cache: Path, tmp_path: Path, parsed: list[str]) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(
        '[pack]\nid = "mine"\n[[rule]]\nid = "mine.x"\nname = "X"\npattern = "Foo bar"\n', "utf-8"
    )
    load_rules(user_dir=False, extra=[mine])
    parsed.clear()
    rs = load_rules(user_dir=False, extra=[mine])
    assert parsed == [str(mine)]
    assert rs.rule("mine.x").pattern is not None


def test_a_shipped_pack_with_a_fault_is_not_cached(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = rules.parse_pack

    def faulty(text: str, path: str, *, user: bool = False) -> tuple[object, list[object]]:
        pack, errors = real(text, path, user=user)
        return pack, [*errors, rules.PackError(path, "a fault")]

    monkeypatch.setattr(rules, "parse_pack", faulty)
    load_rules(user_dir=False)
    assert not list(cache.glob("rules-*.pickle"))


def test_a_lazy_pattern_matches_as_re_and_pickles_as_its_source() -> None:
    lazy = LazyPattern(r"(?P<w>\bapply\b) now", re.IGNORECASE)
    plain = re.compile(r"(?P<w>\bapply\b) now", re.IGNORECASE)
    text = "x Apply now\nAPPLY NOW"
    assert "_compiled" not in lazy.__dict__
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert lazy.sub("-", text) == plain.sub("-", text)
    assert lazy.groupindex == plain.groupindex
    assert lazy.search(text, 3) is not None and lazy.match(text) is None
    assert lazy.fullmatch("apply now") is not None
    copy = pickle.loads(pickle.dumps(lazy))
    assert (copy.pattern, copy.flags) == (lazy.pattern, lazy.flags)
    assert "_compiled" not in copy.__dict__
    # (once compiled, a call goes straight to the compiled pattern's own method)
    assert lazy.__dict__["search"].__self__ is lazy.compiled


def test_a_one_off_clean_skips_the_re2_supersets_of_short_searches_and_finds_the_same() -> None:
    from jobdesk.core.ingest import ingest_path
    from tests.benchmarks.engine_equivalence import inputs

    docs = [ingest_path(p) for p in inputs()[::3]]
    rs = load_rules(user_dir=False)
    reused = Cleaner(rs)
    expected = [reused.match(d).hits_by_rule for d in docs]
    assert len([c for c in reused._compiled.values() if "superset" in c.__dict__]) > 50
    for doc, hits in zip(docs, expected, strict=True):
        once = Cleaner(rs, one_off=True)
        assert once.match(doc).hits_by_rule == hits
        built = [c for c in once._compiled.values() if "superset" in c.__dict__]
        if len(doc.source) < 4096:  # (no search can be that long)
            assert not built
    short = Cleaner(rs, one_off=True)
    short.match("Data Analyst\nAcme\n\nYou will build dashboards.\n\nApply now\n")
    assert not [c for c in short._compiled.values() if "superset" in c.__dict__]


def test_the_cache_key_hashes_every_module_whose_code_decides_a_parsed_pack() -> None:
    # (moving the loader's pattern analysis to another module must bring it into _CODE)
    from jobdesk.core import bounded, kinds, lazyre

    deciders = (
        rules.parse_pack,
        rules.compile_pattern,
        prefilter.required_literals,
        prefilter.squash_blanks,
        prefilter.derive,
        prefilter.superset_source,
        prefilter.crosses_lines,
        prefilter.line_source,
        kinds.regex_value,
        lazyre.LazyPattern,
        bounded.bounded,
    )
    modules = {Path(inspect.getfile(fn)) for fn in deciders}
    assert {m.parent for m in modules} == {Path(rulecache.__file__).parent}
    assert {m.name for m in modules} <= set(rulecache._CODE)


# -- compiled programs: a woken pattern is made from the program ``re`` made once -------

_KINDS_OF_PATTERN = [
    (r"(?P<w>\bapply\b) now", re.IGNORECASE),
    (r"(?m)^[^\S\n]*(?:Hi|Dear)[^\S\n]+[A-Z][\w'-]+,?[^\S\n]*$", 0),
    (r"(?<![/\w])(?:equal(?:[^\S\n]+)opportunit(?:y|ies))(?=\W|$)", re.IGNORECASE),
    (r"(?i)(?:ouverts?|accessibles?) aux (?P<who>personnes)?", 0),
    (r"[ÂÃÄÅ][\x80-\xbf]|â€[\x93\x94\x99œ]", 0),
    (r"(a)(?(1)b|c)\1{2,5}?", re.DOTALL),
    (r" x # comment\n y", re.VERBOSE),
    (r"^(?:Yes(?=\s*\n\s*No$)|No)$", re.MULTILINE),
]


@pytest.mark.parametrize(("source", "flags"), _KINDS_OF_PATTERN)
def test_a_pattern_made_from_its_program_is_the_one_re_compiles(source: str, flags: int) -> None:
    prog = lazyre.program(source, flags)
    assert prog is not None
    made, model = lazyre._from_program(source, prog), re.compile(source, flags)
    assert made == model  # (source, flags and the whole program)
    assert (made.flags, made.groups, dict(made.groupindex)) == (
        model.flags,
        model.groups,
        dict(model.groupindex),
    )
    text = "Hi Anna,\nDear X\nAPPLY now ouverts aux personnes abb Ãx â€™ Yes\nNo\n xy aabbb"
    assert [(m.span(), m.groups()) for m in made.finditer(text)] == [
        (m.span(), m.groups()) for m in model.finditer(text)
    ]
    # (it pickles: the rule-set cache keeps it)
    assert pickle.loads(pickle.dumps(prog)) == prog


def test_no_program_for_an_invalid_pattern_or_one_unlike_what_re_compiles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert lazyre.program("(unclosed") is None
    assert lazyre.program("a{2,1}") is None
    assert lazyre.program("abc", 0, model=re.compile("abd")) is None
    assert lazyre.program("abc", re.DEBUG) is None and lazyre.program("abc") is not None
    # (an re whose program comes out otherwise: another Python, a changed re)
    monkeypatch.setattr(lazyre, "_from_program", lambda source, prog: re.compile("x"))
    assert lazyre.program("abc") is None
    assert lazyre.programs([("abc", 0), ("(", 0)]) == {}


def test_a_lazy_pattern_with_a_known_program_does_not_compile_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source, flags = _KINDS_OF_PATTERN[1]
    known = lazyre.programs([(source, flags), LazyPattern(r"\bapply\b", re.IGNORECASE)])
    assert set(known) == {(source, flags), (r"\bapply\b", re.IGNORECASE)}
    monkeypatch.setattr(lazyre, "_KNOWN", {})
    lazyre.remember(known)
    model = re.compile(source, flags)
    monkeypatch.setattr(re, "compile", lambda *a: pytest.fail(f"compiled again: {a}"))
    lazy = LazyPattern(source, flags)
    assert lazy.compiled == model
    assert lazy.search("x\nDear Anna,\n") is not None


def test_a_damaged_program_is_dropped_and_the_pattern_compiled_as_usual(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source, flags = _KINDS_OF_PATTERN[0]
    prog = lazyre.program(source, flags)
    assert prog is not None
    monkeypatch.setattr(lazyre, "_KNOWN", {})
    lazyre.remember({(source, flags): (prog[0], prog[1][:-8], prog[2], prog[3], prog[4])})
    assert LazyPattern(source, flags).compiled == re.compile(source, flags)


def test_the_cache_keeps_the_programs_of_the_shipped_patterns_and_a_clean_compiles_none(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from re import _compiler  # type: ignore[attr-defined]

    from jobdesk.core.ingest import ingest_path
    from tests.benchmarks.engine_equivalence import inputs

    monkeypatch.setattr(lazyre, "_KNOWN", {})
    load_rules(user_dir=False)
    kept = rulecache.read(
        [(f"jobdesk/rules/{p.name}", p.read_text("utf-8"))
         for p in sorted(Path(rules.__file__).parent.parent.joinpath("rules").glob("*.toml"))]
    )  # fmt: skip
    assert kept is not None
    programs = kept["programs"]
    rs = load_rules(user_dir=False)
    shipped = {(p.pattern, int(p.flags)) for r in rs.rules for p in (r.pattern, r.until, r.between)
               if p is not None}  # fmt: skip
    assert len(shipped) > 300 and shipped <= set(programs)
    lines = {(prefilter.line_source(r.pattern.pattern), int(r.pattern.flags | re.MULTILINE))
             for r in rs.rules if r.kind == "line" and r.pattern is not None}  # fmt: skip
    assert lines <= set(programs)
    for (source, flags), prog in programs.items():
        assert lazyre._from_program(source, prog) == re.compile(source, flags)
    compiled: list[str] = []  # (what re's compiler is asked)
    woken: list[str] = []  # (what the lazy patterns are)
    real, made = _compiler.compile, lazyre.compile

    def spy(p: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(p)
        return real(p, flags)  # type: ignore[no-any-return]

    def wake(source: str, flags: int = 0) -> re.Pattern[str]:
        woken.append(source)
        return made(source, flags)

    monkeypatch.setattr(_compiler, "compile", spy)
    monkeypatch.setattr(lazyre, "compile", wake)
    cleaner = Cleaner(rs, one_off=True)
    for path in inputs()[::4]:
        cleaner.match(ingest_path(path))
    assert len(woken) > 50  # (100 in a clone without the shared corpus)
    assert set(woken) <= {source for source, _flags in programs}
    assert not set(woken) & set(compiled)


def test_the_kept_programs_and_supersets_are_read_one_by_one_when_asked_for(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_rules(user_dir=False)
    read: list[int] = []
    real = pickle.loads

    def spy(data: bytes) -> object:
        read.append(len(data))
        return real(data)

    monkeypatch.setattr(pickle, "loads", spy)
    rs = load_rules(user_dir=False)
    assert isinstance(lazyre._KNOWN, rulecache.Stored) and len(lazyre._KNOWN) > 600
    assert isinstance(prefilter._KEPT_SUPERSETS, rulecache.Stored)
    assert len(prefilter._KEPT_SUPERSETS) > 600
    assert read == []  # (the rule set loads without one program or superset)
    rule = next(r for r in rs.rules if isinstance(r.pattern, LazyPattern))
    assert rule.pattern is not None
    rule.pattern.search("x")
    assert len(read) == 1


def test_a_stored_mapping_reads_its_values_back_and_a_damaged_one_fails_alone(
    cache: Path,
) -> None:
    sources = [("a.toml", "x")]
    values: dict[object, object] = {("a", 0): (1, b"\0" * 40, 0, {}, ()), ("b", 2): "bee", "c": 7}
    rulecache.write(sources, {"packs": 1}, stored={"programs": values, "none": {}})
    got = rulecache.read(sources)
    assert got is not None
    assert got["packs"] == 1 and dict(got["none"]) == {}
    assert dict(got["programs"]) == values and len(got["programs"]) == 3
    (path,) = cache.glob("rules-*.pickle")
    data = bytearray(path.read_bytes())
    data[-3:] = b"\xff\xff\xff"  # (the last value, "c", cut)
    path.write_bytes(bytes(data))
    got = rulecache.read(sources)
    assert got is not None
    assert got["programs"][("a", 0)] == values[("a", 0)]
    with pytest.raises(Exception):  # noqa: B017 (what a damaged pickle raises varies)
        got["programs"]["c"]


def test_a_primed_pattern_is_the_one_re_compile_hands_out_without_compiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from re import _compiler  # type: ignore[attr-defined]

    source = r"(?x) (?P<n> \d+ ) \s* (?:years?|Jahre)  # an odd one, not compiled before"
    known = lazyre.programs([(source, re.IGNORECASE)])
    monkeypatch.setattr(re, "_cache", {})
    assert lazyre.prime(known) == 1 and lazyre.prime(known) == 0  # (once)
    monkeypatch.setattr(_compiler, "compile", lambda *a: pytest.fail("compiled"))
    got = re.compile(source, re.IGNORECASE)
    assert got is re.compile(source, re.IGNORECASE)
    assert got.groupindex == {"n": 1} and got.search("5 YEARS") is not None
    monkeypatch.setattr(re, "_cache", dict.fromkeys(range(re._MAXCACHE)))  # type: ignore[attr-defined]
    assert lazyre.prime(known) == 0  # (never more than re's cache holds)


def test_the_modules_patterns_are_kept_and_the_next_process_imports_them_made(
    tmp_path: Path,
) -> None:
    import os
    import subprocess
    import sys

    posting = tmp_path / "posting.txt"
    posting.write_text("Data Engineer\nApply\n\nYou will build pipelines.\n", "utf-8")
    code = (
        "import sys, re; from re import _compiler; real = _compiler.compile; seen = []\n"
        "_compiler.compile = lambda p, f=0: seen.append(p) or real(p, f)\n"
        "import jobdesk.cli\n"  # (the core's modules, imported by the CLI)
        "from jobdesk.core import lazyre\n"
        "at_import = set(seen)\n"
        "held = {s for s, _f in lazyre.module_patterns()}\n"
        "jobdesk.cli.run(['clean', sys.argv[1]])\n"  # (the first run keeps them)
        "print(len(held), len(held & at_import))\n"
    )
    env = {**os.environ, "JOBDESK_CACHE_DIR": str(tmp_path / "cache")}

    def run() -> list[int]:
        out = subprocess.run(
            [sys.executable, "-c", code, str(posting)],
            capture_output=True, text=True, check=True, env=env,
        ).stdout.splitlines()  # fmt: skip
        return [int(n) for n in out[-1].split()]

    held, compiled = run()  # (the first process parses the packs and keeps both)
    assert held > 50 and compiled > held * 0.9
    held, compiled = run()
    assert held > 50 and compiled < held // 10


def test_a_kept_superset_is_taken_as_kept_and_a_damaged_or_missing_one_made_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Damaged(dict[tuple[str, int], str | None]):
        def __getitem__(self, key: tuple[str, int]) -> str | None:
            raise pickle.UnpicklingError("damaged")

    source = r"\bapply now\b"
    made = prefilter._superset_source(source, re.IGNORECASE)
    assert made is not None
    monkeypatch.setattr(prefilter, "_KEPT_SUPERSETS", {})  # (restored after the test)
    for kept, expected in (
        ({(source, re.IGNORECASE): "kept"}, "kept"),  # (taken as it is: no parse)
        ({}, made),
        (Damaged(), made),
    ):
        monkeypatch.setattr(prefilter, "_SUPERSETS", {})
        prefilter.remember({"supersets": kept})
        assert prefilter.superset_source(source, re.IGNORECASE) == expected
