import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
OUTPUTS = ["graph.html", "graph.json", "graph.graphml", "mentions.jsonl", "relations.jsonl", "report.json"]


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["build", str(FIXTURES), "--out", str(out), "--quiet"]) == 0
    return out


def test_all_outputs_written(built):
    for name in OUTPUTS:
        assert (built / name).stat().st_size > 0, name
    assert sorted(p.name for p in built.iterdir() if not p.name.startswith(".")) == sorted(OUTPUTS)


def test_graph_json_contract(built):
    data = json.loads((built / "graph.json").read_text(encoding="utf-8"))
    assert data["directed"] and data["multigraph"]
    labels = {n["label"] for n in data["nodes"]}
    assert {"黄峥", "拼多多", "王兴", "美团"} <= labels
    for node in data["nodes"]:
        assert node["id"] == f"{node['type']}:{node['label']}"
        assert set(node) >= {"id", "label", "type", "aliases", "alias_counts", "mentions", "docs", "first_seen", "last_seen"}
        assert node["mentions"] == sum(node["alias_counts"].values())
    assert data["edges"]
    for edge in data["edges"]:
        assert set(edge) >= {"source", "target", "relation", "weight", "confidence", "evidence", "directed"}
        if not edge["directed"]:
            assert edge["source"] < edge["target"]
        for ev in edge["evidence"]:
            assert set(ev) == {"doc_id", "sentence", "start", "end"}
    assert any(meta.get("title") for meta in data["graph"]["documents"].values())


def test_mentions_and_relations_point_into_the_text(built):
    texts = {}
    for path in FIXTURES.iterdir():
        if path.suffix == ".txt":
            texts[str(FIXTURES / path.name)] = path.read_text(encoding="utf-8-sig")
    nodes = {n["id"] for n in json.loads((built / "graph.json").read_text(encoding="utf-8"))["nodes"]}
    mentions = read_jsonl(built / "mentions.jsonl")
    assert mentions
    for m in mentions:
        assert set(m) == {"doc_id", "start", "end", "text", "type", "entity"}
        assert m["entity"] in nodes
        if m["doc_id"] in texts:
            assert texts[m["doc_id"]][m["start"]:m["end"]] == m["text"]
    relations = read_jsonl(built / "relations.jsonl")
    assert any(r["relation"] == "co_occurs" for r in relations)
    for r in relations:
        assert r["head"] in nodes and r["tail"] in nodes
        assert r["head_text"] in r["sentence"] and r["tail_text"] in r["sentence"]
        if r["doc_id"] in texts:
            assert texts[r["doc_id"]][r["start"]:r["end"]] == r["sentence"]


def test_doc_ids_follow_the_rules(built):
    doc_ids = {m["doc_id"] for m in read_jsonl(built / "mentions.jsonl")}
    assert any(d.startswith(str(FIXTURES) + "/") for d in doc_ids)


def test_html_is_self_contained(built):
    html = (built / "graph.html").read_text(encoding="utf-8")
    assert "window.network" in html
    assert "<script src=" not in html and 'href="http' not in html


def test_same_input_same_graph_json(built, tmp_path):
    assert main(["build", str(FIXTURES), "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "graph.json").read_bytes() == (built / "graph.json").read_bytes()


def test_types_and_min_mentions(tmp_path):
    assert main(["build", str(FIXTURES), "--out", str(tmp_path), "--types", "PERSON", "--quiet"]) == 0
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert data["nodes"] and {n["type"] for n in data["nodes"]} == {"PERSON"}
    assert main(["build", str(FIXTURES), "--out", str(tmp_path), "--min-mentions", "1000", "--quiet"]) == 0
    assert json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))["nodes"] == []


def test_stdin(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "graph.cli", "build", "-", "--out", str(tmp_path), "--quiet"],
        input="黄峥创立了拼多多，王兴创立了美团。".encode("utf-8"), capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    labels = {n["label"] for n in json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))["nodes"]}
    assert {"黄峥", "拼多多"} <= labels


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True)


def test_version_and_help():
    assert run_cli("--version").stdout.startswith("entity-graph ")
    proc = run_cli("build", "--help")
    assert proc.returncode == 0 and "--min-mentions" in proc.stdout


@pytest.mark.parametrize(
    "args,needle",
    [
        (["build", "no/such/file.txt"], "no/such/file.txt"),
        (["build", str(FIXTURES), "--model", "zh_core_web_sm"], "python -m spacy download zh_core_web_sm"),
        (["build", str(FIXTURES), "--min-mentions", "0"], "--min-mentions"),
    ],
)
def test_usage_errors_are_one_line(args, needle, tmp_path):
    proc = run_cli(*args, "--out", str(tmp_path))
    assert proc.returncode == 2
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 or proc.stderr.startswith("usage:")


def test_unwritable_out(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_cli("build", str(FIXTURES), "--out", str(blocker / "out"))
    assert proc.returncode == 2
    assert str(blocker / "out") in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
