"""The graph page as text: self-contained, UTF-8, escaped, limited, deduplicated."""
import base64
import hashlib
import html
import json
import re

import networkx as nx
import pytest

from graph.html import graph_data, render_html, write_html

DATA_RE = re.compile(r'<script type="application/json" id="graph-data">(.*?)</script>', re.S)
SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.S)


def page_data(page: str) -> dict:
    return json.loads(DATA_RE.search(page).group(1))


def chain(n: int) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(documents={})
    for i in range(n):
        G.add_node(f"ORG:公司{i}", label=f"公司{i}", type="ORG", aliases=[f"公司{i}"], mentions=n - i, docs=1)
    for i in range(n - 1):
        ev = [{"doc_id": "d", "sentence": f"公司{i}与公司{i + 1}合作。", "start": i * 10, "end": i * 10 + 9}]
        G.add_edge(f"ORG:公司{i}", f"ORG:公司{i + 1}", key="co_occurs", relation="co_occurs", weight=1,
                   confidence=1.0, directed=False, evidence=ev)
    return G


def test_loads_nothing_over_the_network(entity_graph):
    page = render_html(entity_graph)
    assert "window.network" in page
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*href\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert not re.search(r"\s(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", page, re.I)
    assert "@import" not in page
    assert "vis.Network" in page and ".vis-network" in page  # the library is inlined


def test_csp_allows_exactly_the_inline_scripts(entity_graph):
    page = render_html(entity_graph)
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert "default-src 'none'" in csp and "unsafe-eval" not in csp
    scripts = SCRIPT_RE.findall(page)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_utf8_with_literal_chinese(entity_graph, tmp_path):
    out = write_html(entity_graph, tmp_path / "graph.html", title="互联网公司")
    assert out == tmp_path / "graph.html"
    page = out.read_bytes().decode("utf-8")
    assert '<meta charset="utf-8">' in page
    assert "<title>互联网公司</title>" in page
    assert "拼多多" in page and "黄峥创立了拼多多" in page
    assert "\\u62fc" not in page  # ensure_ascii=False
    assert "实体类型" in page  # Chinese interface by default
    assert "Entity types" in render_html(entity_graph, lang="en")


def test_script_end_tags_in_text_are_escaped(entity_graph):
    hostile = "</script><script>window.__pwned=1</script><!--"
    entity_graph.nodes["ORG:拼多多"]["label"] = hostile
    entity_graph.nodes["ORG:拼多多"]["aliases"].append("</SCRIPT>")
    page = render_html(entity_graph, title="</title><script>alert(1)</script>")
    assert page.count("</script>") == 3  # the page's own three script elements
    assert "<\\/script>" in page and "<\\/SCRIPT>" in page
    assert "<!--" not in DATA_RE.search(page).group(1)
    assert "&lt;/title&gt;&lt;script&gt;" in page
    data = page_data(page)
    assert data["nodes"][0]["label"] == hostile  # JSON gives the text back unchanged


def test_max_nodes_keeps_the_most_mentioned_and_counts_the_rest():
    G = chain(50)
    data = graph_data(G, max_nodes=10)
    assert [n["id"] for n in data["nodes"]] == [f"ORG:公司{i}" for i in range(10)]
    assert data["stats"] == {"nodes_total": 50, "nodes_shown": 10, "nodes_hidden": 40, "edges_total": 49,
                             "edges_shown": 9, "documents": 1}
    assert all(e["from"] in {n["id"] for n in data["nodes"]} for e in data["edges"])
    page = render_html(G, max_nodes=10)
    assert '"nodes_hidden":40' in page
    assert len(page_data(render_html(G, max_nodes=None))["nodes"]) == 50


def test_degree_breaks_ties_in_mentions():
    G = nx.MultiDiGraph(documents={})
    for name in "ABCD":
        G.add_node(f"ORG:{name}", label=name, type="ORG", aliases=[name], mentions=1)
    G.add_edge("ORG:D", "ORG:C", key="co_occurs", relation="co_occurs", weight=1, directed=False, evidence=[])
    assert [n["id"] for n in graph_data(G, max_nodes=2)["nodes"]] == ["ORG:C", "ORG:D"]


def test_evidence_sentences_stored_once(entity_graph):
    data = graph_data(entity_graph)
    texts = [s[3] for s in data["sentences"]]
    assert sorted(texts) == sorted({"黄峥创立了拼多多，并长期领导拼多多。", "阿里巴巴推出钉钉，与PDD竞争。", "拼多多总部位于上海。"})
    first = texts.index("黄峥创立了拼多多，并长期领导拼多多。")
    by_rel = {(e["from"], e["to"], e["rel"]): e for e in data["edges"]}
    assert by_rel[("PERSON:黄峥", "ORG:拼多多", "leads")]["ev"] == [first]
    assert by_rel[("PERSON:黄峥", "ORG:拼多多", "founded")]["ev"] == [first]
    assert by_rel[("ORG:拼多多", "PERSON:黄峥", "co_occurs")]["ev"] == [first]
    assert data["stats"]["documents"] == 3  # two with metadata, one cited only
    docs = {d["id"]: d for d in data["docs"]}
    assert docs["news:1"] == {"id": "news:1", "title": "拼多多年报", "url": "https://example.com/pdd", "date": "2023-03-01"}
    assert docs["news:3"] == {"id": "news:3"}
    cut = {s[3]: s[4:] for s in data["sentences"]}
    assert cut["拼多多总部位于上海。"] == [1] and cut["黄峥创立了拼多多，并长期领导拼多多。"] == []  # 1: cut at the start


def test_edges_keep_relation_direction_and_qualifier(entity_graph):
    data = graph_data(entity_graph, lang="en")
    leads = next(e for e in data["edges"] if e["rel"] == "leads")
    assert leads["dir"] is True and leads["w"] == 2 and leads["conf"] == 0.9 and leads["q"] == "former"
    co = next(e for e in data["edges"] if e["rel"] == "co_occurs")
    assert co["dir"] is False
    assert [r["name"] for r in data["relations"]][-1] == "co_occurs"
    assert {t["name"] for t in data["types"]} == {"ORG", "PERSON", "PRODUCT", "GPE"}


def test_communities_on_request(entity_graph):
    assert graph_data(entity_graph)["communities"] == []
    data = graph_data(entity_graph, communities=True)
    assert all("community" in n for n in data["nodes"])
    sizes = [c["size"] for c in data["communities"]]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == len(data["nodes"])
    assert data == graph_data(entity_graph, communities=True)  # fixed seed


def test_big_graphs_get_starting_positions():
    assert "x" not in graph_data(chain(20))["nodes"][0]
    nodes = graph_data(chain(150))["nodes"]
    assert len({(n["x"], n["y"]) for n in nodes}) == 150


def test_empty_graph_and_bad_options():
    page = render_html(nx.MultiDiGraph())
    assert "window.network" in page and page_data(page)["nodes"] == []
    with pytest.raises(ValueError):
        render_html(nx.MultiDiGraph(), lang="fr")
    with pytest.raises(ValueError):
        render_html(nx.MultiDiGraph(), max_nodes=0)
