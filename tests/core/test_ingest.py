from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobdesk.core.ingest import (
    IngestError,
    decode_bytes,
    html_to_document,
    ingest,
    ingest_path,
    looks_like_html,
)

TEXT = "Senior Engineer — Zürich\nYou’ll build things.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # without BOM
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-nobom", "utf16be-nobom", "utf32", "cp1252"],
)
def test_decodes_common_encodings(data: bytes) -> None:
    assert decode_bytes(data) == TEXT


def test_latin1_fallback_never_crashes() -> None:
    # 0x81 is undefined in cp1252: Latin-1 takes it.
    assert decode_bytes(b"caf\xe9 \x81 ok") == "café \x81 ok"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04zipzip", bytes(range(256)) * 4],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(data)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        ingest_path(tmp_path / "nope.txt")
    with pytest.raises(IngestError, match="folder"):
        ingest_path(tmp_path)


def test_html_sniffed_by_content_not_extension(tmp_path: Path) -> None:
    p = tmp_path / "posting.txt"
    p.write_text("<html><body><h1>Data Engineer</h1><p>Build pipelines.</p></body></html>")
    doc = ingest_path(p)
    assert doc.kind == "html"
    assert doc.source == "Data Engineer\n\nBuild pipelines."
    assert not looks_like_html("Use <b> tags sparingly? No: 5 < 6 and 7 > 3.")
    assert not looks_like_html("You know <div> and <span> semantics and a<b.")
    assert looks_like_html("A fragment of text.<br/><br/>With line breaks only.")


def test_block_text_bullets_breaks_tables() -> None:
    doc = html_to_document(
        "<div><h2>What you do</h2><ul><li>Build <b>APIs</b></li><li>Ship</li></ul>"
        "<p>Line one<br>Line two</p><table><tr><td>Pay</td><td>$100k</td></tr></table>"
        "<script>var x = 1;</script><style>p{}</style><template>t</template>"
        "<p hidden>secret</p><p style='display: none'>gone</p><span aria-hidden='true'>icon</span>"
        "</div>"
    )
    assert doc.source == (
        "What you do\n\n• Build APIs\n• Ship\n\nLine one\nLine two\n\nPay | $100k"
    )


def test_chrome_regions_are_kept_in_text_and_reported() -> None:
    doc = html_to_document(
        "<body><nav>Home Jobs</nav><main><article><header><h1>Title</h1></header>"
        "<p>Body text.</p><button>Apply</button></article></main>"
        "<footer>© 2024 Site</footer><div id='cookie-banner'>We use cookies</div></body>"
    )
    kinds = {r.kind: doc.source[r.start : r.end] for r in doc.regions}
    assert kinds["navigation"] == "Home Jobs"
    assert kinds["footer"] == "© 2024 Site"
    assert kinds["button"] == "Apply"
    assert kinds["cookie-banner"] == "We use cookies"
    assert "header" not in kinds  # an article's own header is content
    assert "Title" in doc.source and "Body text." in doc.source


def test_jsonld_posting_used_when_page_is_a_shell() -> None:
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Platform Engineer",
        "hiringOrganization": {"@type": "Organization", "name": "Acme"},
        "jobLocation": {"address": {"addressLocality": "Lyon", "addressCountry": "FR"}},
        "employmentType": "FULL_TIME",
        "description": "<p>You will run <b>Kubernetes</b> clusters.</p><ul><li>Go</li></ul>",
    }
    page = (
        "<html><head><script type='application/ld+json'>"
        + json.dumps({"@graph": [{"@type": "WebPage"}, posting]})
        + "</script></head><body><div id='root'></div></body></html>"
    )
    doc = ingest(page)
    assert doc.from_jsonld
    assert doc.jsonld is not None and doc.jsonld["title"] == "Platform Engineer"
    assert doc.source == (
        "Platform Engineer\nAcme\nLyon, FR\nFull time\n\nYou will run Kubernetes clusters.\n\n• Go"
    )


def test_jsonld_kept_but_not_used_when_page_shows_posting() -> None:
    posting = {"@type": "JobPosting", "title": "T", "description": "Build great data pipelines"}
    page = (
        f"<html><head><script type='application/ld+json'>{json.dumps(posting)}</script></head>"
        "<body><p>Build great data pipelines every day</p></body></html>"
    )
    doc = ingest(page)
    assert doc.jsonld == posting
    assert not doc.from_jsonld


def test_broken_jsonld_is_ignored() -> None:
    doc = ingest("<html><script type='application/ld+json'>{broken</script><p>Hi</p></html>")
    assert doc.jsonld is None
    assert doc.source == "Hi"


def test_eml_takes_subject_and_body(tmp_path: Path) -> None:
    p = tmp_path / "recruiter.eml"
    p.write_bytes(
        b"From: r@example.com\r\nSubject: Backend role\r\nContent-Type: text/plain; charset=utf-8"
        b"\r\n\r\nHi,\r\nWe are hiring a backend engineer.\r\n"
    )
    doc = ingest_path(p)
    assert doc.kind == "email"
    assert doc.source.startswith("Subject: Backend role\n\nHi,\nWe are hiring")


def test_crlf_normalised() -> None:
    assert ingest("a\r\nb\rc").source == "a\nb\nc"


def test_region_offsets_survive_trimmed_spaces() -> None:
    doc = html_to_document(
        "<body><span>Title   </span><div>  <button>  Apply  </button>  </div>"
        "<p>Body <b>text</b> </p><nav> <a>Home</a> </nav></body>"
    )
    got = {r.kind: doc.source[r.start : r.end] for r in doc.regions}
    assert got == {"button": "Apply", "navigation": "Home"}
