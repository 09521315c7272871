"""Short names a document declares for an entity.

``entity_graph_short_names`` reads declarations right after an entity:

- ``中国石油化工集团公司（以下简称“中国石化”）``, ``（简称：X）``, ``（下称“X”）``,
  ``（英文简称X）``, and the same without brackets (``，简称X``, ``X简称“Y”``);
- a bracketed form with no keyword, ``香港旅游发展局（旅发局）`` or ``拼多多（PDD）``,
  when it looks like a short name: a Latin name, or characters of the full
  name in order.

A company's legal name also declares the short names the document goes on to
use without saying so: after ``深圳市快鹿信息技术有限公司``, a mention of
``快鹿`` that runs on as the legal name does, ``快鹿信息在……``, is ``快鹿信息``
(to the end of the last jieba word they share).

The short name becomes an entity with the full name's label wherever it occurs
in the document, and every mention of it carries the full name's canonical
name as ``ent_id_``, so that the graph puts both on one node.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .features import jieba_words
from .sentences import doc_text, span_text

__all__ = ["ShortNames", "make_short_names", "find_declarations", "is_abbreviation"]

KEYWORD = r"(?:以下简称为|以下简称|以下称为|以下称|下称|简称为|简称|英文简称|英文名称|英文名|又称|俗称)"
OPEN, CLOSE = "（(", "）)"
QUOTES = "“”\"'‘’「」『』《》"
DECLARED = re.compile(
    rf"^\s*[（(]\s*(?:[^（()）]{{0,12}}?[，,、]\s*)?{KEYWORD}\s*[:：]?\s*([^（()）]{{1,30}}?)\s*(?:[，,；;][^（()）]*)?[）)]"
    rf"|^[”\"」』]?\s*[，,]?\s*{KEYWORD}\s*[:：]?\s*[“\"「『]?([^，。；;,、（()）\s“”\"「」『』]{{1,20}})"
)
BARE = re.compile(r"^\s*[（(]\s*([^（()）]{1,30})\s*[）)]")
LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9&.\- ]{0,29}$")
CODE = re.compile(r"^\d{4,6}(?:\.[A-Za-z]{2})?$|^[A-Za-z]{2}\d{4,6}$")
LEGAL_NAME = re.compile(r"(?:有限责任公司|有限公司|股份公司|集团公司)$")


FLAG = re.compile(r"^S?[*＊]?ST(?=[\u4e00-\u9fff]{2})")  # the exchange's risk flag, no part of the name (ST科龙)


def _clean(short: str) -> str:
    return FLAG.sub("", short.strip().strip(QUOTES).strip())


def is_abbreviation(short: str, full: str) -> bool:
    """``short`` is made of characters of ``full``, in order, and is shorter."""
    if len(short) < 2 or len(short) >= len(full):
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def legal_short_name(text: str, start: int, end: int, full: str, word_ends) -> int | None:
    """Where the mention ``text[start:end]`` ends as a short name of the legal name ``full``: run on
    while the text goes on as ``full`` does after the mention, back to the last of ``word_ends`` (a
    container of offsets of ``text``); None where that adds nothing, or reaches the legal form."""
    name = text[start:end]
    legal = LEGAL_NAME.search(full).start()
    k = full.find(name)
    if k == -1:
        return None
    n = len(name)
    while k + n < legal and start + n < len(text) and text[start + n] == full[k + n]:
        n += 1
    while n > len(name) and start + n not in word_ends:
        n -= 1
    return start + n if n > len(name) else None


def find_declarations(text: str, end: int, full: str) -> str | None:
    """The short name declared right after an entity ending at ``end``."""
    rest = text[end:end + 60]
    m = DECLARED.match(rest)
    if m:
        short = _clean(m.group(1) or m.group(2) or "")
        if short and short != full and not CODE.match(short):
            return short
        return None
    m = BARE.match(rest)
    if m:
        short = _clean(m.group(1))
        if CODE.match(short) or short == full:
            return None
        if LATIN.match(short) or is_abbreviation(short, full):
            return short
    return None


class ShortNames:
    def __init__(self, name: str = "short_names"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not doc.ents:
            return doc
        text = doc_text(doc)
        declared = {}
        for ent in doc.ents:
            short = find_declarations(text, ent.end_char, span_text(ent))
            if short and short not in declared:
                declared[short] = ent
        ents = self._legal_short_names(doc, text, declared)
        if not declared:
            return doc
        ents = [self._as_declared(doc, ent, declared.get(span_text(ent))) for ent in ents]
        for short, full in declared.items():
            for m in re.finditer(re.escape(short), text):
                s, e = m.span()
                inside = [x for x in ents if s <= x.start_char and x.end_char <= e and (x.start_char, x.end_char) != (s, e)]
                if any(x.start_char < e and s < x.end_char and x not in inside for x in ents):
                    continue  # an entity there already, or one running across it
                if short[0].isascii() and s > 0 and text[s - 1].isascii() and text[s - 1].isalnum():
                    continue
                if short[-1].isascii() and e < len(text) and text[e].isascii() and text[e].isalnum():
                    continue
                span = doc.char_span(s, e, label=full.label_, span_id=full.id_ or span_text(full))
                if span is not None:  # a shorter name inside it gives way (湖北 of 湖北兴发)
                    ents = [x for x in ents if x not in inside] + [span]
        doc.ents = filter_spans(ents)
        return doc

    @staticmethod
    def _as_declared(doc: Doc, ent, full):
        if full is None:
            return ent
        return doc.char_span(ent.start_char, ent.end_char, label=full.label_, span_id=full.id_ or span_text(full))

    @staticmethod
    def _legal_short_names(doc: Doc, text: str, declared: dict) -> list:
        """The entities with the mentions of a company or person that run on as a legal name of the
        document does (快鹿 of 快鹿信息在……, after 深圳市快鹿信息技术有限公司) taken to the words they share;
        each such short name joins ``declared``."""
        ents = list(doc.ents)
        legal = [e for e in ents if e.label_ == "ORG" and LEGAL_NAME.search(span_text(e))]
        if not legal:
            return ents
        word_ends = None  # jieba's word ends, read only for a mention that is part of a legal name
        for i, ent in enumerate(ents):
            if ent.label_ not in ("ORG", "PERSON") or ent in legal or len(ent) < 2:
                continue
            for full in legal:
                if span_text(ent) not in span_text(full):
                    continue
                if word_ends is None:
                    word_ends = {end for _, end, _ in jieba_words(doc) or []}
                end = legal_short_name(text, ent.start_char, ent.end_char, span_text(full), word_ends)
                span = end and doc.char_span(ent.start_char, end, label="ORG", span_id=full.id_ or span_text(full))
                if span and not any(e.start_char < end and ent.end_char < e.end_char for e in ents if e is not ent):
                    ents[i] = span
                    declared.setdefault(span_text(span), full)
                    break
        return ents


@Language.factory("entity_graph_short_names", assigns=["doc.ents"], requires=["doc.ents"])
def make_short_names(nlp: Language, name: str) -> ShortNames:
    return ShortNames(name)
