from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobdesk.core.ingest import (
    IngestError,
    decode_bytes,
    html_fragment_to_text,
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


# ------------------------------------------------------------------ lxml text/tail model


def test_tails_of_comments_and_hidden_elements_are_kept() -> None:
    doc = html_to_document(
        "<p>a<!-- note -->b<span hidden>x</span>c<?php echo 1 ?>d<br hidden>e</p>"
        "<pre>  x<!-- c -->\n  y</pre><ul><li>one<script>s()</script> two</li></ul>"
    )
    assert doc.source == "abcde\n\n  x\n  y\n\n• one two"


def test_cells_after_a_comment_are_separated() -> None:
    doc = html_to_document(
        "<table><tr><td>Pay</td><!-- c --><td>$1</td></tr><tr><th>Where</th><td>Remote</td>"
        "</tr></table>"
    )
    assert doc.source == "Pay | $1\nWhere | Remote"


def test_entities_and_character_references() -> None:
    doc = html_to_document(
        "<p>&amp; &lt;b&gt; &nbsp;&#x1F600; &#8217; &copy 2024 &#128; &bogus;</p>"
    )
    assert doc.source == "& <b> \xa0😀 ’ © 2024 € &bogus;"


def test_title_and_canonical_url() -> None:
    doc = html_to_document(
        "<html><head><title>  Data  Engineer | Acme </title>"
        "<link rel='alternate canonical' href='https://acme.example/jobs/1'>"
        "<meta property='og:url' content='https://other.example'></head><body><p>x</p></body>"
    )
    assert doc.title == "Data  Engineer | Acme"
    assert doc.url == "https://acme.example/jobs/1"
    doc = html_to_document("<head><meta property='og:url' content='https://o.example'></head>")
    assert doc.url == "https://o.example"


@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_page_keeps_its_text(depth: int) -> None:
    # libxml2 stops building its tree 256 levels deep (2,048 with huge_tree), and drops
    # all that follows.
    markup = "<p>before</p>" + "<div>" * depth + "deep" + "</div>" * depth + "<p>after</p>"
    assert html_to_document(markup).source == "before\n\ndeep\n\nafter"


def test_too_deep_page_is_rebuilt_with_the_same_text_and_regions() -> None:
    deep = "<div>" * 2100 + "<p>deep</p>" + "</div>" * 2100
    markup = (
        "<html><head><title>T</title></head><body><nav role='navigation'>Home</nav>"
        "<main><o:p>Word</o:p><svg xmlns:xlink='http://www.w3.org/1999/xlink'></svg>"
        '<p a"b=1 class="x">a<!-- -- -->b<span hidden>no</span>c\x01d\x0be</p>'
        + deep
        + "</main><footer>Foot</footer></body></html><p>after</p>"
    )
    doc = html_to_document(markup)
    assert doc.title == "T"
    # As libxml2's own tree gives, but for the control character (lxml's API refuses it).
    assert doc.source == "Home\nWord\n\nabc\ufffdd e\n\ndeep\n\nFoot\n\nafter"
    kinds = [(r.kind, doc.source[r.start : r.end]) for r in doc.regions]
    assert kinds == [
        ("outside-main", "Home\n"),
        ("navigation", "Home"),
        ("outside-main", "\n\nFoot\n\nafter"),
        ("footer", "Foot"),
    ]


def test_text_after_body_and_html_is_kept() -> None:
    # libxml2 puts what follows </body> beside the <body>, and what follows </html> in a
    # second <html>; a browser shows both, so the text keeps them (outside <main>).
    doc = html_to_document(
        "<html><body><main><p>Posting</p></main></body><p>After body</p></html><p>After html"
    )
    assert doc.source == "Posting\n\nAfter body\n\nAfter html"
    assert [(r.kind, doc.source[r.start : r.end]) for r in doc.regions] == [
        ("outside-main", "\n\nAfter body\n\nAfter html")
    ]


# ------------------------------------------------------------------- inputs lxml refuses


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<?xml version="1.0" encoding="utf-8"?><html><body><p>Hi</p></body></html>', "Hi"),
        # The text is decoded already: a declared charset must not re-decode it.
        ('<?xml version="1.0" encoding="iso-8859-1"?><p>Zürich €</p>', "Zürich €"),
        ('<meta charset="iso-8859-1"><p>Zürich €</p>', "Zürich €"),
        ('<meta charset="utf-16"><p>Zürich €</p>', "Zürich €"),
        ("\ufeff<p>BOM</p>", "BOM"),
    ],
    ids=["xml-decl", "xml-decl-latin1", "meta-latin1", "meta-utf16", "bom"],
)
def test_declarations_do_not_break_parsing(markup: str, expected: str) -> None:
    assert html_to_document(markup).source == expected


