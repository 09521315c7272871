"""A commentary article we wrote, end to end through the shipped pipeline.

The graph of one article must hold one node per entity, no common word as a
node, and typed edges only where the text states them.
"""
from pathlib import Path

from graph import build
from pipelines.consistency import word_freq

ARTICLE = Path(__file__).parent / "fixtures" / "commentary_knock.txt"


def test_commentary_graph():
    graph = build(files=ARTICLE).to_networkx()
    labels = [d["label"] for _, d in graph.nodes(data=True)]
    assert len(labels) == len(set(labels)), "a label on two nodes"
    assert {"拼多多", "黄峥", "Knock", "钉钉", "飞书", "阿里巴巴", "字节跳动", "腾讯"} <= set(labels)
    common = [n for n in labels if word_freq(n) > 5000]
    assert common == [], f"common words as nodes: {common}"
    typed = {(u, d["relation"], v) for u, v, d in graph.edges(data=True) if d["relation"] != "co_occurs"}
    assert ("PERSON:黄峥", "founded", "ORG:拼多多") in typed
    assert {("PRODUCT:Knock", "product_of", "ORG:拼多多"), ("PRODUCT:快团团", "product_of", "ORG:拼多多")} <= typed
    stated = {
        ("PERSON:黄峥", "founded", "ORG:拼多多"), ("PERSON:黄峥", "leads", "ORG:拼多多"),
        ("PERSON:黄峥", "works_for", "ORG:谷歌"), ("PRODUCT:Knock", "product_of", "ORG:拼多多"),
        ("PRODUCT:快团团", "product_of", "ORG:拼多多"), ("PRODUCT:多多买菜", "product_of", "ORG:拼多多"),
        ("PRODUCT:Temu", "product_of", "ORG:拼多多"), ("PRODUCT:钉钉", "product_of", "ORG:阿里巴巴"),
        ("PRODUCT:飞书", "product_of", "ORG:字节跳动"), ("PRODUCT:企业微信", "product_of", "ORG:腾讯"),
    }
    assert typed <= stated, f"typed edges the text does not state: {typed - stated}"
    former = [d for u, v, d in graph.edges(data=True) if d["relation"] == "works_for"]
    assert all(d.get("qualifier") == "former" for d in former)
