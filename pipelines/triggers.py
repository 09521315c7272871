"""Trigger patterns for typed relations, and the qualifiers of a relation.

A candidate pair is written as its sentence with the first entity replaced by
``\\x01`` and the second by ``\\x02`` (``pair_template``). Each pattern is a
regular expression over that template with ``{H}`` for the relation's head
and ``{T}`` for its tail (``{A}``/``{B}`` for symmetric relations); whichever
comes first in the pattern stands for the first entity, so one pattern gives
the direction too. Triggers are matched over the text, not over tokens, so
that they work whatever the tokenizer (characters in our pipeline, words in
``zh_core_web_*``).
"""
from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["PATTERNS", "Trigger", "match", "pair_template", "qualifier", "FIRST", "SECOND", "OTHER", "OTHER_PLACE",
           "COMPETE_WORDS"]

FIRST, SECOND, OTHER, OTHER_PLACE = "\x01", "\x02", "\x03", "\x04"
# other entities are masked: organisations and products block the patterns' gaps,
# people, places and the like (OTHER_PLACE) do not
_BLOCKING = {"ORG", "PRODUCT", "WORK_OF_ART"}
_GAP = r"[^，。；！？,;!?\x01\x02\x03\n]{0,%d}"
_WIDE = r"[^，。；！？,;!?\x01\x02\n]{0,%d}"  # may pass over other entities (a place, a date)
_CLAUSE = r"[^。！？\x01\x02\x03]{0,%d}?"  # within the sentence, commas allowed, no other entity
_CEO = r"(?<!副)(?:联席)?(?:" + (_CEO_WORDS := r"CEO|首席执行官|董事长|总裁|掌门人|掌舵人|董事会主席|总经理|行长|校长|一把手|董事局主席|首席执行长|主席|会长") + ")"
_STAFF = r"(?:" + (_STAFF_WORDS := r"副总裁|副总经理|副董事长|副行长|副校长|首席\w{1,4}官|CTO|CFO|COO|CMO|高管|员工|工程师|总监|经理|合伙人"
          r"|董事|研究员|分析师|发言人|负责人|主管|顾问|联合创始人|前员工|老员工") + ")"

