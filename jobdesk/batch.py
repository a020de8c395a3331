"""Batch cleaning: folders, JSONL and CSV files, on every core or on a Dask cluster.

The same engine and rule packs as the window and ``jobdesk clean FILE``; no Qt.

* :func:`read_records` turns an input (a folder, a ``.jsonl``, a ``.csv`` or a
  ``.parquet`` file) into :class:`Record` objects, each with a stable ``key`` (its path
  in the folder, its line in the JSONL file, its row in the CSV or Parquet file).
* :func:`clean_records` cleans them, in order, in this process (``jobs=1``) or in a pool
  of processes whose workers load the (cached) rule set once; one record that cannot be
  read or cleaned comes back as a failure and the run goes on.
* :class:`JsonlSink` and :class:`TreeSink` write the results so that a run killed at any
  moment (SIGKILL included) and resumed with ``resume=True`` ends with the same output as
  an uninterrupted run: a JSONL record is one ``write`` of whole lines and a torn last
  line is cut off on resume; a file in the tree is written beside its place and renamed.
  :class:`ParquetSink` writes the JSONL records' fields as a Parquet table (``facts``
  and ``rules`` as JSON text), beside its place and renamed there when the run ends; it
  cannot be resumed. Parquet needs pyarrow (``pip install 'jobdesk[parquet]'``).
* :func:`run` ties them together and returns a :class:`Summary`.

Beyond one machine (``pip install 'jobdesk[dask]'``)::

    import dask.bag as db
    from distributed import Client
    from jobdesk.batch import BatchOptions, clean_bag, clean_dataframe

    client = Client("tcp://scheduler:8786")          # or LocalCluster()
    bag = db.read_text("postings-*.jsonl").map(json.loads)
    out = clean_bag(bag, field="description", options=BatchOptions(site="none"))
    out.map(json.dumps).to_textfiles("cleaned-*.jsonl")

    ddf = dd.read_parquet("postings.parquet")
    cleaned = clean_dataframe(ddf, column="description")  # adds cleaned, site, facts, rules

Each Dask worker builds its rule set once (from the cache after the first) and keeps it
for every partition it cleans.
"""

from __future__ import annotations

import contextlib
import csv
import json
import multiprocessing
import os
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from jobdesk.core.engine import NO_SITE, Cleaner
from jobdesk.core.exemptions import Exemption, Exemptions
from jobdesk.core.ingest import MAX_BYTES, IngestError, ingest_bytes, ingest_text, read_path
from jobdesk.core.rules import RuleSet, load_rules, rule_choices

if TYPE_CHECKING:  # (the library's modules are imported only by a re-clean)
    from jobdesk.core.result import CleanResult
    from jobdesk.session import Reclean
    from jobdesk.storage import Posting

__all__ = [
    "FOLDER_SUFFIXES",
    "BatchError",
    "BatchOptions",
    "JsonlSink",
    "Outcome",
    "ParquetSink",
    "Recleaned",
    "Record",
    "Summary",
    "TreeSink",
    "clean_bag",
    "clean_dataframe",
    "clean_pandas",
    "clean_records",
    "clean_text",
    "read_records",
    "reclean_postings",
    "run",
]

FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".md", ".eml")
TABLE_SUFFIXES = (".jsonl", ".csv", ".parquet")
# The fields jobdesk writes into an output record (a carried field of the same name is
# replaced by jobdesk's).
OUR_FIELDS = ("record", "cleaned", "site", "facts", "rules")


class BatchError(Exception):
    """A problem with the whole run (an unreadable input, an unknown site or rule)."""


@dataclass(frozen=True)
class BatchOptions:
    """How every record is cleaned. Picklable: sent once to each worker."""

    site: str | None = None  # None: detect; "none": the generic packs only; else a pack id
    enable: tuple[str, ...] = ()  # glob patterns of rule ids switched on
    disable: tuple[str, ...] = ()  # … switched off (after enable)
    packs: tuple[str, ...] = ()  # extra rule pack files
    facts: bool = True  # extract the posting's facts (title, pay, …)
    #: the user's exceptions ("keep this text", "rule off"; core/exemptions.py), applied
    #: as ``jobdesk clean FILE`` applies them
    exemptions: tuple[Exemption, ...] = ()


@dataclass(frozen=True)
class Record:
    """One posting to clean: a file to read (``path``) or a text from a table."""

    key: str
    path: str | None = None
    text: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # could not even be read as a record (bad JSON line …)
    # A JSONL line, parsed where it is cleaned (a worker), the text in field ``field``:
    # the process that reads the input stays light, so the run scales with the cores.
    line: str | None = None
    field: str = "description"


