"""One build: inputs -> NLP records -> graph -> every output file in ``out``.

The records of each document are spooled to a temporary file in ``out`` while
the graph counts them, then read back once to write ``mentions.jsonl`` and
``relations.jsonl`` with final node ids: nothing holds the corpus in memory.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx

from pipelines.extract import extract
from pipelines.pipeline import load, pipeline_name
from pipelines.readers import check_inputs, read_inputs
from pipelines.records import DocResult, Document, Skipped

from .api import in_period
from .build import DEFAULT_TYPES, GraphBuilder
from .resolve import Resolver, read_alias_file
from .readwrite import atomic_write, write_graphml, write_json, write_jsonl

__all__ = ["BuildOptions", "Report", "run_build", "check_out_dir", "OutputError", "OUTPUT_FILES"]

logger = logging.getLogger(__name__)

OUTPUT_FILES = ("graph.html", "graph.json", "graph.graphml", "mentions.jsonl", "relations.jsonl", "report.json")


class OutputError(Exception):
    """``--out`` cannot be created or written."""


@dataclass
class BuildOptions:
    model: str | None = None
    types: tuple[str, ...] = DEFAULT_TYPES
    min_mentions: int = 1
    max_evidence: int = 5
    batch_size: int = 64
    lang: str = "zh"
    max_nodes: int = 300
    title: str | None = None
    aliases: str | None = None  # a user alias file (CSV alias,canonical)
    since: str | None = None  # keep documents dated in [since, until]
    until: str | None = None


@dataclass
class Report:
    """What a run read, skipped and wrote (``report.json``)."""

    model: str = ""
    documents: int = 0
    chars: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    files: dict[str, dict] = field(default_factory=dict)
    nodes: int = 0
    edges: int = 0
    mentions: int = 0
    relations: int = 0
    seconds: float = 0.0
    dropped: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "model": self.model,
            "totals": {
                "documents": self.documents,
                "skipped": len(self.skipped),
                "chars": self.chars,
                "nodes": self.nodes,
                "edges": self.edges,
                "mentions": self.mentions,
                "relations": self.relations,
            },
            "dropped_mentions": self.dropped,
            "files": self.files,
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
        }

    def summary(self, out: Path) -> str:
        text = (
            f"{self.documents} documents, {self.nodes} entities, {self.edges} edges -> {out}/graph.html"
        )
        if self.skipped:
            text += f" ({len(self.skipped)} skipped, see {out}/report.json)"
        return text


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


def _track(items: Iterable[Document | Skipped], report: Report, options: BuildOptions) -> Iterator[Document]:
    for item in items:
        if isinstance(item, Document) and not in_period(item.date, options.since, options.until):
            item = Skipped(item.doc_id, "no date in --since/--until" if not item.date else f"dated {item.date}, outside --since/--until")
        if isinstance(item, Skipped):
            report.skipped.append(item)
            logger.warning("skipped %s", item)
            file = item.source.rsplit(":", 1)[0] if item.source.rsplit(":", 1)[-1].isdigit() else item.source
            entry = report.files.setdefault(file, {"documents": 0, "skipped": 0})
            entry["skipped"] += 1
            continue
        entry = report.files.setdefault(item.source or item.doc_id, {"documents": 0, "skipped": 0})
        entry["documents"] += 1
        if item.encoding:
            entry["encoding"] = item.encoding
        report.documents += 1
        report.chars += len(item.text)
        yield item


def run_build(
    inputs: list[str],
    out: str | Path,
    options: BuildOptions | None = None,
    *,
    stdin=None,
    progress: Callable[[DocResult], None] | None = None,
) -> tuple[nx.MultiDiGraph, Report]:
    """Build the graph of ``inputs`` and write every output into ``out``.

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
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    check_inputs(inputs)
    resolver = Resolver(*read_alias_file(options.aliases)) if options.aliases else Resolver()
    out = check_out_dir(out)
    nlp = load(options.model, labels=list(options.types))
    report = Report(model=pipeline_name(nlp))
    builder = GraphBuilder(
        types=options.types, min_mentions=options.min_mentions, max_evidence=options.max_evidence, resolver=resolver
    )
    documents = _track(read_inputs(inputs, stdin=stdin), report, options)
    fd, spool_path = tempfile.mkstemp(dir=out, prefix=".records.", suffix=".jsonl")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as spool:
            for result in extract(nlp, documents, types=options.types, batch_size=options.batch_size):
                builder.add(result)
                spool.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                if progress:
                    progress(result)
        G = builder.graph()
        report.mentions, report.relations = _write_records(spool_path, out, builder)
    finally:
        os.unlink(spool_path)
    report.nodes, report.edges = G.number_of_nodes(), G.number_of_edges()
    report.dropped = builder.dropped()
    write_outputs(G, out, options)
    report.seconds = round(time.perf_counter() - started, 3)
    with atomic_write(out / "report.json") as f:
        json.dump(report.to_dict(), f, ensure_ascii=False, indent=1)
        f.write("\n")
    return G, report


def write_outputs(G: nx.MultiDiGraph, out: Path, options: BuildOptions) -> None:
    """``graph.json``, ``graph.graphml`` and ``graph.html``."""
    from .html import write_html

    write_json(G, out / "graph.json")
    write_graphml(G, out / "graph.graphml")
    write_html(G, out / "graph.html", lang=options.lang, max_nodes=options.max_nodes, title=options.title)


def _read_spool(path: str) -> Iterator[DocResult]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield DocResult.from_dict(json.loads(line))


def _write_records(spool_path: str, out: Path, builder: GraphBuilder) -> tuple[int, int]:
    node_ids = builder.node_ids()

    def mentions():
        for result in _read_spool(spool_path):
            ids = builder.mention_node_ids(result, node_ids)
            for m in result.mentions:
                yield {
                    "doc_id": m.doc_id,
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "type": m.type,
                    "entity": ids.get((m.start, m.end)),
                }

    def relations():
        for result in _read_spool(spool_path):
            ids = builder.mention_node_ids(result, node_ids)
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
                yield record

    return write_jsonl(mentions(), out / "mentions.jsonl"), write_jsonl(relations(), out / "relations.jsonl")
