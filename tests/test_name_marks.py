import pytest

from pipelines.consistency import TRANSLITERATION
from pipelines.name_marks import mark_names


def names(text, found, others=()):
    spans = [(text.index(n), text.index(n) + len(n)) for n in found]
    other = [(text.index(n), text.index(n) + len(n)) for n in others]
    return [text[s:e] for s, e in mark_names(text, spans, other, TRANSLITERATION)]


@pytest.mark.parametrize(
    "text,found,expected",
    [
        ("汤姆-克鲁斯在贝弗利山庄买了房。", ["汤姆", "克鲁斯"], ["汤姆-克鲁斯"]),  # two parts, one name
        ("缺少索尔-坎贝尔在后防压阵。", ["坎贝尔"], ["索尔-坎贝尔"]),  # the part before taken in
        ("他见到了加文·胡德。", ["加文"], ["加文·胡德"]),  # and the part after
        ("主力中卫莱德利-", ["莱德利-"], ["莱德利"]),  # a mark at the end
        ("（记者叶超）近日", ["叶超）"], ["叶超"]),  # an unopened bracket
        ("影星文迪索尔(Vin Diesel)", ["文迪索尔(Vin"], ["文迪索尔"]),  # an unclosed one
        ("选手Pis（卜严骏）夺冠", ["Pis（卜严骏）"], ["Pis（卜严骏）"]),  # closed: left alone
        ("江主席说", ["江"], ["江"]),  # one character, unchanged: kept
        ("得到了-（", ["-（"], []),  # nothing left
    ],
)
def test_mark_names(text, found, expected):
    assert names(text, found) == expected


def test_parts_are_never_taken_from_other_entities_or_long_runs():
    assert names("中国-克鲁斯访华", ["克鲁斯"], others=["中国"]) == ["克鲁斯"]
    assert names("阿尔巴尼亚-克鲁斯", ["克鲁斯"]) == ["克鲁斯"]  # five transliteration characters: where would it start?
    assert names("北京-克鲁斯", ["克鲁斯"]) == ["克鲁斯"]  # 京 transliterates nothing
