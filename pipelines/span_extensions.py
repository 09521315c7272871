"""Doc extensions that hold spans, stored so that the doc still serializes.

spaCy keeps an extension's value in ``doc.user_data``, which ``Doc.to_bytes``,
``DocBin(store_user_data=True)`` and ``nlp.pipe(..., n_process=2)`` write with
msgpack. A ``Span`` cannot be written that way, and a span kept there holds
its doc in a reference cycle. ``span_extension`` stores each span as plain
values (token offsets, label, ids) and gives back spans of the doc when read.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Span

__all__ = ["span_extension", "encode_span", "decode_span"]


def encode_span(span: Span | None) -> list | None:
    if span is None:
        return None
    return [span.start, span.end, span.label_, span.kb_id_, span.id_]


def decode_span(doc: Doc, value) -> Span | None:
    if value is None:
        return None
    start, end, label, kb_id, span_id = value
    if kb_id or span_id:
        return Span(doc, start, end, label=label, kb_id=kb_id, span_id=span_id)
    return Span(doc, start, end, label=label)


def span_extension(name: str, encode: Callable[[object], list], decode: Callable[[Doc, list], object]) -> None:
    """Register ``doc._.<name>``: a list of items holding spans (None until set), kept in
    ``doc.user_data`` as ``encode`` makes each item and read back through ``decode``."""
    key = f"entity_graph.{name}"

    def getter(doc: Doc):
        stored = doc.user_data.get(key)
        return None if stored is None else [decode(doc, item) for item in stored]

    def setter(doc: Doc, items) -> None:
        doc.user_data[key] = None if items is None else [encode(item) for item in items]

    if not Doc.has_extension(name):
        Doc.set_extension(name, getter=getter, setter=setter)
