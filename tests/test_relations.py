"""The typed relation step: triggers, qualifiers, references, the component, the graph."""
import pytest
import spacy

from pipelines.extract import doc_records
from pipelines.records import Document, DocResult
from pipelines.references import References
from pipelines.relations import RELATIONS, SYMMETRIC
from pipelines.triggers import match, pair_template, qualifier
from pipelines.typed_relations import _OWNS_ANOTHER, TypedRelations, _says_rivalry, default_weights, fits
from graph.build import build_graph


def template(text, first, second):
    a, b = text.index(first), text.index(second)
    return pair_template(text, (a, a + len(first)), (b, b + len(second)))


@pytest.mark.parametrize(
    "text, first, second, label, forward",
    [
        ("拼多多创始人黄峥", "拼多多", "黄峥", "founded", False),
        ("黄峥担任拼多多CEO", "黄峥", "拼多多", "leads", True),
        ("拼多多董事长、联席CEO陈磊", "拼多多", "陈磊", "leads", False),
        ("腾讯已是育碧的第一大股东", "腾讯", "育碧", "invests_in", True),
        ("张楠曾任抖音集团CEO", "张楠", "抖音集团", "leads", True),
        ("星河汽车成立于1964年，总部位于合肥", "星河汽车", "合肥", "headquartered_in", True),
        ("星河汽车的主要股东为晨光控股", "星河汽车", "晨光控股", "invests_in", False),
        ("证监会主席吴清", "证监会", "吴清", "leads", False),
        ("星河零售CEO由张三担任", "星河零售", "张三", "leads", False),
        ("星河电子的李四会长", "星河电子", "李四", "leads", False),
        ("晨光资本创始及执行合伙人张三", "晨光资本", "张三", "founded", False),
        ("晨光资本此前已向星河智能投资数亿美元", "晨光资本", "星河智能", "invests_in", True),
        ("晨光资本成为星河智能最大的外部投资者", "晨光资本", "星河智能", "invests_in", True),
        ("星河母公司晨光控股", "星河", "晨光控股", "subsidiary_of", True),
        ("星河智能完成数亿元A轮融资，由晨光资本领投", "星河智能", "晨光资本", "invests_in", False),
        ("星河智能获得十亿元投资，由晨光资本领投", "星河智能", "晨光资本", "invests_in", False),
        ("星河智能获得新一轮融资，投资方为晨光资本", "星河智能", "晨光资本", "invests_in", False),
        ("滴滴出行和高德在网约车业务上存在竞争关系", "滴滴出行", "高德", "competes_with", True),
        ("美团副总裁王慧文", "美团", "王慧文", "works_for", False),
        ("拼多多推出了办公应用Knock", "拼多多", "Knock", "product_of", False),
        ("百度收购了91无线", "百度", "91无线", "acquires", True),
        ("饿了么被阿里巴巴收购", "饿了么", "阿里巴巴", "acquires", False),
        ("京东与沃尔玛达成战略合作", "京东", "沃尔玛", "partners_with", True),
        ("快手的竞争对手抖音", "快手", "抖音", "competes_with", True),
        ("小米总部位于北京", "小米", "北京", "headquartered_in", True),
        ("黄峥于2015年在上海创立拼多多", "黄峥", "拼多多", "founded", True),
        ("《星河之旅》由光年影业于2019年出品", "星河之旅", "光年影业", "product_of", True),
        ("《星河之旅》是光年影业在2019年拍摄的一部电影", "星河之旅", "光年影业", "product_of", True),
        ("拼多多在今年年底前推出了Knock", "拼多多", "Knock", "product_of", False),
    ],
)
def test_trigger_patterns(text, first, second, label, forward):
    trigger = match(template(text, first, second))
    assert trigger is not None and (trigger.label, trigger.forward) == (label, forward)


def test_a_founder_described_by_another_organisation():
    text = "星河机器人由前晨光“天才少年”张三联合创立"
    a, b, other = text.index("星河机器人"), text.index("张三"), text.index("晨光")
    masked = pair_template(text, (a, a + 5), (b, b + 2), [(other, other + 2, "ORG")])
    trigger = match(masked)
    assert trigger is not None and (trigger.label, trigger.forward) == ("founded", False)


