"""Bag-of-words scoring of a cleaned text against a gold text (DESIGN.md §8).

Tokens are lower-cased ``\\w+`` runs after ftfy on both sides (curly quotes folded).
Recall says how much of the posting survived, precision how much noise was left.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import ftfy

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    fixed = ftfy.fix_text(text)  # default config: also uncurls quotes
    return Counter(t.lower() for t in _TOKEN.findall(fixed))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    output_tokens: int
    gold_tokens: int


def score(output: str, gold: str) -> Score:
    out, ref = tokens(output), tokens(gold)
    n_out, n_ref = sum(out.values()), sum(ref.values())
    if n_ref == 0:
        # "No posting" cases: perfect only when (nearly) nothing is produced.
        ok = 1.0 if n_out <= 5 else 0.0
        return Score(ok, 1.0, ok, n_out, 0)
    common = sum((out & ref).values())
    precision = common / n_out if n_out else 0.0
    recall = common / n_ref
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, n_out, n_ref)
