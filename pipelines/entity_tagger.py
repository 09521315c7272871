"""A tagger-style entity recognizer: one BILUO tag per token, decoded into ``doc.ents``.

spaCy's transition-based ``ner`` takes a step per token in a loop that costs
more than the CNN under it on this machine. This component scores every
token's BILUO tag at once (``spacy.Tagger.v2``: a softmax over the
``tok2vec`` output) and decodes the best valid tag sequence (Viterbi with the
BILUO constraints: ``I``/``L`` only after ``B``/``I`` of the same label), so a
document never gets a broken entity. Trained from ``doc.ents`` like ``ner``;
a token whose gold tag is missing (``-``) does not count in the loss.

    [components.ner]
    factory = "entity_graph_entity_tagger"
"""
from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable

import numpy
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_examples
from thinc.api import Config, Model, SequenceCategoricalCrossentropy

__all__ = ["EntityTagger", "make_entity_tagger", "viterbi_biluo"]

DEFAULT_MODEL = Config().from_str(
    """
[model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

[model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = 128
upstream = "*"
"""
)["model"]


@Language.factory(
    "entity_graph_entity_tagger",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={"model": DEFAULT_MODEL, "scorer": {"@scorers": "spacy.ner_scorer.v1"}},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entity_tagger(nlp: Language, name: str, model: Model, scorer: Callable | None):
    return EntityTagger(nlp.vocab, model, name, scorer=scorer)


class EntityTagger(Tagger):
    """Named entities from per-token BILUO tags (labels are the tags, e.g. ``B-ORG``)."""

    def __init__(self, vocab, model: Model, name: str = "ner", *, scorer: Callable | None = get_ner_prf):
        super().__init__(vocab, model, name, scorer=scorer)
        self._constraints = ((), None)

    @property
    def entity_labels(self) -> tuple[str, ...]:
        return tuple(sorted({tag[2:] for tag in self.labels if tag != "O"}))

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        if not any(len(doc) for doc in docs):
            return [numpy.zeros((len(doc),), dtype="i") for doc in docs]
        scores = self.model.predict(docs)
        return viterbi_biluo(scores, *self._transitions())

    def set_annotations(self, docs: Iterable[Doc], batch_tag_ids) -> None:
        if isinstance(docs, Doc):
            docs = [docs]
        labels = self.labels
        for doc, tag_ids in zip(docs, batch_tag_ids):
            spans, start = [], None
            for i, tag_id in enumerate(tag_ids.tolist()):
                tag = labels[tag_id]
                if tag[0] == "U":
                    spans.append(Span(doc, i, i + 1, tag[2:]))
                elif tag[0] == "B":
                    start = i
                elif tag[0] == "L" and start is not None:
                    spans.append(Span(doc, start, i + 1, tag[2:]))
                    start = None
            doc.set_ents(spans, default="outside")

    def get_loss(self, examples: Iterable[Example], scores):
        validate_examples(examples, "EntityTagger.get_loss")
        loss_func = SequenceCategoricalCrossentropy(names=self.labels, normalize=False)
        truths = [[_known(tag) for tag in eg.get_aligned_ner()] for eg in examples]
        d_scores, loss = loss_func(scores, truths)
        if self.model.ops.xp.isnan(loss):
            raise ValueError(f"NaN loss in {self.name}")
        return float(loss), d_scores

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp=None, labels=None):
        if labels is None:
            labels = sorted({ent.label_ for eg in get_examples() for ent in eg.reference.ents})
        for tag in ["O"] + [f"{p}-{label}" for label in labels for p in "BILU"]:
            if "-" not in tag or tag.split("-", 1)[1] in labels:
                self.add_label(tag)
        docs, truths = [], []
        for eg in islice(get_examples(), 10):
            docs.append(eg.predicted)
            tags = [_known(tag) or "O" for tag in eg.get_aligned_ner()]
            truths.append(self.model.ops.asarray2f([[t == label for label in self.labels] for t in tags]))
        self.model.initialize(X=docs, Y=truths)

    def _transitions(self):
        if self._constraints[0] != self.labels:
            self._constraints = (self.labels, biluo_constraints(self.labels))
        return self._constraints[1]


def _known(tag: str | None) -> str | None:
    return None if tag in (None, "", "-") else tag


def biluo_constraints(labels: tuple[str, ...]):
    """``(allowed[prev, next], can_start, can_end)`` as boolean arrays over ``labels``."""
    n = len(labels)
    kind = [t[0] if t != "O" else "O" for t in labels]
    ent = [t[2:] for t in labels]
    opens = numpy.array([k in "BU" or k == "O" for k in kind])  # may follow O, L, U or start
    inside = numpy.array([k in "IL" for k in kind])
    allowed = numpy.zeros((n, n), dtype=bool)
    for i in range(n):
        if kind[i] in "BI":  # must be continued by I/L of the same label
            allowed[i] = inside & (numpy.array(ent) == ent[i])
        else:
            allowed[i] = opens
    can_end = numpy.array([k in "LUO" for k in kind])
    return allowed, opens, can_end


def viterbi_biluo(scores, allowed, can_start, can_end) -> list:
    """The best valid tag sequence of each document (argmax of summed log scores).

    The documents of a batch are decoded together, one position at a time; a
    document that has ended keeps its scores (and points back to itself).
    """
    lengths = [len(doc_scores) for doc_scores in scores]
    if not lengths or max(lengths) == 0:
        return [numpy.zeros((n,), dtype="i") for n in lengths]
    n_docs, n_tags, width = len(lengths), allowed.shape[0], max(lengths)
    emit = numpy.zeros((n_docs, width, n_tags), dtype="float32")
    for d, doc_scores in enumerate(scores):
        if lengths[d]:
            emit[d, : lengths[d]] = numpy.log(numpy.maximum(numpy.asarray(doc_scores, dtype="float32"), 1e-12))
    size = numpy.asarray(lengths)
    penalty = numpy.where(allowed, 0.0, -numpy.inf).astype("float32")
    stay = numpy.arange(n_tags, dtype="i")
    back = numpy.zeros((n_docs, width, n_tags), dtype="i")
    best = numpy.where(can_start, emit[:, 0], -numpy.inf)
    for i in range(1, width):
        total = best[:, :, None] + penalty  # docs x prev x next
        came = total.argmax(axis=1)
        step = numpy.take_along_axis(total, came[:, None, :], axis=1)[:, 0] + emit[:, i]
        going = (size > i)[:, None]
        back[:, i] = numpy.where(going, came, stay)
        best = numpy.where(going, step, best)
    best = numpy.where(can_end, best, -numpy.inf)
    paths = numpy.zeros((n_docs, width), dtype="i")
    paths[:, -1] = best.argmax(axis=1)
    rows = numpy.arange(n_docs)
    for i in range(width - 1, 0, -1):
        paths[:, i - 1] = back[rows, i, paths[:, i]]
    return [paths[d, : lengths[d]] for d in range(n_docs)]
