"""Organisations named by the role of the person after them (喜茶创始人聂云宸), as
what was founded (许环良等人成立了海蝶制作公司) or right after what they are
(语音技术公司声脉科技近日完成融资).

Business news names a company most often as the one a person founded or
leads: "X创始人Y", "X的董事长Y", "X前CEO Y", "X合伙人Y" (a fund's partner). Where Y is a PERSON and nothing
found X, ``orgs_before_roles`` takes the words before the role, back to
punctuation, a place, a function word or a verb of saying (jieba's dictionary
cuts the words and gives their part of speech), as an ORG: new brands the
model has never seen (胖东来, 元气森林) and ones it cut or misread as a name (影石
of 影石创新, 安克 of 安克创新). A common word or a descriptor (公司, 这家公司,
互联网公司) is never taken.
"""
from __future__ import annotations

import re
from typing import Callable

from .features import cut, jieba_dictionary, simplified_text
from .names import COMMON_SURNAMES, GENERIC_ACRONYMS

__all__ = ["orgs_before_roles", "orgs_founded", "orgs_after_kinds", "persons_after_roles", "text_words", "COUNT", "ROLE"]

_ROLE_PREFIX = r"(?:前任|前|原|现任|联合|联席|首席|资深|高级|执行|常务|全球|行政|副)*"  # 行政总裁: Hong Kong's CEO
_ROLE_WORD = (
    _ROLE_PREFIX + r"(?:创始人|创办人|缔造者|董事长|董事会主席|董事局主席|首席执行官|CEO|总裁|总经理|掌门人|掌舵人"
    r"|(?:创始(?:(?:及|兼|和)\w{0,2})?|管理|高级)?合伙人)"
)
# one role or several joined by 兼 (董事长兼联席首席执行官)
ROLE = re.compile(r"(?:的)?" + _ROLE_WORD + r"(?:兼" + _ROLE_WORD + r")*\s?$")
# a role in a department or business unit (金融机构部总经理, 信用卡中心总裁, 核心本地商业CEO) says nothing of the
# company's name
DEPARTMENT = re.compile(r"(?:部|处|科|室|组|中心|事业群|分部|办公室|营销|销售|市场|财务|研发|人力资源|产品|商业|业务|板块)$")
MAX_CHARS = 8  # the longest name taken
MAX_COMMON = 10_000  # a word this frequent in jieba's dictionary is a common word, not a name
STOP_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "x", "w", "y", "e", "o"}
STOP_WORDS = {
    "是", "为", "据悉", "称", "说", "表示", "透露", "宣布", "担任", "出任", "任", "兼任", "作为", "成为", "身为", "即",
    "曾", "曾任", "现任", "前任", "时任", "新任", "首任", "继任", "原", "前", "网传", "传", "据", "系", "旗下", "由",
    "对", "向", "被", "将", "把", "也", "都", "还", "就", "又", "更", "该", "这家", "那家", "一家", "其", "本", "我们",
    "他们", "创业", "现", "一位", "另一位", "这位", "该位", "两位",
    # what a role belongs to when no name is given (团队创始人, 项目负责人)
    "公司", "集团", "企业", "品牌", "平台", "团队", "项目", "团体", "组织", "机构", "乐队", "球队", "俱乐部", "学校",
    "工作室", "媒体", "网站", "门店", "工厂", "基金", "产品", "节目", "栏目", "实验室", "协会", "商会", "联盟",
}
VERB_TAGS = {"v", "vn", "vd", "ad", "d"}
NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9·&]+$")


def orgs_before_roles(text: str, persons: list[tuple[int, int]], ents: list[tuple[int, int, str]]):
    """``(start, end)`` of the names before a role word followed by one of ``persons``.

    ``ents`` are the entities found so far ``(start, end, label)``: the name may
    hold a PERSON or ORG the model found in it (it replaces them), never runs
    back over a place, and is not given where an entity already ends at the role.
    """
    found = []
    for start, _ in persons:
        m = ROLE.search(text, max(0, start - 12), start)
        if not m or m.end() != start:
            continue
        end = m.start()
        if any(e == end and label != "PERSON" for _, e, label in ents):
            continue  # the organisation is found already (a PERSON there is a brand misread: 霸王茶姬)
        floor = max([e for s, e, label in ents if e <= end and (label not in ("PERSON", "ORG") or s < end - MAX_CHARS)]
                    + [end - MAX_CHARS - 4, 0])
        name_start = _name_start(text, floor, end)
        if name_start is None:
            continue
        name = text[name_start:end]
        if 2 <= len(name) <= MAX_CHARS and NAME.match(name) and not name.isdigit() and not DEPARTMENT.search(name):
            found.append((name_start, end))
    return found


