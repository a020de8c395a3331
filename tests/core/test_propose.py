"""Rules from a selection (core/propose.py): the proposals, most specific first, each a
valid rule with the selection as its example; the preview; saving to the user's pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import Document, ingest
from jobdesk.core.propose import (
    GUARDED,
    LEVELS,
    Proposal,
    ProposeError,
    check,
    generalise,
    load_proposal,
    preview,
    propose,
    save,
)
from jobdesk.core.rules import load_rules, parse_pack
from tests.corpus.corpus import cases

PASTE = (
    "Senior Engineer\n"
    "Boston, MA · 3 days ago · 36 applicants\n"
    "We build boats and the software that sails them.\n"
    "\n"
    "More jobs from Acme\n"
    "Welder\n"
    "Painter\n"
    "\n"
    "Footer links\n"
)
OTHER = (
    "Data Engineer\n"
    "Boston, MA · 12 days ago · 4 applicants\n"
    "Pipelines all day long, with a team that cares.\n"
)
UNRELATED = "Designer\nDraw things for a living, with people who care about it.\n"


def _select(text: str, needle: str) -> tuple[int, int]:
    s = text.index(needle)
    return s, s + len(needle)


def _by_level(props: list[Proposal]) -> dict[str, Proposal]:
    return {p.level: p for p in props}


def test_proposals_run_from_the_most_specific_to_the_broadest() -> None:
    props = propose(PASTE, *_select(PASTE, "36 applicants"))
    assert [p.level for p in props] == list(LEVELS)
    levels = _by_level(props)
    assert levels["line"].rule["kind"] == "line"
    assert levels["line"].rule["phrases"] == ["Boston, MA · 3 days ago · 36 applicants"]
    assert levels["phrase"].rule["phrases"] == ["36 applicants"]
    assert levels["phrase"].rule["examples"] == {"remove": ["36 applicants"]}
    assert [levels[k].rule["kind"] for k in ("section", "tail")] == ["section", "tail"]
    # Every one loads through the schema and the kind registry, and its example is hit.
    for p in props:
        pack = check(p)
        assert [r.id for r in pack.rules] == [p.id]
    assert len({p.id for p in props}) == len(props)


def test_what_each_level_removes() -> None:
    props = _by_level(propose(PASTE, *_select(PASTE, "More jobs from Acme")))
    here = {level: preview(p, PASTE).here for level, p in props.items()}
    assert here["line"] == ["More jobs from Acme"]
    assert here["phrase"] == ["More jobs from Acme"]
    assert here["section"] == ["More jobs from Acme Welder Painter"]
    assert here["tail"] == ["More jobs from Acme Welder Painter Footer links"]


def test_the_general_line_matches_other_numbers_and_dates() -> None:
    assert generalise("Welder") is None
    pattern = generalise("Posted Mar 3, 2024 · 36 applicants")
    assert pattern is not None
    import re

    from jobdesk.core.rules import compile_pattern

    rx = compile_pattern(pattern)
    assert rx.fullmatch("Posted Nov 21, 2023 · 1,204 applicants")
    assert not rx.fullmatch("Posted Nov 21, 2023 · many applicants")
    assert re.search(r"\\d", pattern)
    props = _by_level(propose(PASTE, *_select(PASTE, "36 applicants")))
    exact = preview(props["line"], PASTE, None, [("other", OTHER, None)])
    general = preview(props["line-general"], PASTE, None, [("other", OTHER, None)])
    assert exact.postings == 0
    assert general.postings == 1
    assert general.examples == [("other", "Boston, MA · 12 days ago · 4 applicants")]
    # A line with nothing to generalise gets no such proposal.
    assert "line-general" not in _by_level(propose(PASTE, *_select(PASTE, "Welder")))


def test_preview_counts_library_postings_with_examples() -> None:
    p = _by_level(propose(PASTE, *_select(PASTE, "applicants")))["phrase"]
    library = [("one", OTHER, None), ("two", UNRELATED, None), ("three", PASTE, "linkedin")]
    pv = preview(p, Document(source=PASTE), None, library, examples=1)
    assert pv.here == ["applicants"]
    assert pv.here_chars == len("applicants")
    assert (pv.postings, pv.scanned) == (2, 3)
    assert pv.examples == [("one", "applicants")]


def test_a_site_proposal_applies_on_that_site_only() -> None:
    p = _by_level(propose(PASTE, *_select(PASTE, "Footer links"), site="acme"))["line"]
    assert p.rule["sites"] == ["acme"]
    library = [("acme", PASTE, "acme"), ("elsewhere", PASTE, None)]
    pv = preview(p, PASTE, "acme", library)
    assert pv.here == ["Footer links"]
    assert pv.postings == 1 and pv.examples[0][0] == "acme"


def test_a_multi_line_selection_proposes_from_its_first_line() -> None:
    props = propose(PASTE, *_select(PASTE, "More jobs from Acme\nWelder"))
    assert [p.level for p in props] == ["section", "tail"]
    assert props[0].rule["phrases"] == ["More jobs from Acme"]


def test_bad_selections_are_refused() -> None:
    with pytest.raises(ProposeError, match="select some text"):
        propose(PASTE, 3, 3)
    with pytest.raises(ProposeError, match="select some text"):
        propose(PASTE, PASTE.index("\n\n"), PASTE.index("\n\n") + 2)
    with pytest.raises(ProposeError, match="at most"):
        propose("x" * 1000, 0, 1000)


def test_ids_avoid_rules_already_loaded() -> None:
    first = propose(PASTE, *_select(PASTE, "Welder"))[0]
    again = propose(PASTE, *_select(PASTE, "Welder"), taken={first.id})[0]
    assert again.id == first.id + "-2"


def test_an_invalid_rule_is_refused() -> None:
    p = propose(PASTE, *_select(PASTE, "Welder"))[0]
    with pytest.raises(ProposeError, match="kind"):
        load_proposal(Proposal("line", "x", {**p.rule, "kind": "nonsense"}))
    with pytest.raises(ProposeError, match="paragraphs"):
        load_proposal(Proposal("line", "x", {**p.rule, "paragraphs": 2}))
    with pytest.raises(ProposeError, match="should match"):
        check(Proposal("line", "x", {**p.rule, "examples": {"remove": ["Painter"]}}))


USER_PACK = """\
# My own rules, kept by hand.
[pack]
id = "mine"
name = "Mine"

