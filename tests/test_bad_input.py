"""Bad input gets a clear word and loses nothing (issue 9).

One folder holds every kind of messy input; the run processes all it can,
``report.json`` accounts for every file, JSONL line and CSV row, errors are one
line, and an interrupted run leaves the previous outputs whole. Property tests
run arbitrary text through the readers and the whole pipeline.

Every text here was written for these tests.
"""
from __future__ import annotations

import codecs
import csv as csv_module
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.cli import main
from graph.run import MAX_CHARS, BuildOptions, Report, run_build
from pipelines.readers import read_inputs
from pipelines.records import Document, Skipped

# -- the folder of every case ------------------------------------------------------------------

BROKEN_LINE = '{"text": "丁磊创办了网易。", "id": }'
FILLER = "今天的会议讨论了明年的计划，大家都发表了意见。"
LONG = "曹德旺创办了福耀玻璃。" + FILLER * (MAX_CHARS // len(FILLER) + 40) + "周鸿祎创办了奇虎360。"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\nx\x9c\x00\x01\xff\nendstream\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"

# the text of each document that can be read
TEXTS = {
    "big5.txt": ["張一鳴在北京創辦了字節跳動。"],
    "gbk.txt": ["美团创始人王兴在北京接受了采访。"],
    "lines.jsonl": ["刘强东创办了京东。", "雷军是小米的创始人。"],
    "long.txt": [LONG],
    "rows.csv": ["任正非创立了华为。", "李彦宏是百度的创始人。"],
    "utf16.txt": ["马化腾表示，腾讯将继续投资云计算。"],
    "utf8bom.txt": ["黄峥于2015年创立了拼多多。"],
}
FILES = {
    "big5.txt": TEXTS["big5.txt"][0].encode("big5"),
    "cover.docx": b"PK\x03\x04\x14\x00\x06\x00",
    "empty.txt": b"",
    "gbk.txt": TEXTS["gbk.txt"][0].encode("gbk"),
    "lines.jsonl": (
        '{"id": "j-1", "text": "刘强东创办了京东。"}\n' + BROKEN_LINE + "\n\n" + '{"text": "雷军是小米的创始人。"}\n'
    ).encode(),
    "long.txt": LONG.encode(),  # one line, cut in pieces for the pipeline
    "photo.txt": PNG,
    "rows.csv": "id,title,text\n1,华为,任正非创立了华为。\n2,格力电器的一天\n3,百度,李彦宏是百度的创始人。\n".encode(),
    "scan.txt": PDF,
    "utf16.txt": codecs.BOM_UTF16_LE + TEXTS["utf16.txt"][0].encode("utf-16-le"),
    "utf8bom.txt": codecs.BOM_UTF8 + TEXTS["utf8bom.txt"][0].encode(),
}

# the names each readable file (or line, or row) puts on the graph
NAMES = {
    "big5.txt": {"張一鳴", "字節跳動"},
    "gbk.txt": {"王兴", "美团"},
    "lines.jsonl": {"刘强东", "京东", "雷军", "小米"},
    "long.txt": {"曹德旺", "福耀玻璃", "周鸿祎", "奇虎360"},
    "rows.csv": {"任正非", "华为", "李彦宏", "百度"},
    "utf16.txt": {"马化腾", "腾讯"},
    "utf8bom.txt": {"黄峥", "拼多多"},
}
NOT_READ = {"丁磊", "网易", "格力电器"}  # only in the broken line and the bad row


def column_of(line: str) -> int:
    try:
        json.loads(line)
    except json.JSONDecodeError as err:
        return err.colno
    raise AssertionError("the line should be broken")


def expected_files(root: str) -> dict:
    def txt(encoding):
        return {"status": "processed", "encoding": encoding, "documents": 1, "skipped": 0}

    def skipped(reason, **encoding):
        return {"status": "skipped", "reason": reason, **encoding, "documents": 0, "skipped": 1}

    return {
        f"{root}/big5.txt": txt("big5"),
        f"{root}/cover.docx": skipped("unsupported file type"),
        f"{root}/empty.txt": skipped("empty", encoding="utf-8"),
        f"{root}/gbk.txt": txt("gbk"),
        f"{root}/lines.jsonl": {
            "status": "processed", "encoding": "utf-8", "documents": 2, "skipped": 1,
            "lines": {
                "processed": [[1, 1], [4, 4]],
                "skipped": [{"line": 2, "reason": f"invalid JSON at column {column_of(BROKEN_LINE)}"}],
            },
        },
        f"{root}/long.txt": txt("utf-8"),
        f"{root}/photo.txt": skipped("binary content"),
        f"{root}/rows.csv": {
            "status": "processed", "encoding": "utf-8", "documents": 2, "skipped": 1,
            "rows": {"processed": [[1, 1], [3, 3]], "skipped": [{"row": 2, "reason": "no text field"}]},
        },
        f"{root}/scan.txt": skipped("binary content"),
        f"{root}/utf16.txt": txt("utf-16-le"),
        f"{root}/utf8bom.txt": txt("utf-8-sig"),
    }


def read_jsonl(path: Path) -> list[dict]:
    # lines end at "\n" only: U+0085 and U+2028 may stand unescaped inside a record
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def write_corpus(root: Path, files: dict[str, bytes] = FILES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("messy") / "corpus")


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["build", str(corpus), "--out", str(out), "--quiet"]) == 0
    return out


