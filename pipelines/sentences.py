"""Sentence boundaries for Chinese text on character tokens.

``entity_graph_sentences`` ends a sentence after 。！？!?； or an ellipsis
(with any closing quotes or brackets that follow) and at every line break, so
titles and list items stand alone. Pipelines with a parser or senter keep
their own boundaries.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["SENTENCE_END", "sentence_starts", "make_sentences"]

SENTENCE_END = re.compile(r"(?:[。！？!?；;]+|…+|\.{3,})[”’」』）)\]】》\"']*|\n+|\r+")


def sentence_starts(text: str) -> list[int]:
    """Character offsets where a sentence starts after the first one."""
    return [m.end() for m in SENTENCE_END.finditer(text) if m.end() < len(text)]


class Sentences:
    def __init__(self, name: str = "sentences"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        idx = doc.to_array(IDX).astype("int64")
        values = numpy.where(numpy.isin(idx, sentence_starts(doc.text)), 1, -1)
        values[0] = 1
        doc.from_array([SENT_START], values.astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("entity_graph_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> Sentences:
    return Sentences(name)
