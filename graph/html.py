"""The graph page: one self-contained HTML file (vis-network inlined).

The vis-network script and style come from the installed pyvis package and are
inlined; the page loads nothing over the network. Graph data is embedded as
JSON (``ensure_ascii=False``, ``</`` escaped); text from the input only ever
reaches the page through ``textContent``.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment

from .readwrite import atomic_write

__all__ = ["render_html", "write_html", "page_data"]

TYPE_COLOURS = {
    "PERSON": "#e4572e", "ORG": "#2e86ab", "PRODUCT": "#76b041", "GPE": "#f3a712", "LOC": "#a86cc1",
    "WORK_OF_ART": "#8c6d46", "NORP": "#5c6f7b", "FAC": "#b05d8f", "EVENT": "#c0c000",
}


def _vis_asset(name: str) -> str:
    base = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (base / name).read_text(encoding="utf-8")


def _strongest(G: nx.MultiDiGraph, max_nodes: int) -> list:
    degree = {n: 0 for n in G}
    for u, v, d in G.edges(data=True):
        degree[u] += d.get("weight", 1)
        degree[v] += d.get("weight", 1)
    ranked = sorted(G.nodes, key=lambda n: (-G.nodes[n].get("mentions", 0), -degree[n], n))
    return ranked[:max_nodes]


def page_data(G: nx.MultiDiGraph, *, max_nodes: int = 300, communities: bool = False) -> dict:
    """The data the page draws: nodes, edges, a table of evidence sentences."""
    shown = _strongest(G, max_nodes)
    keep = set(shown)
    community = {}
    if communities and G.number_of_nodes():
        simple = nx.Graph(G.subgraph(shown).to_undirected())
        for i, group in enumerate(nx.community.louvain_communities(simple, seed=1)):
            for n in group:
                community[n] = i
    sentences, index = [], {}
    edges = []
    for u, v, d in G.edges(data=True):
        if u not in keep or v not in keep:
            continue
        refs = []
        for ev in d.get("evidence", []):
            key = (ev["doc_id"], ev["start"], ev["sentence"])
            if key not in index:
                index[key] = len(sentences)
                sentences.append([ev["doc_id"], ev["start"], ev["end"], ev["sentence"]])
            refs.append(index[key])
        edges.append({"from": u, "to": v, "relation": d.get("relation"), "weight": d.get("weight", 1),
                      "confidence": d.get("confidence"), "directed": bool(d.get("directed")),
                      "qualifier": d.get("qualifier"), "evidence": refs})
    nodes = []
    for n in shown:
        a = G.nodes[n]
        nodes.append({"id": n, "label": a.get("label", n), "type": a.get("type", ""), "aliases": a.get("aliases", []),
                      "mentions": a.get("mentions", 0), "docs": a.get("docs", 0), "community": community.get(n)})
    return {"nodes": nodes, "edges": edges, "sentences": sentences, "hidden": G.number_of_nodes() - len(shown),
            "documents": G.graph.get("documents", {}), "colours": TYPE_COLOURS}


def render_html(G: nx.MultiDiGraph, *, lang: str = "zh", max_nodes: int = 300, title: str | None = None,
                communities: bool = False) -> str:
    """The page as a string.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph with the attributes of ``graph.json``.
    lang : {"zh", "en"}
        Language of the interface.
    max_nodes : int
        The strongest nodes shown (by mentions, then weighted degree); the page says how many are hidden.
    title : str, optional
        The page title.
    communities : bool
        Compute Louvain communities so that the page can colour by them.

    Returns
    -------
    str

    Examples
    --------
    >>> G = nx.MultiDiGraph(documents={})
    >>> G.add_node("ORG:拼多多", label="拼多多", type="ORG", mentions=1, docs=1, aliases=["拼多多"])
    >>> "window.network" in render_html(G)
    True
    """
    data = json.dumps(page_data(G, max_nodes=max_nodes, communities=communities), ensure_ascii=False,
                      sort_keys=True).replace("</", "<\\/")
    template = (resources.files("graph") / "templates" / "graph.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    return env.from_string(template).render(
        title=title or ("实体关系图" if lang == "zh" else "Entity graph"),
        lang=lang,
        vis_js=_vis_asset("vis-network.min.js").replace("</script", "<\\/script"),
        vis_css=_vis_asset("vis-network.css"),
        data=data,
    )


def write_html(G: nx.MultiDiGraph, path: str | Path, **options) -> Path:
    """Write the page (UTF-8, atomically); options as for ``render_html``."""
    with atomic_write(path) as f:
        f.write(render_html(G, **options))
    return Path(path)