@dataclass
class Outcome:
    """A record cleaned (``data``) or failed (``error``). Cleaned for a JSONL output,
    ``line`` is the output record already encoded (by the worker) and ``data`` holds only
    its ``rules``."""

    key: str
    data: dict[str, Any] | None = None
    error: str | None = None
    bytes_in: int = 0
    bytes_out: int = 0
    worker: int = 0  # the process that cleaned it, its CPU seconds spent on it and its
    cpu: float = 0.0  # peak resident memory (bytes) then: for the run's summary
    rss: int = 0
    line: str | None = None


# ------------------------------------------------------------------ the rules, per process

_STATE: dict[BatchOptions, tuple[Cleaner, dict[str, bool]]] = {}
_EXEMPTIONS: dict[tuple[Exemption, ...], Exemptions] = {}


def _exemptions_of(options: BatchOptions) -> Exemptions | None:
    """The options' exceptions, made once per process (None: there are none)."""
    if not options.exemptions:
        return None
    got = _EXEMPTIONS.get(options.exemptions)
    if got is None:
        got = _EXEMPTIONS[options.exemptions] = Exemptions(options.exemptions)
    return got


def overrides_for(rules: RuleSet, enable: Sequence[str], disable: Sequence[str]) -> dict[str, bool]:
    """--enable/--disable glob patterns → {rule_id: on}; --disable wins."""
    try:
        return rule_choices(rules, [*((True, p) for p in enable), *((False, p) for p in disable)])
    except ValueError as exc:
        raise BatchError(str(exc)) from None


def prepare(options: BatchOptions, rules: RuleSet | None = None) -> Cleaner:
    """This process's cleaner for ``options``, built once (the shipped packs come from
    the rule cache after the first process). Raises :class:`BatchError` for an unknown
    site or a rule pattern that matches no rule."""
    got = _STATE.get(options)
    if got is not None:
        return got[0]
    if rules is None:
        rules = load_rules(extra=[Path(p) for p in options.packs])
    site = options.site
    if site and site != NO_SITE and rules.pack(site) is None:
        raise BatchError(f"unknown site {site!r}")
    overrides = overrides_for(rules, options.enable, options.disable)
    cleaner = Cleaner(rules)
    _STATE[options] = (cleaner, overrides)
    return cleaner


def clean_text(
    text: str, options: BatchOptions = BatchOptions(), *, kind: str | None = None
) -> dict[str, Any]:
    """One posting's text (a pasted text or an HTML page) → ``cleaned``, ``site``,
    ``facts`` and ``rules`` (edits per rule), as in a JSONL output record. ``kind``
    "html" or "text" forces how the text is read (default: sniffed)."""
    doc = ingest_text(text, html=None if kind is None else kind == "html")
    return _clean_doc(doc, options)


def _clean_doc(doc: Any, options: BatchOptions) -> dict[str, Any]:
    return _data_of(_resolved(doc, options), options)


def _resolved(doc: Any, options: BatchOptions) -> CleanResult:
    """A read posting cleaned: its rules matched and resolved (the options' choices and
    exceptions applied)."""
    cleaner = prepare(options)
    overrides = _STATE[options][1]
    if not doc.source.strip():
        raise IngestError("holds no text; nothing to clean")
    matched = cleaner.match(doc, site=options.site)
    exemptions = _exemptions_of(options)
    if exemptions is None:
        return matched.resolve(overrides)
    return exemptions.resolve(matched, overrides)


def _data_of(result: CleanResult, options: BatchOptions) -> dict[str, Any]:
    """What a cleaned posting's output record holds: ``cleaned``, ``site``, ``facts``
    (unless the options leave them out) and ``rules``, in that order."""
    counts = Counter(e.rule for e in result.edits)
    data: dict[str, Any] = {"cleaned": result.cleaned, "site": result.site}
    if options.facts:
        from jobdesk.core.facts import extract_facts

        data["facts"] = extract_facts(result).to_json()
    data["rules"] = dict(sorted(counts.items()))
    return data


def _parse_line(rec: Record) -> Record:
    """A JSONL line's record: its text, its other fields, or what is wrong with it."""
    assert rec.line is not None
    key, name = rec.key, rec.field
    try:
        obj = json.loads(rec.line)
    except ValueError as exc:
        return Record(key, error=f"not JSON ({exc})")
    if not isinstance(obj, dict):
        return Record(key, error=f"not a JSON object but {type(obj).__name__}")
    text = obj.pop(name, None)
    if not isinstance(text, str):
        got = "no" if text is None else f"a {type(text).__name__} in"
        return Record(key, error=f"{got} field {name!r}", extra=obj)
    return Record(key, text=text, extra=obj)