_PRODUCTS = ("PRODUCT", "WORK_OF_ART")
COMPETE_WORDS = r"竞争|对决|抗衡|争夺|厮杀|交锋|打擂|较量|之争|大战|抢夺|正面交锋|竞逐|角力|混战"
_COMPETE = "(?:" + COMPETE_WORDS + ")"
# (label, pattern[, head types]); the first pattern that matches a pair and fits its types wins
PATTERNS_SOURCE: list[tuple] = [
    ("founded", r"{T}的?(?:联合)?(?:创始人|创办人|缔造者|创始团队成员)(?:(?:兼|及|和)\w{0,6}|之一)?[：:、]?\s?{H}"),
    ("founded", r"{T}的?(?:联合)?创始(?:及|兼|和|、)\w{0,4}?合伙人\s?{H}"),  # 红杉中国创始及执行合伙人沈南鹏
    ("founded", r"{T}(?:成立|创立|创办|创建)于C30[，,]\s?(?:彼时|其)?(?:创始人|创办人)(?:是|为)?[：:]?{H}"),
    ("founded", r"{T}C40由G16{H}\s?(?:先生|女士)?G20(?:创办|创立|创建|成立)"),
    ("founded", r"{H}C30(?:是|为|作为|成为)G6{T}的?(?:联合)?(?:创始人|创办人|缔造者)(?!\s?[\x03\x04])"),
    ("founded", r"{H}(?:[、和与及][\x03\x04]+)+G4(?:共同|联合|一起)?(?:创办|创立|创建|成立)了?G4{T}"),
    ("leads", r"{H}G10(?:创办|创立|创建|成立)了?G4{T}C30(?:自任|并任|兼任|并担任|担任|出任|任职)G10" + _CEO),
    ("founded", r"{H}W12(?:创办|创立|创建|一手打造|一手创建|联合创办|共同创办|发起成立|成立)了?G4{T}"),
    ("founded", r"{T}(?:由|是)W16{H}G20(?:创办|创立|创建|成立)"),  # 由前华为“天才少年”彭志辉联合创立: past another name
    ("leads", r"{T}的?G4" + _CEO + r"(?:兼\w{0,6})?[：:、]?\s?{H}"),
    ("leads", r"{T}的?C16[、，,]" + _CEO + r"(?:兼\w{0,6})?[：:、]?\s?{H}"),
    ("leads", r"(?:^|(?<=[，,；：:“\"（(的\s])){T}C40[，,]\s?(?:公司|集团|本公司|该公司|学校)的?[^。！？，,\x01\x02\x03]{0,10}?" + _CEO
     + r"(?:兼\w{0,6})?\s?{H}"),
    ("leads", r"^{H}[，,（(]C80(?:现任|担任|出任|任|系|是|为)?{T}的?G2" + _CEO + r"(?!助理|秘书)"),
    ("leads", r"{H}C60[，,](?:现任|担任|出任|升任)G4{T}的?G2" + _CEO + r"(?!助理|秘书)"),
    ("leads", r"{H}(?:同志|先生|女士)?(?:是|为|作为|担任|出任|接任|兼任|升任|现任|曾任|曾担任|任)了?G4{T}的?G4" + _CEO),
    ("leads", r"{H}(?:执掌|掌舵|掌管|领导|带领|率领|统领)(?:着|了)?{T}"),
    ("leads", r"{T}的{H}" + _CEO),  # 三星电子的李在镕会长
    ("leads", r"{T}的?G4" + _CEO + r"(?:一职)?(?:由|将由){H}(?:担任|出任|接任)"),  # 京东零售CEO由辛利军担任
    ("works_for", r"{T}的?G4" + _STAFF + r"[：:、]?{H}"),
    ("works_for", r"{H}(?:是|为|作为|担任|出任|任|曾任|现任)G4{T}的?G4" + _STAFF),
    ("works_for", r"{H}G4(?:加入|任职于|就职于|供职于|入职|效力于|效力)了?G4{T}"),
    ("works_for", r"{H}G4(?:在|于){T}(?:工作|任职|就职)"),
    ("works_for", r"{H}G4(?:在|于){T}(?:担任|任)(?:过)?G6" + _STAFF),
    ("subsidiary_of", r"{H}(?:是|为|成为|作为)G4{T}(?:的|旗下的?)G4(?:全资|控股)?(?:子公司|分公司|附属公司|孙公司)"),
    ("subsidiary_of", r"{T}(?:的|旗下的?)G4(?:全资|控股)?(?:子公司|分公司|附属公司){H}"),
    ("subsidiary_of", r"{T}(?:全资|控股)?(?:成立|设立|组建)了?G4(?:子公司|分公司)?{H}"),
    ("subsidiary_of", r"{H}的?母公司(?:为|是)?{T}"),  # 谷歌母公司Alphabet
    ("product_of", r"{T}G8(?:推出|发布|上线|开发|研发|出品|打造|内测|公测|上架)(?:了|的)?G6{H}"),
    ("product_of", r"{T}G10(?:拍摄|制作|摄制)(?:并播出)?了?G6{H}", _PRODUCTS),
    # the later items of a list of products (推出了A和B); not an organisation after 和 (…推出的飞书和腾讯推出的…)
    ("product_of", r"{T}G4(?:推出|发布|上线|开发|研发|出品|打造)(?:了|的)?G6(?:\x03+(?:和|、|及|以及|与))+{H}(?!G4(?:推出|发布|上线|开发|研发|出品|打造))", _PRODUCTS),
    ("product_of", r"{H}》?(?:是|为|作为)G4{T}G10(?:推出|开发|研发|出品|打造|发布|上线|拍摄|制作|摄制|制作播出)的"),
    ("product_of", r"{H}(?:是|为|作为)G4{T}旗下", _PRODUCTS),
    ("product_of", r"{T}旗下(?:的)?G8{H}", _PRODUCTS),
    ("product_of", r"{T}旗下(?:的)?G8(?:\x03+[、和及与])+{H}", _PRODUCTS),  # 旗下的QQ音乐、酷狗音乐和酷我音乐
    ("product_of", r"{H}C30(?:是|为|作为|已是|已成为|成为)G4{T}(?:G6的|旗下的?)G10(?:产品|应用|平台|品牌|App|APP|app|软件)"),
    ("product_of", r"{T}(?:的|家的|自家的?)?{H}", ("PRODUCT",)),  # 腾讯的企业微信, 特斯拉Model Y (辰东的神墓: a work)
    ("subsidiary_of", r"{H}(?:是|为|作为)G4{T}旗下"),
    ("product_of", r"{H}》?(?:由|是由){T}G10(?:出品|开发|推出|研发|发行|打造|发布|制作|拍摄|摄制|承制)"),
    ("product_of", r"{T}的?(?:产品|应用|App|APP|app|品牌)[：:、]?{H}"),
    ("subsidiary_of", r"{T}旗下(?:的)?G4{H}"),
    ("acquires", r"{H}G6(?:收购|并购|吞并|买下|全资收购|拿下)了?G6{T}"),
    ("acquires", r"{H}(?:完成|宣布)?对{T}的(?:收购|并购)"),
    ("acquires", r"{T}(?:被|已被|将被|获){H}G4(?:收购|并购|吞并|买下)"),
    ("invests_in", r"{H}G6(?:投资|入股|注资|参股|领投|跟投|增持|战略投资|持股)了?G6{T}"),
    ("invests_in", r"{H}(?:已|已经|仍|也|还)?(?:是|为|成为)G4{T}的?G6(?:股东|投资方|投资者|投资人|大股东|第一大股东)"),
    ("invests_in", r"{H}G6(?:向|对){T}G4(?:追加|战略)?(?:投资|注资|增资|入股)"),  # 软银向OpenAI投资
    ("invests_in", r"{H}持有{T}"),
    ("invests_in", r"{T}的?(?:主要|控股|最大|第一大|大)?股东(?:为|是|包括)(?:\x03+[、和与及])*{H}"),  # 其主要股东为X
    ("invests_in", r"{T}(?:获得?|获|接受)(?:了)?{H}G6(?:投资|注资|领投|战略投资|融资)"),
    # 星尘智能完成A轮融资，由蚂蚁集团领投; 获得十亿元投资，由A和B联合领投; 投资方为红杉中国和中金资本
    ("invests_in", r"{T}C40(?:融资|投资)[，,]\s?(?:本轮)?由(?:\x03+[、和与及])*{H}(?:[、和与及]\x03+)*(?:共同|联合)?(?:领投|投资|独家投资)"),
    ("invests_in", r"{T}C40(?:融资|投资)[，,]\s?(?:本轮)?(?:投资方|投资人|投资机构)(?:为|是|包括)(?:\x03+[、和与及])*{H}"),
    ("endorses", r"{T}G6(?:代言人|形象大使|品牌大使|品牌代言人)(?:是|为)?[：:、]?{H}"),
    ("endorses", r"{H}(?:为|给|替|担任){T}G4(?:代言|代言人|形象大使|品牌大使)"),
    ("endorses", r"{H}(?:代言)了?{T}"),
    ("headquartered_in", r"{H}G6总部(?:位于|设在|设于|在|坐落于|落户)G2{T}"),
    ("headquartered_in", r"{H}C24[，,]\s?(?:其|公司)?总部(?:位于|设在|设于|坐落于)G2{T}"),  # 江淮汽车成立于1964年，总部位于合肥
    ("headquartered_in", r"总部(?:位于|设在|设于)G2{T}的G6{H}"),
    ("headquartered_in", r"{H}(?:是|为)G2(?:一家)?G2(?:位于|设在|总部在){T}"),
    # one of a list against another (A与B、C之间的竞争; not after 来自: the rivals of a third), or what B owns
    # (A与B旗下的C在外卖市场的竞争)
    ("competes_with", r"(?<![、自]){A}(?:与|和|同|跟|对|VS|vs|对阵)G2(?:\x03+[、和及与])*{B}(?:[、和及与]\x03+)*G10" + _COMPETE),
    ("competes_with", r"{A}(?:[、和及与]\x03+)*[、和及与]{B}(?:[、和及与]\x03+)*(?:之间|三者之间|两者之间)G4" + _COMPETE),
    ("competes_with", r"(?<!、){A}(?:与|和|同|跟)\x03+(?:旗下的?|的)G4{B}G10" + _COMPETE),
    # A面临来自B和C的竞争
    ("competes_with", r"{A}G10(?:面临|面对|遭遇|受到|迎来)(?:着|了)?(?:来自)?(?:\x03+[、和及与]?)*{B}(?:[、和及与]?\x03+)*G8" + _COMPETE),
    ("competes_with", r"{A}的?G4(?:竞争对手|竞品|对手|劲敌|竞争者)(?:是|有|包括)?G4{B}(?!的|推出|旗下)"),
    ("competes_with", r"{A}(?:对标|叫板|挑战|追赶|狙击|围剿|阻击|PK)G2{B}"),
    ("partners_with", r"(?<!、){A}(?:与|和|同|跟|联合|携手|牵手)G2{B}G8(?:合作|签约|签署|达成|联手|携手|共建|合资|结盟|战略|共同|一起|联合)"),
    ("partners_with", r"{A}(?:携手|联手|牵手|联合)G2{B}"),
]


