"""What the document-level rules share: the text as the features read it, jieba's counts, how a company's name ends and
where it stands alone, the names of a list, and names in quotes that no entity claims yet."""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.tokens import Doc, Span

from .features import SIMPLIFIED_KEY, cut as cut_words, jieba_dictionary, jieba_word_at, simplified_text
from .names import CHINESE_PLACES
from .sentences import doc_text as written_text


def doc_text(doc: Doc) -> str:
    """The text as the features read it, traditional characters in simplified ones, one for one (the same
    offsets), so that every rule here reads 德勤中國 as it reads 德勤中国; the text as written without them."""
    return doc.user_data.get(SIMPLIFIED_KEY) or written_text(doc)


def span_text(span: Span) -> str:
    return doc_text(span.doc)[span.start_char:span.end_char]


HAN = re.compile(r"^[\u4e00-\u9fff]+$")
# a person's role after a name is no part of it (瑞幸咖啡品牌代言人), nor is 母公司 (谷歌母公司Alphabet);
# 经理人 and teams (湖人) are left alone
ROLE_TAIL = re.compile(r"(?:代言人|发言人|负责人|创始人|创办人|合伙人|候选人|继承人|接班人|掌门人|掌舵人|主持人|制片人"
                        r"|董事长|总裁|总经理|首席执行官|CEO|母公司|轮值|联席|董事会|监事会"
                        r"|研报|研究报告|报告)$")  # and a broker's report (德意志银行研报指出)
VERB_TAIL = re.compile(r"(?:创立|创办|成立|创建|推出|收购|投资|发布|上线|宣布|表示|入股|合作|对外|选举)$")
DESCRIPTOR = (r"(?:一家|这家|该|某|多家|国内|国外|海外|中国|全球|大型|小型|知名|头部|初创|创业|上市|民营|国有|外资|跨国|新兴"
               r"|一|另一|创业板|科创板|中小板|主板|新三板|北交所|A股|港股|美股|中概股|龙头|概念"
               r"|互联网|科技|电商|游戏|金融|网络|物流|零售|娱乐|传媒|媒体|软件|汽车|能源|房地产|地产|医药|教育|文化|投资|咨询"
               r"|食品|服装|电子|通信|外卖|出行|社交|短视频|视频|直播|支付|云计算|人工智能|芯片|半导体|新能源|制造|餐饮|旅游"
               r"|酒店|航空|银行|保险|证券|基金|平台|技术|信息|数字|智能|网约车|团购|共享单车|本地生活|社区团购"
               r"|具身智能|机器人|大模型|AI|自动驾驶|智能驾驶|无人机|储能|光伏|锂电|电池|生物|医疗|创新药|跨境电商|出海"
               r"|资产管理|管理)")
# a company's name that is complete: an industry after it is an analyst's sector (中金公司医药, 东吴证券传媒)
# or of an institution (上海市科学技术委员会科技进步奖, 清华大学科技园)
FULL_NAME_END = re.compile(r"(?:公司|集团|证券|银行|基金|资本|国际|控股|股份|大学|学院|学校|医院|政府|中心|[会院所局部厅委办处署])$")
CAPITAL = re.compile("[A-Z]")
GENERIC_ORG = re.compile(DESCRIPTOR + r"+(?:集团|公司|企业|平台|机构|巨头|厂商|品牌|行业)$")
COMMON_WORD_FREQ = 1_000  # the first word of such a kind is a common word, not a name (科技, 工作; not 茅台)
HEAD_MAX = 12  # the most characters looked at before a legal form for its company's name
# where a company's name before its legal form starts: after a conjunction, preposition, adverb, numeral,
# pronoun, particle, locative or measure word (一家|科技有限公司); verbs are often in names (传动, 制造)
HEAD_STOP_TAGS = {"c", "p", "d", "m", "r", "u", "uj", "ul", "f", "q"}


def word_freq(word: str) -> int:
    """jieba's count of ``word`` (0 if it is no word), from the dictionary the char features load too."""
    return jieba_dictionary().freq(word) or 0