def test_every_file_line_and_row_in_the_report(corpus, built):
    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    root = str(corpus)
    assert report["files"] == expected_files(root)
    assert list(report["files"]) == sorted(report["files"])  # reading order
    totals = report["totals"]
    assert (totals["documents"], totals["skipped"]) == (9, 6)
    assert (totals["files"], totals["files_processed"], totals["files_skipped"]) == (11, 7, 4)
    assert (totals["lines_skipped"], totals["rows_skipped"]) == (1, 1)
    assert totals["chars"] == sum(len(text) for texts in TEXTS.values() for text in texts)
    # the list of skips kept from before: the same records, in reading order
    assert report["skipped"] == [
        {"source": f"{root}/cover.docx", "reason": "unsupported file type"},
        {"source": f"{root}/empty.txt", "reason": "empty"},
        {"source": f"{root}/lines.jsonl:2", "reason": f"invalid JSON at column {column_of(BROKEN_LINE)}"},
        {"source": f"{root}/photo.txt", "reason": "binary content"},
        {"source": f"{root}/rows.csv:2", "reason": "no text field"},
        {"source": f"{root}/scan.txt", "reason": "binary content"},
    ]
    assert set(report) >= {"model", "totals", "nlp", "dropped_mentions", "files", "skipped"}


def test_entities_of_every_readable_file_on_the_graph(corpus, built):
    graph = json.loads((built / "graph.json").read_text(encoding="utf-8"))
    forms = {form for node in graph["nodes"] for form in node["alias_counts"]}
    for name, names in NAMES.items():
        assert names <= forms, (name, names - forms)
    assert not NOT_READ & forms
    # every document read has mentions of nodes on the graph, under its doc_id
    file_of = {d.doc_id: Path(d.source).name for d in read_inputs([str(corpus)]) if isinstance(d, Document)}
    assert len(file_of) == 9 and {"j-1", "1", "3"} <= set(file_of)
    found = {m["doc_id"] for m in read_jsonl(built / "mentions.jsonl") if m["entity"]}
    assert found == set(file_of)


def test_offsets_index_the_decoded_texts(corpus, built):
    documents = [d for d in read_inputs([str(corpus)]) if isinstance(d, Document)]
    assert sorted(d.text for d in documents) == sorted(t for texts in TEXTS.values() for t in texts)  # BOMs removed only
    texts = {d.doc_id: d.text for d in documents}
    mentions = read_jsonl(built / "mentions.jsonl")
    for m in mentions:
        assert texts[m["doc_id"]][m["start"]:m["end"]] == m["text"], m
    # the long document was cut in pieces; mentions after the first piece still point right
    late = [m for m in mentions if m["doc_id"] == f"{corpus}/long.txt" and m["start"] > MAX_CHARS]
    assert {m["text"] for m in late} >= {"周鸿祎", "奇虎360"}
    for r in read_jsonl(built / "relations.jsonl"):
        assert texts[r["doc_id"]][r["start"]:r["end"]] == r["sentence"], r
    graph = json.loads((built / "graph.json").read_text(encoding="utf-8"))
    for edge in graph["edges"]:
        for ev in edge["evidence"]:
            assert texts[ev["doc_id"]][ev["start"]:ev["end"]] == ev["sentence"], ev


