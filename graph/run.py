"""One build: inputs -> NLP records -> graph -> every output file in ``out``.

Documents stream from the readers; each one's records come from the NLP cache
under ``out/.cache`` when its text was processed before with the same NLP
settings (``graph.cache``), else from the engine (``graph.engines``: this
process, local worker processes, or a Dask cluster), in batches, in input
order. The graph counts the records as they come; they are spooled to a
temporary file in ``out`` and read back once to write ``mentions.jsonl`` and
``relations.jsonl`` with final node ids: nothing holds the corpus in memory.
The model is loaded only when some document is not in the cache.
"""
from __future__ import annotations

import gc
import json
import logging
import os
import pickle
import signal
import sys
import tempfile
import time
from collections import deque
from itertools import islice
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx
import orjson

from pipelines.readers import check_inputs, read_inputs
from pipelines.records import DocResult, Document, Skipped

from .api import in_period
from .build import DEFAULT_TYPES, GraphBuilder, clipped
from .cache import CACHE_DIR, DIGESTS, NLPCache, NLPSettings, decode_records, encode_records, text_key
from .engines import FAILED, make_engine
from .resolve import Resolver, read_alias_file
from .readwrite import atomic_write, write_graphml, write_json

__all__ = ["BuildOptions", "Report", "run_build", "check_out_dir", "OutputError", "OUTPUT_FILES"]

logger = logging.getLogger(__name__)

OUTPUT_FILES = ("graph.html", "graph.json", "graph.graphml", "mentions.jsonl", "relations.jsonl", "report.json")


class OutputError(Exception):
    """``--out`` cannot be created or written."""


MAX_CHARS = 20_000  # = pipelines.extract.MAX_CHARS, without importing spaCy here
TASK_CHARS = 100_000  # a task (one batch for a worker) ends at batch_size documents or this many chars
MAX_WAITING = 10_000  # documents held in order behind one that is still being processed


@dataclass
class BuildOptions:
    model: str | None = None
    types: tuple[str, ...] = DEFAULT_TYPES
    min_mentions: int = 1
    max_evidence: int = 5
    batch_size: int = 32
    lang: str = "zh"
    max_nodes: int = 300
    title: str | None = None
    aliases: str | None = None  # a user alias file (CSV alias,canonical)
    since: str | None = None  # keep documents dated in [since, until]
    until: str | None = None
    processes: int | None = None  # worker processes (None: all cores; 1: this process)
    cache: bool = True  # reuse and store per-document NLP records under out/.cache
    engine: str = "local"  # "local" or "dask"
    scheduler: str | None = None  # a Dask scheduler address (engine "dask"); None: a LocalCluster
    max_chars: int = MAX_CHARS  # longest piece of a document given to the pipeline at once


MAX_SKIP_WARNINGS = 10  # skipped inputs logged one by one; the others are only in report.json


@dataclass
class FileReport:
    """What became of one input file (or folder, or standard input) in a run.

    JSONL lines and CSV rows are accounted for one by one: ``processed`` holds
    ranges ``[first, last]`` of line (row) numbers in which every non-blank
    line was a document, ``skipped_lines`` each line that was not, with its
    reason. Numbers in neither are blank lines.
    """

    documents: int = 0
    skipped: int = 0  # skipped records: the file itself, or its lines or rows
    reason: str | None = None  # why the file itself (or the rest of it) was not read
    encodings: dict[str, int] = field(default_factory=dict)  # encoding -> documents and skips in it
    processed: list[list[int]] = field(default_factory=list)
    skipped_lines: list[tuple[int, str]] = field(default_factory=list)
    _last_is_processed: bool = field(default=False, repr=False)  # the last line accounted for was processed

    def document(self, document: Document) -> None:
        self.documents += 1
        self.encodings[document.encoding] = self.encodings.get(document.encoding, 0) + 1
        n = document.line
        if n is None:
            return
        if self._last_is_processed and n > self.processed[-1][1]:  # (a file given twice starts again)
            self.processed[-1][1] = n
        else:
            self.processed.append([n, n])
        self._last_is_processed = True

    def skip(self, item: Skipped) -> None:
        self.skipped += 1
        if item.encoding:
            self.encodings[item.encoding] = self.encodings.get(item.encoding, 0) + 1
        if item.line is None:
            self.reason = self.reason or item.reason
        else:
            self.skipped_lines.append((item.line, item.reason))
            self._last_is_processed = False

    @property
    def status(self) -> str:
        return "processed" if self.documents else "skipped"

    def to_dict(self, name: str) -> dict:
        entry: dict = {"status": self.status}
        reason = self.reason
        if reason is None and not self.documents and self.skipped_lines:
            reason = f"every {self._unit(name)} skipped"
        if reason:
            entry["reason"] = reason
        if self.encodings:
            entry["encoding"] = max(self.encodings, key=self.encodings.get)  # the first of the most frequent
            if len(self.encodings) > 1:  # JSONL lines may each be in their own
                entry["encodings"] = dict(sorted(self.encodings.items(), key=lambda item: -item[1]))
        entry["documents"] = self.documents
        entry["skipped"] = self.skipped
        if self.processed or self.skipped_lines:
            unit = self._unit(name)
            entry[f"{unit}s"] = {
                "processed": self.processed,
                "skipped": [{unit: n, "reason": why} for n, why in self.skipped_lines],
            }
        return entry

    @staticmethod
    def _unit(name: str) -> str:
        return "row" if name.lower().endswith(".csv") else "line"


