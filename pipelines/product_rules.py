"""Products in a document: quoted names, names after the kind of product they are, models, versions, editions and
codes after a name, services after a company's name, drugs, game titles, and the products listed with one
(``DocEntities`` runs them in its order)."""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.tokens import Doc, Span

from .doc_rules import (HAN, HEAD_FREQ, ByStart, CAPITAL, FULL_NAME_END, LEGAL_TAIL, MISREAD_HEAD, clause_start,
                        common_noun, first_occurrences, legal_head, listed_before, relabelled, stands_alone,
                        unclaimed, word_freq, doc_text, span_text)
from .drugs import drug_spans
from .features import cut as cut_words, jieba_dictionary, jieba_words
from .kind_names import KIND_START, LATIN_OR_DIGIT, kind_names, series_names
from .model_codes import etf_names, fund_companies, fund_names, hyphen_codes
from .names import COMMON_SURNAMES, GENERIC_ACRONYMS
from .versions import (CODE, EDITIONS, HAS_DIGIT, HYPHENED_WORDS, KIND_AFTER, KIND_BEFORE, MODEL_CODE, NOT_A_MODEL,
                       named_models, with_versions)


def _may_have_versions(doc: Doc, ents: list[Span]) -> bool:
    """Whether a model, version or service may follow one of these companies or products (Latin text, a digit,
    a space or a hyphen, or a service's name right after it)."""
    text = doc_text(doc)
    return any(e.label_ in ("ORG", "PRODUCT") and e.end_char < len(text) and (
        text[e.end_char] in " -" or text[e.end_char].isascii() and text[e.end_char].isalnum()
        or _SERVICE[e.label_].match(text, e.end_char)) for e in ents)


_TITLE = re.compile(r"《([^《》\n]{1,30})》")


def _titles(doc: Doc, ents: list[Span]) -> list[Span]:
    """A title in 《》 that no entity touches is a WORK_OF_ART (a book, a film); a work in 《》 is a PRODUCT
    where words of games and none of films or books are near it (开发的国风解谜游戏《纸上长安》: CLUENER's
    game). Other labels the model gave are kept."""
    ents = unclaimed(doc, ents, _TITLE, "WORK_OF_ART", "《")
    text = doc_text(doc)
    ents = [doc.char_span(e.start_char, e.end_char, label="PRODUCT") or e if _game_title(text, e) else e for e in ents]
    ents = _game_titles_over_parts(doc, text, ents)
    games = {span_text(e) for e in ents if e.label_ == "PRODUCT" and text[e.start_char - 1:e.start_char] == "《"}
    # a game named once near words of games is one wherever its title recurs (《千灯录》将率先于下月开启预约)
    return [Span(doc, e.start, e.end, label="PRODUCT") if e.label_ == "WORK_OF_ART" and span_text(e) in games
            and text[e.start_char - 1:e.start_char] == "《" else e for e in ents]


def _game_titles_over_parts(doc: Doc, text: str, ents: list[Span]) -> list[Span]:
    """A game's title in 《》 where the tagger found only parts of it (山海 of 国风动作游戏《山海拾遗》): the title."""
    if "《" not in text:
        return ents
    added, dropped = [], set()
    for m in _TITLE.finditer(text):
        start, end = m.span(1)
        touching = [e for e in ents if e.start_char < end and start < e.end_char]
        if not touching or any(e.id_ or e.start_char < start or e.end_char > end or (e.start_char, e.end_char) == (start, end)
                               for e in touching):
            continue
        span = doc.char_span(start, end, label="WORK_OF_ART")
        if span is not None and _game_title(text, span):
            added.append(Span(doc, span.start, span.end, label="PRODUCT"))
            dropped.update(id(e) for e in touching)
    if not added:
        return ents
    return [e for e in ents if id(e) not in dropped] + added


_GAME_WORDS = re.compile(r"游戏|手游|网游|玩家|公测|内测|发售|开发商|Steam|PS[345]|Xbox|XBOX|Switch|电竞|资料片|DLC|副本|服务器|主机")
_WORK_WORDS = re.compile(r"电影|影片|小说|书|杂志|票房|导演|主演|剧|作者|出版|动画|漫画|歌|专辑|节目|电视")
_TITLE_CONTEXT = 10  # characters either side of a title that say what it is the title of


def _game_title(text: str, title: Span) -> bool:
    if title.label_ != "WORK_OF_ART" or text[title.start_char - 1:title.start_char] != "《":
        return False
    near = text[max(0, title.start_char - 1 - _TITLE_CONTEXT):title.start_char] + "|" + text[title.end_char:title.end_char + 1 + _TITLE_CONTEXT]
    return bool(_GAME_WORDS.search(near)) and not _WORK_WORDS.search(near)


# what a quoted name is the name of, when that is a company (名为“星火教育”的在线教育公司)
_NAMED_COMPANY = re.compile(r"[”\"」』]的?[^，。；,;“”\"「」『』]{0,8}?(?:公司|企业|集团|机构|工作室)")
# a name in quotes right after what it names (AI助手“支小宝”) or after 名为/叫做 (名为“即梦”的应用)
# a name in quotes, not a manner or a quality (平台“内卷式”竞争)
_NOT_A_PROGRAMME = r"(?!模式|计划|战略|活动|理念|概念|项目|工程|行动|政策|机制)"  # 平台“买手电商”模式: a way of working
_QUOTED_NAME = r"[“\"「『]([^“”\"「」『』\s，。][^“”\"「」『』\n，。]{0,10}[^“”\"「」『』\s，。式化性])[”\"」』]"
_QUOTED_PRODUCT = re.compile(
    r"(?:助手|应用|App|APP|app|软件|产品|大模型|模型|智能体|平台|游戏|手游|系统|芯片|手机|车型|品牌|眼镜|耳机|手表|机器人|工具"
    r"|小程序|新品|单品|饮品|功能|会员体系|会员计划|(?:零售|配送|出行|打车|拼车|外卖|会员|订阅|支付|物流|跑腿|本地生活|云)服务)"
    + _QUOTED_NAME + _NOT_A_PROGRAMME
)
# a name in quotes after the kind of goods it is (招牌产品“青提冰萃”, 钠离子电池“麒麟Na”, 新药“澜替尼”): a product over
# the tagger's organisation too, as no company is called so
_QUOTED_GOODS = re.compile(r"(?:产品|新品|单品|饮品|爆款|电池|芯片|处理器|手机|眼镜|耳机|手表|车型|药|疫苗|抑制剂|激动剂"
                           r"|大模型|模型|助手|智能体)" + _QUOTED_NAME + _NOT_A_PROGRAMME)
