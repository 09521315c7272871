"""A tagger-style entity recognizer: one BILUO tag per token, decoded into ``doc.ents``.

spaCy's transition-based ``ner`` takes a step per token in a loop that costs
more than the CNN under it on this machine. This component scores every
token's BILUO tag at once (``spacy.Tagger.v2``, a softmax over the ``tok2vec``
output, or ``entity_graph.WindowTagger.v1``, which the shipped pipeline uses)
and decodes a valid tag sequence (``viterbi_biluo``: ``I``/``L`` only after
``B``/``I`` of the same label), so a document never gets a broken entity.
Trained from ``doc.ents`` like ``ner``; a token whose gold tag is missing
(``-``) does not count in the loss. Each doc keeps each token's probability of
each entity label (``doc.user_data["entity_graph.label_probs"]``), which later
steps read to tell a name the tagger is sure of (``tag_paths.label_confidence``).

    [components.ner]
    factory = "entity_graph_entity_tagger"
"""
from __future__ import annotations

from functools import lru_cache
from itertools import islice
from typing import Callable, Iterable

import numpy
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_examples
from spacy.util import registry
from thinc.api import Config, Maxout, Model, SequenceCategoricalCrossentropy, Softmax, chain, expand_window, with_array

from .name_lists import resegment_name_runs
from .org_names import join_org_pieces
from .tag_paths import LABEL_PROBS, concatenated, document_ends, documents_at, entity_spans, label_probs

__all__ = ["EntityTagger", "make_entity_tagger", "viterbi_biluo", "invalid_paths", "build_window_tagger"]

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


@registry.architectures("entity_graph.WindowTagger.v1")
def build_window_tagger(tok2vec: Model, window_size: int = 1, hidden_width: int = 128, maxout_pieces: int = 2,
                        nO: int | None = None) -> Model:
    """Tag scores from each token's vector and its ``window_size`` neighbours' on either side,
    through one maxout layer: the head sees where its neighbours stand, so that a long name is
    tagged as one piece more often than by a softmax over each token alone."""
    head = chain(
        expand_window(window_size=window_size),
        Maxout(nO=hidden_width, nP=maxout_pieces, dropout=0.0, normalize=True),
        Softmax(nO=nO),
    )
    model = chain(tok2vec, with_array(head))
    model.set_ref("tok2vec", tok2vec)
    model.set_ref("softmax", head.layers[-1])
    return model


