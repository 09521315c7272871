"""Throughput machinery: worker processes, a Dask LocalCluster, input order, the progress bar.

Behaviour only: every engine gives the same bytes as one process; nothing here
measures time (``tests/benchmarks/bench_build.py`` does).
"""
import io
import json
import logging
import os
import random
import sys
import time
from pathlib import Path

import pytest

import pipelines
from graph import engines
from graph.cache import NLPCache, NLPSettings, decode_records, encode_records
from graph.cli import main
from graph.progress import ProgressBar, count_documents
from graph.run import BuildOptions, Report, _results, run_build
from pipelines.readers import read_inputs
from pipelines.records import Document, Mention

DEMO = Path(pipelines.__file__).parent / "demo"
FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
OUTPUTS = ["graph.json", "graph.graphml", "mentions.jsonl", "relations.jsonl"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """About 40 short documents: the demo articles cut into pairs of sentences, and the briefs."""
    texts = []
    for path in sorted(DEMO.glob("*.txt")):
        parts = [s + "。" for s in path.read_text(encoding="utf-8-sig").replace("\n", "").split("。") if s.strip()]
        texts += ["".join(parts[i:i + 2]) for i in range(0, len(parts), 2)]
    texts += [json.loads(line)["text"] for line in (DEMO / "briefs.jsonl").read_text(encoding="utf-8").splitlines()]
    path = tmp_path_factory.mktemp("corpus") / "docs.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": f"s{i:02d}", "text": text, "date": f"2023-{i % 12 + 1:02d}-01"}, ensure_ascii=False) + "\n")
    assert len(texts) >= 30
    return path


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """The outputs of one process, no cache."""
    out = tmp_path_factory.mktemp("reference")
    run_build([str(corpus)], out, BuildOptions(processes=1, cache=False))
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def same_outputs(out, reference):
    for name in OUTPUTS:
        assert (out / name).read_bytes() == reference[name], name


def test_two_processes_same_as_one(corpus, reference, tmp_path):
    _, report = run_build([str(corpus)], tmp_path, BuildOptions(processes=2, batch_size=2, cache=False))
    same_outputs(tmp_path, reference)
    assert report.engine["processes"] == 2 and report.engine["tasks"] >= 15
    assert any(not w.endswith(f":{os.getpid()}") for w in report.workers)  # worker processes did the work


def test_cli_processes_option(corpus, reference, tmp_path):
    assert main(["build", str(corpus), "--out", str(tmp_path), "--processes", "2", "--batch-size", "4", "--quiet"]) == 0
    same_outputs(tmp_path, reference)


def _die(*args, **kwargs):
    os._exit(3)


def test_pool_goes_on_in_this_process_when_workers_die(corpus, reference, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(engines, "nlp_task", _die)
    run_build([str(corpus)], tmp_path, BuildOptions(processes=2, batch_size=2, cache=False))
    same_outputs(tmp_path, reference)
    assert "going on in this process" in caplog.text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_forked_workers_share_the_pipeline_loaded_once(corpus, reference, tmp_path, monkeypatch, caplog):
    import pipelines.pipeline

    main_process, real_load, loads = os.getpid(), pipelines.pipeline.load, []

    def load(*args, **kwargs):
        if os.getpid() != main_process:
            os._exit(5)  # a worker loading its own pipeline dies, and the build would go on here, with a warning
        loads.append(args)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(pipelines.pipeline, "load", load)
    _, report = run_build([str(corpus)], tmp_path, BuildOptions(processes=2, batch_size=2, cache=False))
    same_outputs(tmp_path, reference)
    assert len(loads) == 1 and "going on in this process" not in caplog.text
    assert sum(1 for w in report.workers if not w.endswith(f":{main_process}")) == 2


def test_docs_go_once_their_records_are_made(corpus):
    """A doc's relations hold spans of the doc: extract breaks that cycle, so that a worker frees each doc
    at once instead of at the next full garbage collection (rare during a build)."""
    import gc

    from spacy.tokens import Doc

    from pipelines.pipeline import load

    nlp = load()
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()][:16]
    gc.collect()
    gc.disable()
    try:
        payloads = engines.run_texts(nlp, texts, NLPSettings(), 8)
        assert any(decode_records(p, "d")[1] for p in payloads)  # relations were made
        assert not [o for o in gc.get_objects() if isinstance(o, Doc)]
    finally:
        gc.enable()


def test_one_blas_thread_holds_in_a_fresh_process():
    # a spawned or Dask worker has not imported numpy yet: the limit must still reach its BLAS
    code = ("from graph.engines import one_blas_thread; one_blas_thread(); "
            "from threadpoolctl import threadpool_info; "
            "print(max(i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'))")
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "OPENBLAS_NUM_THREADS": "", "OMP_NUM_THREADS": ""})
    assert done.stdout.strip() == "1"


def test_one_batch_stays_in_process(tmp_path):
    _, report = run_build([str(FIXTURES)], tmp_path, BuildOptions(processes=2, cache=False))
    assert list(report.workers) == [f"{os.uname().nodename}:{os.getpid()}"]


# -- Dask ------------------------------------------------------------------------------------


