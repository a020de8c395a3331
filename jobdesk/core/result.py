"""What a clean gives back: the rule hits, the edits and the cleaned text.

Plain data that imports nothing of jobdesk, so the engine, the facts, the storage and the
window can all share it without importing one another. The facts of a result are read by
an explicit call, :func:`jobdesk.core.facts.extract_facts`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for the annotation only: no import at run time
    from jobdesk.core.ingest import Document

__all__ = ["CleanResult", "Edit", "Hit", "apply_edits"]


@dataclass(frozen=True, slots=True)
class Hit:
    rule: str
    start: int
    end: int
    replacement: str | None = None


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    rule: str
    replacement: str = ""

    @property
    def is_removal(self) -> bool:
        return not self.replacement


@dataclass
class CleanResult:
    source: str
    cleaned: str
    edits: list[Edit]
    hits_by_rule: dict[str, list[Hit]]
    site: str | None
    jsonld: dict[str, Any] | None = None
    enabled: frozenset[str] = frozenset()
    document: Document | None = None
    # User rules skipped on this document because they ran out of time, one line each.
    warnings: list[str] = field(default_factory=list)

    def removed_chars(self) -> int:
        return sum(e.end - e.start for e in self.edits if e.is_removal)

    def rule_counts(self) -> dict[str, int]:
        """Edits credited to each rule in this result (what was actually removed)."""
        return dict(Counter(e.rule for e in self.edits))


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(source[pos : e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(source[pos:])
    return "".join(parts)