# a name in quotes that is a Chinese name and a model or version with Latin letters or after a hyphen (“光年OS 3”,
# “墨言-3”, “灵握 D5”; not “双11” or “十四五”): a product wherever it stands
_QUOTED_MODEL = re.compile(r"[“\"「『]([\u4e00-\u9fff]{2,6}(?:[A-Za-z]+ ?[0-9][0-9.]*|[A-Za-z]*[- ][A-Z]?[0-9][0-9.]*[A-Za-z]?)"
                           r"(?: " + EDITIONS + r")?)[”\"」』]")
# a name in quotes before the kind of app it is (“安和保”App, “饭点排队”小程序)
_QUOTED_APP = re.compile(r"[“\"「『]([^“”\"「」『』\s，。][^“”\"「」『』\n，。]{0,8}[^“”\"「」『』\s，。])[”\"」』](?:App|APP|app|应用|小程序|客户端|系列(?!活动|讲座|报道|政策|措施|会议|丛书|节目|论坛|文章|评论))")
# a name in quotes after 名为 (一款名为“即梦”的应用): a product only where no entity touches it (it may name a
# person, 取名“文蔚”, or a place, 定名为“劳拉-克劳馥路”)
# and one without quotes after 名为, with 的 and the kind of product after it (名为小满的AI辅导助手)
_NAMED_UNQUOTED = re.compile(r"(?:名为|名叫|叫做)([\u4e00-\u9fff]{2,4})的[\u4e00-\u9fffA-Za-z]{0,6}?"
                             r"(?:助手|应用|App|APP|产品|平台|系统|模型|智能体|机器人|工具|小程序|游戏)")
_NAMED_PRODUCT = re.compile(r"(?:名为|名叫|叫做|取名|命名为)" + _QUOTED_NAME)
# a name in quotes that a launch names, where no programme's word follows it (推出AI录音卡片“随记Note 2”; not
# 推出“百亿补贴”计划 nor 推出了“买五送二”的对策)
_LAUNCHED_QUOTE = re.compile(
    r"(?:推出|发布(?!会)|上线|上架|开售|发售|带来|亮相|首发)了?([^，。；！？“”\"「」『』、,.;!?:：]{0,12})[“\"「『]([^“”\"「」『』\s，。的与和及或是在][^“”\"「」『』\n，。的与和及或是在]{0,8}"
    r"[^“”\"「」『』\s，。式化性的与和及或是在])[”\"」』](?!计划|活动|战略|行动|项目|工程|理念|模式|概念|口号|政策|倡议|专项|主题|方案|补贴|大促|节|赛|奖|榜"
    r"|号召|机制|对策|措施|举措|的|第)")
_PROGRAMME_END = re.compile(r"(?:计划|活动|战略|行动|项目|工程|机制|模式|政策|方案|革命|运动|路|街|桥|村|镇|县|省|区|湖|河|港|岛|站)$")
_INSTITUTION_END = re.compile(r"(?:学|院|校|公司|集团|银行|中心|局|厅|部|会|所|台|社|馆)$")
_NOUN_TAGS = ("n", "eng", "q", "m", "vn", "nz", "uj")
_NO_NAME_START_TAGS = {"d", "p", "c", "r", "u", "ul", "uj", "uz", "ud", "ug", "uv"}


def _launched_quotes(text: str):
    """The quoted names that a launch names: the words between the verb and the quotes, if any, end with
    a noun, a measure word or 的 (推出第二代AI录音卡片“随记Note 2”; not 发布公告回应“北京九叔”), and the name
    starts with no adverb or function word (对……的成绩“非常兴奋”)."""
    jieba = None
    for m in _LAUNCHED_QUOTE.finditer(text):
        gap, name = m.group(1), m.group(2)
        if _PROGRAMME_END.search(name):
            continue
        jieba = jieba or jieba_dictionary()
        if gap and not (jieba.tag(cut_words(gap, jieba)[-1]) or "n").startswith(_NOUN_TAGS):
            continue
        if jieba.tag(cut_words(name, jieba)[0]) in _NO_NAME_START_TAGS:
            continue
        yield m.span(2)


def _not_listed(e: Span, start: int, end: int) -> bool:
    return not e.id_


def _part_or_person(e: Span, start: int, end: int) -> bool:
    """What gives way to a quoted product: any entity inside the quotes (钉钉 of 新一代AI工作台“钉钉ONE”), and the
    tagger's person that fills them (AI助手“云小宝”)."""
    if (e.start_char, e.end_char) == (start, end):
        return e.label_ == "PERSON" and not e.id_
    return _part(e, start, end)


_WORD_NOT_NAME_TAGS = {"v", "vn", "vd", "a", "ad", "an", "d", "i", "l"}


def _quoted_goods(text: str):
    """The names in quotes after the kind of goods they are, not a verb or a set phrase in quotes for emphasis
    (创新药“出海”)."""
    jieba = None
    for m in _QUOTED_GOODS.finditer(text):
        jieba = jieba or jieba_dictionary()
        if jieba.tag(m.group(1)) not in _WORD_NOT_NAME_TAGS:
            yield m.span(1)


def _part_or_read(e: Span, start: int, end: int) -> bool:
    """What gives way to quoted goods: what gives way to a quoted product, and the tagger's organisation that fills
    the quotes (招牌产品“青提冰萃”)."""
    if (e.start_char, e.end_char) == (start, end):
        return e.label_ in ("PERSON", "ORG") and not e.id_
    return _part(e, start, end)


def _part(e: Span, start: int, end: int) -> bool:
    """Whether an entity is a part of the name in quotes at ``start:end`` (洛川 of 名为“洛川红”的礼盒)."""
    if (e.start_char, e.end_char) == (start, end):
        return False
    quoted = doc_text(e.doc)[start:end]  # not a phrase (“美国的关心”), a road or an institution (“甘肃省会宁县第一中学”)
    return "的" not in quoted and not _PROGRAMME_END.search(quoted) and not _INSTITUTION_END.search(quoted)