def _name_start(text: str, floor: int, end: int) -> int | None:
    """Where the name ending at ``end`` starts: words taken from the end back to the first
    that cannot be part of a name (or to ``floor``)."""
    window = text[floor:end]
    stop = max(window.rfind(ch) for ch in "，,。；;：:、！？!?\"“”‘’《》()（）[]【】 \t\n")
    if stop != -1:
        window, floor = window[stop + 1:], floor + stop + 1
    if not window:
        return None
    jieba = jieba_dictionary()
    words = cut(window, jieba)
    start = end
    for word in reversed(words):
        if word in STOP_WORDS or jieba.tag(word) in STOP_TAGS or end - (start - len(word)) > MAX_CHARS:
            break
        start -= len(word)
    if start == end or (jieba.freq(text[start:end]) or 0) >= MAX_COMMON or jieba.tag(text[start:end]) in VERB_TAGS:
        return None  # a common word, or a verb or what is done (同意聘任副总裁, 审计合伙人): no organisation
    return start


# an organisation, its role and a name, then a verb of saying: 小红书CEO星矢称, 快手电商负责人笑古透露
_ROLE_THEN_NAME = re.compile(
    r"(?:的)?[\u4e00-\u9fff]{0,6}?" + _ROLE_PREFIX + r"(?:创始人|董事长|首席执行官|CEO|总裁|总经理|负责人|COO|CTO|CFO"
    r"|分析师|研究员|经济学家|策略师|主管|首席技术官|首席财务官|首席运营官|发言人)"
    r"(?P<name>[\u4e00-\u9fff]{2,3})(?=称|表示|透露|说|认为|指出|介绍|坦言|回应|强调|提到|预计|预测|判断|建议|直言)"
)
MAX_NAME_FREQ = 3  # a word of two characters or more this frequent in jieba's dictionary is no name (近日, 此前)
NOT_IN_NAMES = STOP_TAGS | {"t", "m"}  # and no function word, time or number in it (此前曾)


def persons_after_roles(text: str, ents: list[tuple[int, int, str]]):
    """``(start, end)`` of the names between an organisation's role and a verb of saying that no
    entity covers yet: the 花名 and short names business news gives its executives (小红书CEO星矢称)."""
    org_ends = {e for _, e, label in ents if label == "ORG"}
    if not org_ends:
        return []
    taken = [(s, e) for s, e, _ in ents]
    jieba = jieba_dictionary()
    found = []
    for end in org_ends:
        m = _ROLE_THEN_NAME.match(text, end)
        if not m:
            continue
        start, stop = m.span("name")
        if any(s < stop and start < e for s, e in taken):
            continue
        name = m.group("name")
        # a common surname and two characters: the given name may be a word (分析师方文明指出, 高盛策略师向前进指出)
        surnamed = len(name) == 3 and name[0] in COMMON_SURNAMES
        words = cut(name[1:] if surnamed else name, jieba)  # no function word or common word in it (此前曾表示)
        if any(jieba.tag(w) in NOT_IN_NAMES for w in words):
            continue
        if not surnamed and any(len(w) > 1 and (jieba.freq(w) or 0) > MAX_NAME_FREQ for w in words):
            continue
        found.append((start, stop))
    return found


SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "公司", "集团", "工作室", "实验室", "研究院", "研究所", "事务所",
            "基金会", "俱乐部", "学院", "学校")
FOUNDED = re.compile(
    r"(?:创办|创立|创建|成立|组建|注册|创设)(?![于在以时后])了?"
    r"(?P<name>(?P<core>(?!了)[\u4e00-\u9fffA-Za-z0-9·&]{2,16}?)(?:" + "|".join(SUFFIXES) + "))"
)
# words that start a description of an organisation, not its name (一家公司, 合资公司, 全国第一所...)
DESCRIPTION = STOP_WORDS | {"一家", "这家", "新", "合资", "子", "分", "全资", "全国", "国内", "首家"}


def orgs_founded(text: str, ents: list[tuple[int, int, str]]):
    """``(start, end)`` of the organisations named right after a verb of founding
    (成立了海蝶制作公司) that no entity covers yet, and whose name before the suffix
    is not a common word or a description (成立了合资公司, 创办了一家公司)."""
    found = []
    for m in FOUNDED.finditer(text):
        start, end = m.span("name")
        if any(s <= start and end <= e for s, e, _ in ents) or any(
                s < end and start < e and label not in ("PERSON", "ORG") for s, e, label in ents):
            continue  # found already, or runs into a place or a product
        core = m.group("core")
        jieba = jieba_dictionary()
        if "的" in core or core in STOP_WORDS or (jieba.freq(core) or 0) >= MAX_COMMON // 10:
            continue
        words = cut(core, jieba)
        if words[0] in DESCRIPTION or any(jieba.tag(w) == "m" for w in words):
            continue
        found.append((start, end))
    return found


