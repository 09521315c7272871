"""The NLP cache under --out: reuse, invalidation, damage, and outputs identical with or without it."""
import json
import os
import shutil
import sqlite3
import zlib
from contextlib import closing
from pathlib import Path

import pytest

import graph.cache
import pipelines.pipeline
from graph.cache import NLPCache, NLPSettings, decode_records, encode_records, text_key
from graph.cli import main
from graph.run import BuildOptions, run_build
from pipelines.records import Mention, Relation

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
OUTPUTS = ["graph.json", "graph.graphml", "mentions.jsonl", "relations.jsonl", "graph.html"]


@pytest.fixture
def corpus(tmp_path):
    """A copy of the fixture corpus that a test may change."""
    return Path(shutil.copytree(FIXTURES, tmp_path / "corpus"))


def build(corpus, out, **options):
    options.setdefault("processes", 1)
    return run_build([str(corpus)], out, BuildOptions(**options))[1]


def database(out) -> Path:
    """The cache's one database (for the default NLP settings)."""
    (path,) = (out / ".cache").glob("nlp-v2/*/records.sqlite")
    return path


def entries(out) -> list[tuple[str, int, bytes]]:
    """The cache's entries: ``(key, crc, payload)``, by key."""
    with closing(sqlite3.connect(database(out))) as db:
        return db.execute("SELECT key, crc, payload FROM entries ORDER BY key").fetchall()


def set_entry(out, key: str, crc: int, payload: bytes) -> None:
    with closing(sqlite3.connect(database(out))) as db, db:
        db.execute("UPDATE entries SET crc = ?, payload = ? WHERE key = ?", (crc, payload, key))


def refuse_model(monkeypatch):
    """From now on, fail the test if anything loads a spaCy pipeline."""
    def refuse(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(pipelines.pipeline, "load", refuse)


def test_rerun_reuses_every_document(corpus, tmp_path):
    out = tmp_path / "out"
    first = build(corpus, out)
    assert first.documents > 3
    assert first.cache == {"enabled": True, "hits": 0, "misses": first.documents, "damaged": 0, "written": first.documents}
    assert first.processed == first.documents
    assert len(entries(out)) == first.documents
    second = build(corpus, out)
    assert second.cache["hits"] == second.documents == first.documents
    assert second.cache["misses"] == second.processed == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["nlp"]["processed"] == 0 and report["nlp"]["cache"]["hits"] == first.documents


def test_changed_document_is_recomputed_others_reused(corpus, tmp_path):
    out = tmp_path / "out"
    first = build(corpus, out)
    page = corpus / "pinduoduo.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\n王兴是美团的创始人。", encoding="utf-8")
    (corpus / "new.txt").write_text("马化腾创立了腾讯。", encoding="utf-8")
    second = build(corpus, out)
    assert second.documents == first.documents + 1
    assert second.processed == 2
    assert second.cache["hits"] == first.documents - 1
    labels = {n["label"] for n in json.loads((out / "graph.json").read_text(encoding="utf-8"))["nodes"]}
    assert {"马化腾", "腾讯"} <= labels


@pytest.fixture
def warm(corpus, tmp_path):
    """An output folder whose cache holds every fixture document."""
    out = tmp_path / "out"
    build(corpus, out)
    return corpus, out


def test_only_graph_options_changed_no_model_loaded(warm, tmp_path, monkeypatch):
    corpus, out = warm
    refuse_model(monkeypatch)
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical\nPDD,拼多多\n", encoding="utf-8")
    before = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    report = build(corpus, out, min_mentions=2, max_nodes=5, max_evidence=1, lang="en", title="T", aliases=str(aliases))
    assert report.processed == 0 and report.cache["hits"] == report.documents
    after = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert len(after["nodes"]) < len(before["nodes"])
    assert all(len(e["evidence"]) <= 1 for e in after["edges"])
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in page and "<title>T</title>" in page


def test_cli_warm_run_does_not_load_the_model(warm, monkeypatch, capsys):
    corpus, out = warm
    refuse_model(monkeypatch)
    assert main(["build", str(corpus), "--out", str(out), "--min-mentions", "2", "--lang", "en"]) == 0
    assert "from the cache" in capsys.readouterr().err


def test_the_loader_guard_works(warm, monkeypatch):
    corpus, out = warm
    refuse_model(monkeypatch)
    (corpus / "new.txt").write_text("马化腾创立了腾讯。", encoding="utf-8")
    with pytest.raises(AssertionError, match="the model was loaded"):
        build(corpus, out)