@pytest.mark.parametrize(
    "markup",
    ["", "   \n\t ", "<!-- only a comment -->", "<!doctype html>", "<?xml version='1.0'?>"],
)
def test_empty_documents_give_empty_text(markup: str) -> None:
    doc = html_to_document(markup, url="https://x.example")
    assert (doc.source, doc.regions, doc.kind, doc.url) == ("", [], "html", "https://x.example")
    assert ingest(markup.encode(), name="page.html").source == ""
    assert html_fragment_to_text(markup + "<!-- -->") == ""


def test_nul_control_characters_and_lone_surrogates() -> None:
    assert html_to_document("<p>a\x00b</p>").source == "a\ufffdb"
    assert html_to_document("<p>a\x01b\x0bc\x1fd\x7fe</p>").source == "a\x01b c\x1fd\x7fe"
    # A str may hold lone surrogates (UTF-8 cannot): each becomes one U+FFFD.
    assert html_to_document("<p>a\ud800b\udfffc</p>").source == "a\ufffdb\ufffdc"
    assert ingest("<html><body>\ud83d x</body></html>").source == "\ufffd x"
    assert html_fragment_to_text("<b>\udc00</b>") == "\ufffd"


# ----------------------------------------------------------------------- never crashes

_ANY_CHAR = st.characters(codec=None, categories=None)  # surrogates and controls too
_MARKUP_BITS = st.sampled_from(
    [
        "<p>", "</p>", "<div hidden>", "</div>", "<br>", "<td>", "<pre>", "</pre>", "<!--",
        "-->", "<!doctype html>", '<?xml version="1.0" encoding="utf-8"?>', "&amp;", "&#0;",
        "&#xD800;", "</body>", "</html>", "<main>", "<nav>", "<script type='application/ld+json'>",
        '{"@type": "JobPosting", "description": "<p>x</p>"}', "</script>", "\x00", "\ud800",
    ]
)  # fmt: skip
_MARKUP = st.lists(st.one_of(_MARKUP_BITS, st.text(_ANY_CHAR, max_size=8)), max_size=30).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(_MARKUP)
def test_any_markup_ingests(markup: str) -> None:
    for doc in (html_to_document(markup), ingest(markup)):
        assert isinstance(doc.source, str)
        for r in doc.regions:
            assert 0 <= r.start < r.end <= len(doc.source)
    assert isinstance(html_fragment_to_text(markup), str)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=300), _MARKUP.map(lambda s: s.encode("utf-8", "replace"))))
def test_any_bytes_ingest_or_are_refused(data: bytes) -> None:
    for name in ("", "page.html", "note.txt"):
        try:
            doc = ingest(data, name=name)
        except IngestError:
            continue
        assert isinstance(doc.source, str)


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>a <b> b</b></p>", "a b"),
        ("<p>x <!-- note --> y</p>", "x y"),
        ("<p>Apply <span> </span> now</p>", "Apply now"),
        ("<table><tr><td>Where </td><td> Remote</td></tr></table>", "Where | Remote"),
        ("<ul><li> Python</li><li>\n  SQL</li></ul>", "• Python\n• SQL"),
        ("<table><tr><td hidden>x</td><td>Pay</td><td>$90k</td></tr></table>", "Pay | $90k"),
        (
            "<table><tr><td></td><td>Pay</td></tr><tr><td>A</td><td>B</td></tr></table>",
            "Pay\nA | B",
        ),
    ],
)
def test_one_space_between_words_across_nodes(markup: str, text: str) -> None:
    assert html_to_document(markup).source == text


@pytest.mark.parametrize(
    "markup",
    [
        # an ASP.NET page: one <form> around everything
        '<body><form id="aspnetForm"><nav>Home | Jobs</nav><h2>Data Engineer</h2>'
        "<p>You will build pipelines.</p></form></body>",
        # a class the site sets while its cookie banner shows
        '<body class="cookie-consent-open"><h1>Data Engineer</h1><p>You will build pipelines.</p>',
        '<body><div id="app" class="gdpr-shown"><h1>Data Engineer</h1>'
        "<p>You will build pipelines.</p></div></body>",
        # the posting opened in a modal
        '<body><div role="dialog"><h1>Data Engineer</h1><p>You will build pipelines.</p>'
        "<footer>© Acme</footer></div></body>",
    ],
)
def test_a_region_around_the_main_heading_is_the_page_not_chrome(markup: str) -> None:
    doc = html_to_document(markup)
    covered = [r for r in doc.regions if r.start <= doc.source.index("Data Engineer") < r.end]
    assert covered == []
    assert "You will build pipelines." in doc.source
    # the page's own chrome inside the wrapper is still marked
    if "<nav>" in markup or "<footer>" in markup:
        assert {r.kind for r in doc.regions} & {"navigation", "footer"}