def _quoted_products(doc: Doc, ents: list[Span]) -> list[Span]:
    """A name in quotes after the kind of product it is or after 名为 (新的AI助手“支小宝”, 一款名为“即梦”的
    应用) that no entity touches is a PRODUCT, or an ORG where what it is named is a company (一家名为“星火
    教育”的在线教育公司); so is one the tagger read as a person's (AI助手“云小宝”), wherever it recurs.
    Quotes after a noun (推出了“百亿减免”计划) are left alone."""
    out = unclaimed(doc, ents, (_QUOTED_PRODUCT, _launched_quotes, _QUOTED_MODEL, _QUOTED_APP), "PRODUCT", "“\"「『",
                     gives_way=_part_or_person)
    out = unclaimed(doc, out, _quoted_goods, "PRODUCT", "“\"「『", gives_way=_part_or_read)
    out = unclaimed(doc, out, _NAMED_PRODUCT, "PRODUCT", "“\"「『", gives_way=_part)
    out = unclaimed(doc, out, _NAMED_UNQUOTED, "PRODUCT", "名叫", gives_way=_part_or_person)
    if out is ents:
        return out
    text, old = doc_text(doc), {id(e) for e in ents}
    out = [doc.char_span(e.start_char, e.end_char, label="ORG") or e
           if id(e) not in old and _NAMED_COMPANY.match(text, e.end_char) else e for e in out]
    new = [e for e in out if id(e) not in old and e.label_ == "PRODUCT"]
    listed = _quoted_after(text, new)
    if listed:  # the quoted names listed with one (新口味“火山岩烤”和“藤椒青柠”)
        out = unclaimed(doc, out, listed, "PRODUCT", "“\"「『", gives_way=_part_or_person)
    bases = {m.group(1) for e in new for m in [_VERSIONED.fullmatch(span_text(e))] if m}
    if bases:  # the name without its version, said alone later (“京小智5.0” ... 使用京小智)
        out = [Span(doc, e.start, e.end, label="PRODUCT") if e.label_ == "PERSON" and not e.id_
               and span_text(e) in bases else e for e in out]
    return out


_VERSIONED = re.compile(r"([\u4e00-\u9fff]{2,})\s?[0-9]+(?:\.[0-9]+)?")
_NEXT_QUOTE = re.compile(r"[”\"」』](?:、|和|与|及|以及|或)?[“\"「『]([^“”\"「」『』\s，。的与和及或是在][^“”\"「」『』\n，。的与和及或是在]{0,8}"
                         r"[^“”\"「」『』\s，。式化性的与和及或是在])(?=[”\"」』])")


def _quoted_after(text: str, products: list[Span]):
    """A function of the text that yields the quoted names listed right after the quoted ``products``,
    each after the one before: “A”“B”和“C”."""
    ends = [p.end_char for p in products]

    def find(_text: str):
        todo = list(ends)
        while todo:
            m = _NEXT_QUOTE.match(text, todo.pop())
            if m:
                yield m.span(1)
                todo.append(m.end(1))
    return find if ends else None


# names listed before the kind of product they are: 运满满和货车帮两款App, 海鸥等入门车型
_PRODUCT_LIST_END = re.compile(r"(?:[两三四五几多]款|等)[\u4e00-\u9fff]{0,4}?(?:App|APP|应用|产品|游戏|手游|车型|手机|机型|芯片"
                               r"|大模型|模型|软件|小程序)(?!厂|商|企业|公司|品牌|行业|市场|业务|领域|用户|开发|团队|部门)")


