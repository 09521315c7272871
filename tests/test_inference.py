import numpy
import pytest
from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from thinc.api import Maxout, chain, expand_window, with_array

from pipelines import blas
from pipelines.inference import fast_inference


def _arrays(seed, shapes):
    rng = numpy.random.default_rng(seed)
    return [rng.normal(size=shape).astype("float32") for shape in shapes]


@pytest.mark.parametrize("window_size,pieces", [(1, 3), (2, 2), (1, 1)])
def test_encoder_predicts_the_same_numbers(window_size, pieces):
    model = with_array(MaxoutWindowEncoder(width=16, window_size=window_size, maxout_pieces=pieces, depth=3))
    model.initialize(X=_arrays(0, [(5, 16)]))
    Xs = _arrays(1, [(7, 16), (1, 16), (30, 16), (0, 16)])
    expected = model.predict(Xs)
    assert fast_inference(model) > 0
    got = model.predict(Xs)
    assert all(numpy.array_equal(a, b) for a, b in zip(got, expected))


def test_head_with_window_and_short_input():
    model = chain(expand_window(3), Maxout(nO=8, nI=4 * 7, nP=2, normalize=True, dropout=0.1))
    model.initialize(X=_arrays(2, [(6, 4)])[0])
    for n in (0, 1, 2, 5, 40):
        X = _arrays(n, [(n, 4)])[0]
        expected = model.predict(X)
        fast_inference(model)
        assert numpy.array_equal(model.predict(X), expected)


def test_training_still_runs_thinc_forward():
    model = with_array(MaxoutWindowEncoder(width=8, window_size=1, maxout_pieces=3, depth=2))
    model.initialize(X=_arrays(0, [(5, 8)]))
    fast_inference(model)
    Xs = _arrays(3, [(6, 8)])
    Ys, backprop = model.begin_update(Xs)
    dXs = backprop([numpy.ones_like(Y) for Y in Ys])
    assert dXs[0].shape == (6, 8)
    assert fast_inference(model) == 0  # set once


def test_shipped_pipeline_gets_the_kernels_and_the_same_encoding(monkeypatch):
    from pipelines import pipeline

    texts = ["黄峥创立了拼多多。", "钉钉由陈航在阿里巴巴内部孵化。\n美团的王兴说，外卖只是开始。"]

    def encode(nlp):
        docs = [nlp.make_doc(t) for t in texts]
        for name, proc in nlp.pipeline:
            if name == "tok2vec":
                return proc.model.predict(docs)
            docs = [proc(doc) for doc in docs]

    fast = pipeline.load(None)
    assert any(getattr(node._func, "fast_inference", False) for node in fast.get_pipe("tok2vec").model.walk())
    monkeypatch.setattr(blas, "fast_inference", lambda model: 0)
    slow = pipeline.load(None)
    assert not any(getattr(node._func, "fast_inference", False) for node in slow.get_pipe("tok2vec").model.walk())
    # the CNN's kernels give the same numbers; the embedding's remembered part is summed in another order
    assert all(numpy.allclose(a, b, atol=1e-5) for a, b in zip(encode(fast), encode(slow)))
    assert [(e.text, e.label_) for e in fast(texts[1]).ents] == [(e.text, e.label_) for e in slow(texts[1]).ents]


def _graft_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[1] / "pipelines" / "scripts" / "graft.py"
    spec = importlib.util.spec_from_file_location("graft", path)
    graft = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(graft)
    return graft


def test_graft_copies_weights_and_gives_a_new_table_zero_weight():
    import spacy
    from spacy.ml.models.tok2vec import MultiHashEmbed

    graft = _graft_script()

    nlp = spacy.blank("zh")
    docs = [nlp.make_doc("拼多多创始人黄峥"), nlp.make_doc("钉钉")]
    for doc in docs:
        for token in doc:
            token.tag_, token.dep_ = "n", token.text
    old = MultiHashEmbed(width=8, attrs=["NORM", "TAG"], rows=[50, 10], include_static_vectors=False)
    new = MultiHashEmbed(width=8, attrs=["NORM", "TAG", "DEP"], rows=[50, 10, 30], include_static_vectors=False)
    old.initialize(X=docs)
    new.initialize(X=docs)
    log = graft.graft_weights(old, new)
    assert any(line.startswith("kept initial: hashembed") for line in log)
    assert any(line.startswith("widened: maxout.W") for line in log)
    assert all(numpy.allclose(a, b, atol=1e-6) for a, b in zip(old.predict(docs), new.predict(docs)))


def test_graft_gives_a_deeper_encoder_a_new_block_that_adds_nothing():
    import spacy
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder, MultiHashEmbed
    from thinc.api import chain

    graft = _graft_script()

    nlp = spacy.blank("zh")
    docs = [nlp.make_doc("拼多多创始人黄峥"), nlp.make_doc("钉钉是阿里的产品")]

    def encoder(depth):
        embed = MultiHashEmbed(width=8, attrs=["NORM"], rows=[50], include_static_vectors=False)
        model = chain(embed, MaxoutWindowEncoder(width=8, window_size=1, maxout_pieces=2, depth=depth))
        model.initialize(X=docs)
        return model

    old, new = encoder(2), encoder(3)
    log = graft.graft_weights(old, new)
    assert [line for line in log if line.startswith("new block")] == [
        "new block, its output set to zero: residual(expand_window>>maxout>>layernorm>>dropout)"]
    assert all(numpy.allclose(a, b, atol=1e-6) for a, b in zip(old.predict(docs), new.predict(docs)))
    # the new block's layer norm is zero, its maxout keeps its random start (so training can move it)
    norms = [node for node in new.walk() if node.name == "layernorm"]
    assert sum(not node.get_param("G").any() for node in norms) == 1
    assert all(node.get_param("W").any() for node in new.walk() if node.name == "maxout")
    # and a block the trained encoder has is not touched: grafting into the same depth changes nothing
    same = encoder(2)
    assert not [line for line in graft.graft_weights(old, same) if line.startswith(("new block", "kept"))]