def test_aria_hidden_around_the_whole_page_does_not_hide_the_posting() -> None:
    # A page saved with a modal open: the app wrapper is aria-hidden, icons inside too.
    doc = html_to_document(
        '<body><div id="root" aria-hidden="true"><h1>Data Engineer</h1>'
        '<p>You will build pipelines.</p><span aria-hidden="true">icon</span></div>'
        '<div role="dialog" aria-modal="true">We use cookies. <button>Accept</button></div></body>'
    )
    assert doc.source.startswith("Data Engineer\n\nYou will build pipelines.")
    assert "icon" not in doc.source  # other aria-hidden things still go
    assert [r.kind for r in doc.regions] == ["dialog"]


def test_an_h2_in_a_cookie_banner_does_not_shield_it() -> None:
    # No <h1>: the first <h2> heads the banner, which is small — still a banner.
    doc = html_to_document(
        '<body><div id="onetrust-banner"><h2>We value your privacy</h2><p>Cookies.</p></div>'
        "<div><h2>Data Engineer</h2><p>" + "You will build pipelines. " * 20 + "</p></div></body>"
    )
    assert [r.kind for r in doc.regions] == ["cookie-banner"]
    assert doc.source[doc.regions[0].start : doc.regions[0].end].startswith("We value")


_BLANKS = " \t\n\r\f\v\u00a0\u2003\u200b\x85\u2028"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_BLANKS + "ab\u00e9", max_size=12))
def test_text_left_as_it_is_has_no_run_of_blanks_to_make_one_space(s: str) -> None:
    """The writer squashes a text's blank runs only when it holds two spaces or a
    character that is not printable (a tab, a line break …): otherwise the squash
    would change nothing."""
    from jobdesk.core.ingest import _SPACES

    if "  " not in s and s.isprintable():
        assert _SPACES.sub(" ", s) == s


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>a  b\tc\nd\u00a0e</p>", "a b c d\u00a0e"),
        ("<p>Apply now</p><p>one two</p>", "Apply now\n\none two"),
        ("<p>x\u2003 y\u200b  z</p>", "x\u2003 y\u200b z"),
    ],
)
def test_blank_runs_in_html_text_are_one_space(markup: str, text: str) -> None:
    assert html_to_document(markup).source == text


@pytest.mark.parametrize(
    "main",
    ["<div role='main'>", "<div class='c' id='i' role='main'>", "<div data-x='1' role='MAIN'>"],
)
def test_an_element_with_the_main_role_is_the_main_content(main: str) -> None:
    doc = html_to_document(
        f"<body><div class='top'>Home</div>{main}<p>Posting</p></div><p>Foot</p></body>"
    )
    got = [(r.kind, doc.source[r.start : r.end]) for r in doc.regions]
    if "MAIN" in main:  # (the role is compared as written)
        assert got == []
    else:
        assert got == [("outside-main", "Home\n\n"), ("outside-main", "\n\nFoot")]


def test_the_breaks_around_an_element_are_those_of_its_tag_sets() -> None:
    """The render's tables of breaks by tag: a paragraph's blank line before and after
    it, a block's (a row's before it, a list item's both sides) line break, else none."""
    from jobdesk.core import ingest

    tags = ingest._BLOCK_TAGS | ingest._PARA_TAGS | {"li", "tr", "td", "span", "a", "b", "x"}
    for tag in tags:
        para = tag in ingest._PARA_TAGS
        before = 2 if para else 1 if tag in ingest._BLOCK_TAGS | {"tr", "li"} else None
        after = 2 if para else 1 if tag in ingest._BLOCK_TAGS | {"li"} else None
        assert ingest._BREAK_BEFORE.get(tag) == before, tag
        assert ingest._BREAK_AFTER.get(tag) == after, tag
    doc = html_to_document("<ul><li>a</li><li>b</li></ul><p>c</p><span>d</span><div>e</div>")
    assert doc.source == "• a\n• b\n\nc\n\nd\ne"
