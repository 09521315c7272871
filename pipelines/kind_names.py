"""Products named right after the kind of product they are, without quotes: 无人车小蛮驴, 手术机器人锐刀二代,
轻薄本星河14, AI助手豆包, 直播选品工具柚选, 社交平台X.

Business news introduces a product by what it is and then its name, and the name ends where the sentence goes
on: at punctuation, a function word or a verb (小蛮驴，, 锐刀二代获批上市, 柚选已接入). The name is read off
jieba's words after the kind and kept only where it looks like a name, not like what the kind goes on to
say: no common word of jieba's at its start or end (手机市场, 电池技术, 助手功能), not only single common
characters (游戏版号), at most four words (else no clear end), and only where the clause before the kind
introduces it (发布, 推出, 自研的, 旗下, 招牌), the kind names what follows it anyway (助手, 应用, 小程序: 办公助手小禾),
or a model number, code or generation ends it (星河14, 行者T2, 锐刀二代): a kind word is far more often followed
by what is said about the kind (折叠屏赛道, 用眼镜点餐). Latin names after a kind
are taken as one run of words (平台Steam, 减重药Wegovy), not an acronym (AI, GMV). Not a title or a name that
goes on (三国：谋定天下, 青禾-Mini), nor a company acting under its product's name (超级应用Grab宣布).

The same reading finds a product line's name before 系列 (大骨面系列, 思元690系列; not 无糖系列, 一系列).
"""
from __future__ import annotations

import re

from .names import GENERIC_ACRONYMS
from .versions import CODE, EDITIONS

__all__ = ["kind_names", "series_names", "KIND", "KIND_START", "LATIN_OR_DIGIT"]

# what a product is, as the word right before its name
KINDS = ("手机 折叠屏 平板 笔记本 轻薄本 游戏本 眼镜 耳机 手表 手环 音箱 电视 相机 显示器 投影仪 "
         "路由器 机器人 机器狗 无人机 无人车 电动车 新车 车型 轿车 SUV MPV 跑车 小车 芯片 "
         "处理器 大模型 模型 智能体 助手 App APP 应用 小程序 软件 操作系统 平台 工具 游戏 手游 "
         "新游 产品 单品 新品 饮品 爆款 入门款 旗舰款 新药 创新药 药物 减重药 抑制剂 激动剂 疫苗 "
         "医疗险 重疾险 寿险").split()
# kinds that name what follows them without a launch before them: a name after them is far likelier than a word
# (办公助手小禾, 出行应用云栖; 助手功能 and 应用场景 stay words by the common-word check)
NAMING_KINDS = {"助手", "App", "APP", "应用", "小程序", "医疗险", "重疾险", "寿险"}  # not 大模型赛道, 智能体基准
KIND = re.compile("(?:" + "|".join(KINDS) + ")$")
KIND_START = re.compile("(?:" + "|".join(KINDS) + ")")  # a kind that starts where a word ends (人形|机器人)
DRUG_KINDS = {"新药", "创新药", "药物", "减重药", "抑制剂", "激动剂", "疫苗"}
KIND_ENDS = frozenset(kind[-1] for kind in KINDS)  # a word that ends otherwise is no kind: skipped unsearched
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*(?: [A-Z0-9][A-Za-z0-9.+\-]*)*")
GENERATION = re.compile(r"[一二三四五六七八九十]代$")  # 锐刀二代
STOP_CHARS = set("的了已将在于和与及等也还仍可能是为被把从向对由以并就都又再才获让给会要正首即达超至共或而上下中里内外后前时年月日"
                 "这那其该此每各")
STOP_TAGS = {"v", "vn", "vd", "d", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "t", "f", "r", "q", "m", "l", "i", "a", "ad",
             "an", "z", "y", "e", "o"}
STOP_WORDS = {"上市", "上线", "发布", "亮相", "开售", "交付", "量产", "落地", "首发", "月活", "日活", "日均", "月均", "用户", "销量"}
# a launch, a maker's own or a best seller before the kind, in the same clause: the name after it is introduced
CUE = re.compile(r"(?:推出|发布(?!会)|上线|开源|自研|自主研发|研发的|旗下|招牌|主打|首款|新一代|新款|名为|新品|爆款)")
CLAUSE_END = re.compile(r"[，。；！？：,;!?:\n]")
ACTS = re.compile(r"(?:宣布|表示|称|透露|公布|回应|官方|方面)")  # a company acting under its product's name (超级应用Grab宣布)
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
HYPHEN_MODEL = re.compile(r"-(?:[0-9]+(?:\.[0-9]+)?|[A-Z][A-Za-z]*[0-9]*(?:\.[0-9]+)?)"
                          r"(?:-(?:[0-9]+(?:\.[0-9]+)?|[A-Z][A-Za-z]*[0-9]*(?:\.[0-9]+)?))*(?![A-Za-z0-9.])")  # -2, -Mini, -R2
