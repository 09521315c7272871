import pytest
import spacy

from pipelines.consistency import DocEntities
from pipelines.drugs import drug_spans

FREQ = {"生物": 7238, "多肽": 47, "蛋白": 5000, "新药": 359}.get


@pytest.mark.parametrize("text, expected", [
    ("诺和诺德的司美格鲁肽", ["司美格鲁肽"]),  # back to a function word
    ("康方生物依沃西单抗获批", ["依沃西单抗"]),  # to a common word
    ("减重药替尔泊肽上市", ["替尔泊肽"]),  # to a word for a drug
    ("帕博利珠单抗和泽布替尼", ["帕博利珠单抗", "泽布替尼"]),
    ("多肽药物和胶原蛋白肽", []),  # a stem with too little before it is a common word
    ("新药乐沃替尼片（商品名", ["乐沃替尼片"]),  # with its dosage form
    ("依沃西单抗注射液获批", ["依沃西单抗注射液"]),
    ("流感药玛巴洛沙韦和法匹拉韦", ["玛巴洛沙韦", "法匹拉韦"]),  # antivirals
])
def test_generic_drug_names_end_in_their_stem(text, expected):
    assert [text[a:b] for a, b in drug_spans(text, FREQ)] == expected


def test_a_drug_replaces_what_the_tagger_read_inside_it():
    text = "信达的玛仕度肽获批"
    doc = spacy.blank("zh").make_doc(text)
    doc.ents = [doc.char_span(5, 7, label="PERSON")]  # 度肽
    doc = DocEntities(consistency=False)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("玛仕度肽", "PRODUCT")]


def test_a_drug_replaces_a_person_the_tagger_ran_into_it_from_a_word_for_a_drug():
    text = "创新药泽康替尼片上市"
    doc = spacy.blank("zh").make_doc(text)
    doc.ents = [doc.char_span(2, 5, label="PERSON")]  # 药泽康
    doc = DocEntities(consistency=False)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("泽康替尼片", "PRODUCT")]