def test_no_trigger_without_a_trigger_word():
    assert match(template("拼多多和黄峥出现在同一篇报道里", "拼多多", "黄峥")) is None


def test_other_entities_block_role_patterns():
    # 总裁 belongs to 启迪教育集团, not to 启迪控股 before it
    text = "启迪控股副总裁、启迪教育集团总裁刘全友"
    a, b, other = text.index("启迪控股"), text.index("刘全友"), text.index("启迪教育集团")
    masked = pair_template(text, (a, a + 4), (b, b + 3), [(other, other + 6, "ORG")])
    assert match(masked) is None


@pytest.mark.parametrize(
    "text, first, second, expected",
    [
        ("美团前CEO王兴", "美团", "王兴", "former"),
        ("美团前高级副总裁王慧文", "美团", "王慧文", "former"),
        ("晨光正在洽谈向星河追加投资", "晨光", "星河", "planned"),
        ("推出了会员计划，美团副总裁张川表示", "美团", "张川", None),  # 计划 of the clause before
        ("原宅急送总裁陈平创立了星晨急便", "宅急送", "陈平", "former"),
        ("宅急送总裁陈平", "宅急送", "陈平", None),
        ("雷军曾任金山软件董事长", "雷军", "金山软件", "former"),
        ("阿里巴巴拟收购饿了么", "阿里巴巴", "饿了么", "planned"),
        ("腾讯将收购这家公司的股份，华为", "腾讯", "华为", "planned"),
        ("华为否认收购荣耀", "华为", "荣耀", "negated"),
        ("黄峥曾在谷歌担任工程师", "黄峥", "谷歌", "former"),
        ("黄峥担任拼多多CEO", "黄峥", "拼多多", None),
        ("原来如此，腾讯与网易合作", "腾讯", "网易", None),
        ("京东零售首席执行官辛利军已卸任", "京东零售", "辛利军", "former"),  # left the post, said after the pair
        ("美团副总裁张川退休后创业", "美团", "张川", "former"),
        ("美团副总裁张川表示，李四已卸任", "美团", "张川", None),
    ],
)
def test_qualifiers(text, first, second, expected):
    assert qualifier(template(text, first, second)) == expected


def test_every_relation_has_types_and_symmetric_ones_are_in_the_vocabulary():
    assert SYMMETRIC - {"co_occurs"} <= set(RELATIONS)
    assert fits("leads", ("ORG", "PERSON"), False) and not fits("leads", ("ORG", "PERSON"), True)
    assert fits("partners_with", ("PRODUCT", "ORG"), True)


