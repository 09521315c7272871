"""The graph page: one self-contained HTML file (vis-network, no network loads).

The page is our own Jinja2 template (``graph/templates/graph.html``) with the
vis-network script and style that the installed pyvis package ships inlined,
and the graph embedded as JSON. Input text reaches the page only as JSON data;
the page's script puts it into the DOM with ``textContent``, never as HTML.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import operator
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
import networkx as nx
from markupsafe import Markup

from .readwrite import atomic_write

__all__ = ["render_html", "write_html"]

LANGS = ("zh", "en")
CO_OCCURS = "co_occurs"
SEED = 42

# colours of the usual entity types; others take the spare ones in turn
TYPE_COLORS = {
    "PERSON": "#e4572e", "ORG": "#2e86de", "PRODUCT": "#17a589", "GPE": "#8e44ad",
    "LOC": "#d4a017", "NORP": "#c0392b", "FAC": "#6d4c41", "EVENT": "#d35493",
    "WORK_OF_ART": "#5d6d7e", "LAW": "#34495e",
}
SPARE_COLORS = ["#00897b", "#7cb342", "#f4511e", "#3949ab", "#8d6e63", "#c2185b", "#546e7a", "#fb8c00"]
RELATION_COLORS = ["#34495e", "#e67e22", "#16a085", "#9b59b6", "#c0392b", "#2980b9", "#7f8c8d", "#27ae60"]
COMMUNITY_COLORS = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#86bcb6", "#d37295", "#a0cbe8", "#8cd17d", "#b6992d", "#499894", "#f1ce63",
]

TEXT = {
    "zh": {
        "title": "实体关系图", "search": "搜索实体或别名…", "reset": "重置视图", "png": "导出 PNG",
        "csv": "导出证据 CSV", "types": "实体类型", "relations": "关系类型", "min_weight": "最小权重",
        "color_by": "着色", "by_type": "按类型", "by_community": "按社区", "communities": "社区",
        "shown": "显示 {shown} / {total} 个实体", "hidden": "（{hidden} 个较弱实体未显示）",
        "edges_shown": "{edges} 条关系", "documents": "{docs} 篇文档", "loading": "正在布局…",
        "overview": "概览", "top_entities": "提及最多的实体", "hint": "点击节点或连线查看证据；拖动画布平移，滚轮缩放。",
        "type": "类型", "aliases": "别名", "mentions": "提及", "docs": "文档", "seen": "时间",
        "strongest": "最强关系", "evidence": "证据", "no_evidence": "没有证据句。", "more": "显示更多",
        "relation": "关系", "confidence": "置信度", "weight": "权重", "qualifier": "限定",
        "no_match": "没有匹配的实体", "empty": "图中没有实体。", "close": "关闭", "id": "节点",
        "sentences": "句", "community": "社区", "members": "个成员", "entities": "实体", "edges": "关系",
    },
    "en": {
        "title": "Entity graph", "search": "Search entities or aliases…", "reset": "Reset view", "png": "Export PNG",
        "csv": "Export evidence CSV", "types": "Entity types", "relations": "Relations", "min_weight": "Min weight",
        "color_by": "Colour", "by_type": "by type", "by_community": "by community", "communities": "Communities",
        "shown": "Showing {shown} of {total} entities", "hidden": " ({hidden} weaker entities hidden)",
        "edges_shown": "{edges} relations", "documents": "{docs} documents", "loading": "Laying out…",
        "overview": "Overview", "top_entities": "Most mentioned", "hint": "Click a node or an edge for its evidence; drag to pan, scroll to zoom.",
        "type": "Type", "aliases": "Aliases", "mentions": "Mentions", "docs": "Documents", "seen": "Seen",
        "strongest": "Strongest relations", "evidence": "Evidence", "no_evidence": "No evidence sentences.", "more": "Show more",
        "relation": "Relation", "confidence": "Confidence", "weight": "Weight", "qualifier": "Qualifier",
        "no_match": "No matching entity", "empty": "The graph has no entities.", "close": "Close", "id": "Node",
        "sentences": "sentences", "community": "Community", "members": "members", "entities": "Entities", "edges": "Relations",
    },
}
TYPE_NAMES = {
    "zh": {"PERSON": "人物", "ORG": "机构", "PRODUCT": "产品", "GPE": "国家/地区", "LOC": "地点",
           "NORP": "群体", "FAC": "设施", "EVENT": "事件", "WORK_OF_ART": "作品", "LAW": "法规"},
    "en": {"PERSON": "Person", "ORG": "Organization", "PRODUCT": "Product", "GPE": "Country/region",
           "LOC": "Location", "NORP": "Group", "FAC": "Facility", "EVENT": "Event", "WORK_OF_ART": "Work", "LAW": "Law"},
}
RELATION_NAMES = {
    "zh": {"co_occurs": "共现", "founded": "创立", "leads": "领导", "product_of": "产品归属", "works_for": "任职于",
           "invests_in": "投资", "acquires": "收购", "subsidiary_of": "子公司", "partners_with": "合作",
           "competes_with": "竞争", "endorses": "代言", "headquartered_in": "总部位于"},
    "en": {"co_occurs": "co-occurs", "founded": "founded", "leads": "leads", "product_of": "product of",
           "works_for": "works for", "invests_in": "invests in", "acquires": "acquires", "subsidiary_of": "subsidiary of",
           "partners_with": "partners with", "competes_with": "competes with", "endorses": "endorses",
           "headquartered_in": "headquartered in"},
}
QUALIFIER_NAMES = {
    "zh": {"former": "曾经", "planned": "计划中", "negated": "否定"},
    "en": {"former": "former", "planned": "planned", "negated": "negated"},
}


def render_html(
    G: nx.MultiDiGraph,
    *,
    lang: str = "zh",
    max_nodes: int | None = 300,
    title: str | None = None,
    communities: bool = False,
) -> str:
    """Render the interactive page of an entity graph as one HTML string.

    The page is self-contained: vis-network's script and style (from the
    installed pyvis package) are inlined and nothing is loaded over the
    network. Its vis ``Network`` is ``window.network``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An entity graph: nodes with ``label``, ``type``, ``aliases``,
        ``mentions``...; edges keyed by relation with ``weight``,
        ``confidence``, ``directed`` and ``evidence``; graph attribute
        ``documents``.
    lang : {"zh", "en"}
        Language of the page's interface.
    max_nodes : int or None
        Show at most this many nodes, the most mentioned first (then by
        degree); the page tells how many were left out. None shows all.
    title : str, optional
        Title of the page (default "实体关系图" / "Entity graph").
    communities : bool
        Find communities (Louvain, fixed seed) and offer colouring by them;
        the page then starts coloured by community.

    Returns
    -------
    str
        The whole page.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(documents={})
    >>> G.add_node("ORG:拼多多", label="拼多多", type="ORG", aliases=["拼多多"], mentions=3)
    >>> page = render_html(G, lang="en")
    >>> "window.network" in page and "拼多多" in page
    True
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    if max_nodes is not None:
        try:
            max_nodes = operator.index(max_nodes)
        except TypeError:
            raise ValueError(f"max_nodes must be a positive integer or None, not {max_nodes!r}") from None
        if max_nodes < 1:
            raise ValueError(f"max_nodes must be a positive integer or None, not {max_nodes!r}")
    title = title or TEXT[lang]["title"]
    data = graph_data(G, lang=lang, max_nodes=max_nodes, communities=communities)
    data["title"] = title
    lib = _vis_library()
    app_js = _normalize(_template_text("graph.js"))
    scripts = [lib["js"], app_js]
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(f"'sha256-{_sha256(s)}'" for s in scripts),
        "style-src 'unsafe-inline'",
        "img-src data: blob:",
        "font-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    return _environment().get_template("graph.html").render(
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        title=title,
        text=TEXT[lang],
        csp=csp,
        vis_css=Markup(_guard(lib["css"], "style")),
        app_css=Markup(_guard(_template_text("graph.css"), "style")),
        data_json=Markup(script_json(data)),
        vis_js=Markup(lib["js"]),
        app_js=Markup(app_js),
    )


