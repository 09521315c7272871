"""Short references (该公司, 该集团, 他, 她, 其) linked to the entity they stand for.

``doc._.references`` is a list of ``(reference, antecedent)`` span pairs: the
reference labelled with its antecedent's label, the antecedent the nearest
compatible entity before it, at most ``max_sentences`` sentences back; 该公司
opening a sentence stands for the subject of the sentence before (江淮汽车与华为
签署协议。该公司董事长… is 江淮汽车's), when an organisation opens that sentence. The
relation step uses a reference as its antecedent, so that
"该公司创始人张一鸣" still yields a relation, with that sentence as evidence.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .sentences import doc_text, sentence_finder
from .span_extensions import decode_span, encode_span, span_extension

__all__ = ["References", "make_references"]

# doc._.references: stored as plain values, so that the doc still serializes (pipelines.span_extensions)
span_extension(
    "references",
    lambda pair: [encode_span(pair[0]), encode_span(pair[1])],
    lambda doc, value: (decode_span(doc, value[0]), decode_span(doc, value[1])),
)

_ORG_WORDS = "该公司|该集团|该企业|该行|该平台|该机构|该品牌|这家公司|这家企业|这家机构|此公司|公司方面|集团方面"
_PRODUCT_WORDS = "该产品|该应用|该软件|该App|该APP|该app|这款产品|这款应用|此款产品"
_PERSON_WORDS = "他|她|此人|该人士"
REFERENCE = re.compile(
    rf"(?P<ORG>{_ORG_WORDS})|(?P<PRODUCT>{_PRODUCT_WORDS})|(?P<PERSON>(?<!其)(?:{_PERSON_WORDS})(?![们人乡国日]))"
    r"|(?P<ANY>其(?![他它余中实次后间一]))"
)
_GENERIC = re.compile(r"(?:一|这|那|某|多)[家个间所款]\w{0,8}?(?:公司|企业|集团|平台|机构|品牌|产品|应用|软件)")
# after 其, a word that belongs to an organisation: 其创始人, 其旗下
_ORG_AFTER = re.compile(r"(?:联合)?(?:创始人|创办人|董事长|CEO|首席|总裁|旗下|子公司|股东|产品|业务|员工|高管|总部|母公司)")


class References:
    """Find short references and link each to its antecedent."""

    def __init__(self, name: str = "references", *, max_sentences: int = 3):
        self.name = name
        self.max_sentences = max_sentences

    def __call__(self, doc: Doc) -> Doc:
        pairs = []
        ents = list(doc.ents)
        if not ents:
            doc._.references = pairs
            return doc
        starts = [e.start_char for e in ents]
        sent_of = _sentence_index(doc)
        sentence = sentence_finder(doc)
        text = doc_text(doc)
        for m in REFERENCE.finditer(text):
            if any(e.start_char <= m.start() < e.end_char for e in ents):
                continue
            kind = m.lastgroup
            if kind == "ANY":
                wanted = ("ORG",) if _ORG_AFTER.match(text, m.end()) else ("ORG", "PERSON")
            elif kind == "ORG":
                wanted = ("ORG",)
            elif kind == "PRODUCT":
                wanted = ("PRODUCT",)
            else:
                wanted = ("PERSON",)
            antecedent = _nearest(ents, starts, m.start(), wanted)
            if pairs and kind == "ANY" and 0 < m.start() - pairs[-1][0].end_char <= 1:
                antecedent = pairs[-1][1]  # 该公司及其…: 其 stands for what 该公司 stands for
            if antecedent is None:
                continue
            if kind == "ORG":
                antecedent = _topic_of_sentence_before(ents, sentence, text, m.start(), antecedent)
            if kind == "ANY":
                # 其 in the sentence of its antecedent stands for the sentence's topic, its first entity
                sent = sentence(antecedent)
                if sent.start_char <= m.start() < sent.end_char and text[m.start() - 1] in "，,；;":
                    antecedent = next(e for e in ents if e.start_char >= sent.start_char and e.label_ in wanted)
            elif _GENERIC.search(text, antecedent.end_char, m.start()) and not any(
                    antecedent.end_char <= e.start_char < m.start() for e in ents):
                # "投资了一家游戏公司。该公司…": 该公司 is the unnamed company in between
                continue
            span = doc.char_span(m.start(), m.end(), label=antecedent.label_, alignment_mode="expand")
            if span is None or sent_of(span.start) - sent_of(antecedent.start) > self.max_sentences:
                continue
            pairs.append((span, antecedent))
        doc._.references = pairs
        return doc


SUBJECT_CHARS = 16  # an organisation this close to the start of its sentence is that sentence's subject


def _topic_of_sentence_before(ents, sentence, text: str, position: int, antecedent: Span) -> Span:
    """该公司 opening a sentence stands for the subject of the sentence before, the organisation
    near its start (江淮汽车与华为签署协议。该公司… is 江淮汽车), rather than the nearest one."""
    here = sentence(antecedent.doc.char_span(position, position + 1, alignment_mode="expand"))
    if text[here.start_char:position].strip(" \t\n“\"") or antecedent.start_char >= here.start_char:
        return antecedent  # not at the start of its sentence, or the antecedent is in the same sentence
    before = sentence(antecedent)
    for e in ents:
        if before.start_char <= e.start_char < before.start_char + SUBJECT_CHARS and e.label_ == "ORG":
            return e if e.start_char < antecedent.start_char else antecedent
        if e.start_char >= before.start_char + SUBJECT_CHARS:
            break
    return antecedent


def _nearest(ents, starts, position, labels):
    for i in range(len(ents) - 1, -1, -1):
        if starts[i] < position and ents[i].end_char <= position and ents[i].label_ in labels:
            return ents[i]
    return None


def _sentence_index(doc: Doc):
    if not doc.has_annotation("SENT_START"):
        return lambda i: 0
    index, n = [0] * len(doc), -1
    for sent in doc.sents:
        n += 1
        for i in range(sent.start, sent.end):
            index[i] = n
    return lambda i: index[i]


@Language.factory(
    "entity_graph_references_v1",
    assigns=["doc._.references"],
    requires=["doc.ents", "doc.sents"],
    default_config={"max_sentences": 3},
)
def make_references(nlp: Language, name: str, max_sentences: int) -> References:
    return References(name, max_sentences=max_sentences)
