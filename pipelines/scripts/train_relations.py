"""Train the relation classifier on the examples of ``relation_data.py``.

Softmax regression over hashed pair features, fitted with L-BFGS (scipy) on
DuIE 0-3599 and FinRE train. Writes the weights with trigger features
(``relations.npz``, what the shipped ``combined`` mode uses) and without
(``relations_plain.npz``, the ``classifier`` mode, for comparison).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import typer
from scipy import optimize, sparse

from pipelines.relation_model import N_FEATURES, RelationModel, classes_for, hash_features
from pipelines.relations import RELATIONS, SYMMETRIC
from pipelines.sentences import sentence_starts
from pipelines.typed_relations import MAX_BETWEEN, describe

CLASSES = classes_for(RELATIONS, SYMMETRIC)
ENTITY_TYPES = {t for head, tail in RELATIONS.values() for t in head + tail}


def read(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)


def pairs(ex):
    """``(text, first, second, types, names, class)`` for each candidate pair of an example."""
    text, ents = ex["text"], ex["ents"]
    gold = {}
    for h, t, label, _ in ex["rels"]:
        i, j = sorted((h, t), key=lambda k: ents[k][0])
        name = "none" if label == "none" else label if label in SYMMETRIC else label + (">" if i == h else "<")
        gold[(i, j)] = name
    if ex["closed"]:
        bounds = [0] + sentence_starts(text) + [len(text)]
        order = sorted(range(len(ents)), key=lambda k: ents[k][0])
        candidates = [(i, j) for n, i in enumerate(order) for j in order[n + 1:]
                      if ents[i][2] in ENTITY_TYPES and ents[j][2] in ENTITY_TYPES]
    else:
        candidates = list(gold)
        bounds = [0, len(text)]
    for i, j in candidates:
        (s1, e1, l1), (s2, e2, l2) = ents[i], ents[j]
        if s2 < e1:
            continue
        lo = max(b for b in bounds if b <= s1)
        hi = min(b for b in bounds if b >= e2) if e2 <= bounds[-1] else len(text)
        if ex["closed"] and (any(lo < b < e2 for b in bounds) or s2 - e1 > MAX_BETWEEN):
            continue
        others = [(s - lo, e - lo, label) for k, (s, e, label) in enumerate(ents)
                  if k not in (i, j) and lo <= s and e <= hi]
        yield text[lo:hi], (s1 - lo, e1 - lo), (s2 - lo, e2 - lo), (l1, l2), (text[s1:e1], text[s2:e2]), \
            gold.get((i, j), "none"), others


def matrix(examples, with_trigger=True):
    rows, labels = [], []
    for ex in examples:
        for text, first, second, types, names, name, others in pairs(ex):
            _, _, feats = describe(text, first, second, types, names, with_trigger, others)
            rows.append(hash_features(feats))
            labels.append(CLASSES.index(name))
    indptr = np.cumsum([0] + [len(r) for r in rows])
    data = np.ones(indptr[-1], dtype=np.float32)
    X = sparse.csr_matrix((data, np.concatenate(rows), indptr), shape=(len(rows), N_FEATURES))
    return X, np.array(labels)


def fit(X, y, l2: float = 1.0, iterations: int = 300):
    n, d = X.shape
    c = len(CLASSES)
    Y = np.zeros((n, c), dtype=np.float64)
    Y[np.arange(n), y] = 1.0
    Xt = X.T.tocsr()

    def loss(w):
        W = w[:d * c].reshape(d, c)
        b = w[d * c:]
        S = X @ W + b
        S -= S.max(axis=1, keepdims=True)
        P = np.exp(S)
        Z = P.sum(axis=1, keepdims=True)
        P /= Z
        value = -(S[np.arange(n), y] - np.log(Z[:, 0])).sum() + 0.5 * l2 * (W * W).sum()
        G = P - Y
        grad = np.concatenate([(Xt @ G + l2 * W).ravel(), G.sum(axis=0)])
        return value, grad

    w0 = np.zeros(d * c + c)
    res = optimize.minimize(loss, w0, jac=True, method="L-BFGS-B", options={"maxiter": iterations})
    W = res.x[:d * c].reshape(d, c).astype(np.float32)
    return RelationModel(W, res.x[d * c:].astype(np.float32), CLASSES), res


def main(corpus: Path, output: Path, l2: float = 1.0, iterations: int = 300):
    """Fit on CORPUS/{duie_train,finre_train}.jsonl; write OUTPUT/relations.npz and relations_plain.npz."""
    output.mkdir(parents=True, exist_ok=True)
    train = list(read([corpus / "duie_train.jsonl", corpus / "finre_train.jsonl"]))
    for with_trigger, name in ((True, "relations.npz"), (False, "relations_plain.npz")):
        X, y = matrix(train, with_trigger)
        model, res = fit(X, y, l2, iterations)
        model.to_disk(output / name)
        counts = np.bincount(y, minlength=len(CLASSES))
        print(f"✔ {name}: {X.shape[0]} pairs, {res.nit} iterations, loss {res.fun:.1f}; "
              + ", ".join(f"{c} {k}" for c, k in zip(CLASSES, counts) if k))


if __name__ == "__main__":
    typer.run(main)