def write_html(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    lang: str = "zh",
    max_nodes: int | None = 300,
    title: str | None = None,
    communities: bool = False,
) -> Path:
    """Write the interactive page of an entity graph to ``path`` (UTF-8).

    The file is written to a temporary file beside ``path`` and renamed into
    place.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An entity graph (see ``render_html``).
    path : str or pathlib.Path
        The file to write, usually ``graph.html``.
    lang, max_nodes, title, communities
        As for ``render_html``.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.MultiDiGraph(documents={})
    >>> G.add_node("PERSON:黄峥", label="黄峥", type="PERSON", aliases=["黄峥"], mentions=2)
    >>> out = write_html(G, pathlib.Path(tempfile.mkdtemp()) / "graph.html")
    >>> "黄峥" in out.read_text(encoding="utf-8")
    True
    """
    path = Path(path)
    page = render_html(G, lang=lang, max_nodes=max_nodes, title=title, communities=communities)
    with atomic_write(path) as f:
        f.write(page)
    return path


# -- data ------------------------------------------------------------------


def graph_data(G: nx.MultiDiGraph, *, lang: str = "zh", max_nodes: int | None = 300,
               communities: bool = False) -> dict:
    """The JSON-ready data of the page: nodes, edges, an evidence table, counts."""
    kept = select_nodes(G, max_nodes)
    keep = set(kept)
    ids = {n: str(n) for n in kept}

    documents = G.graph.get("documents") or {}
    doc_index: dict[str, int] = {}
    docs: list[dict] = []
    sentences: list[list] = []
    sentence_index: dict[tuple, int] = {}

    def doc_ref(doc_id) -> int:
        doc_id = str(doc_id)
        if doc_id not in doc_index:
            doc_index[doc_id] = len(docs)
            meta = documents.get(doc_id) or {}
            doc = {"id": doc_id}
            doc.update({k: str(meta[k]) for k in ("title", "url", "date") if meta.get(k)})
            docs.append(doc)
        return doc_index[doc_id]

    def sentence_ref(ev: dict) -> int | None:
        text = ev.get("sentence")
        if not isinstance(text, str):
            return None
        key = (str(ev.get("doc_id")), ev.get("start"), ev.get("end"), text)
        if key not in sentence_index:
            sentence_index[key] = len(sentences)
            sentences.append([doc_ref(ev.get("doc_id")), ev.get("start"), ev.get("end"), text])
            cut = _CUT.get(ev.get("clipped"))
            if cut:
                sentences[-1].append(cut)  # 1: cut at the start, 2: at the end, 3: both (shown as …)
        return sentence_index[key]

    edges = []
    relation_counts: Counter = Counter()
    edges_total = 0
    cited = {str(d) for d in documents}  # documents known to the graph: with metadata or cited as evidence
    for u, v, k, d in G.edges(keys=True, data=True):
        edges_total += 1
        evidence = d.get("evidence")
        if evidence:
            cited.update(str(ev.get("doc_id")) for ev in evidence if isinstance(ev, dict))
        if u not in keep or v not in keep:
            continue
        relation = str(d.get("relation", k))
        relation_counts[relation] += 1
        refs = [sentence_ref(ev) for ev in d.get("evidence") or [] if isinstance(ev, dict)]
        edge = {
            "id": len(edges),
            "from": ids[u],
            "to": ids[v],
            "rel": relation,
            "w": _number(d.get("weight"), 1),
            "conf": _number(d.get("confidence"), None),
            "dir": bool(d.get("directed", relation != CO_OCCURS)),
            "ev": [r for r in dict.fromkeys(refs) if r is not None],
        }
        if d.get("qualifier"):
            edge["q"] = str(d["qualifier"])
        edges.append(edge)

    community_of, community_list = ({}, [])
    if communities:
        community_of, community_list = find_communities(G, kept)

    type_counts: Counter = Counter()
    nodes = []
    for n in kept:
        d = G.nodes[n]
        type_ = str(d.get("type") or (str(n).split(":", 1)[0] if ":" in str(n) else "ENTITY"))
        type_counts[type_] += 1
        label = str(d.get("label") or str(n).split(":", 1)[-1])
        aliases = [str(a) for a in (d.get("aliases") or [])]
        counts = d.get("alias_counts") or {}
        node = {
            "id": ids[n],
            "label": label,
            "type": type_,
            "aliases": aliases,
            "alias_counts": [_number(counts.get(a), 0) for a in aliases],
            "mentions": _number(d.get("mentions"), 1),
            "docs": _number(d.get("docs"), 0),
        }
        for attr in ("first_seen", "last_seen"):
            if d.get(attr):
                node[attr] = str(d[attr])
        if communities:
            node["community"] = community_of[n]
        nodes.append(node)

    if len(nodes) > LAYOUT_THRESHOLD:
        for node, (x, y) in zip(nodes, initial_layout(kept, G)):
            node["x"], node["y"] = x, y

    type_names = TYPE_NAMES[lang]
    relation_names = RELATION_NAMES[lang]
    spare = iter(SPARE_COLORS * (1 + len(type_counts)))
    types = [
        {"name": t, "label": type_names.get(t, t), "count": c, "color": TYPE_COLORS.get(t) or next(spare)}
        for t, c in sorted(type_counts.items(), key=lambda tc: (-tc[1], tc[0]))
    ]
    typed = sorted((r for r in relation_counts if r != CO_OCCURS), key=lambda r: (-relation_counts[r], r))
    relations = [
        {"name": r, "label": relation_names.get(r, r.replace("_", " ")), "count": relation_counts[r],
         "color": RELATION_COLORS[i % len(RELATION_COLORS)]}
        for i, r in enumerate(typed)
    ]
    if CO_OCCURS in relation_counts:
        relations.append({"name": CO_OCCURS, "label": relation_names[CO_OCCURS],
                          "count": relation_counts[CO_OCCURS], "color": "#b3bac5"})
    return {
        "lang": lang,
        "text": TEXT[lang],
        "qualifiers": QUALIFIER_NAMES[lang],
        "types": types,
        "relations": relations,
        "communities": community_list,
        "community_colors": COMMUNITY_COLORS,
        "nodes": nodes,
        "edges": edges,
        "sentences": sentences,
        "docs": docs,
        "stats": {
            "nodes_total": G.number_of_nodes(),
            "nodes_shown": len(nodes),
            "nodes_hidden": G.number_of_nodes() - len(nodes),
            "edges_total": edges_total,
            "edges_shown": len(edges),
            "documents": len(cited),
        },
    }