@dataclass
class Report:
    """What a run read, skipped and wrote (``report.json``)."""

    model: str = ""
    documents: int = 0
    chars: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    files: dict[str, FileReport] = field(default_factory=dict)
    nodes: int = 0
    edges: int = 0
    mentions: int = 0
    relations: int = 0
    seconds: float = 0.0
    dropped: dict[str, int] = field(default_factory=dict)
    processed: int = 0  # documents the NLP ran on in this run
    failed: list[dict] = field(default_factory=list)  # documents the pipeline failed on: source, reason
    cache: dict = field(default_factory=dict)  # enabled, hits, misses, damaged, written
    engine: dict = field(default_factory=dict)  # name, processes, tasks, workers
    workers: dict[str, int] = field(default_factory=dict)  # worker id -> tasks (not in report.json)

    def add(self, item: Document | Skipped) -> None:
        """Account for one document read, or one input skipped."""
        if isinstance(item, Skipped):
            self.skipped.append(item)
            self._file(item.file or item.source).skip(item)
        else:
            self.documents += 1
            self.chars += len(item.text)
            self._file(item.source or item.doc_id).document(item)

    def nlp_failed(self, document: Document, reason: str) -> None:
        """The pipeline failed on ``document``: it stays on the report, without entities."""
        file = document.source or document.doc_id
        where = file if document.line is None else f"{file}:{document.line}"
        self.failed.append({"source": where, "doc_id": document.doc_id, "reason": reason})
        if len(self.failed) <= MAX_SKIP_WARNINGS:
            logger.warning("%s: the pipeline failed on this document (%s); its entities are missing", where, reason)

    def _file(self, name: str) -> FileReport:
        entry = self.files.get(name)
        if entry is None:
            entry = self.files[name] = FileReport()
        return entry

    def skipped_counts(self) -> dict[str, int]:
        """Skipped files, lines (JSONL) and rows (CSV)."""
        counts = {"files": sum(f.status == "skipped" for f in self.files.values()), "lines": 0, "rows": 0}
        for name, entry in self.files.items():
            counts[f"{FileReport._unit(name)}s"] += len(entry.skipped_lines)
        return counts

    def to_dict(self) -> dict:
        counts = self.skipped_counts()
        return {
            "model": self.model,
            "totals": {
                "documents": self.documents,
                "skipped": len(self.skipped),
                "files": len(self.files),
                "files_processed": len(self.files) - counts["files"],
                "files_skipped": counts["files"],
                "lines_skipped": counts["lines"],
                "rows_skipped": counts["rows"],
                "chars": self.chars,
                "nodes": self.nodes,
                "edges": self.edges,
                "mentions": self.mentions,
                "relations": self.relations,
            },
            "nlp": {"processed": self.processed, "failed": self.failed, "cache": self.cache, "engine": self.engine},
            "dropped_mentions": self.dropped,
            "files": {name: entry.to_dict(name) for name, entry in self.files.items()},
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
        }

    def write(self, path: Path) -> None:
        """Write ``report.json`` (atomically): one line for each short list or object."""
        with atomic_write(path) as f:
            f.writelines(_compact_json(self.to_dict()))
            f.write("\n")

    def summary(self, out: Path) -> str:
        """One line: what was read, found and skipped, and where the report is."""
        cached = self.documents - self.processed
        from_cache = f" ({cached} from the cache)" if cached and self.cache.get("enabled") else ""
        counts = self.skipped_counts()
        read = len(self.files) - counts["files"]
        files = f"{read} of {_count(len(self.files), 'file')}" if counts["files"] else _count(read, "file")
        text = (
            f"{_count(self.documents, 'document')}{from_cache} from {files}, "
            f"{_count(self.nodes, 'entity', 'entities')}, {_count(self.edges, 'edge')} -> {out}/graph.html"
        )
        skipped = [_count(counts[k], k[:-1]) for k in ("files", "lines", "rows") if counts[k]]
        if skipped:
            text += f"; skipped {', '.join(skipped)}, see {out}/report.json"
        if self.failed:
            text += f"; the pipeline failed on {_count(len(self.failed), 'document')}, see {out}/report.json"
        return text

    def nothing_read(self, inputs: list[str], out: Path) -> str:
        """One line for a run that found no document to process."""
        if not self.files:
            return f"no .txt, .md, .jsonl or .csv file in {', '.join(map(str, inputs))}"
        n = len(self.skipped)
        which = f"{_count(n, 'input')} skipped" + ("" if n == 1 else ", the first")
        return f"no document could be read ({which}: {self.skipped[0]}); see {out}/report.json"