@dataclass
class _Staged:
    """A record between the stages of :func:`_clean_many`: read (``doc`` a Document),
    then cleaned (``doc`` its CleanResult)."""

    rec: Record
    size: int
    doc: Any


def _failed(key: str, exc: Exception) -> Outcome:
    if isinstance(exc, IngestError):
        return Outcome(key, error=str(exc))
    return Outcome(key, error=f"{type(exc).__name__}: {exc}")  # one bad record never stops the run


def _read_one(rec: Record) -> _Staged | Outcome:
    """The first stage: the record's text read (a JSONL line parsed, a file read)."""
    if rec.line is not None:
        rec = _parse_line(rec)
    if rec.error is not None:
        return Outcome(rec.key, error=rec.error)
    try:
        if rec.path is not None:
            raw = read_path(Path(rec.path))
            return _Staged(rec, len(raw), ingest_bytes(raw, name=Path(rec.path).name))
        text = rec.text or ""
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            raise IngestError(f"over the {MAX_BYTES // 1_000_000} MB limit")
        return _Staged(rec, size, ingest_text(text))
    except Exception as exc:
        return _failed(rec.key, exc)


def _clean_many(recs: Sequence[Record], options: BatchOptions) -> list[Outcome]:
    """Each record read, cleaned and its output record made, in order; one that cannot
    be comes back as a failure. Each stage runs for all the records before the next (the
    texts read, then cleaned, then their facts read): one stage's code and tables stay in
    the processor's caches (a record at a time through every stage took ~7 % more CPU)."""
    items = [_read_one(r) for r in recs]
    for k, item in enumerate(items):
        if isinstance(item, _Staged):
            try:
                item.doc = _resolved(item.doc, options)
            except Exception as exc:
                items[k] = _failed(item.rec.key, exc)
    out: list[Outcome] = []
    for item in items:
        if isinstance(item, Outcome):
            out.append(item)
            continue
        rec = item.rec
        try:
            data = _data_of(item.doc, options)
        except Exception as exc:
            out.append(_failed(rec.key, exc))
            continue
        full = {**rec.extra, "record": rec.key, **data}
        out.append(
            Outcome(rec.key, full, bytes_in=item.size, bytes_out=len(data["cleaned"].encode()))
        )
    return out


def _clean_chunk(chunk: list[Record], options: BatchOptions) -> list[Outcome]:
    c0 = time.process_time()
    out = _clean_many(chunk, options)
    return _stamp(out, c0)


def _encoded_chunk(chunk: list[Record], options: BatchOptions) -> list[Outcome]:
    """As :func:`_clean_chunk`, each record also encoded as its JSONL output line."""
    c0 = time.process_time()
    out = _clean_many(chunk, options)
    for o in out:
        if o.data is not None:
            o.line = _json_line(o.data)
            o.data = {"rules": o.data["rules"]}
    return _stamp(out, c0)


def _json_line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: Any) -> Any:
    """A carried value JSON has no type for (a Parquet input's timestamps, decimals,
    bytes …): dates and times in ISO 8601, bytes as UTF-8 text (invalid bytes as U+FFFD),
    anything else as its ``str``."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def _stamp(out: list[Outcome], c0: float) -> list[Outcome]:
    share = (time.process_time() - c0) / max(1, len(out))
    pid, rss = os.getpid(), _peak_rss()
    for o in out:
        o.worker, o.cpu, o.rss = pid, share, rss
    return out


def _peak_rss() -> int:
    try:
        import resource
    except ImportError:  # (Windows)
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def _init_worker(options: BatchOptions, parent: int) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    with contextlib.suppress(BatchError):  # (the parent checked the options already)
        prepare(options)


def _watch_parent(pid: int, every: float = 0.5) -> None:
    """End this worker when the process that started the run is gone (killed with
    SIGKILL, it cannot tell its pool to stop: the workers would wait for work forever)."""
    while True:
        time.sleep(every)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except OSError:
            pass  # (another user's process of that id: it is still running)


# ------------------------------------------------------------------ reading inputs


def input_kind(path: Path) -> str:
    """ "folder", "jsonl", "csv" or "parquet" for a batch input, else "file"."""
    if path.is_dir():
        return "folder"
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix == ".parquet":
        return "parquet"
    return "file"


def folder_files(root: Path) -> list[Path]:
    """Every posting file under ``root`` (recursive), sorted by relative path; hidden
    files and folders are skipped, symbolic links to folders are not followed."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith(".") and name.lower().endswith(FOLDER_SUFFIXES):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def read_records(
    path: Path, *, field: str = "description", column: str = "description"
) -> Iterator[Record]:
    """The records of a folder, a JSONL file (the text in ``field``) or a CSV or Parquet
    file (the text in ``column``), in a stable order. Raises :class:`BatchError` when the
    input itself cannot be read (a bad line or row is a record with an ``error``)."""
    kind = input_kind(path)
    if kind == "folder":
        for p in folder_files(path):
            yield Record(p.relative_to(path).as_posix(), path=str(p))
    elif kind == "jsonl":
        yield from _jsonl_records(path, field)
    elif kind == "csv":
        yield from _csv_records(path, column)
    elif kind == "parquet":
        yield from _parquet_records(path, column)
    else:
        raise BatchError(f"{path}: not a folder, a .jsonl, a .csv or a .parquet file")