# a model after a space (人形机器人衡动 H2, 旗舰手机光年 X6 Pro): part of the name, and a common word before it a name
SPACE_MODEL = re.compile(r" (?:[A-Z]{1,3}[0-9][0-9A-Za-z+]*|[A-Z][a-z]+ ?[0-9]+)(?: " + EDITIONS + r")*(?![A-Za-z0-9.])")
MODEL_AFTER = re.compile(r"[0-9]|[一二三四五六七八九十]代")  # 星河14, 锐刀二代: a name with a model number
NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nt"}
COMMON_FREQ = 300  # a word of jieba's counted this often or more is a common one: no name starts or ends with it
COMMON_CHAR_FREQ = 2000  # a name only of single characters this common is no name (版号)
MAX_WORDS, MAX_CHARS = 4, 8
RARE_FREQ = 10  # a word of jieba's seen fewer times than this is no verb or adverb that ends a name


def _common(word: str, tag: str, freq) -> bool:
    return len(word) >= 2 and tag not in NAME_TAGS and (freq(word) or 0) >= COMMON_FREQ


def _common_edge(word: str, tag: str, freq, first: bool) -> bool:
    """A common word at the name's edge, or a longer word starting or ending as one does (市场份额: 市场)."""
    part = word[:2] if first else word[-2:]
    return _common(word, tag, freq) or len(word) > 2 and tag not in NAME_TAGS and (freq(part) or 0) >= COMMON_FREQ


def _latin_name(text: str, start: int, drug: bool = False) -> int | None:
    m = LATIN_NAME.match(text, start)
    if not m:
        return None
    name = m.group().rstrip(".-+")
    if len(name) < 2 or name.upper() in GENERIC_ACRONYMS or re.match(r"[A-Za-z0-9]", text[start + len(name):start + len(name) + 1] or " "):
        return None
    if name.isupper() and len(name) <= 4 or name.islower() and not drug:
        return None  # an acronym (GMV, DRM) or a word (手机sim卡), not a name; a drug's generic name is in lower case
    return start + len(name)


def _introduced(text: str, kind_start: int) -> bool:
    """A launch, a maker's own or a best seller (发布, 自研, 旗下, 招牌) before the kind in its clause."""
    ends = list(CLAUSE_END.finditer(text, max(0, kind_start - 30), kind_start))
    return bool(CUE.search(text, ends[-1].end() if ends else max(0, kind_start - 30), kind_start))


def _han_name(text: str, start: int, words: dict[int, tuple[int, str]], freq, series: bool = False) -> int | None:
    taken, end = [], start
    while end in words and len(taken) <= MAX_WORDS:
        stop, tag = words[end]
        word = text[end:stop]
        if not (HAN.match(word) or word.isalnum()) or word in STOP_WORDS:
            break
        if len(word) == 1 and word in STOP_CHARS:
            break
        if len(word) >= 2 and tag in STOP_TAGS and not GENERATION.search(word) and not word.isascii() \
                and (freq(word) or 0) >= RARE_FREQ:
            break  # a verb, adverb, ... (not one jieba has seen a few times: 启衡, a name)
        taken.append((word, tag))
        end = stop
    han = "".join(w for w, _ in taken if HAN.match(w))
    spaced = bool(taken) and HAN.match(text[end - 1]) and SPACE_MODEL.match(text, end)  # 衡动 H2, not 手机Mate X7
    if not taken or len(taken) > MAX_WORDS or end - start > MAX_CHARS or end not in words and end < len(text) \
            and not spaced:
        return None
    if len(han) < 2 and not (han and any(w.isdigit() for w, _ in taken)):
        return None  # one character is a name only with a model number (豹8)
    chinese = [(w, t) for w, t in taken if HAN.match(w)]
    coded = bool(CODE.fullmatch(taken[-1][0]) or spaced)  # a model code makes a common word a name (行者T2)
    if not coded and (_common_edge(*chinese[0], freq, True) or _common_edge(*chinese[-1], freq, False)):
        return None
    if all(len(w) == 1 and (freq(w) or 0) >= COMMON_CHAR_FREQ for w, _ in chinese) and not (
            series and (len(han) >= 3 or len(chinese) < len(taken))):
        return None  # before 系列, three such characters or a code make a name (大骨面, 思元690)
    if end < len(text) and text[end] in "：:·" or text.startswith("-", end) and not HYPHEN_MODEL.match(text, end):
        return None  # a title or a name that goes on (三国：谋定天下)
    return end


