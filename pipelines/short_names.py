"""Short names a document declares for an entity.

``entity_graph_short_names`` reads declarations right after an entity:

- ``中国石油化工集团公司（以下简称“中国石化”）``, ``（简称：X）``, ``（下称“X”）``,
  ``（英文简称X）``, and the same without brackets (``，简称X``, ``X简称“Y”``);
- a bracketed form with no keyword, ``香港旅游发展局（旅发局）`` or ``拼多多（PDD）``,
  when it looks like a short name: a Latin name, or characters of the full
  name in order.

The short name becomes an entity with the full name's label wherever it occurs
in the document, and every mention of it carries the full name's canonical
name as ``ent_id_``, so that the graph puts both on one node.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

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


def _clean(short: str) -> str:
    return short.strip().strip(QUOTES).strip()


def is_abbreviation(short: str, full: str) -> bool:
    """``short`` is made of characters of ``full``, in order, and is shorter."""
    if len(short) < 2 or len(short) >= len(full):
        return False
    it = iter(full)
    return all(ch in it for ch in short)


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
        if not declared:
            return doc
        ents = []
        for ent in doc.ents:
            full = declared.get(span_text(ent))
            if full is not None:
                ent = doc.char_span(ent.start_char, ent.end_char, label=full.label_, span_id=full.id_ or span_text(full))
            ents.append(ent)
        taken = {i for e in ents for i in range(e.start_char, e.end_char)}
        for short, full in declared.items():
            for m in re.finditer(re.escape(short), text):
                s, e = m.span()
                if any(i in taken for i in range(s, e)):
                    continue
                if short[0].isascii() and s > 0 and text[s - 1].isascii() and text[s - 1].isalnum():
                    continue
                if short[-1].isascii() and e < len(text) and text[e].isascii() and text[e].isalnum():
                    continue
                span = doc.char_span(s, e, label=full.label_, span_id=full.id_ or span_text(full))
                if span is not None:
                    ents.append(span)
                    taken.update(range(s, e))
        doc.ents = filter_spans(ents)
        return doc


@Language.factory("entity_graph_short_names", assigns=["doc.ents"], requires=["doc.ents"])
def make_short_names(nlp: Language, name: str) -> ShortNames:
    return ShortNames(name)