class ByStart:
    """Entities by their start, to find those overlapping a stretch without a pass over all of them."""

    def __init__(self, ents: list[Span]):
        self.ents = sorted(ents, key=lambda e: e.start_char)
        self.starts = [e.start_char for e in self.ents]
        self.longest = max((e.end_char - e.start_char for e in ents), default=0)

    def overlapping(self, start: int, end: int) -> list[Span]:
        near = self.ents[bisect_left(self.starts, start - self.longest) : bisect_left(self.starts, end)]
        return [e for e in near if start < e.end_char]


def unclaimed(doc: Doc, ents: list[Span], pattern, label: str, marks: str, gives_way=None) -> list[Span]:
    """``ents`` and, as ``label``, each first group of ``pattern`` (a regex, a function of the text that yields
    spans, or a tuple of them) that no entity touches;
    the text is searched only if it holds one of ``marks``. With ``gives_way(entity, start, end)``, entities
    within the group for which it holds give way to it (the tagger's 阿楠 of 主播“阿楠不吃辣”, or 大圣哥 read as
    a place), and so do those of the same text elsewhere for which it holds (大圣哥本名冯志刚)."""
    text = doc_text(doc)
    if not any(mark in text for mark in marks):
        return ents
    added, dropped = [], set()
    for find in pattern if isinstance(pattern, tuple) else (pattern,):
        for start, end in (m.span(1) for m in find.finditer(text)) if hasattr(find, "finditer") else find(text):
            touching = [e for e in ents if e.start_char < end and start < e.end_char]
            if touching and not (gives_way and all(start <= e.start_char and e.end_char <= end
                                                   and gives_way(e, start, end) for e in touching)):
                continue
            span = doc.char_span(start, end, label=label)
            if span is not None and not any(a.start_char < end and start < a.end_char for a in added):
                added.append(span)
                dropped.update(id(e) for e in touching)
    if not added:
        return ents
    ents = [e for e in ents if id(e) not in dropped]
    if gives_way:  # the name so declared is that wherever the tagger read it as something else
        names = {span_text(a) for a in added}
        ents = [Span(doc, e.start, e.end, label=label) if span_text(e) in names
                and gives_way(e, e.start_char, e.end_char) else e for e in ents]
    return ents + added


LIST_JOINS = {"和", "与", "及", "、", "以及"}
_ASCII_STOPS = " ,;:!?()[]\"'"
_LIST_VERBS = {"推出", "发布", "上线", "包括", "拥有", "打造", "开发", "研发", "运营", "收购", "投资", "布局", "使用", "下载",
               "接入", "整合", "合并", "推动", "升级", "发行", "代理", "旗下", "是", "有", "以", "如", "像", "比如", "例如"}
_LIST_STOP_TAGS = {"uj", "ul", "uz", "ug", "uv", "ud", "u", "p", "c", "d", "r", "x", "m", "q", "f", "t"}


def common_noun(word: str) -> bool:
    """A common noun of jieba's dictionary, seen 50 times or more (棉花, 粮食; not 淘宝, nz, or 微信, no word)."""
    jieba = jieba_dictionary()
    return (jieba.freq(word) or 0) >= 50 and jieba.tag(word) in ("n", "ng")


ALIAS_AFTER = re.compile(r"[（(][^（）()、，,]{1,30}[）)]$")  # a name's other name in brackets after it: 卡特彼勒（Caterpillar）


def relabelled(doc: Doc, ents: list[Span], chosen: set[int], label: str) -> list[Span]:
    if not chosen:
        return ents
    return [doc.char_span(e.start_char, e.end_char, label=label) or e if id(e) in chosen else e for e in ents]


