"""What each rule really does on one posting, for the current rule choices.

A rule's *matches* are the characters its hits cover; its *effect* is the text that
comes back if it alone is switched off: the characters it removes and no other enabled
rule does. A rule that matches but has no effect is *shadowed*, by the rules that remove
the same text (or by the keep rules and exceptions that protect it). A switched-off rule's
effect is what it would remove if switched on.

Everything is interval arithmetic over the hits of a :class:`~jobdesk.core.engine.Matched`
(one sweep over the span boundaries), never one resolve per rule, so a window can show it
on every toggle. The removed characters are those of ``Matched.resolve`` before the
blank-line tidy-up (:data:`~jobdesk.core.engine.TIDY_RULE`, whose own effect is its
edits): ``tests/core/test_effects.py`` checks every rule's effect against a resolve with
the rule switched off, on every corpus posting.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jobdesk.core.editmap import merge_spans, subtract_spans
from jobdesk.core.engine import TIDY_RULE, Matched

Span = tuple[int, int]

__all__ = ["Effects", "GroupEffect", "RuleEffect", "Span", "subtract_spans"]


def intersect_spans(a: list[Span], b: list[Span]) -> list[Span]:
    """The characters in both ``a`` and ``b`` (sorted, disjoint)."""
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    """Whether sorted, disjoint ``spans`` share a character with ``[start, end)``, in
    O(log n) (a walk of every span for each query made a big paste's shadowing
    quadratic)."""
    if start >= end:
        return False
    # The last span starting before ``end`` has the largest end of those (an empty span
    # holds no character: step back over it).
    i = bisect.bisect_left(spans, (end,)) - 1
    while i >= 0 and spans[i][0] >= spans[i][1]:
        i -= 1
    return i >= 0 and spans[i][1] > start


def _chars(spans: Iterable[Span]) -> int:
    return sum(e - s for s, e in spans)


@dataclass(frozen=True)
class RuleEffect:
    """One rule on one posting."""

    rule: str
    category: str
    enabled: bool
    hits: int  # how many matches
    matched: tuple[Span, ...]  # the characters its matches cover (merged)
    # Enabled: what comes back if it alone is switched off. Disabled: what switching it
    # on would remove. A keep rule: what it protects from the enabled removals.
    effect: tuple[Span, ...]
    # A rule with matches and no effect: the rules (and "@exception" for a user's keep
    # exception) that remove or protect the same text.
    shadowed_by: tuple[str, ...] = ()

    @property
    def matched_chars(self) -> int:
        return _chars(self.matched)

    @property
    def effect_chars(self) -> int:
        return _chars(self.effect)

    @property
    def shadowed(self) -> bool:
        return self.hits > 0 and not self.effect


@dataclass(frozen=True)
class GroupEffect:
    """A set of rules (a category, a pack) switched as one."""

    rules: tuple[str, ...]
    # What comes back if the enabled ones are switched off together.
    returns: tuple[Span, ...]
    # What the disabled ones would remove if switched on together.
    adds: tuple[Span, ...]

    @property
    def returns_chars(self) -> int:
        return _chars(self.returns)

    @property
    def adds_chars(self) -> int:
        return _chars(self.adds)


EXCEPTION = "@exception"  # stands for the user's keep exceptions in ``shadowed_by``


class Effects:
    """Every rule's matches and effect on ``matched`` under ``overrides``; ``keep`` are
    extra protected spans (a user's keep exceptions, as ``Matched.resolve`` takes them)."""

    def __init__(
        self,
        matched: Matched,
        overrides: Mapping[str, bool] | None = None,
        *,
        keep: Iterable[Span] = (),
    ) -> None:
        self.matched = matched
        self.enabled = matched.enabled(overrides)
        rules = matched.rules
        lines = matched.lines
        self._extra_keep = merge_spans(keep)
        result = matched.resolve(overrides, keep=self._extra_keep)
        self.result = result
        # Whole-line spans each keep rule protects.
        self._keep_spans: dict[str, list[Span]] = {}
        raw: dict[str, list[Span]] = {}
        removal_hits: dict[str, list[Span]] = {}
        repair_hits: dict[str, list[Span]] = {}
        for rid, hs in matched.hits_by_rule.items():
            rule = rules[rid]
            if rule.keep:
                self._keep_spans[rid] = merge_spans(
                    (
                        lines.starts[lines.index(h.start)],
                        lines.full_end(lines.index(max(h.end - 1, h.start))),
                    )
                    for h in hs
                )
            else:
                removal_hits[rid] = [(h.start, h.end) for h in hs if h.replacement is None]
                repair_hits[rid] = [(h.start, h.end) for h in hs if h.replacement is not None]
            raw[rid] = merge_spans((h.start, h.end) for h in hs)
        self._raw = raw
        keeps = merge_spans(
            [s for rid, ss in self._keep_spans.items() if rid in self.enabled for s in ss]
            + self._extra_keep
        )
        self._keeps = keeps
        # Repairs (replacement hits) that were applied, by rule; they take their
        # characters from any removal that starts inside them.
        replaced = {(h.start, h.end, h.rule) for hs in matched.hits_by_rule.values()
                    for h in hs if h.replacement is not None}  # fmt: skip
        self._applied: dict[str, list[Span]] = {}
        for e in result.edits:
            if (e.start, e.end, e.rule) in replaced:
                self._applied.setdefault(e.rule, []).append((e.start, e.end))
        self.repaired = merge_spans(s for ss in self._applied.values() for s in ss)
        self._repair_hits = {rid: merge_spans(ss) for rid, ss in repair_hits.items() if ss}
        self._removal_raw = {rid: merge_spans(ss) for rid, ss in removal_hits.items() if ss}
        cuts = merge_spans(keeps + self.repaired)
        # Each rule's effective removals: its removal matches minus protected lines.
        self._spans: dict[str, list[Span]] = {
            rid: subtract_spans(spans, cuts) for rid, spans in self._removal_raw.items()
        }
        self._sweep()

    # -- the sweep ------------------------------------------------------------------

    def _sweep(self) -> None:
        """One pass over the boundaries of the enabled removals: the removed union,
        the spans each rule removes alone, and the segments with their rule sets."""
        events: list[tuple[int, int, str]] = []
        for rid, spans in self._spans.items():
            if rid in self.enabled:
                for s, e in spans:
                    events.append((s, 1, rid))
                    events.append((e, 0, rid))
        events.sort()
        active: set[str] = set()
        alone: dict[str, list[Span]] = {}
        seg_starts: list[int] = []
        segs: list[tuple[int, int, frozenset[str]]] = []
        prev = 0
        current: frozenset[str] = frozenset()
        for pos, kind, rid in events:
            if pos > prev and active:
                if len(active) == 1:
                    only = alone.setdefault(next(iter(active)), [])
                    if only and only[-1][1] == prev:
                        only[-1] = (only[-1][0], pos)
                    else:
                        only.append((prev, pos))
                if segs and segs[-1][1] == prev and segs[-1][2] == current:
                    segs[-1] = (segs[-1][0], pos, current)
                else:
                    segs.append((prev, pos, current))
                    seg_starts.append(prev)
            prev = pos
            if kind:
                active.add(rid)
            else:
                active.discard(rid)
            current = frozenset(active)
        self._alone = alone
        self._segs = segs
        self._seg_starts = seg_starts
        self.removed: list[Span] = merge_spans((s, e) for s, e, _ in segs)

    def _segments(self, start: int, end: int) -> list[tuple[int, int, frozenset[str]]]:
        i = max(bisect.bisect_right(self._seg_starts, start) - 1, 0)
        out = []
        while i < len(self._segs) and self._segs[i][0] < end:
            if self._segs[i][1] > start:
                out.append(self._segs[i])
            i += 1
        return out

    # -- queries --------------------------------------------------------------------

    def covering(self, start: int, end: int, *, enabled_only: bool = True) -> list[str]:
        """Every rule whose matches cover a character of ``[start, end)``, in the order
        of the packs (``enabled_only``: the enabled removals that remove it)."""
        found: set[str] = set()
        if enabled_only:
            for _s, _e, rids in self._segments(start, end):
                found |= rids
        else:
            for rid, spans in self._raw.items():
                # The last span starting before ``end`` has the largest end of those.
                i = bisect.bisect_left(spans, (end,)) - 1
                if i >= 0 and spans[i][1] > start:
                    found.add(rid)
        order = {rid: k for k, rid in enumerate(self.matched.rules)}
        return sorted(found, key=lambda r: order.get(r, len(order)))

    def rule(self, rid: str) -> RuleEffect:
        rules = self.matched.rules
        r = rules[rid]
        hits = self.matched.hits_by_rule.get(rid, [])
        matched = tuple(self._raw.get(rid, ()))
        on = rid in self.enabled
        shadowed_by: tuple[str, ...] = ()
        if r.keep:
            effect = self._protects(rid) if on else self._would_protect(rid)
        elif rid == TIDY_RULE:
            effect = tuple(
                merge_spans((e.start, e.end) for e in self.result.edits if e.rule == TIDY_RULE)
            )
        elif on:
            effect = tuple(merge_spans([*self._alone.get(rid, ()), *self._applied.get(rid, ())]))
        else:
            adds = merge_spans([*self._spans.get(rid, ()), *self._repair_hits.get(rid, ())])
            effect = tuple(subtract_spans(adds, merge_spans(self.removed + self.repaired)))
        if hits and not effect and rid != TIDY_RULE:
            shadowed_by = self._shadowers(rid)
        return RuleEffect(rid, r.category, on, len(hits), matched, effect, shadowed_by)

    def all(self) -> dict[str, RuleEffect]:
        """The effect of every rule that matched (in the order of the packs)."""
        return {rid: self.rule(rid) for rid in self.matched.rules if rid in self._raw}

    def shadowed(self) -> dict[str, tuple[str, ...]]:
        """Rules with matches and no effect, and which rules shadow each."""
        return {rid: e.shadowed_by for rid, e in self.all().items() if e.shadowed}

    def _shadowers(self, rid: str) -> tuple[str, ...]:
        found: set[str] = set()
        for s, e in self._raw.get(rid, []):
            for _s, _e, rids in self._segments(s, e):
                found |= rids
            for kid, spans in self._keep_spans.items():
                if kid in self.enabled and _overlaps(spans, s, e):
                    found.add(kid)
            if _overlaps(self._extra_keep, s, e):
                found.add(EXCEPTION)
        found.discard(rid)
        order = {r: k for k, r in enumerate(self.matched.rules)}
        return tuple(sorted(found, key=lambda r: order.get(r, len(order))))

    def _removals_without(self, keeps: list[Span]) -> list[Span]:
        """What the enabled removals would remove with only ``keeps`` protected."""
        return subtract_spans(
            merge_spans(
                s for rid, spans in self._removal_raw.items() if rid in self.enabled for s in spans
            ),
            keeps,
        )

    def _protects(self, kid: str) -> tuple[Span, ...]:
        """What the enabled keep rule ``kid`` alone protects."""
        others = merge_spans(
            [s for rid, ss in self._keep_spans.items() if rid != kid and rid in self.enabled
             for s in ss] + self._extra_keep
        )  # fmt: skip
        would = self._removals_without(others)
        return tuple(intersect_spans(would, self._keep_spans.get(kid, [])))

    def _would_protect(self, kid: str) -> tuple[Span, ...]:
        """What the disabled keep rule ``kid`` would protect if switched on."""
        return tuple(intersect_spans(self.removed, self._keep_spans.get(kid, [])))

    def group(self, rule_ids: Iterable[str]) -> GroupEffect:
        """The effect of switching ``rule_ids`` as one (a category, a pack)."""
        wanted = set(rule_ids)
        ids = tuple(rid for rid in self.matched.rules if rid in wanted)
        members = set(ids)
        returns = merge_spans((s, e) for s, e, rids in self._segs if rids and rids <= members)
        adding = merge_spans(
            span
            for rid in ids
            if rid not in self.enabled and rid in self._spans
            for span in self._spans[rid]
        )
        return GroupEffect(ids, tuple(returns), tuple(subtract_spans(adding, self.removed)))

    def category(self, category: str) -> GroupEffect:
        """The real effect of a category: what comes back when it is switched off, and
        what its switched-off rules would add."""
        return self.group(rid for rid, r in self.matched.rules.items() if r.category == category)

    def text(self, spans: Iterable[Span], *, limit: int = 3, width: int = 80) -> list[str]:
        """Up to ``limit`` snippets of the source under ``spans``, one line each."""
        out = []
        source = self.matched.source
        for s, e in spans:
            snippet = " ".join(source[s:e].split())
            if not snippet:
                continue
            out.append(snippet if len(snippet) <= width else snippet[: width - 1] + "…")
            if len(out) >= limit:
                break
        return out
