import itertools

import numpy
import pytest
import spacy
from spacy.training import Example

from pipelines.entity_tagger import _viterbi, _without_spaces, biluo_constraints, viterbi_biluo
from pipelines.tag_paths import LABEL_PROBS, label_confidence, label_probs

LABELS = ("O", "B-ORG", "I-ORG", "L-ORG", "U-ORG", "B-PERSON", "I-PERSON", "L-PERSON", "U-PERSON")


def valid(path, labels=LABELS):
    allowed, can_start, can_end = biluo_constraints(labels)
    return (
        can_start[path[0]]
        and can_end[path[-1]]
        and all(allowed[a, b] for a, b in zip(path, path[1:]))
    )


def test_constraints():
    allowed, can_start, can_end = biluo_constraints(LABELS)
    at = LABELS.index
    assert allowed[at("B-ORG"), at("L-ORG")] and not allowed[at("B-ORG"), at("L-PERSON")]
    assert not allowed[at("O"), at("I-ORG")] and allowed[at("L-ORG"), at("B-PERSON")]
    assert not can_start[at("L-ORG")] and not can_end[at("B-ORG")] and can_end[at("U-PERSON")]


@pytest.mark.parametrize("seed", range(8))
def test_viterbi_is_the_best_valid_path(seed):
    rng = numpy.random.default_rng(seed)
    lengths = [4, 1, 3, 0]
    scores = [rng.dirichlet(numpy.ones(len(LABELS)), size=n).astype("float32") for n in lengths]
    paths = _viterbi([numpy.log(p) for p in scores], LABELS)
    assert [len(p) for p in paths] == lengths
    for probs, path in zip(scores, paths):
        if not len(probs):
            continue
        logp = numpy.log(probs)
        best = max(
            (p for p in itertools.product(range(len(LABELS)), repeat=len(probs)) if valid(p)),
            key=lambda p: sum(logp[i, t] for i, t in enumerate(p)),
        )
        assert valid(list(path)) and tuple(path) == best


TRAIN = [
    ("拼多多创始人黄峥。", [(0, 3, "ORG"), (6, 8, "PERSON")]),
    ("王兴领导美团。", [(0, 2, "PERSON"), (4, 6, "ORG")]),
    ("马云创立阿里巴巴。", [(0, 2, "PERSON"), (4, 8, "ORG")]),
]


WINDOW = {
    "@architectures": "entity_graph.WindowTagger.v1",
    "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"},
}


@pytest.fixture(scope="module", params=["softmax", "window"])
def trained(tmp_path_factory, request):
    nlp = spacy.blank("zh")
    nlp.add_pipe("tok2vec")
    model = {"tok2vec": {"width": 96}} if request.param == "softmax" else WINDOW
    nlp.add_pipe("entity_graph_entity_tagger", name="ner", config={"model": model})
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": ents}) for t, ents in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(60):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("tagger")
    nlp.to_disk(path)
    return nlp, path


def test_learns_and_sets_entities(trained):
    nlp, _ = trained
    assert nlp.get_pipe("ner").entity_labels == ("ORG", "PERSON")
    for text, ents in TRAIN:
        assert [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents] == ents


def test_round_trip(trained):
    nlp, path = trained
    again = spacy.load(path)
    assert again.get_pipe("ner").labels == nlp.get_pipe("ner").labels
    text = TRAIN[0][0]
    assert [(e.text, e.label_) for e in again(text).ents] == [(e.text, e.label_) for e in nlp(text).ents]
    assert again.evaluate([Example.from_dict(again.make_doc(t), {"entities": e}) for t, e in TRAIN])["ents_f"] == 1.0


def test_docs_keep_the_label_probabilities(trained):
    nlp, _ = trained
    for text, ents in TRAIN:
        doc = nlp(text)
        kept = doc.user_data[LABEL_PROBS]
        assert list(kept["labels"]) == ["ORG", "PERSON"] and kept["probs"].shape == (len(doc), 2)
        assert (kept["probs"] >= 0).all() and (kept["probs"].sum(axis=1) <= 1 + 1e-5).all()
        for ent in doc.ents:  # a learned entity: sure of its label, not of the other
            assert label_confidence(ent) > 0.5 > label_confidence(ent, "ORG" if ent.label_ == "PERSON" else "PERSON")
    assert label_confidence(spacy.blank("zh")("黄峥")[0:2]) is None  # no tagger, no probabilities


def test_label_probs_sum_each_labels_tags():
    logp = numpy.log(numpy.array([[0.1, 0.2, 0.0, 0.0, 0.1, 0.3, 0.0, 0.0, 0.3]], dtype="float32") + 1e-30)
    assert numpy.allclose(label_probs(logp, LABELS), [[0.3, 0.6]])


def test_viterbi_keeps_a_valid_argmax():
    at = LABELS.index
    tags = [at("B-ORG"), at("I-ORG"), at("L-ORG"), at("O"), at("U-PERSON")]
    scores = numpy.full((len(tags), len(LABELS)), 0.01, dtype="float32")
    scores[numpy.arange(len(tags)), tags] = 0.9
    assert viterbi_biluo([numpy.log(scores)], LABELS)[0].tolist() == tags


@pytest.mark.parametrize("seed", range(20))
def test_decoding_is_valid_and_keeps_what_needs_no_repair(seed):
    rng = numpy.random.default_rng(seed)
    scores = [rng.dirichlet(numpy.full(len(LABELS), 0.3), size=int(n)).astype("float32") for n in rng.integers(0, 40, 6)]
    for probs, path in zip(scores, viterbi_biluo([numpy.log(p) for p in scores], LABELS)):
        assert len(path) == len(probs)
        if len(path):
            assert valid(list(path))
            best = probs.argmax(axis=1)
            # tokens that are surely O bound the repaired stretches
            kept = [i for i in range(len(path)) if probs[i, 0] >= 0.99]
            assert all(path[i] == 0 for i in kept)


@pytest.mark.parametrize("seed", range(10))
def test_a_batch_decodes_as_its_documents_one_by_one(seed):
    rng = numpy.random.default_rng(seed)
    scores = [numpy.log(rng.dirichlet(numpy.full(len(LABELS), 0.3), size=int(n)).astype("float32"))
              for n in rng.integers(0, 12, 9)]
    batch = viterbi_biluo(scores, LABELS)
    assert [p.tolist() for p in batch] == [viterbi_biluo([s], LABELS)[0].tolist() for s in scores]


@pytest.mark.parametrize("texts", [["", ""], [None, ""], ["", None], [None, "", None], [None, None, ""]])
def test_a_batch_with_empty_documents_decodes_as_its_documents_one_by_one(trained, texts):
    nlp, _ = trained
    texts = [TRAIN[0][0] if t is None else t for t in texts]  # empty documents anywhere in the batch, the last too
    alone = [[(e.start_char, e.end_char, e.label_) for e in nlp(t).ents] for t in texts]
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts)] == alone


def test_an_entity_starts_and_ends_at_no_whitespace():
    doc = spacy.blank("zh").make_doc("中心。\n芯湃半导体创始人")
    spaces = [i for i, token in enumerate(doc) if token.is_space]
    assert spaces  # the line break is a token of its own
    start, end = spaces[0], spaces[0] + 6
    assert doc[start:end].text.strip() == "芯湃半导体"
    assert list(_without_spaces(doc, [(start, end, "ORG"), (start, start + 1, "ORG")])) == [(start + 1, end, "ORG")]
