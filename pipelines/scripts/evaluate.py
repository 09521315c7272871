"""Score a pipeline on the held-out splits; write metrics/scores.json.

Per label P/R/F (exact character spans) on MSRA test, CLUENER dev and
Resume test, the places also merged into one LOC label as the source
data marks them, and chars/s of the whole pipeline in one process.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import spacy
import typer
from spacy.tokens import DocBin

from pipelines.evaluation import PLACES, SPLIT_LABELS, gold_entities, merge_labels, predict, score_entities


def evaluate(nlp, corpus: Path, limit: int = 0) -> dict:
    results = {}
    for split, labels in SPLIT_LABELS.items():
        path = corpus / f"{split}.spacy"
        if not path.exists():
            continue
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if limit:
            docs = docs[:limit]
        texts, gold = gold_entities(docs)
        started = time.perf_counter()
        predicted = predict(nlp, texts)
        seconds = time.perf_counter() - started
        scores = score_entities(zip(predicted, gold), labels)
        merged = score_entities(
            ((merge_labels(p, PLACES), merge_labels(g, PLACES)) for p, g in zip(predicted, gold)),
            ["PERSON", "ORG", "LOC"],
        )
        results[split] = {
            "labels": {k: v.to_dict() for k, v in sorted(scores.items())},
            "places_merged": {k: v.to_dict() for k, v in sorted(merged.items())},
            "chars_per_s": round(sum(map(len, texts)) / seconds),
            "docs": len(texts),
        }
    return results


def main(model: Path, corpus: Path, output: Path, limit: int = 0):
    """Evaluate MODEL on the held-out DocBins in CORPUS, write OUTPUT (JSON)."""
    nlp = spacy.load(model)
    results = evaluate(nlp, corpus, limit)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for split, r in results.items():
        line = ", ".join(f"{k} {v['f']:.3f}" for k, v in r["labels"].items())
        print(f"{split}: {line}; {r['chars_per_s']} chars/s")
    print(f"✔ scores -> {output}")


if __name__ == "__main__":
    typer.run(main)
