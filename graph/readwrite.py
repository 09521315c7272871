"""Write the graph and its records: JSON, GraphML, JSON lines.

Every file is written as UTF-8 to a temporary file beside it and renamed into
place, so an interrupted run leaves the previous output whole.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import networkx as nx

__all__ = ["atomic_write", "write_json", "read_json", "write_graphml", "write_jsonl", "graph_to_dict"]


@contextmanager
def atomic_write(path: str | Path, mode: str = "w"):
    """Open a temporary file next to ``path``; rename it to ``path`` on success."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        kwargs = {"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {}
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def graph_to_dict(G: nx.MultiDiGraph) -> dict:
    """``node_link_data`` with the keys ``nodes`` and ``edges``."""
    return nx.node_link_data(G, edges="edges")


def write_json(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph.json``: node-link data, keys sorted, one node or edge a line, deterministic."""
    data = graph_to_dict(G)
    with atomic_write(path) as f:
        f.write("{\n")
        for i, key in enumerate(sorted(data)):
            value = data[key]
            f.write(f" {json.dumps(key)}: ")
            if key in ("nodes", "edges") and value:
                # each item by json's C encoder (an indented dump runs in Python, several times slower)
                f.write("[\n  " + ",\n  ".join(_dumps(item) for item in value) + "\n ]")
            else:
                f.write(_dumps(value))
            f.write(",\n" if i < len(data) - 1 else "\n")
        f.write("}\n")
    return Path(path)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def read_json(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph written by ``write_json``."""
    with open(path, encoding="utf-8") as f:
        return nx.node_link_graph(json.load(f), directed=True, multigraph=True, edges="edges")


def _scalar(value):
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write GraphML: scalars as they are, lists and dicts as JSON strings, None left out."""
    H = nx.MultiDiGraph()
    for key, value in G.graph.items():
        H.graph[key] = _scalar(value)
    for node, attrs in G.nodes(data=True):
        H.add_node(node, **{k: _scalar(v) for k, v in attrs.items() if v is not None})
    for u, v, key, attrs in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=key, **{k: _scalar(x) for k, x in attrs.items() if x is not None})
    with atomic_write(path, "wb") as f:
        nx.write_graphml(H, f, encoding="utf-8")
    return Path(path)


def write_jsonl(records: Iterable[dict], path: str | Path) -> int:
    """Write one JSON object a line; return how many."""
    n = 0
    with atomic_write(path) as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