def _open_text(path: Path) -> TextIO:
    try:
        return open(path, encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        raise BatchError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _jsonl_records(path: Path, field: str) -> Iterator[Record]:
    with _open_text(path) as f:
        for n, line in enumerate(f, 1):
            key = f"line {n}"
            if not line.strip():
                continue
            yield Record(key, line=line, field=field)


def _csv_records(path: Path, column: str) -> Iterator[Record]:
    csv.field_size_limit(MAX_BYTES)
    with _open_text(path) as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or column not in reader.fieldnames:
            raise BatchError(f"{path}: no column {column!r} (columns: {reader.fieldnames or []})")
        n = 0
        while True:
            n += 1
            key = f"row {n}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Record(key, error=f"bad CSV ({exc})")
                continue
            extra = {k: v for k, v in row.items() if k != column and isinstance(k, str)}
            text = row.get(column)
            if not isinstance(text, str):
                yield Record(key, error=f"no value in column {column!r}", extra=extra)
                continue
            yield Record(key, text=text, extra=extra)


def _pyarrow() -> Any:
    """pyarrow's ``parquet`` module, or :class:`BatchError` saying how to get it."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise BatchError(
            "Parquet needs pyarrow: pip install 'jobdesk[parquet]' (or pyarrow)"
        ) from None
    return pq


def _parquet_records(path: Path, column: str, batch_rows: int = 1024) -> Iterator[Record]:
    """The rows of a Parquet file, read a batch of rows at a time (memory stays flat); the
    other columns' values as pyarrow gives them (``int``, ``str``, ``datetime`` …)."""
    pq = _pyarrow()
    try:
        table = pq.ParquetFile(path)
        names = table.schema_arrow.names
    except (OSError, ValueError) as exc:  # (pyarrow's ArrowInvalid is a ValueError)
        raise BatchError(f"{path}: not a Parquet file we can read ({exc})") from None
    if column not in names:
        raise BatchError(f"{path}: no column {column!r} (columns: {names})")
    n = 0
    try:
        for chunk in table.iter_batches(batch_size=batch_rows):
            for row in chunk.to_pylist():
                n += 1
                text = row.pop(column)
                if not isinstance(text, str):
                    yield Record(f"row {n}", error=f"no text in column {column!r}", extra=row)
                    continue
                yield Record(f"row {n}", text=text, extra=row)
    except (OSError, ValueError) as exc:
        raise BatchError(f"{path}: row {n + 1} and after cannot be read ({exc})") from None


def parquet_schema(path: Path) -> Any:
    """The Arrow schema of a Parquet input (for :class:`ParquetSink`'s carried columns)."""
    pq = _pyarrow()
    try:
        return pq.ParquetFile(path).schema_arrow
    except (OSError, ValueError) as exc:
        raise BatchError(f"{path}: not a Parquet file we can read ({exc})") from None


# ------------------------------------------------------------------ cleaning, in order


def _pool_map(
    func: Callable[[list[Any], BatchOptions], list[Any]],
    items: Iterable[Any],
    options: BatchOptions,
    jobs: int,
    chunk: int,
) -> Iterator[Any]:
    """``func`` over ``items`` ``chunk`` at a time in ``jobs`` worker processes, results
    in input order, a bounded number of chunks in flight (memory stays flat)."""
    # (forkserver, or spawn where there is none: a worker never inherits the threads or
    # open files of the process that started it; it loads the rule set from the cache)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(options, os.getpid()),
    ) as pool:
        pending: deque[Future[list[Any]]] = deque()
        todo: list[Any] = []
        for item in items:
            todo.append(item)
            if len(todo) >= chunk:
                pending.append(pool.submit(func, todo, options))
                todo = []
                while len(pending) >= 4 * jobs:
                    yield from pending.popleft().result()
        if todo:
            pending.append(pool.submit(func, todo, options))
        while pending:
            yield from pending.popleft().result()