[[rule]]
id = "mine.welder"  # a comment that must survive
category = "recommendations"
kind = "line"
phrases = ["Welder"]
examples.remove = ["Welder"]
"""


def test_saving_appends_to_the_user_pack_keeping_it(tmp_path: Path) -> None:
    path = tmp_path / "rules" / "mine.toml"
    path.parent.mkdir()
    path.write_text(USER_PACK)
    p = _by_level(propose(PASTE, *_select(PASTE, "More jobs from Acme"), prefix="mine"))["section"]
    save(p, path)
    text = path.read_text()
    assert text.startswith(USER_PACK)  # comments and layout kept
    pack, errors = parse_pack(text, str(path), user=True)
    assert errors == []
    assert [r.id for r in pack.rules] == ["mine.welder", p.id]
    saved = pack.rules[1]
    assert saved.kind == "section" and saved.examples_remove == ("More jobs from Acme",)
    # Applied to the next paste: the user's pack loads with the shipped ones.
    rules = load_rules(user_dir=path.parent)
    assert rules.errors == []
    result = Cleaner(rules).match(Document(source=PASTE)).resolve()
    assert "Painter" not in result.cleaned and "We build boats" in result.cleaned
    assert p.id in result.rule_counts()
    # The same rule again is refused, and the file is left as it was.
    with pytest.raises(ProposeError, match="duplicate"):
        save(p, path)
    with pytest.raises(ProposeError, match="already loaded"):
        save(p, path, taken={p.id})
    assert path.read_text() == text


def test_saving_makes_a_new_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBDESK_CONFIG_DIR", str(tmp_path))
    p = propose(PASTE, *_select(PASTE, "Footer links"))[0]
    path = save(p)
    assert path == tmp_path / "rules" / "my-rules.toml"
    pack, errors = parse_pack(path.read_text(), str(path), user=True)
    assert errors == [] and pack.id == "user" and [r.id for r in pack.rules] == [p.id]


def test_a_damaged_user_pack_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[pack\nid = ")
    p = propose(PASTE, *_select(PASTE, "Footer links"))[0]
    with pytest.raises(ProposeError, match="not valid TOML"):
        save(p, path)
    assert path.read_text() == "[pack\nid = "


DUTY = "• Build and maintain our data pipelines in Python and SQL with the analytics team"


def test_a_line_the_guards_keep_is_proposed_with_its_problem(tmp_path: Path) -> None:
    text = f"Data Engineer\n{DUTY}\n"
    props = _by_level(propose(text, *_select(text, DUTY)))
    assert props["line"].problem == GUARDED
    assert preview(props["line"], text).here == []
    with pytest.raises(ProposeError, match="content guards"):
        save(props["line"], tmp_path / "mine.toml")
    assert not (tmp_path / "mine.toml").exists()
    # A tail from it is not a line-level removal: the guards stop it at the prose.
    assert props["tail"].problem in ("", GUARDED)


@pytest.mark.skipif(not cases(), reason="corpus not available")
def test_every_proposal_from_corpus_lines_loads_and_removes_its_example() -> None:
    """Lines and phrases of real postings (regex characters, bullets, any script): every
    proposal loads; the only reason one may not remove its example is the guards."""
    problems: list[str] = []
    made = 0
    for case in cases():
        source = ingest(case.raw).source
        starts = [0]
        for line in source.split("\n"):
            starts.append(starts[-1] + len(line) + 1)
        rows = [(i, line) for i, line in enumerate(source.split("\n")) if line.strip()]
        for i, line in rows[:: max(1, len(rows) // 2)][:2]:
            s = starts[i]
            for a, b in ((s, s + len(line)), (s + len(line) // 3, s + 2 * len(line) // 3)):
                if not source[a:b].strip() or b - a > 300:
                    continue
                for p in propose(source, a, b):
                    made += 1
                    load_proposal(p)
                    if p.problem and p.problem != GUARDED:
                        problems.append(f"{case.name} {p.level}: {p.problem}")
    assert problems == []
    assert made > 200
