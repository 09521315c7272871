"""Sentence boundaries for Chinese text on character tokens.

``entity_graph_sentences`` ends a sentence after 。！？!?； or an ellipsis
(with any closing quotes or brackets that follow) and at every line break, so
titles and list items stand alone. Pipelines with a parser or senter keep
their own boundaries.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Callable

import numpy
from spacy.attrs import IDX, SENT_START

from spacy.lang.zh import ChineseTokenizer
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

__all__ = ["SENTENCE_END", "doc_text", "span_text", "make_doc", "sentence_starts", "sentence_finder", "make_sentences",
           "token_chars", "CharTokenizer"]

_TEXT_KEY = "entity_graph.text"
_TOKENS_KEY = "entity_graph.text_tokens"  # how many tokens the kept text was checked against

SENTENCE_END = re.compile(r"(?:[。！？!?；;]+|…+|\.{3,})[”’」』）)\]】》\"']*|\n+|\r+")


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per ``Doc`` and kept in its ``user_data``.

    ``doc.text`` joins every token's text on each access, and each component
    reads it; a ``Doc``'s text never changes (retokenizing keeps it), so the
    first reading serves the rest. A kept text is checked against the tokens'
    offsets once, then trusted while the number of tokens stays the same.
    """
    data = doc.user_data
    text = data.get(_TEXT_KEY)
    if text is not None and data.get(_TOKENS_KEY) == len(doc):
        return text
    if text is None or len(text) != (_end(doc[-1]) if len(doc) else 0):
        text = data[_TEXT_KEY] = doc.text
    data[_TOKENS_KEY] = len(doc)  # checked once for these tokens: later readings trust it
    return text


def _end(token: Token) -> int:
    return token.idx + len(token.text_with_ws)


def span_text(span: Span) -> str:
    """``span.text``, sliced from the document's kept text (``Span.text`` makes a token of each character)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def make_doc(nlp, text: str) -> Doc:
    """``nlp.make_doc(text)`` that keeps ``text`` for ``doc_text``.

    A text with no whitespace, for spaCy's Chinese tokenizer in ``char`` mode, is
    made here the same: one token a character, no spaces (spaCy's alignment of
    the characters with the text is quadratic in its length).
    """
    tokenizer = nlp.tokenizer
    if (getattr(tokenizer, "segmenter", None) == "char" and isinstance(tokenizer, ChineseTokenizer)
            and len(text) <= nlp.max_length and not _SPACE.search(text)):
        doc = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))
    else:
        doc = nlp.make_doc(text)
    doc.user_data[_TEXT_KEY] = text
    return doc


_SPACE = re.compile(r"\s")


class CharTokenizer(ChineseTokenizer):
    """spaCy's Chinese tokenizer, made faster in ``char`` mode: a text with no whitespace becomes
    one token a character directly (the same tokens), and the text is kept for ``doc_text``."""

    def __call__(self, text: str) -> Doc:
        if self.segmenter == "char" and not _SPACE.search(text):
            doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        else:
            doc = super().__call__(text)
        doc.user_data[_TEXT_KEY] = text
        return doc


@registry.tokenizers("entity_graph.ChineseTokenizer.v1")
def create_char_tokenizer(segmenter: str = "char"):
    """The ``[nlp.tokenizer]`` of the shipped pipeline (``CharTokenizer``)."""

    def char_tokenizer_factory(nlp) -> CharTokenizer:
        return CharTokenizer(nlp.vocab, segmenter=segmenter)

    return char_tokenizer_factory


def sentence_starts(text: str) -> list[int]:
    """Character offsets where a sentence starts after the first one."""
    return [m.end() for m in SENTENCE_END.finditer(text) if m.end() < len(text)]


def sentence_finder(doc: Doc) -> Callable[[Span], Span]:
    """A function from a span of ``doc`` to its sentence, as ``span.sent`` gives it.

    ``span.sent`` walks the document's tokens on every call; this reads the
    boundaries once, so that a document with many entities stays linear.
    """
    if "sent" in doc.user_span_hooks or "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        return lambda span: span.sent
    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    ends = starts[1:] + [len(doc)]
    found: dict[int, Span] = {}

    def sentence(span: Span) -> Span:
        i = bisect_right(starts, span.start) - 1
        if i not in found:
            found[i] = doc[starts[i]:ends[i]]
        return found[i]

    return sentence


class Sentences:
    def __init__(self, name: str = "sentences"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        idx = doc.to_array(IDX).astype("int64")
        values = numpy.where(numpy.isin(idx, sentence_starts(doc_text(doc))), 1, -1)
        values[0] = 1
        doc.from_array([SENT_START], values.astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("entity_graph_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> Sentences:
    return Sentences(name)


def token_chars(doc: Doc) -> str:
    """One character for each token: the token where it is one character, else a space
    (so that offsets in it are token indices)."""
    text = doc_text(doc)
    if len(text) == len(doc):  # every token one character, no whitespace between
        return text
    return "".join(t.text if len(t.text) == 1 else " " for t in doc)
