"""The tagger's second looks: runs of names and long organisation names."""
import numpy
import pytest
import spacy

from pipelines.name_lists import resegment_name_runs, segment_names
from pipelines.org_names import join_org_pieces

LABELS = ("O",) + tuple(f"{p}-{label}" for label in ("GPE", "ORG", "PERSON") for p in "BILU")
at = LABELS.index


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("zh")  # one token a character


def tags_of(text, spans):
    """Tag ids of ``text`` with ``spans`` of (string, label), in order."""
    path, pos = [at("O")] * len(text), 0
    for string, label in spans:
        start = text.index(string, pos)
        end = pos = start + len(string)
        if end - start == 1:
            path[start] = at(f"U-{label}")
        else:
            path[start : end] = [at(f"B-{label}")] + [at(f"I-{label}")] * (end - start - 2) + [at(f"L-{label}")]
    return numpy.array(path, dtype="i")


def scores_for(path, sure=0.9, rest=None):
    """Log-probabilities that favour ``path`` by ``sure``; ``rest`` spreads evenly over ``rest`` tags."""
    probs = numpy.full((len(path), len(LABELS)), 1e-4, dtype="float32")
    for i, tag in enumerate(path):
        others = rest if rest is not None else [t for t in range(len(LABELS)) if t != tag]
        probs[i, others] = (1 - sure) / len(others)
        probs[i, tag] = sure
    return numpy.log(probs)


def spans(text, path):
    out, start = [], None
    for i, tag in enumerate(path):
        name = LABELS[tag]
        if name[0] == "U":
            out.append((text[i], name[2:]))
        elif name[0] == "B":
            start = i
        elif name[0] == "L":
            out.append((text[start : i + 1], name[2:]))
    return out


def person_tags():
    return [at(f"{p}-PERSON") for p in "BILU"]


def test_segment_names_prefers_names_that_start_with_a_surname():
    text = "王大明李小红张三"
    flat = numpy.zeros((len(text), len(LABELS)), dtype="float32")
    tags = {p: at(f"{p}-PERSON") for p in "BILU"}
    assert [text[a:b] for a, b in segment_names(text, flat, tags)] == ["王大明", "李小红", "张三"]


def test_segment_names_keeps_dotted_names_whole():
    text = "阿沛·阿旺晋美王大明"
    flat = numpy.zeros((len(text), len(LABELS)), dtype="float32")
    tags = {p: at(f"{p}-PERSON") for p in "BILU"}
    assert [text[a:b] for a, b in segment_names(text, flat, tags)] == ["阿沛·阿旺晋美", "王大明"]


def test_a_run_of_names_is_split_into_names(nlp):
    text = "委员：杨尚昆万里宋平薄一波。"
    # the model read the run as two long names, unsure where they end
    path = tags_of(text, [("杨尚昆万", "PERSON"), ("里宋平薄一波", "PERSON")])
    scores = scores_for(path, sure=0.4, rest=person_tags())
    resegment_name_runs([nlp(text)], [scores], [path], LABELS)
    assert spans(text, path) == [("杨尚昆", "PERSON"), ("万里", "PERSON"), ("宋平", "PERSON"), ("薄一波", "PERSON")]


def test_segment_names_leaves_a_lead_in_and_a_tail_outside():
    text = "出席的有王大明李小红等"
    flat = numpy.zeros((len(text), len(LABELS)), dtype="float32")
    flat[[0, 1, 2, 3, 10], at("O")] = 5.0  # the model is sure these are no names
    tags = {p: at(f"{p}-PERSON") for p in "BILU"}
    assert [text[a:b] for a, b in segment_names(text, flat, tags, at("O"))] == ["王大明", "李小红"]
    # in the middle of a list there is no lead-in: every character is some name's
    found = segment_names(text, flat, tags, at("O"), lead=False, tail=False)
    assert found[0][0] == 0 and found[-1][1] == len(text)


def test_runs_with_notes_between_them_are_one_list(nlp):
    from pipelines.name_lists import _runs

    text = "委员：王丙乾（回族）王群韦钰（女，壮族）毛冬声（记者李蕾张羽飞）"
    groups = [[text[a:b] for a, b in group] for group in _runs(text)]
    assert groups[:2] == [["委员"], ["王丙乾", "王群韦钰", "毛冬声"]]
    assert ["记者李蕾张羽飞"] in groups  # what a note holds is read too


def test_a_short_run_in_a_list_is_split(nlp):
    text = "委员：王丙乾王汉斌（回族）王群韦钰（女）毛冬声。"
    # two names back to back make it a list; 王群韦钰 alone is too short to be one; the model is unsure
    path = tags_of(text, [("王丙乾", "PERSON"), ("王汉斌", "PERSON"), ("王群韦钰", "PERSON"), ("毛冬声", "PERSON")])
    scores = scores_for(path, sure=0.3, rest=person_tags())
    resegment_name_runs([nlp(text)], [scores], [path], LABELS)
    assert ("王群", "PERSON") in spans(text, path) and ("韦钰", "PERSON") in spans(text, path)


