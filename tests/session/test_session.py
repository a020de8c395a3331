"""The session layer (jobdesk.session): loading, a posting's session, drafts, and save /
open / re-clean against a library — plain Python, no Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jobdesk import session
from jobdesk.core.engine import Cleaner
from jobdesk.session import Input, Opened, PostingSession
from jobdesk.storage import Library, NewPosting

from .conftest import POSTING


def opened(cleaner: Cleaner, text: str = POSTING, label: str = "posting") -> PostingSession:
    loaded = session.load_input(Input(label, text=text, html=False), cleaner)
    assert loaded.error is None and loaded.matched is not None
    return PostingSession(label=label, matched=loaded.matched)


# ------------------------------------------------------------------ layering


def test_the_session_layer_imports_no_qt() -> None:
    code = (
        "import sys, jobdesk.session; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


# ------------------------------------------------------------------ loading


def test_load_input_matches_text_and_reports_failures(cleaner: Cleaner, tmp_path: Path) -> None:
    ok = session.load_input(Input("paste", text=POSTING), cleaner)
    assert ok.error is None and ok.matched is not None
    assert "Apply now" not in ok.matched.resolve().cleaned
    empty = session.load_input(Input("paste", text="  \n\n"), cleaner)
    assert empty.matched is None and empty.error == "the pasted text: there is no text in it"
    missing = session.load_input(Input("gone.txt", path=tmp_path / "gone.txt"), cleaner)
    assert missing.matched is None and missing.error and "gone.txt" in missing.error
    big = session.load_input(Input("paste", text="word " * 100), cleaner, max_chars=100)
    assert big.error is not None and "too long for the window" in big.error
    assert session.load_input(Input("paste", text="word " * 100), cleaner).error is None


def test_load_input_turns_an_engine_crash_into_a_message(
    cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cleaner, "match", boom)
    loaded = session.load_input(Input("paste", text=POSTING), cleaner)
    assert loaded.matched is None
    assert loaded.error == "paste: could not be cleaned (RuntimeError: kaboom)"


def test_load_input_falls_back_to_the_plain_text_of_empty_html(cleaner: Cleaner) -> None:
    inp = Input("drop", text="<div><img src='x.png'></div>", html=True, fallback_text=POSTING)
    loaded = session.load_input(inp, cleaner)
    assert loaded.matched is not None and "Senior Widget Engineer" in loaded.matched.source


def test_expand_paths_finds_postings_in_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "two.HTML").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "pic.png").write_bytes(b"\x89PNG")
    (tmp_path / "a" / ".hidden").mkdir()
    (tmp_path / "a" / ".hidden" / "three.txt").write_text("x", encoding="utf-8")
    (tmp_path / "none").mkdir()
    single = tmp_path / "file.md"
    files, notes = session.expand_paths([tmp_path / "a", tmp_path / "none", single])
    assert [p.name for p in files] == ["one.txt", "two.HTML", "file.md"]
    assert notes == ["none: no .txt, .html, .md or .eml files in this folder"]
    files, notes = session.expand_paths([tmp_path / "a"], max_files=1)
    assert [p.name for p in files] == ["one.txt"]
    assert notes == ["a: 2 files; only the first 1 were opened"]


def test_paste_label_is_the_first_line_left(cleaner: Cleaner) -> None:
    s = opened(cleaner)
    assert session.paste_label(s.matched, "Pasted 12:00") == (
        "Senior Widget Engineer (pasted 12:00)"
    )
    long = opened(cleaner, "x" * 80 + "\nbody\n")
    assert session.paste_label(long.matched, "Dropped text") == "x" * 47 + "… (dropped text)"
    assert session.paste_label(None, "Pasted 12:00") == "Pasted 12:00"


# ------------------------------------------------------------------ a session


def test_hand_edits_start_and_end(cleaner: Cleaner) -> None:
    s = opened(cleaner)
    assert s.matched is not None
    result = s.matched.resolve()
    assert s.cleaned(result) == result.cleaned
    assert s.hand_edit(result.cleaned + "mine", result.cleaned) is True  # starts
    assert s.hand_text == result.cleaned + "mine"
    assert s.hand_edit(result.cleaned + "mine too", result.cleaned) is False  # goes on
    assert s.cleaned(result) == result.cleaned + "mine too"
    assert s.hand_edit(result.cleaned, result.cleaned) is False  # undone: no longer edited
    assert s.hand_text is None and s.cleaned(result) == result.cleaned


def test_fact_edits_and_the_facts_per_rule_set(cleaner: Cleaner) -> None:
    s = opened(cleaner)
    assert s.matched is not None
    result = s.matched.resolve()
    assert s.facts(result.enabled) is None  # not extracted yet
    found = session.facts_json(result)
    s.remember_facts(result.enabled, found)
    assert s.found_facts(result.enabled) is found
    title = s.facts(result.enabled)
    assert title is not None and title["title"]["value"] == "Senior Widget Engineer"

    s.edit_fact("title", "  Senior   Widget Engineer ", found)  # the value found: no edit
    assert s.fact_edits == {}
    s.edit_fact("title", "Staff Widget Engineer", found)
    assert s.fact_edits == {"title": "Staff Widget Engineer"}
    edited = s.facts(result.enabled)
    assert edited is not None
    assert edited["title"]["value"] == "Staff Widget Engineer"
    assert edited["title"]["source"] == "edited"
    assert found["title"]["value"] == "Senior Widget Engineer"  # the cache is untouched
    s.edit_fact("title", None, found)
    assert s.fact_edits == {}

    s.rematched(s.matched)  # matched again: the facts found so far no longer hold
    assert s.found_facts(result.enabled) is None


def test_the_facts_cache_keeps_a_few_rule_sets(cleaner: Cleaner) -> None:
    s = opened(cleaner)
    sets = [frozenset({f"rule.{i}"}) for i in range(session.FACTS_CACHE_SIZE + 2)]
    for i, enabled in enumerate(sets):
        s.remember_facts(enabled, {"n": i})
    assert s.found_facts(sets[0]) is None and s.found_facts(sets[1]) is None
    assert s.found_facts(sets[-1]) == {"n": len(sets) - 1}


def test_the_old_extra_names_read_the_typed_fields(cleaner: Cleaner) -> None:
    s = opened(cleaner)
    assert dict(s.extra) == {}
    s.adopt(Opened(7, ("a", "b"), {"pay": "lots"}, hand_text="mine"))
    s.forced_site = "linkedin"
    assert dict(s.extra) == {
        "library_id": 7,
        "saved_rules": ["a", "b"],
        "fact_edits": {"pay": "lots"},
        "site": "linkedin",
    }
    assert s.hand_text == "mine"


def test_a_draft_is_the_posting_as_shown(cleaner: Cleaner) -> None:
    s = opened(cleaner)
    assert s.matched is not None
    d = s.draft({"test.apply": False})
    assert d is not None and d.entry is s
    assert d.cleaned.startswith("Apply now") and not d.hand_edited
    assert d.overrides == {"test.apply": False}
    assert d.fields is None  # extracted when saved
    assert d.facts()["title"]["value"] == "Senior Widget Engineer"

    s.hand_text = "Senior Widget Engineer\nMy own words.\n"
    s.fact_edits = {"company": "Acme Corp"}
    d = s.draft({})
    assert d is not None and d.hand_edited and d.cleaned == s.hand_text
    assert d.fact_edits == {"company": "Acme Corp"}
    assert d.facts()["company"]["value"] == "Acme Corp"
    assert PostingSession("unread").draft({}) is None


def test_rules_as_saved_switches_only_what_differs(cleaner: Cleaner) -> None:
    s = opened(cleaner)
    m = s.matched
    assert m is not None
    now = {"other.rule": True}  # the user's override of a rule this posting lacks
    saved = m.enabled(now) - {"test.apply"} | {"test.perks"}
    mine, differ = session.rules_as_saved(m, saved, now)
    assert differ == 2
    assert mine == {"other.rule": True, "test.apply": False, "test.perks": True}
    assert m.enabled(mine) == saved
    same, none = session.rules_as_saved(m, m.enabled(now), now)
    assert none == 0 and m.enabled(same) == m.enabled(now)
    assert session.rules_note(2) == "2 rules switched to how they were when it was saved"
    assert session.rules_note(1) == "1 rule switched to how they were when it was saved"
    assert session.rules_note(0) == "saved with the rules you use now"


# ------------------------------------------------------------------ the library


def test_save_reports_duplicates_and_remembers_the_id(cleaner: Cleaner, library: Library) -> None:
    s = opened(cleaner)
    d = s.draft({})
    assert d is not None
    (first,) = session.save_drafts(library, [d])
    assert first.id is not None and first.duplicate is None
    assert session.save_message([first]) == (f"Saved to your library as #{first.id}.", "", "")
    session.remember_saved([d], [first])
    assert s.library_id == first.id

    again = opened(cleaner)
    d2 = again.draft({})
    assert d2 is not None
    (second,) = session.save_drafts(library, [d2])
    assert second.id is None and second.duplicate is not None
    assert second.library_id == first.id
    msg, level, details = session.save_message([second])
    assert "already in your library" in msg and f"#{first.id}" in msg
    assert level == "info" and details == ""
    session.remember_saved([d2], [second])
    assert again.library_id == first.id

    msg, level, details = session.save_message([first, second])
    assert msg == ("Saved 1 of 2 postings to your library. 1 already there (not saved again).")
    assert level == "info" and "posting: already in your library" in details  # not a warning


def test_saved_posting_keeps_hand_edits_and_fact_edits(cleaner: Cleaner, library: Library) -> None:
    s = opened(cleaner)
    s.hand_text = "Senior Widget Engineer\nAcme Widgets\nMy notes on the job.\n"
    s.fact_edits = {"company": "Acme Corp"}
    d = s.draft({"test.perks": True})
    assert d is not None
    (out,) = session.save_drafts(library, [d])
    assert out.id is not None
    posting = library.get(out.id)
    assert posting is not None
    assert posting.cleaned == s.hand_text and posting.hand_edited
    assert posting.company == "Acme Corp"
    assert "test.perks" in posting.rules

    inp = session.open_input(posting)
    assert inp.label == f"#{out.id} Senior Widget Engineer"
    assert inp.document is not None and inp.document.source == posting.source
    assert inp.opened == Opened(
        out.id, tuple(posting.rules), {"company": "Acme Corp"}, hand_text=s.hand_text
    )
    back = session.load_input(inp, cleaner)
    assert back.matched is not None
    reopened = PostingSession(inp.label, matched=back.matched)
    reopened.adopt(inp.opened)
    assert reopened.library_id == out.id and reopened.hand_text == s.hand_text
    assert reopened.fact_edits == {"company": "Acme Corp"}


def test_saving_an_opened_posting_updates_it(cleaner: Cleaner, library: Library) -> None:
    s = opened(cleaner)
    d = s.draft({})
    assert d is not None
    (out,) = session.save_drafts(library, [d])
    assert out.id is not None
    old = library.get(out.id)
    assert old is not None
    same = s.draft({})
    assert same is not None
    assert session.opened_update(old, same) is None  # nothing changed since

    s.hand_text = "Senior Widget Engineer\nEdited.\n"
    changed = s.draft({})
    assert changed is not None
    update = session.opened_update(old, changed)
    assert update is not None
    new, before = update
    assert new["cleaned"] == s.hand_text and new["hand_edited"] is True
    assert before["cleaned"] == old.cleaned and before["hand_edited"] is False
    assert new["title"] == before["title"] == old.title


def test_reclean_with_todays_rules(cleaner: Cleaner, library: Library) -> None:
    s = opened(cleaner)
    d = s.draft({"test.apply": False})
    assert d is not None
    (out,) = session.save_drafts(library, [d])
    assert out.id is not None
    posting = library.get(out.id)
    assert posting is not None and posting.cleaned.startswith("Apply now")

    from jobdesk.core.exemptions import Exemption, Exemptions

    off = Exemptions([Exemption(action="off", scope="everywhere", rule="test.apply")])
    kept = session.prepare_reclean(posting, cleaner, {}, off)  # the user's exception wins
    assert kept.cleaned.startswith("Apply now") and "test.apply" not in kept.rules

    rc = session.prepare_reclean(posting, cleaner, {})
    assert not rc.cleaned.startswith("Apply now")
    assert "test.apply" in rc.rules and "test.apply" not in posting.rules
    assert rc.fields["title"]["value"] == "Senior Widget Engineer"
    new, old = session.reclean_changes(rc)
    assert new == {
        "cleaned": rc.cleaned,
        "rules": rc.rules,
        "fields": rc.fields,
        "hand_edited": False,
    }
    assert old["cleaned"] == posting.cleaned and old["rules"] == posting.rules


def test_document_of_a_saved_posting_reads_its_raw_input_again(
    cleaner: Cleaner, library: Library
) -> None:
    html = "<html><body><h1>Widget Engineer</h1><p>Build widgets.</p></body></html>"
    loaded = session.load_input(Input("page.html", text=html, html=True), cleaner)
    assert loaded.matched is not None
    d = PostingSession("page.html", matched=loaded.matched).draft({})
    assert d is not None
    (out,) = session.save_drafts(library, [d])
    assert out.id is not None
    posting = library.get(out.id)
    assert posting is not None
    doc = session.document_of(posting)
    assert doc.kind == "html" and doc.source == posting.source
    posting.raw = "something else entirely"  # the raw no longer gives the source
    doc = session.document_of(posting)
    assert doc.source == posting.source and doc.raw == "something else entirely"


def test_posting_of_is_what_library_add_stores_and_takes_edited_facts(cleaner: Cleaner) -> None:
    s = opened(cleaner)
    assert s.matched is not None
    result = s.matched.resolve()
    kw = {"tags": ["remote"], "status": "applied", "notes": "call Tue", "url": "https://x.test/1"}
    plain = session.posting_of(result, source_name="a.txt", **kw)  # type: ignore[arg-type]
    assert vars(plain) == vars(NewPosting.from_result(result, source_name="a.txt", **kw))  # type: ignore[arg-type]
    assert plain.title == "Senior Widget Engineer" and plain.tags == ["remote"]

    facts = session.facts_json(result)
    s.fact_edits = {"title": "Staff Widget Engineer", "company": "Acme Corp"}
    s.remember_facts(result.enabled, facts)
    edited = s.facts(result.enabled)
    assert edited is not None
    np = session.posting_of(result, cleaned="Mine.\n", facts=edited, source_name="a.txt")
    assert np.title == "Staff Widget Engineer" and np.company == "Acme Corp"
    assert np.fields["title"]["source"] == "edited"
    assert np.cleaned == "Mine.\n" and np.hand_edited


def test_the_users_exceptions_apply_to_a_session_as_to_jobdesk_clean(cleaner: Cleaner) -> None:
    from jobdesk.core.exemptions import Exemption, Exemptions, posting_key

    m = cleaner.match(POSTING)
    entry = PostingSession("p", matched=m)
    assert "Apply now" not in entry.resolve({}).cleaned and entry.applied is None
    Exemptions(
        [
            Exemption("keep", "posting", text="Apply now", posting=posting_key(m.source)),
            Exemption("off", "everywhere", rule="test.similar"),
        ]
    ).save()
    mine = session.user_exemptions()
    result = entry.resolve({}, mine)
    assert "Apply now" in result.cleaned and "Widget Tester" in result.cleaned
    assert "test.similar" not in result.enabled
    assert entry.applied is not None and len(entry.applied.used) == 2
    draft = entry.draft({}, mine)
    assert draft is not None and draft.cleaned == result.cleaned
    assert session.resolve(m, {}, mine)[0].cleaned == result.cleaned


def test_a_damaged_exceptions_file_applies_none_and_says_why() -> None:
    from jobdesk.paths import config_dir

    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "exceptions.json").write_text("{not json", encoding="utf-8")
    said: list[str] = []
    assert len(session.user_exemptions(said.append)) == 0
    assert len(said) == 1 and "not valid JSON" in said[0] and "not applied" in said[0]
