"""Run a spaCy pipeline over documents and turn its output into records.

Documents stream through ``nlp.pipe`` in batches. A document longer than
``max_chars`` is cut into pieces at sentence ends (at a line break or a space
if a sentence is longer still); offsets are shifted back so that they always
index the whole document text.
"""
from __future__ import annotations

import logging
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .records import Document, DocResult, Mention, Relation
from .relations import SYMMETRIC
from .sentences import SENTENCE_END, doc_text, make_doc, sentence_finder

__all__ = ["extract", "split_text", "doc_records"]

logger = logging.getLogger(__name__)

MAX_CHARS = 20_000
MAX_EVIDENCE = 200  # a relation's evidence: its sentence, or this many characters of it around the pair
CLAUSE_MARKS = "，、；：,;:"


def split_text(text: str, max_chars: int = MAX_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into ``(offset, piece)`` pairs of at most ``max_chars``."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            window = text[start:end]
            cut = max((m.end() for m in SENTENCE_END.finditer(window)), default=0)
            if cut < max_chars // 4:
                cut = max(window.rfind(" "), window.rfind("\n")) + 1
            if cut > 0:
                end = start + cut
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def doc_records(doc: Doc, doc_id: str, offset: int = 0, types: set[str] | None = None):
    """Mentions and relations of one processed ``Doc`` (or piece of one)."""
    made: dict[tuple[int, int, int], Mention] = {}
    text = doc_text(doc)
    sentence = sentence_finder(doc)
    bounds: dict[tuple[int, int], tuple[int, int]] = {}

    def sentence_bounds(sent) -> tuple[int, int]:
        """A sentence's offsets in ``text``, without the whitespace around it (once per sentence:
        ``sent.text`` walks its tokens, and a name list is one long sentence)."""
        key = (sent.start_char, sent.end_char)
        if key not in bounds:
            bounds[key] = _strip(text, *key)
        return bounds[key]

    def mention(span) -> Mention:
        key = (span.start, span.end, span.label)
        if key not in made:
            start, end = sentence_bounds(sentence(span))
            made[key] = Mention(
                doc_id=doc_id,
                start=span.start_char + offset,
                end=span.end_char + offset,
                text=text[span.start_char:span.end_char],
                type=span.label_,
                sent_start=start + offset,
                sent_end=end + offset,
                canonical=span.id_ or None,
            )
        return made[key]

    mentions = [mention(ent) for ent in doc.ents if not types or ent.label_ in types]
    relations = []
    for rel in doc._.relations or []:
        head, tail = rel.head, rel.tail
        if types and (head.label_ not in types or tail.label_ not in types):
            continue
        h, t = mention(head), mention(tail)
        if getattr(rel, "sentence", None) is not None:
            start, end = sentence_bounds(rel.sentence)
        else:
            start, end = h.sent_start - offset, h.sent_end - offset
        if end - start > MAX_EVIDENCE:
            start, end = evidence_bounds(text, start, end, head.start_char, tail.start_char, head.end_char,
                                         tail.end_char)
        start, end = start + offset, end + offset
        relations.append(
            Relation(
                doc_id=doc_id,
                head=h,
                tail=t,
                relation=rel.label,
                sentence=text[start - offset:end - offset],  # the sentence, or MAX_EVIDENCE of it
                start=start,
                end=end,
                confidence=round(float(rel.score), 4),
                directed=rel.label not in SYMMETRIC,
                qualifier=getattr(rel, "qualifier", None),
            )
        )
    return mentions, relations


def evidence_bounds(text: str, start: int, end: int, *offsets: int) -> tuple[int, int]:
    """The part of a long sentence ``start:end`` that is a relation's evidence: the stretch
    from the first to the last of the pair's ``offsets``, with context either side up to
    ``MAX_EVIDENCE`` characters in all, cut after a clause mark (，、；) where there is one
    in the context (a name list or a table read as text is one "sentence" of thousands)."""
    first, last = max(start, min(offsets)), min(end, max(offsets))
    room = max(0, MAX_EVIDENCE - (last - first))
    left = max(start, first - room // 2)
    right = min(end, last + room - (first - left))
    left = max(start, first - (room - (right - last)))  # room not used on the right goes left
    if left > start:
        marks = [text.find(mark, left, first) for mark in CLAUSE_MARKS]
        cut = min((m for m in marks if m != -1), default=-1)
        left = cut + 1 if cut != -1 else left
    if right < end:
        cut = max(text.rfind(mark, last, right) for mark in CLAUSE_MARKS)
        right = cut + 1 if cut != -1 else right
    return _strip(text, left, right)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` moved inside the whitespace at either end of ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def extract(
    nlp: Language,
    documents: Iterable[Document],
    *,
    types: Iterable[str] | None = None,
    batch_size: int = 64,
    max_chars: int = MAX_CHARS,
) -> Iterator[DocResult]:
    """Yield one ``DocResult`` for each document, in input order."""
    wanted = set(types) if types else None

    def pieces():
        for document in documents:
            parts = split_text(document.text, max_chars)
            for i, (offset, piece) in enumerate(parts):
                yield make_doc(nlp, piece), (document, offset, i == len(parts) - 1)

    result = None
    for doc, (document, offset, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if result is None:
            result = DocResult(document)
        mentions, relations = doc_records(doc, document.doc_id, offset, wanted)
        # nothing in user_data is needed once the records are made; a span some other component kept there
        # would hold the doc in a cycle that only a full garbage collection frees (rare during a build)
        doc.user_data.clear()
        result.mentions.extend(mentions)
        result.relations.extend(relations)
        if last:
            yield result
            result = None