_CUT = {"start": 1, "end": 2, "both": 3}


def select_nodes(G: nx.MultiDiGraph, max_nodes: int | None) -> list:
    """The nodes to show: the most mentioned first, then the highest degree."""
    degree = dict(G.degree())
    order = sorted(G.nodes, key=lambda n: (-_number(G.nodes[n].get("mentions"), 0), -degree[n], str(n)))
    return order if max_nodes is None else order[:max_nodes]


def find_communities(G: nx.MultiDiGraph, nodes: list) -> tuple[dict, list]:
    """Louvain communities (fixed seed) of ``nodes``, numbered largest first.

    Returns ``{node: community id}`` and a list of ``{id, size, top}`` where
    ``top`` is the label of the community's most mentioned member.
    """
    H = nx.Graph()
    H.add_nodes_from(nodes)
    keep = set(nodes)
    for u, v, d in G.edges(data=True):
        if u in keep and v in keep and u != v:
            w = _number(d.get("weight"), 1) or 1
            H.add_edge(u, v, weight=H.get_edge_data(u, v, {"weight": 0})["weight"] + w)
    rank = {n: i for i, n in enumerate(nodes)}  # nodes come most mentioned first
    found = nx.community.louvain_communities(H, weight="weight", seed=SEED)
    found = sorted((sorted(c, key=rank.get) for c in found), key=lambda c: (-len(c), rank[c[0]]))
    of = {n: i for i, c in enumerate(found) for n in c}
    listing = [{"id": i, "size": len(c), "top": str(G.nodes[c[0]].get("label") or c[0])} for i, c in enumerate(found)]
    return of, listing


