"""Smoke test of the training project: convert, train, assemble, evaluate on a tiny sample."""
import json
import shutil
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

ROOT = Path(__file__).parent.parent
PROJECT = ROOT / "pipelines"
DATASETS = ROOT.parent / "shared" / "datasets"


@pytest.mark.skipif(not (DATASETS / "msra").exists(), reason="../shared/datasets is not here")
def test_project_workflow_on_a_tiny_sample(tmp_path):
    from spacy.cli.project.run import project_run

    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(PROJECT / "project.yml", root)
    shutil.copytree(PROJECT / "configs", root / "configs")
    shutil.copytree(PROJECT / "scripts", root / "scripts")
    shutil.copytree(PROJECT / "data", root / "data")
    overrides = {"vars.datasets": str(DATASETS), "vars.limit": 40, "vars.max_steps": 6, "vars.tagger_steps": 6, "vars.eval_frequency": 3, "vars.pretrain_epochs": 1,
                 "vars.silver_model": str(PROJECT / "model")}
    for command in ["convert", "silver", "vectors", "pretrain", "train", "assemble", "evaluate"]:
        project_run(root, command, overrides=overrides)
    silver = list(DocBin().from_disk(root / "corpus" / "train" / "silver.spacy").get_docs(spacy.blank("zh").vocab))
    assert len(silver) == 40 and any(e.label_ == "ORG" for doc in silver for e in doc.ents)
    assert (root / "training" / "pretrain" / "model-last.bin").stat().st_size > 1_000_000
    assert (root / "training" / "tagger" / "model-best" / "ner").exists()
    trained = spacy.load(root / "training" / "tagger" / "model-best")
    assert trained.vocab.vectors.shape[1] == 128 and trained.vocab.vectors.find(key="拼") >= 0
    assembled = (root / "training" / "assembled" / "config.cfg").read_text(encoding="utf-8")
    assert 'factory = "entity_graph_entity_tagger"' in assembled and "entity_graph.numpy_blas.v1" in assembled
    overrides.update({"vars.tune_model": str(PROJECT / "model"), "vars.synth_steps": 4})
    for command in ["synth", "synth-tune"]:
        project_run(root, command, overrides=overrides)
    assert (root / "corpus" / "train_synth" / "gold.spacy").exists()
    assert (root / "training" / "synth-ft" / "model-last" / "ner").exists()
    shutil.copytree(PROJECT / "eval", root / "eval")
    overrides.update({"vars.ner_model": "training/assembled", "vars.relation_iterations": 10})
    for command in ["relation-data", "train-relations", "evaluate-relations"]:
        project_run(root, command, overrides=overrides)
    assert (root / "training" / "relations" / "relations.npz").exists()
    relations = json.loads((root / "metrics" / "relations.json").read_text(encoding="utf-8"))
    assert {"gold/duie/combined", "gold/finre/majority", "e2e/duie/combined", "e2e/own/combined"} <= set(relations)
    assert 0.0 <= relations["gold/finre/combined"]["micro"]["f"] <= 1.0
    scores = json.loads((root / "metrics" / "scores.json").read_text(encoding="utf-8"))
    assert set(scores) == {"msra_test", "cluener_dev", "resume_test"}
    for split in scores.values():
        assert split["docs"] == 40 and split["chars_per_s"] > 0
        assert split["labels"]["ALL"]["support"] > 0
        assert 0.0 <= split["labels"]["ALL"]["f"] <= 1.0


@pytest.mark.parametrize("path", sorted((PROJECT / "eval").glob("business_*.jsonl")), ids=lambda p: p.name)
def test_business_eval_sets_name_what_their_text_holds(path):
    """Every listed name occurs in its text, once per record, with a label the scorers know."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        names = [name for name, _ in record["entities"]]
        assert len(names) == len(set(names)), f"{path.name}:{n}"
        for name, label in record["entities"]:
            assert name and name in record["text"], f"{path.name}:{n}: {name}"
            assert label in {"PERSON", "ORG", "GPE", "LOC", "PRODUCT"}, f"{path.name}:{n}: {label}"
