import pytest
import spacy

from graph.build import build_graph
from graph.resolve import AliasFileError, Resolver, normalize, org_reductions, read_alias_file, strip_person_title
from pipelines.records import Document, DocResult, Mention
from pipelines.short_names import find_declarations

NEAR_MISSES = [
    ("阿里巴巴", "阿里影业"),
    ("腾讯", "腾讯音乐"),
    ("中国银行", "中国工商银行"),
    ("百度", "百度网盘"),
    ("华为", "华为云"),
    ("京东", "京东方"),
    ("中国平安", "平安银行"),
    ("美团", "美团优选"),
    ("小米", "小米汽车"),
    ("蚂蚁集团", "蚂蚁金服网商银行"),
]


def graph_of(names, type_="ORG", texts=None):
    results = []
    for i, name in enumerate(names):
        text = texts[i] if texts else name
        results.append(DocResult(Document(f"d{i}", text), [Mention(f"d{i}", 0, len(name), name, type_)], []))
    return build_graph(results)


@pytest.mark.parametrize("a,b", NEAR_MISSES)
def test_near_misses_stay_apart(a, b):
    G = graph_of([a, b, a + "公司", b + "有限公司"])
    assert G.number_of_nodes() == 2, sorted(G.nodes)


@pytest.mark.parametrize(
    "forms,label",
    [
        (["字节跳动", "北京字节跳动科技有限公司", "字节跳动"], "字节跳动"),
        (["腾讯", "腾讯公司", "腾讯控股有限公司", "腾讯"], "腾讯"),
        (["阿里巴巴", "阿里巴巴集团", "阿里巴巴集团控股有限公司", "阿里巴巴"], "阿里巴巴集团"),
        (["騰訊", "腾讯"], "腾讯"),
        (["ＰＤＤ", "PDD", "pdd"], "PDD"),
        (["Apple Inc.", "Apple"], "Apple"),
    ],
)
def test_forms_of_one_company_end_on_one_node(forms, label):
    G = graph_of(forms)
    assert G.number_of_nodes() == 1, sorted(G.nodes)
    node = next(iter(G.nodes.values()))
    assert node["mentions"] == len(forms)
    assert node["type"] == "ORG"
    assert node["label"] == label or label in node["aliases"]


@pytest.mark.parametrize("text,expected", [("CEO黄峥", "黄峥"), ("黄峥先生", "黄峥"), ("董事长王兴", "王兴"), ("王先生", "王先生")])
def test_person_titles(text, expected):
    assert strip_person_title(text) == expected


def test_person_honorific_joins_the_one_person_of_that_surname():
    text = "黄峥说，黄总认为。王兴和王总。"
    mentions = [Mention("a", 0, 2, "黄峥", "PERSON"), Mention("a", 4, 6, "黄总", "PERSON")]
    G = build_graph([DocResult(Document("a", text), mentions, [])])
    assert list(G.nodes) == ["PERSON:黄峥"]
    ambiguous = mentions + [Mention("a", 9, 11, "黄勇", "PERSON")]
    G = build_graph([DocResult(Document("a", text), ambiguous, [])])
    assert "PERSON:黄总" in G.nodes


def test_any_title_after_a_surname_joins_the_one_person_of_that_surname():
    text = "吴敏说，吴小姐认为。老吴也来了。"
    mentions = [Mention("a", 0, 2, "吴敏", "PERSON"), Mention("a", 4, 7, "吴小姐", "PERSON"),
                Mention("a", 10, 12, "老吴", "PERSON")]
    G = build_graph([DocResult(Document("a", text), mentions, [])])
    assert list(G.nodes) == ["PERSON:吴敏"]


@pytest.mark.parametrize(
    "text,type_,reason",
    [("的", "ORG", "single_character"), ("2019", "ORG", "number"), ("该公司", "ORG", "generic_word"), ("“”", "ORG", "punctuation"),
     ("AI", "ORG", "generic_word")],
)
def test_filters_count_what_they_drop(text, type_, reason):
    resolver = Resolver()
    assert resolver.name(text, type_) is None
    assert resolver.dropped == {reason: 1}
    assert resolver.name(text, type_, count=False) is None
    assert resolver.dropped == {reason: 1}