def clean_records(
    records: Iterable[Record],
    options: BatchOptions = BatchOptions(),
    *,
    jobs: int = 1,
    chunk: int = 16,
    encode: bool = False,
) -> Iterator[Outcome]:
    """Clean ``records`` and yield an :class:`Outcome` for each, in input order, in this
    process (``jobs=1``) or in ``jobs`` worker processes fed ``chunk`` records at a time.
    ``encode``: each outcome's output record as a JSONL ``line`` (made by the worker)."""
    prepare(options)  # the options' errors here, once
    func = _encoded_chunk if encode else _clean_chunk
    if jobs <= 1:  # (``chunk`` at a time too: each stage for the chunk, see _clean_many)
        todo: list[Record] = []
        for rec in records:
            todo.append(rec)
            if len(todo) >= chunk:
                yield from func(todo, options)
                todo = []
        if todo:
            yield from func(todo, options)
        return
    yield from _pool_map(func, records, options, jobs, chunk)


# ------------------------------------------------------------------ the library, re-cleaned


@dataclass
class Recleaned:
    """One saved posting cleaned again with today's rules (nothing written yet)."""

    posting: Posting
    reclean: Reclean | None = None
    error: str | None = None

    @property
    def text_changed(self) -> bool:
        return self.reclean is not None and self.reclean.cleaned != self.posting.cleaned

    def changes(self) -> dict[str, Any] | None:
        """The library update to make (the user's own fact edits kept), or None when the
        posting already is what today's rules give."""
        from jobdesk.factview import FACTS, apply_fact_edits, fact_view
        from jobdesk.session import reclean_changes

        if self.reclean is None:
            return None
        new = reclean_changes(self.reclean)[0]
        edits = {
            key: view.text
            for key, _label in FACTS
            if (view := fact_view(key, self.posting.fields, {})).source == "edited"
        }
        if edits:
            new["fields"] = apply_fact_edits(new["fields"], edits)
        p = self.posting
        same = (
            new["cleaned"] == p.cleaned
            and list(new["rules"]) == list(p.rules)
            and json.loads(json.dumps(new["fields"], default=str)) == p.fields
            and not p.hand_edited
        )
        return None if same else new


def _reclean_chunk(postings: list[Posting], options: BatchOptions) -> list[Recleaned]:
    from jobdesk.session import prepare_reclean

    cleaner = prepare(options)
    overrides = _STATE[options][1]
    exemptions = _exemptions_of(options)
    out: list[Recleaned] = []
    for p in postings:
        try:
            out.append(Recleaned(p, prepare_reclean(p, cleaner, overrides, exemptions)))
        except Exception as exc:  # one posting never stops the run
            out.append(Recleaned(p, error=f"{type(exc).__name__}: {exc}"))
    return out


def reclean_postings(
    postings: Iterable[Posting],
    options: BatchOptions = BatchOptions(),
    *,
    jobs: int = 1,
    chunk: int = 8,
) -> Iterator[Recleaned]:
    """Each saved posting cleaned again with today's rules (``options``' enable and
    disable applied; each posting with the site it was saved with), in order."""
    prepare(options)
    if jobs <= 1:
        for p in postings:
            yield from _reclean_chunk([p], options)
        return
    yield from _pool_map(_reclean_chunk, postings, options, jobs, chunk)


# ------------------------------------------------------------------ writing outputs


