"""Start a pipeline with a wider input from a trained one: copy its weights, all but the new ones.

    python scripts/graft.py model configs/tagger_words.cfg training/words-init --corpus corpus/dev.spacy
    python scripts/graft.py model configs/tagger_deep.cfg training/deep-init --corpus corpus/dev.spacy

The new config's ``features``, ``tok2vec`` and ``ner`` are built and initialised
on a few documents of ``--corpus``; then every weight of the trained pipeline's
``tok2vec`` and ``ner`` is copied into the layer of the same place and shape. An
embedding table the trained encoder lacks (an attribute added at the end of
``MultiHashEmbed``'s list) keeps its initial values, and the mixing layer above
the tables gets the trained weights for the old tables and zeros for the new
one: the grafted pipeline predicts exactly what the trained one does, and
training then learns what the new table adds. A residual block the trained encoder
lacks (a deeper one) starts with its output layer norm at zero, adding nothing.
"""
from __future__ import annotations

from pathlib import Path

import numpy
import spacy
import typer
from spacy.training import Corpus
from thinc.api import Model


def graft_weights(trained: Model, fresh: Model) -> list[str]:
    """Copy ``trained``'s parameters into ``fresh`` (walked in the same order); returns what was done.

    A residual block that only ``fresh`` has (a deeper encoder) gets no trained weights; its last
    layer norm is set to zero, so that the block adds nothing and the encoder's output is the trained one's."""
    old = [node for node in trained.walk() if node.param_names]
    log, i, kept = [], 0, set()
    for node in (node for node in fresh.walk() if node.param_names):
        if i >= len(old) or old[i].name != node.name:
            log.append(f"kept initial: {node.name} {[node.get_param(p).shape for p in node.param_names]}")
            kept.add(node.id)
            continue
        source = old[i]
        if source.name == "hashembed" and source.get_dim("nV") != node.get_dim("nV"):
            log.append(f"kept initial: {node.name} (nV {node.get_dim('nV')}, the trained one {source.get_dim('nV')})")
            continue
        i += 1
        for name in node.param_names:
            if not (source.has_param(name) and node.has_param(name)):
                continue
            have, want = source.get_param(name), node.get_param(name)
            if have.shape == want.shape:
                node.set_param(name, have.copy())
            elif have.shape[:-1] == want.shape[:-1] and have.shape[-1] < want.shape[-1]:
                grown = numpy.zeros_like(want)  # inputs added at the end: zero weight, the same function
                grown[..., : have.shape[-1]] = have
                node.set_param(name, grown)
                log.append(f"widened: {node.name}.{name} {have.shape} -> {want.shape}")
            else:
                raise ValueError(f"{node.name}.{name}: trained {have.shape}, new {want.shape}")
    if i != len(old):
        raise ValueError(f"only {i} of the trained model's {len(old)} layers with weights found a place")
    for block in fresh.walk():
        inner = [node for node in block.walk() if node.param_names]
        if block.name.startswith("residual(") and inner and all(node.id in kept for node in inner):
            if inner[-1].name != "layernorm":
                raise ValueError(f"a new block that does not end in a layer norm: {block.name}")
            for name in ("G", "b"):
                inner[-1].set_param(name, numpy.zeros_like(inner[-1].get_param(name)))
            log.append(f"new block, its output set to zero: {block.name}")
    return log


def main(trained: Path, config: Path, output: Path, corpus: Path = typer.Option(..., help="DocBin to initialise on"),
         documents: int = 200):
    """Graft the weights of TRAINED (a pipeline) into a pipeline built from CONFIG; save it to OUTPUT."""
    old = spacy.load(trained)
    # the trained pipeline's static vectors, where the new encoder reads them
    nlp = spacy.util.load_model_from_config(
        spacy.util.load_config(config, overrides={"paths.vectors": str(trained)}), auto_fill=True)
    examples = list(Corpus(corpus, limit=documents)(nlp))
    # the trained tagger's labels, in its order (the examples may not hold every one)
    nlp.config["initialize"]["components"]["ner"] = {"labels": list(old.get_pipe("ner").entity_labels)}
    nlp.initialize(lambda: examples)
    if nlp.get_pipe("ner").labels != old.get_pipe("ner").labels:
        raise ValueError("the new tagger's labels are not the trained one's")
    for name in ("tok2vec", "ner"):
        for line in graft_weights(old.get_pipe(name).model, nlp.get_pipe(name).model):
            print(f"{name}: {line}")
    # the new input has zero weight: the encoder's output is the trained one's
    docs = [nlp.get_pipe("features")(nlp.make_doc(eg.reference.text)) for eg in examples[:50]]
    ours, theirs = nlp.get_pipe("tok2vec").model.predict(docs), old.get_pipe("tok2vec").model.predict(docs)
    diff = max(float(numpy.abs(a - b).max()) for a, b in zip(ours, theirs))
    print(f"largest difference from the trained encoder's output on {len(docs)} documents: {diff:.2e}")
    nlp.to_disk(output)
    print(f"✔ grafted pipeline -> {output}")


if __name__ == "__main__":
    typer.run(main)