def _compact_json(value, indent: str = "", width: int = 100, parts: list[str] | None = None) -> list[str]:
    """JSON text of ``value`` (in parts), indented by one space a level, with every list or
    object that fits in ``width`` characters on one line (a range ``[1, 99]``, a skipped line)."""
    parts = [] if parts is None else parts
    if not isinstance(value, (dict, list)) or _room(value, width - len(indent)) >= 0:
        parts.append(json.dumps(value, ensure_ascii=False))
        return parts
    inner = ",\n" + indent + " "
    is_dict = isinstance(value, dict)
    parts.append("{" if is_dict else "[")
    for i, (key, item) in enumerate(value.items() if is_dict else ((None, item) for item in value)):
        parts.append(inner[1:] if i == 0 else inner)
        if is_dict:
            parts.append(json.dumps(key, ensure_ascii=False) + ": ")
        _compact_json(item, indent + " ", width, parts)
    parts.append("\n" + indent + ("}" if is_dict else "]"))
    return parts


def _room(value, budget: int) -> int:
    """About ``budget`` less the length of ``value`` as JSON (escapes not counted); negative,
    found early, when it is longer."""
    if isinstance(value, str):
        return budget - len(value) - 2
    if isinstance(value, dict):
        value = [item for pair in value.items() for item in pair]
    elif not isinstance(value, list):
        return budget - len(str(value))
    budget -= 2
    for item in value:
        if budget < 0:
            break
        budget = _room(item, budget - 2)
    return budget


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def check_out_dir(out: str | Path) -> Path:
    """Create ``out`` if needed and make sure files can be written there."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as err:
        raise OutputError(f"cannot write to output directory {out}: {err.strerror or err}") from None
    return out


def _track(items: Iterable[Document | Skipped], report: Report, options: BuildOptions, progress=None) -> Iterator[Document]:
    on_skip = getattr(progress, "skipped", None)
    for item in items:
        if isinstance(item, Document) and not in_period(item.date, options.since, options.until):
            item = _out_of_period(item)
        report.add(item)
        if isinstance(item, Skipped):
            if len(report.skipped) <= MAX_SKIP_WARNINGS:
                logger.warning("skipped %s", item)
            elif len(report.skipped) == MAX_SKIP_WARNINGS + 1:
                logger.warning("more inputs skipped; every one is listed in report.json")
            if on_skip:
                on_skip(item)
            continue
        yield item


def _out_of_period(document: Document) -> Skipped:
    reason = f"dated {document.date}, outside --since/--until" if document.date else "no date in --since/--until"
    file = document.source or document.doc_id
    where = file if document.line is None else f"{file}:{document.line}"
    return Skipped(where, reason, file=file, line=document.line, encoding=document.encoding)


def nlp_settings(options: BuildOptions, out: Path | None = None) -> NLPSettings:
    """The NLP settings of a build: its model (a path made absolute, for workers elsewhere),
    types and piece length. With ``out`` and the cache on, the pipeline's digest is kept in
    ``out/.cache`` and reused while its files are unchanged.

    Raises
    ------
    pipelines.pipeline.ModelNotFound
        The model is not installed.
    """
    model = options.model
    if model is not None and os.path.exists(model):
        model = os.path.abspath(model)
    memo = out / CACHE_DIR / DIGESTS if out is not None and options.cache else None
    return NLPSettings.compute(model, tuple(options.types), options.max_chars, memo=memo)


FULL_COLLECTION_EVERY = 100  # young collections between two full ones during a build (Python's default: 10)


@contextmanager
def _fewer_full_collections():
    """Python's full garbage collections ten times rarer in the block. A build keeps every entity, link and
    node it makes until the end, and each full collection scans them all again: a fifth of a warm run at
    Python's default. Cycles are still collected, young ones as soon as before, so memory stays bounded."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], FULL_COLLECTION_EVERY))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@_fewer_full_collections()
