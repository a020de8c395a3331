"""Fuzz: any JSON value in a posting of an export is restored or reported, never a crash
(issue 16). A fixed, derandomized budget so CI stays stable."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobdesk.storage.export import BadRecord, open_export, read_export
from jobdesk.storage.importer import import_paths
from jobdesk.storage.library import Library

KEYS = [
    "id", "cleaned", "raw", "source", "title", "company", "url", "site", "status", "tags",
    "notes", "rules", "fields", "created", "updated", "similar_to", "similarity",
]  # fmt: skip

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
POSTINGS = st.lists(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8) | VALUES, max_size=5)

FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _export(postings: list[object]) -> str:
    head = {"format": "jobdesk-library", "version": 1, "statuses": ["saved"], "postings": []}
    text = json.dumps(head, indent=1)
    items = ",\n  ".join(json.dumps(p) for p in postings)
    return text.replace('"postings": []', '"postings": [\n  ' + items + "\n ]")


@FUZZ
@given(POSTINGS)
def test_every_posting_is_restored_or_reported(postings: list[object]) -> None:
    text = _export(postings)
    for reader in (lambda: read_export(text), lambda: open_export(io.StringIO(text))):
        _statuses, items = reader()
        got = list(items)
        assert len(got) == len(postings)
        for item in got:
            assert isinstance(item, BadRecord) or item.cleaned.strip()


@FUZZ
@given(POSTINGS)
def test_an_import_of_any_export_saves_the_good_and_reports_the_bad(
    tmp_path_factory: object, postings: list[object]
) -> None:
    folder = Path(tmp_path_factory.mktemp("fuzz"))  # type: ignore[attr-defined]
    path = folder / "library.json"
    path.write_text(_export(postings), "utf-8")
    with Library.open(folder / "lib.sqlite3") as lib:
        report = import_paths(lib, [path])
        saved = lib.count()
    # Every posting is saved, or found already there, or reported with its reason.
    assert saved == len(report.saved)
    accounted = len(report.saved) + len(report.duplicates) + len(report.failed)
    assert accounted == len(postings)
    assert all(reason for _path, reason in report.failed)