def _compile(label: str, source: str, heads: tuple = ()) -> tuple[str, re.Pattern, bool, tuple]:
    roles = sorted(("{H}", "{T}", "{A}", "{B}"), key=lambda r: source.find(r) if r in source else len(source))
    first = roles[0]
    gaps = {"C": _CLAUSE, "G": _GAP, "W": _WIDE}
    text = re.sub(r"([CGW])(\d+)", lambda m: gaps[m[1]] % int(m[2]), source)
    for role in ("{H}", "{T}", "{A}", "{B}"):
        text = text.replace(role, FIRST if role == first else SECOND)
    # head first in the pattern: the relation runs first -> second
    return label, re.compile(text), first in ("{H}", "{A}"), heads


PATTERNS = [_compile(*entry) for entry in PATTERNS_SOURCE]

_QUALIFIER_WORDS = re.compile(
    r"(?P<negated>不是|并非|并不是|没有|并未|从未|未曾|否认|不会|不再|尚未)"
    r"|(?P<former>前任|曾任|曾经|曾在|曾于|原任|时任|卸任|离任|辞去|辞任|退休|离职|已离开|昔日)"
    r"|(?P<planned>拟|计划|准备|有意|打算|有望|即将|筹划|或将|酝酿|传将|洽谈|商谈|磋商)"
)

