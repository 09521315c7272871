"""Sequences of BILUO tag ids (one a token), as the entity tagger decodes them.

Shared by the tagger and its second looks (``name_lists``, ``org_names``): the
entities a valid path holds, and a batch of paths seen as one array, so that a
check runs once per batch instead of once per document. Also how sure the
tagger was of a label over a span, from what it keeps in ``doc.user_data``.
"""
from __future__ import annotations

from functools import lru_cache

import numpy

__all__ = ["entity_spans", "concatenated", "documents_at", "label_probs", "label_confidence", "LABEL_PROBS"]

LABEL_PROBS = "entity_graph.label_probs"  # doc.user_data: {"labels": [...], "probs": (tokens, labels) float32}


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


def document_ends(ends, size: int) -> numpy.ndarray:
    """The last tokens of each document of a batch but the last, as positions of the ``size`` pairs of
    neighbouring tokens of the concatenated paths (none for an empty document at the batch's end)."""
    last = ends[:-1] - 1
    return last[(last >= 0) & (last < size)]


def documents_at(ends, positions) -> list[int]:
    """The documents (indices, sorted, once each) that hold ``positions`` of the concatenated paths."""
    return sorted(set(numpy.searchsorted(ends, positions, side="right").tolist()))


def label_probs(log_probs: numpy.ndarray, labels: tuple[str, ...]) -> numpy.ndarray:
    """Each token's probability of being part of an entity of each label (the B, I, L and U tags
    summed; columns in the order of ``sorted`` entity labels) from the tag log-probabilities."""
    return (numpy.exp(log_probs) @ _label_columns(labels)).astype("float32", copy=False)


@lru_cache(maxsize=8)
def _label_columns(labels: tuple[str, ...]) -> numpy.ndarray:
    """(tags, entity labels): 1 where the tag is one of the label's."""
    names = sorted({tag[2:] for tag in labels if tag != "O"})
    columns = numpy.zeros((len(labels), len(names)), dtype="float32")
    for i, tag in enumerate(labels):
        if tag != "O":
            columns[i, names.index(tag[2:])] = 1
    return columns


def label_confidence(span, label: str | None = None) -> float | None:
    """The mean over ``span``'s tokens of the tagger's probability that each is part of a ``label``
    entity (default: the span's label); None when the doc has no probabilities from the tagger."""
    kept = span.doc.user_data.get(LABEL_PROBS)
    if not kept or not len(span):
        return None
    labels, probs = list(kept["labels"]), kept["probs"]
    label = label or span.label_
    if label not in labels or len(probs) != len(span.doc):
        return None
    return float(probs[span.start:span.end, labels.index(label)].mean())