def test_cache_key_ignores_alias_files_and_graph_options(tmp_path):
    a = NLPSettings.compute(None, ("PERSON", "ORG"), 20_000)
    b = NLPSettings.compute(None, ("ORG", "PERSON"), 20_000)
    assert a.fingerprint == b.fingerprint  # the order of --types does not matter
    assert NLPSettings.compute(None, ("PERSON",), 20_000).fingerprint != a.fingerprint
    assert NLPSettings.compute(None, ("PERSON", "ORG"), 10_000).fingerprint != a.fingerprint
    # nothing but the NLP settings goes into the key: the same folder whatever the build options
    dirs = set()
    for options in (BuildOptions(), BuildOptions(aliases="x.csv", min_mentions=3, max_nodes=2, lang="en", title="t")):
        from graph.run import nlp_settings

        dirs.add(NLPCache(tmp_path, nlp_settings(options)).dir)
    assert len(dirs) == 1


def test_types_change_invalidates(warm):
    corpus, out = warm
    report = build(corpus, out, types=("PERSON", "ORG"))
    assert report.processed == report.documents and report.cache["hits"] == 0


def test_outputs_identical_with_and_without_cache(corpus, tmp_path):
    plain, cached = tmp_path / "plain", tmp_path / "cached"
    build(corpus, plain, cache=False)
    assert not (plain / ".cache").exists()
    build(corpus, cached)
    first = {name: (cached / name).read_bytes() for name in OUTPUTS}
    report = build(corpus, cached)
    assert report.processed == 0
    for name in OUTPUTS:
        assert (plain / name).read_bytes() == (cached / name).read_bytes() == first[name], name


def test_damaged_entries_are_recomputed(warm):
    corpus, out = warm
    rows = entries(out)
    key, crc, body = rows[0]
    set_entry(out, key, crc, body[:-7])  # cut short
    key, crc, body = rows[1]
    set_entry(out, key, crc, body.replace(b'"m":', b'"M":'))  # checksum no longer matches
    bad = b'{"m":[[1,2]],"s":[],"r":[]}'
    set_entry(out, rows[2][0], zlib.crc32(bad), bad)  # well-formed, wrong shape
    set_entry(out, rows[3][0], 0, b"")
    expected = {name: (out / name).read_bytes() for name in OUTPUTS}
    report = build(corpus, out)
    assert report.cache["damaged"] == 4 and report.processed == 4
    assert report.cache["hits"] == report.documents - 4
    for name in OUTPUTS:
        assert (out / name).read_bytes() == expected[name], name
    assert build(corpus, out).processed == 0  # rewritten whole


def test_damaged_database_is_set_aside_and_rebuilt(warm, caplog):
    corpus, out = warm
    path = database(out)
    path.write_bytes(b"not a database" * 100)
    expected = {name: (out / name).read_bytes() for name in OUTPUTS}
    report = build(corpus, out)
    assert report.processed == report.documents and report.cache["written"] == report.documents
    assert "is damaged" in caplog.text and path.with_suffix(".damaged").exists()
    for name in OUTPUTS:
        assert (out / name).read_bytes() == expected[name], name
    assert build(corpus, out).processed == 0


def test_unwritable_cache_is_not_an_error(corpus, tmp_path, caplog):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cache").write_text("not a folder", encoding="utf-8")
    report = build(corpus, out)
    assert report.documents and report.cache["written"] == 0
    assert "cannot write the NLP cache" in caplog.text


def test_entries_written_in_batches_survive_a_stop(tmp_path, monkeypatch):
    monkeypatch.setattr(graph.cache, "COMMIT_EVERY", 2)
    cache = NLPCache(tmp_path, NLPSettings(fingerprint="f" * 64))
    keys = [text_key(f"文本{i}") for i in range(5)]
    for key in keys:
        cache.put(key, "{}")
    # a stop before close(): the batches committed are there, the last (uncommitted) one is not
    other = NLPCache(tmp_path, NLPSettings(fingerprint="f" * 64))
    assert [other.get(key) for key in keys] == ["{}"] * 4 + [None]
    cache.close()
    assert other.get(keys[4]) == "{}" and len(other) == 5
    other.close()