def test_dask_local_cluster_same_graph(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster, distributed.Client(cluster) as client:
        options = BuildOptions(engine="dask", scheduler=cluster.scheduler_address, batch_size=2)
        _, report = run_build([str(corpus)], tmp_path / "a", options)
        same_outputs(tmp_path / "a", reference)
        assert report.engine["name"] == "dask"
        # two worker processes, each with several partitions, each with the pipeline loaded once
        assert len(report.workers) == 2, report.workers
        assert min(report.workers.values()) >= 3, report.workers
        assert report.engine["tasks"] == sum(report.workers.values()) >= 15
        loaded = client.run(lambda: len(__import__("graph.engines").engines._PIPELINES))
        assert sorted(loaded.values()) == [1, 1]
        pids = set(client.run(os.getpid).values())
        assert {int(w.rsplit(":", 1)[1]) for w in report.workers} == pids
        # a re-run takes everything from the cache and never reaches the cluster
        _, again = run_build([str(corpus)], tmp_path / "a", options)
        assert again.processed == 0 and again.engine["tasks"] == 0
        same_outputs(tmp_path / "a", reference)


def test_dask_cli_starts_its_own_cluster(corpus, reference, tmp_path):
    pytest.importorskip("distributed")
    assert main(["build", str(corpus), "--out", str(tmp_path), "--engine", "dask", "--processes", "2",
                 "--batch-size", "8", "--no-cache", "--quiet"]) == 0
    same_outputs(tmp_path, reference)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["nlp"]["engine"]["name"] == "dask" and report["nlp"]["engine"]["workers"] == 2


def test_scheduler_needs_dask_engine(tmp_path, capsys):
    assert main(["build", str(FIXTURES), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert capsys.readouterr().err.strip() == "entity-graph: error: --scheduler needs --engine dask"


def test_workers_with_another_pipeline_are_refused():
    engine = engines.InProcessEngine(NLPSettings(fingerprint="a" * 64))
    with pytest.raises(engines.EngineError, match="another pipeline"):
        engine._accept("elsewhere:1", "b" * 64)


# -- input order with cache hits and tasks finishing out of order ----------------------------


class _SlowTask:
    def __init__(self, texts, ready_at, clock):
        self.texts, self.ready_at, self.clock = texts, ready_at, clock

    def done(self):
        self.clock[0] += 1
        return self.clock[0] >= self.ready_at

    def result(self):
        self.collected = True
        return [encode_records([Mention("", 0, 1, t[0], "ORG", 0, len(t))], []) for t in self.texts]


class _ShuffledEngine:
    """Tasks that finish in a random order; records whether it stayed within its capacity."""

    capacity = 3
    processes = 1

    def __init__(self):
        self.rng, self.clock, self.seen, self.tasks = random.Random(0), [0], [], []
        self.most_in_flight = 0

    def submit(self, texts):
        self.seen += texts
        task = _SlowTask(texts, self.clock[0] + self.rng.randint(0, 40), self.clock)
        self.tasks.append(task)
        in_flight = sum(not getattr(t, "collected", False) for t in self.tasks)
        self.most_in_flight = max(self.most_in_flight, in_flight)
        return task


def test_results_in_input_order_mixing_cache_and_engine(tmp_path):
    docs = [Document(f"d{i}", f"{chr(0x4e00 + i)}文档{i}") for i in range(60)]
    cache = NLPCache(tmp_path, NLPSettings(fingerprint="c" * 64))
    from graph.cache import text_key

    for doc in docs[::3]:  # every third document is cached, with a record that says so
        cache.put(text_key(doc.text), encode_records([Mention("", 0, 1, "缓", "ORG", 0, 1)], []))
    engine = _ShuffledEngine()
    out = list(_results(iter(docs), cache, engine, 4, Report()))
    assert [r.document.doc_id for r, _ in out] == [d.doc_id for d in docs]
    for i, (result, payload) in enumerate(out):
        expected = "缓" if i % 3 == 0 else docs[i].text[0]
        assert [m.text for m in result.mentions] == [expected]
        assert result.mentions[0].doc_id == docs[i].doc_id
        assert decode_records(payload, "x")[0][0].text == expected
    assert engine.seen == [d.text for i, d in enumerate(docs) if i % 3]  # only the misses, in order
    cache.close()
    assert cache.hits == 20 and cache.misses == 40 and cache.written == 20 + 40  # committed
    assert engine.most_in_flight <= engine.capacity + 1


# -- the progress bar ------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self):
        return True


class _Result:
    def __init__(self, text):
        self.document = Document("d", text)


def test_progress_silent_when_not_a_terminal():
    stream = io.StringIO()
    bar = ProgressBar([str(FIXTURES)], stream=stream, delay=0, interval=0)
    for _ in range(50):
        bar(_Result("文本" * 100))
    bar.close()
    assert not bar.enabled and stream.getvalue() == ""


def test_progress_on_a_terminal_counts_and_clears():
    stream = _Terminal()
    bar = ProgressBar([str(FIXTURES)], stream=stream, delay=0, interval=0)
    deadline = time.monotonic() + 10
    while bar.total is None and time.monotonic() < deadline:
        time.sleep(0.01)
    total = bar.total
    assert total == sum(1 for _ in read_inputs([str(FIXTURES)]))
    for _ in range(total - 1):
        bar(_Result("文本" * 100))
    drawn = stream.getvalue()
    assert f"{total - 1}/{total} docs" in drawn and "chars/s" in drawn and "left" in drawn
    bar.close()
    assert stream.getvalue().endswith("\r")


def test_progress_without_total_on_stdin():
    assert count_documents(["-"]) is None
    bar = ProgressBar(["-"], stream=io.StringIO())
    bar(_Result("文本"))
    assert bar.line().startswith("1 docs")


def test_cli_writes_no_bar_when_stderr_is_not_a_terminal(tmp_path, capsys):
    assert main(["build", str(FIXTURES), "--out", str(tmp_path), "--processes", "1"]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and err.count("\n") == 1 and "documents" in err
