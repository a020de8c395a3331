"""Fuzzing ingest with mutated posting-like bytes: HTML pages, pasted text and e-mails,
cut, spliced and sprinkled with hostile markup and bytes. Whatever comes in, ingest
either refuses it with an IngestError or gives a document whose clean is sound (its
edits, applied to the source, give the cleaned text), and the facts do not crash.

Fixed budget (``max_examples``), no deadline, derandomized: CI sees the same inputs on
every run.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobdesk.core.engine import Cleaner
from jobdesk.core.facts import extract_facts
from jobdesk.core.ingest import IngestError, ingest_bytes
from jobdesk.core.rules import load_rules
from tests.core.test_properties import check_invariants
from tests.corpus.corpus import cases

CLEANER = Cleaner(load_rules(user_dir=False))

SEEDS = [
    # a job-board page: chrome, JSON-LD, a table, a list, a form
    b"""<!DOCTYPE html><html><head><title>Data Engineer - Acme | Board</title>
<script type="application/ld+json">{"@type": "JobPosting", "title": "Data Engineer",
"hiringOrganization": {"name": "Acme"}, "description": "<p>Build pipelines.</p>",
"baseSalary": {"currency": "USD", "value": {"minValue": 120000, "maxValue": 150000}}}
</script></head><body><nav><a href="/">Jobs</a> | <a href="/in">Sign in</a></nav>
<div id="cookie-banner"><p>We use cookies.</p><button>Accept</button></div>
<main><h1>Data Engineer</h1><p>Acme &middot; Boston, MA &middot; 36 applicants</p>
<h2>About the job</h2><p>You&#8217;ll build pipelines.<br>Pay: $120,000 &ndash; $150,000.</p>
<ul><li>Python</li><li>SQL</li></ul><table><tr><th>Type</th><td>Full-time</td></tr></table>
<p>We do not sponsor visas. Secret clearance required.</p></main>
<form><label>Resume</label><input type="file"><button>Apply</button></form>
<footer>&copy; 2026 Board &middot; Privacy</footer></body></html>""",
    # a paste
    "Senior Engineer\nAcme Corp · Zürich (Hybrid) · 3 days ago · Over 100 applicants\n"
    "Apply\nSave\n\nAbout the job\nYou‚Äôll own the platform. Salary: CHF 120k–140k.\n"
    "• 5+ years of experience\nVisa sponsorship: yes.\n\nSimilar jobs\nOther role\n".encode(),
    # a recruiter e-mail
    b"From: r@agency.example\r\nSubject: =?utf-8?Q?Role_=E2=80=93_Berlin?=\r\n"
    b"Content-Type: multipart/alternative; boundary=b1\r\n\r\n--b1\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\nHi, a contract role: 600 EUR/day.\r\n"
    b"--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hi, a <b>contract</b> role: "
    b"600 EUR/day.</p>\r\n--b1--\r\n",
]

HOSTILE = [
    b"<embed src=x>", b"<iframe src=x>", b"<audio>", b"</div>", b"</p>", b"<!--", b"-->",
    b"<![CDATA[", b"]]>", b'<!DOCTYPE html [ <!ENTITY x "y"> ]>', b"<svg><title>t",
    b"<math><mi>x", b"<template>", b"<noscript>", b"<table><tr><td>", b"<h2>", b"<h1>",
    b"<br>", b"<wbr>", b"<object>", b"<script>", b"</script>", b"<style>", b"&#0;",
    b"&#xD800;", b"&amp", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\r", b"\r\n", b"\x81",
    b"\x8d", b"\x93\x94", b"\xc3\xa9", b"\xe2\x80", b"\xed\xa0\x80", b"(", b")", b". ",
    b"\n\n\n", b" " * 40, b"=?utf-8?B?", b"?=", b"\nSubject: ", b"\n\n", b"--b1\r\n",
    b"Content-Type: text/html\r\n", b"<div hidden>", b'<div aria-hidden="true">',
    b'<div role="dialog">', b"<main>", b"<li>", b"<pre>", b"<select><option>",
]  # fmt: skip

NAMES = ["page.html", "paste.txt", "mail.eml", "notes.md", ""]


# The real corpus's inputs under 60 KB, when the corpus is there (see tests/corpus).
CORPUS_SEEDS = [c.raw.read_bytes() for c in cases() if c.raw.stat().st_size < 60_000]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes] = SEEDS) -> tuple[bytes, str]:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.integers(0, 4))
        at = draw(st.integers(0, len(data)))
        if op == 0:  # insert hostile markup or bytes
            data[at:at] = draw(st.sampled_from(HOSTILE))
        elif op == 1:  # insert random bytes
            data[at:at] = draw(st.binary(max_size=8))
        elif op == 2:  # cut a stretch
            data[at : at + draw(st.integers(0, 200))] = b""
        elif op == 3:  # repeat a stretch
            piece = bytes(data[at : at + draw(st.integers(0, 80))])
            data[at:at] = piece * draw(st.integers(1, 20))
        else:  # truncate
            del data[at:]
    return bytes(data), draw(st.sampled_from(NAMES))


@settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_inputs_ingest_soundly(case: tuple[bytes, str]) -> None:
    check_sound(*case)


@pytest.mark.skipif(not CORPUS_SEEDS, reason="the corpus is not beside this checkout")
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated(CORPUS_SEEDS))
def test_mutated_corpus_inputs_ingest_soundly(case: tuple[bytes, str]) -> None:
    check_sound(*case)


def check_sound(data: bytes, name: str) -> None:
    try:
        doc = ingest_bytes(data, name=name)
    except IngestError:
        return
    assert isinstance(doc.source, str)
    for region in doc.regions:
        assert 0 <= region.start < region.end <= len(doc.source)
    result = CLEANER.clean(doc)
    check_invariants(result)
    assert isinstance(extract_facts(result).to_json(), dict)
