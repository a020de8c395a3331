"""A user's exceptions (uBlock Origin's ``@@``): "keep this text" and "switch this rule
off", each for this posting, this site or everywhere.

Stored as data in ``exceptions.json`` in the config folder, not as a rule pack: an
exception names a posting (by :func:`posting_key`) or a site, which a pack's rules cannot
say; the app writes, lists and removes them one by one (each has an ``id``), which a
hand-kept TOML file with comments is poorly suited to; and a damaged file costs the user
nothing but these exceptions (it is reported and never overwritten). User packs stay the
place for rules.

Applied when resolving: :meth:`Exemptions.applied` gives the overrides (rules switched
off, which win over the window's ticks) and the protected spans that
``Matched.resolve(overrides, keep=…)`` and :class:`jobdesk.core.effects.Effects` take. A
kept text protects the whole lines it is found on, as a keep rule does: a line is never
half removed around it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jobdesk.core.editmap import merge_spans
from jobdesk.core.engine import Matched
from jobdesk.core.result import CleanResult
from jobdesk.paths import config_dir

SCOPES = ("posting", "site", "everywhere")
ACTIONS = ("keep", "off")
FILE_NAME = "exceptions.json"
VERSION = 1
MAX_BYTES = 4 << 20  # far above any real list of exceptions

Span = tuple[int, int]


class ExemptionError(Exception):
    """A bad exception or a damaged file; one line."""


def posting_key(source: str) -> str:
    """A posting's identity for a posting-scope exception: its text with blanks and
    case ignored, hashed (the same for a paste and for the posting saved from it)."""
    norm = " ".join(source.split()).casefold()
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:20]


@dataclass(frozen=True)
class Exemption:
    """One exception. ``action``: "keep" (``text``) or "off" (``rule``); ``scope``:
    "posting" (``posting``, a :func:`posting_key`), "site" (``site``: a site pack id, or
    "" for pages of no known site) or "everywhere". ``label`` is for lists only (the
    posting's title, say)."""

    action: str
    scope: str
    text: str = ""
    rule: str = ""
    site: str = ""
    posting: str = ""
    label: str = ""
    id: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ExemptionError(f"unknown action {self.action!r} (keep or off)")
        if self.scope not in SCOPES:
            raise ExemptionError(f"unknown scope {self.scope!r} (posting, site or everywhere)")
        if self.action == "keep" and not self.text.split():
            raise ExemptionError("a keep exception needs the text to keep")
        if self.action == "off" and not self.rule:
            raise ExemptionError("a rule-off exception needs the rule's id")
        if self.scope == "posting" and not self.posting:
            raise ExemptionError("a posting exception needs the posting's key")
        if not self.id:
            what = "\0".join((self.action, self.scope, self.text, self.rule, self.site,
                              self.posting))  # fmt: skip
            digest = hashlib.sha256(what.encode("utf-8", "surrogatepass")).hexdigest()[:10]
            object.__setattr__(self, "id", digest)

    def applies(self, site: str | None, key: str) -> bool:
        if self.scope == "everywhere":
            return True
        if self.scope == "site":
            return self.site == (site or "")
        return self.posting == key

    def describe(self) -> str:
        """One line for a list: what, and where."""
        what = (
            f"keep {' '.join(self.text.split())[:60]!r}"
            if self.action == "keep"
            else f"rule {self.rule} off"
        )
        where = {
            "everywhere": "everywhere",
            "site": f"on {self.site or 'pages of no known site'}",
            "posting": f"in {self.label or 'posting ' + self.posting[:8]}",
        }[self.scope]
        return f"{self.id}  {what}  {where}"

    @classmethod
    def from_json(cls, raw: Any) -> Exemption:
        if not isinstance(raw, dict):
            raise ExemptionError("an exception must be a JSON object")
        keys = {"action", "scope", "text", "rule", "site", "posting", "label", "id"}
        if not all(isinstance(k, str) and k in keys and isinstance(v, str)
                   for k, v in raw.items()):  # fmt: skip
            raise ExemptionError(f"unknown key or a value that is not text in {raw!r:.80}")
        return cls(**raw)


def keep_pattern(text: str) -> re.Pattern[str]:
    """The kept text as a pattern: its words in order, any blanks or line breaks between
    them, case ignored."""
    return re.compile(r"\s+".join(re.escape(w) for w in text.split()), re.IGNORECASE)


@dataclass
class Applied:
    """What the exceptions that apply to one posting do to its resolve."""

    overrides: dict[str, bool]
    keep: list[Span]
    used: list[Exemption]


class Exemptions:
    """The user's exceptions, in the order they were made."""

    def __init__(self, items: Iterable[Exemption] = (), path: Path | None = None) -> None:
        self.items: list[Exemption] = []
        self.path = path
        for e in items:
            self.add(e)

    def __iter__(self) -> Iterator[Exemption]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def add(self, e: Exemption) -> Exemption:
        """Add ``e`` (an equal one already there is kept instead); returns it."""
        for old in self.items:
            if old == e:
                return old
        self.items.append(e)
        return e

    def remove(self, exemption_id: str) -> Exemption:
        for k, e in enumerate(self.items):
            if e.id == exemption_id:
                return self.items.pop(k)
        raise ExemptionError(f"no exception {exemption_id!r}")

    def applicable(self, site: str | None, key: str) -> list[Exemption]:
        return [e for e in self.items if e.applies(site, key)]

    def applied(self, matched: Matched, overrides: Mapping[str, bool] | None = None) -> Applied:
        """The overrides (``overrides`` with the rules switched off by exceptions) and the
        kept lines for ``matched``."""
        used = self.applicable(matched.site, posting_key(matched.source))
        out = dict(overrides or {})
        keep: list[Span] = []
        source, lines = matched.source, matched.lines
        for e in used:
            if e.action == "off":
                out[e.rule] = False
                continue
            for m in keep_pattern(e.text).finditer(source):
                first = lines.index(m.start())
                last = lines.index(max(m.end() - 1, m.start()))
                keep.append((lines.starts[first], lines.full_end(last)))
        return Applied(out, merge_spans(keep), used)

    def resolve(self, matched: Matched, overrides: Mapping[str, bool] | None = None) -> CleanResult:
        """``matched`` resolved with these exceptions."""
        a = self.applied(matched, overrides)
        return matched.resolve(a.overrides, keep=a.keep)

    # -- the file -------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None = None) -> Exemptions:
        """The exceptions in ``path`` (default ``exceptions.json`` in the config
        folder); none when it does not exist. Raises ExemptionError (one line) when it
        cannot be read or holds anything else."""
        path = path if path is not None else config_dir() / FILE_NAME
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return cls(path=path)
        except OSError as exc:
            raise ExemptionError(f"{path}: cannot read: {exc.strerror or exc}") from None
        if len(data) > MAX_BYTES:
            raise ExemptionError(f"{path}: larger than {MAX_BYTES >> 20} MiB: not read")
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise ExemptionError(f"{path}: not valid JSON: {exc}") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("exceptions"), list):
            raise ExemptionError(f'{path}: expected {{"version": 1, "exceptions": [...]}}')
        if raw.get("version") != VERSION:
            raise ExemptionError(f"{path}: written by another jobdesk (version "
                                 f"{raw.get('version')!r}); left untouched")  # fmt: skip
        try:
            return cls((Exemption.from_json(e) for e in raw["exceptions"]), path=path)
        except ExemptionError as exc:
            raise ExemptionError(f"{path}: {exc}") from None

    def save(self, path: Path | None = None) -> Path:
        """Write the file (beside it, then renamed into place: never half written)."""
        path = path if path is not None else self.path or config_dir() / FILE_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": VERSION,
            "exceptions": [
                {k: v for k, v in asdict(e).items() if v or k in ("action", "scope")}
                for e in self.items
            ],
        }
        fd, tmp = tempfile.mkstemp(prefix=".exceptions-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(payload, f, ensure_ascii=False, indent=2)
                f.write("\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.path = path
        return path
