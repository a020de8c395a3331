"""Structural chrome regions beside a library's main-content signal, site-blind.

    uv run python -m tests.benchmarks.html_structure

For every HTML page of the shared corpus and of tests/corpus/extra (pages of sites with
no pack: names marked +), with the site packs off (what jobdesk does on a site it has no
pack for), token F1 / recall against the gold of:

* today:        the tag-named chrome regions only (html.link-dense and html.cards off);
* structure:    plus the structural regions (jobdesk/core/htmlstructure.py);
* trafilatura / readability: today's regions plus every line that the library's main
  content does not hold, marked as a region (a line is held when 80 % of its words are
  in the library's output);
* structure ∧ trafilatura: a structural region is kept only when trafilatura's main
  content leaves out most of its lines too (the library as a vote).

Last row: the lines of the gold (four words or more) that today's output holds and the
system's does not, over all pages: what each one would take from the posting.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
import warnings

from jobdesk.core.engine import Cleaner
from jobdesk.core.htmlstructure import KINDS
from jobdesk.core.ingest import Document, Region, decode_bytes, ingest_path, ingest_text
from jobdesk.core.rules import load_rules
from jobdesk.core.scoring import Score, score
from tests.corpus.corpus import cases, extra_cases

_WORD = re.compile(r"\w+")
OFF = {"html.link-dense": False, "html.cards": False}


def trafilatura_text(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False, favor_recall=True) or ""


def readability_text(markup: str) -> str:
    from readability import Document as Readable

    return ingest_text(Readable(markup).summary(html_partial=True), html=True).source


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def outside_lines(source: str, main: str) -> list[tuple[int, int]]:
    """Spans of the source lines that the main-content text does not hold."""
    held = _words(main)
    spans = []
    pos = 0
    for line in source.split("\n"):
        words = _words(line)
        if words and len(words & held) < 0.8 * len(words):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def with_regions(doc: Document, regions: list[Region]) -> Document:
    return dataclasses.replace(doc, regions=sorted(regions, key=lambda r: (r.start, -r.end)))


def library_regions(doc: Document, main: str) -> list[Region]:
    """Today's regions, plus the lines outside the library's main content (as cards)."""
    today = [r for r in doc.regions if r.kind not in KINDS]
    return today + [Region("cards", a, b) for a, b in outside_lines(doc.source, main)]


def vote_regions(doc: Document, main: str) -> list[Region]:
    """Structural regions that the library's main content mostly leaves out."""
    held = _words(main)
    kept = []
    for r in doc.regions:
        if r.kind in KINDS:
            lines = [_words(x) for x in doc.source[r.start : r.end].split("\n")]
            lines = [w for w in lines if w]
            out = sum(1 for w in lines if len(w & held) < 0.8 * len(w))
            if 2 * out < len(lines):
                continue
        kept.append(r)
    return kept


def run(
    cleaner: Cleaner, doc: Document, gold: str, overrides: dict[str, bool] | None = None
) -> tuple[Score, str]:
    cleaned = cleaner.match(doc, site="").resolve(overrides).cleaned
    return score(cleaned, gold), cleaned


def lines_lost(gold: str, before: str, after: str) -> int:
    """Gold lines of four words or more that ``before`` holds and ``after`` does not."""

    def norm(text: str) -> str:
        return " ".join(w.lower() for w in _WORD.findall(text))

    b, a = norm(before), norm(after)
    return sum(
        1 for x in map(norm, gold.split("\n")) if len(x.split()) >= 4 and x in b and x not in a
    )


def main() -> None:
    warnings.filterwarnings("ignore")
    cleaner = Cleaner(load_rules(user_dir=False))
    names = ["today", "structure", "trafilatura", "readability", "structure ∧ trafilatura"]
    rows: dict[str, dict[str, Score]] = {}
    lost = dict.fromkeys(names, 0)
    extra = {c.name for c in extra_cases()}
    for case in [*cases(), *extra_cases()]:
        if not case.is_html or not case.gold.read_text("utf-8").strip():
            continue  # (a page with no posting has no recall or precision to compare)
        doc = ingest_path(case.raw)
        markup = decode_bytes(case.raw.read_bytes())
        gold = case.gold.read_text("utf-8")
        traf = trafilatura_text(markup)
        read = readability_text(markup)

        runs = {
            "today": run(cleaner, doc, gold, OFF),
            "structure": run(cleaner, doc, gold),
            "trafilatura": run(cleaner, with_regions(doc, library_regions(doc, traf)), gold),
            "readability": run(cleaner, with_regions(doc, library_regions(doc, read)), gold),
            "structure ∧ trafilatura": run(
                cleaner, with_regions(doc, vote_regions(doc, traf)), gold
            ),
        }
        rows[case.name + (" +" if case.name in extra else "")] = {
            n: sc for n, (sc, _) in runs.items()
        }
        for n, (_, cleaned) in runs.items():
            lost[n] += lines_lost(gold, runs["today"][1], cleaned)
    print("| page | " + " | ".join(f"{n} F1 / R" for n in names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for page, row in rows.items():
        cells = [f"{row[n].f1:.3f} / {row[n].recall:.3f}" for n in names]
        print(f"| {page} | " + " | ".join(cells) + " |")
    means = [
        f"**{statistics.mean(r[n].f1 for r in rows.values()):.3f}** / "
        f"min R {min(r[n].recall for r in rows.values()):.4f}"
        for n in names
    ]
    print("| mean F1 / lowest recall | " + " | ".join(means) + " |")
    for label, subset in (("shared", False), ("extra +", True)):
        part = [r for page, r in rows.items() if page.endswith(" +") == subset]
        cells = [f"{statistics.mean(r[n].f1 for r in part):.3f}" for n in names]
        print(f"| mean F1, {label} ({len(part)} pages) | " + " | ".join(cells) + " |")
    below = {n: sum(1 for r in rows.values() if r[n].recall < 0.995) for n in names}
    print("| pages with recall < 0.995 | " + " | ".join(str(below[n]) for n in names) + " |")
    precision = [f"{statistics.mean(r[n].precision for r in rows.values()):.3f}" for n in names]
    print("| mean precision | " + " | ".join(precision) + " |")
    print(
        "| gold lines (4+ words) lost vs today | " + " | ".join(str(lost[n]) for n in names) + " |"
    )


if __name__ == "__main__":
    main()