def listed_before(doc: Doc, text: str, list_end: int, common_ok: bool = False) -> list[tuple[int, int]] | None:
    """``(start, end)`` of the names of a list that ends at ``list_end``, last first; None where the list
    holds a common noun (棉花、白糖、强麦等产品: things, not names), unless ``common_ok``."""
    end_span = doc.char_span(list_end, list_end + 1)
    if end_span is None or not end_span[0].tag_ or end_span.start == 0:
        return None
    names, i, name_end = [], end_span.start - 1, list_end
    while i >= 0:
        start, end, tag = jieba_word_at(doc, i)
        word = text[doc[start].idx:doc[end - 1].idx + len(doc[end - 1].text)]
        alias = ALIAS_AFTER.search(text[max(0, name_end - 32):name_end]) if word in ("）", ")") else None
        if alias is not None and doc[i].idx == name_end - 1:  # the name's other name in brackets (卡特彼勒（Caterpillar）)
            opening = name_end - len(alias.group())
            names.append((opening + 1, name_end - 1))
            name_end = opening
            before = doc.char_span(opening, opening + 1)
            if before is None:
                return None
            i = before.start - 1
            continue
        if word in LIST_JOINS:
            names.append((doc[end - 1].idx + len(doc[end - 1].text), name_end))
            name_end = doc[start].idx
        elif (tag in _LIST_STOP_TAGS and not (word.isascii() and word.strip(_ASCII_STOPS))  # QQ, Qwen3-Max: x
              or word in _LIST_VERBS or not word.strip()):
            break
        i = start - 1
    names.append((doc[i + 1].idx if i + 1 < len(doc) else name_end, name_end))
    if not common_ok and any(common_noun(text[start:end]) for start, end in names):
        return None
    return names


HEAD_FREQ = 100  # a name the company goes by is no common word of jieba's (not 平安 of 平安银行, 理想 of 理想汽车)
RARE_PLACE_FREQ = 50  # nor a place, unless a rare one (星海 of 星海科技; not 上海 of 上海汽车, 福田 of 福田汽车)
MISREAD_HEAD = {"PERSON", "GPE", "LOC"}
# a legal name's form and the words of its industry, after the name it goes by (广州 茶屿 餐饮管理 有限公司)
INDUSTRY = re.compile(r"跨境|电子商务|電子商務|电商|商务|科技|技术|信息|网络|通讯|通信|通訊|餐饮|管理|半导体|半導體|机器人|機器人|电子|電子|生物|医药|醫藥|制药|製藥|食品|贸易"
                       r"|實業|实业|发展|發展|投资|投資|咨询|文化|传媒|智能|汽车|汽車|新能源|能源|材料|软件|電器|电器|物流|服务|數據|数据"
                       r"|互娱|娱乐|游戏|教育|健康|医疗|醫療|影业|视觉|光学|微电子|商贸|供应链|控股|集团|集團")
LEGAL_TAIL = re.compile(rf"(?:(?:{INDUSTRY.pattern})*"
                         r"(?:股份有限公司|有限责任公司|有限責任公司|有限公司|股份公司|(?:集团|集團)?公司))$")


@lru_cache(maxsize=4096)
def legal_head(head: str) -> str:
    """The name a company goes by, from its legal name without its legal form and the words of its industry
    (``head``): back to a place, a kind or a common word before it (广州茶屿 of 广州茶屿餐饮管理有限公司 -> 茶屿,
    IC設計廠宏岳 of IC設計廠宏岳半導體股份有限公司 -> 宏岳); a rare place is the name itself (深圳星海 -> 星海)."""
    jieba = jieba_dictionary()
    size = 0
    for word in reversed(cut_words(simplified_text(head), jieba)):  # back to a place, a kind or a common word
        if (not HAN.match(word) or jieba.tag(word) == "ns" and (size or word_freq(word) >= RARE_PLACE_FREQ)
                or word in CHINESE_PLACES
                or ADMIN_PLACE.fullmatch(word) or word in _HEAD_STOPS
                or len(word) >= 2 and word_freq(word) >= COMMON_WORD_FREQ and size):
            break
        size += len(word)
    name = head[len(head) - size:]
    if len(name) >= 3 and jieba.tag(simplified_text(name)) in ("n", "vn"):
        return ""  # a common noun of jieba's, what the company does (浙江省医疗器械有限公司)
    return name


