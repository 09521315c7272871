"""The typed relation step: founded, leads, product_of, ... between entity pairs.

For every two entities of a sentence (and every short reference with an
entity, see ``references.py``) the step writes the sentence as a template,
runs the trigger patterns and the classifier, and keeps a typed relation when
the entity types fit the label (``relations.RELATIONS``) and its score is at
least ``threshold``. ``mode`` chooses what decides:

- ``"patterns"``: a trigger pattern, score ``pattern_score``;
- ``"classifier"``: the classifier's most likely class;
- ``"combined"`` (default): a trigger pattern where one fires, else the
  classifier (which sees which pattern fired among its features).

A relation the words around it qualify keeps its label and carries a
``qualifier`` (``former``, ``planned``, ``negated``). A product named with
its maker's brand (小米YU7 where 小米集团 is in the document) is the maker's
(``product_of``, score ``NAME_SCORE``), whatever its sentence says.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import references  # noqa: F401  (registers doc._.references)
from .relation_model import RelationModel, features
from .relations import RELATIONS, SYMMETRIC, TRIGGER_ONLY, RelationRecord
from .sentences import doc_text, sentence_finder, span_text
from .triggers import COMPETE_WORDS, FIRST, PATTERNS, SECOND, match, pair_template, qualifier

__all__ = ["TypedRelations", "make_typed_relations", "default_weights", "describe", "fits"]

MODES = ("combined", "classifier", "patterns")
MAX_BETWEEN = 60  # characters between two entities beyond which a pair is not looked at
MAX_ENTITIES = 20  # entities of a sentence beyond which only neighbours are paired
NAME_SCORE = 0.8  # a product named with its maker's brand (小米YU7): said by the name, not by a sentence


def default_weights() -> Path:
    return Path(str(resources.files("pipelines") / "data" / "relations.npz"))


class TypedRelations:
    def __init__(self, name: str = "typed_relations", *, mode: str = "combined", threshold: float = 0.5,
                 pattern_score: float = 0.9, weights: str | None = None):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.name = name
        self.mode = mode
        self.threshold = threshold
        self.pattern_score = pattern_score
        path = Path(weights) if weights else default_weights()
        self.model = RelationModel.from_disk(path) if mode != "patterns" and path.exists() else None
        if mode != "patterns" and self.model is None:
            raise ValueError(f"relation weights not found at {path}")
        self.entity_types = {t for table in (RELATIONS, TRIGGER_ONLY) for head, tail in table.values() for t in head + tail}
        self._relatable: dict[tuple[str, str], bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        found = list(doc._.relations or [])
        text = doc_text(doc)
        sentence = sentence_finder(doc)

        def sentence_of(span):
            return sentence(span).start

        by_sentence: dict[int, list[_Mention]] = {}
        for ent in doc.ents:
            label = ent.label_
            if label in self.entity_types:
                s, e = ent.start_char, ent.end_char
                by_sentence.setdefault(sentence_of(ent), []).append(_Mention(s, e, label, text[s:e], ent, ent, text[s:e]))
        refs = {ref.start_char: (ref, ante) for ref, ante in (doc._.references or [])}
        for ref, ante in refs.values():
            s, e = ref.start_char, ref.end_char
            item = _Mention(s, e, ref.label_, text[s:e], ref, ante, text[ante.start_char:ante.end_char])
            by_sentence.setdefault(sentence_of(ref), []).append(item)
        seen = set()
        for items in by_sentence.values():
            if len(items) < 2:
                continue
            items.sort(key=lambda m: m.start)
            sent = None
            for i, a in enumerate(items):
                others = items[i + 1:] if len(items) <= MAX_ENTITIES else items[i + 1:i + 4]
                for j, b in enumerate(others, i + 1):
                    if b.start - a.end > MAX_BETWEEN or b.start < a.end:
                        continue
                    a_is_ref, b_is_ref = a.span is not a.entity, b.span is not b.entity
                    if a.name == b.name or (a_is_ref and b_is_ref):
                        continue
                    types = (a.label, b.label)
                    if not self._can_relate(types):
                        continue  # no label takes these types: no trigger nor class can fit
                    if sent is None:
                        sent = sentence(items[0].span)
                        base = sent.start_char
                        sent_text = text[base:sent.end_char]
                    rest = [(m.start - base, m.end - base, m.label) for k, m in enumerate(items) if k != i and k != j]
                    rel = self._pair(sent_text, (a.start - base, a.end - base), (b.start - base, b.end - base), types,
                                     (a.text, b.text), rest)
                    if rel is None:
                        continue
                    label, forward, score, qual = rel
                    head, tail = (a.entity, b.entity) if forward else (b.entity, a.entity)
                    key = (head.start, tail.start, label, sent.start)
                    if key in seen:
                        continue
                    seen.add(key)
                    evidence = sent if (a_is_ref or b_is_ref) else None
                    found.append(RelationRecord(head, tail, label, score, qual, evidence))
        linked = {(r.head.start, r.tail.start) for r in found if r.label == "product_of"}
        for product, maker in products_named_by_maker(doc.ents) if NAME_SCORE >= self.threshold else ():
            if (product.start, maker.start) not in linked:
                linked.add((product.start, maker.start))
                found.append(RelationRecord(product, maker, "product_of", NAME_SCORE))
        doc._.relations = found
        return doc

    def _can_relate(self, types: tuple[str, str]) -> bool:
        """Whether some label fits entities of ``types`` (in text order), either way round."""
        known = self._relatable.get(types)
        if known is None:
            known = self._relatable[types] = any(fits(label, types, forward, triggered=True) for label in RELATIONS
                                                 for forward in (True, False))
        return known

    def pair(self, sent: Span, a: Span, b: Span, others=()):
        """``(label, forward, score, qualifier)`` for the pair ``a`` before ``b``, or None."""
        base = sent.start_char
        return self._pair(span_text(sent), (a.start_char - base, a.end_char - base), (b.start_char - base, b.end_char - base),
                          (a.label_, b.label_), (span_text(a), span_text(b)),
                          [(o.start_char - base, o.end_char - base, o.label_) for o in others])

    def _pair(self, text: str, first: tuple[int, int], second: tuple[int, int], types: tuple[str, str],
              names: tuple[str, str], others):
        """``pair`` on the sentence text, with offsets in it."""
        template, trigger, feats = describe(text, first, second, types, names, self.mode == "combined", others)
        if trigger is not None and _vetoed(trigger.label, template, triggered=True):
            return None
        if trigger is not None and self.mode != "classifier":
            label, forward, score = trigger.label, trigger.forward, self.pattern_score
            if score < self.threshold:
                return None
        elif self.mode == "patterns":
            return None
        else:
            probs = self.model.predict(feats)
            best = None
            for k in probs.argsort()[::-1]:
                name = self.model.classes[k]
                if name == "none" or probs[k] < self.threshold:
                    break
                label, forward = name.rstrip("<>"), not name.endswith("<")
                if _vetoed(label, template) or label == "partners_with" and _says_rivalry(template):
                    break
                if fits(label, types, forward):
                    best = (label, forward, float(probs[k]))
                    break
            if best is None:
                return None
            label, forward, score = best
        if trigger is not None and trigger.label == label:
            qual = qualifier(template, trigger.start, trigger.end)
        else:
            qual = qualifier(template)
        return label, forward, round(score, 4), qual


# what an organisation's name may end with beyond the brand that starts its products' names (小米集团: 小米YU7)
MAKER_SUFFIX = re.compile(r"(?:集团|控股|股份|有限|责任|公司|科技|汽车|手机|电子|网络|技术|中国)+$")


def products_named_by_maker(ents) -> list[tuple[Span, Span]]:
    """``(product, maker)``: each PRODUCT whose name starts with the name of an ORG of the
    document (its brand, without 集团, 汽车, ...) and goes on (小米YU7 of 小米集团, 特斯拉Model Y
    of 特斯拉; not a title in 《》), with the nearest such ORG before it, else the first after."""
    orgs = []
    for ent in ents:
        if ent.label_ == "ORG":
            name = span_text(ent)
            brand = MAKER_SUFFIX.sub("", name) or name
            if len(brand) >= 2:
                orgs.append((ent, brand))
    found = []
    for ent in ents:
        if ent.label_ != "PRODUCT" or not orgs or ent.start and ent.doc[ent.start - 1].text.endswith("《"):
            continue  # a title (《NBA最前线》) is named after its subject, not its maker
        name = span_text(ent)
        makers = [org for org, brand in orgs if len(name) > len(brand) and name.startswith(brand)]
        if makers:
            before = [org for org in makers if org.start < ent.start]
            found.append((ent, before[-1] if before else makers[0]))
    return found


class _Mention(NamedTuple):
    """An entity or a reference in a sentence: its offsets, label and text, its span, the entity it
    stands for (itself, or a reference's antecedent) and that entity's text."""

    start: int
    end: int
    label: str
    text: str
    span: Span
    entity: Span
    name: str


# the pair's first entity ends a list of three or more (A、B和C推出…)
_MAKERS_LIST = re.compile("、(?:\x03+[、和及与])*\x03+(?:和|及|与|、)\x01")
# X与A、B和C合作: the pair are items of a list after 与 and another entity
_CO_OBJECTS = re.compile("\x03[^，。；,;\x01\x02]{0,3}(?:与|和|同|跟)(?:\x03+[、和及与])*\x01(?:[、和及与]|\x03)*\x02")
_OWNS_ANOTHER = re.compile("[" + FIRST + SECOND + "][^" + FIRST + SECOND + "]*旗下的?[^" + FIRST + SECOND + "]{0,4}\x03")
_RIVALRY = re.compile(COMPETE_WORDS + r"|对手|竞品|劲敌")


def _vetoed(label: str, template: str, triggered: bool = False) -> bool:
    """Whether the sentence's structure rules ``label`` out for the pair: the maker that ends a list of
    makers (奇瑞、北汽、江淮和上汽合作推出智界、享界…: whose product is whose is not said), whatever says it;
    and, against the classifier only, items of a list after 与 and a third (华为与奇瑞、北汽和上汽合作: each is
    华为's partner, not each other's; a pattern can say they are: A与B、C之间的竞争) and a 旗下 about another
    entity between the pair (比亚迪旗下的弗迪电池向特斯拉供货)."""
    if label == "product_of" and _MAKERS_LIST.search(template):
        return True
    if triggered:
        return False
    if label in SYMMETRIC and _CO_OBJECTS.search(template):
        return True
    return label in ("subsidiary_of", "product_of") and bool(_OWNS_ANOTHER.search(template))


def _says_rivalry(template: str) -> bool:
    """Whether the pair's clause, from the first entity to the end of the clause after the second, speaks
    of competition."""
    start = template.index(FIRST)
    end = len(template)
    for mark in "，。；！？,;!?":
        k = template.find(mark, template.index(SECOND))
        if k != -1:
            end = min(end, k)
    return bool(_RIVALRY.search(template, start, end))


def fits(label: str, types: tuple[str, str], forward: bool, triggered: bool = False) -> bool:
    """Whether entities of ``types`` (in text order) can hold ``label`` that way round;
    ``triggered``: said by a trigger pattern, which some types need (``TRIGGER_ONLY``)."""
    tables = (RELATIONS[label], TRIGGER_ONLY[label]) if triggered and label in TRIGGER_ONLY else (RELATIONS[label],)
    for heads, tails in tables:
        if label in SYMMETRIC:
            if types[0] in heads and types[1] in tails or types[1] in heads and types[0] in tails:
                return True
            continue
        head, tail = types if forward else types[::-1]
        if head in heads and tail in tails:
            return True
    return False


def describe(text: str, first: tuple[int, int], second: tuple[int, int], types: tuple[str, str],
             names: tuple[str, str], with_trigger: bool = True, others=()):
    """The template, the trigger that fits the types (or None) and the features of a pair.

    ``others`` are the offsets of the sentence's other entities: the trigger
    patterns see them masked, so that a role between belongs to no one else.
    """
    template = pair_template(text, first, second, others)
    trigger = match(template, patterns=_patterns_for(types))
    plain = pair_template(text, first, second) if others else template
    return template, trigger, features(plain, types, names, trigger if with_trigger else None)


@lru_cache(maxsize=None)
def _patterns_for(types: tuple[str, str]) -> tuple:
    """The trigger patterns whose label fits entities of ``types`` (in text order)."""
    return tuple((label, pattern, forward, heads) for label, pattern, forward, heads in PATTERNS
                 if fits(label, types, forward, triggered=True) and (not heads or types[0 if forward else 1] in heads))


@Language.factory(
    "entity_graph_relations_v1",
    assigns=["doc._.relations"],
    requires=["doc.ents", "doc.sents"],
    default_config={"mode": "combined", "threshold": 0.5, "pattern_score": 0.9, "weights": None},
)
def make_typed_relations(nlp: Language, name: str, mode: str, threshold: float, pattern_score: float,
                         weights: str | None) -> TypedRelations:
    return TypedRelations(name, mode=mode, threshold=threshold, pattern_score=pattern_score, weights=weights)