class JsonlSink:
    """Output records as JSON lines in ``path``. Each write is whole lines in one
    ``os.write`` (short writes continued); on resume a torn last line is cut off and the
    keys already written are returned by :meth:`done`."""

    def __init__(self, path: Path, *, resume: bool = False, stream: TextIO | None = None) -> None:
        self.path = path
        self._stream = stream
        self._fd: int | None = None
        self._done: set[str] = set()
        if stream is not None:
            return
        if resume and path.exists():
            self._done = self._recover()
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        else:
            self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)

    def _recover(self) -> set[str]:
        data = path_bytes(self.path)
        end = data.rfind(b"\n") + 1  # whole lines only: a torn tail is dropped
        if end < len(data):
            os.truncate(self.path, end)
        done: set[str] = set()
        for line in data[:end].splitlines():
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("record"), str):
                done.add(obj["record"])
        return done

    def done(self) -> set[str]:
        return self._done

    def write(self, outcomes: Sequence[Outcome]) -> None:
        lines = [
            o.line if o.line is not None else _json_line(o.data)
            for o in outcomes
            if o.data is not None
        ]
        if not lines:
            return
        if self._stream is not None:
            self._stream.write("".join(lines))
            self._stream.flush()
            return
        assert self._fd is not None
        buf = memoryview("".join(lines).encode("utf-8", "surrogatepass"))
        while buf:
            n = os.write(self._fd, buf)
            buf = buf[n:]

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def path_bytes(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


class TreeSink:
    """Cleaned texts as files under ``root``, mirroring the input's tree: ``a/b.txt`` for
    ``a/b.txt``, ``a/b.html.txt`` for ``a/b.html``; a table's records as ``line-7.txt`` /
    ``row-7.txt``. Each file is written beside its place and renamed into it."""

    def __init__(self, root: Path, *, resume: bool = False) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._done: set[str] = set()
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                p = Path(dirpath) / name
                if name.startswith(".jobdesk-tmp-"):
                    p.unlink(missing_ok=True)  # a write cut short
                elif resume:
                    self._done.add(p.relative_to(root).as_posix())

    @staticmethod
    def name_of(key: str) -> str:
        if key.startswith(("line ", "row ")):
            return key.replace(" ", "-") + ".txt"
        return key if key.lower().endswith(".txt") else key + ".txt"

    def is_done(self, key: str) -> bool:
        return self.name_of(key) in self._done

    def write(self, outcomes: Sequence[Outcome]) -> None:
        for o in outcomes:
            if o.data is None:
                continue
            target = self.root / self.name_of(o.key)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".jobdesk-tmp-{target.name}")
            text = o.data["cleaned"]
            tmp.write_text(text if text.endswith("\n") or not text else text + "\n", "utf-8")
            os.replace(tmp, target)

    def close(self) -> None:
        pass


class ParquetSink:
    """Output records as rows of a Parquet file: the fields of a JSONL record, ``facts``
    and ``rules`` as JSON text (a fact's value is a text, a list or a number: no one
    Arrow type holds it). The other fields keep their Arrow types when the input is a
    Parquet file (``carried``: its schema); from a JSONL or CSV input they are text (a
    JSON value that is not a text as JSON), and they are the first record's fields: a
    later record with a field the first lacked is reported as failed, never cut short.

    Rows are written ``rows`` at a time, to a file beside ``path`` renamed into place by
    :meth:`close`. A Parquet file cannot be appended to: no resume."""

    def __init__(self, path: Path, *, carried: Any = None, rows: int = 2048) -> None:
        self._pq = _pyarrow()
        import pyarrow as pa

        self._pa = pa
        self.path = path
        self._tmp = path.with_name(f".jobdesk-tmp-{path.name}")
        self._carried = carried
        self._rows = rows
        self._schema: Any = None
        self._writer: Any = None
        self._buffer: list[dict[str, Any]] = []
        #: records written as failures instead (their key, why): see :func:`run`
        self.refused: list[tuple[str, str]] = []

    def done(self) -> set[str]:
        return set()

    def _schema_for(self, first: dict[str, Any]) -> Any:
        pa = self._pa
        ours = [pa.field(name, pa.string()) for name in OUR_FIELDS]
        if self._carried is not None:
            carried = [f for f in self._carried if f.name not in OUR_FIELDS]
        else:
            carried = [pa.field(k, pa.string()) for k in first if k not in OUR_FIELDS]
        return pa.schema([*carried, *ours])

    def _row(self, data: dict[str, Any]) -> dict[str, Any]:
        row = dict(data)
        row["facts"] = json.dumps(data["facts"], ensure_ascii=False) if "facts" in data else None
        row["rules"] = json.dumps(data["rules"], ensure_ascii=False)
        if self._carried is None:
            for k, v in data.items():
                if k not in OUR_FIELDS and v is not None and not isinstance(v, str):
                    row[k] = json.dumps(v, ensure_ascii=False, default=_json_default)
        return row

    def write(self, outcomes: Sequence[Outcome]) -> None:
        for o in outcomes:
            if o.data is None:
                continue
            if self._schema is None:
                self._schema = self._schema_for(o.data)
            names = set(self._schema.names)
            extra = [k for k in o.data if k not in names]
            if extra:
                self.refused.append((o.key, f"field {extra[0]!r} is not a column of the output"))
                continue
            self._buffer.append(self._row(o.data))
            if len(self._buffer) >= self._rows:
                self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        table = self._pa.Table.from_pylist(self._buffer, schema=self._schema)
        if self._writer is None:
            self._writer = self._pq.ParquetWriter(self._tmp, self._schema)
        self._writer.write_table(table)
        self._buffer = []

    def close(self) -> None:
        if self._schema is None:  # nothing cleaned: a table of our fields, no rows
            self._schema = self._schema_for({})
        self._flush()
        if self._writer is None:
            self._writer = self._pq.ParquetWriter(self._tmp, self._schema)
        self._writer.close()
        os.replace(self._tmp, self.path)


