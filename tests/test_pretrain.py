"""The masked-character pretraining of the encoder (pipelines/scripts/pretrain.py)."""
import importlib.util
from pathlib import Path

import numpy
import pytest
import spacy
from spacy.attrs import LEMMA, NORM, TAG

SCRIPT = Path(__file__).parent.parent / "pipelines" / "scripts" / "pretrain.py"


@pytest.fixture(scope="module")
def pretrain():
    spec = importlib.util.spec_from_file_location("pretrain_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def featured():
    nlp = spacy.blank("zh")
    features = nlp.add_pipe("entity_graph_char_features")
    return lambda text: features(nlp.make_doc(text))


def test_masking_keeps_the_features_of_the_other_characters(pretrain, featured):
    doc = featured("拼多多创始人黄峥在上海宣布退休")
    rng = numpy.random.default_rng(3)
    masked, chosen = pretrain.mask_doc(doc, rng, 0.3, ["的", "是"])
    assert len(masked) == len(doc) and len(chosen)
    before, after = doc.to_array([NORM, LEMMA, TAG]), masked.to_array([NORM, LEMMA, TAG])
    touched = set(chosen.tolist()) | {i - 1 for i in chosen.tolist()}
    for i in range(len(doc)):
        if i not in touched:
            assert (before[i] == after[i]).all(), doc[i].text
    # the jieba tags are those of the real text everywhere
    assert (before[:, 2] == after[:, 2]).all()
    # a character replaced by [MASK] has the mask as its norm and in its bigram, and nothing left of itself
    for i in chosen.tolist():
        if masked[i].text == pretrain.MASK:
            assert masked[i].norm_ == pretrain.MASK
            assert masked[i].lemma_.startswith(pretrain.MASK)
            if i > 0:
                assert masked[i - 1].lemma_.endswith(pretrain.MASK)


def test_masking_chooses_at_least_one_character(pretrain, featured):
    doc = featured("钉钉")
    masked, chosen = pretrain.mask_doc(doc, numpy.random.default_rng(0), 0.0, ["的"])
    assert len(chosen) == 1


def test_batches_cover_every_text_once(pretrain):
    import random

    texts = ["甲" * n for n in range(1, 30)]
    seen = [t for batch in pretrain.batches(texts, 50, random.Random(0)) for t in batch]
    assert sorted(seen) == sorted(texts)
