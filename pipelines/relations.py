"""Relation components: they write ``doc._.relations``.

Each relation is a small record, the shape spacy-llm's REL task uses:
``RelationRecord(head, tail, label, score)`` with ``head`` and ``tail``
entity spans. ``sentence`` is the sentence that states it when that is not
the head's own (a reference such as 该公司 stood for the head there).

The typed vocabulary (``RELATIONS``) gives each label the entity types of its
head and tail; symmetric labels are stored once.
"""
from __future__ import annotations

from itertools import combinations
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from .sentences import doc_text, sentence_finder
from .span_extensions import decode_span, encode_span, span_extension

__all__ = ["RelationRecord", "CoOccurrence", "make_cooccurrence", "DEFAULT_LABELS", "SYMMETRIC", "RELATIONS",
           "TRIGGER_ONLY", "QUALIFIERS"]

DEFAULT_LABELS = ["PERSON", "ORG", "PRODUCT", "GPE", "LOC"]
MAX_PAIRWISE = 20  # entities in a sentence beyond which it is linked as a list
LIST_WINDOW = 3  # in a list, each entity is linked to its next few neighbours

# relations with no direction, stored once with head and tail in sorted order
SYMMETRIC = frozenset({"co_occurs", "partners_with", "competes_with"})

_ORG = ("ORG",)
_BRAND = ("ORG", "PRODUCT")
# label: (head types, tail types)
RELATIONS = {
    "founded": (("PERSON",), _ORG),
    "leads": (("PERSON",), _ORG),
    "works_for": (("PERSON",), _ORG),
    "product_of": (("PRODUCT", "WORK_OF_ART", "ORG"), _ORG),
    "subsidiary_of": (_ORG, _ORG),
    "invests_in": (("ORG", "PERSON"), _ORG),
    "acquires": (("ORG", "PERSON"), _BRAND),
    "partners_with": (_BRAND, _BRAND),
    "competes_with": (_BRAND, _BRAND),
    "endorses": (("PERSON",), _BRAND),
    "headquartered_in": (_ORG, ("GPE", "LOC")),
}
# a platform or app run like a company (钉钉总裁叶军, 钉钉由陈航创立): these types hold the label only
# where a trigger pattern says so, not on the classifier's word (it learnt them on organisations)
TRIGGER_ONLY = {
    "founded": (("PERSON",), ("PRODUCT",)),
    "leads": (("PERSON",), ("PRODUCT",)),
    "works_for": (("PERSON",), ("PRODUCT",)),
}
QUALIFIERS = ("former", "planned", "negated")


class RelationRecord(NamedTuple):
    head: Span
    tail: Span
    label: str
    score: float
    qualifier: str | None = None  # "former", "planned", "negated"
    sentence: Span | None = None  # the evidence, when not the head's sentence


def _encode_relation(r: RelationRecord) -> list:
    return [encode_span(r.head), encode_span(r.tail), r.label, r.score, r.qualifier, encode_span(r.sentence)]


def _decode_relation(doc: Doc, value) -> RelationRecord:
    head, tail, label, score, qualifier, sentence = value
    return RelationRecord(decode_span(doc, head), decode_span(doc, tail), label, score, qualifier,
                          decode_span(doc, sentence))


# doc._.relations: stored as plain values, so that the doc still serializes (pipelines.span_extensions)
span_extension("relations", _encode_relation, _decode_relation)


class CoOccurrence:
    """Link every two entities of a sentence (``co_occurs``, score 1.0).

    Only sentences with two or more entities of ``labels`` are looked at; a
    pair is linked once per sentence, whatever its order, and an entity is
    not linked to another mention of the same text. A sentence with more than
    ``MAX_PAIRWISE`` entities is a list: each entity is linked only to the
    next ``LIST_WINDOW``, so links grow linearly, not as the square.
    """

    def __init__(self, name: str = "cooccurrence", *, labels: list[str] | None = None):
        self.name = name
        self.labels = set(labels or DEFAULT_LABELS)

    def __call__(self, doc: Doc) -> Doc:
        found = list(doc._.relations or [])
        ents = [e for e in doc.ents if e.label_ in self.labels]
        if len(ents) < 2:
            doc._.relations = found
            return doc
        text = doc_text(doc)
        by_sentence: dict[int, list[tuple[Span, tuple[str, str]]]] = {}
        sentence = sentence_finder(doc)
        for ent in ents:
            name = (text[ent.start_char:ent.end_char], ent.label_)  # Span.text walks its tokens
            by_sentence.setdefault(sentence(ent).start, []).append((ent, name))
        for sent_ents in by_sentence.values():
            seen = set()
            if len(sent_ents) > MAX_PAIRWISE:
                pairs = [(a, b) for i, a in enumerate(sent_ents) for b in sent_ents[i + 1:i + 1 + LIST_WINDOW]]
            else:
                pairs = combinations(sent_ents, 2)
            for (a, a_name), (b, b_name) in pairs:
                key = frozenset((a_name, b_name))
                if len(key) < 2 or key in seen:
                    continue
                seen.add(key)
                found.append(RelationRecord(a, b, "co_occurs", 1.0))
        doc._.relations = found
        return doc


@Language.factory(
    "entity_graph_cooccurrence",
    assigns=["doc._.relations"],
    requires=["doc.ents", "doc.sents"],
    default_config={"labels": DEFAULT_LABELS},
)
def make_cooccurrence(nlp: Language, name: str, labels: list[str]) -> CoOccurrence:
    return CoOccurrence(name, labels=labels)
