"""A user's exceptions (core/exemptions.py): keep this text / switch this rule off, for
this posting, this site or everywhere; stored, listed and removed."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from jobdesk.core.effects import Effects
from jobdesk.core.engine import Cleaner, Matched
from jobdesk.core.exemptions import Exemption, ExemptionError, Exemptions, posting_key
from jobdesk.core.ingest import Document
from jobdesk.core.rules import RuleSet, parse_pack

GENERIC = textwrap.dedent(
    r"""
    [pack]
    id = "g"

    [[rule]]
    id = "g.cookies"
    category = "site-chrome"
    kind = "line"
    pattern = 'We use cookies.*'

    [[rule]]
    id = "g.eeo"
    category = "legal-boilerplate"
    kind = "line"
    pattern = 'We are an equal opportunity employer\.'
    """
)
SITE = textwrap.dedent(
    r"""
    [pack]
    id = "board"
    detect = ['Powered by Board']

    [[rule]]
    id = "board.powered"
    category = "site-chrome"
    kind = "line"
    pattern = 'Powered by Board'
    """
)

ONE = (
    "Backend Engineer\nWe use cookies to improve the site.\nBuild APIs.\n"
    "We are an equal opportunity employer.\nPowered by Board\n"
)
TWO = (
    "Data Engineer\nWe use cookies to improve the site.\nBuild pipelines.\n"
    "We are an equal opportunity employer.\nPowered by Board\n"
)
ELSEWHERE = (
    "Designer\nWe use cookies to improve the site.\nDraw things.\n"
    "We are an equal opportunity employer.\n"
)


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    packs = [parse_pack(GENERIC, "g.toml")[0], parse_pack(SITE, "board.toml")[0]]
    return Cleaner(RuleSet(packs=packs))


def _match(cleaner: Cleaner, text: str) -> Matched:
    return cleaner.match(Document(source=text))


def _cleaned(cleaner: Cleaner, ex: Exemptions, text: str) -> str:
    return ex.resolve(_match(cleaner, text)).cleaned


def test_the_postings_are_cleaned_without_exceptions(cleaner: Cleaner) -> None:
    assert _match(cleaner, ONE).site == "board"
    assert _match(cleaner, ELSEWHERE).site is None
    for text in (ONE, TWO, ELSEWHERE):
        out = _cleaned(cleaner, Exemptions(), text)
        assert "cookies" not in out and "equal opportunity" not in out


KEEP = "equal opportunity employer"


@pytest.mark.parametrize(
    ("scope", "kept_in"),
    [("posting", {"one"}), ("site", {"one", "two"}), ("everywhere", {"one", "two", "else"})],
)
def test_keep_this_text_at_each_scope(cleaner: Cleaner, scope: str, kept_in: set[str]) -> None:
    ex = Exemptions()
    ex.add(
        Exemption(
            "keep",
            scope,
            text=KEEP.upper(),  # case and blanks do not matter
            site="board" if scope == "site" else "",
            posting=posting_key(ONE) if scope == "posting" else "",
        )
    )
    for name, text in (("one", ONE), ("two", TWO), ("else", ELSEWHERE)):
        out = _cleaned(cleaner, ex, text)
        # The whole line is kept; everything else is still cleaned.
        assert ("We are an equal opportunity employer." in out) == (name in kept_in), name
        assert "cookies" not in out


@pytest.mark.parametrize(
    ("scope", "off_in"),
    [("posting", {"one"}), ("site", {"one", "two"}), ("everywhere", {"one", "two", "else"})],
)
def test_switch_a_rule_off_at_each_scope(cleaner: Cleaner, scope: str, off_in: set[str]) -> None:
    ex = Exemptions()
    ex.add(
        Exemption(
            "off",
            scope,
            rule="g.cookies",
            site="board" if scope == "site" else "",
            posting=posting_key(ONE) if scope == "posting" else "",
        )
    )
    for name, text in (("one", ONE), ("two", TWO), ("else", ELSEWHERE)):
        m = _match(cleaner, text)
        a = ex.applied(m, {"g.cookies": True})  # the exception wins over a tick
        out = m.resolve(a.overrides, keep=a.keep).cleaned
        assert ("We use cookies" in out) == (name in off_in), name
        assert "equal opportunity" not in out


def test_site_scope_with_no_site_means_pages_of_no_known_site(cleaner: Cleaner) -> None:
    ex = Exemptions([Exemption("off", "site", rule="g.eeo", site="")])
    assert "equal opportunity" in _cleaned(cleaner, ex, ELSEWHERE)
    assert "equal opportunity" not in _cleaned(cleaner, ex, ONE)


def test_the_posting_key_ignores_blanks_and_case() -> None:
    assert posting_key(ONE) == posting_key("  " + ONE.replace("\n", "\r\n  ").upper())
    assert posting_key(ONE) != posting_key(TWO)


def test_effects_name_the_exception(cleaner: Cleaner) -> None:
    m = _match(cleaner, ONE)
    a = Exemptions([Exemption("keep", "everywhere", text="to improve")]).applied(m)
    eff = Effects(m, a.overrides, keep=a.keep).rule("g.cookies")
    assert eff.shadowed and eff.shadowed_by == ("@exception",)


def test_stored_listed_and_removed(tmp_path: Path, cleaner: Cleaner) -> None:
    path = tmp_path / "cfg" / "exceptions.json"
    ex = Exemptions.load(path)
    assert len(ex) == 0
    keep = ex.add(Exemption("keep", "site", text=KEEP, site="board"))
    off = ex.add(Exemption("off", "posting", rule="g.cookies", posting=posting_key(ONE),
                           label="Backend Engineer"))  # fmt: skip
    assert ex.add(Exemption("keep", "site", text=KEEP, site="board")) is keep  # no duplicate
    ex.save()
    back = Exemptions.load(path)
    assert list(back) == [keep, off]
    assert [e.id for e in back] == [keep.id, off.id]
    lines = [e.describe() for e in back]
    assert lines[0].endswith("keep 'equal opportunity employer'  on board")
    assert lines[1].endswith("rule g.cookies off  in Backend Engineer")
    assert "equal opportunity" in _cleaned(cleaner, back, TWO)
    back.remove(keep.id)
    back.save()
    again = Exemptions.load(path)
    assert list(again) == [off]
    assert "equal opportunity" not in _cleaned(cleaner, again, TWO)
    with pytest.raises(ExemptionError, match="no exception"):
        again.remove(keep.id)


def test_the_default_file_is_in_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(tmp_path))
    Exemptions([Exemption("off", "everywhere", rule="g.eeo")]).save()
    assert json.loads((tmp_path / "exceptions.json").read_text())["exceptions"] == [
        {"action": "off", "scope": "everywhere", "rule": "g.eeo",
         "id": Exemption("off", "everywhere", rule="g.eeo").id}
    ]  # fmt: skip
    assert len(Exemptions.load()) == 1


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"version": 1}',
        b'{"version": 2, "exceptions": []}',
        b'{"version": 1, "exceptions": [{"action": "drop", "scope": "everywhere"}]}',
        b'{"version": 1, "exceptions": [{"action": "keep", "scope": "everywhere"}]}',
        b'{"version": 1, "exceptions": [{"action": "off", "scope": "posting", "rule": "x"}]}',
        b'{"version": 1, "exceptions": [{"action": "off", "scope": "everywhere", "rule": 3}]}',
    ],
)
def test_a_damaged_file_is_one_error_and_left_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "exceptions.json"
    path.write_bytes(content)
    with pytest.raises(ExemptionError) as exc:
        Exemptions.load(path)
    assert str(path) in str(exc.value) and "\n" not in str(exc.value)
    assert path.read_bytes() == content
