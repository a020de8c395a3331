"""The facts of a posting as frozen dataclasses, and their JSON.

``to_json()`` gives the plain JSON the library stores, ``clean --format json`` prints and
the window reads (dicts, lists, str, numbers, bools, None), key for key and in the same
order as before the facts were typed; ``from_json()`` reads it back. Lists are tuples
here (the dataclasses are frozen) and lists again in the JSON; a span is ``[start, end]``.

Fact JSON::

    {"value": …, "text": str, "source": "text" | "JSON-LD" | "page title",
     "span": [start, end] | None,
     "age_days": int | None,      # the posted date only (a DatedFact)
     "conflict": {"value", "text", "source", "span"},   # only when text and JSON-LD disagree
     "overrules": Fact}           # workplace: the header statement the body overruled

Pay JSON: a fact without "value", plus "min", "max", "currency", "period", "location"
and ``"estimate": true`` on a job site's salary estimate only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

__all__ = ["Conflict", "DatedFact", "Fact", "Facts", "JsonValue", "PayFact", "Span"]

Span: TypeAlias = tuple[int, int]
# A value as the JSON holds it, with tuples for lists (frozen).
JsonValue: TypeAlias = "str | int | float | bool | tuple[JsonValue, ...] | None"


def _thaw(v: Any) -> Any:
    """Tuples → lists, all the way down (the JSON form)."""
    if isinstance(v, tuple):
        return [_thaw(x) for x in v]
    return v


def _freeze(v: Any) -> Any:
    """Lists → tuples, all the way down (the frozen form)."""
    if isinstance(v, list | tuple):
        return tuple(_freeze(x) for x in v)
    return v


def _span_json(span: Span | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


def _span_of(v: Any) -> Span | None:
    if v is None:
        return None
    start, end = v
    return (int(start), int(end))


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact: its reading (``value``), the words it was read from and where."""

    value: JsonValue
    text: str
    source: str = "text"
    span: Span | None = None
    # The text's reading when JSON-LD said otherwise (the JSON-LD fact is the one kept).
    conflict: Fact | None = None
    # workplace: the header or label statement ("Remote") that the body overruled.
    overrules: Fact | None = None

    def plain(self) -> Fact:
        """value, text, source and span only (what a conflict records)."""
        return Fact(self.value, self.text, self.source, self.span)

    def _extra_json(self, out: dict[str, Any]) -> None:
        """Keys between the span and the conflict (a DatedFact's age)."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": _thaw(self.value),
            "text": self.text,
            "source": self.source,
            "span": _span_json(self.span),
        }
        self._extra_json(out)
        if self.conflict is not None:
            out["conflict"] = self.conflict.to_json()
        if self.overrules is not None:
            out["overrules"] = self.overrules.to_json()
        return out

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> Fact:
        """A Fact, or a DatedFact when ``d`` has an ``age_days`` key."""
        common: dict[str, Any] = {
            "value": _freeze(d.get("value")),
            "text": d["text"],
            "source": d["source"],
            "span": _span_of(d.get("span")),
            "conflict": Fact.from_json(d["conflict"]) if d.get("conflict") else None,
            "overrules": Fact.from_json(d["overrules"]) if d.get("overrules") else None,
        }
        if "age_days" in d:
            return DatedFact(**common, age_days=d["age_days"])
        return Fact(**common)


@dataclass(frozen=True, slots=True)
class DatedFact(Fact):
    """The posted date: also how many days ago it was when only an age is written."""

    age_days: int | None = None

    def _extra_json(self, out: dict[str, Any]) -> None:
        out["age_days"] = self.age_days


@dataclass(frozen=True, slots=True)
class PayFact:
    """One pay range as written (or JSON-LD's baseSalary / estimatedSalary)."""

    text: str
    source: str
    span: Span | None
    min: float | None
    max: float | None
    currency: str | None
    period: str | None
    location: str | None = None  # the tier's place ("Cambridge, MA: $…")
    estimate: bool = False  # a job site's salary estimate, not the employer's figure

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "source": self.source,
            "span": _span_json(self.span),
            "min": self.min,
            "max": self.max,
            "currency": self.currency,
            "period": self.period,
            "location": self.location,
        }
        if self.estimate:
            out["estimate"] = True
        return out

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> PayFact:
        return PayFact(
            text=d["text"],
            source=d["source"],
            span=_span_of(d.get("span")),
            min=d.get("min"),
            max=d.get("max"),
            currency=d.get("currency"),
            period=d.get("period"),
            location=d.get("location"),
            estimate=d.get("estimate") is True,
        )


@dataclass(frozen=True, slots=True)
class Conflict:
    """A disagreement between the page's JSON-LD and its text (both readings)."""

    field: str
    jsonld: JsonValue
    text: JsonValue

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "jsonld": _thaw(self.jsonld), "text": _thaw(self.text)}

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> Conflict:
        return Conflict(d["field"], _freeze(d.get("jsonld")), _freeze(d.get("text")))


@dataclass(frozen=True, slots=True)
class Facts:
    """Every fact of a posting; a fact the posting does not state is None (or empty)."""

    title: Fact | None = None
    company: Fact | None = None
    location: tuple[Fact, ...] = ()  # one fact per place
    workplace: Fact | None = None  # "remote" | "hybrid" | "on-site"
    employment_type: Fact | None = None  # ("full-time", "contract", …)
    seniority: Fact | None = None
    posted: Fact | None = None  # a DatedFact when read; "YYYY-MM-DD" | None
    deadline: Fact | None = None  # "YYYY-MM-DD" | None; text: the sentence
    pay: tuple[PayFact, ...] = ()  # every range, in text order; JSON-LD's first
    sponsorship: Fact | None = None  # "yes" | "no" | "unknown"
    clearance: Fact | None = None
    years_experience: Fact | None = None  # int: the smallest stated minimum
    conflicts: tuple[Conflict, ...] = ()  # every disagreement, in one list

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, tuple):
                out[f.name] = [x.to_json() for x in v]
            else:
                out[f.name] = None if v is None else v.to_json()
        return out

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> Facts:
        def one(key: str) -> Fact | None:
            v = d.get(key)
            return Fact.from_json(v) if v else None

        return Facts(
            title=one("title"),
            company=one("company"),
            location=tuple(Fact.from_json(x) for x in d.get("location") or ()),
            workplace=one("workplace"),
            employment_type=one("employment_type"),
            seniority=one("seniority"),
            posted=one("posted"),
            deadline=one("deadline"),
            pay=tuple(PayFact.from_json(x) for x in d.get("pay") or ()),
            sponsorship=one("sponsorship"),
            clearance=one("clearance"),
            years_experience=one("years_experience"),
            conflicts=tuple(Conflict.from_json(x) for x in d.get("conflicts") or ()),
        )
