"""Matrix products through numpy's BLAS instead of blis, for a loaded pipeline.

thinc's CPU ops multiply with blis, single-threaded; numpy's OpenBLAS gives the
same results (to float rounding) 2-3x faster on the ``tok2vec`` here and can
use every core. The shipped pipeline's config names the callback, so that
``spacy.load`` of it gets this too:

    [nlp.after_pipeline_creation]
    @callbacks = "entity_graph.numpy_blas.v1"

Its CNN layers also get prediction-time kernels (``inference.fast_inference``:
the same arithmetic in fewer passes over memory). It also asks glibc's malloc
to keep the memory the models free for the next batch (``keep_freed_memory``):
by default each batch's large arrays are mapped afresh and every page faults
in again, 15-20% of the ``tok2vec`` time here.
"""
from __future__ import annotations

import ctypes
import sys
from functools import lru_cache
from typing import Callable

from spacy.language import Language
from spacy.util import registry
from thinc.api import Model, NumpyOps

from .inference import fast_inference

__all__ = ["use_numpy_blas", "make_numpy_blas", "keep_freed_memory"]

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
MMAP_THRESHOLD = 64 << 20  # arrays up to this size come from the heap (a batch's are 1-25 MB)
TRIM_THRESHOLD = 256 << 20  # free memory kept for reuse before it goes back to the system


@lru_cache(maxsize=1)
def keep_freed_memory() -> bool:
    """Have glibc's malloc reuse freed large blocks instead of unmapping them (Linux with glibc
    only; elsewhere nothing changes). Once per process; True if applied."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) and libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    except (OSError, AttributeError):  # another C library (musl)
        return False


def use_numpy_blas(nlp: Language) -> Language:
    """Give this pipeline's CPU models numpy-BLAS ops and prediction-time kernels (GPU and
    other ops are left alone), and keep freed memory for the next batch."""
    keep_freed_memory()
    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if isinstance(model, Model):
            cpu = False
            for node in model.walk():
                if type(node.ops) is NumpyOps:
                    node.ops, cpu = ops, True
            if cpu:
                fast_inference(model)
    return nlp


@registry.callbacks("entity_graph.numpy_blas.v1")
def make_numpy_blas() -> Callable[[Language], Language]:
    return use_numpy_blas
