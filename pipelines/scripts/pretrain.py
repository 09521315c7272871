"""Masked-character pretraining of the encoder (the ``tok2vec`` component) on the training text.

spaCy's ``pretrain`` masks by building new Docs from the words, which drops what
our ``features`` component sets (NORM, the bigrams in LEMMA, the jieba tags in
TAG), so the encoder would be pretrained on inputs it never sees in training.
Here the features run first; then 15% of the characters are chosen, and of
those 80% become ``[MASK]``, 10% a random character and 10% stay, with their
NORM and the bigrams that include them rewritten (the jieba tags stay: they are
computed on the real text at run time too). A softmax over the corpus's most
frequent characters predicts each chosen character from the encoder's output.

The weights are saved after each epoch (averaged) as ``model{epoch}.bin`` and
``model-last.bin``, what ``[initialize] init_tok2vec`` reads (``configs/tagger_vectors.cfg``
names the component it loads into in its ``[pretraining]`` block).
"""
from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

import numpy
import spacy
import typer
from spacy.attrs import LEMMA, NORM, TAG
from spacy.tokens import Doc, DocBin
from spacy.training.initialize import init_nlp
from spacy.util import load_config
from thinc.api import Adam, Maxout, Softmax, chain, fix_random_seed, set_dropout_rate

from pipelines.features import normalize_char

MASK = "[MASK]"


def read_texts(paths: list[Path]) -> list[str]:
    nlp = spacy.blank("zh")
    texts = []
    for path in paths:
        for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
            if doc.text.strip():
                texts.append(doc.text)
    return texts


def batches(texts: list[str], size: int, rng: random.Random):
    order = list(range(len(texts)))
    rng.shuffle(order)
    batch, n = [], 0
    for i in order:
        batch.append(texts[i])
        n += len(texts[i])
        if n >= size:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch


def mask_doc(doc: Doc, rng: numpy.random.Generator, prob: float, chars: list[str]) -> tuple[Doc, numpy.ndarray]:
    """A copy of ``doc`` with some characters masked, and the positions chosen."""
    n = len(doc)
    chosen = numpy.flatnonzero(rng.random(n) < prob)
    if not len(chosen) and n:
        chosen = numpy.array([rng.integers(n)])
    words = [t.text for t in doc]
    strings = doc.vocab.strings
    norms = [strings[h] for h in doc.to_array(NORM).tolist()]
    for i in chosen.tolist():
        roll = rng.random()
        if roll < 0.8:
            words[i] = norms[i] = MASK
        elif roll < 0.9:
            words[i] = norms[i] = chars[rng.integers(len(chars))]
    masked = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
    values = doc.to_array([NORM, LEMMA, TAG]).copy()
    changed = set(chosen.tolist())
    for i in chosen.tolist():
        changed.add(i - 1)
    for i in sorted(changed):
        if 0 <= i < n:
            values[i, 0] = strings.add(norms[i])
            values[i, 1] = strings.add(norms[i] + (norms[i + 1] if i + 1 < n else "</s>"))
    masked.from_array([NORM, LEMMA, TAG], values)  # the jieba tags (TAG) as they were
    return masked, chosen


def main(
    config_path: Path,
    output: Path,
    train: Path = typer.Option(..., help="folder of training DocBins (their text only is read)"),
    dev: Path = typer.Option(..., help="the dev DocBin (initialisation only)"),
    vectors: Path = typer.Option(..., help="the static vectors (assets/lac_vectors)"),
    epochs: int = 4,
    batch_chars: int = 2000,
    mask_prob: float = 0.15,
    n_chars: int = 6000,
    learn_rate: float = 0.001,
    dropout: float = 0.1,
    seed: int = 0,
):
    """Pretrain the encoder of CONFIG_PATH by predicting masked characters; write OUTPUT/model{epoch}.bin."""
    fix_random_seed(seed)
    output.mkdir(parents=True, exist_ok=True)
    config = load_config(config_path, overrides={"paths.train": str(train), "paths.dev": str(dev), "paths.vectors": str(vectors)})
    nlp = init_nlp(config)
    features = nlp.get_pipe("features")
    tok2vec = nlp.get_pipe("tok2vec").model
    texts = read_texts(sorted(train.glob("*.spacy")))
    # counted folded, as the targets are looked up (the NORM of each character)
    counts = Counter(normalize_char(c) for t in texts for c in t if not c.isspace())
    chars = [c for c, _ in counts.most_common(n_chars)]
    index = {c: i + 1 for i, c in enumerate(chars)}  # 0: any other character
    width = tok2vec.get_dim("nO")
    head = chain(Maxout(nO=width, nI=width, nP=2, normalize=True), Softmax(nO=len(chars) + 1, nI=width))
    head.initialize()
    optimizer = Adam(learn_rate, L2=0.01, grad_clip=1.0, use_averages=True)
    rng = numpy.random.default_rng(seed)
    order_rng = random.Random(seed)
    print(f"{len(texts)} texts, {sum(map(len, texts)):,} characters, {len(chars)} classes")
    for epoch in range(epochs):
        start, seen, loss, right, total = time.time(), 0, 0.0, 0, 0
        for step, batch in enumerate(batches(texts, batch_chars, order_rng)):
            docs = [features(nlp.make_doc(t)) for t in batch]
            docs = [d for d in docs if len(d)]
            pairs = [mask_doc(d, rng, mask_prob, chars) for d in docs]
            set_dropout_rate(tok2vec, dropout)
            outputs, backprop = tok2vec.begin_update([m for m, _ in pairs])
            rows, targets, offset = [], [], 0
            for doc, (masked, chosen), out in zip(docs, pairs, outputs):
                rows.append(chosen + offset)
                targets += [index.get(doc[i].norm_, 0) for i in chosen.tolist()]
                offset += len(out)
            rows = numpy.concatenate(rows)
            X = tok2vec.ops.xp.vstack(outputs)
            probs, backprop_head = head.begin_update(X[rows])
            truth = numpy.zeros_like(probs)
            truth[numpy.arange(len(targets)), targets] = 1.0
            d_probs = (probs - truth) / len(targets)
            dX = numpy.zeros_like(X)
            dX[rows] = backprop_head(d_probs)
            d_outputs, offset = [], 0
            for out in outputs:
                d_outputs.append(dX[offset:offset + len(out)])
                offset += len(out)
            backprop(d_outputs)
            tok2vec.finish_update(optimizer)
            head.finish_update(optimizer)
            optimizer.step_schedules()
            loss += float(-numpy.log(probs[numpy.arange(len(targets)), targets] + 1e-8).sum())
            right += int((probs.argmax(1) == numpy.array(targets)).sum())
            total += len(targets)
            seen += sum(map(len, batch))
            if step % 200 == 0:
                rate = seen / (time.time() - start)
                print(f"epoch {epoch} step {step} loss {loss / max(total, 1):.3f} acc {right / max(total, 1):.3f} {rate:,.0f} chars/s", flush=True)
        with tok2vec.use_params(optimizer.averages):
            weights = tok2vec.to_bytes()
        (output / f"model{epoch}.bin").write_bytes(weights)
        (output / "model-last.bin").write_bytes(weights)
        print(f"epoch {epoch} done: loss {loss / max(total, 1):.3f} acc {right / max(total, 1):.3f} -> {output}/model{epoch}.bin", flush=True)


if __name__ == "__main__":
    typer.run(main)
