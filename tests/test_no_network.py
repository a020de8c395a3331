"""jobdesk opens no network connection: cleaning, saving to the library and searching
it run with every way of opening a socket or resolving a name made to fail (and
recorded, in case some code caught the error and went on)."""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobdesk.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "sample-posting.txt"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def refused(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"jobdesk tests: no network ({name})")

        return refused

    for attr in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, attr, refuse(f"socket.{attr}"))
    for fn in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, fn, refuse(fn))
    yield attempts


def test_the_guard_catches_a_connection(no_network: list[str]) -> None:
    """The fixture would notice a connection: an HTTP request is refused and recorded."""
    with pytest.raises(OSError):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    with socket.socket() as sock, pytest.raises(OSError):
        sock.connect(("127.0.0.1", 9))
    assert len(no_network) == 2


def test_clean_save_and_search_open_no_connection(
    no_network: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    html = tmp_path / "posting.html"
    html.write_text(
        "<html><head><link rel='stylesheet' href='https://cdn.example.com/a.css'>"
        "<script src='https://tracker.example.com/t.js'></script></head><body>"
        "<img src='https://cdn.example.com/logo.png'><h1>Data Engineer</h1>"
        "<p>Globex, Springfield. Pay: $90,000 – $110,000.</p>"
        "<iframe src='https://ads.example.com/'></iframe></body></html>",
        encoding="utf-8",
    )
    assert main(["clean", str(SAMPLE)]) == 0
    assert "Senior Data Engineer" in capsys.readouterr().out
    assert main(["clean", "--format", "json", str(html)]) == 0
    assert main(["library", "add", str(SAMPLE), "--tag", "remote"]) == 0
    assert main(["library", "add", str(html)]) == 0
    capsys.readouterr()
    assert main(["library", "search", "pipelines tag:remote"]) == 0
    assert "Senior Data Engineer" in capsys.readouterr().out
    assert main(["library", "list"]) == 0
    assert "Data Engineer" in capsys.readouterr().out
    assert no_network == []