def run_build(
    inputs: list[str],
    out: str | Path,
    options: BuildOptions | None = None,
    *,
    stdin=None,
    progress: Callable[[DocResult], None] | None = None,
) -> tuple[nx.MultiDiGraph, Report]:
    """Build the graph of ``inputs`` and write every output into ``out``.

    Documents whose records are in ``out``'s NLP cache are not processed
    again; the model is loaded only if some document is not.

    Parameters
    ----------
    inputs : list of str
        Files, folders, ``-`` for ``stdin``.
    out : path
        The output directory (created if needed).
    options : BuildOptions, optional
    stdin : binary stream, optional
        What ``-`` reads.
    progress : callable, optional
        Called with each document's ``DocResult``, in input order; its
        ``skipped(item)`` method, if any, with each input skipped.

    Raises
    ------
    pipelines.readers.InputError
        A missing input path (checked before any work).
    OutputError
        ``out`` cannot be written.
    pipelines.pipeline.ModelNotFound
        The model is not installed.
    graph.resolve.AliasFileError
        The alias file cannot be read.
    graph.engines.EngineError
        The engine cannot start (``--engine dask`` without Dask, an unreachable
        scheduler) or its workers run another pipeline.
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    check_inputs(inputs)
    resolver = Resolver(*read_alias_file(options.aliases)) if options.aliases else Resolver()
    out = check_out_dir(out)
    settings = nlp_settings(options, out)
    engine = make_engine(
        options.engine, settings, batch_size=options.batch_size, processes=options.processes, scheduler=options.scheduler
    )
    cache = NLPCache(out, settings) if options.cache else None
    report = Report(model=settings.label)
    builder = GraphBuilder(
        types=options.types, min_mentions=options.min_mentions, max_evidence=options.max_evidence, resolver=resolver
    )
    documents = _track(read_inputs(inputs, stdin=stdin), report, options, progress)
    fd, spool_path = tempfile.mkstemp(dir=out, prefix=".records.", suffix=".jsonl")
    try:
        with engine, os.fdopen(fd, "w", encoding="utf-8", newline="\n") as spool:
            for result, payload in _results(documents, cache, engine, options.batch_size, report):
                keys = builder.add(result)
                spool.write(_encode(result.document.doc_id) + "\t" + _encode([[*span, key] for span, key in keys.items()])
                            + "\t" + payload + "\n")
                if progress:
                    progress(result)
            report.workers = dict(engine.workers)
        if cache is not None:
            cache.close()
        # the records in a forked process (from the node ids, known before the graph is made) while this
        # one makes the graph; then GraphML in another while this one writes graph.json and the page
        parallel = engine.processes > 1
        builder.node_ids()
        with _in_parallel(lambda: _write_records(spool_path, out, builder), enabled=parallel) as records:
            G = builder.graph()
            with _in_parallel(lambda: write_graphml(G, out / "graph.graphml"), enabled=parallel):
                write_json(G, out / "graph.json")
                _write_html(G, out, options)
        report.mentions, report.relations = records.result
    finally:
        if cache is not None:
            cache.close()
        os.unlink(spool_path)
    report.nodes, report.edges = G.number_of_nodes(), G.number_of_edges()
    report.dropped = builder.dropped()
    report.engine = {
        "name": engine.name,
        "processes": engine.processes,
        "tasks": sum(report.workers.values()),
        "workers": len(report.workers),
    }
    report.cache = {"enabled": cache is not None}
    if cache is not None:
        report.cache.update(hits=cache.hits, misses=cache.misses, damaged=cache.corrupt, written=cache.written)
    report.seconds = round(time.perf_counter() - started, 3)
    report.write(out / "report.json")
    return G, report


class _Slot:
    """One document on its way through, in input order."""

    __slots__ = ("document", "key", "result", "payload", "task")

    def __init__(self, document: Document, key: str | None):
        self.document, self.key = document, key
        self.result: DocResult | None = None
        self.payload: str | None = None
        self.task = None  # _PENDING while in the batch being formed, then the engine's task


_PENDING = object()
_NO_RECORDS = encode_records([], [])


def _decoded(document: Document, payload: str) -> DocResult:
    mentions, relations = decode_records(payload, document.doc_id)
    return DocResult(document, mentions, relations)


LOOKUP_BATCH = 64  # documents looked up in the cache in one query


def _looked_up(
    documents: Iterable[Document], cache: NLPCache | None
) -> Iterator[tuple[Document, str | None, str | None]]:
    """``(document, cache key, payload or None)`` of each document, in input order; the cache is
    asked for ``LOOKUP_BATCH`` documents at a time."""
    if cache is None:
        for document in documents:
            yield document, None, None
        return
    documents = iter(documents)
    while chunk := list(islice(documents, LOOKUP_BATCH)):
        keys = [text_key(d.text) for d in chunk]
        yield from zip(chunk, keys, cache.get_many(keys))


def _results(
    documents: Iterable[Document], cache: NLPCache | None, engine, batch_size: int, report: Report
) -> Iterator[tuple[DocResult, str]]:
    """``(DocResult, encoded records)`` of each document, in input order: from the cache
    where it has them, else from ``engine``, whose tasks run while later documents are read.

    At most ``engine.capacity`` tasks are in flight and ``MAX_WAITING`` documents
    wait behind the oldest unfinished one, so memory stays flat whatever the corpus size.
    """
    queue: deque[_Slot] = deque()  # documents read, not yet given out
    batch: list[_Slot] = []  # documents to process, not yet sent
    batch_chars = 0
    in_flight: deque = deque()  # (task, slots), oldest first

    def send():
        nonlocal batch, batch_chars
        if batch:
            task = engine.submit([slot.document.text for slot in batch])
            for slot in batch:
                slot.task = task
            in_flight.append((task, batch))
            batch, batch_chars = [], 0

    def collect():
        # the oldest task in flight, which is always the task of the oldest document waiting
        task, slots = in_flight.popleft()
        for slot, payload in zip(slots, task.result(), strict=True):
            report.processed += 1
            slot.task = None
            if payload.startswith(FAILED):
                report.nlp_failed(slot.document, payload[len(FAILED):])
                slot.result, slot.payload = DocResult(slot.document), _NO_RECORDS
                continue
            slot.result, slot.payload = _decoded(slot.document, payload), payload
            if cache is not None:
                cache.put(slot.key, payload)

    def wait_for_head():
        if queue[0].task is _PENDING:
            send()
        collect()

    def given_out(block: bool):
        while queue:
            head = queue[0]
            if head.result is None:
                if not block and (head.task is _PENDING or not head.task.done()):
                    return
                wait_for_head()
                continue
            queue.popleft()
            yield head.result, head.payload

    for document, key, payload in _looked_up(documents, cache):
        slot = _Slot(document, key)
        if payload is not None:
            try:
                slot.result, slot.payload = _decoded(document, payload), payload
            except ValueError:
                cache.discard(slot.key)
        queue.append(slot)
        if slot.result is None:
            slot.task = _PENDING
            batch.append(slot)
            batch_chars += len(document.text)
            if len(batch) >= batch_size or batch_chars >= TASK_CHARS:
                send()
        yield from given_out(block=False)
        while queue and (len(in_flight) > engine.capacity or len(queue) > MAX_WAITING):
            wait_for_head()
            yield from given_out(block=False)
    send()
    yield from given_out(block=True)


def write_outputs(G: nx.MultiDiGraph, out: Path, options: BuildOptions) -> None:
    """``graph.json``, ``graph.graphml`` and ``graph.html``."""
    write_json(G, out / "graph.json")
    write_graphml(G, out / "graph.graphml")
    _write_html(G, out, options)


def _write_html(G: nx.MultiDiGraph, out: Path, options: BuildOptions) -> None:
    from .html import write_html

    write_html(G, out / "graph.html", lang=options.lang, max_nodes=options.max_nodes, title=options.title)


def _exit_on_term(signum, frame):
    raise SystemExit(1)


class _Job:
    """What ``_in_parallel`` yields: the job's return value, once the ``with`` block has ended."""

    result = None


