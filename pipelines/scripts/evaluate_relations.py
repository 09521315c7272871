"""Measure the relation step: per relation P/R/F on the held-out examples.

- gold entities: DuIE 4000-4999 and the FinRE test set, with the entities
  the data gives, for each mode (patterns, classifier, combined); FinRE beside
  a majority baseline (every listed pair gets the most frequent typed label
  of FinRE train);
- end to end: DuIE 4000-4999 and our own paragraphs (``eval/relations.jsonl``)
  through the whole pipeline (our NER, references, relations), relations
  matched by head text, tail text and label.

DuIE leaves out many relations its sentences state (网易创始人丁磊 is not
annotated as 创始人). ``--adjudicated`` names a TSV (``id, head, tail, label,
yes|no``) of predictions outside the gold that we read and judged; the
"adjudicated" table adds the ``yes`` ones to the gold, for precision and
recall alike. Predictions not in that file count as wrong there too.

Prints markdown tables and writes them as JSON to ``--output``.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import spacy
import typer

from pipelines.relations import RELATIONS, SYMMETRIC
from pipelines.typed_relations import TypedRelations

LABELS = list(RELATIONS)


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def gold_triples(ex):
    out = set()
    for a, b, label in ex.get("relations", []):  # our own paragraphs: by text
        out.add((min(a, b), max(a, b), label) if label in SYMMETRIC else (a, b, label))
    for h, t, label, _ in ex.get("rels", []):
        if label == "none":
            continue
        a, b = (ex["text"][ex["ents"][k][0]:ex["ents"][k][1]] for k in (h, t))
        out.add((min(a, b), max(a, b), label) if label in SYMMETRIC else (a, b, label))
    return out


def found_triples(doc, labels=None):
    out = set()
    for rel in doc._.relations or []:
        if rel.label == "co_occurs" or (labels and rel.label not in labels):
            continue
        a, b = rel.head.text, rel.tail.text
        out.add((min(a, b), max(a, b), rel.label) if rel.label in SYMMETRIC else (a, b, rel.label))
    return out


def score(pairs, labels):
    """Per-label and micro P/R/F over ``(gold, found)`` triple sets."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, found in pairs:
        for t in found:
            (tp if t in gold else fp)[t[2]] += 1
        for t in gold - found:
            fn[t[2]] += 1
    rows = {}
    for label in list(labels) + ["micro"]:
        if label == "micro":
            a, b, c = (sum(x[k] for k in labels) for x in (tp, fp, fn))
        else:
            a, b, c = tp[label], fp[label], fn[label]
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        rows[label] = {"p": round(p, 3), "r": round(r, 3), "f": round(2 * p * r / (p + r) if p + r else 0.0, 3),
                       "n": a + c}
    return rows


def gold_docs(nlp, examples):
    sentences = nlp.get_pipe("entity_graph_sentences") if "entity_graph_sentences" in nlp.pipe_names else None
    for ex in examples:
        doc = nlp.make_doc(ex["text"])
        if sentences is not None:
            doc = sentences(doc)
        spans = []
        for s, e, label in ex["ents"]:
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is not None and not any(span.start < o.end and o.start < span.end for o in spans):
                spans.append(span)
        doc.ents = spans
        doc._.relations = []
        yield ex, doc


def run_gold(nlp, examples, step, labels):
    return score(((gold_triples(ex), found_triples(step(doc), labels)) for ex, doc in gold_docs(nlp, examples)),
                 labels)


def majority(train, test, labels):
    counts = Counter(label for ex in train for _, _, label, _ in ex["rels"] if label != "none")
    top = counts.most_common(1)[0][0]
    pairs = []
    for ex in test:
        found = set()
        for h, t, _, _ in ex["rels"]:
            a, b = (ex["text"][ex["ents"][k][0]:ex["ents"][k][1]] for k in (h, t))
            found.add((min(a, b), max(a, b), top) if top in SYMMETRIC else (a, b, top))
        pairs.append((gold_triples(ex), found))
    return top, score(pairs, labels)


def end_to_end(nlp, examples, labels, extra=None):
    """Scores over ``examples``; with ``extra`` ({id: triples judged right}), a second, adjudicated score."""
    docs = nlp.pipe(ex["text"] for ex in examples)
    pairs = [(gold_triples(ex), found_triples(doc, labels), ex.get("id")) for ex, doc in zip(examples, docs)]
    plain = score(((g, f) for g, f, _ in pairs), labels)
    if extra is None:
        return plain
    return plain, score(((g | extra.get(i, set()), f) for g, f, i in pairs), labels), [
        (i, t) for g, f, i in pairs for t in sorted(f - g) if t not in extra.get(i, set())]