def test_same_input_byte_identical_graph_json(corpus, built, tmp_path):
    assert main(["build", str(corpus), "--out", str(tmp_path), "--quiet", "--no-cache"]) == 0
    assert (tmp_path / "graph.json").read_bytes() == (built / "graph.json").read_bytes()
    for name in ("mentions.jsonl", "relations.jsonl"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name
    first, second = (json.loads((d / "report.json").read_text(encoding="utf-8")) for d in (built, tmp_path))
    assert first["files"] == second["files"] and first["totals"] == second["totals"]


def test_summary_is_one_line(corpus, built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)  # its NLP cache makes this run quick
    proc = run_cli("build", str(corpus), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr.strip().splitlines()
    totals = json.loads((out / "report.json").read_text(encoding="utf-8"))["totals"]
    assert err[-1] == (
        f"9 documents (9 from the cache) from 7 of 11 files, {totals['nodes']} entities, {totals['edges']} edges "
        f"-> {out}/graph.html; skipped 4 files, 1 line, 1 row, see {out}/report.json"
    )
    # each skip is also named on a line of its own (a long run of them is cut short)
    assert f"entity-graph: skipped {corpus}/lines.jsonl:2: invalid JSON at column {column_of(BROKEN_LINE)}" in err


def test_many_skips_are_not_all_logged(tmp_path):
    lines = ['{"text": "王兴创办了美团。"}'] + ["{oops"] * 50
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", str(path), "--out", str(out), "--processes", "1")
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr.strip().splitlines()
    assert len(err) == 12 and err[-2] == "entity-graph: more inputs skipped; every one is listed in report.json"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["files"][str(path)]["lines"] == {
        "processed": [[1, 1]],
        "skipped": [{"line": n, "reason": "invalid JSON at column 2"} for n in range(2, 52)],
    }
    text = (out / "report.json").read_text(encoding="utf-8")
    assert '{"line": 2, "reason": "invalid JSON at column 2"}' in text  # one line for each skipped line


# -- exit codes and one-line errors --------------------------------------------------------------


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True)


def assert_one_line(proc, code: int, *needles: str):
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, (needle, proc.stderr)


def test_nothing_readable_exits_1_naming_the_file(tmp_path):
    root = write_corpus(tmp_path / "bad", {name: FILES[name] for name in ("empty.txt", "scan.txt")})
    out = tmp_path / "out"
    proc = run_cli("build", str(root), "--out", str(out), "--quiet")
    assert_one_line(proc, 1, f"{root}/empty.txt: empty", "2 inputs skipped", f"{out}/report.json")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [f["status"] for f in report["files"].values()] == ["skipped", "skipped"]
    assert report["totals"]["documents"] == 0


def test_no_supported_file_exits_1(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / ".hidden.txt").write_text("黄峥创立了拼多多。", encoding="utf-8")
    proc = run_cli("build", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert_one_line(proc, 1, f"no .txt, .md, .jsonl or .csv file in {tmp_path / 'in'}")


def test_missing_input_is_found_before_any_work(tmp_path, corpus):
    out = tmp_path / "out"
    proc = run_cli("build", str(corpus), str(tmp_path / "gone.txt"), "--out", str(out))
    assert_one_line(proc, 2, f"input not found: {tmp_path / 'gone.txt'}")
    assert not out.exists()


@pytest.mark.parametrize(
    "model, needles",
    [
        ("zh_core_web_sm", ["python -m spacy download zh_core_web_sm"]),
        ("zh_core_web_trf", ["python -m spacy download zh_core_web_trf"]),
        ("de_core_news_md", ["python -m spacy download de_core_news_md"]),
        ("no_such_pipeline", ['"no_such_pipeline", which is not installed', "leave --model out"]),
        ("models/nowhere", ['"models/nowhere", a path that does not exist']),
    ],
)
def test_unknown_model_says_how_to_install_it(tmp_path, model, needles):
    proc = run_cli("build", str(tmp_path), "--model", model, "--out", str(tmp_path / "out"))
    assert_one_line(proc, 2, *needles)
    assert "pip install" not in proc.stderr


def test_damaged_model_is_one_line(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.cfg").write_text('[nlp]\nlang = "zh"\n', encoding="utf-8")  # no meta.json, no weights
    doc = tmp_path / "a.txt"
    doc.write_text("黄峥创立了拼多多。", encoding="utf-8")
    proc = run_cli("build", str(doc), "--model", str(model), "--out", str(tmp_path / "out"), "--quiet")
    assert_one_line(proc, 2, f'"{model}", a spaCy pipeline that cannot be loaded')


# -- interrupted runs ----------------------------------------------------------------------------


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def test_interrupted_run_leaves_previous_outputs(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = outputs(out)
    other = tmp_path / "other.txt"
    other.write_text("董明珠是格力电器的董事长。", encoding="utf-8")

    def interrupt(result):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_build([str(other)], out, BuildOptions(processes=1, cache=False), progress=interrupt)
    assert outputs(out) == before  # byte for byte, and no temporary file left beside them


def test_interrupted_write_keeps_the_old_file_whole(built, tmp_path, monkeypatch):
    import graph.readwrite
    import graph.run
    from graph.readwrite import atomic_write

    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = outputs(out)

    def half_written(G, path):
        with atomic_write(path) as f:
            f.write('{"nodes": [')
            raise KeyboardInterrupt

    monkeypatch.setattr(graph.readwrite, "write_json", half_written)
    monkeypatch.setattr(graph.run, "write_json", half_written, raising=False)
    other = tmp_path / "other.txt"
    other.write_text("董明珠是格力电器的董事长。", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        run_build([str(other)], out, BuildOptions(processes=1, cache=False))
    after = outputs(out)
    assert set(after) == set(before)  # no temporary file left
    for name in ("graph.json", "graph.html", "graph.graphml", "report.json"):
        assert after[name] == before[name], name
    json.loads(after["graph.json"])


# -- properties: arbitrary text through the readers and the whole pipeline -----------------------


@pytest.fixture(scope="module")
def nlp():
    from pipelines.pipeline import load

    return load()


WORDS = ["黄峥", "拼多多", "马化腾", "腾讯", "北京", "上海", "阿里巴巴", "华为", "CEO", "创立了", "收购", "投资",
         "总部位于", "该公司", "他", "其", "（以下简称“", "”）", "。", "，", "！", "\n", " ", "的"]
ODD = list("\x00\x01\x07\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\u200b\u200d\u0301\u3000\r\t"
           "ＡａＰＤＤ한국語العربيةäéßя😀𠮷")
PIECE = st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(max_size=6))
TEXT = st.one_of(
    st.lists(PIECE, max_size=60).map("".join),  # names, punctuation, control characters, mixed scripts
    st.text(max_size=200),  # any Unicode
    st.builds(  # a very long line, with or without sentence ends
        lambda unit, n: unit * n,
        st.sampled_from(["黄峥创立了拼多多，", "腾讯在深圳。", "中" * 7, "ab c", "马化腾\u2028"]),
        st.integers(20, 120),
    ),
)


def assert_points_into(text: str, result) -> None:
    for m in result.mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text, m
        assert 0 <= m.sent_start <= m.sent_end <= len(text), m
    for r in result.relations:
        assert 0 <= r.start <= r.end <= len(text) and text[r.start:r.end] == r.sentence, r
        for m in (r.head, r.tail):
            assert text[m.start:m.end] == m.text, m


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    texts=st.lists(TEXT, min_size=1, max_size=3),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
    max_chars=st.sampled_from([40, 300, MAX_CHARS]),
)
def test_property_readers_and_pipeline(nlp, texts, encoding, max_chars):
    """Files of any text, in any of the encodings read: no crash; every offset inside its text."""
    from pipelines.extract import extract

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(texts):
            paths.append(Path(tmp) / f"{i}.txt")
            paths[-1].write_bytes(text.encode(encoding))
        items = list(read_inputs([tmp]))
    assert len(items) == len(texts)
    documents = [item for item in items if isinstance(item, Document)]
    for item in items:
        if isinstance(item, Skipped):
            assert item.reason in {"empty", "binary content", "cannot decode text"}, item
            assert "\n" not in str(item)
    for document in documents:
        if encoding != "gb18030":  # bytes of other encodings may read alike; a BOM says which it is
            written = texts[int(Path(document.doc_id).stem)]
            assert document.text == (written.removeprefix("\ufeff") if encoding == "utf-8" else written)
    results = list(extract(nlp, documents, max_chars=max_chars))
    assert [r.document for r in results] == documents
    for result in results:
        assert_points_into(result.document.text, result)


@settings(max_examples=6, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=1, max_size=4), max_chars=st.sampled_from([60, 500]))
def test_property_whole_build(nlp, texts, max_chars):
    """Arbitrary JSONL documents through ``run_build``: every output offset indexes its text,
    and the report accounts for every line."""
    import pipelines.pipeline

    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipelines.pipeline, "load", lambda *args, **kwargs: nlp)  # loaded once for all examples
        path = Path(tmp) / "in.jsonl"
        path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
        out = Path(tmp) / "out"
        _, report = run_build([str(path)], out, BuildOptions(processes=1, cache=False, max_chars=max_chars))
        text_of = {f"{path}:{n}": t for n, t in enumerate(texts, 1)}
        for m in read_jsonl(out / "mentions.jsonl"):
            assert text_of[m["doc_id"]][m["start"]:m["end"]] == m["text"], m
        for r in read_jsonl(out / "relations.jsonl"):
            assert text_of[r["doc_id"]][r["start"]:r["end"]] == r["sentence"], r
        for edge in json.loads((out / "graph.json").read_text(encoding="utf-8"))["edges"]:
            for ev in edge["evidence"]:
                assert text_of[ev["doc_id"]][ev["start"]:ev["end"]] == ev["sentence"], ev
        entry = json.loads((out / "report.json").read_text(encoding="utf-8"))["files"][str(path)]
    kept = [n for n, t in enumerate(texts, 1) if t.strip()]
    assert entry["documents"] == len(kept) == report.documents
    lines = entry["lines"]
    assert [n for first, last in lines["processed"] for n in range(first, last + 1)] == kept
    assert [(s["line"], s["reason"]) for s in lines["skipped"]] == [(n, "empty") for n, t in enumerate(texts, 1) if not t.strip()]


LINE = st.one_of(
    st.just(""),  # blank
    st.sampled_from(['{"text": "王兴创办了美团。"}', '{"id": "x", "text": "雷军"}']),  # read
    st.sampled_from(['{"text": ', '{"text": 5}', '{"text": "  "}', "[1]", '{"text": "\\ud800"}']),  # skipped
    st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=10),
)


