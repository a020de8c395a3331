"""Dump every hit and cleaned text of the engine, to prove a speed change changes nothing
(a script, not a test).

    uv run python -m tests.benchmarks.engine_equivalence before.json   # on the old commit
    uv run python -m tests.benchmarks.engine_equivalence after.json    # on the new one
    uv run python -m tests.benchmarks.engine_equivalence after.json --compare before.json

Covers every input of the shared corpus (``JOBDESK_CORPUS``, default ../shared/corpus)
and of tests/corpus/extra, each with its site detected and site-blind, and every rule
example (with the site its test uses, and site-blind): the hits of every rule (after the
content guards), the detected site, the cleaned text, the facts, and the JSON that
``jobdesk clean --format json`` prints.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from jobdesk.cli import result_json
from jobdesk.core.engine import NO_SITE, Cleaner
from jobdesk.core.facts import extract_facts
from jobdesk.core.ingest import Document, ingest_path
from jobdesk.core.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]


def inputs() -> list[Path]:
    shared = Path(os.environ.get("JOBDESK_CORPUS", ROOT.parent / "shared" / "corpus")) / "cases"
    extra = ROOT / "tests" / "corpus" / "extra" / "cases"
    return sorted(shared.glob("*.raw.*")) + sorted(extra.glob("*.raw.*"))


def _record(cleaner: Cleaner, doc: Document, site: str | None) -> dict[str, Any]:
    matched = cleaner.match(doc, site=site)
    result = matched.resolve()
    as_json = json.dumps(result_json(result), ensure_ascii=False, indent=2)
    return {
        "site": matched.site,
        "hits": {
            rid: [[h.start, h.end, h.replacement] for h in hs]
            for rid, hs in sorted(matched.hits_by_rule.items())
        },
        "cleaned": _digest(result.cleaned),
        "facts": extract_facts(result).to_json(),
        "json": _digest(as_json),
    }


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def dump() -> dict[str, Any]:
    rules = load_rules(user_dir=False)
    cleaner = Cleaner(rules)
    out: dict[str, Any] = {}
    for path in inputs():
        doc = ingest_path(path)
        out[f"{path.parent.parent.name}/{path.name}"] = _record(cleaner, doc, None)
        out[f"{path.parent.parent.name}/{path.name} blind"] = _record(cleaner, doc, NO_SITE)
    for rule in rules.rules:
        pack = rules.pack(rule.pack)
        site = (
            pack.id
            if pack is not None and pack.is_site
            else (rule.sites[0] if rule.sites else None)
        )
        for k, text in enumerate((*rule.examples_remove, *rule.examples_keep)):
            doc = Document(source=text)
            out[f"{rule.id} example {k}"] = _record(cleaner, doc, site)
            out[f"{rule.id} example {k} blind"] = _record(cleaner, doc, NO_SITE)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="where to write the dump (JSON)")
    parser.add_argument("--compare", type=Path, help="an earlier dump to compare with")
    args = parser.parse_args()
    data = dump()
    args.out.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    print(f"{len(data)} records written to {args.out}")
    if args.compare is None:
        return 0
    old = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = sorted(k for k in old.keys() | data.keys() if old.get(k) != data.get(k))
    for key in differ[:20]:
        a, b = old.get(key) or {}, data.get(key) or {}
        rules = sorted(
            r for r in a.get("hits", {}).keys() | b.get("hits", {}).keys()
            if a.get("hits", {}).get(r) != b.get("hits", {}).get(r)
        )  # fmt: skip
        parts = [k for k in ("cleaned", "facts", "json") if a.get(k) != b.get(k)]
        print(f"DIFFERS {key}: rules {rules}, site {a.get('site')} → {b.get('site')}, {parts}")
    print(f"{len(differ)} of {len(data)} records differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