def read_adjudicated(path):
    yes = {}
    if path and Path(path).exists():
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                i, head, tail, label, verdict = line.split("\t")[:5]
                if verdict.strip() == "yes":
                    yes.setdefault(i, set()).add((head, tail, label))
    return yes


def table(title, rows):
    lines = [f"\n{title}", "| relation | P | R | F | gold |", "|---|---|---|---|---|"]
    for label, m in rows.items():
        if m["n"] or label == "micro":
            lines.append(f"| {label} | {m['p']:.3f} | {m['r']:.3f} | {m['f']:.3f} | {m['n']} |")
    return "\n".join(lines)


def main(corpus: Path, weights: Path, own: Path = Path("eval/relations.jsonl"), model: str = "model",
         threshold: float = 0.5, output: Path = Path("metrics/relations.json"), limit: int = 0,
         adjudicated: Path = Path("eval/duie_adjudicated.tsv")):
    """Evaluate relation WEIGHTS (a folder with relations.npz, relations_plain.npz) on CORPUS."""
    duie_labels = ["founded", "leads", "product_of", "endorses", "headquartered_in"]
    finre_labels = ["partners_with", "competes_with", "acquires", "invests_in", "subsidiary_of"]
    duie = read(corpus / "duie_test.jsonl")
    finre = read(corpus / "finre_test.jsonl")
    if limit:
        duie, finre = duie[:limit], finre[:limit]
    blank = spacy.blank("zh")
    blank.add_pipe("entity_graph_sentences")
    results, out = {}, []
    steps = {
        "patterns": TypedRelations(mode="patterns"),
        "classifier": TypedRelations(mode="classifier", weights=str(weights / "relations_plain.npz"),
                                     threshold=threshold),
        "combined": TypedRelations(mode="combined", weights=str(weights / "relations.npz"), threshold=threshold),
    }
    for mode, step in steps.items():
        for name, data, labels in (("duie", duie, duie_labels), ("finre", finre, finre_labels)):
            rows = run_gold(blank, data, step, labels)
            results[f"gold/{name}/{mode}"] = rows
            out.append(table(f"gold entities, {name} test, {mode}", rows))
    top, rows = majority(read(corpus / "finre_train.jsonl"), finre, finre_labels)
    results["gold/finre/majority"] = rows
    out.append(table(f"gold entities, finre test, majority baseline ({top} for every pair)", rows))

    from pipelines.pipeline import load

    nlp = load(model)
    for name in nlp.pipe_names:
        if nlp.get_pipe_meta(name).factory == "entity_graph_relations_v1":
            nlp.replace_pipe(name, "entity_graph_relations_v1",
                             config={"weights": str(weights / "relations.npz"), "threshold": threshold})
    rows, judged, unjudged = end_to_end(nlp, duie, duie_labels, read_adjudicated(adjudicated))
    results["e2e/duie/combined"] = rows
    out.append(table("end to end (our NER), duie test, combined", rows))
    results["e2e/duie/combined_adjudicated"] = judged
    out.append(table(f"end to end (our NER), duie test, combined, adjudicated ({adjudicated})", judged))
    out.append(f"\n{len(unjudged)} predictions counted wrong (outside the gold: judged no, or not judged yet):")
    out.extend(f"{i}\t{t[0]}\t{t[1]}\t{t[2]}" for i, t in unjudged)
    if own.exists():
        mine = read(own)
        rows = end_to_end(nlp, mine, LABELS)
        results["e2e/own/combined"] = rows
        out.append(table(f"end to end (our NER), {own}, combined", rows))
        if "entity_graph_references_v1" in [nlp.get_pipe_meta(n).factory for n in nlp.pipe_names]:
            with nlp.select_pipes(disable=[n for n in nlp.pipe_names
                                           if nlp.get_pipe_meta(n).factory == "entity_graph_references_v1"]):
                rows = end_to_end(nlp, mine, LABELS)
            results["e2e/own/no_references"] = rows
            out.append(table(f"end to end (our NER), {own}, combined, references off", rows))
    print("\n".join(out))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    typer.run(main)