@settings(max_examples=150, deadline=None, database=None)
@given(lines=st.lists(LINE, max_size=30), csv=st.booleans())
def test_property_report_accounts_for_every_line(lines, csv):
    """Every JSONL line (CSV row) is in exactly one place: a processed range, the skipped
    lines with its reason, or (JSONL only) a blank line; the file is in the report once."""
    with tempfile.TemporaryDirectory() as tmp:
        if csv:
            path = Path(tmp) / "in.csv"
            with open(path, "w", encoding="utf-8", newline="") as f:
                writer = csv_module.writer(f, lineterminator="\n")
                writer.writerow(["text"])
                writer.writerows([line] for line in lines)
        else:
            path = Path(tmp) / "in.jsonl"
            path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        items = list(read_inputs([str(path)]))
    report = Report()
    for item in items:
        report.add(item)
    [(name, entry)] = report.to_dict()["files"].items()
    assert name == str(path)
    unit = "row" if csv else "line"
    status = {item.line: ("processed" if isinstance(item, Document) else item.reason) for item in items if item.line}
    accounted = entry.get(f"{unit}s", {"processed": [], "skipped": []})
    processed = [n for first, last in accounted["processed"] for n in range(first, last + 1)]
    skipped = {s[unit]: s["reason"] for s in accounted["skipped"]}
    assert not set(processed) & set(skipped)
    for n, what in status.items():
        assert (n in processed) if what == "processed" else (skipped[n] == what)
    for n in processed:  # a range holds only processed lines, and blank lines between them
        assert status.get(n, "processed") == "processed"
        if n not in status and not csv:
            assert not lines[n - 1].strip()
    documents = sum(isinstance(item, Document) for item in items)
    assert entry["documents"] == documents and entry["status"] == ("processed" if documents else "skipped")
    assert entry["skipped"] == sum(isinstance(item, Skipped) for item in items)
    assert documents or entry["reason"]  # a file with nothing read says why


