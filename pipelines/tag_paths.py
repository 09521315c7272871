"""Sequences of BILUO tag ids (one a token), as the entity tagger decodes them.

Shared by the tagger and its second looks (``name_lists``, ``org_names``): the
entities a valid path holds, and a batch of paths seen as one array, so that a
check runs once per batch instead of once per document.
"""
from __future__ import annotations

from functools import lru_cache

import numpy

__all__ = ["entity_spans", "concatenated", "documents_at"]


@lru_cache(maxsize=8)
def _kinds(labels: tuple[str, ...]) -> numpy.ndarray:
    return numpy.array([tag[0] for tag in labels])  # O, B, I, L or U


def entity_spans(path, labels: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of the entities of a valid path (each B closed by the next L)."""
    kinds = _kinds(labels)[path]
    starts = numpy.flatnonzero((kinds == "B") | (kinds == "U")).tolist()
    ends = (numpy.flatnonzero((kinds == "L") | (kinds == "U")) + 1).tolist()
    return [(s, e, labels[path[s]][2:]) for s, e in zip(starts, ends)]


def concatenated(paths) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The paths of a batch end to end, and where each ends (exclusive)."""
    return numpy.concatenate(paths), numpy.cumsum([len(path) for path in paths])


def documents_at(ends, positions) -> list[int]:
    """The documents (indices, sorted, once each) that hold ``positions`` of the concatenated paths."""
    return sorted(set(numpy.searchsorted(ends, positions, side="right").tolist()))