def _listed_products(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names listed right before the kind of product they are, with a measure word or 等 (旗下的运满满和货车帮
    两款App, 海鸥等入门车型) that no entity touches are PRODUCTs, and so are those the tagger read as people
    (星屿和云帆两款产品). A name runs back from the list's end over
    jieba's words to a function word, punctuation, a verb that introduces a list (推出, 包括) or a join
    (和, 与, 、); two to eight characters. Needs the features' tags."""
    text = doc_text(doc)
    if "款" not in text and "等" not in text:
        return ents
    added, relabel = [], set()
    products = {(e.start_char, e.end_char) for e in ents if e.label_ == "PRODUCT"}
    for m in _PRODUCT_LIST_END.finditer(text):
        names = listed_before(doc, text, m.start(), common_ok=True)
        if names and any(common_noun(text[a:b]) for a, b in names) and not products.intersection(names):
            names = None  # common nouns are names only in a list with a product the tagger found (海鸥、海豹和秦PLUS等车型)
        if not names or len(names) < 2 and text[m.start()] != "等":
            continue  # 两款 after one name: not a list
        for start, end in names:
            same = [e for e in ents if (e.start_char, e.end_char) == (start, end) and e.label_ == "PERSON" and not e.id_]
            if same:  # no person comes in 两款 (星屿和云帆两款产品)
                relabel.update(id(e) for e in same)
                continue
            if not 2 <= end - start <= 8 or any(e.start_char < end and start < e.end_char for e in ents + added) \
                    or jieba_dictionary().tag(text[start:end]) in ("v", "vn"):
                continue  # a verb that joins the list to what comes before (已完成与DeepSeek-V3、Kimi等多个大模型)
            span = doc.char_span(start, end, label="PRODUCT")
            if span is not None:
                added.append(span)
    return relabelled(doc, ents, relabel, "PRODUCT") + added


_JOIN = re.compile(r"[、和与及]")
SIBLING_MAX_FREQ = 500  # a product's sibling in a list is no common word of jieba's (not 用户 of 支付宝与用户)


def _product_siblings(doc: Doc, ents: list[Span]) -> list[Span]:
    """A name joined to a product in a list, right after it (乐道L90与萤火虫的订单), that no entity holds is a
    product too: one jieba word of two to six characters, no common word, or a model code (G1和H1)."""
    text = doc_text(doc)
    jieba, added = None, []
    taken = sorted((e.start_char, e.end_char) for e in ents)
    for e in ents:
        if e.label_ != "PRODUCT" or e.end_char >= len(text) - 2 or not _JOIN.match(text, e.end_char):
            continue
        start = e.end_char + 1
        code = CODE.match(text, start)
        if code:
            end = code.end()
        else:
            jieba = jieba or jieba_dictionary()
            word = cut_words(text[start:start + 8], jieba)[0]
            end = start + len(word)
            if not (2 <= len(word) <= 6 and HAN.match(word)) or (word_freq(word) or 0) >= SIBLING_MAX_FREQ or \
                    jieba.tag(word) in _NOT_MODEL_NAMES or KIND_START.match(text, end) or jieba.tag(word) == "v":
                continue  # a word that describes the kind after it (人形机器人G1), or a verb (完成与DeepSeek)
        end = with_versions(text, [(start, end, "PRODUCT")])[0][1]  # and its version (文心4.5)
        i = bisect_left(taken, (end, -1))
        if (i and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end):
            continue
        span = doc.char_span(start, end, label="PRODUCT")
        if span is not None:
            added.append(span)
    return sorted(ents + added, key=lambda x: x.start_char) if added else ents


# a product's Latin model after its maker's Chinese name (X9 of 极川X9, Nova 7 of 星海Nova 7 Ultra), its editions apart
_MODEL_TAIL = re.compile(r"(?<=[\u4e00-\u9fff])[A-Za-z][A-Za-z0-9+]*(?: [0-9A-Za-z][0-9A-Za-z.+]*){0,2}$")
_EDITIONS_AFTER = re.compile(r"(?: " + EDITIONS + r")+$")
_EDITIONS_NEXT = re.compile(r"(?: " + EDITIONS + r")*(?![A-Za-z0-9])")
# a product's Chinese name and the number, version or edition after it (飞电6 Ultra, 听澜2.0, 鲜肉森林Pro)
_STEM = re.compile(r"([\u4e00-\u9fff]{2,6})\s?(?:[0-9]+(?:\.[0-9]+)?[A-Za-z]?(?: " + EDITIONS + r")*|" + EDITIONS + r")")


def _product_stems(doc: Doc, ents: list[Span]) -> list[Span]:
    """The Chinese name of a product named with its number or edition (飞电 of 飞电6 Ultra, 鲜肉森林 of 鲜肉森林Pro) names
    the product's line where it stands alone or before 系列 (飞电系列) and no entity touches it: a PRODUCT. Not a
    company's name (小米 of 小米17), nor a common word."""
    stems = set()
    for e in ents:
        m = _STEM.fullmatch(span_text(e)) if e.label_ == "PRODUCT" else None
        if m and word_freq(m.group(1)) < HEAD_FREQ:
            stems.add(m.group(1))
    if not stems:
        return ents
    stems -= {span_text(e) for e in ents if e.label_ != "PRODUCT"}
    text = doc_text(doc)
    taken = ByStart(ents)
    added = []
    for start, end, _ in first_occurrences(text, stems):
        if taken.overlapping(start, end) or start and HAN.match(text[start - 1]) and not clause_start(text, start):
            continue
        span = doc.char_span(start, end, label="PRODUCT")
        if span is not None and (text.startswith("系列", end) or stands_alone(doc, span)):
            added.append(span)
    return sorted(ents + added, key=lambda e: e.start_char) if added else ents


_HYPHENED_NAME = re.compile(r"([\u4e00-\u9fff]{2,6})(" + HYPHENED_WORDS.pattern + ")")


def _hyphened_siblings(doc: Doc, ents: list[Span]) -> list[Span]:
    """The name of a product with a version joined by a hyphen (墨言-3) names its other versions (墨言-3-Mini, 墨言-2.5):
    PRODUCTs, over a product inside them."""
    stems = {m.group(1) for e in ents if e.label_ == "PRODUCT" for m in [_HYPHENED_NAME.fullmatch(span_text(e))] if m}
    if not stems:
        return ents
    text = doc_text(doc)
    pattern = re.compile("(?:" + "|".join(map(re.escape, sorted(stems, key=len, reverse=True))) + ")" + HYPHENED_WORDS.pattern)
    taken = ByStart(ents)
    added, dropped = [], set()
    for m in pattern.finditer(text):
        inside = taken.overlapping(*m.span())
        if any(o.label_ != "PRODUCT" or o.start_char < m.start() or o.end_char > m.end() for o in inside) or any(
                (o.start_char, o.end_char) == m.span() for o in inside):
            continue
        span = doc.char_span(*m.span(), label="PRODUCT")
        if span is not None:
            added.append(span)
            dropped.update(id(o) for o in inside)
    if not added:
        return ents
    return sorted([e for e in ents if id(e) not in dropped] + added, key=lambda e: e.start_char)


def _model_series(doc: Doc, ents: list[Span]) -> list[Span]:
    """A product named by its maker and a Latin model (极川X9, 星海Nova 7 Ultra) is also named by the model
    alone (X9是…) or with another edition (Nova 7 Pro), and so is the maker's other edition (星海Nova 7 Pro),
    wherever no other entity holds it: a PRODUCT."""
    text = doc_text(doc)
    series = {}
    for e in ents:
        if e.label_ != "PRODUCT":
            continue
        name = span_text(e)
        m = _MODEL_TAIL.search(name)
        if not m or m.start() < 2 or not HAN.match(name[m.start() - 2]):
            continue
        model = name[m.start():]
        edition = _EDITIONS_AFTER.search(model)
        model = model[:edition.start()] if edition else model
        if len(model) >= 2 and HAS_DIGIT.search(model) and re.search("[A-Za-z]", model) and not NOT_A_MODEL.match(model):
            series.setdefault(model, name[:m.start()])
    if not series:
        return ents
    taken = ByStart(ents)
    added, dropped = [], set()
    for start, end, model in first_occurrences(text, series):
        if start and text[start - 1].isascii() and text[start - 1].isalnum():
            continue
        end = _EDITIONS_NEXT.match(text, end).end() if _EDITIONS_NEXT.match(text, end) else -1
        if end < 0:
            continue  # Latin text runs on (X90)
        maker = series[model]
        if text.startswith(maker, start - len(maker)):
            start -= len(maker)
        inside = taken.overlapping(start, end)
        if any(not (start <= o.start_char and o.end_char <= end) or o.label_ == "PRODUCT" and
               (o.start_char, o.end_char) == (start, end) for o in inside):
            continue  # another entity runs over it, or the product is there
        if any(o.label_ not in MISREAD_HEAD and o.label_ != "ORG" and o.label_ != "PRODUCT" for o in inside):
            continue
        span = doc.char_span(start, end, label="PRODUCT")
        if span is not None and not any(a.start_char < end and start < a.end_char for a in added):
            added.append(span)
            dropped.update(id(o) for o in inside)
    if not added:
        return ents
    return sorted([e for e in ents if id(e) not in dropped] + added, key=lambda e: e.start_char)


_EDITION = re.compile(EDITIONS)


@lru_cache(maxsize=4096)
def _last_name_word(chars: str) -> str:
    """The jieba word that ``chars`` end with, where it may be a name: two characters or more, not a
    function word, a verb, a time or a number, nor a common word (搭载麒麟 -> 麒麟; 全年, 部分 -> "")."""
    jieba = jieba_dictionary()
    words = cut_words(chars, jieba)
    word = words[-1] if words else ""
    if len(word) < 2 or jieba.tag(word) in _NOT_MODEL_NAMES or (jieba.freq(word) or 0) > _MAX_MODEL_NAME_FREQ:
        return ""
    return word


_NOT_MODEL_NAMES = {"v", "vn", "d", "p", "c", "u", "r", "t", "m", "q", "f", "a", "ad"}
_NOT_IN_NAME_TAGS = {"d", "p", "c", "u", "uj", "ul", "r", "t", "m", "q", "f"}  # a character jieba reads alone (络 of 音络: v)
_FUNCTION_CHARS = set("是有在为将把被让给和与的了也都又还就才从向对到自以及或即乃系")
_MODEL_NOUNS = {"Token", "Tokens", "App", "APP", "API", "Agent", "Logo", "Demo", "Beta"}  # English words, no model
_MAX_MODEL_NAME_FREQ = 1_000  # 星火 374, 麒麟 128; 部分 27,619


def _subtitles(doc: Doc, ents: list[Span]) -> list[Span]:
    """A product, a colon and the name the tagger read right after it (a person or a product) are one product
    named with its subtitle (黑神话：钟馗, 崩坏：星穹铁道)."""
    text = doc_text(doc)
    out, skip = [], None
    for e, nxt in zip(ents, [*ents[1:], None]):
        if e is skip:
            continue
        if (e.label_ == "PRODUCT" and nxt is not None and nxt.label_ in ("PERSON", "PRODUCT")
                and nxt.start_char == e.end_char + 1 and text[e.end_char] in "：:"):
            span = doc.char_span(e.start_char, nxt.end_char, label="PRODUCT")
            if span is not None:
                out.append(span)
                skip = nxt
                continue
        out.append(e)
    return out


def _edition_name(doc: Doc, ents: list[Span], e: Span) -> Span | None:
    """An edition alone names nothing (Ultra), but takes in the name right before it that no entity holds
    (神行 of 神行PLUS)."""
    start = e.start_char
    word = _last_name_word(doc_text(doc)[max(0, start - 6):start]) if start and HAN.match(doc_text(doc)[start - 1]) else ""
    if not word or any(o.start_char < start and start - len(word) < o.end_char for o in ents):
        return None
    return doc.char_span(start - len(word), e.end_char, label="PRODUCT")


# a maker's name and its kind (驰衡汽车, 星河手机): the name alone before a model code is the maker's product
_MAKER = re.compile(r"([\u4e00-\u9fff]{2,4})(?:汽车|手机|科技|电子|机器人|智能)")


def _product_versions(doc: Doc, ents: list[Span]) -> list[Span]:
    """Products with the model and version written after them (iPhone 17, Mate 70 Pro), and a company's
    with its model code (蔚来ET9; ``pipelines.versions``): a new product, so the canonical name is not kept."""
    text = doc_text(doc)
    makers = []

    def last_word(chars: str) -> str:  # a maker the document names with its kind (驰衡 of 驰衡汽车, for 驰衡S7)
        if not makers:  # read once, where a name may have a model after it
            makers.append({m.group(1) for e in ents if e.label_ == "ORG" for m in [_MAKER.fullmatch(span_text(e))] if m}
                          | {head for e in ents if e.label_ == "ORG" for head in [_legal_maker(span_text(e))] if len(head) >= 2})
        return next((name for name in makers[0] if chars.endswith(name)), "") or _last_name_word(chars)

    found = [doc.char_span(s, e, label="PRODUCT") for s, e in
             named_models(text, [(e.start_char, e.end_char, e.label_) for e in ents], GENERIC_ACRONYMS, last_word)]
    ents = sorted(ents + [span for span in found if span is not None], key=lambda e: e.start_char)
    ents = [_edition_name(doc, ents, e) if _EDITION.fullmatch(span_text(e)) else e for e in ents]
    ents = [e for e in ents if e is not None]
    if not any(e.label_ in ("PRODUCT", "ORG") for e in ents):
        return ents
    spans = with_versions(text, [(e.start_char, e.end_char, e.label_) for e in ents])
    spans = [(_generation_start(text, start, ents), end, label) if label == "PRODUCT" else (start, end, label)
             for start, end, label in spans]
    out = []
    for e, (start, end, label) in zip(ents, spans):
        span = doc.char_span(start, end, label=label) if (start, end) != (e.start_char, e.end_char) else None
        if span is not None:
            for token in span:  # doc.ents keeps a token's id where the new span has none
                token.ent_id = 0
        out.append(span if span is not None else e)
    grown = [(e.start_char, e.end_char) for e, (start, end, _) in zip(ents, spans) if (start, end) != (e.start_char, e.end_char)]
    if grown:  # a model word the tagger read alone, now part of the product (Sonnet 4 of Claude Sonnet 4)
        out = [e for e in out if not any(a <= e.start_char and e.end_char <= b and (e.start_char, e.end_char) != (a, b)
                                         for a, b in ((s.start_char, s.end_char) for s in out if s.label_ == "PRODUCT"))]
    return out


def _legal_maker(name: str) -> str:
    """The name a company goes by, from its legal name (凌越 of 浙江凌越新能源汽车股份有限公司, for 凌越C11); "" for
    any other name."""
    tail = LEGAL_TAIL.search(name)
    return legal_head(name[:tail.start()]) if tail and tail.start() >= 2 else ""


_GENERATION = re.compile(r"第[一二三四五六七八九十0-9]{1,3}代$")


def _generation_start(text: str, start: int, ents: list[Span]) -> int:
    """Where a product starts with the generation written before it (第五代骁龙8至尊版), if no entity ends there."""
    m = _GENERATION.search(text, max(0, start - 5), start)
    if m and not any(m.start() < e.end_char <= start and e.start_char < start for e in ents):
        return m.start()
    return start


# what an app names its services with (微信小游戏, 抖音精选, 小红书市集), and a company too (华为商城, 百度地图)
_APP_SERVICE = r"商城|应用市场|应用商店|小游戏|小程序|公众平台|搜一搜|精选|市集|闪购|优选"
_NOT_THE_SERVICE = r"(?![\u4e00-\u9fff]?(?:业务|行业|市场|平台|公司|用户|商家|骑手|功能|服务))"
_SERVICE = {
    "PRODUCT": re.compile(rf"(?:{_APP_SERVICE}){_NOT_THE_SERVICE}"),
    "ORG": re.compile(rf"(?:{_APP_SERVICE}|钱包|地图|输入法|浏览器|网盘|云盘|文库|百科|贴吧|外卖|直播|打车|视频){_NOT_THE_SERVICE}"),
}
_LEAGUE = re.compile(r"[A-Z]{2,4}")  # an acronym organisation (NBA, CBA, FIFA): no app whose services it names


def _services(doc: Doc, ents: list[Span]) -> list[Span]:
    """A company or app with the name of a service right after it is that service, a PRODUCT (华为商城,
    微信小游戏, 抖音精选); not a company's full name (……有限公司支付), nor where the service word starts what
    the company does (外卖业务, 直播行业)."""
    text = doc_text(doc)
    starts = {e.start_char for e in ents}
    out = []
    for e in ents:
        m = _SERVICE[e.label_].match(text, e.end_char) if e.label_ in _SERVICE and len(e) >= 2 and not (
            e.label_ == "ORG" and _LEAGUE.fullmatch(span_text(e))) else None  # not NBA直播: a league's games
        if m and not any(e.end_char <= i < m.end() for i in starts) and not FULL_NAME_END.search(span_text(e)):
            span = doc.char_span(e.start_char, m.end(), label="PRODUCT")
            if span is not None:
                for token in span:  # a new product: not the company's gazetteer id
                    token.ent_id = 0
                e = span
        out.append(e)
    return out


_PRODUCT_KIND = re.compile(r"(?:大模型|模型|芯片)$")
# a model code or a model word with its number right after a name (凌光V2, 宇树R1, 青禾Fold 2, 衡准MES 5.0)
_MODEL_AFTER = re.compile(rf"(?:{MODEL_CODE}|(?:[A-Z][a-z]+|[A-Z]{{2,5}}) [0-9]+(?:\.[0-9]+)?)(?![A-Za-z0-9])")
_LATIN_AFTER = re.compile(r"[A-Z][A-Za-z0-9]*(?![A-Za-z0-9])")  # 澜视Air
# what a product is, right before its name (智能眼镜澜视Air, 旗舰手机星河X3)
_PRODUCT_KIND_BEFORE = re.compile(r"(?:眼镜|耳机|手表|手环|平板|笔记本|手机|机型|车型|轿车|SUV|MPV|机器人|无人机|芯片|处理器|大模型|模型"
                                  r"|智能体|App|APP|应用|软件|系统|游戏|手游|新药|药物)$")
# a drug's brand after its generic name (瑞格列肽（商品名：启糖安）)
_TRADE_NAME = re.compile(r"商品名(?:为|是|叫)?[：:]?[“\"「]?([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9·\-]{1,11}?)(?=[”\"」），。、；,;)]|$)")
# a model number and an edition right after a Chinese name (飞电6 Ultra, 赤兔8 Pro): a product's
_EDITION_MODEL = re.compile(r"(?<=[\u4e00-\u9fff])[0-9]{1,3}[A-Z]?\s?" + EDITIONS + r"(?![A-Za-z0-9])")
# a bare model code that a company's name and 的, or a launch, comes before (蔚来的ES8, 推出U8L鼎世版, 全新ES8)
_BARE_CODE = re.compile(r"(?<![A-Za-z0-9\-.])[A-Z]{1,3}[0-9]{1,4}[A-Z]{0,2}(?![A-Za-z0-9\-.%])")
_CODE_BEFORE = re.compile(r"(?:推出|发布|上市|交付|全新|搭载)$")
_CODE_NOT_AFTER = re.compile(r"[0-9A-Za-z]|排放|浓度|标准|指数|峰会|会议|阶段|级|类|型号|版本")


def _edition_models(doc: Doc, ents: list[Span]) -> list[Span]:
    """Products named by a model number and an edition after a Chinese name (跑鞋飞电6 Ultra), and bare model
    codes after a company's name and 的 or a word of launch (蔚来的ES8, 推出U8L鼎世版), that no entity touches."""
    text = doc_text(doc)
    if not CAPITAL.search(text):
        return ents
    taken = ByStart(ents)
    maker_ends = {e.end_char for e in ents if e.label_ in ("ORG", "PRODUCT")}  # a brand may be read as a product
    added, dropped = [], set()
    for m in _EDITION_MODEL.finditer(text):
        name = _tail_name(text[max(0, m.start() - 6):m.start()])
        start = m.start() - len(name)
        inside = taken.overlapping(start, m.end())  # the edition read alone (Ultra), or the maker (小米 of 小米平板7 Ultra)
        if name and all(m.start() <= e.start_char and e.end_char <= m.end() and span_text(e).isascii()
                        or e.start_char == start and e.end_char < m.start() and e.label_ in ("ORG", "PRODUCT")
                        for e in inside):
            added.append((start, m.end()))
            dropped.update(id(e) for e in inside)
    for m in _BARE_CODE.finditer(text):
        code = m.group()
        if NOT_A_MODEL.match(code) or code.upper() in GENERIC_ACRONYMS or _CODE_NOT_AFTER.match(text, m.end()):
            continue
        before = text[max(0, m.start() - 4):m.start()]
        after_maker = before.endswith("的") and (m.start() - 1 in maker_ends or m.start() - 3 in maker_ends
                                                 and before.endswith("品牌的"))
        if (after_maker or _CODE_BEFORE.search(before)) and not taken.overlapping(*m.span()):
            added.append(m.span())
    for m in _HAN_THEN_MODEL.finditer(text):  # 智能眼镜澜视Air, 耳机音络Clip 2
        if not any(KIND_BEFORE.search(text, max(0, m.start() - n - 5), m.start() - n) for n in (2, 3, 4)):
            continue  # no kind of product a name before
        name = _tail_name(text[max(0, m.start() - 6):m.start()])
        start, end = m.start() - len(name), m.end()
        inside = taken.overlapping(start, end)
        model = m.group("model").split()[0]
        if name and KIND_BEFORE.search(text, max(0, start - 4), start) and model.upper() not in GENERIC_ACRONYMS \
                and model not in _MODEL_NOUNS \
                and all(start <= e.start_char and e.end_char <= end and not e.id_ for e in inside):
            added.append((start, end))
            dropped.update(id(e) for e in inside)
    kept = []  # the loops may find the same model twice
    for start, end in sorted(added):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    spans = [doc.char_span(s, e, label="PRODUCT") for s, e in kept]
    return [e for e in ents if id(e) not in dropped] + [s for s in spans if s is not None] if added else ents


# a Latin name, a space and a number, and editions (PlayStation 5 Pro, IONIQ 9, nova 15): a model where the name is
# written as a brand is (a capital inside a word, or capitals alone) or comes right after a company, or where the
# clause speaks of a product's sale
_LATIN_NUMBERED = re.compile(r"(?<![A-Za-z0-9\-.] )(?<![A-Za-z0-9\-.])(?P<name>[A-Za-z][a-z]*[A-Z][A-Za-z]*|[A-Za-z][a-z]{2,})"
                             r" (?!(?:19|20)[0-9]{2}(?![0-9]))[0-9]{1,4}(?![0-9.,%:：+])(?: " + EDITIONS + r")*(?![A-Za-z0-9+])")
_BRAND_WRITTEN = re.compile(r"[a-z]+[A-Z][A-Za-z]*|[A-Z][a-z]*[A-Z][A-Za-z]*|[A-Z]{3,}")  # PlayStation, iPhone, IONIQ
_SALE_WORDS = re.compile(r"售价|定价|上市|开售|首销|发售|预售|销量|交付|上调|下调|降价|涨价|发布|推出|搭载|亮相|首发")
# words a number follows that are no product's name (Phase 3, Level 4, Section 232, TOP 10)
# (the pattern takes names of three letters or more)
_NUMBERED_WORDS = {"phase", "level", "stage", "section", "article", "top", "class", "type", "version", "gen", "round",
                   "step", "part", "chapter", "day", "week", "year", "vol", "page", "room", "gate", "floor", "tier",
                   "grade", "size", "group", "team", "season", "episode", "act", "title", "rule", "figure", "table",
                   "line", "covid", "iso", "rcep", "fortune", "forbes", "nasdaq", "ftse", "nikkei", "kospi", "dow",
                   "series", "and", "the", "for"}


_FUNCTION_TAGS = {"p", "c", "u", "uj", "ul", "d", "r", "f"}


def _verb_before(text: str, start: int) -> bool:
    """The word before ``start`` is a verb (上调PlayStation 5 Pro) or a function word (在, 和, 的), not a name's
    part (用友BIP 5, 岚启BIP 5)."""
    jieba = jieba_dictionary()
    word = cut_words(text[max(0, start - 6):start], jieba)[-1]
    tag = jieba.tag(word)
    return tag in _FUNCTION_TAGS or len(word) >= 2 and tag in ("v", "vn")


def _latin_numbered(doc: Doc, ents: list[Span]) -> list[Span]:
    """Latin names with a number after them that no entity holds, or only their maker's or their own first word
    does (PlayStation 5 Pro, 现代汽车的IONIQ 9, 华为nova 15, 大疆Osmo 360): products."""
    text = doc_text(doc)
    if " " not in text:  # a name, a space and a number
        return ents
    taken = ByStart(ents)
    maker_ends = {e.end_char for e in ents if e.label_ == "ORG"}
    added, dropped = [], set()
    for m in _LATIN_NUMBERED.finditer(text):
        name = m.group("name")
        if name.lower() in _NUMBERED_WORDS or name.upper() in GENERIC_ACRONYMS:
            continue
        start, end = m.span()
        inside = taken.overlapping(start, end)
        if any(e.start_char < start or e.end_char > end for e in inside) or any(
                e.start_char != start or e.id_ and e.label_ == "ORG" for e in inside):
            continue  # in a longer entity, or a company's name (a maker's Latin name is its own: Intel 18A)
        maker = start in maker_ends or start - 1 in maker_ends and text[start - 1] == "的"
        if start > 1 and text[start - 1] == " " and HAN.match(text[start - 2]):
            continue  # a name and a space before it: the company's model, found with its name later (青禾 Mow 1)
        if not maker and start and HAN.match(text[start - 1]) and not _verb_before(text, start):
            continue  # the end of a name in Chinese characters (青禾Fold 2, 北溟Note 12, 用友BIP 5)
        clause = text[max(0, start - 12):min(len(text), end + 8)]
        if maker or name[0].isupper() and (_BRAND_WRITTEN.fullmatch(name) or _SALE_WORDS.search(clause)):
            added.append((start, end))
            dropped.update(id(e) for e in inside)
    spans = [doc.char_span(s, e, label="PRODUCT") for s, e in added]
    return [e for e in ents if id(e) not in dropped] + [s for s in spans if s is not None] if added else ents


# a Latin model right after Chinese characters: after the kind of product and a name, a product (智能眼镜澜视Air,
# 耳夹式耳机音络Clip 2)
_HAN_THEN_MODEL = re.compile(r"(?<=[\u4e00-\u9fff])(?P<model>[A-Z][A-Za-z]*(?: ?[0-9]+)?(?: " + EDITIONS + r")?)"
                             r"(?![A-Za-z0-9])")


@lru_cache(maxsize=4096)
def _tail_name(chars: str) -> str:
    """The name that ``chars`` end with: a jieba word that may be a name (``_last_name_word``), with its maker
    before it where it is a kind (小米平板), or the last two characters where jieba read them one by one
    (竞速跑鞋|飞电)."""
    if not chars:
        return ""
    word = _last_name_word(chars)
    if word and KIND_AFTER.fullmatch(word):  # the kind after its maker's name (小米平板7 Ultra, 荣耀手表5 Pro)
        maker = _last_name_word(chars[:-len(word)])
        return maker + word if maker else ""
    if word:
        return word
    jieba = jieba_dictionary()
    words, name = cut_words(chars, jieba), ""
    while words and len(words[-1]) == 1 and HAN.match(words[-1]) and jieba.tag(words[-1]) not in _NOT_IN_NAME_TAGS \
            and words[-1] not in _FUNCTION_CHARS and len(name) < 2:
        name = words.pop() + name
    return name if len(name) >= 2 else ""


def _named_products(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names the tagger read as a person's or an organisation's that are products: with a model code right
    after them (凌光V2, 青禾Fold 2: the product with its model), with Latin letters or digits right after
    the kind of product they are (智能眼镜澜视Air), or given as a drug's trade name (商品名：启糖安), in place of
    a person the tagger read inside it (福达 of 商品名速福达)."""
    text = doc_text(doc)
    trade = {m.group(1) for m in _TRADE_NAME.finditer(text)} if "商品名" in text else set()
    trade_spans = [m.span() for name in trade for m in re.finditer(re.escape(name), text)]
    out, drop = [], set()
    for e in ents:
        if e.label_ not in ("PERSON", "ORG") or e.id_:
            out.append(e)
            continue
        if any(a <= e.start_char and e.end_char <= b and (a, b) != (e.start_char, e.end_char) for a, b in trade_spans):
            continue  # the tagger's person inside a trade name (福达 of 商品名速福达): the trade name below
        model = _MODEL_AFTER.match(text, e.end_char)
        if not model or NOT_A_MODEL.match(model.group()):
            latin = _LATIN_AFTER.match(text, e.end_char)  # 智能眼镜澜视Air
            model = latin if latin and _PRODUCT_KIND_BEFORE.search(text, max(0, e.start_char - 4), e.start_char) else None
        span = doc.char_span(e.start_char, model.end(), label="PRODUCT") if model else None
        if span is not None:
            drop.update(o.start_char for o in ents if e.end_char <= o.start_char < model.end())
            out.append(span)
        elif span_text(e) in trade:
            out.append(doc.char_span(e.start_char, e.end_char, label="PRODUCT") or e)
        else:
            out.append(e)
    if trade:  # a trade name the tagger did not find, wherever it is said
        taken = [(e.start_char, e.end_char) for e in out]
        for name in trade:
            for m in re.finditer(re.escape(name), text):
                if not any(s < m.end() and m.start() < t for s, t in taken):
                    span = doc.char_span(m.start(), m.end(), label="PRODUCT")
                    if span is not None:
                        out.append(span)
                        taken.append((m.start(), m.end()))
        out.sort(key=lambda e: e.start_char)
    return [e for e in out if e.start_char not in drop] if drop else out


def _product_kinds(doc: Doc, ents: list[Span]) -> list[Span]:
    """Products without the kind of product written after their name (豆包大模型 -> 豆包, H20芯片 -> H20),
    as the name is said alone; a gazetteer name keeps its id (混元大模型 -> 混元, still 腾讯混元)."""
    out = []
    for e in ents:
        m = _PRODUCT_KIND.search(span_text(e)) if e.label_ == "PRODUCT" else None
        rest = span_text(e)[:m.start()] if m else ""
        if len(rest) >= 2 and rest.upper() not in GENERIC_ACRONYMS:
            e = doc.char_span(e.start_char, e.start_char + len(rest), label="PRODUCT", span_id=e.id_ or 0) or e
        out.append(e)
    return out


def _coded_products(doc: Doc, ents: list[Span]) -> list[Span]:
    """Model codes with a hyphen (XY-750H, KZ-208) and funds named after the document's fund companies (明德价值精选混合)
    are PRODUCTs where no entity runs across them, over a part the tagger read in them (``pipelines.model_codes``)."""
    text = doc_text(doc)
    spans = hyphen_codes(text) if "-" in text else []
    if "ETF" in text or "LOF" in text:
        spans += etf_names(text, [(e.start_char, e.end_char) for e in ents if e.label_ == "ORG"])
    if "基金" in text or "资管" in text or "资产管理" in text:
        spans += fund_names(text, fund_companies(span_text(e) for e in ents if e.label_ == "ORG"))
    if not spans:
        return ents
    out = list(ents)
    for start, end in spans:
        inside = [e for e in out if start <= e.start_char and e.end_char <= end]
        if any(e.start_char < end and start < e.end_char and e not in inside for e in out) or any(
                (e.start_char, e.end_char) == (start, end) for e in inside):
            continue
        span = doc.char_span(start, end, label="PRODUCT")
        if span is not None:
            out = [e for e in out if e not in inside] + [span]
    return sorted(out, key=lambda x: x.start_char)


_KIND_GIVES_WAY = ("PERSON", "GPE", "LOC")  # what the tagger may read in a product's name (豆包月, 黄丸 of 安宫牛黄丸)


def _kind_named(doc: Doc, ents: list[Span]) -> list[Span]:
    """Products named right after the kind of product they are (无人车小蛮驴, AI助手豆包; ``pipelines.kind_names``),
    where no entity runs across the kind or the name but a person or a place the tagger read in the name, which
    may run one character past it (豆包月活跃)."""
    if not KIND_START.search(doc_text(doc)):
        return ents  # no kind of product named: jieba's words not read
    words = jieba_words(doc)
    if not words:
        return ents
    out = list(ents)
    for kind_start, start, end in kind_names(doc_text(doc), words, jieba_dictionary().freq):
        touching = [e for e in out if e.start_char < end and kind_start < e.end_char]
        if any(e.id_ or e.label_ not in _KIND_GIVES_WAY and not (e.label_ == "PRODUCT" and start <= e.start_char
                                                                  and e.end_char <= end)  # R2 of 启衡-R2
               or e.start_char < kind_start or e.end_char > end + 1 or e.end_char <= start for e in touching):
            continue
        name = doc_text(doc)[start:end]
        if name[0] in COMMON_SURNAMES and len(name) <= 3 and HAN.match(name):
            continue  # a person's name, 助手张伟 an assistant who is one
        span = doc.char_span(start, end, label="PRODUCT")
        if span is not None:
            out = [e for e in out if e not in touching] + [span]
    return sorted(out, key=lambda x: x.start_char)


def _series_named(doc: Doc, ents: list[Span]) -> list[Span]:
    """The name of a product line before 系列 (大骨面系列, 思元690系列, 飞鹤的星飞帆系列; ``pipelines.kind_names``) is a
    product, in place of a person or work the tagger read in it, a model code of it (X11 of 地宝X11) or its brand at
    its start with a model after it (荣耀 of 荣耀Magic8; not 飞鹤 of 飞鹤星飞帆: two names); not where an entity runs across its edge, nor a company's or place's name alone
    (小米系列, 美国系列大片)."""
    text = doc_text(doc)
    if "系列" not in text:
        return ents
    words = jieba_words(doc)
    if not words:
        return ents
    out = list(ents)
    for start, end in series_names(text, words, jieba_dictionary().freq):
        touching = [e for e in out if e.start_char < end and start < e.end_char]
        if any(e.start_char < start or e.end_char > end for e in touching) or any(
                e.label_ == "ORG" and (e.start_char != start or e.end_char == end or not LATIN_OR_DIGIT.search(text, e.end_char, end))
                or e.label_ == "PRODUCT" and e.id_
                or e.label_ in ("GPE", "LOC") and e.start_char == start for e in touching):
            continue
        if not touching and not LATIN_OR_DIGIT.search(text, start, end):
            continue  # a name in Chinese characters alone the tagger did not read: a kind of goods as often (搪胶毛绒)
        span = doc.char_span(start, end, label="PRODUCT")
        if span is not None:
            out = [e for e in out if e not in touching] + [span]
    return sorted(out, key=lambda x: x.start_char)


def _reaching_in(text: str, e: Span, start: int, end: int) -> bool:
    """The tagger's person that runs into a drug's name from a word for a drug before it (药泽康 of 新药泽康替尼片)."""
    return (e.label_ == "PERSON" and not e.id_ and e.start_char < start < e.end_char <= end
            and all(ch in DRUG_WORD_CHARS for ch in text[e.start_char:start]))


DRUG_WORD_CHARS = set("药剂")


def _drugs(doc: Doc, ents: list[Span]) -> list[Span]:
    """Drugs by their generic names (司美格鲁肽, 依沃西单抗; ``pipelines.drugs``) are PRODUCTs, in place of what
    the tagger read inside them (鲁肽 as a person, 西单 as a place) or ran into them from a word for a drug (药泽康);
    not where another entity runs across one."""
    out = list(ents)
    text = doc_text(doc)
    for start, end in drug_spans(text, word_freq):
        inside = [e for e in out if start <= e.start_char and e.end_char <= end
                  or _reaching_in(text, e, start, end)]  # 药泽康 of 创新药泽康替尼片
        if any(e.start_char < end and start < e.end_char and e not in inside for e in out) or any(e.id_ for e in inside):
            continue
        span = doc.char_span(start, end, label="PRODUCT")
        if span is not None:
            out = [e for e in out if e not in inside] + [span]
    return sorted(out, key=lambda x: x.start_char)
