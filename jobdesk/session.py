"""What a posting goes through, without Qt: loading, a per-posting session, drafts, and
save / open / re-clean against the library.

The window (:mod:`jobdesk.gui`) and the library dock are clients of this module; so can
be the command line and a batch command. Nothing here imports Qt.

* **Loading**: :class:`Input` names one thing to read (a file, a paste, a drop, an
  already-ingested document); :func:`load_input` reads and matches it and turns every
  failure into a message (:class:`Loaded`); :func:`expand_paths` turns folders into the
  posting files inside them.
* **A session** (:class:`PostingSession`): one opened posting — its
  :class:`~jobdesk.core.engine.Matched` (matching is done once; a rule toggle only
  resolves again), the user's hand edits of the cleaned text and edits of its facts,
  the facts found per set of enabled rules, the library id it was saved under, the
  rules it was saved with, and the site pack the user forced.
* **Drafts** (:class:`Draft`): a posting as the user sees it, ready to be saved.
* **What may be saved**: :func:`no_posting_reason` refuses a page that holds no posting
  (nothing left after cleaning, or only a sign-in wall's leftovers);
  :func:`derive_title` gives every saved posting a title (the facts' title, else the
  first sensible line; None: ask the user). :class:`NotSaveable` carries the refusal.
* **The library**: :func:`posting_of` (what the library stores for a cleaned posting;
  ``jobdesk library add`` stores the same), :func:`save_drafts` (duplicates and reposts reported by
  :class:`SaveOutcome`, worded by :func:`save_message`), :func:`opened_update` (saving a
  posting that was opened from the library updates it), :func:`open_input` (a saved
  posting back as an input, with its hand edits, fact edits and rules), and
  :func:`prepare_reclean` / :func:`reclean_changes` (today's rules on a saved posting).

* **Exceptions**: :func:`user_exemptions` reads the user's exceptions (keep this text,
  switch this rule off; :mod:`jobdesk.core.exemptions`) and :func:`resolve` applies
  them: ``jobdesk clean``, ``rules diff`` and the window (``PostingSession.resolve``)
  all clean through these two.

Facts are the JSON form `core.facts` gives (`Facts.to_json()`), referred to through the one
alias :data:`FactsJSON` and read by :func:`facts_json`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobdesk.factview import FACTS, apply_fact_edits, fact_view

# The engine, the reader, the saveable checks and the library are imported where they are
# used, not here: the window imports this module (its inputs and sessions) before its
# first paint, and the rules load after it (jobdesk.gui.startup).
if TYPE_CHECKING:
    from jobdesk.core.engine import Cleaner, Matched
    from jobdesk.core.exemptions import Applied, Exemptions
    from jobdesk.core.ingest import Document
    from jobdesk.core.result import CleanResult
    from jobdesk.core.saveable import TITLE_CHARS as TITLE_CHARS  # re-exported
    from jobdesk.core.saveable import NoTitle as NoTitle
    from jobdesk.core.saveable import NotSaveable as NotSaveable
    from jobdesk.core.saveable import check_saveable as check_saveable
    from jobdesk.core.saveable import derive_title as derive_title
    from jobdesk.core.saveable import no_posting_reason as no_posting_reason
    from jobdesk.core.saveable import sensible_title as sensible_title
    from jobdesk.storage import Library, NewPosting, Posting, PostingRow

#: What this module re-exports from :mod:`jobdesk.core.saveable` (imported on first use).
_SAVEABLE = frozenset(
    {
        "TITLE_CHARS",
        "NoTitle",
        "NotSaveable",
        "check_saveable",
        "derive_title",
        "no_posting_reason",
        "sensible_title",
    }
)


def __getattr__(name: str) -> Any:
    if name in _SAVEABLE:
        from jobdesk.core import saveable

        return getattr(saveable, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: A posting's facts (title, company, pay …) as the extractor gives them.
FactsJSON = dict[str, Any]

#: File name endings looked for inside a dropped or opened folder.
POSTING_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".md", ".markdown", ".eml")
#: The most files one folder may add.
MAX_FOLDER_FILES = 5_000
#: Facts kept per posting: one entry per set of enabled rules (a few are plenty).
FACTS_CACHE_SIZE = 8


def facts_json(result: CleanResult) -> FactsJSON:
    """The facts of a cleaned result, as JSON (the one place that asks the extractor).

    The readers are imported here, on first use (off the GUI thread: the window's
    warm-up or its first facts job), not when the window starts."""
    from jobdesk.core import facts

    return facts.extract_facts(result).to_json()


# ------------------------------------------------------------------ exceptions


def user_exemptions(warn: Callable[[str], None] | None = None) -> Exemptions:
    """The user's exceptions (``exceptions.json`` in the config folder). A damaged or
    unreadable file gives none, and ``warn`` gets one line saying why (the file is
    left as it is)."""
    from jobdesk.core.exemptions import ExemptionError, Exemptions

    try:
        return Exemptions.load()
    except ExemptionError as exc:
        if warn is not None:
            warn(f"{exc}; exceptions not applied")
        return Exemptions()


def resolve(
    matched: Matched, overrides: Mapping[str, bool] | None, exemptions: Exemptions | None
) -> tuple[CleanResult, Applied | None]:
    """``matched`` resolved with the rule choices ``overrides`` and the user's
    exceptions (None: none): the result, and what the exceptions did (the rules they
    switched off, the lines they kept; None without exceptions). The exceptions win
    over the choices, as in ``jobdesk clean``."""
    if exemptions is None or not len(exemptions):
        return matched.resolve(overrides), None
    applied = exemptions.applied(matched, overrides)
    return matched.resolve(applied.overrides, keep=applied.keep), applied


# ------------------------------------------------------------------ loading


@dataclass(frozen=True)
class Opened:
    """What comes along with a posting opened from the library."""

    library_id: int
    saved_rules: tuple[str, ...]
    fact_edits: Mapping[str, str]
    hand_text: str | None = None


@dataclass
class Input:
    """One thing to load: a file, or text from the clipboard or a drop."""

    label: str
    path: Path | None = None
    text: str | None = None
    html: bool | None = None  # for text: True = HTML, None = sniff
    fallback_text: str | None = None  # plain text to use when the HTML holds nothing
    url: str | None = None
    document: Document | None = None  # already ingested: only match again
    site: str | None = None  # force this site pack (None: detect)
    replaces: PostingSession | None = None  # the session this result replaces
    opened: Opened | None = None  # a posting opened from the library

    @property
    def size(self) -> int:
        if self.path is not None:
            try:
                return self.path.stat().st_size
            except OSError:
                return 0
        return len(self.text or "")


@dataclass
class Loaded:
    input: Input
    matched: Matched | None = None
    error: str | None = None


def load_input(
    inp: Input,
    cleaner: Cleaner,
    *,
    max_chars: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> Loaded:
    """Ingest and match one input; every failure becomes a readable message.

    ``max_chars``: longer source texts are refused (the window's limit).
    ``progress(fraction)``: how far it got, from 0 to 1 (read and ingested: a tenth;
    the rest is matching, rule by rule)."""

    def matching(done: int, total: int) -> None:
        if progress is not None:
            progress(0.1 + 0.9 * done / max(total, 1))

    from jobdesk.core.ingest import IngestError, ingest_path, ingest_text

    try:
        if inp.document is not None:
            return Loaded(
                inp, matched=cleaner.match(inp.document, site=inp.site, progress=matching)
            )
        if inp.path is not None:
            doc = ingest_path(inp.path, url=inp.url)
        else:
            doc = ingest_text(inp.text or "", url=inp.url, html=inp.html)
            if not doc.source.strip() and inp.fallback_text and inp.fallback_text.strip():
                doc = ingest_text(inp.fallback_text, url=inp.url, html=False)
        if not doc.source.strip():
            what = inp.path.name if inp.path else "the pasted text"
            return Loaded(inp, error=f"{what}: there is no text in it")
        if max_chars is not None and len(doc.source) > max_chars:
            what = inp.path.name if inp.path else "the pasted text"
            return Loaded(
                inp,
                error=(
                    f"{what} is too long for the window ({len(doc.source) / 1e6:.1f} million "
                    f"characters; the limit is {max_chars / 1e6:.0f} million). "
                    "Clean it with `jobdesk clean FILE` instead."
                ),
            )
        if progress is not None:
            progress(0.1)
        return Loaded(inp, matched=cleaner.match(doc, site=inp.site, progress=matching))
    except IngestError as exc:
        return Loaded(inp, error=str(exc))
    except MemoryError:
        return Loaded(inp, error=f"{inp.label}: not enough memory to read it")
    except Exception as exc:  # a bug in a rule or the core must not kill the caller
        return Loaded(inp, error=f"{inp.label}: could not be cleaned ({type(exc).__name__}: {exc})")


def expand_paths(
    paths: Iterable[Path], *, max_files: int = MAX_FOLDER_FILES
) -> tuple[list[Path], list[str]]:
    """Files stay; folders become the posting files inside them (recursively).

    Returns the files and notes about what was skipped.
    """
    files: list[Path] = []
    notes: list[str] = []
    for p in paths:
        if p.is_dir():
            found: list[Path] = []
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith(".") and name.lower().endswith(POSTING_SUFFIXES):
                        found.append(Path(root) / name)
            if not found:
                notes.append(f"{p.name}: no .txt, .html, .md or .eml files in this folder")
            if len(found) > max_files:
                notes.append(
                    f"{p.name}: {len(found)} files; only the first {max_files} were opened"
                )
                found = found[:max_files]
            files.extend(found)
        else:
            files.append(p)
    return files, notes


def paste_label(matched: Matched | None, fallback: str) -> str:
    """A pasted posting's label: its title (or first line), and where it came from."""
    if matched is None:
        return fallback
    title = matched.document.title
    if not title:
        result = matched.resolve()
        for line in result.cleaned.splitlines():
            if line.strip():
                title = line.strip()
                break
    if not title:
        return fallback
    title = " ".join(title.split())
    if len(title) > 48:
        title = title[:47] + "…"
    return f"{title} ({fallback.lower()})"


# ------------------------------------------------------------------ a session


@dataclass(eq=False)
class PostingSession:
    """One opened posting and what the user did to it.

    ``hand_text`` holds the cleaned text once the user edited it by hand: rule toggles
    then leave it alone until the edits are discarded. ``fact_edits`` (fact key → text)
    survive rule toggles. ``forced_site`` is the site pack the user chose (``NO_SITE``:
    the generic rules only; None: detected).
    """

    label: str
    path: Path | None = None
    matched: Matched | None = None
    error: str | None = None
    hand_text: str | None = None
    fact_edits: dict[str, str] = field(default_factory=dict)
    library_id: int | None = None
    saved_rules: tuple[str, ...] | None = None
    forced_site: str | None = None
    #: How the rules were set when it was opened from the library (for the status bar).
    rules_note: str = ""
    #: This posting's own rule choices (overrides of the defaults): the rules it was
    #: saved with, when they differ from the user's usual ones. None: the usual ones.
    own_rules: dict[str, bool] | None = None
    #: What the user's exceptions did in the last :meth:`resolve` (None: none applied).
    applied: Applied | None = field(default=None, repr=False)
    _facts: dict[frozenset[str], FactsJSON] = field(default_factory=dict, repr=False)
    _word_starts: Sequence[int] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.matched is not None

    @property
    def extra(self) -> Mapping[str, object]:
        """The library id, saved rules, fact edits and forced site by their old names
        (read-only; the typed attributes are the real thing)."""
        out: dict[str, object] = {}
        if self.library_id is not None:
            out["library_id"] = self.library_id
        if self.saved_rules is not None:
            out["saved_rules"] = list(self.saved_rules)
        if self.fact_edits:
            out["fact_edits"] = dict(self.fact_edits)
        if self.forced_site is not None:
            out["site"] = self.forced_site
        if self.rules_note:
            out["rules_note"] = self.rules_note
        return out

    # -- text

    def resolve(
        self, overrides: Mapping[str, bool], exemptions: Exemptions | None = None
    ) -> CleanResult:
        """The posting cleaned with these rule choices and the user's exceptions
        (:func:`resolve`); :attr:`applied` keeps what the exceptions did."""
        if self.matched is None:
            raise ValueError(f"{self.label}: not read")
        result, self.applied = resolve(self.matched, overrides, exemptions)
        return result

    def cleaned(self, result: CleanResult) -> str:
        """The cleaned posting as the user sees it (hand edits win)."""
        return self.hand_text if self.hand_text is not None else result.cleaned

    def hand_edit(self, text: str, rules_text: str) -> bool:
        """The user typed in the cleaned text; ``rules_text`` is what the rules gave.
        True when this starts hand editing (undone back to ``rules_text``: not edited)."""
        if text == rules_text and self.hand_text is not None:
            self.hand_text = None
            return False
        started = self.hand_text is None
        self.hand_text = text
        return started

    def word_starts(self, compute: Callable[[str], Sequence[int]]) -> Sequence[int] | None:
        """Where the source's words start (``compute(source)``, once per posting)."""
        if self.matched is None:
            return None
        if self._word_starts is None:
            self._word_starts = compute(self.matched.source)
        return self._word_starts

    def rematched(self, matched: Matched | None) -> None:
        """Matched again (another site pack): the facts found so far no longer hold."""
        self.matched = matched
        self._facts.clear()

    def forget_facts(self) -> None:
        """The user's exceptions changed: the cleaned text may differ with the same
        rules on, so the facts found so far (kept per set of rules) no longer hold."""
        self._facts.clear()

    # -- facts

    def found_facts(self, enabled: frozenset[str]) -> FactsJSON | None:
        """The facts found with this set of enabled rules (None: not extracted yet)."""
        return self._facts.get(enabled)

    def remember_facts(self, enabled: frozenset[str], facts: FactsJSON) -> None:
        self._facts[enabled] = facts
        while len(self._facts) > FACTS_CACHE_SIZE:
            self._facts.pop(next(iter(self._facts)))

    def facts(self, enabled: frozenset[str]) -> FactsJSON | None:
        """The facts with the user's edits applied (None: not extracted yet)."""
        found = self._facts.get(enabled)
        if found is None:
            return None
        return apply_fact_edits(found, self.fact_edits) if self.fact_edits else dict(found)

    def edit_fact(self, key: str, text: str | None, found: FactsJSON | None) -> None:
        """Keep the user's edit of a fact (None: back to the value found). An edit
        that only repeats the value found is no edit."""
        if text is None:
            self.fact_edits.pop(key, None)
            return
        original = fact_view(key, found, {}).text if found is not None else None
        if original is not None and " ".join(text.split()) == original:
            self.fact_edits.pop(key, None)
        else:
            self.fact_edits[key] = text

    # -- library

    def adopt(self, opened: Opened) -> None:
        """A posting opened from the library: its id, hand edits and fact edits."""
        self.library_id = opened.library_id
        self.saved_rules = tuple(opened.saved_rules)
        if opened.hand_text is not None:
            self.hand_text = opened.hand_text
        if opened.fact_edits:
            self.fact_edits = {str(k): str(v) for k, v in opened.fact_edits.items()}

    def draft(
        self, overrides: Mapping[str, bool], exemptions: Exemptions | None = None
    ) -> Draft | None:
        """This posting as the user sees it with these rule overrides and exceptions
        (None: unread)."""
        if self.matched is None:
            return None
        result, _applied = resolve(self.matched, overrides, exemptions)
        doc = self.matched.document
        edits = dict(self.fact_edits)
        cached = self._facts.get(result.enabled)
        facts = None
        if cached is not None:
            facts = apply_fact_edits(cached, edits) if edits else dict(cached)
        return Draft(
            label=self.label,
            path=self.path,
            raw=doc.raw,
            source=result.source,
            cleaned=self.cleaned(result),
            hand_edited=self.hand_text is not None,
            result=result,
            overrides=dict(overrides),
            site=result.site,
            url=doc.url,
            fields=facts,
            fact_edits=edits or None,
            entry=self,
        )


def rules_as_saved(
    matched: Matched, saved_rules: Iterable[str], overrides: Mapping[str, bool]
) -> tuple[dict[str, bool], int]:
    """The overrides that switch ``matched``'s rules to how they were when the posting
    was saved (the user's overrides of other rules kept), and how many rules that
    switches."""
    on = set(map(str, saved_rules))
    mine = {rid: v for rid, v in overrides.items() if rid not in matched.rules}
    for rid, rule in matched.rules.items():
        if (rid in on) != rule.default:
            mine[rid] = rid in on
    before = matched.enabled(overrides)
    after = matched.enabled(mine)
    return mine, len(before ^ after)


def rules_note(differ: int) -> str:
    return (
        f"{differ} rule{'s' if differ != 1 else ''} switched to how they were when it was saved"
        if differ
        else "saved with the rules you use now"
    )


# ------------------------------------------------------------------ what may be saved
# (the checks live in jobdesk.core.saveable, so the storage importer uses them too)

# ------------------------------------------------------------------ drafts and saving


@dataclass
class Draft:
    """One posting as the user sees it, ready for the library."""

    label: str
    path: Path | None
    raw: str
    source: str
    cleaned: str  # hand-edited text when the user edited it
    hand_edited: bool
    result: CleanResult
    overrides: dict[str, bool]
    site: str | None
    url: str | None
    #: The facts with the user's edits applied (None: not extracted yet; they are
    #: extracted when saving, off the GUI thread for a batch).
    fields: FactsJSON | None = None
    fact_edits: dict[str, str] | None = None
    entry: PostingSession | None = None
    #: The title the user gave when none could be derived (see :func:`derive_title`).
    title: str | None = None

    def facts(self) -> FactsJSON:
        """The facts (extracting them now when needed) with the user's edits applied."""
        if self.fields is not None:
            return self.fields
        found = facts_json(self.result)
        self.fields = apply_fact_edits(found, self.fact_edits) if self.fact_edits else found
        return self.fields


def posting_of(
    result: CleanResult,
    *,
    cleaned: str | None = None,
    facts: FactsJSON | None = None,
    url: str | None = None,
    source_name: str | None = None,
    tags: Sequence[str] = (),
    status: str = "saved",
    notes: str = "",
    title: str | None = None,
) -> NewPosting:
    """What the library stores for a cleaned posting. ``cleaned``: the text as the user
    edited it; ``facts``: the facts with the user's edits (None: the result's own,
    extracted by the library, best effort). The company comes from the facts; the
    title is ``title`` (the user's) or :func:`derive_title`'s.

    Raises :class:`NotSaveable` for a page with no posting (:func:`no_posting_reason`)
    and :class:`NoTitle` when nothing can name the posting."""
    from jobdesk.core.saveable import NotSaveable, check_saveable, no_posting_reason

    np = _posting_of(
        result, cleaned=cleaned, facts=facts, url=url, source_name=source_name,
        tags=tags, status=status, notes=notes,
    )  # fmt: skip
    given = " ".join((title or "").split())
    if given:
        reason = no_posting_reason(np.source, np.cleaned)
        if reason is not None:
            raise NotSaveable(reason[0].upper() + reason[1:] + ".")
        np.title = given
    else:
        np.title = check_saveable(np.source, np.cleaned, np.title)
    return np


def _posting_of(
    result: CleanResult,
    *,
    cleaned: str | None,
    facts: FactsJSON | None,
    url: str | None,
    source_name: str | None,
    tags: Sequence[str],
    status: str,
    notes: str,
) -> NewPosting:
    from jobdesk.storage import NewPosting
    from jobdesk.storage.text import display_value

    np = NewPosting.from_result(
        result,
        cleaned=cleaned,
        tags=tags,
        status=status,
        notes=notes,
        url=url,
        source_name=source_name,
    )
    if facts is None:
        return np
    np.fields = facts
    title = display_value(facts.get("title"))
    company = display_value(facts.get("company"))
    if title:
        np.title = title
    if company:
        np.company = company
    return np


def new_posting(d: Draft) -> NewPosting:
    """What the library stores for a draft: the text as shown, edited facts included."""
    facts = d.facts()
    return posting_of(
        d.result,
        cleaned=d.cleaned if d.hand_edited else None,
        facts=facts,
        url=d.url,
        source_name=d.path.name if d.path is not None else d.label,
        title=d.title or (d.fact_edits or {}).get("title"),  # the user's own, taken as is
    )


@dataclass
class SaveOutcome:
    label: str
    id: int | None
    duplicate: PostingRow | None
    similar: tuple[PostingRow, float] | None
    error: str = ""
    #: Refused before the library saw it (no posting in the page, or no title).
    refused: bool = False
    #: Refused for want of a title only: ask the user for one and save again.
    needs_title: bool = False

    @property
    def library_id(self) -> int | None:
        """The id the posting has in the library (saved now, or saved before)."""
        if self.id is not None:
            return self.id
        return self.duplicate.id if self.duplicate is not None else None


def save_drafts(lib: Library, drafts: Sequence[Draft]) -> list[SaveOutcome]:
    """Save drafts in one transaction; an exact duplicate is not saved again, and a
    draft with no posting or no title is refused (its outcome says why)."""
    from jobdesk.core.saveable import NoTitle, NotSaveable

    outcomes: list[SaveOutcome | None] = []
    news: list[NewPosting] = []
    for d in drafts:
        try:
            news.append(new_posting(d))
            outcomes.append(None)
        except NotSaveable as exc:
            refused = SaveOutcome(d.label, None, None, None, error=str(exc), refused=True)
            refused.needs_title = isinstance(exc, NoTitle)
            outcomes.append(refused)
    results = iter(lib.add_many(news) if news else [])
    out: list[SaveOutcome] = []
    for d, o in zip(drafts, outcomes, strict=True):
        if o is None:
            r = next(results)
            o = SaveOutcome(d.label, r.id, r.duplicate, r.similar_to[0] if r.similar_to else None)
        out.append(o)
    return out


def remember_saved(drafts: Sequence[Draft], outcomes: Sequence[SaveOutcome]) -> None:
    """Each draft's session learns the library id it is saved under."""
    for d, o in zip(drafts, outcomes, strict=True):
        pid = o.library_id
        if d.entry is not None and pid is not None:
            d.entry.library_id = pid


def save_message(outcomes: Sequence[SaveOutcome]) -> tuple[str, str, str]:
    """(message, level, details) for saved drafts; level "" is a plain status message."""
    saved = [o for o in outcomes if o.id is not None]
    dups = [o for o in outcomes if o.duplicate is not None]
    near = [o for o in saved if o.similar is not None]
    errors = [o for o in outcomes if o.error and not o.refused]
    refused = [o for o in outcomes if o.refused]
    details = []
    for o in dups:
        assert o.duplicate is not None
        details.append(
            f"{o.label}: already in your library as #{o.duplicate.id} "
            f"“{o.duplicate.title}” (saved {o.duplicate.saved_date})"
        )
    for o in near:
        assert o.similar is not None
        row, sim = o.similar
        details.append(
            f"{o.label}: looks like a repost of #{row.id} “{row.title}” "
            f"(saved {row.saved_date}, {sim:.0%} alike) — saved and flagged"
        )
    details.extend(f"{o.label}: {o.error}" for o in errors)
    details.extend(f"{o.label}: not saved. {o.error}" for o in refused)
    if len(outcomes) == 1:
        o = outcomes[0]
        if o.refused:
            return f"Not saved to the library. {o.error}", "warning", ""
        if o.error:
            return f"Could not save to the library: {o.error}", "error", ""
        if o.duplicate is not None:
            return (
                f"This posting is already in your library (saved {o.duplicate.saved_date}) "
                f"as #{o.duplicate.id} “{o.duplicate.title}”; it was not saved again.",
                "info",
                "",
            )
        if o.similar is not None:
            row, sim = o.similar
            return (
                f"Saved as #{o.id}. It looks like a repost of #{row.id} “{row.title}” "
                f"(saved {row.saved_date}, {sim:.0%} alike): flagged ≈ in the library.",
                "info",  # saved as asked: worth knowing, nothing wrong
                "",
            )
        return f"Saved to your library as #{o.id}.", "", ""
    parts = [f"Saved {len(saved)} of {len(outcomes)} postings to your library."]
    if dups:
        parts.append(f"{len(dups)} already there (not saved again).")
    if near:
        n = len(near)
        parts.append(f"{n} look{'s like a repost' if n == 1 else ' like reposts'} (flagged ≈).")
    if refused:
        parts.append(f"{len(refused)} refused (no posting in the page, or no title).")
    if errors:
        parts.append(f"{len(errors)} failed.")
    # A posting already there or a repost is normal: told, never a warning; a refusal is.
    level = "error" if errors else ("warning" if refused else ("info" if dups or near else ""))
    return " ".join(parts), level, "\n".join(details)


def _json_roundtrip(value: Any) -> Any:
    """``value`` as the library gives it back (JSON: tuples become lists …)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _named_title(d: Draft, np: NewPosting) -> str:
    """The title the user or the facts give (""; a title derived from a line of the
    text does not replace the one the posting has)."""
    from jobdesk.core.saveable import sensible_title
    from jobdesk.storage.text import display_value

    given = d.title or (d.fact_edits or {}).get("title")
    if given and given.strip():
        return " ".join(given.split())
    found = display_value((np.fields or {}).get("title"))
    return np.title if found and sensible_title(found) and np.title else ""


def opened_update(old: Posting, d: Draft) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Saving a posting that was opened from the library updates it: the changes
    ``(new, old)`` to apply (and to undo), or None when nothing changed since."""
    np = new_posting(d)
    same = (
        old.cleaned == np.cleaned
        and sorted(old.rules) == sorted(np.rules)
        and old.fields == _json_roundtrip(np.fields)
        and old.hand_edited == np.hand_edited
    )
    if same:
        return None
    new = {
        "cleaned": np.cleaned,
        "rules": list(np.rules),
        "fields": dict(np.fields),
        "hand_edited": np.hand_edited,
        "title": _named_title(d, np) or old.title,
        "company": np.company or old.company,
    }
    before = {
        "cleaned": old.cleaned,
        "rules": old.rules,
        "fields": old.fields,
        "hand_edited": old.hand_edited,
        "title": old.title,
        "company": old.company,
    }
    return new, before


# ------------------------------------------------------------------ open, re-clean


def document_of(posting: Posting) -> Document:
    """The document a saved posting came from: re-read from the raw input when that
    gives the stored source text (HTML regions and JSON-LD come back too), else the
    stored source text as it is."""
    from jobdesk.core.ingest import Document, ingest_text

    if posting.raw:
        try:
            doc = ingest_text(posting.raw, url=posting.url or None, html=None)
            if doc.source == posting.source:
                return doc
        except Exception:
            pass
    return Document(
        source=posting.source,
        raw=posting.raw or posting.source,
        kind=posting.kind or "text",
        url=posting.url or None,
        name=posting.source_name or None,
    )


def open_input(posting: Posting) -> Input:
    """A saved posting as an input: matched again with its site, and carrying its hand
    edits, fact edits and the rules it was saved with."""
    edits: dict[str, str] = {}
    for key, _label in FACTS:
        view = fact_view(key, posting.fields, {})
        if view.source == "edited":
            edits[key] = view.text
    opened = Opened(
        library_id=posting.id,
        saved_rules=tuple(posting.rules),
        fact_edits=edits,
        hand_text=posting.cleaned if posting.hand_edited else None,
    )
    label = f"#{posting.id} {posting.display_title}"
    if len(label) > 56:
        label = label[:55] + "…"
    return Input(
        label=label, document=document_of(posting), site=posting.site or None, opened=opened
    )


@dataclass
class Reclean:
    """A saved posting cleaned again with today's rules (nothing changed yet)."""

    posting: Posting
    cleaned: str
    rules: list[str]
    fields: FactsJSON


def prepare_reclean(
    posting: Posting,
    cleaner: Cleaner,
    overrides: Mapping[str, bool],
    exemptions: Exemptions | None = None,
) -> Reclean:
    """``posting`` cleaned again with today's rules, the choices ``overrides`` and the
    user's exceptions (:func:`resolve`)."""
    m = cleaner.match(document_of(posting), site=posting.site or None)
    result, _applied = resolve(m, overrides, exemptions)
    return Reclean(posting, result.cleaned, sorted(result.enabled), facts_json(result))


def reclean_changes(rc: Reclean) -> tuple[dict[str, Any], dict[str, Any]]:
    """The library update ``(new, old)`` that accepting a re-clean makes (and undoes)."""
    p = rc.posting
    new = {"cleaned": rc.cleaned, "rules": rc.rules, "fields": rc.fields, "hand_edited": False}
    old = {"cleaned": p.cleaned, "rules": p.rules, "fields": p.fields, "hand_edited": p.hand_edited}
    return new, old


# ------------------------------------------------------------------ export, backup, stats

#: Export formats: file name ending → what a person calls it.
EXPORT_FORMATS = {"md": "Markdown", "txt": "Plain text", "json": "JSON (restores exactly)"}


def _uids_of_originals(lib: Library) -> dict[int, str]:
    """The uids of postings that reposts point at (a JSON export names them by uid)."""
    return {
        int(r[0]): str(r[1])
        for r in lib.conn.execute(
            "SELECT id, uid FROM posting WHERE id IN "
            "(SELECT near_duplicate_of FROM posting WHERE near_duplicate_of IS NOT NULL)"
        )
    }


def export_postings(
    lib: Library, ids: Sequence[int], target: Path, fmt: str, *, force: bool = False
) -> int:
    """Write the postings ``ids`` (in that order) to ``target`` as ``fmt`` (md, txt or
    json, as ``jobdesk library export``); returns how many. The file is written beside
    the target and renamed into place: an existing regular file is replaced only with
    ``force``, never a link, device or FIFO (:class:`LibraryError` says why).
    ``target`` must not be the library itself."""
    from jobdesk.storage import LibraryError, safefile
    from jobdesk.storage.export import write_json, write_text

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    for name in (lib.path, lib.path.with_name(lib.path.name + "-wal")):
        if _same_path(target, name):
            raise LibraryError(f"{target}: that is the library itself; choose another file")
    postings = lib.iter_postings(list(ids))
    try:
        if fmt == "json":
            statuses, uids = lib.statuses(), _uids_of_originals(lib)
            n = safefile.write_text(
                target,
                lambda fh: write_json(postings, fh, statuses=statuses, uid_of=uids),
                force=force,
            )
        else:
            n = safefile.write_text(target, lambda fh: write_text(postings, fh, fmt), force=force)
    except safefile.TargetError as exc:
        raise LibraryError(str(exc)) from None
    except OSError as exc:
        raise LibraryError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return int(n)


def backup_library(lib: Library, target: Path, *, force: bool = False) -> int:
    """A consistent copy of the library at ``target`` (SQLite's online backup, safe
    while the library is in use; the rules of :func:`export_postings` for the file);
    returns the size of the copy in bytes."""
    from jobdesk.storage import LibraryError

    if _same_path(target, lib.path):
        raise LibraryError(f"{target}: that is the library itself; choose another file")
    if not target.parent.is_dir():
        raise LibraryError(f"{target.parent}: no such folder")
    lib.backup(target, force=force)
    return target.stat().st_size


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def stats_rows(
    stats: Mapping[str, Any], problems: Sequence[str] | None = None
) -> list[tuple[str, str]]:
    """``Library.stats()`` (and an integrity check's problems) as (label, text) rows for
    a person, as ``jobdesk library stats`` words them."""
    rows = [
        ("Postings", f"{stats['postings']:,}"),
        ("Library file", str(stats["path"])),
        ("Size", f"{stats['size_bytes'] / 1e6:.1f} MB"),
        ("Format", str(stats["format"])),
    ]
    if stats["postings"]:
        rows.append(
            ("Saved", f"{str(stats['first_saved'])[:10]} … {str(stats['last_saved'])[:10]}")
        )
        by_status = ", ".join(f"{k} {v:,}" for k, v in stats["by_status"].items() if v)
        rows.append(("By status", by_status))
        rows.append(("By site", ", ".join(f"{k} {v:,}" for k, v in stats["by_site"].items())))
        rows.append(("Tags", f"{stats['tags']:,}"))
        rows.append(("Edited by hand", f"{stats['hand_edited']:,}"))
        rows.append(("Reposts (≈)", f"{stats['near_duplicates']:,}"))
    if problems is not None:
        rows.append(
            (
                "Check",
                "ok" if not problems else f"{len(problems)} problems: " + "; ".join(problems[:5]),
            )
        )
    return rows
