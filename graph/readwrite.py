"""Write the graph and its records: JSON, GraphML, JSON lines.

Every file is written as UTF-8 to a temporary file beside it and renamed into
place, so an interrupted run leaves the previous output whole.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import networkx as nx
import orjson

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
    with atomic_write(path, "wb") as f:
        f.write(b"{\n")
        for i, key in enumerate(sorted(data)):
            value = data[key]
            f.write(b" " + _sorted_json(key) + b": ")
            if key in ("nodes", "edges") and value:
                # one item at a time: orjson's output holds a buffer much larger than its text until freed
                separator = b"[\n  "
                for item in value:
                    f.write(separator)
                    f.write(_sorted_json(item))
                    separator = b",\n  "
                f.write(b"\n ]")
            else:
                f.write(_sorted_json(value))
            f.write(b",\n" if i < len(data) - 1 else b"\n")
        f.write(b"}\n")
    return Path(path)


_json_sorted = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _sorted_json(value) -> bytes:
    """``value`` as compact JSON in UTF-8, keys sorted (orjson; json for what orjson does not take,
    such as numbers as keys or NumPy scalars in a graph built elsewhere)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return _json_sorted(value).encode("utf-8")


def _dumps(value) -> str:
    return _sorted_json(value).decode("utf-8")


def read_json(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph written by ``write_json``."""
    with open(path, encoding="utf-8") as f:
        return nx.node_link_graph(json.load(f), directed=True, multigraph=True, edges="edges")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # no XML 1.0 character
_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def _xml(text: str) -> str:
    if not _SPECIAL.search(text):
        return text
    return _escape(_NOT_XML.sub("", text))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_GRAPHML_TYPES = {int: "long", float: "double", bool: "boolean"}  # else "string"


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write GraphML: scalars as they are, lists and dicts as JSON strings, None left out.

    Written line by line (networkx's writer builds the whole XML tree first,
    five times slower); ``nx.read_graphml`` reads back the same graph.
    """
    keys: dict[tuple[str, str, str], str] = {}  # (for, attr.name, attr.type) -> key id
    opened: dict[tuple[str, object, type], str] = {}  # (for, name, Python type) -> '<data key="d0">'

    def tag(scope: str, name, kind: str) -> str:
        name = name if type(name) is str else str(name)
        key = keys.get((scope, name, kind))
        if key is None:
            key = keys[(scope, name, kind)] = f"d{len(keys)}"
        return f'<data key="{key}">'

    def data(scope: str, attrs: dict, indent: str, lines: list[str]) -> None:
        for name, value in attrs.items():
            kind = type(value)
            if kind is str:
                value = _xml(value)
            elif kind is int or kind is float:
                value = repr(value)
            elif kind is bool:
                value = "true" if value else "false"
            elif value is None:
                continue
            elif kind is list or kind is dict or isinstance(value, (list, dict, tuple)):
                kind, value = list, _xml(_dumps(value))
            else:  # another type (a subclass too): its text
                kind, value = str, _xml(str(value))
            opening = opened.get((scope, name, kind))
            if opening is None:
                opening = opened[(scope, name, kind)] = tag(scope, name, _GRAPHML_TYPES.get(kind, "string"))
            lines.append(f"{indent}{opening}{value}</data>\n")

    edgedefault = "directed" if G.is_directed() else "undirected"
    body = [f'  <graph edgedefault="{edgedefault}">\n']
    data("graph", G.graph, "    ", body)
    for node, attrs in G.nodes(data=True):
        body.append(f'    <node id="{_xml(str(node))}">\n')
        data("node", attrs, "      ", body)
        body.append("    </node>\n")
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, key, attrs in edges:
        edge_id = "" if key is None else f' id="{_xml(str(key))}"'
        body.append(f'    <edge source="{_xml(str(u))}" target="{_xml(str(v))}"{edge_id}>\n')
        data("edge", attrs, "      ", body)
        body.append("    </edge>\n")
    body.append("  </graph>\n</graphml>\n")
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
    ]
    head += [f'  <key id="{key}" for="{scope}" attr.name="{_xml(name)}" attr.type="{kind}" />\n'
             for (scope, name, kind), key in keys.items()]
    with atomic_write(path) as f:
        f.writelines(head)
        f.writelines(body)
    return Path(path)


def write_jsonl(records: Iterable[dict], path: str | Path) -> int:
    """Write one JSON object a line; return how many."""
    n = 0
    with atomic_write(path) as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
