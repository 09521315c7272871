"""A linear relation classifier over hashed features of an entity pair.

The pair is seen as its sentence template (``triggers.pair_template``): the
characters between the two entities, a few on either side, the two entity
types, the ends of the entity names and which trigger pattern fired. The
model is a softmax regression (weights ``n_features x n_classes``), trained by
``pipelines/scripts/train_relations.py`` and shipped as a sparse ``.npz``.

A class is ``none``, a symmetric label, or a directed label with ``>`` (the
relation runs from the first entity in the text to the second) or ``<``.
"""
from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

from .triggers import FIRST, SECOND, Trigger

__all__ = ["features", "RelationModel", "N_FEATURES", "classes_for"]

N_FEATURES = 2**18
_WINDOW = 4
_LONG = 40


def classes_for(labels, symmetric) -> list[str]:
    """``none`` then each label, with both directions for directed ones."""
    out = ["none"]
    for label in labels:
        out.extend([label] if label in symmetric else [label + ">", label + "<"])
    return out


def _grams(text: str, prefix: str, n_max: int = 3) -> list[str]:
    out = []
    for n in range(1, n_max + 1):
        start = prefix + str(n)
        out += [start + text[i:i + n] for i in range(len(text) - n + 1)]
    return out


def features(template: str, types: tuple[str, str], names: tuple[str, str],
             trigger: Trigger | None = None) -> list[str]:
    """The feature strings of the pair marked in ``template``."""
    i, j = template.index(FIRST), template.index(SECOND)
    between = template[i + 1:j]
    left, right = template[max(0, i - _WINDOW):i], template[j + 1:j + 1 + _WINDOW]
    pair = f"{types[0]}|{types[1]}"
    near = between if len(between) <= _LONG else between[:_LONG // 2] + "…" + between[-_LONG // 2:]
    size = len(between)
    feats = [
        "bias", "tp=" + pair, "len=" + (str(size) if size < 6 else "6-15" if size < 16 else "16-40" if size < 41 else "41+"),
        "bf=" + between[:2], "bl=" + between[-2:], "bf1=" + between[:1], "bl1=" + between[-1:],
        "l=" + left[-2:], "l1=" + left[-1:], "r=" + right[:2], "r1=" + right[:1],
        "as=" + names[0][-2:], "bs=" + names[1][-2:],
        pair + "|bf=" + between[:2], pair + "|bl=" + between[-2:], pair + "|l=" + left[-2:], pair + "|r=" + right[:2],
    ]
    if any(c in between for c in "，。；,;"):
        feats.append("punct")
    feats.extend(_grams(near, "b"))
    feats += [pair + "|" + g for g in _grams(near, "b", 2)]
    feats.extend(_grams(left, "l", 2))
    feats.extend(_grams(right, "r", 2))
    if trigger is not None:
        t = trigger.label + (">" if trigger.forward else "<")
        feats.extend(["trig=" + t, pair + "|trig=" + t])
    return feats


def hash_features(feats: list[str], n_features: int = N_FEATURES) -> np.ndarray:
    return np.array(sorted({zlib.crc32(f.encode()) % n_features for f in feats}), dtype=np.int64)  # UTF-8


class RelationModel:
    """Softmax regression weights over hashed features."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, classes: list[str]):
        self.weights = np.asarray(weights)  # (n_features, n_classes), dense
        self.bias = bias
        self.classes = list(classes)

    def predict(self, feats: list[str]) -> np.ndarray:
        """Class probabilities for one pair."""
        rows = hash_features(feats, self.weights.shape[0])
        scores = self.weights[rows].sum(axis=0) + self.bias
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def to_disk(self, path: str | Path, prune: float = 1e-3) -> None:
        from scipy import sparse

        w = np.array(self.weights, dtype=np.float32)  # a copy
        w[np.abs(w) < prune] = 0.0
        m = sparse.csr_matrix(w)
        np.savez_compressed(path, data=m.data.astype(np.float16), indices=m.indices, indptr=m.indptr, shape=np.array(m.shape),
                            bias=self.bias.astype(np.float32), classes=np.array(self.classes))

    @classmethod
    def from_disk(cls, path: str | Path) -> "RelationModel":
        """Read weights written by ``to_disk`` into a dense table (no scipy at run time)."""
        with np.load(path, allow_pickle=False) as z:
            shape = tuple(int(n) for n in z["shape"])
            weights = np.zeros(shape, dtype=np.float32)
            rows = np.repeat(np.arange(shape[0]), np.diff(z["indptr"]))
            weights[rows, z["indices"]] = z["data"].astype(np.float32)
            return cls(weights, z["bias"], [str(c) for c in z["classes"]])
