"""Benchmark the graph page: 2,000 nodes and 10,000 edges in headless Chromium.

Prints the page size and the time from navigation start to a stable,
clickable graph (vis stabilisation done, physics off). Targets: under 5 s and
under 5 MB.

    python tests/benchmarks/bench_page.py [--nodes 2000] [--edges 10000] [--runs 3] [--keep out.html]

Needs Debian's chromium at /usr/bin/chromium and ``pip install playwright``.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository

from graph.html import write_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
TYPES = ["ORG", "PERSON", "PRODUCT", "GPE", "LOC"]
RELATIONS = ["founded", "leads", "product_of", "works_for", "invests_in", "acquired"]
CHARS = "阿里巴拼多钉腾讯华为京东美团字节跳动小米百度网易滴滴快手携程蔚来理想比亚迪宁德时代黄峥马云刘强张一鸣雷军李彦宏王兴丁磊程维宿华梁建章李斌"


def make_graph(n_nodes: int, n_edges: int, seed: int = 0) -> nx.MultiDiGraph:
    """A random entity graph per the graph contract: skewed mentions, mostly co-occurrence."""
    rng = random.Random(seed)
    n_docs = max(1, n_nodes // 4)
    documents = {f"doc:{i}": {"title": f"新闻 {i}", "url": f"https://news.example.com/{i}", "date": f"2023-{1 + i % 12:02d}-01"}
                 for i in range(n_docs)}
    G = nx.MultiDiGraph(documents=documents)
    names = set()
    while len(names) < n_nodes:
        names.add("".join(rng.choice(CHARS) for _ in range(rng.randint(2, 4))))
    ids = []
    for name in sorted(names):
        type_ = rng.choice(TYPES)
        mentions = int(rng.paretovariate(1.2)) + 1
        aliases = [name, name[:2]] if len(name) > 2 else [name]
        ids.append(f"{type_}:{name}")
        G.add_node(ids[-1], label=name, type=type_, aliases=aliases,
                   alias_counts={a: max(1, mentions // (i + 1)) for i, a in enumerate(aliases)},
                   mentions=mentions, docs=min(mentions, n_docs), first_seen="2023-01-01", last_seen="2023-12-01")
    weights = [G.nodes[n]["mentions"] for n in ids]
    pairs = set()
    while len(pairs) < n_edges:
        u, v = rng.choices(ids, weights=weights, k=2)
        relation = "co_occurs" if rng.random() < 0.7 else rng.choice(RELATIONS)
        if u == v:
            continue
        if relation == "co_occurs":
            u, v = sorted((u, v))
        if (u, v, relation) in pairs:
            continue
        pairs.add((u, v, relation))
        evidence = []
        for _ in range(rng.randint(1, 3)):
            doc = rng.randrange(n_docs)
            start = rng.randrange(0, 2000, 20)
            a, b = G.nodes[u]["label"], G.nodes[v]["label"]
            evidence.append({"doc_id": f"doc:{doc}", "sentence": f"{a}与{b}在第{start}字附近的句子里一同出现。",
                             "start": start, "end": start + 20})
        G.add_edge(u, v, key=relation, relation=relation, weight=len(evidence) + int(rng.expovariate(0.5)),
                   confidence=round(rng.uniform(0.5, 1.0), 3), directed=relation != "co_occurs", evidence=evidence)
    return G


def measure(path: Path, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
            times.append(page.evaluate("window.graphReadyAt") / 1000)
            print("timings (ms):", {k: round(v) for k, v in page.evaluate("window.graphTimings").items()})
            if errors:
                print("console errors:", errors[:3], file=sys.stderr)
            page.close()
        browser.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="write the page here and keep it")
    args = parser.parse_args()

    G = make_graph(args.nodes, args.edges)
    out = args.keep or Path(tempfile.mkdtemp()) / "graph.html"
    started = time.perf_counter()
    write_html(G, out, max_nodes=args.nodes + 1)
    rendered = time.perf_counter() - started
    size = out.stat().st_size
    print(f"graph: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges")
    print(f"render (Python): {rendered:.2f} s")
    print(f"page size: {size / 1e6:.2f} MB ({size:,} bytes)")
    if not Path(CHROMIUM).exists():
        print(f"no browser at {CHROMIUM}: load time not measured")
        return 0
    times = measure(out, args.runs)
    print("load to stable graph: " + ", ".join(f"{t:.2f}" for t in times) + f" s (median {statistics.median(times):.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
