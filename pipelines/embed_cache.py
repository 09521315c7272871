"""A prediction-time forward for spaCy's ``MultiHashEmbed`` that remembers what it computed.

The embedding layer looks up each token's attributes in hash tables (and its
static vector), and mixes them with one maxout layer. The mixing is one matrix
product over all the inputs at once, so it splits into a sum: one part for the
attributes a character has wherever it stands (``NORM``, ``TAG``, ``SHAPE``, its
vector) and one for those that change with the context (``LEMMA``, which our
features fill with the character bigram). The first part is computed once for
each distinct combination and kept in a table (a few thousand rows cover most
text), the second for every token. The numbers are those of spaCy's forward up
to float rounding (the sum is taken in another order); training runs spaCy's
own forward and empties the table, as does a change of weights.
"""
from __future__ import annotations

from typing import Sequence

import numpy
from thinc.api import Model
from thinc.layers.chain import forward as chain_forward

from .inference import max_and_norm, no_backprop

__all__ = ["EmbedCache", "cached_embed"]

UNCACHED = ("LEMMA",)  # our features' character bigram: too many values to keep
MAX_ROWS = 1 << 15  # rows kept: 48 MB at 384 floats a row
_MIX = numpy.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                    0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x2545F4914F6CDD1D, 0x94D049BB133111EB], dtype="uint64")


def cached_embed(node: Model, uncached: Sequence[str] = UNCACHED) -> bool:
    """Give a ``MultiHashEmbed`` node the remembering forward at prediction time; False if
    ``node`` is not one (or its attributes are more than this handles)."""
    cache = EmbedCache.of(node, uncached)
    if cache is None:
        return False
    slow = node._func

    def forward(model, docs, is_train):
        if is_train or not docs or not cache.handles(docs):
            if is_train:
                cache.clear()  # the weights are about to change
            return slow(model, docs, is_train)
        return cache(docs), no_backprop

    forward.fast_inference = True
    forward.cache = cache
    node._func = forward
    return True


