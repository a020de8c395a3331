"""The near-duplicate sketch is stored: a faster formulation must give the same values."""

from __future__ import annotations

import hashlib
import re
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.storage import text as textmod
from tests.conftest import CORPUS

_WORD = re.compile(r"\w+")
_M = (1 << 64) - 1


def reference_shingles(text: str) -> set[int]:
    """The shingle hashes as first written (one word, one CRC, one product at a time)."""
    t = [
        zlib.crc32(w.encode("utf-8", "surrogatepass"))
        for w in _WORD.findall(text[: textmod.MAX_CHARS].casefold())
    ]
    if len(t) < 3:
        return {(x * textmod._K3) & _M for x in t}
    return {
        ((t[i] * textmod._K1) & _M) ^ ((t[i + 1] * textmod._K2) & _M) ^ t[i + 2]
        for i in range(len(t) - 2)
    }


def reference_sketch(text: str) -> tuple[set[int], bytes, list[int]]:
    sh = reference_shingles(text)
    sig = textmod.signature(sh)
    return sh, textmod.pack_signature(sig), (textmod.bands(sig) if sh else [])


# Characters that tell the paths apart: ASCII word and non-word characters, the common
# punctuation replaced up front, accented and other-script letters and digits, characters
# whose case folding changes length or turns ASCII (ß, ﬁ, the Kelvin sign, İ), final
# sigma, combining marks, zero-width and no-break spaces, surrogates, NUL.
ALPHABET = [
    *"aZ09_ -.,'\n\t\x00/&:;é"
    "\u2022\u2019\u2018\u201c\u201d\u2013\u2014\u00a0\u00b7\u2026\u25aa\u25cf"
    "ßﬁ\u212aİΣσςÉ\u0301\u200b\ufeff日本٣\u0663€®\U0001f600",
    "\ud800",
    "\udfff",
]

texts = st.lists(st.one_of(st.sampled_from(ALPHABET), st.text(max_size=3)), max_size=60).map(
    "".join
)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_sketch_is_the_reference_one_on_random_texts(text: str) -> None:
    assert textmod.sketch(text) == reference_sketch(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_shingles_are_the_reference_ones_on_any_text(text: str) -> None:
    assert textmod.shingles(text) == reference_shingles(text)


def test_words_are_the_regex_words() -> None:
    text = "Don’t • Café—ﬁne Straße \u212aelvin İstanbul ΟΔΟΣ x_1 ٣٣ a\u0301b \ud800z"
    want = [w.encode("utf-8", "surrogatepass") for w in _WORD.findall(text.casefold())]
    assert textmod._words(text) == want
    assert textmod._words(text.replace("é", "e")) != want  # the mixed path is taken


def test_the_common_non_word_characters_are_not_word_characters() -> None:
    for c in textmod._COMMON_NON_WORD:
        assert not _WORD.match(c) and c.casefold() == c


def test_long_texts_are_sketched_from_their_start() -> None:
    words = " ".join(f"w{i}" for i in range(80_000))  # > MAX_CHARS
    assert len(words) > textmod.MAX_CHARS
    assert textmod.sketch(words) == reference_sketch(words)
    assert textmod.shingles(words) == textmod.shingles(words[: textmod.MAX_CHARS])


def test_stored_values_did_not_change() -> None:
    """Sketches written by earlier versions (computed before this formulation)."""
    known = {
        "Senior Rust Engineer at Acme — you’ll build the café’s «Straße» ΣΑΣ, 42 000 € "
        "a year.": "e1207cc2ecbeed5152166b8c0af833de54de33d40931ca53fd2765b4e7f32733",
        "one two": "d3033d477c972666f4ece5241c87a4c5eda7e787f658d881f690d9010715f01c",
        "": "b7460220f6f328b4c082af5deb7d046a151b4a75fb1b0b470f95e3807b945dd0",
    }
    for text, digest in known.items():
        _sh, blob, keys = textmod.sketch(text)
        assert hashlib.sha256(blob + repr(keys).encode()).hexdigest() == digest, text


def _corpus_texts() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.html"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_sketch_is_the_reference_one_on_the_corpus() -> None:
    paths = _corpus_texts()
    assert len(paths) > 50
    for p in paths:
        text = p.read_text(encoding="utf-8", errors="surrogateescape")
        assert textmod.sketch(text) == reference_sketch(text), p.name
        assert textmod.fingerprint(text) == reference_fingerprint(text), p.name


# ------------------------------------------------------------------ hash and sketch at once


def reference_fingerprint(text: str) -> tuple[str, set[int], bytes, list[int]]:
    """The content hash and the sketch, each made on its own as a save made them."""
    flat = " ".join(text.replace("\u200b", " ").replace("\ufeff", " ").split()).casefold()
    digest = hashlib.sha256(flat.encode("utf-8", "surrogatepass")).hexdigest()
    return (digest, *reference_sketch(text))


@settings(max_examples=600, deadline=None)
@given(texts)
def test_fingerprint_is_the_hash_and_the_sketch_on_random_texts(text: str) -> None:
    assert textmod.fingerprint(text) == reference_fingerprint(text)
    assert textmod.fingerprint(text)[0] == textmod.content_hash(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_fingerprint_is_the_hash_and_the_sketch_on_any_text(text: str) -> None:
    assert textmod.fingerprint(text) == reference_fingerprint(text)


def test_fingerprint_of_blank_runs_and_long_texts() -> None:
    for text in (
        "",
        " \u200b\ufeff\n",
        "Café\u200bBar \ufeff\u3000ΣΑΣ\u2028ß\u00a0İ",
        "é " + " ".join(f"w{i}" for i in range(80_000)),  # > MAX_CHARS: the sketch's start
    ):
        assert textmod.fingerprint(text) == reference_fingerprint(text), text[:40]


def test_case_folding_keeps_blanks_and_makes_none() -> None:
    """What fingerprint relies on, for every code point: folding keeps each blank, the
    zero-width space and the BOM as they are, and turns no other character into one of
    them or into nothing; and it folds a text character by character."""
    kept = {"\u200b", "\ufeff"}
    for cp in range(0x110000):
        c = chr(cp)
        f = c.casefold()
        if c.isspace() or c in kept:
            assert f == c, hex(cp)
        else:
            assert f and not any(x.isspace() or x in kept for x in f), hex(cp)
    sample = "".join(ALPHABET[:-2]) + "ΣΑΣ ς σ Σ"
    assert sample.casefold() == "".join(c.casefold() for c in sample)
