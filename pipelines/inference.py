"""Prediction-time kernels for the CNN layers: thinc's arithmetic in fewer passes.

At prediction time, a ``maxout >> layernorm >> dropout`` chain spends more time
outside its matrix product than in it: thinc's ``maxout`` also records the
winning piece of every output (for training), ``layernorm`` makes several
temporaries, ``expand_window`` copies through a general ``seq2col`` and
``residual`` adds into a new array. ``fast_inference(model)`` gives those
layers a forward that, when not training, takes the same product, keeps the
pieces' elementwise max, normalises in place and shifts
the window with slices. The numbers are the same operations in the same
order; in training (``is_train``) the layers run thinc's own forward. The
embedding layer below them remembers the part of its mixing that depends on
the character alone (``embed_cache``: the same up to float rounding).
"""
from __future__ import annotations

from typing import Callable

import numpy
from thinc.api import Model
from thinc.layers.chain import forward as chain_forward

__all__ = ["fast_inference", "max_and_norm", "no_backprop"]

EPSILON = 1e-08  # thinc's layernorm adds it to the variance


def fast_inference(model: Model) -> int:
    """Give the layers of ``model`` the prediction-time forwards; returns how many were set."""
    from .embed_cache import cached_embed  # it uses this module's kernels

    done = 0
    for node in list(model.walk()):
        if getattr(node._func, "fast_inference", False):  # set already
            continue
        if cached_embed(node):  # the embedding layer: its token-level part remembered
            done += 1
            continue
        leaves = _leaves(node)
        if [leaf.name for leaf in leaves] in (["maxout", "layernorm"], ["maxout", "layernorm", "dropout"]):
            _swap(node, _maxout_norm(*leaves[:2]))
        elif node.name == "expand_window":
            _swap(node, _expand_window)
        elif node.name.startswith("residual(") and len(node.layers) == 1 and [
            leaf.name for leaf in _leaves(node.layers[0])
        ][:3] == ["expand_window", "maxout", "layernorm"]:
            _swap(node, _residual)
        else:
            continue
        done += 1
    return done


def _leaves(node: Model) -> list[Model]:
    if node._func is chain_forward:
        return [leaf for layer in node.layers for leaf in _leaves(layer)]
    return [node]


def _swap(node: Model, fast: Callable) -> None:
    slow = node._func

    def forward(model, X, is_train):
        if is_train or type(X) is not numpy.ndarray or X.ndim != 2 or X.dtype != numpy.float32:
            return slow(model, X, is_train)
        return fast(model, X), no_backprop

    forward.fast_inference = True
    node._func = forward


def no_backprop(dY):
    raise ValueError("fast_inference layers predict only; train with is_train=True")


def _maxout_norm(maxout: Model, norm: Model) -> Callable:
    def fast(model: Model, X):
        W, b = maxout.get_param("W"), maxout.get_param("b")  # (nO, nP, nI), (nO, nP)
        nO, nP, nI = W.shape
        # thinc's product, in thinc's layout (column o*nP + p holds piece p of output o): a BLAS may
        # round a column otherwise when it sits elsewhere in the matrix
        Z = maxout.ops.gemm(X, W.reshape(nO * nP, nI), trans2=True)
        Z += b.reshape(nO * nP)
        return max_and_norm(Z, nO, nP, norm)

    return fast


def max_and_norm(Z, nO: int, nP: int, norm: Model):
    """Maxout's pieces (``Z``: the product plus bias, in thinc's layout) to their max, then ``norm``'s layer norm."""
    pieces = Z.reshape(len(Z), nO, nP)
    Y = numpy.maximum(pieces[:, :, 0], pieces[:, :, 1]) if nP > 1 else pieces[:, :, 0].copy()
    for p in range(2, nP):
        numpy.maximum(Y, pieces[:, :, p], out=Y)
    Y -= Y.mean(axis=1, keepdims=True)
    var = numpy.square(Y).mean(axis=1, keepdims=True)
    var += EPSILON
    Y *= var ** -0.5
    Y *= norm.get_param("G")
    Y += norm.get_param("b")
    return Y


def _expand_window(model: Model, X):
    """Each row followed by its neighbours ``window_size`` either side, zeros past the ends."""
    w = model.attrs["window_size"]
    N, nI = X.shape
    Y = numpy.empty((N, (2 * w + 1) * nI), dtype=X.dtype)
    for j, k in enumerate(range(-w, w + 1)):
        block = Y[:, j * nI:(j + 1) * nI]
        if k < 0:
            block[:min(-k, N)] = 0
            block[-k:] = X[:max(N + k, 0)]
        elif k > 0:
            block[max(N - k, 0):] = 0
            block[:max(N - k, 0)] = X[k:]
        else:
            block[:] = X
    return Y


def _residual(model: Model, X):
    Y, _ = model.layers[0](X, False)
    Y += X
    return Y
