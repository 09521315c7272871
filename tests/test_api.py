import json
from pathlib import Path

import networkx as nx
import pytest

from graph import build

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
TEXTS = [
    "黄峥创立了拼多多。拼多多推出了Knock。",
    "王兴创立了美团。美团与饿了么竞争。",
    "马云创立了阿里巴巴。阿里巴巴收购了饿了么。",
]


@pytest.fixture(scope="module")
def eg():
    return build(texts=TEXTS)


def test_dataframes(eg):
    assert {"黄峥", "拼多多", "王兴", "美团"} <= set(eg.nodes["label"])
    assert list(eg.edges.columns)[:3] == ["source", "target", "relation"]
    assert set(eg.mentions["doc_id"]) == {"text:1", "text:2", "text:3"}
    assert (eg.relations["relation"] == "co_occurs").any()
    assert isinstance(eg.to_networkx(), nx.MultiDiGraph)


def test_questions(eg):
    assert eg.top(1)["label"].iloc[0] in {"拼多多", "美团", "阿里巴巴", "饿了么"}
    assert len(eg.top(3, by="pagerank")) == 3
    ego = eg.ego("黄峥")
    assert set(ego.nodes["label"]) == {"黄峥", "拼多多", "Knock"} or "拼多多" in set(ego.nodes["label"])
    assert "美团" not in set(ego.nodes["label"])
    assert len(eg.evidence("黄峥", "拼多多")) >= 1
    with pytest.raises(KeyError):
        eg.node("不存在的公司")
    with pytest.raises(ValueError):
        eg.top(by="nonsense")


def test_filter_returns_same_kind(eg):
    people = eg.filter(types=["PERSON"])
    assert set(people.nodes["type"]) == {"PERSON"}
    assert type(people) is type(eg)
    assert eg.filter(min_weight=100).graph.number_of_edges() == 0
    two = eg.filter(names=["黄峥", "拼多多"])
    assert len(two) == 2


def test_since_until():
    records = [
        {"text": "黄峥创立了拼多多。", "date": "2015-09-01"},
        {"text": "王兴创立了美团。", "date": "2010-03-04"},
        {"text": "马云创立了阿里巴巴。"},
    ]
    labels = set(build(records=records, since="2015").nodes["label"])
    assert "黄峥" in labels and "王兴" not in labels and "马云" not in labels
    labels = set(build(records=records, until="2012-12-31").nodes["label"])
    assert labels >= {"王兴"} and "黄峥" not in labels


def test_inline_html_is_isolated(eg):
    page = eg._repr_html_()
    assert page.startswith("<div><iframe srcdoc=")
    assert "<script" not in page  # the page is escaped inside srcdoc
    assert "window.network" in eg.to_html()


def test_save_writes_cli_outputs(eg, tmp_path):
    eg.save(tmp_path)
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {"graph.html", "graph.json", "graph.graphml", "mentions.jsonl", "relations.jsonl", "report.json"}
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert {n["label"] for n in data["nodes"]} == set(eg.nodes["label"])


def test_files():
    eg = build(files=FIXTURES)
    assert len(eg) > 0
