import pytest

# tests/benchmarks/ holds scripts that print measurements (run by hand, see the README), not tests:
# neither collected nor imported by --doctest-modules
collect_ignore = ["benchmarks"]


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run slow tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def small_entity_graph():
    """A small entity graph per the graph contract (for the page's tests)."""
    import networkx as nx

    G = nx.MultiDiGraph(documents={
        "news:1": {"title": "拼多多年报", "url": "https://example.com/pdd", "date": "2023-03-01"},
        "news:2": {"title": "钉钉发布会", "date": "2023-05-10"},
    })
    nodes = {
        "ORG:拼多多": ("拼多多", "ORG", {"拼多多": 5, "PDD": 2}, 2),
        "PERSON:黄峥": ("黄峥", "PERSON", {"黄峥": 3}, 2),
        "PRODUCT:钉钉": ("钉钉", "PRODUCT", {"钉钉": 2}, 1),
        "ORG:阿里巴巴": ("阿里巴巴", "ORG", {"阿里巴巴": 3, "阿里": 1}, 2),
        "GPE:上海": ("上海", "GPE", {"上海": 1}, 1),
    }
    for key, (label, type_, counts, docs) in nodes.items():
        G.add_node(key, label=label, type=type_, aliases=list(counts), alias_counts=counts,
                   mentions=sum(counts.values()), docs=docs, first_seen="2023-03-01", last_seen="2023-05-10")
    s1 = {"doc_id": "news:1", "sentence": "黄峥创立了拼多多，并长期领导拼多多。", "start": 0, "end": 18}
    s2 = {"doc_id": "news:2", "sentence": "阿里巴巴推出钉钉，与PDD竞争。", "start": 0, "end": 15}
    # the end of a long sentence, cut around the pair (as the pipeline gives a sentence over 200 characters)
    s3 = {"doc_id": "news:3", "sentence": "拼多多总部位于上海。", "start": 20, "end": 30, "clipped": "start"}
    edge = dict(weight=1, confidence=1.0, directed=False, relation="co_occurs")
    G.add_edge("ORG:拼多多", "PERSON:黄峥", key="co_occurs", **edge, evidence=[s1])
    G.add_edge("PERSON:黄峥", "ORG:拼多多", key="leads", relation="leads", weight=2, confidence=0.9,
               directed=True, evidence=[s1], qualifier="former")
    G.add_edge("PERSON:黄峥", "ORG:拼多多", key="founded", relation="founded", weight=1, confidence=0.95,
               directed=True, evidence=[s1])
    G.add_edge("ORG:拼多多", "ORG:阿里巴巴", key="co_occurs", **edge, evidence=[s2])
    G.add_edge("PRODUCT:钉钉", "ORG:阿里巴巴", key="product_of", relation="product_of", weight=1,
               confidence=0.8, directed=True, evidence=[s2])
    G.add_edge("GPE:上海", "ORG:拼多多", key="co_occurs", **edge, evidence=[s3])
    return G


@pytest.fixture
def entity_graph():
    return small_entity_graph()