# right after the pair: the person has left the post (辛利军已卸任, 张三于近日辞职)
_LEFT_AFTER = re.compile(r"(?:已经|已|于近日|近日|日前|正式|宣布)?(?:卸任|离任|辞职|辞任|退休|离职)")

_SINGLE_CHARACTER_WORDS = (
    # 前CEO, 原总裁; 原宅急送总裁 (the company between): the role of the pair's organisation
    ("former", re.compile(r"(?:前|原)[" + FIRST + SECOND + r"]?的?(?:高级|资深|执行|常务|全球|联席)?(?:" + _CEO_WORDS + "|"
                          + _STAFF_WORDS + ")")),
    ("planned", re.compile(r"将(?:收购|并购|投资|入股|推出|发布|上线|合作|成立)")),
)


class Trigger(NamedTuple):
    label: str
    forward: bool  # the relation runs from the first entity to the second
    start: int  # where the match starts and ends in the template
    end: int


def pair_template(text: str, first: tuple[int, int], second: tuple[int, int], others=()) -> str:
    """``text`` with the two entities (character offsets) replaced by markers,
    and each character of the ``others`` (``(start, end, label)`` of other
    entities) by ``OTHER`` (an organisation or product) or ``OTHER_PLACE``."""
    (s1, e1), (s2, e2) = first, second
    if others:
        chars = list(text)
        for s, e, label in others:
            if e <= s1 or s >= e2 or (s >= e1 and e <= s2):
                chars[s:e] = (OTHER if label in _BLOCKING else OTHER_PLACE) * (e - s)
        text = "".join(chars)
    return text[:s1] + FIRST + text[e1:s2] + SECOND + text[e2:]


def match(template: str, fits=None, patterns=None) -> Trigger | None:
    """The first trigger pattern that matches the pair in ``template``.

    ``fits(label, forward, heads)``, when given, says whether the pair's entity
    types can hold the label that way round; patterns that cannot are passed
    over. ``patterns`` (default ``PATTERNS``) are the compiled patterns to try.
    """
    for label, pattern, forward, heads in PATTERNS if patterns is None else patterns:
        if fits is not None and not fits(label, forward, heads):
            continue
        m = pattern.search(template)
        if m:
            return Trigger(label, forward, m.start(), m.end())
    return None


def qualifier(template: str, start: int | None = None, end: int | None = None) -> str | None:
    """``negated``, ``former`` or ``planned`` when the words around the pair say so.

    Looks from four characters before the first entity (or ``start``) to the
    end of the pair (or ``end``) in ``template``, and for ``former`` also at
    what follows the pair (已卸任, 辞职).
    """
    lo = template.find(FIRST) if start is None else start
    hi = template.find(SECOND) + 1 if end is None else end
    before = max(0, lo - 4)
    clause = max(template.rfind(mark, before, lo) for mark in "，。；！？,;!?")
    before = max(before, clause + 1)  # not from the clause before (会员计划，美团副总裁张川)
    m = _QUALIFIER_WORDS.search(template, before, max(hi, lo))
    if m:
        return m.lastgroup
    if _LEFT_AFTER.match(template, max(hi, lo)):  # 京东零售首席执行官辛利军已卸任
        return "former"
    # single characters count only right before a role or verb: 前CEO, 将收购
    window = template[before:hi]
    for name, words in _SINGLE_CHARACTER_WORDS:
        if words.search(window):
            return name
    return None