@Language.factory(
    "entity_graph_entity_tagger",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={"model": DEFAULT_MODEL, "scorer": {"@scorers": "spacy.ner_scorer.v1"}, "name_lists": True,
                    "join_orgs": True},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entity_tagger(nlp: Language, name: str, model: Model, scorer: Callable | None, name_lists: bool,
                       join_orgs: bool):
    return EntityTagger(nlp.vocab, model, name, scorer=scorer, name_lists=name_lists, join_orgs=join_orgs)


def _without_spaces(doc: Doc, spans):
    """The spans without the whitespace tokens at their edges (a line break before a name is no part of it);
    a span of whitespace alone is left out."""
    for a, b, label in spans:
        while a < b and doc[a].is_space:
            a += 1
        while b > a and doc[b - 1].is_space:
            b -= 1
        if a < b:
            yield a, b, label


class EntityTagger(Tagger):
    """Named entities from per-token BILUO tags (labels are the tags, e.g. ``B-ORG``).

    With ``name_lists``, runs of names written without separators are decoded
    again as lists of names (``pipelines.name_lists``); with ``join_orgs``, the
    pieces of a long organisation name are joined where the model's own scores
    allow (``pipelines.org_names``).
    """

    def __init__(self, vocab, model: Model, name: str = "ner", *, scorer: Callable | None = get_ner_prf,
                 name_lists: bool = False, join_orgs: bool = False):
        super().__init__(vocab, model, name, scorer=scorer)  # scored as entities, not as tags
        self.name_lists = name_lists
        self.join_orgs = join_orgs

    @property
    def entity_labels(self) -> tuple[str, ...]:
        return tuple(sorted({tag[2:] for tag in self.labels if tag != "O"}))

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        if not any(len(doc) for doc in docs):
            return _Paths(numpy.zeros((len(doc),), dtype="i") for doc in docs)
        scores = self.model.predict(docs)
        softmax = self.model.get_ref("softmax") if self.model.has_ref("softmax") else None
        if softmax is not None and not softmax.attrs.get("softmax_normalize", True):
            log_probs = [_log_softmax(numpy.asarray(s, dtype="float32")) for s in scores]  # scores are logits
        else:
            log_probs = [numpy.log(numpy.maximum(numpy.asarray(s, dtype="float32"), 1e-12)) for s in scores]
        paths = viterbi_biluo(log_probs, self.labels)
        if self.name_lists or self.join_orgs:
            decoded = [path.copy() for path in paths]
            if self.name_lists:
                resegment_name_runs(docs, log_probs, paths, self.labels)
            if self.join_orgs:
                join_org_pieces(docs, log_probs, paths, self.labels)
            for d in invalid_paths(paths, self.labels):  # never a broken entity: the first decoding stands
                paths[d] = decoded[d]
        paths = _Paths(paths)
        paths.probs = [label_probs(lp, self.labels) for lp in log_probs]
        return paths

    def set_annotations(self, docs: Iterable[Doc], batch_tag_ids) -> None:
        if isinstance(docs, Doc):
            docs = [docs]
        probs = getattr(batch_tag_ids, "probs", None) or [None] * len(batch_tag_ids)
        labels = list(self.entity_labels)
        for doc, tag_ids, p in zip(docs, batch_tag_ids, probs):  # a valid sequence: every B is closed by the next L
            doc.set_ents([Span(doc, a, b, label) for a, b, label in _without_spaces(doc, entity_spans(tag_ids, self.labels))],
                         default="outside")
            if p is not None:
                doc.user_data[LABEL_PROBS] = {"labels": labels, "probs": p}

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
            self.add_label(tag)
        docs, truths = [], []
        for eg in islice(get_examples(), 10):
            docs.append(eg.predicted)
            tags = [_known(tag) or "O" for tag in eg.get_aligned_ner()]
            truths.append(self.model.ops.asarray2f([[t == label for label in self.labels] for t in tags]))
        self.model.initialize(X=docs, Y=truths)


class _Paths(list):
    """The decoded tag ids of a batch of docs; ``probs``: each doc's per-token label probabilities."""

    probs: list | None = None


def _log_softmax(x):
    if not len(x):
        return x
    x = x - x.max(axis=1, keepdims=True)
    return x - numpy.log(numpy.exp(x).sum(axis=1, keepdims=True))


def _known(tag: str | None) -> str | None:
    return None if tag in (None, "", "-") else tag


@lru_cache(maxsize=8)
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


def invalid_paths(paths, labels: tuple[str, ...]) -> list[int]:
    """The documents (indices) whose tag sequence is not valid BILUO, checked over the batch at once."""
    lengths = numpy.array([len(path) for path in paths])
    if not lengths.sum():
        return []
    allowed, can_start, can_end = biluo_constraints(labels)
    path, ends = concatenated(paths)
    bad = ~allowed[path[:-1], path[1:]]
    bad[document_ends(ends, len(bad))] = False  # between documents
    nonempty = numpy.flatnonzero(lengths)
    edges = ~can_start[path[(ends - lengths)[nonempty]]] | ~can_end[path[ends[nonempty] - 1]]
    return sorted(set(documents_at(ends, numpy.flatnonzero(bad))) | set(nonempty[edges].tolist()))


def viterbi_biluo(scores, labels: tuple[str, ...], sure: float = 0.99) -> list:
    """The best valid BILUO tag sequence of each document, from per-token tag log-probabilities.

    Where the most probable tag of each token makes a valid sequence, that is
    the answer (it is the best of all sequences). Where it does not, Viterbi
    decodes the stretch between the nearest tokens that are ``O`` with
    probability ``sure`` or more on either side (a token that is surely ``O``
    splits the problem in two), all such stretches of a batch together.
    """
    paths = [numpy.asarray(doc_scores).argmax(axis=1).astype("i") for doc_scores in scores]
    allowed, can_start, can_end = biluo_constraints(labels)
    outside = labels.index("O")
    windows = []
    for d, path in enumerate(paths):
        n = len(path)
        if not n:
            continue
        bad = numpy.flatnonzero(~allowed[path[:-1], path[1:]]) + 1
        if not can_start[path[0]]:
            bad = numpy.concatenate([[0], bad])
        if not can_end[path[-1]]:
            bad = numpy.concatenate([bad, [n - 1]])
        if not len(bad):
            continue
        o = numpy.flatnonzero(numpy.asarray(scores[d])[:, outside] >= numpy.log(sure))
        end = -1
        for j in bad.tolist():
            if j < end:
                continue
            at = numpy.searchsorted(o, j)  # o[at - 1] < j <= o[at]
            left = o[at - 1] + 1 if at > 0 else 0
            end = o[at] if at < len(o) else n
            if windows and windows[-1][0] == d and windows[-1][2] >= left:
                windows[-1] = (d, windows[-1][1], end)
            else:
                windows.append((d, left, end))
    windows = [w for w in windows if w[2] > w[1]]
    if windows:
        fixed = _viterbi([scores[d][a:b] for d, a, b in windows], labels)
        for (d, a, b), window in zip(windows, fixed):
            paths[d][a:b] = window
    return paths


def _viterbi(scores, labels: tuple[str, ...]) -> list:
    lengths = [len(doc_scores) for doc_scores in scores]
    opens, closes, begin, inside, last = _tag_groups(labels)
    n_docs, n_tags, width = len(lengths), len(labels), max(lengths)
    emit = numpy.zeros((n_docs, width, n_tags), dtype="float32")
    for d, doc_scores in enumerate(scores):
        if lengths[d]:
            emit[d, : lengths[d]] = doc_scores
    size = numpy.asarray(lengths)
    back = numpy.zeros((n_docs, width, n_tags), dtype="i")
    back[:, 0] = numpy.arange(n_tags)
    best = numpy.full((n_docs, n_tags), -numpy.inf, dtype="float32")
    best[:, opens] = emit[:, 0, opens]
    for i in range(1, width):
        step = numpy.empty_like(best)
        came = numpy.empty((n_docs, n_tags), dtype="i")
        closing = best[:, closes]
        pick = closing.argmax(axis=1)
        came[:, opens] = closes[pick][:, None]
        step[:, opens] = closing[numpy.arange(n_docs), pick][:, None]
        from_b = best[:, begin] >= best[:, inside]
        for group in (inside, last):
            came[:, group] = numpy.where(from_b, begin, inside)
            step[:, group] = numpy.maximum(best[:, begin], best[:, inside])
        step += emit[:, i]
        going = (size > i)[:, None]
        back[:, i] = numpy.where(going, came, numpy.arange(n_tags))
        best = numpy.where(going, step, best)
    best[:, numpy.setdiff1d(numpy.arange(n_tags), closes)] = -numpy.inf  # must end closed
    paths = numpy.zeros((n_docs, width), dtype="i")
    paths[:, -1] = best.argmax(axis=1)
    rows = numpy.arange(n_docs)
    for i in range(width - 1, 0, -1):
        paths[:, i - 1] = back[rows, i, paths[:, i]]
    return [paths[d, : lengths[d]] for d in range(n_docs)]


@lru_cache(maxsize=8)
def _tag_groups(labels: tuple[str, ...]):
    """Indices of the tags that open and close, and of B/I/L per entity label (aligned)."""
    index = {tag: i for i, tag in enumerate(labels)}
    kind = [tag[0] if tag != "O" else "O" for tag in labels]
    opens = numpy.array([i for i, k in enumerate(kind) if k in "OBU"], dtype="i")
    closes = numpy.array([i for i, k in enumerate(kind) if k in "OLU"], dtype="i")
    names = sorted({tag[2:] for tag in labels if tag != "O"})
    begin, inside, last = (numpy.array([index[f"{p}-{n}"] for n in names], dtype="i") for p in "BIL")
    return opens, closes, begin, inside, last