@pytest.mark.parametrize("processes", [1, 2])
def test_a_document_the_pipeline_fails_on_costs_only_itself(tmp_path, monkeypatch, processes):
    import pipelines.extract as extract_module

    real = extract_module.doc_records

    def failing(doc, *args, **kwargs):
        if "故障" in doc.text:
            raise IndexError("made to fail")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(extract_module, "doc_records", failing)  # forked workers inherit it
    path = tmp_path / "docs.jsonl"
    texts = ["王兴创办了美团。", "这份故障报告由张三撰写。", "雷军创办了小米。"]
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    out = tmp_path / "out"
    G, report = run_build([str(path)], out, BuildOptions(processes=processes, batch_size=1))  # a task each
    assert report.engine["processes"] == processes and 1 <= report.engine["workers"] <= processes
    failed = json.loads((out / "report.json").read_text(encoding="utf-8"))["nlp"]["failed"]
    assert [(f["source"], f["reason"]) for f in failed] == [(f"{path}:2", "IndexError: made to fail")]
    assert {"PERSON:王兴", "ORG:美团", "PERSON:雷军", "ORG:小米"} <= set(G) and "PERSON:张三" not in G
    assert "the pipeline failed on 1 document" in report.summary(out)
    # it was not cached: once the pipeline works, the next run processes that document only
    monkeypatch.setattr(extract_module, "doc_records", real)
    G, report = run_build([str(path)], out, BuildOptions(processes=processes))
    assert report.processed == 1 and not report.failed and "PERSON:张三" in G