# ------------------------------------------------------------------ a whole run


@dataclass
class Summary:
    postings: int = 0  # cleaned
    skipped: int = 0  # already in the output (resume)
    bytes_in: int = 0
    bytes_out: int = 0
    removals: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # spent cleaning, in every process
    workers: dict[int, int] = field(default_factory=dict)  # pid → peak resident bytes

    def lines(self, top: int = 10, max_failures: int = 20) -> list[str]:
        rate = self.postings / self.seconds if self.seconds > 0 else 0.0
        out = [
            f"{self.postings} postings cleaned, {len(self.failures)} failed"
            + (f", {self.skipped} already done" if self.skipped else "")
            + f"; {_size(self.bytes_in)} in, {_size(self.bytes_out)} out;"
            f" {self.seconds:.1f} s ({rate:.0f} postings/s)"
        ]
        if self.cpu_seconds > 0 and self.workers:
            peak = max(self.workers.values()) / 1e6
            out.append(
                f"CPU: {self.cpu_seconds:.1f} s cleaning"
                f" ({self.postings / self.cpu_seconds:.0f} postings per CPU-second)"
                f" in {len(self.workers)} processes, at most {peak:.0f} MB each"
            )
        if self.removals:
            total = sum(self.removals.values())
            out.append(f"removals: {total} by {len(self.removals)} rules; the most:")
            for rid, n in self.removals.most_common(top):
                out.append(f"  {n:8d}  {rid}")
        for key, reason in self.failures[:max_failures]:
            out.append(f"failed: {key}: {reason}")
        if len(self.failures) > max_failures:
            out.append(f"failed: … and {len(self.failures) - max_failures} more")
        return out


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n = n / 1000  # type: ignore[assignment]
    return f"{n} B"  # pragma: no cover


def run(
    records: Iterable[Record],
    sink: JsonlSink | TreeSink | ParquetSink,
    options: BatchOptions = BatchOptions(),
    *,
    jobs: int = 1,
    resume: bool = False,
    progress: Callable[[Summary], None] | None = None,
    progress_every: float = 0.2,
) -> Summary:
    """Clean ``records`` into ``sink`` (skipping those it already holds when
    ``resume``) and return what happened. ``progress`` is called with the summary so
    far after the first outcome and then at most every ``progress_every`` seconds."""
    summary = Summary()
    t0 = time.perf_counter()
    if resume and isinstance(sink, ParquetSink):
        raise BatchError("a Parquet output cannot be resumed (write .jsonl to resume)")
    if resume:
        if isinstance(sink, TreeSink):
            is_done: Callable[[str], bool] = sink.is_done
        else:
            done = sink.done()
            is_done = done.__contains__

        def todo() -> Iterator[Record]:
            for rec in records:
                if is_done(rec.key):
                    summary.skipped += 1
                else:
                    yield rec

        source: Iterable[Record] = todo()
    else:
        source = records
    pending: list[Outcome] = []
    last = -progress_every  # (the first outcome is shown at once)
    try:
        encode = isinstance(sink, JsonlSink)
        for o in clean_records(source, options, jobs=jobs, encode=encode):
            if o.data is None:
                summary.failures.append((o.key, o.error or "failed"))
            else:
                summary.postings += 1
                summary.bytes_in += o.bytes_in
                summary.bytes_out += o.bytes_out
                summary.removals.update(o.data["rules"])
            summary.cpu_seconds += o.cpu
            summary.workers[o.worker] = max(o.rss, summary.workers.get(o.worker, 0))
            pending.append(o)
            if len(pending) >= 64:
                sink.write(pending)
                pending = []
            if progress is not None and time.monotonic() - last >= progress_every:
                last = time.monotonic()
                summary.seconds = time.perf_counter() - t0
                progress(summary)
        sink.write(pending)
    finally:
        sink.close()
    if isinstance(sink, ParquetSink) and sink.refused:
        refused = dict(sink.refused)
        summary.postings -= len(refused)
        summary.failures = sorted(
            [*summary.failures, *refused.items()], key=lambda kv: _key_order(kv[0])
        )
    summary.seconds = time.perf_counter() - t0
    return summary


