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
``qualifier`` (``former``, ``planned``, ``negated``).
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import references  # noqa: F401  (registers doc._.references)
from .relation_model import RelationModel, features
from .relations import RELATIONS, SYMMETRIC, RelationRecord
from .triggers import match, pair_template, qualifier

__all__ = ["TypedRelations", "make_typed_relations", "default_weights", "describe", "fits"]

MODES = ("combined", "classifier", "patterns")
MAX_BETWEEN = 60  # characters between two entities beyond which a pair is not looked at
MAX_ENTITIES = 20  # entities of a sentence beyond which only neighbours are paired


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
        self.entity_types = {t for head, tail in RELATIONS.values() for t in head + tail}

    def __call__(self, doc: Doc) -> Doc:
        found = list(doc._.relations or [])
        refs = {ref.start_char: (ref, ante) for ref, ante in (doc._.references or [])}
        by_sentence: dict[int, list[tuple[Span, Span]]] = {}
        for ent in doc.ents:
            if ent.label_ in self.entity_types:
                by_sentence.setdefault(ent.sent.start, []).append((ent, ent))
        for ref, ante in refs.values():
            by_sentence.setdefault(ref.sent.start, []).append((ref, ante))
        seen = set()
        for items in by_sentence.values():
            if len(items) < 2:
                continue
            items.sort(key=lambda x: x[0].start_char)
            sent = items[0][0].sent
            for i, (a, a_ent) in enumerate(items):
                others = items[i + 1:] if len(items) <= MAX_ENTITIES else items[i + 1:i + 4]
                for b, b_ent in others:
                    if b.start_char - a.end_char > MAX_BETWEEN or b.start_char < a.end_char:
                        continue
                    if a_ent.text == b_ent.text or (a is not a_ent and b is not b_ent):
                        continue
                    rel = self.pair(sent, a, b, [x for x, _ in items if x is not a and x is not b])
                    if rel is None:
                        continue
                    label, forward, score, qual = rel
                    head, tail = (a_ent, b_ent) if forward else (b_ent, a_ent)
                    key = (head.start, tail.start, label, sent.start)
                    if key in seen:
                        continue
                    seen.add(key)
                    evidence = sent if (a is not a_ent or b is not b_ent) else None
                    found.append(RelationRecord(head, tail, label, score, qual, evidence))
        doc._.relations = found
        return doc

    def pair(self, sent: Span, a: Span, b: Span, others=()):
        """``(label, forward, score, qualifier)`` for the pair ``a`` before ``b``, or None."""
        base = sent.start_char
        template, trigger, feats = describe(
            sent.text, (a.start_char - base, a.end_char - base), (b.start_char - base, b.end_char - base),
            (a.label_, b.label_), (a.text, b.text), self.mode == "combined",
            [(o.start_char - base, o.end_char - base, o.label_) for o in others])
        types = (a.label_, b.label_)
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


def fits(label: str, types: tuple[str, str], forward: bool) -> bool:
    """Whether entities of ``types`` (in text order) can hold ``label`` that way round."""
    heads, tails = RELATIONS[label]
    if label in SYMMETRIC:
        return types[0] in heads and types[1] in tails or types[1] in heads and types[0] in tails
    head, tail = types if forward else types[::-1]
    return head in heads and tail in tails


def describe(text: str, first: tuple[int, int], second: tuple[int, int], types: tuple[str, str],
             names: tuple[str, str], with_trigger: bool = True, others=()):
    """The template, the trigger that fits the types (or None) and the features of a pair.

    ``others`` are the offsets of the sentence's other entities: the trigger
    patterns see them masked, so that a role between belongs to no one else.
    """
    template = pair_template(text, first, second, others)

    def fit(label, forward, heads):
        return fits(label, types, forward) and (not heads or types[0 if forward else 1] in heads)

    trigger = match(template, fit)
    plain = pair_template(text, first, second) if others else template
    return template, trigger, features(plain, types, names, trigger if with_trigger else None)


@Language.factory(
    "entity_graph_relations_v1",
    assigns=["doc._.relations"],
    requires=["doc.ents", "doc.sents"],
    default_config={"mode": "combined", "threshold": 0.5, "pattern_score": 0.9, "weights": None},
)
def make_typed_relations(nlp: Language, name: str, mode: str, threshold: float, pattern_score: float,
                         weights: str | None) -> TypedRelations:
    return TypedRelations(name, mode=mode, threshold=threshold, pattern_score=pattern_score, weights=weights)
