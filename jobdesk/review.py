"""Review a rule change across the library, without Qt (issue 11 item 7; issue 15's
re-clean in the window).

When the rules change (a toggle of the usual choices, a new rule or pack, a new
jobdesk), :func:`scan` cleans every saved posting again with today's rule set, choices
and the user's exceptions, in chunks, cancellable, reporting progress, and collects a
:class:`Change` for each posting whose cleaned text would change: its old and new text,
each rule's edits before and after, and the library update that applying it makes.
Nothing is written by a scan.

:func:`pick` chooses what to apply: hand-edited postings only when they are named
explicitly (the user ticked them), never by "all". :func:`apply` writes the chosen
changes, each only if the posting is still as the scan saw it (a posting edited or
deleted since is skipped and reported).

The library remembers which jobdesk last re-cleaned it (:func:`cleaned_with`,
:func:`mark_cleaned_with`, a row of ``library_meta``): a new version is a reason to
offer the review.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jobdesk import __version__
from jobdesk.core.engine import Cleaner
from jobdesk.core.exemptions import Exemptions
from jobdesk.factview import FACTS, apply_fact_edits, fact_view
from jobdesk.session import document_of, facts_json
from jobdesk.storage import Library, LibraryError, Posting

#: Postings read from the library at a time (progress is reported per chunk).
CHUNK = 25
#: The ``library_meta`` key naming the jobdesk that last re-cleaned the library.
META_KEY = "cleaned_with"


@dataclass(frozen=True)
class Change:
    """One saved posting whose cleaned text today's rules would change."""

    id: int
    title: str
    site: str
    hand_edited: bool
    old: str  # the cleaned text saved (the user's own, when hand-edited)
    new: str  # what today's rules give
    #: rule id → (edits with the rules it was saved with, edits with today's), for the
    #: rules whose count differs
    rules: Mapping[str, tuple[int, int]]
    #: the library update applying makes (``Library.update`` keywords) and its undo
    update: Mapping[str, Any]
    before: Mapping[str, Any]
    #: the posting's ``updated_at`` when scanned: applied only while it is unchanged
    stamp: str = ""

    @property
    def hits_added(self) -> int:
        """Edits today's rules make that the saved rules did not."""
        return sum(max(0, after - before) for before, after in self.rules.values())

    @property
    def hits_removed(self) -> int:
        """Edits the saved rules made that today's rules do not."""
        return sum(max(0, before - after) for before, after in self.rules.values())

    def summary(self, top: int = 3, names: Mapping[str, str] | None = None) -> str:
        """The rules' changes in a few words: "+2 rule.a, −1 rule.b, 1 more" (each rule
        by its name in ``names``, else its id)."""
        if not self.rules:
            return "the same rules, matching differently"
        ranked = sorted(self.rules.items(), key=lambda kv: (-abs(kv[1][1] - kv[1][0]), kv[0]))
        parts = []
        for rid, (before, after) in ranked[:top]:
            delta = after - before
            name = (names or {}).get(rid) or rid
            parts.append(f"{'+' if delta > 0 else '−'}{abs(delta)} {name}")
        if len(ranked) > top:
            parts.append(f"{len(ranked) - top} more")
        return ", ".join(parts)


@dataclass
class Review:
    """What a scan found (:func:`scan`)."""

    total: int = 0  # postings to scan
    scanned: int = 0
    changes: list[Change] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def hand_edited(self) -> list[Change]:
        return [c for c in self.changes if c.hand_edited]

    def per_rule(self) -> Counter[str]:
        """How many changed postings each rule's change touches."""
        return Counter(rid for c in self.changes for rid in c.rules)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    changed: int


def _fact_edits(posting: Posting) -> dict[str, str]:
    return {
        key: view.text
        for key, _label in FACTS
        if (view := fact_view(key, posting.fields, {})).source == "edited"
    }


def compare(
    posting: Posting,
    cleaner: Cleaner,
    overrides: Mapping[str, bool] | None,
    exemptions: Exemptions,
) -> Change | None:
    """The change today's rules make to one saved posting (None: its text stays).

    A hand-edited posting is a change when today's rules clean it otherwise than the
    rules it was saved with did (applying replaces the user's text: the change shows it)."""
    m = cleaner.match(document_of(posting), site=posting.site or None)
    new = exemptions.resolve(m, overrides)
    if new.cleaned == posting.cleaned:
        return None
    saved = set(posting.rules)
    old = exemptions.resolve(m, {rid: rid in saved for rid in m.rules} if saved else None)
    if posting.hand_edited and old.cleaned == new.cleaned:
        return None  # the rule change does not touch it: the user's text stays as it is
    before, after = Counter(old.rule_counts()), Counter(new.rule_counts())
    rules = {
        rid: (before[rid], after[rid])
        for rid in sorted(set(before) | set(after))
        if before[rid] != after[rid]
    }
    fields = facts_json(new)
    edits = _fact_edits(posting)
    if edits:
        fields = apply_fact_edits(fields, edits)
    update = {
        "cleaned": new.cleaned,
        "rules": sorted(new.enabled),
        "fields": json.loads(json.dumps(fields, ensure_ascii=False, default=str)),
        "hand_edited": False,
    }
    before_update = {
        "cleaned": posting.cleaned,
        "rules": list(posting.rules),
        "fields": posting.fields,
        "hand_edited": posting.hand_edited,
    }
    return Change(
        id=posting.id,
        title=posting.display_title,
        site=posting.site,
        hand_edited=posting.hand_edited,
        old=posting.cleaned,
        new=new.cleaned,
        rules=rules,
        update=update,
        before=before_update,
        stamp=posting.updated_at,
    )