def test_two_names_read_as_one_are_split(nlp):
    text = "本报讯（记者王磊李娜）"
    path = tags_of(text, [("王磊李娜", "PERSON")])
    scores = scores_for(path, sure=0.97)  # sure of what is no name, unsure where the names end
    for i in range(text.index("王"), text.index("娜") + 1):
        row = numpy.full(len(LABELS), 1e-4)
        row[person_tags()] = 0.65 / 3
        row[path[i]] = 0.35
        scores[i] = numpy.log(row)
    resegment_name_runs([nlp(text)], [scores], [path], LABELS)
    assert spans(text, path) == [("王磊", "PERSON"), ("李娜", "PERSON")]


@pytest.mark.parametrize(
    "text, found",
    [
        ("马云、马化腾和王兴出席。", [("马云", "PERSON"), ("马化腾", "PERSON"), ("王兴", "PERSON")]),  # separated
        ("切尔诺梅尔金指出，", [("切尔诺梅尔金", "PERSON")]),  # one transliterated name
        ("记者李蕾在北京报道", [("李蕾", "PERSON"), ("北京", "GPE")]),  # one name in a sentence
    ],
)
def test_names_that_are_not_a_run_are_left_alone(nlp, text, found):
    path = tags_of(text, found)
    before = path.copy()
    resegment_name_runs([nlp(text)], [scores_for(path, sure=0.5)], [path], LABELS)
    assert path.tolist() == before.tolist()


def test_a_run_the_model_does_not_read_as_names_is_left_alone(nlp):
    text = "张三李四今天在这里开会讨论问题"
    path = tags_of(text, [("张三", "PERSON"), ("李四", "PERSON")])
    before = path.copy()
    resegment_name_runs([nlp(text)], [scores_for(path, sure=0.95)], [path], LABELS)
    assert path.tolist() == before.tolist()  # most of the run is surely not a name


def test_pieces_of_a_long_org_name_are_joined(nlp):
    text = "现任芜湖恒远精密轴承股份有限公司董事长"
    path = tags_of(text, [("芜湖", "GPE"), ("轴承股份有限公司", "ORG")])
    # the model is unsure between the pieces and one name: the joined tags cost little
    scores = scores_for(path, sure=0.5, rest=[at("B-ORG"), at("I-ORG"), at("L-ORG")])
    join_org_pieces([nlp(text)], [scores], [path], LABELS)
    assert spans(text, path) == [("芜湖恒远精密轴承股份有限公司", "ORG")]


@pytest.mark.parametrize(
    "text, found",
    [
        ("北京的百度公司发布", [("北京", "GPE"), ("百度公司", "ORG")]),  # 的 between them
        ("腾讯、阿里巴巴集团", [("腾讯", "ORG"), ("阿里巴巴集团", "ORG")]),  # a list
        ("中国共产党今天上午召开全国代表大会", [("中国共产党", "ORG"), ("全国代表大会", "ORG")]),  # too far apart
        ("阿里（钉钉事业部", [("阿里", "ORG"), ("钉钉事业部", "ORG")]),  # a bracket left open
    ],
)
def test_orgs_that_are_not_one_name_stay_apart(nlp, text, found):
    path = tags_of(text, found)
    before = path.copy()
    scores = scores_for(path, sure=0.5, rest=[at("B-ORG"), at("I-ORG"), at("L-ORG")])
    join_org_pieces([nlp(text)], [scores], [path], LABELS)
    assert path.tolist() == before.tolist()


def test_pieces_the_model_is_sure_of_stay_apart(nlp):
    text = "中国共产党举行第十五次全国代表大会"  # only the scores keep them apart
    path = tags_of(text, [("中国共产党", "ORG"), ("第十五次全国代表大会", "ORG")])
    before = path.copy()
    join_org_pieces([nlp(text)], [scores_for(path, sure=0.9999)], [path], LABELS)
    assert path.tolist() == before.tolist()


def test_a_run_is_left_alone_where_an_entity_runs_across_its_edge(nlp):
    text = "记者A王大明李小红张三丰到场"
    path = tags_of(text, [("A王大明", "PERSON"), ("李小红", "PERSON"), ("张三丰", "PERSON")])
    scores = scores_for(path, sure=0.4, rest=person_tags())
    before = path.copy()
    resegment_name_runs([nlp(text)], [scores], [path], LABELS)
    assert path.tolist() == before.tolist()


def test_invalid_paths_are_found_per_document():
    from pipelines.entity_tagger import invalid_paths

    good = tags_of("王大明说", [("王大明", "PERSON")])
    broken = good.copy()
    broken[1] = at("B-PERSON")  # B B L
    unclosed = numpy.array([at("O"), at("B-ORG")], dtype="i")
    empty = numpy.array([], dtype="i")
    assert invalid_paths([good, broken, empty, good, unclosed], LABELS) == [1, 4]
    assert invalid_paths([good, good], LABELS) == []