# larger graphs are laid out by the page's own force layout from these starting
# positions (vis physics is slow there); smaller ones by vis physics
LAYOUT_THRESHOLD = 100


def initial_layout(nodes: list, G: nx.MultiDiGraph) -> list[tuple[int, int]]:
    """Starting positions: connected nodes near each other on a sunflower spiral.

    Nodes are laid out in breadth-first order from the most mentioned, so
    neighbours start close and the browser's physics has little to do.
    """
    keep = set(nodes)
    rank = {n: i for i, n in enumerate(nodes)}
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from((u, v) for u, v in G.edges() if u in keep and v in keep and u != v)
    order, seen = [], set()
    for start in nodes:
        if start in seen:
            continue
        seen.add(start)
        queue = [start]
        for node in queue:
            order.append(node)
            for nb in sorted(H[node], key=rank.get):
                if nb not in seen:
                    seen.add(nb)
                    queue.append(nb)
    place = {}
    golden = math.pi * (3 - math.sqrt(5))
    spacing = 38
    for i, node in enumerate(order):
        r = spacing * math.sqrt(i + 0.5)
        place[node] = (round(r * math.cos(i * golden)), round(r * math.sin(i * golden)))
    return [place[n] for n in nodes]


# -- page parts ------------------------------------------------------------


def script_json(data) -> str:
    """JSON for a ``<script type="application/json">``: literal CJK, no way out of the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


@lru_cache(maxsize=1)
def _vis_library() -> dict:
    """vis-network's script and style as the installed pyvis ships them (found without importing pyvis)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed (pip install pyvis)")
    lib = Path(list(spec.submodule_search_locations)[0]) / "templates" / "lib"
    found = []
    for d in lib.iterdir():
        if d.name.startswith("vis-") and (d / "vis-network.min.js").is_file():
            version = tuple(int(p) if p.isdigit() else 0 for p in d.name[4:].split("."))
            found.append((version, d))
    if not found:
        raise RuntimeError(f"vis-network not found in the pyvis package ({lib})")
    d = max(found, key=lambda f: f[0])[1]
    js = _normalize((d / "vis-network.min.js").read_text(encoding="utf-8"))
    css = _normalize((d / "vis-network.css").read_text(encoding="utf-8"))
    return {"js": _guard(js, "script"), "css": css}


def _template_text(name: str) -> str:
    return (resources.files("graph") / "templates" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: _template_text(name)),
        autoescape=True,
        keep_trailing_newline=True,
    )


def _guard(text: str, tag: str) -> str:
    """Break any closing tag of ``tag`` inside inlined code (none in vis 9.1.2)."""
    return re.sub(f"</(?={tag})", "<\\\\/", text, flags=re.IGNORECASE)


def _normalize(text: str) -> str:
    # the HTML parser turns CR LF into LF; the CSP hash must see what it sees
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _number(value, default):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return default
    return value
