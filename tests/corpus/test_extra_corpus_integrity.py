"""The extra corpus (``tests/corpus/extra``): real postings collected after the first corpus,
labelled by hand by ``../shared/corpus/LABELING.md``.

These tests check the *data*, never the cleaner: every case is complete, its gold is the raw's
visible text with the noise deleted (nothing added, reworded or reordered), its facts are copied
from the posting, and its source is recorded in a provenance table (``SOURCES-*.md``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jobdesk.core.ingest import ingest_path
from tests.corpus.corpus import Case, extra_cases

EXTRA = Path(__file__).resolve().parent / "extra"
CASES_DIR = EXTRA / "cases"
FIELD_KEYS = ("title", "company", "location", "pay", "employment_type", "workplace", "sponsorship")
WORKPLACES = {"remote", "hybrid", "on-site"}
# site or ATS name, then a two-digit number: stepstone_01, paste_fr_01
NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*_\d{2}")
MAX_BYTES = 1_500_000
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


CASES = extra_cases()
IDS = [c.name for c in CASES]


def norm(text: str) -> str:
    """Whitespace runs (NBSP included) become one space; zero-width characters go."""
    return re.sub(r"\s+", " ", _INVISIBLE.sub("", text)).strip()


def visible(case: Case) -> str:
    return norm(ingest_path(case.raw).source)


def fields(case: Case) -> dict[str, str | None]:
    data = json.loads(case.fields.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_extra_corpus_has_cases() -> None:
    assert len(CASES) >= 14


def test_every_file_belongs_to_a_case() -> None:
    names = set(IDS)
    for path in CASES_DIR.iterdir():
        name = path.name.split(".")[0]
        assert name in names, f"{path.name} has no raw file"
        assert path.name in {
            f"{name}.raw.txt",
            f"{name}.raw.html",
            f"{name}.gold.txt",
            f"{name}.fields.json",
        }, path.name


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_is_complete(case: Case) -> None:
    assert NAME.fullmatch(case.name), case.name
    assert case.raw.suffix in {".txt", ".html"}
    assert case.raw.stat().st_size < MAX_BYTES
    assert case.gold.is_file()
    assert case.fields.is_file()
    case.raw.read_bytes().decode("utf-8")  # stored as UTF-8, exactly as captured
    assert case.gold.read_text("utf-8").endswith("\n") or not case.gold.read_text("utf-8")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_gold_is_the_raw_with_noise_deleted(case: Case) -> None:
    """Each gold line occurs in the raw's visible text, in the raw's order: the gold only
    deletes (whole lines, or the noise part of a line)."""
    text = visible(case)
    pos = 0
    for line in case.gold.read_text("utf-8").splitlines():
        want = norm(line)
        if not want:
            continue
        found = text.find(want, pos)
        assert found >= 0, f"not in the raw (or out of order): {line!r}"
        pos = found + len(want)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_gold_deletes_something_or_is_a_declared_control(case: Case) -> None:
    """A case with no noise teaches nothing unless it is a negative control, which the
    provenance notes say."""
    gold = norm(case.gold.read_text("utf-8"))
    if gold and gold == visible(case):
        assert case.raw.name in _controls(), f"{case.name}: gold == raw but not a negative control"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fields_are_copied_from_the_posting(case: Case) -> None:
    facts = fields(case)
    assert tuple(facts) == FIELD_KEYS
    assert all(v is None or (isinstance(v, str) and v.strip()) for v in facts.values())
    assert facts["workplace"] is None or facts["workplace"] in WORKPLACES
    text = visible(case).casefold()
    # title and company of a dataset row may come from its record; the rest is the posting's
    # (a dataset record's location may come from the record, not the text: the shared
    # corpus README scores a fact only where its value occurs in the input)
    for key in ("pay", "employment_type", "sponsorship"):
        value = facts[key]
        for part in (value or "").split("\n"):
            assert norm(part).casefold() in text, f"{key}: {part!r} is not in the raw"
    if not case.gold.read_text("utf-8").strip():
        assert all(v is None for v in facts.values()), "a case with no posting has no facts"


# a provenance row names its raw file in backticks, bare or with its folder
_RAW_CELL = re.compile(r"`(?:[^`]*/)?([^`/]+\.raw\.(?:txt|html))`")


def _sources() -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(EXTRA.glob("SOURCES-*.md")))


def _controls() -> set[str]:
    return {
        name
        for line in _sources().splitlines()
        if "negative control" in line.casefold()
        for name in _RAW_CELL.findall(line)
    }


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_case_has_provenance(case: Case) -> None:
    rows = [line for line in _sources().splitlines() if case.raw.name in _RAW_CELL.findall(line)]
    assert len(rows) == 1, f"{case.raw.name}: {len(rows)} provenance rows"
    cells = [c.strip() for c in rows[0].strip().strip("|").split("|")]
    assert len(cells) == 9, rows[0]
    assert re.fullmatch(r"[0-9a-f]{12,40}", cells[6].strip("`")), cells[6]


def test_every_provenance_row_has_a_case() -> None:
    listed = set(_RAW_CELL.findall(_sources()))
    assert listed == {c.raw.name for c in CASES}