# the words a company's name ends with (声脉科技, 灵枢动力, 糖葫芦互动)
NAME_END = {
    "科技", "动力", "智能", "互动", "创新", "资本", "证券", "股份", "集团", "控股", "网络", "软件", "光电", "电子", "医药",
    "生物", "机器人", "汽车", "新能源", "能源", "材料", "传媒", "文化", "娱乐", "游戏", "信息", "数据", "半导体", "微电子",
    "实业", "投资", "基金", "银行", "保险", "咨询", "物流", "电商", "教育", "健康", "食品", "国际", "云", "航天", "航空",
}
# what follows a name in apposition: a verb of news, a time, a preposition, punctuation
AFTER_NAME = {
    "宣布", "近日", "日前", "完成", "发布", "推出", "表示", "称", "正式", "今天", "今日", "已", "已经", "将", "于", "在",
    "的", "获", "获得", "透露", "与", "和", "也", "此前", "近期", "今年", "去年", "目前", "此次", "本轮", "回应", "官方",
    "成立", "上线", "开发", "研发", "旗下", "则", "还", "再", "又", "首次", "率先", "日", "月",
    # what a subject's verb starts with (企业要想在市场中生存)
    "要", "想", "能", "会", "应", "需", "需要", "必须", "可", "可以", "正在", "正", "都", "就",
    # a company's own things (公司官网, 公司总部)
    "官网", "官微", "总部", "股票", "股价",
}
MAX_APPOSED = 8  # the longest name taken
_NOT_A_NAME = re.compile(r"[A-Z]股$")  # A股, H股
COUNT = re.compile(r"(?:逾|超过?|近|约|共|达)?[0-9０-９]+(?:多|余)?[家个款名位台辆种项]")  # a count: 逾800家
_LATIN_GOES_ON = re.compile(r"[ .][A-Za-z]")
_LIST_JOINS = {"与", "和", "及", "、", "以及"}
MAX_CORE_FREQ = 100  # a word of the name before its ending this frequent in jieba's dictionary is a common word


def orgs_after_kinds(text: str, ents: list[tuple[int, int, str]], words: Callable[[], list | None] | None = None):
    """``(start, end)`` of the companies named right after what they are (语音技术公司声脉科技近日完成融资,
    具身智能初创公司灵枢动力宣布), that no entity touches: words after the kind, up to a verb of news, a time,
    a preposition or punctuation; the name ends as a company's does (科技, 动力, ...) or is no word of
    jieba's dictionary at all, and its other words are rare ones (not 公司股价近日, 公司员工称).
    ``words``: gives jieba's words of the text ``(start, end, part of speech)`` as the features found them,
    asked only where a kind is named."""
    kinds = list(_KIND_AT.finditer(text))
    if not kinds:
        return []
    words = (words and words()) or text_words(text)
    simple = simplified_text(text)  # as the features read traditional text, one for one (連加網路宣佈將)
    ends = {e for _, e, _ in words}
    at = {s: i for i, (s, _, _) in enumerate(words)}
    jieba = jieba_dictionary()
    found = []
    for m in kinds:
        start = m.end()
        if start not in ends or start not in at:
            continue  # the kind is no word of its own there (企业 of 企业家, 公司 of 公司法)
        name, ended, after = [], False, None
        for s, e, tag in words[at[start]:]:
            word = simple[s:e]
            if word in NAME_END and name:
                name.append(word)
                ended = True
                break
            if word in AFTER_NAME or tag in STOP_TAGS and not (word.isascii() and word.isalnum()) or not NAME.match(word):
                after = word
                break
            name.append(word)
            if e - start > MAX_APPOSED:
                break
        n = sum(map(len, name))
        if not (ended or after is not None) or not 2 <= n <= MAX_APPOSED:
            continue  # no name, or it runs on too long
        end = start + n
        if any(s < end and start < e for s, e, _ in ents):
            continue
        core = name[:-1] if ended else name
        if any(jieba.tag(w) in NOT_IN_NAMES or w in STOP_WORDS or _NOT_A_NAME.match(w) for w in core) \
                or COUNT.search("".join(name)):
            continue  # a count is no name (参展企业逾800家)
        if DEPARTMENT.search("".join(core)) or core[0].upper() in GENERIC_ACRONYMS | {"LOGO"} or "".join(core) in AFTER_NAME:
            continue  # a department (研发部能源化工), CEO, 公司官网 cut into characters
        if core[0].isascii() and _LATIN_GOES_ON.match(text, end):
            continue  # part of a longer Latin name (Phoenix Holdings, Live.me)
        if all(len(w) == 1 for w in core) and after in _LIST_JOINS:
            continue  # characters jieba knows only one by one, in a list: more likely words (换股与, 联股、)
        if ended and not _rare(core, jieba):
            continue
        if not ended and any(jieba.freq(w) is not None for w in core if len(w) > 1):
            continue  # a name with no company ending: no word of jieba's
        found.append((start, end))
    return found


# what a company is, said right before its name (语音技术公司声脉科技近日, 光学模组供应商水晶光电)
_KIND_AT = re.compile(r"(?:公司|企业|厂商|供应商|制造商|服务商|运营商|开发商|品牌|独角兽|创企|工作室)(?=[\u4e00-\u9fffA-Za-z])")


def text_words(text: str) -> list[tuple[int, int, str]]:
    """jieba's words of ``text`` (read in simplified characters) as ``(start, end, part of speech)``."""
    jieba = jieba_dictionary()
    words, at = [], 0
    for word in cut(simplified_text(text), jieba):
        words.append((at, at + len(word), jieba.tag(word) or ""))
        at += len(word)
    return words


def _rare(words: list[str], jieba) -> bool:
    return sum(map(len, words)) >= 2 and all((jieba.freq(w) or 0) <= MAX_CORE_FREQ for w in words if len(w) > 1)