class EmbedCache:
    """The embedding of a batch of docs, the token-level part of its mixing remembered."""

    def __init__(self, columns: Sequence[str], tables: list[Model], static: Model | None, maxout: Model, norm: Model,
                 uncached: Sequence[str]):
        self.columns, self.tables, self.static, self.maxout, self.norm = list(columns), tables, static, maxout, norm
        self.varying = [i for i, name in enumerate(columns) if name in uncached]
        self.fixed = [i for i, name in enumerate(columns) if name not in uncached]
        self.clear()

    @classmethod
    def of(cls, node: Model, uncached: Sequence[str]) -> EmbedCache | None:
        """The cache for ``node`` if it is spaCy's ``MultiHashEmbed``, else None."""
        if node._func is not chain_forward or not node.layers or node.layers[-1].name != "ragged2list":
            return None
        names = [n.name for n in node.walk()]
        if any(names.count(name) != 1 for name in ("extract_features", "maxout", "layernorm")) or \
                names.count("static_vectors") > 1:
            return None
        found = {n.name: n for n in node.walk()}
        tables = [n for n in node.walk() if n.name == "hashembed"]
        columns = found["extract_features"].attrs.get("columns", [])
        if not tables or [t.attrs.get("column") for t in tables] != list(range(len(columns))) or len(columns) >= len(_MIX):
            return None
        static, maxout = found.get("static_vectors"), found["maxout"]
        if not all(t.has_param("E") for t in tables) or not maxout.has_param("W"):
            return None
        width = tables[0].get_param("E").shape[1]
        if any(t.get_param("E").shape[1] != width for t in tables) or \
                maxout.get_param("W").shape[2] != width * (len(tables) + (static is not None)):
            return None
        return cls(columns, tables, static, maxout, found["layernorm"], uncached)

    def handles(self, docs: list) -> bool:
        """Whether these docs can take this forward (static vectors: only spaCy's default table)."""
        return self.static is None or docs[0].vocab.vectors.mode == "default"

    def clear(self) -> None:
        self.rows: dict[int, int] = {}
        self.table = None  # (rows, nO * nP) float32: the fixed attributes' part of the mixing, bias included
        self.keys = None  # the attribute values of each row, to tell a clash of the mixed keys
        self.weights: tuple = ()

    def _refresh(self) -> None:
        """An empty table, and the mixing's weights split by part (contiguous: a BLAS is slow on slices)."""
        self.clear()
        self.weights = self._current()
        W = self.maxout.get_param("W")
        nO, nP, nI = W.shape
        Wf = W.reshape(nO * nP, nI)  # thinc's layout: column o * nP + p holds piece p of output o
        width = self.tables[0].get_param("E").shape[1]
        fixed = [Wf[:, i * width:(i + 1) * width] for i in self.fixed]
        if self.static is not None:
            fixed.append(Wf[:, len(self.tables) * width:])
        self.w_fixed = numpy.ascontiguousarray(numpy.hstack(fixed))
        self.w_varying = [numpy.ascontiguousarray(Wf[:, i * width:(i + 1) * width]) for i in self.varying]

    def _current(self) -> tuple:
        """The arrays the table was computed from: when any is replaced, the table is stale."""
        arrays = [t.get_param("E") for t in self.tables] + [self.maxout.get_param("W"), self.maxout.get_param("b")]
        if self.static is not None:
            arrays += [self.static.get_param("W")]
        return tuple(id(a) for a in arrays)

    def __call__(self, docs: list) -> list:
        if self.weights != self._current():
            self._refresh()
        ops = self.maxout.ops
        nO, nP, _ = self.maxout.get_param("W").shape
        ids = numpy.concatenate([doc.to_array(self.columns) for doc in docs]).astype("uint64", copy=False)
        values = ids[:, self.fixed]
        vectors = docs[0].vocab.vectors
        if self.static is not None:
            orth = numpy.concatenate([doc.to_array(vectors.attr) for doc in docs]).astype("uint64", copy=False)
            values = numpy.column_stack([values, orth])
        rows = self._rows(values, ids, vectors)
        Z = self.table[rows] if rows is not None else self._fixed_part(values, ids, vectors)
        for i, W in zip(self.varying, self.w_varying):
            table = self.tables[i]
            E = table.get_param("E")
            keys = ops.hash(numpy.ascontiguousarray(ids[:, i]), table.attrs["seed"]) % E.shape[0]
            Z += ops.gemm(ops.gather_add(E, keys), W, trans2=True)
        Y = max_and_norm(Z, nO, nP, self.norm)
        return numpy.split(Y, numpy.cumsum([len(doc) for doc in docs])[:-1])

    def _rows(self, values, ids, vectors):
        """Each token's row of the table, computing the rows of values not seen yet; None when
        the table is full (or two values mix to one key)."""
        key = values[:, 0] * _MIX[0]
        for j in range(1, values.shape[1]):
            key ^= values[:, j] * _MIX[j]
        unique, first, inverse = numpy.unique(key, return_index=True, return_inverse=True)
        rows = numpy.fromiter((self.rows.get(k, -1) for k in unique.tolist()), dtype="int64", count=len(unique))
        missing = numpy.flatnonzero(rows < 0)
        if len(missing):
            start = len(self.rows)
            if start + len(missing) > MAX_ROWS:
                return None
            self._reserve(start + len(missing), values.shape[1], self.w_fixed.shape[0])
            tokens = first[missing]
            self.table[start:start + len(missing)] = self._fixed_part(values[tokens], ids[tokens], vectors)
            self.keys[start:start + len(missing)] = values[tokens]
            rows[missing] = numpy.arange(start, start + len(missing))
            self.rows.update(zip(unique[missing].tolist(), rows[missing].tolist()))
        rows = rows[inverse.reshape(-1)]
        if not numpy.array_equal(self.keys[rows], values):  # two combinations gave one key
            return None
        return rows

    def _reserve(self, n: int, n_values: int, n_out: int) -> None:
        size = 0 if self.table is None else len(self.table)
        if n <= size:
            return
        grown = min(MAX_ROWS, max(n, 2 * size, 4096))
        table, keys = numpy.empty((grown, n_out), dtype="float32"), numpy.empty((grown, n_values), dtype="uint64")
        if size:
            table[:size], keys[:size] = self.table, self.keys
        self.table, self.keys = table, keys

    def _fixed_part(self, values, ids, vectors):
        """The mixing's pre-activation from the fixed attributes (and the static vector), bias included."""
        ops = self.maxout.ops
        parts = []
        for i in self.fixed:
            table = self.tables[i]
            E = table.get_param("E")
            keys = ops.hash(numpy.ascontiguousarray(ids[:, i]), table.attrs["seed"]) % E.shape[0]
            parts.append(ops.gather_add(E, keys))
        if self.static is not None:
            found = vectors.find(keys=numpy.ascontiguousarray(values[:, -1]))
            V = ops.gemm(numpy.ascontiguousarray(vectors.data[found]), self.static.get_param("W"), trans2=True)
            V[found < 0] = 0
            parts.append(V)
        Z = ops.gemm(numpy.hstack(parts), self.w_fixed, trans2=True)
        Z += self.maxout.get_param("b").reshape(-1)
        return Z

