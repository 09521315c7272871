"""Matrix products through numpy's BLAS instead of blis, for a loaded pipeline.

thinc's CPU ops multiply with blis, single-threaded; numpy's OpenBLAS gives the
same results (to float rounding) 2-3x faster on the ``tok2vec`` here and can
use every core. The shipped pipeline's config names the callback, so that
``spacy.load`` of it gets this too:

    [nlp.after_pipeline_creation]
    @callbacks = "entity_graph.numpy_blas.v1"
"""
from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.util import registry
from thinc.api import Model, NumpyOps

__all__ = ["use_numpy_blas", "make_numpy_blas"]


def use_numpy_blas(nlp: Language) -> Language:
    """Give this pipeline's CPU models numpy-BLAS ops; GPU and other ops are left alone."""
    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                if type(node.ops) is NumpyOps:
                    node.ops = ops
    return nlp


@registry.callbacks("entity_graph.numpy_blas.v1")
def make_numpy_blas() -> Callable[[Language], Language]:
    return use_numpy_blas
