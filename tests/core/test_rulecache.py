"""The shipped packs parsed once and cached (core/rulecache.py), their patterns compiled
on first use (core/lazyre.py), and what the engine derives from them kept too."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from jobdesk.core import prefilter, rulecache, rules
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
