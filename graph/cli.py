"""The ``entity-graph`` command line.

Exit codes: 0 when something was processed (skips are reported), 1 when
nothing could be, 2 for usage errors. Errors are one line, never a traceback.
"""
from __future__ import annotations

import argparse
import logging
import sys

from . import __version__
from .build import DEFAULT_TYPES

__all__ = ["main", "make_parser"]

PROG = "entity-graph"


def _types(value: str) -> tuple[str, ...]:
    types = tuple(t.strip().upper() for t in value.split(",") if t.strip())
    if not types:
        raise argparse.ArgumentTypeError("expected a comma-separated list of entity labels, e.g. PERSON,ORG")
    return types


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return n


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Chinese text in, interactive entity graph out.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = sub.add_parser(
        "build",
        help="build the entity graph of Chinese documents",
        description="Find the entities and relations in INPUT and write graph.html, graph.json, "
        "graph.graphml, mentions.jsonl, relations.jsonl and report.json into --out.",
    )
    build.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help=".txt/.md files, .jsonl (text, id, title, url, date), .csv (a text column), folders, or - for stdin",
    )
    build.add_argument("--out", default="output", metavar="DIR", help="output directory (default: output/)")
    build.add_argument(
        "--model", default=None, metavar="NAME_OR_PATH",
        help="an installed spaCy pipeline or a path to one (default: the shipped Chinese pipeline)",
    )
    build.add_argument(
        "--types", type=_types, default=DEFAULT_TYPES, metavar="LABELS",
        help=f"entity labels that become nodes (default: {','.join(DEFAULT_TYPES)})",
    )
    build.add_argument(
        "--aliases", default=None, metavar="FILE",
        help="your alias and stop list: CSV with header alias,canonical (canonical - drops the name); it wins",
    )
    build.add_argument("--since", default=None, metavar="DATE", help="keep documents dated on or after DATE (2024, 2024-03, 2024-03-15)")
    build.add_argument("--until", default=None, metavar="DATE", help="keep documents dated on or before DATE")
    build.add_argument("--min-mentions", type=_positive, default=1, metavar="N", help="leave out entities mentioned fewer than N times")
    build.add_argument("--max-evidence", type=_positive, default=5, metavar="N", help="evidence sentences kept per edge (default: 5)")
    build.add_argument("--max-nodes", type=_positive, default=300, metavar="N", help="nodes shown on the page, strongest first (default: 300)")
    build.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the page's interface (default: zh)")
    build.add_argument("--title", default=None, help="title of the page")
    build.add_argument("--batch-size", type=_positive, default=32, metavar="N", help="documents per nlp.pipe batch")
    build.add_argument(
        "--processes", type=_positive, default=None, metavar="N",
        help="worker processes for the NLP (default: all cores; 1 runs it in this process)",
    )
    build.add_argument(
        "--no-cache", dest="cache", action="store_false",
        help="neither reuse nor store the per-document NLP results kept in DIR/.cache",
    )
    build.add_argument(
        "--engine", choices=["local", "dask"], default="local",
        help="where the NLP runs: local processes, or a Dask cluster (pip install 'entity-graph[dask]')",
    )
    build.add_argument(
        "--scheduler", default=None, metavar="ADDRESS",
        help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster of --processes workers)",
    )
    build.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors (no progress bar)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING, format=f"{PROG}: %(message)s")
    return _build(args)


def _error(message: str, code: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def _build(args) -> int:
    from pipelines.pipeline import ModelNotFound
    from pipelines.readers import InputError

    from .engines import EngineError
    from .progress import ProgressBar
    from .resolve import AliasFileError
    from .run import BuildOptions, OutputError, run_build

    if args.scheduler and args.engine != "dask":
        return _error("--scheduler needs --engine dask", 2)

    options = BuildOptions(
        model=args.model,
        types=args.types,
        min_mentions=args.min_mentions,
        max_evidence=args.max_evidence,
        batch_size=args.batch_size,
        lang=args.lang,
        max_nodes=args.max_nodes,
        title=args.title,
        aliases=args.aliases,
        since=args.since,
        until=args.until,
        processes=args.processes,
        cache=args.cache,
        engine=args.engine,
        scheduler=args.scheduler,
    )
    bar = None if args.quiet else ProgressBar(args.inputs)
    try:
        try:
            G, report = run_build(args.inputs, args.out, options, progress=bar)
        finally:
            if bar:
                bar.close()
    except (InputError, OutputError, ModelNotFound, AliasFileError, EngineError) as err:
        return _error(str(err), 2)
    except KeyboardInterrupt:
        return _error("interrupted; the previous outputs are left as they were", 130)
    except OSError as err:  # e.g. the disk filled up while writing; what was written before stays whole
        return _error(f"{err.filename}: {err.strerror}" if err.filename else str(err).splitlines()[0], 1)
    out = args.out.rstrip("/") or "/"
    if not report.documents:
        return _error(report.nothing_read(args.inputs, out), 1)
    if not args.quiet:
        print(report.summary(out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
