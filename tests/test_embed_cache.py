import numpy
import pytest
import spacy
from spacy.ml.models.tok2vec import MultiHashEmbed
from thinc.layers.chain import forward as chain_forward

from pipelines import embed_cache
from pipelines.embed_cache import EmbedCache, cached_embed

TEXTS = ["拼多多创始人黄峥", "钉钉是阿里的产品", "", "黄峥和王兴", "拼"]


@pytest.fixture
def nlp():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.vocab.reset_vectors(width=6)
    rng = numpy.random.default_rng(0)
    for char in "拼多黄峥钉阿里":  # some characters have a vector, the rest none
        nlp.vocab.set_vector(char, rng.normal(size=6).astype("float32"))
    return nlp


def _docs(nlp, texts):
    docs = [nlp.make_doc(t) for t in texts]
    for doc in docs:  # what our features do: a bigram in LEMMA, a word position in TAG
        for token in doc:
            token.lemma_ = doc.text[token.i:token.i + 2]
            token.tag_ = "B" if token.i % 2 else "E"
    return docs


def _embed(nlp, static=True):
    model = MultiHashEmbed(width=8, attrs=["NORM", "LEMMA", "TAG", "SHAPE"], rows=[50, 40, 10, 10],
                           include_static_vectors=static)
    model.initialize(X=_docs(nlp, TEXTS))
    rng = numpy.random.default_rng(1)
    for node in model.walk():  # not the initial zeros of the layer norm and bias
        for name in node.param_names:
            if node.has_param(name):
                node.set_param(name, rng.normal(size=node.get_param(name).shape).astype("float32"))
    return model


def _same(got, expected):
    return len(got) == len(expected) and all(
        a.shape == b.shape and numpy.allclose(a, b, atol=1e-5) for a, b in zip(got, expected))


@pytest.mark.parametrize("static", [True, False])
def test_remembered_embedding_is_spacys(nlp, static):
    """Each combination computed once, the second batch all from the table, spaCy's numbers."""
    model = _embed(nlp, static)
    docs = _docs(nlp, TEXTS)
    expected = model.predict(docs)
    assert cached_embed(model)
    cache = model._func.cache
    computed = []
    fixed_part = cache._fixed_part
    cache._fixed_part = lambda values, *args: computed.append(len(values)) or fixed_part(values, *args)
    assert _same(model.predict(docs), expected)
    assert _same(model.predict(docs[::-1]), expected[::-1])  # the second time from the table
    # one row per character, tag and shape seen (and vector key), not one per token
    combos = {(t.norm, t.tag, t.shape) + ((t.orth,) if static else ()) for d in docs for t in d}
    assert computed == [len(combos)] and len(cache.rows) == len(combos)


def test_training_runs_spacys_forward_and_forgets(nlp):
    model = _embed(nlp)
    docs = _docs(nlp, TEXTS)
    cached_embed(model)
    cache = model._func.cache
    model.predict(docs)
    assert cache.rows
    Y, backprop = model.begin_update(docs)
    assert not cache.rows
    backprop([numpy.ones_like(y) for y in Y])
    # new weights (as an optimizer or use_params sets them): the table is computed again
    norm_table = next(node for node in model.walk() if node.name == "hashembed")
    model.predict(docs)
    norm_table.set_param("E", norm_table.get_param("E") * 2)
    got = model.predict(docs)
    swapped, model._func = model._func, chain_forward
    assert _same(got, model.predict(docs))  # spaCy's forward on the new weights
    model._func = swapped


def test_full_table_and_clashing_keys_still_give_spacys_numbers(nlp, monkeypatch):
    docs = _docs(nlp, TEXTS)
    model = _embed(nlp)
    expected = model.predict(docs)
    monkeypatch.setattr(embed_cache, "MAX_ROWS", 3)
    cached_embed(model)
    assert _same(model.predict(docs), expected)
    model = _embed(nlp)
    monkeypatch.setattr(embed_cache, "MAX_ROWS", 1 << 15)
    monkeypatch.setattr(embed_cache, "_MIX", numpy.zeros(8, dtype="uint64"))  # every combination one key
    cached_embed(model)
    assert _same(model.predict(docs), expected)


def test_other_layers_are_left_alone():
    from thinc.api import Linear, chain

    assert not cached_embed(chain(Linear(4, 4), Linear(4, 4)))
    assert EmbedCache.of(Linear(4, 4), ("LEMMA",)) is None
