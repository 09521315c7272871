"""The graph page in headless Chromium, with every network request blocked."""
import csv
import io
import time
from pathlib import Path

import networkx as nx
import pytest

from graph.html import write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page of the graph with its console errors and the requests it tried."""

    def __init__(self, browser, path: Path, bypass_csp: bool = False):
        self.context = browser.new_context(viewport={"width": 1300, "height": 800}, bypass_csp=bypass_csp,
                                           accept_downloads=True)
        self.page = self.context.new_page()
        self.errors, self.blocked = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expression, arg=None):
        return self.page.evaluate(expression, arg)

    def wait(self, expression, arg=None, timeout=10.0):
        # polling from here: the page's CSP forbids the eval behind wait_for_function
        end = time.monotonic() + timeout
        while not self.js(expression, arg):
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {expression}")
            time.sleep(0.05)

    def node_xy(self, node_id: str):
        return self.js("""id => {
            const p = network.canvasToDOM(network.getPositions([id])[id]);
            const r = document.getElementById("network").getBoundingClientRect();
            return [p.x + r.left, p.y + r.top];
        }""", node_id)

    def click_node(self, node_id: str):
        self.page.mouse.click(*self.node_xy(node_id))

    def panel(self) -> str:
        return self.page.inner_text("#panel")

    def close(self):
        self.context.close()


@pytest.fixture
def open_page(browser, tmp_path):
    pages = []

    def open_(G, bypass_csp=False, **options):
        path = write_html(G, tmp_path / f"graph{len(pages)}.html", **options)
        pages.append(Page(browser, path, bypass_csp))
        return pages[-1]

    yield open_
    for p in pages:
        p.close()


def test_loads_offline_without_errors(open_page, entity_graph):
    p = open_page(entity_graph, communities=True)
    assert p.js("window.network.body.data.nodes.length") == entity_graph.number_of_nodes()
    assert p.js("window.network.body.data.edges.length") == entity_graph.number_of_edges()
    assert p.errors == [] and p.blocked == []


def test_max_nodes_on_the_page(open_page):
    G = nx.MultiDiGraph(documents={})
    for i in range(30):
        G.add_node(f"ORG:公司{i}", label=f"公司{i}", type="ORG", aliases=[f"公司{i}"], mentions=100 - i, docs=1)
    p = open_page(G, max_nodes=12)
    assert p.js("window.network.body.data.nodes.length") == 12
    assert "18" in p.page.inner_text("#stats")
    assert p.errors == []


def test_big_graph_settles_and_stops(open_page):
    G = nx.MultiDiGraph(documents={})
    for i in range(160):
        G.add_node(f"ORG:{i}", label=f"公司{i}", type="ORG", aliases=[f"公司{i}"], mentions=1 + i % 7)
    for i in range(1, 160):
        G.add_edge(f"ORG:{i // 3}", f"ORG:{i}", key="co_occurs", relation="co_occurs", weight=1, directed=False,
                   evidence=[])
    p = open_page(G)
    assert p.js("window.network.body.data.nodes.length") == 160
    assert p.js("window.network.physics.physicsEnabled") is False
    xs = p.js("Object.values(window.network.getPositions()).map(q => Math.round(q.x))")
    assert len(set(xs)) > 100  # spread out, not piled up
    assert p.errors == []


def test_click_node_shows_evidence(open_page, entity_graph):
    p = open_page(entity_graph)
    p.click_node("PERSON:黄峥")
    p.wait("document.querySelector('#panel h2').textContent === '黄峥'")
    text = p.panel()
    assert "黄峥创立了拼多多，并长期领导拼多多。" in text
    assert "拼多多年报" in text and "news:1" in text
    assert p.js("document.querySelector('#panel .evidence a').href") == "https://example.com/pdd"
    marks = p.js("[...document.querySelectorAll('#panel mark.self')].map(m => m.textContent)")
    assert "黄峥" in marks
    assert p.js("network.getSelectedNodes()") == ["PERSON:黄峥"]
    # heaviest first, and at the same weight what the sentence says before that it was said there
    rels = p.js("[...document.querySelectorAll('#panel .rels .rel')].map(r => r.textContent)")
    assert rels == ['→ 领导 (曾经)', '→ 创立', '— 共现']
    assert p.errors == []


def test_a_cut_sentence_is_shown_with_an_ellipsis(open_page, entity_graph):
    p = open_page(entity_graph)
    p.click_node("GPE:上海")
    p.wait("document.querySelector('#panel h2').textContent === '上海'")
    texts = p.js("[...document.querySelectorAll('#panel .evidence .text')].map(t => t.textContent)")
    assert texts == ["…拼多多总部位于上海。"]
    assert p.errors == []


def test_click_edge_shows_relation(open_page, entity_graph):
    p = open_page(entity_graph)
    x, y = p.js("""() => {
        const pos = network.getPositions(["PRODUCT:钉钉", "ORG:阿里巴巴"]);
        const a = pos["PRODUCT:钉钉"], b = pos["ORG:阿里巴巴"];
        const q = network.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
        const r = document.getElementById("network").getBoundingClientRect();
        return [q.x + r.left, q.y + r.top];
    }""")
    p.page.mouse.click(x, y)
    p.wait("document.querySelector('#panel h2').textContent === '产品归属'")
    text = p.panel()
    assert "80%" in text and "阿里巴巴推出钉钉，与PDD竞争。" in text


def test_search_by_alias_focuses_node(open_page, entity_graph):
    p = open_page(entity_graph, lang="en")
    p.page.fill("#search", "pdd")
    p.wait("network.getSelectedNodes()[0] === 'ORG:拼多多'")
    assert p.page.inner_text("#results").startswith("拼多多")
    assert p.js("document.querySelector('#panel h2').textContent") == "拼多多"


def test_search_waits_for_ime_composition(open_page, entity_graph):
    p = open_page(entity_graph)
    p.js("""() => {
        const s = document.getElementById("search");
        s.focus();
        s.dispatchEvent(new CompositionEvent("compositionstart", {data: ""}));
        s.value = "钉";
        s.dispatchEvent(new InputEvent("input", {data: "钉", isComposing: true}));
    }""")
    time.sleep(0.4)
    assert p.js("network.getSelectedNodes()") == []
    p.js("""() => {
        const s = document.getElementById("search");
        s.value = "钉钉";
        s.dispatchEvent(new CompositionEvent("compositionend", {data: "钉钉"}));
    }""")
    p.wait("network.getSelectedNodes()[0] === 'PRODUCT:钉钉'")


def test_filters_slider_and_reset(open_page, entity_graph):
    p = open_page(entity_graph)
    hidden = "id => network.body.data.nodes.get(id).hidden === true"
    p.page.get_by_label("人物").uncheck()
    assert p.js(hidden, "PERSON:黄峥")
    p.page.get_by_label("共现").uncheck()
    co = p.js("network.body.data.edges.get().filter(e => e.dashes).map(e => e.hidden)")
    assert co and all(co)
    p.page.click("#reset")
    assert not p.js(hidden, "PERSON:黄峥")
    p.page.fill("#min-weight", "1")  # the second weight: 2
    visible = p.js("network.body.data.edges.get().filter(e => !e.hidden).map(e => e.label)")
    assert visible == ["领导 (曾经)"]
    p.page.click("#reset")
    assert p.js("network.body.data.edges.get().filter(e => e.hidden).length") == 0


def test_exports(open_page, entity_graph):
    p = open_page(entity_graph)
    with p.page.expect_download() as png:
        p.page.click("#export-png")
    assert png.value.suggested_filename == "graph.png"
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    p.click_node("ORG:拼多多")
    p.wait("document.getElementById('export-csv') !== null")
    with p.page.expect_download() as got:
        p.page.click("#export-csv")
    assert got.value.suggested_filename == "evidence-拼多多.csv"
    rows = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_bytes().decode("utf-8-sig"))))
    assert {r["sentence"] for r in rows} == {"黄峥创立了拼多多，并长期领导拼多多。", "阿里巴巴推出钉钉，与PDD竞争。", "拼多多总部位于上海。"}
    assert {r["title"] for r in rows if r["doc_id"] == "news:1"} == {"拼多多年报"}


IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=2</script>"


def hostile_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    G.graph["documents"] = {
        "news:1": {"title": IMG, "url": "javascript:window.__pwned=3", "date": SCRIPT},
        "news:2": {"url": " JavaScript:window.__pwned=4"},
        f"{IMG}": {"title": "x", "url": "data:text/html,<script>window.__pwned=5</script>"},
    }
    node = G.nodes["ORG:拼多多"]
    node["label"] = IMG
    node["aliases"] = [IMG, SCRIPT, "拼多多"]
    node["alias_counts"] = {IMG: 2, SCRIPT: 1, "拼多多": 1}
    G.nodes["PERSON:黄峥"]["type"] = "<svg onload=window.__pwned=6>"
    for _, _, d in G.edges(data=True):
        d["evidence"] = [dict(ev, sentence=ev["sentence"] + IMG + SCRIPT + "</script><!--") for ev in d["evidence"]]
        d["evidence"].append({"doc_id": IMG, "sentence": "<a href=javascript:window.__pwned=7>x</a>", "start": 0, "end": 1})
    G.add_edge("ORG:拼多多", "ORG:阿里巴巴", key="<b onmouseover=window.__pwned=8>",
               relation="<b onmouseover=window.__pwned=8>", weight=3, confidence=0.5, directed=True,
               qualifier="<i>", evidence=[])
    return G


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "without-csp"])
def test_hostile_text_runs_nothing(open_page, entity_graph, bypass_csp):
    p = open_page(hostile_graph(entity_graph), bypass_csp=bypass_csp, communities=True, title=SCRIPT)
    for node in ["ORG:拼多多", "PERSON:黄峥", "ORG:阿里巴巴", "PRODUCT:钉钉"]:
        p.page.mouse.move(*p.node_xy(node))  # the tooltip
        p.wait("!document.getElementById('tooltip').hidden")
        p.page.mouse.click(*p.node_xy(node))  # the panel
        p.wait("id => network.getSelectedNodes()[0] === id", node)
        time.sleep(0.3)  # no double click
    assert p.page.inner_text("#panel h2") == "钉钉"
    p.click_node("ORG:拼多多")
    p.wait("document.querySelectorAll('#panel .evidence li').length > 0")
    assert IMG in p.panel() and SCRIPT in p.panel()  # shown as text
    for a in p.page.query_selector_all("#panel a"):
        a.click(modifiers=["Control"]) if a.get_attribute("href") else None
    p.page.fill("#search", "<img")
    p.wait("!document.getElementById('results').hidden")
    time.sleep(0.3)
    assert p.js("window.__pwned") is None
    assert p.js("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert p.js("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name))).length") == 0
    assert p.js("document.querySelectorAll('#panel script, #results script, #tooltip script').length") == 0
    hrefs = p.js("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert all(h.startswith(("http:", "https:")) for h in hrefs)
    assert p.page.title() == SCRIPT
    assert p.blocked == []
