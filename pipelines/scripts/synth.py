"""Synthetic business-news sentences: our templates, their slots filled with names.

The news, résumés and web text of the gold data name almost no apps, AI
models, phones, car models or chips, so the tagger learns products only from
video games. The templates (``data/synth/templates.txt``, written by the
team) put ``{ORG}``, ``{PERSON}``, ``{PRODUCT}`` and ``{GPE}`` slots in the
contexts business news names such things in (旗下的{PRODUCT}, 新一代{PRODUCT}大模型);
some have no slot and hold only words that are no names. Each slot takes a
fictional name of ours (``data/synth/fillers.jsonl``) or, as often, a name or
alias of that type from the gazetteer, drawn independently; the kind word after
a product (大模型, App, 手机) stays outside it, as in our annotated sentences.

    python scripts/synth.py data/synth corpus/train_synth [--per-template 16] [--seeds 0,1] [--add corpus/train]

writes ``synth0.spacy``, ``synth1.spacy``, ... (one fill of every template per
seed) into the output folder, and copies the DocBins of ``--add`` beside them,
so that the folder is one training corpus.
"""
from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import spacy
import typer
from spacy.tokens import DocBin

SLOT = re.compile(r"\{(ORG|PERSON|PRODUCT|GPE)\}")
GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "gazetteer.jsonl"


def read_names(folder: Path, gazetteer: Path) -> tuple[dict, dict]:
    """Fictional names and gazetteer names by type."""
    ours: dict[str, list[str]] = {}
    with (folder / "fillers.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                ours.setdefault(record["type"], []).append(record["name"])
    known: dict[str, list[str]] = {}
    with gazetteer.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                known.setdefault(entry["type"], []).extend([entry["label"], *entry["aliases"]])
    return ours, known


def fill(template: str, ours: dict, known: dict, rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """The template with each slot filled, and the filled spans."""
    text, spans, pos = [], [], 0
    length = 0
    for m in SLOT.finditer(template):
        before = template[pos:m.start()]
        text.append(before)
        length += len(before)
        label = m.group(1)
        pool = known.get(label) if known.get(label) and rng.random() < 0.5 else ours[label]
        name = rng.choice(pool)
        text.append(name)
        spans.append((length, length + len(name), label))
        length += len(name)
        pos = m.end()
    text.append(template[pos:])
    return "".join(text), spans


def synth_docs(folder: Path, output: Path, per_template: int, seed: int, gazetteer: Path) -> None:
    """Fill the templates in FOLDER and write the sentences as a DocBin."""
    rng = random.Random(seed)
    ours, known = read_names(folder, gazetteer)
    nlp = spacy.blank("zh")
    db, n_ents, seen = DocBin(), 0, set()
    templates = [t.strip() for t in (folder / "templates.txt").read_text(encoding="utf-8").splitlines()]
    for template in (t for t in templates if t and not t.startswith("#")):
        copies = per_template if SLOT.search(template) else 1
        for _ in range(copies):
            text, spans = fill(template, ours, known, rng)
            if text in seen:
                continue
            seen.add(text)
            doc = nlp.make_doc(text)
            ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
            if any(ent is None for ent in ents):
                continue
            doc.ents = ents
            n_ents += len(ents)
            db.add(doc)
    output.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(output)
    print(f"✔ synth: {len(db)} sentences, {n_ents} entities -> {output}")


def main(folder: Path, output: Path, per_template: int = 16, seeds: str = "0,1",
         add: Path = typer.Option(None, help="a folder of DocBins to copy into OUTPUT"), gazetteer: Path = GAZETTEER):
    """Fill the templates in FOLDER once per seed; OUTPUT is a folder."""
    output.mkdir(parents=True, exist_ok=True)
    for seed in (int(s) for s in seeds.split(",")):
        synth_docs(folder, output / f"synth{seed}.spacy", per_template, seed, gazetteer)
    if add is not None:
        for path in sorted(add.glob("*.spacy")):
            shutil.copyfile(path, output / path.name)


if __name__ == "__main__":
    typer.run(main)