def nlp_with(ents_of):
    """A blank pipeline whose entities come from ``ents_of(text)``: [(name, label)]."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("entity_graph_sentences")

    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": label, "pattern": name} for name, label in ents_of])
    nlp.add_pipe("entity_graph_references_v1")
    nlp.add_pipe("entity_graph_relations_v1")
    nlp.add_pipe("entity_graph_cooccurrence")
    return nlp


ENTS = [("拼多多", "ORG"), ("黄峥", "PERSON"), ("Knock", "PRODUCT"), ("快团团", "PRODUCT"), ("张一鸣", "PERSON"),
        ("字节跳动", "ORG"), ("美团", "ORG"), ("王兴", "PERSON"), ("饿了么", "ORG")]


def typed(doc):
    return {(r.head.text, r.tail.text, r.label, r.qualifier) for r in doc._.relations if r.label != "co_occurs"}


def test_component_types_relations_with_direction():
    nlp = nlp_with(ENTS)
    doc = nlp("拼多多创始人黄峥近日谈到公司战略。拼多多推出了办公应用Knock。")
    found = typed(doc)
    assert ("黄峥", "拼多多", "founded", None) in found
    assert ("Knock", "拼多多", "product_of", None) in found
    # the co-occurrence of the same pair is kept beside the typed relation
    assert any(r.label == "co_occurs" for r in doc._.relations)


def test_component_keeps_qualifier_and_states_nothing_unstated():
    nlp = nlp_with(ENTS)
    assert ("王兴", "美团", "leads", "former") in typed(nlp("美团前CEO王兴出席了活动。"))
    assert typed(nlp("王兴和拼多多的黄峥都出现在了名单上。")) == set()


def test_reference_links_to_the_nearest_organisation_before_it():
    nlp = nlp_with(ENTS)
    doc = nlp("字节跳动发布了年度报告。该公司创始人张一鸣表示将继续投入研发。")
    refs = [(r.text, a.text) for r, a in doc._.references]
    assert refs == [("该公司", "字节跳动")]
    rels = [r for r in doc._.relations if r.label == "founded"]
    assert [(r.head.text, r.tail.text) for r in rels] == [("张一鸣", "字节跳动")]
    # the evidence is the sentence that says it, not the antecedent's
    mentions, relations = doc_records(doc, "d")
    founded = [r for r in relations if r.relation == "founded"][0]
    assert founded.sentence == "该公司创始人张一鸣表示将继续投入研发。"
    assert doc.text[founded.start:founded.end] == founded.sentence


def test_relations_and_references_survive_serialization():
    # spaCy writes doc.user_data with msgpack (Doc.to_bytes, DocBin, nlp.pipe(n_process=...)): no Span in it
    from spacy.tokens import Doc, DocBin

    nlp = nlp_with(ENTS)
    doc = nlp("字节跳动发布了年度报告。该公司创始人张一鸣表示将继续投入研发。")

    def seen(d):
        rels = [(r.head.text, r.head.label_, r.tail.text, r.label, r.score, r.qualifier, r.sentence and r.sentence.text)
                for r in d._.relations]
        return rels, [(r.text, r.label_, a.text) for r, a in d._.references]

    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert seen(again) == seen(doc) and seen(doc)[0]
    binned = DocBin(store_user_data=True, docs=[doc])
    (loaded,) = DocBin().from_bytes(binned.to_bytes()).get_docs(nlp.vocab)
    assert seen(loaded) == seen(doc)
    assert spacy.blank("zh")("没有实体")._.relations is None


def test_a_reference_opening_a_sentence_is_the_subject_of_the_one_before():
    nlp = nlp_with(ENTS)
    doc = nlp("安徽的车企美团近日与字节跳动签署合作协议。该公司创始人王兴表示，合作很顺利。")
    assert [(r.text, a.text) for r, a in doc._.references] == [("该公司", "美团")]
    # inside a sentence, the nearest organisation before it
    doc = nlp("美团与字节跳动签署合作协议，该公司创始人张一鸣表示合作很顺利。")
    assert [(r.text, a.text) for r, a in doc._.references] == [("该公司", "字节跳动")]


def test_references_skip_other_words_and_need_an_antecedent():
    nlp = nlp_with(ENTS)
    assert nlp("他们和其他人都来了。黄峥没有来。")._.references == []
    doc = nlp("黄峥很少接受采访。他表示拼多多会坚持农业。")
    assert [(r.text, a.text) for r, a in doc._.references] == [("他", "黄峥")]


def test_reference_skips_an_unnamed_company_and_qi_means_the_topic():
    nlp = nlp_with(ENTS + [("腾讯", "ORG"), ("李明", "PERSON"), ("蚂蚁集团", "ORG"), ("阿里巴巴", "ORG"),
                           ("井贤栋", "PERSON")])
    doc = nlp("腾讯宣布投资了一家游戏公司。该公司创始人李明表示将扩大团队。")
    assert doc._.references == [] and typed(doc) == set()
    doc = nlp("蚂蚁集团是阿里巴巴的关联公司，其董事长井贤栋谈到了金融科技。")
    assert [(r.text, a.text) for r, a in doc._.references] == [("其", "蚂蚁集团")]
    assert typed(doc) == {("井贤栋", "蚂蚁集团", "leads", None)}
    assert sum(r.label == "leads" for r in doc._.relations) == 1


def test_modes_and_thresholds():
    text = "拼多多创始人黄峥近日谈到公司战略。"
    patterns = TypedRelations(mode="patterns")
    nlp = nlp_with(ENTS)
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "entity_graph_relations_v1":
            doc = proc(doc)
    doc._.relations = []
    assert ("黄峥", "拼多多", "founded", None) in typed(patterns(doc))
    doc._.relations = []
    strict = TypedRelations(mode="combined", threshold=1.01)
    assert typed(strict(doc)) == set()
    with pytest.raises(ValueError, match="mode"):
        TypedRelations(mode="rules")
    assert default_weights().exists()


def test_graph_keeps_typed_and_cooccurrence_edges_and_qualified_apart():
    nlp = nlp_with(ENTS)
    results = []
    for i, text in enumerate(["美团CEO王兴表示将继续投入。", "美团前CEO王兴？不，王兴仍是美团CEO。", "美团CEO王兴出席。"]):
        doc = nlp(text)
        mentions, relations = doc_records(doc, f"d{i}")
        results.append(DocResult(Document(f"d{i}", text), mentions, relations))
    G = build_graph(results)
    keys = {k for _, _, k in G.edges(keys=True)}
    assert {"leads", "co_occurs"} <= keys
    edge = G.get_edge_data("PERSON:王兴", "ORG:美团")
    assert edge["leads"]["directed"] is True and edge["leads"]["weight"] >= 2
    assert all(ev["sentence"] for ev in edge["leads"]["evidence"])


def test_every_founder_of_a_list_with_descriptions():
    nlp = nlp_with([("星河科技", "ORG"), ("张伟", "PERSON"), ("李强", "PERSON"), ("王芳", "PERSON")])
    doc = nlp("星河科技是由张伟和他的大学同学李强以及王芳三人一起创办的。")
    assert typed(doc) == {(name, "星河科技", "founded", None) for name in ("张伟", "李强", "王芳")}
    doc = nlp("星河科技由知名工程师张伟先生于2016年创立。")
    assert typed(doc) == {("张伟", "星河科技", "founded", None)}


def test_product_lists_do_not_take_the_next_maker_for_a_product():
    nlp = nlp_with([("字节跳动", "ORG"), ("腾讯", "ORG"), ("飞书", "PRODUCT"), ("企业微信", "PRODUCT"), ("钉钉", "PRODUCT")])
    found = typed(nlp("钉钉的对手是字节跳动推出的飞书和腾讯推出的企业微信。"))
    assert ("飞书", "字节跳动", "product_of", None) in found and ("企业微信", "腾讯", "product_of", None) in found
    assert not any(h == "腾讯" and label == "product_of" for h, _, label, _ in found)
    found = typed(nlp("字节跳动推出了飞书和企业微信。"))
    assert ("企业微信", "字节跳动", "product_of", None) in found


def test_a_platform_has_founders_and_leaders_by_trigger_only():
    nlp = nlp_with([("云签", "PRODUCT"), ("周立", "PERSON"), ("孙航", "PERSON"), ("星河科技", "ORG")])
    found = typed(nlp("云签由孙航于2016年创立，目前是星河科技的重要办公产品。云签总裁周立表示，用户还在增长。"))
    assert {("孙航", "云签", "founded", None), ("周立", "云签", "leads", None),
            ("云签", "星河科技", "product_of", None)} <= found
    # no trigger: the classifier does not give a platform a founder or a leader
    assert not any(label in ("founded", "leads", "works_for") for *_, label, _ in typed(nlp("周立在云签发了一条动态。")))
    assert fits("founded", ("PERSON", "PRODUCT"), True, triggered=True)
    assert not fits("founded", ("PERSON", "PRODUCT"), True)


def test_products_named_with_their_maker_and_lists_of_competitors():
    nlp = nlp_with([("星河科技", "ORG"), ("云签", "PRODUCT"), ("晨光", "ORG"), ("快签", "PRODUCT"), ("蓝海", "ORG"),
                    ("浪花", "ORG")])
    found = typed(nlp("星河科技旗下跨境办公平台云签与晨光、蓝海之间的竞争将更激烈。"))
    assert ("云签", "星河科技", "product_of", None) in found
    pairs = {frozenset((h, t)) for h, t, label, _ in found if label == "competes_with"}
    assert pairs == {frozenset(p) for p in (("云签", "晨光"), ("云签", "蓝海"), ("晨光", "蓝海"))}
    found = typed(nlp("浪花与晨光旗下的快签在办公市场的竞争由来已久，星河科技的云签也在追赶。"))
    assert ("浪花", "快签", "competes_with", None) in found or ("快签", "浪花", "competes_with", None) in found
    assert ("快签", "晨光", "product_of", None) in found and ("云签", "星河科技", "product_of", None) in found
    assert ("云签", "星河科技", "product_of", None) in typed(nlp("云签是星河科技最重要的产品。"))
    found = typed(nlp("星河科技旗下的云签、快签和晨光都在增长。"))
    assert {("云签", "星河科技", "product_of", None), ("快签", "星河科技", "product_of", None)} <= found
    found = typed(nlp("浪花面临来自晨光和蓝海的激烈竞争。"))
    assert {frozenset((h, t)) for h, t, label, _ in found if label == "competes_with"} == {
        frozenset(("浪花", "晨光")), frozenset(("浪花", "蓝海"))}


def test_a_product_named_with_its_makers_brand_is_the_makers():
    nlp = nlp_with([("星河集团", "ORG"), ("星河X9", "PRODUCT"), ("晨光", "ORG"), ("星河", "ORG"), ("云签", "PRODUCT")])
    found = typed(nlp("星河集团今天开了发布会。晨光的员工说，星河X9卖得很好。云签也在涨。"))
    assert ("星河X9", "星河集团", "product_of", None) in found
    assert not any(h == "云签" for h, *_ in found)
    assert not any(h == "星河X9" for h, *_ in typed(nlp("星河集团的新节目《星河X9》开播了。")))
    # a product is not its maker's when its name is only the brand
    assert typed(nlp("星河在发布会上说，星河卖得很好。")) == set()
    doc = nlp("星河集团今天开了发布会。星河X9卖得很好。")
    doc._.relations = None
    assert typed(TypedRelations(mode="patterns", threshold=0.85)(doc)) == set()  # above the name's score


def test_no_ownership_by_the_classifier_where_another_entity_is_owned():
    text = "星河旗下的晨光电池开始向蓝海供货。"
    other = (text.index("晨光电池"), text.index("晨光电池") + 4, "ORG")
    assert _OWNS_ANOTHER.search(pair_template(text, (0, 2), (text.index("蓝海"), text.index("蓝海") + 2), [other]))
    assert not _OWNS_ANOTHER.search(pair_template(text, (0, 2), other[:2]))


def test_no_partnership_where_the_clause_speaks_of_rivalry():
    template = pair_template("浪花与晨光旗下的快签在办公市场的竞争由来已久，双方都在投入。", (0, 2), (3, 5))
    assert _says_rivalry(template)
    assert not _says_rivalry(pair_template("浪花与晨光合作，竞争对手也在投入。", (0, 2), (3, 5)))  # another clause


def test_lists_of_makers_and_of_partners_say_no_pairs_among_them():
    nlp = nlp_with([("星河", "ORG"), ("晨光", "ORG"), ("蓝海", "ORG"), ("远舟", "ORG"), ("浪花", "ORG"),
                    ("云甲", "PRODUCT"), ("云乙", "PRODUCT"), ("云丙", "PRODUCT")])
    found = typed(nlp("星河已与晨光、蓝海、远舟和浪花合作推出云甲、云乙和云丙三个品牌。"))
    assert not any(label == "product_of" for _, _, label, _ in found)  # whose product is whose is not said
    members = {"晨光", "蓝海", "远舟", "浪花"}
    assert not any(label == "partners_with" and {h, t} <= members for h, t, label, _ in found)
    # two makers without a list of three stay each other's partner and the product's maker
    assert ("云甲", "浪花", "product_of", None) in typed(nlp("星河与浪花联合打造的云甲上市了。"))
