"""Silver labels with FinRE train's company names merged in.

FinRE's relation annotations name two companies in each sentence (head and
tail, ``head<TAB>tail<TAB>relation<TAB>sentence``). Where the silver labels of
that sentence miss such a name, it becomes an ORG: added where no entity
overlaps it, and in place of the entities strictly inside it (济南 of
济南钢铁); left alone where an entity runs past it. Every occurrence in the
sentence, longer names first. Session 19 and 20 measured what this does to a
fine-tune and to a full run (the model card). ``--share`` merges the names of
only that share of the sentences (every k-th of those with names), for a run
that takes FinRE's convention in at a lower weight.
"""
from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Optional

import spacy
import typer
from spacy.tokens import DocBin


def finre_names(path: Path) -> dict[str, set[str]]:
    """Each FinRE sentence's annotated names of two characters or more that occur in it."""
    names = defaultdict(set)
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            sentence = parts[3]
            names[sentence].update(n for n in parts[:2] if len(n) >= 2 and n in sentence)
    return names


def merge(doc, names: set[str]) -> tuple[int, int]:
    """Set the names on ``doc`` as ORGs; returns how many were added and how many replaced entities."""
    ents, added, replaced = list(doc.ents), 0, 0
    text = doc.text
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            start, end = m.span()
            over = [e for e in ents if e.start_char < end and start < e.end_char]
            if any((e.start_char, e.end_char) == (start, end) or not (start <= e.start_char and e.end_char <= end)
                   for e in over):
                continue  # there already, or an entity runs past it
            span = doc.char_span(start, end, label="ORG")
            if span is None:
                continue
            replaced, added = replaced + bool(over), added + (not over)
            ents = [e for e in ents if e not in over] + [span]
    doc.ents = sorted(ents, key=lambda e: e.start)
    return added, replaced


def main(silver: Path, finre_train: Path, output: Path,
         gold: Annotated[Optional[Path], typer.Option(help="a gold DocBin to copy beside OUTPUT, for a training folder")] = None,
         share: Annotated[float, typer.Option(min=0.0, max=1.0, help="merge the names of this share of the sentences that have some")] = 1.0):
    """Merge the company names of FINRE_TRAIN into the silver DocBin SILVER; write OUTPUT."""
    nlp = spacy.blank("zh")
    names = finre_names(finre_train)
    out = DocBin(store_user_data=False)
    added = replaced = seen = 0
    for doc in DocBin().from_disk(silver).get_docs(nlp.vocab):
        if doc.text in names:
            seen += 1
            if int(seen * share) > int((seen - 1) * share):  # evenly spread: every 1/share-th sentence
                a, r = merge(doc, names[doc.text])
                added, replaced = added + a, replaced + r
        out.add(doc)
    output.parent.mkdir(parents=True, exist_ok=True)
    out.to_disk(output)
    if gold is not None:
        shutil.copyfile(gold, output.parent / gold.name)
    print(f"✔ FinRE names: {added} added, {replaced} in place of entities inside them, {len(out)} sentences -> {output}")


if __name__ == "__main__":
    typer.run(main)