def test_cache_held_by_another_build_is_not_an_error(warm, monkeypatch, caplog):
    corpus, out = warm
    monkeypatch.setattr(graph.cache, "BUSY_SECONDS", 0.05)
    expected = {name: (out / name).read_bytes() for name in OUTPUTS}
    with closing(sqlite3.connect(database(out))) as rival:
        rival.execute("BEGIN EXCLUSIVE")  # neither read nor written by anyone else meanwhile
        report = build(corpus, out)
        rival.rollback()
    assert report.processed == report.documents and report.cache["written"] == 0
    assert "cannot read the NLP cache" in caplog.text and "cannot write the NLP cache" in caplog.text
    for name in OUTPUTS:
        assert (out / name).read_bytes() == expected[name], name
    assert build(corpus, out).processed == 0  # its entries untouched


def test_records_round_trip():
    m1 = Mention("d", 0, 2, "黄峥", "PERSON", 0, 9)
    m2 = Mention("d", 5, 8, "拼多多", "ORG", 0, 9, canonical="拼多多")
    outside = Mention("d", 3, 5, "创立", "PRODUCT", 0, 9)  # a relation's span that is not a kept mention
    rels = [
        Relation("d", m1, m2, "co_occurs", "黄峥创立了拼多多。", 0, 9, 1.0, False),
        Relation("d", m1, outside, "founded", "黄峥创立了拼多多。", 0, 9, 0.75, True, "former"),
    ]
    payload = encode_records([m1, m2], rels)
    mentions, relations = decode_records(payload, "news:7")
    assert [m.doc_id for m in mentions] == ["news:7", "news:7"]
    assert [m.__class__(**{**m.__dict__, "doc_id": "d"}) for m in mentions] == [m1, m2]
    back = [r.__class__(**{**r.__dict__, "doc_id": "d", "head": r.head.__class__(**{**r.head.__dict__, "doc_id": "d"}),
                           "tail": r.tail.__class__(**{**r.tail.__dict__, "doc_id": "d"})}) for r in relations]
    assert back == rels
    assert payload.count("黄峥创立了拼多多") == 1  # one copy of each sentence


def test_no_cache_option(corpus, tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "--out", str(out), "--no-cache", "--processes", "1", "--quiet"]) == 0
    assert not (out / ".cache").exists()


# -- the warm path imports no spaCy --------------------------------------------------------------

IMPORTS = """
import json, sys
from graph.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted(m for m in ("spacy", "thinc", "pipelines.extract", "pandas") if m in sys.modules)}))
"""


def run_cli_in_fresh_process(*args):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", IMPORTS, "build", *map(str, args), "--quiet", "--processes", "1"],
        capture_output=True, text=True, cwd=Path(__file__).parent.parent, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_warm_command_imports_no_spacy(warm):
    corpus, out = warm
    result = run_cli_in_fresh_process(corpus, "--out", out, "--min-mentions", "2")
    assert result == {"code": 0, "loaded": []}
    (corpus / "new.txt").write_text("马化腾创立了腾讯。", encoding="utf-8")
    result = run_cli_in_fresh_process(corpus, "--out", out)
    assert result["code"] == 0 and {"spacy", "pipelines.extract"} <= set(result["loaded"])


