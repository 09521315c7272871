import json

import networkx as nx
import pytest

from graph.build import GraphBuilder, build_graph
from graph.readwrite import read_json, write_graphml, write_json, write_jsonl
from pipelines.records import Document, DocResult, Mention, Relation

TEXT = "黄峥创立了拼多多。拼多多推出Knock。"


def mention(text, type_, start, canonical=None, doc_id="a"):
    return Mention(doc_id, start, start + len(text), text, type_, 0, 9, canonical)


def co(head, tail, doc_id="a", start=0, end=9):
    return Relation(doc_id, head, tail, "co_occurs", TEXT[start:end], start, end, 1.0, False)


@pytest.fixture
def results():
    a1, a2 = mention("黄峥", "PERSON", 0), mention("拼多多", "ORG", 5)
    a3, a4 = mention("拼多多", "ORG", 9), mention("Knock", "PRODUCT", 14)
    b1 = mention("拼多多公司", "ORG", 0, canonical="拼多多", doc_id="b")
    b2 = mention("黄峥", "PERSON", 6, doc_id="b")
    b3 = mention("上海", "GPE", 10, doc_id="b")
    return [
        DocResult(Document("a", TEXT, date="2023-01-02", title="一"), [a1, a2, a3, a4], [co(a1, a2), co(a4, a3, start=9, end=20)]),
        DocResult(Document("b", "拼多多公司总部，黄峥在上海。", date="2021-05-06"), [b1, b2, b3], [co(b2, b1, "b", 0, 14)]),
    ]


def test_nodes_carry_the_contract(results):
    G = build_graph(results)
    assert sorted(G.nodes) == ["GPE:上海", "ORG:拼多多", "PERSON:黄峥", "PRODUCT:Knock"]
    node = G.nodes["ORG:拼多多"]
    assert node["label"] == "拼多多" and node["type"] == "ORG"
    assert node["aliases"] == ["拼多多", "拼多多公司"]
    assert node["alias_counts"] == {"拼多多": 2, "拼多多公司": 1}
    assert (node["mentions"], node["docs"]) == (3, 2)
    assert (node["first_seen"], node["last_seen"]) == ("2021-05-06", "2023-01-02")
    assert G.graph["documents"] == {"a": {"title": "一", "date": "2023-01-02"}, "b": {"date": "2021-05-06"}}


def test_cooccurrence_edges_sorted_and_weighted(results):
    G = build_graph(results)
    edges = list(G.edges(keys=True, data=True))
    assert [(u, v, k) for u, v, k, _ in edges] == [
        ("ORG:拼多多", "PERSON:黄峥", "co_occurs"),
        ("ORG:拼多多", "PRODUCT:Knock", "co_occurs"),
    ]
    data = G.edges["ORG:拼多多", "PERSON:黄峥", "co_occurs"]
    assert data["weight"] == 2 and data["directed"] is False
    assert [e["doc_id"] for e in data["evidence"]] == ["a", "b"]
    assert data["evidence"][0] == {"doc_id": "a", "sentence": "黄峥创立了拼多多。", "start": 0, "end": 9}


def test_options(results):
    assert sorted(build_graph(results, types=["PERSON", "ORG"]).nodes) == ["ORG:拼多多", "PERSON:黄峥"]
    G = build_graph(results, min_mentions=2)
    assert sorted(G.nodes) == ["ORG:拼多多", "PERSON:黄峥"]
    assert G.number_of_edges() == 1
    G = build_graph(results, max_evidence=1)
    assert len(G.edges["ORG:拼多多", "PERSON:黄峥", "co_occurs"]["evidence"]) == 1


def test_majority_type_and_node_id(results):
    builder = GraphBuilder()
    for r in results:
        builder.add(r)
    c = DocResult(Document("c", "拼多多不存在"), [mention("拼多多", "PRODUCT", 0, doc_id="c")], [])
    builder.add(c)
    ids = builder.node_ids()
    assert builder.mention_node_ids(c, ids) == {(0, 3): "ORG:拼多多"}
    c.mentions.append(mention("不存在", "ORG", 3, doc_id="c"))
    assert builder.mention_node_ids(c, ids) == {(0, 3): "ORG:拼多多"}


def test_typed_and_cooccurrence_edges_both_kept(results):
    h, t = results[0].mentions[0], results[0].mentions[1]
    founded = Relation("a", h, t, "founded", "黄峥创立了拼多多。", 0, 9, 0.9, True)
    results[0].relations.append(founded)
    G = build_graph(results)
    assert G.has_edge("PERSON:黄峥", "ORG:拼多多", "founded")
    assert G.has_edge("ORG:拼多多", "PERSON:黄峥", "co_occurs")


def test_json_roundtrip_is_deterministic(results, tmp_path):
    G = build_graph(results)
    write_json(G, tmp_path / "a.json")
    write_json(build_graph(results), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert set(data) >= {"nodes", "edges", "graph", "directed", "multigraph"}
    assert "黄峥" in (tmp_path / "a.json").read_text(encoding="utf-8")
    H = read_json(tmp_path / "a.json")
    assert nx.utils.graphs_equal(G, H)


def test_graphml_encodes_lists_as_json(results, tmp_path):
    write_graphml(build_graph(results), tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml")
    assert json.loads(H.nodes["ORG:拼多多"]["aliases"]) == ["拼多多", "拼多多公司"]
    assert "first_seen" in H.nodes["ORG:拼多多"]


def test_atomic_write_keeps_old_file_on_error(tmp_path):
    path = tmp_path / "m.jsonl"
    write_jsonl([{"a": 1}], path)

    def broken():
        yield {"a": 2}
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_jsonl(broken(), path)
    assert path.read_text(encoding="utf-8") == '{"a": 1}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["m.jsonl"]


def test_graphml_reads_back_as_networkx_writes_it(tmp_path):
    G = nx.MultiDiGraph(title='A&B "图"', n=3)
    G.add_node("ORG:A&<B>", label="A&<B>", weight=2, score=0.5, hidden=False, aliases=["甲", "乙"], gone=None)
    G.add_node("PERSON:张三\x0b", label="张三\x0b")
    G.add_edge("ORG:A&<B>", "PERSON:张三\x0b", key="leads", relation="leads", directed=True, evidence=[{"s": "<p>"}])
    G.add_edge("ORG:A&<B>", "PERSON:张三\x0b", key="co_occurs", weight=4)
    write_graphml(G, tmp_path / "ours.graphml")
    H = nx.read_graphml(tmp_path / "ours.graphml", force_multigraph=True)
    assert {k: v for k, v in H.graph.items() if not k.endswith("_default")} == {"title": 'A&B "图"', "n": 3}
    assert H.nodes["ORG:A&<B>"] == {"label": "A&<B>", "weight": 2, "score": 0.5, "hidden": False, "aliases": '["甲","乙"]'}
    assert H.nodes["PERSON:张三"] == {"label": "张三"}  # no character XML cannot hold
    assert H.edges["ORG:A&<B>", "PERSON:张三", "leads"] == {
        "relation": "leads", "directed": True, "evidence": '[{"s":"<p>"}]'}
    assert H.edges["ORG:A&<B>", "PERSON:张三", "co_occurs"] == {"weight": 4}


def test_graphml_attribute_names_that_are_not_strings(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("a", **{"label": "甲"})
    G.nodes["a"][7] = 1
    G.add_node("b")
    G.nodes["b"][7] = 2
    write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml")
    assert H.nodes["a"] == {"label": "甲", "7": 1} and H.nodes["b"] == {"7": 2}
