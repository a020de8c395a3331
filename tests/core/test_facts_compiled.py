"""The fact readers' per-line and per-candidate patterns are compiled once, at import:
none of these readers asks ``re``'s pattern cache for a pattern while it reads."""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest

from jobdesk.core.engine import default_cleaner
from jobdesk.core.facts import extract_facts
from tests.conftest import CORPUS

# the readers and helpers run for every line, header piece or candidate of a posting
HOT = {"company_cands", "_strip_the", "title_cands", "_clean_title", "norm"}

PASTES = [
    "Job Application for Senior Data Analyst at Acme Corp\nat Acme Corp (Remote)\n\n"
    "Acme's team is seeking a Senior Data Analyst to join us. At Acme, we build tools.\n"
    "Acme Corp. is an equal opportunity employer. Join the Acme team today.\n",
    "Rust Engineer | Full-time | Berlin\nGlobex GmbH\nBerlin, Germany\n\n"
    "The Globex Group is hiring a Rust Engineer role. Globex’s mission is fun.\n"
    "Work with FMCG brands within IBM. Why Globex? Globex offers great benefits.\n",
]


def _callers(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> set[str]:
    cleaner = default_cleaner()
    results = [cleaner.clean(t) for t in texts]
    for r in results:
        extract_facts(r)  # (warm: what is compiled on first use is compiled now)
    asked: set[str] = set()
    real = re._compile  # type: ignore[attr-defined]

    def noting(pattern: Any, flags: Any) -> Any:
        caller = sys._getframe(2).f_code
        if "/core/facts/" in caller.co_filename.replace("\\", "/"):
            asked.add(caller.co_name)
        return real(pattern, flags)

    monkeypatch.setattr(re, "_compile", noting)
    for r in results:
        extract_facts(r)
    monkeypatch.undo()
    return asked


def test_the_hot_readers_compile_no_pattern_per_posting(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _callers(PASTES, monkeypatch)
    assert not asked & HOT, asked & HOT


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_nor_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.raw.txt"))[:20]]
    assert texts
    asked = _callers(texts, monkeypatch)
    assert not asked & HOT, asked & HOT