def scan(
    lib: Library,
    cleaner: Cleaner,
    overrides: Mapping[str, bool] | None = None,
    exemptions: Exemptions | None = None,
    *,
    ids: Sequence[int] | None = None,
    chunk: int = CHUNK,
    progress: Callable[[Progress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Review:
    """Clean every saved posting (or ``ids``) again with ``cleaner``'s rules, the
    choices ``overrides`` and the user's ``exemptions``; write nothing.

    Postings are read ``chunk`` at a time; ``progress`` is called after each chunk and
    ``cancelled()`` is asked before each posting (a cancelled scan returns what it
    found so far, ``cancelled`` set). One posting that cannot be cleaned is reported in
    ``failed`` and the scan goes on."""
    ex = exemptions if exemptions is not None else Exemptions()
    todo = list(ids) if ids is not None else lib.ids(sort="id", descending=False)
    review = Review(total=len(todo))
    for start in range(0, len(todo), max(1, chunk)):
        if cancelled is not None and cancelled():
            review.cancelled = True
            break
        for posting in lib.iter_postings(todo[start : start + chunk]):
            if cancelled is not None and cancelled():
                review.cancelled = True
                break
            try:
                change = compare(posting, cleaner, overrides, ex)
            except Exception as exc:  # one posting never stops the review
                review.failed.append((posting.id, f"{type(exc).__name__}: {exc}"))
                change = None
            if change is not None:
                review.changes.append(change)
            review.scanned += 1
        if review.cancelled:
            break
        review.scanned = min(start + chunk, len(todo))  # (deleted meanwhile: counted)
        if progress is not None:
            progress(Progress(review.scanned, review.total, len(review.changes)))
    return review


def pick(
    changes: Iterable[Change],
    ids: Collection[int] | None = None,
    *,
    hand_edited: Collection[int] = (),
) -> list[Change]:
    """The changes to apply: those of ``ids`` (None: all), but a hand-edited posting
    only when its id is also in ``hand_edited`` (the user chose it explicitly)."""
    return [
        c
        for c in changes
        if (ids is None or c.id in ids) and (not c.hand_edited or c.id in hand_edited)
    ]


@dataclass
class Applied:
    applied: list[int] = field(default_factory=list)
    #: (id, why): deleted or changed since the review, or the library refused
    skipped: list[tuple[int, str]] = field(default_factory=list)


def still_as_scanned(lib: Library, change: Change) -> str | None:
    """Why ``change`` may no longer be applied (None: the posting is as scanned)."""
    now = lib.get(change.id)
    if now is None:
        return "deleted since the review"
    if now.cleaned != change.old or now.hand_edited != change.hand_edited:
        return "changed since the review"
    return None


def apply(lib: Library, changes: Iterable[Change]) -> Applied:
    """Write ``changes`` (see :func:`pick`) to the library, each only if its posting
    is still as the scan saw it."""
    out = Applied()
    for c in changes:
        try:
            why = still_as_scanned(lib, c)
            if why is None:
                lib.update(c.id, **c.update)
                out.applied.append(c.id)
            else:
                out.skipped.append((c.id, why))
        except LibraryError as exc:
            out.skipped.append((c.id, str(exc)))
    return out


# ------------------------------------------------------------------ the version


def cleaned_with(lib: Library) -> str | None:
    """The jobdesk that last re-cleaned (or reviewed) the library; None: never."""
    try:
        row = lib.conn.execute(
            "SELECT value FROM library_meta WHERE key = ?", (META_KEY,)
        ).fetchone()
    except Exception:
        return None
    return None if row is None or row[0] is None else str(row[0])


def mark_cleaned_with(lib: Library, version: str = __version__) -> bool:
    """Remember that the library was reviewed with this jobdesk (False: read-only)."""
    if lib.read_only is not None:
        return False
    try:
        with lib.transaction():
            lib.conn.execute(
                "INSERT OR REPLACE INTO library_meta (key, value) VALUES (?, ?)",
                (META_KEY, version),
            )
    except Exception:
        return False
    return True


def version_changed(lib: Library, version: str = __version__) -> bool:
    """True when the library has postings that another jobdesk cleaned (or that no
    review has seen since the library learnt to remember its jobdesk)."""
    return cleaned_with(lib) != version and lib.count() > 0