@contextmanager
def _in_parallel(job: Callable[[], object], *, enabled: bool = True):
    """Run ``job`` in a forked child while the body runs here (Linux); here, after the body, elsewhere
    or if the child fails. The job writes files atomically, so a failed child leaves nothing behind;
    its return value comes back through a pipe, as ``.result`` of what this yields."""
    done, pid, reader = _Job(), None, None
    if enabled and sys.platform.startswith("linux"):
        try:
            reader, writer = os.pipe()
            pid = os.fork()
        except OSError:
            pid = None
        if pid == 0:  # the child: do the job, never return into the caller's code
            code = 1
            try:
                os.close(reader)
                signal.signal(signal.SIGTERM, _exit_on_term)  # so that atomic_write removes its temporary file
                with os.fdopen(writer, "wb") as f:
                    pickle.dump(job(), f)
                code = 0
            finally:
                os._exit(code)
        if pid:
            os.close(writer)
    try:
        yield done
    except BaseException:
        if pid:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            os.close(reader)
        raise
    if pid:
        with os.fdopen(reader, "rb") as f:
            sent = f.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0:
            done.result = pickle.loads(sent)
            return
        logger.debug("a writer process failed (status %s); writing here", status)
    done.result = job()


def _read_spool(path: str) -> Iterator[tuple[DocResult, dict[tuple[int, int], str]]]:
    """Each document's records and its mentions' entity keys, as the build wrote them."""
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            doc_id, keys, payload = line.split("\t", 2)
            doc_id = json.loads(doc_id)
            mentions, relations = decode_records(payload, doc_id)
            keys = {(start, end): key for start, end, key in json.loads(keys)}
            yield DocResult(Document(doc_id, ""), mentions, relations), keys