def _key_order(key: str) -> tuple[int, str]:
    """ "row 12" → (12, ""): failures listed in the input's order."""
    head, _, tail = key.partition(" ")
    return (int(tail), "") if head in ("row", "line") and tail.isdigit() else (0, key)


def stderr_progress(summary: Summary) -> None:
    rate = summary.postings / summary.seconds if summary.seconds > 0 else 0.0
    sys.stderr.write(
        f"\r{summary.postings + len(summary.failures)} postings"
        f" ({len(summary.failures)} failed), {rate:.0f}/s "
    )
    sys.stderr.flush()


# ------------------------------------------------------------------ Dask and pandas


def _cleaned_in_chunks(
    recs: Sequence[Record], options: BatchOptions, chunk: int = 16
) -> list[Outcome]:
    """:func:`_clean_many` of ``recs``, ``chunk`` records at a time."""
    out: list[Outcome] = []
    for i in range(0, len(recs), chunk):
        out += _clean_many(recs[i : i + chunk], options)
    return out


def _bag_partition(items: Iterable[Any], field: str, options: BatchOptions) -> list[Any]:
    out: list[Any] = []
    todo: list[tuple[int, dict[str, Any] | None]] = []  # (place in out, the dict's fields)
    recs: list[Record] = []
    for item in items:
        if isinstance(item, str):
            todo.append((len(out), None))
            recs.append(Record("", text=item))
            out.append(None)
            continue
        if not isinstance(item, dict):
            out.append({"error": f"not a text or a dict but {type(item).__name__}"})
            continue
        extra = dict(item)
        text = extra.pop(field, None)
        if not isinstance(text, str):
            out.append({**extra, "error": f"no text in field {field!r}"})
            continue
        todo.append((len(out), extra))
        recs.append(Record("", text=text, extra=extra))
        out.append(None)
    for (at, given), o in zip(todo, _cleaned_in_chunks(recs, options), strict=True):
        if o.data is not None:
            out[at] = {k: v for k, v in o.data.items() if k != "record"}
        elif given is None:
            out[at] = {"error": o.error}
        else:
            out[at] = {**given, "error": o.error}
    return out


def clean_bag(
    bag: Any, *, field: str = "description", options: BatchOptions = BatchOptions()
) -> Any:
    """A ``dask.bag`` of postings (texts, or dicts with the text in ``field``) → a bag of
    output records (dicts with ``cleaned``, ``site``, ``facts``, ``rules`` and the other
    fields; ``error`` instead for a posting that could not be cleaned), in order."""
    return bag.map_partitions(_bag_partition, field, options)


def clean_pandas(
    df: Any, column: str = "description", options: BatchOptions = BatchOptions()
) -> Any:
    """A pandas frame with the texts in ``column`` → the same frame with ``cleaned``,
    ``site``, ``facts`` and ``rules`` columns (the last two as JSON text; an ``error``
    column says why a row was not cleaned, and its ``cleaned`` is None)."""
    cleaned: list[str | None] = []
    sites: list[str | None] = []
    facts: list[str | None] = []
    rules: list[str | None] = []
    errors: list[str | None] = []
    texts = df[column].tolist()
    done = iter(
        _cleaned_in_chunks([Record("", text=t) for t in texts if isinstance(t, str)], options)
    )
    for text in texts:
        if not isinstance(text, str):
            o = Outcome("", error=f"no text in column {column!r}")
        else:
            o = next(done)
        d = o.data
        cleaned.append(None if d is None else d["cleaned"])
        sites.append(None if d is None else d["site"])
        facts.append(None if d is None else json.dumps(d.get("facts"), ensure_ascii=False))
        rules.append(None if d is None else json.dumps(d["rules"]))
        errors.append(o.error)
    out = df.copy()
    out["cleaned"] = cleaned
    out["site"] = sites
    out["facts"] = facts
    out["rules"] = rules
    out["error"] = errors
    return out


def clean_dataframe(
    ddf: Any, *, column: str = "description", options: BatchOptions = BatchOptions()
) -> Any:
    """A ``dask.dataframe`` → the same with ``cleaned``, ``site``, ``facts``, ``rules``
    and ``error`` columns, each partition cleaned by :func:`clean_pandas`."""
    meta = clean_pandas(ddf._meta, column, options)
    return ddf.map_partitions(clean_pandas, column, options, meta=meta)
