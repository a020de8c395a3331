"""Token F1 / recall of the cleaned corpus against the hand-cleaned gold (DESIGN.md §8)."""

from __future__ import annotations

import statistics

import pytest

from jobdesk.core.engine import Cleaner
from jobdesk.core.ingest import ingest_path
from jobdesk.core.rules import load_rules
from jobdesk.core.scoring import Score, score
from tests.corpus.corpus import cases

CASES = cases()
pytestmark = pytest.mark.skipif(not CASES, reason="../shared/corpus is not present")


@pytest.fixture(scope="module")
def results() -> dict[str, Score]:
    cleaner = Cleaner(load_rules(user_dir=False))
    out = {}
    for case in CASES:
        result = cleaner.clean(ingest_path(case.raw))
        out[case.name] = score(result.cleaned, case.gold.read_text("utf-8"))
    lines = [f"{'case':40} {'P':>6} {'R':>6} {'F1':>6}"]
    for name, s in out.items():
        lines.append(f"{name:40} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
    f1 = statistics.mean(s.f1 for s in out.values())
    recall = statistics.mean(s.recall for s in out.values())
    lines.append(f"{'MEAN':40} {'':6} {recall:6.3f} {f1:6.3f}")
    print("\n" + "\n".join(lines))
    return out


def test_mean_f1(results: dict[str, Score]) -> None:
    assert statistics.mean(s.f1 for s in results.values()) >= 0.97


def test_mean_recall(results: dict[str, Score]) -> None:
    assert statistics.mean(s.recall for s in results.values()) >= 0.99


def test_no_case_below_floor(results: dict[str, Score]) -> None:
    low = {n: round(s.f1, 3) for n, s in results.items() if s.f1 < 0.85}
    assert not low


def test_no_posting_case_is_nearly_empty(results: dict[str, Score]) -> None:
    empty = [n for n, s in results.items() if s.gold_tokens == 0]
    assert empty, "the corpus has a no-posting case"
    for name in empty:
        assert results[name].output_tokens <= 5, name


def test_already_clean_postings_come_out_unchanged() -> None:
    """The gold files are clean postings: cleaning them again must lose (almost) nothing
    (over-removal is what users never forgive, DESIGN.md §7)."""
    cleaner = Cleaner(load_rules(user_dir=False))
    losses = {}
    for case in CASES:
        gold = case.gold.read_text("utf-8")
        if gold.strip():
            s = score(cleaner.clean(gold).cleaned, gold)
            if s.recall < 0.995:
                losses[case.name] = round(s.recall, 4)
    assert losses == {}