def test_importing_the_package_imports_no_spacy():
    import subprocess
    import sys

    code = (
        "import sys, graph, graph.run, graph.cli, graph.api, pipelines.pipeline; "
        "assert 'spacy' not in sys.modules, 'spacy imported'; "
        "from graph import build, EntityGraph, GraphBuilder; "
        "assert callable(build) and graph.build is build, graph.build; "
        "from graph.build import DEFAULT_TYPES; print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.stdout.strip() == "ok", done.stderr


def test_pipeline_files_are_in_the_key(tmp_path):
    shipped = pipelines.pipeline.default_model_path()
    copy = Path(shutil.copytree(shipped, tmp_path / "model"))
    a = NLPSettings.compute(str(copy), ("PERSON", "ORG"), 20_000)
    assert a.fingerprint == NLPSettings.compute(None, ("PERSON", "ORG"), 20_000).fingerprint  # same files, same key
    config = copy / "config.cfg"
    config.write_text(config.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert NLPSettings.compute(str(copy), ("PERSON", "ORG"), 20_000).fingerprint != a.fingerprint


def test_installed_packages_found_as_spacy_finds_them():
    import spacy.util

    for name in ("spacy_legacy", "networkx"):
        assert spacy.util.is_package(name)
        assert pipelines.pipeline.installed_package_path(name) == spacy.util.get_package_path(name)
    assert pipelines.pipeline.installed_package_path("no_such_pipeline_xyz") is None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_forked_child_never_holds_the_parents_transaction(tmp_path):
    cache = NLPCache(tmp_path, NLPSettings(fingerprint="f" * 64))
    cache.put(text_key("文本"), "{}")  # a transaction is open
    pid = os.fork()
    if pid == 0:  # the child: its copy of the connection is dropped, the parent's work is left alone
        os._exit(0 if cache._db is None else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert NLPCache(tmp_path, NLPSettings(fingerprint="f" * 64)).get(text_key("文本")) == "{}"  # committed at the fork
    cache.close()


def test_pipeline_digest_is_kept_and_redone_when_a_file_changes(tmp_path):
    model = tmp_path / "model"
    (model / "ner").mkdir(parents=True)
    (model / "meta.json").write_text('{"name": "x"}', encoding="utf-8")
    (model / "ner" / "model").write_bytes(b"weights")
    memo = tmp_path / "out" / ".cache" / graph.cache.DIGESTS
    fresh = graph.cache._tree_digest(model)
    assert graph.cache._tree_digest(model, memo) == fresh
    assert json.loads(memo.read_text(encoding="utf-8"))["sha256"] == fresh
    # a kept digest is what the next build reads while the files stay as they were
    kept = json.loads(memo.read_text(encoding="utf-8"))
    memo.write_text(json.dumps({**kept, "sha256": "kept"}), encoding="utf-8")
    assert graph.cache._tree_digest(model, memo) == "kept"
    (model / "ner" / "model").write_bytes(b"other weights")
    changed = graph.cache._tree_digest(model, memo)
    assert changed == graph.cache._tree_digest(model) != fresh
    os.utime(model / "meta.json", ns=(0, 0))  # a file's time changed, its content not: hashed again, same digest
    assert graph.cache._tree_digest(model, memo) == changed
    memo.write_text("{not json", encoding="utf-8")
    assert graph.cache._tree_digest(model, memo) == changed


def test_warm_build_keeps_the_pipeline_digest_and_the_same_cache(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out)
    assert (out / ".cache" / graph.cache.DIGESTS).exists()
    dirs = {p.name for p in (out / ".cache" / "nlp-v2").iterdir()}
    assert build(corpus, out).processed == 0
    assert {p.name for p in (out / ".cache" / "nlp-v2").iterdir()} == dirs
    assert build(corpus, tmp_path / "elsewhere", cache=False).processed > 0
    assert not (tmp_path / "elsewhere" / ".cache").exists()


def test_full_collections_are_rarer_during_a_build_and_as_before_after(warm, monkeypatch):
    import gc

    import graph.run

    corpus, out = warm
    seen = []
    write_json = graph.run.write_json

    def watched(*args, **kwargs):
        seen.append(gc.get_threshold())
        return write_json(*args, **kwargs)

    monkeypatch.setattr(graph.run, "write_json", watched)
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], 7)
    try:
        build(corpus, out)
        assert seen == [(before[0], before[1], graph.run.FULL_COLLECTION_EVERY)]
        assert gc.get_threshold() == (before[0], before[1], 7)
        with pytest.raises(graph.run.OutputError):
            build(corpus, out / "graph.json")  # a file where the folder should be: the build fails
        assert gc.get_threshold() == (before[0], before[1], 7)
    finally:
        gc.set_threshold(*before)


def test_documents_are_looked_up_in_batches(warm, monkeypatch):
    import graph.run

    corpus, out = warm
    set_entry(out, entries(out)[0][0], 1, b"damaged")  # one bad entry among good ones
    before = (out / "graph.json").read_bytes()
    monkeypatch.setattr(graph.run, "LOOKUP_BATCH", 3)  # batches of 3, the last one shorter
    queries = []
    get_many = NLPCache.get_many

    def counted(self, keys):
        queries.append(len(keys))
        return get_many(self, keys)

    monkeypatch.setattr(NLPCache, "get_many", counted)
    report = build(corpus, out)
    assert sum(queries) == report.documents and max(queries) == 3 and len(queries) == -(-report.documents // 3)
    assert report.cache["hits"] == report.documents - 1 and report.cache["damaged"] == 1 and report.processed == 1
    assert (out / "graph.json").read_bytes() == before


def test_get_many_answers_each_key_in_order(warm):
    corpus, out = warm
    settings = NLPSettings.compute(None, tuple(BuildOptions().types), BuildOptions().max_chars)
    cache = NLPCache(out, settings)
    (a, _, body_a), (b, _, body_b) = entries(out)[:2]
    assert cache.get_many([b, "missing", a, b]) == [body_b.decode(), None, body_a.decode(), body_b.decode()]
    assert (cache.hits, cache.misses) == (3, 1)
    assert cache.get_many([]) == []
    cache.close()