def kind_names(text: str, words: list[tuple[int, int, str]], freq) -> list[tuple[int, int, int]]:
    """``(kind_start, start, end)`` of the products named right after their kind in ``text``, from jieba's
    ``words`` of it (``(start, end, part of speech)``); ``freq`` is jieba's count of a word (None or 0 if none)."""
    at = {start: (end, tag) for start, end, tag in words}
    found = []
    for _, end, _ in words:
        if text[end - 1] not in KIND_ENDS:
            continue
        kind = KIND.search(text, max(0, end - 4), end)
        if not kind or end >= len(text):
            continue
        after_is = text[end] == "为" and end + 1 < len(text) and end + 1 in at  # 首款车型为海豹06
        if after_is:
            end += 1
        if HAN.match(text[end]):
            stop = _han_name(text, end, at, freq)
            model = stop and (HYPHEN_MODEL.match(text, stop) or HAN.match(text[stop - 1]) and SPACE_MODEL.match(text, stop))
            if model:  # a model after a hyphen (大模型青鸾-2, 端侧模型青禾-Mini)
                stop = model.end()
            if stop and not model and not MODEL_AFTER.search(text, end, stop) and kind.group() not in NAMING_KINDS \
                    and not _introduced(text, kind.start()):
                stop = None
            if stop and after_is and not LATIN_OR_DIGIT.search(text, end, stop):
                stop = None  # after 为 only a model (not 以自研芯片为卖点)
        else:
            stop = _latin_name(text, end, drug=kind.group() in DRUG_KINDS)
        if stop and not ACTS.match(text, stop):
            found.append((kind.start(), end, stop))
    return found


SERIES = re.compile(r"系列(?!酒)")  # not 系列酒, a kind of liquor
ONE_CHAR_STOP_TAGS = {"v", "p", "c", "d", "r", "u", "uj", "ul", "uz", "ug", "uv"}  # 使 of 使千问系列; not 元 of 思元


def series_names(text: str, words: list[tuple[int, int, str]], freq) -> list[tuple[int, int]]:
    """``(start, end)`` of the names right before 系列 in ``text`` (大骨面系列, 思元690系列), read as ``kind_names``
    reads a name after its kind: the longest run of jieba's ``words`` before it that passes the same checks."""
    at = {start: (end, tag) for start, end, tag in words}
    ends = {end: start for start, end, _ in words}
    found = []
    for m in SERIES.finditer(text):
        starts, end = [], m.start()
        while end in ends and len(starts) < MAX_WORDS and m.start() - ends[end] <= MAX_CHARS:
            word = text[ends[end]:end]
            if len(word) == 1 and (word in STOP_CHARS or at[ends[end]][1] in ONE_CHAR_STOP_TAGS):
                break  # a verb or function word of one character (使千问系列): not in the name
            end = ends[end]
            starts.append(end)
        for start in reversed(starts):  # the longest name first
            first, tag = text[start:at[start][0]], at[start][1]
            alone = at[start][0] == m.start()
            if _common(first, tag, freq) or alone and len(first) >= 2 and (
                    tag in ("n", "vn") or (freq(first) or 0) >= COMMON_FREQ):
                continue  # a common word first (核心产品HM32), or one word of jieba's: a kind of goods (鲜食系列, 老公系列)
            if first[0].isdigit() or start and (LATIN_OR_DIGIT.match(first) and re.match(r"[A-Za-z0-9.]", text[start - 1])
                          or text[start - 1] in "”\"」』》"):
                continue  # the end of a longer Latin run, or what a quoted name's line is (“辣途小方”魔芋爽系列)
            if _han_name(text, start, at, freq, series=True) == m.start():
                found.append((start, m.start()))
                break
    return found