_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every spool line


def _line(record: dict) -> bytes:
    """One JSON line (UTF-8), keys in the record's order."""
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


def _write_records(spool_path: str, out: Path, builder: GraphBuilder) -> tuple[int, int]:
    """``mentions.jsonl`` and ``relations.jsonl`` in one pass over the spool."""
    node_ids = builder.node_ids()
    n_mentions = n_relations = 0
    with atomic_write(out / "mentions.jsonl", "wb") as fm, atomic_write(out / "relations.jsonl", "wb") as fr:
        for result, keys in _read_spool(spool_path):
            ids = builder.mention_node_ids(result, node_ids, keys)
            for m in result.mentions:
                record = {
                    "doc_id": m.doc_id,
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "type": m.type,
                    "entity": ids.get((m.start, m.end)),
                }
                fm.write(_line(record))
                n_mentions += 1
            for r in result.relations:
                head, tail = ids.get((r.head.start, r.head.end)), ids.get((r.tail.start, r.tail.end))
                if head is None or tail is None or head == tail:
                    continue
                record = {
                    "doc_id": r.doc_id,
                    "head": head,
                    "tail": tail,
                    "head_text": r.head.text,
                    "tail_text": r.tail.text,
                    "relation": r.relation,
                    "sentence": r.sentence,
                    "start": r.start,
                    "end": r.end,
                    "confidence": r.confidence,
                }
                if r.qualifier:
                    record["qualifier"] = r.qualifier
                cut = clipped(r)
                if cut:
                    record["clipped"] = cut
                fr.write(_line(record))
                n_relations += 1
    return n_mentions, n_relations