def test_user_aliases_and_stop_list_win(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("alias,canonical\n# comment\n阿里,阿里巴巴\n小二,-\n", encoding="utf-8")
    aliases, stop = read_alias_file(path)
    resolver = Resolver(aliases, stop)
    assert resolver.name("阿里", "ORG") == "阿里巴巴"
    assert resolver.name("小二", "PERSON") is None
    assert resolver.dropped == {"stop_list": 1}


@pytest.mark.parametrize("content,where", [("name,x\n", ":1:"), ("alias,canonical\n阿里\n", ":2:")])
def test_bad_alias_file_names_file_and_line(tmp_path, content, where):
    path = tmp_path / "a.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AliasFileError, match=f"a.csv{where}"):
        read_alias_file(path)


def test_normalize_and_reductions():
    assert normalize("騰訊 控股") == normalize("腾讯  控股")
    assert "字节跳动" in org_reductions(normalize("北京字节跳动科技有限公司"))
    assert org_reductions("远舟股份") == ["远舟"]  # a listed company's short name
    assert "远舟" in org_reductions("美国远舟公司")  # a foreign company with its country
    assert "远舟" in org_reductions("远舟中国区")  # its China region
    assert org_reductions("中国银行") == ["银行"] or "银行" in org_reductions("中国银行")


def _short_names(text, ents):
    """``text`` with ``ents`` (start, end, label) through the sentence and short-name components."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("entity_graph_sentences")
    nlp.add_pipe("entity_graph_short_names")
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in ents]
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def test_declared_short_name_ends_on_one_node():
    doc = _short_names("中国石油化工集团公司（以下简称“中国石化”）发布公告。中国石化表示……", [(0, 10, "ORG")])
    assert [(e.text, e.id_) for e in doc.ents] == [
        ("中国石油化工集团公司", ""), ("中国石化", "中国石油化工集团公司"), ("中国石化", "中国石油化工集团公司"),
    ]


@pytest.mark.parametrize(
    "text, mentions, expected",
    [
        # the mention runs on as the legal name does, to a word's end
        ("原告深圳市快鹿信息技术有限公司诉某银行。法院认为，快鹿信息在引流中夸大宣传，快鹿信息不服。",
         [(2, 15, "ORG"), (25, 27, "ORG")],
         [("深圳市快鹿信息技术有限公司", ""), ("快鹿信息", "深圳市快鹿信息技术有限公司"),
          ("快鹿信息", "深圳市快鹿信息技术有限公司")]),
        ("杭州青橙文化传媒有限公司胜诉。青橙文学的作者。", [(0, 12, "ORG"), (15, 17, "ORG")],
         [("杭州青橙文化传媒有限公司", ""), ("青橙", "")]),  # 青橙文 would end inside a word
        ("杭州青橙文化传媒有限公司胜诉。杭州的企业。", [(0, 12, "ORG"), (15, 17, "GPE")],
         [("杭州青橙文化传媒有限公司", ""), ("杭州", "")]),  # a place is no short name
    ],
)
def test_a_legal_name_declares_the_short_name_a_mention_runs_on_to(text, mentions, expected):
    nlp = spacy.blank("zh")
    nlp.add_pipe("entity_graph_sentences")
    nlp.add_pipe("entity_graph_char_features")
    nlp.add_pipe("entity_graph_short_names")
    doc = nlp.make_doc(text)
    doc = nlp.get_pipe("entity_graph_char_features")(doc)
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in mentions]
    doc = nlp.get_pipe("entity_graph_short_names")(doc)
    assert [(e.text, e.id_) for e in doc.ents] == expected


@pytest.mark.parametrize(
    "text,full,short",
    [
        ("上海绿谷制药有限公司（下称“绿谷制药”）联合", "上海绿谷制药有限公司", "绿谷制药"),
        ("香港旅游发展局（旅发局）于", "香港旅游发展局", "旅发局"),
        ("拼多多（PDD）", "拼多多", "PDD"),
        ("中国登山协会简称\"中国登协\"", "中国登山协会", "中国登协"),
        ("“会宁县第一中学”，简称“会宁一中”", "“会宁县第一中学", "会宁一中"),
        ("腾讯公司的简称问题", "腾讯公司", None),
        ("汤臣倍健(300146.SZ)公布", "汤臣倍健", None),
        ("阿里巴巴（中国）有限公司", "阿里巴巴", None),
        ("布法罗勇敢者队（现洛杉矶快船队）", "布法罗勇敢者队", None),
        ("科龙电器(000921,简称ST科龙)", "科龙电器", "科龙"),  # without the exchange's risk flag
    ],
)
def test_find_declarations(text, full, short):
    assert find_declarations(text, len(full), full) == short


def test_a_declared_short_name_wins_over_a_place_inside_it():
    doc = _short_names("湖北兴发化工集团(以下简称“湖北兴发”)发布公告，湖北兴发表示……",
                       [(0, 8, "ORG"), (14, 16, "GPE"), (25, 27, "GPE")])
    assert [(e.text, e.label_) for e in doc.ents] == [("湖北兴发化工集团", "ORG"), ("湖北兴发", "ORG"), ("湖北兴发", "ORG")]
