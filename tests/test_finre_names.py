"""FinRE train's company names merged into silver labels (pipelines/scripts/finre_names.py)."""
import importlib.util
from pathlib import Path

import spacy
from spacy.tokens import DocBin

SCRIPT = Path(__file__).parent.parent / "pipelines" / "scripts" / "finre_names.py"


def load_script():
    spec = importlib.util.spec_from_file_location("finre_names_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_company_names_are_merged_into_silver_labels(tmp_path):
    script = load_script()
    nlp = spacy.blank("zh")
    text = "济南钢铁与星河科技签约，星河科技称济南钢铁是老客户。"
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(0, 2, label="GPE")]  # 济南 of 济南钢铁
    other = nlp.make_doc("晨光集团发布公告。")
    silver = tmp_path / "silver.spacy"
    DocBin(docs=[doc, other]).to_disk(silver)
    finre = tmp_path / "train.txt"
    finre.write_text(f"济南钢铁\t星河科技\t合作\t{text}\nbad line\n", encoding="utf-8")
    gold = tmp_path / "gold.spacy"
    DocBin(docs=[other]).to_disk(gold)
    out = tmp_path / "train_finre" / "silver.spacy"
    script.main(silver, finre, out, gold=gold)
    merged, unchanged = DocBin().from_disk(out).get_docs(nlp.vocab)
    assert [(e.text, e.label_) for e in merged.ents] == [("济南钢铁", "ORG"), ("星河科技", "ORG"), ("星河科技", "ORG"),
                                                          ("济南钢铁", "ORG")]
    assert list(unchanged.ents) == []
    assert (tmp_path / "train_finre" / "gold.spacy").exists()


def test_share_merges_the_names_of_every_other_sentence(tmp_path):
    script = load_script()
    nlp = spacy.blank("zh")
    texts = [f"星河{n}号科技发布公告。" for n in range(4)]
    silver = tmp_path / "silver.spacy"
    DocBin(docs=[nlp.make_doc(t) for t in texts]).to_disk(silver)
    finre = tmp_path / "train.txt"
    finre.write_text("".join(f"星河{n}号科技\t晨光\t合作\t{t}\n" for n, t in enumerate(texts)), encoding="utf-8")
    out = tmp_path / "half.spacy"
    script.main(silver, finre, out, gold=None, share=0.5)
    assert [[e.text for e in d.ents] for d in DocBin().from_disk(out).get_docs(nlp.vocab)] == [
        [], ["星河1号科技"], [], ["星河3号科技"]]