_HEAD_STOPS = {"厂", "公司", "母公司", "子公司", "旗下", "的", "和", "与", "及", "、"}
# what a company's name is followed by, as a noun, where it stands alone (拓海销售额增长, 恒瑞创始人)
_COMPANY_ATTRIBUTES = {"销售额", "营收", "收入", "利润", "净利润", "股价", "市值", "门店", "员工", "用户", "团队", "官方", "内部",
                       "总部", "创始人", "董事长", "总裁", "高管", "股东", "旗下", "方面", "财报", "业绩", "估值", "订单"}
_ALONE_NEXT_TAGS = {"v", "vd", "d", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "t", "f", "r", "m", "q", "y"}


def stands_alone(doc: Doc, span: Span) -> bool:
    """Whether a name stands alone in the text: whole words of jieba's, then the end, punctuation other than
    a hyphen, or a word that names nothing (恒瑞未来, 恒瑞在; not 大商股份, 物美价廉, 用友BIP or 青禾-Mini)."""
    if not doc[0].tag_ or jieba_word_at(doc, span.start)[0] != span.start or jieba_word_at(doc, span.end - 1)[1] != span.end:
        return False
    if span.end == len(doc):
        return True
    after = doc_text(doc)[span.end_char]
    if after.isalnum() and not HAN.match(after):  # Latin letters or digits run on (用友BIP)
        return False
    if not HAN.match(after):
        return after != "-"
    start, end, tag = jieba_word_at(doc, span.end)
    return tag in _ALONE_NEXT_TAGS or doc_text(doc)[doc[start].idx:doc[end - 1].idx + len(doc[end - 1])] in _COMPANY_ATTRIBUTES


def first_occurrences(text: str, strings) -> list[tuple[int, int, str]]:
    """``(start, end, string)`` of each occurrence of ``strings`` in ``text``, left to right, not overlapping, the
    longest where two start at one place (``re.finditer`` of their alternation, longest first, without compiling it)."""
    found = sorted(((s, -len(w), w) for w in set(strings) for s, _ in occurrences(text, w)))
    out, end = [], 0
    for start, size, word in found:
        if start >= end:
            out.append((start, start - size, word))
            end = start - size
    return out


def occurrences(text: str, string: str):
    """``(start, end)`` of each occurrence of ``string`` in ``text``, left to right, not overlapping
    (``re.finditer`` of the escaped string, without compiling it)."""
    start = text.find(string)
    while start != -1:
        end = start + len(string)
        yield start, end
        start = text.find(string, end)


def head_stop(word: str, jieba) -> bool:
    """A word no company name before a legal form holds: a function word, a one-character verb,
    a verb that runs into names (创办), taking a post (现任, 历任), a role (董事长)."""
    tag = jieba.tag(word)
    return (tag in HEAD_STOP_TAGS or tag == "v" and len(word) == 1 or bool(VERB_TAIL.fullmatch(word)) or word.endswith("任")
            or bool(ROLE_TAIL.fullmatch(word)) or bool(GENERIC_ORG.match(word + "公司")))


def clause_start(text: str, start: int) -> bool:
    """``start`` is after punctuation or a word no company name holds (历任, 的), not after a verb (接到大股东)."""
    if not start or not name_char(text[start - 1]):
        return True
    jieba = jieba_dictionary()
    return head_stop(cut_words(text[max(0, start - HEAD_MAX):start], jieba)[-1], jieba)


def name_char(ch: str) -> bool:
    return bool(HAN.match(ch)) or ch.isascii() and ch.isalpha()


ADMIN_PLACE = re.compile(r"[\u4e00-\u9fff]{2,}[省市区县州镇乡城]")
# what follows a full name: an honorific, or the sex at the head of a short biography (张三，男，汉族)
HONORIFIC = re.compile(r"先生|女士|(?=[，,：:]\s?[男女][，,。；;、])")
TITLE_AFTER = re.compile(r"司令|主任|负责人|发言人|书记|部长|局长|院长|总监|经理")  # 美国太平洋总部司令: an institution
