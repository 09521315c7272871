"""The synthetic business-news sentences of the training project (pipelines/scripts/synth.py)."""
import importlib.util
import json
import random
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

PROJECT = Path(__file__).parent.parent / "pipelines"
SCRIPT = PROJECT / "scripts" / "synth.py"


@pytest.fixture(scope="module")
def synth():
    spec = importlib.util.spec_from_file_location("synth_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "templates.txt").write_text(
        "{ORG}旗下的{PRODUCT}月活跃用户突破一亿。\n"
        "# a comment\n"
        "新一代{PRODUCT}大模型由{PERSON}带队研发。\n"
        "这款App的新版本下周上线。\n", encoding="utf-8")
    names = [("星屿", "PRODUCT"), ("Nova X3", "PRODUCT"), ("拾光科技", "ORG"), ("韦嘉骏", "PERSON")]
    (tmp_path / "fillers.jsonl").write_text(
        "".join(json.dumps({"name": n, "type": t}, ensure_ascii=False) + "\n" for n, t in names), encoding="utf-8")
    gazetteer = tmp_path / "gazetteer.jsonl"
    gazetteer.write_text(json.dumps({"label": "元宝", "type": "PRODUCT", "aliases": ["腾讯元宝"]}, ensure_ascii=False)
                         + "\n", encoding="utf-8")
    return tmp_path


def test_fill_marks_each_slot_and_leaves_the_kind_word_outside(synth, folder):
    ours, known = synth.read_names(folder, folder / "gazetteer.jsonl")
    assert known == {"PRODUCT": ["元宝", "腾讯元宝"]}
    rng = random.Random(0)
    for _ in range(20):
        text, spans = synth.fill("新一代{PRODUCT}大模型由{PERSON}带队研发。", ours, known, rng)
        (s1, e1, l1), (s2, e2, l2) = spans
        assert (l1, l2) == ("PRODUCT", "PERSON")
        assert text[s1:e1] in {"星屿", "Nova X3", "元宝", "腾讯元宝"} and text[e1:e1 + 3] == "大模型"
        assert text[s2:e2] == "韦嘉骏" and text.startswith("新一代") and text.endswith("带队研发。")


def test_synth_writes_one_corpus_folder(synth, folder, tmp_path):
    extra = tmp_path / "gold"
    extra.mkdir()
    nlp = spacy.blank("zh")
    doc = nlp.make_doc("马云创立了阿里巴巴。")
    DocBin(docs=[doc]).to_disk(extra / "gold.spacy")
    out = tmp_path / "out"
    synth.main(folder, out, per_template=5, seeds="0,1", add=extra, gazetteer=folder / "gazetteer.jsonl")
    assert sorted(p.name for p in out.iterdir()) == ["gold.spacy", "synth0.spacy", "synth1.spacy"]
    docs = list(DocBin().from_disk(out / "synth0.spacy").get_docs(nlp.vocab))
    texts = [d.text for d in docs]
    assert len(texts) == len(set(texts)) and "这款App的新版本下周上线。" in texts  # a template with no slot: once
    assert not any(t.startswith("#") for t in texts)
    for d in docs:
        assert all(e.label_ in {"ORG", "PRODUCT", "PERSON"} for e in d.ents)
        assert len(d.ents) == d.text.count("月活跃用户") * 2 + d.text.count("大模型") * 2
