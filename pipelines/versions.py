"""A product's model and version written after its name: iPhone 17, 小米SU7 Ultra, Mate 70 Pro.

The tagger often stops a product at the brand or series (iPhone, Mate) and
leaves the number or the edition after it out, so that one product becomes
its series on the graph. ``with_versions`` extends each PRODUCT over up to
``MAX_PARTS`` Latin or number parts right after it, each after one space: a
part must start with a digit or a capital letter, or be an edition word (Pro,
Max, mini, ...), and must not run into more Latin text. Without a space only a
model code after a Chinese name is taken in (问界M9, 小米SU7: capitals, then a
digit); the rest is the tagger's to read (魔兽争霸1.25 is a patch of the game,
DOTAER a player of DOTA).

A company's name with such a code right after it is one of its products
(蔚来ET9, 理想L6, 华为P70): the whole is a PRODUCT, unless the code names a
period or a business model (小米Q3营收, 腾讯H1, 阿里FY2025, 京东B2B). So is a
company's name with a Latin model name and a number (小米MIX Flip 2, 小米15 Ultra), and a company's Latin
name with a model after a space (vivo X100 Pro, iQOO 13, DJI Mini 4 Pro; not Apple 2025年 or Meta Q3).

A product also takes in: a version after a Chinese name (豆包1.6, 可灵2.1; not 微信1.6亿, nor a game's
patch, 魔兽争霸1.25), a model number of two to five digits
right after a Chinese name (昇腾960, 麒麟9020, 海豹06; not before a unit or a
date: 微信12亿, 淘宝2024年), a capitalised word where a number follows it
(Claude Opus 4, Walker S2), a minor version after a number (DeepSeek-V3.1), a
version joined by a hyphen, which makes a company's name its model (DeepSeek-V4; after a Chinese name too:
墨言-3-Mini), a model after a space after a Chinese maker's name (光年 X6 Pro, 青禾 Flow 3), a
"+" after an edition (Mate 70 Pro+) and a Chinese edition (Redmi K80至尊版,
Windows 11专业版), capitalised words after its version where no Latin text runs on (Gemini 2.5 Deep Think),
and a model word the tagger read as something else than a product (Sonnet 4 of Claude Sonnet 4, as an ORG).

``named_models`` finds the Latin model names that the tagger left out where
the kind of product stands next to them: 人形机器人H2, GB300服务器, Rubin平台,
Hi-MO 9组件 (not a common acronym: AI平台, GPU服务器, 5G手机), a Latin name of two words or more whose
last holds its number (ROG Phone 10, Galaxy Z Fold7; not Top 10, KRAS G12D), a model code with its
launch or sales after it (YU7上市), a Chinese name with a model
number before its kind (麒麟9030芯片), and a Chinese name with a model code right after it (混元T1, 灵犀X2;
not a word for a model, 新款X5, nor a quarter, 季度Q3).
"""
from __future__ import annotations

import re
from bisect import bisect_left

__all__ = ["with_versions", "named_models"]

MAX_PARTS = 3
EDITIONS = r"(?:Pro|PRO|Max|MAX|Ultra|ULTRA|Plus|PLUS|Air|mini|Mini|Lite|SE|Turbo|Neo|Elite|Thinking|Flash|Preview|Instruct)\+?"
PART = re.compile(r" (?:" + EDITIONS + r"|[0-9](?:[0-9A-Za-z+]|\.(?=[0-9]))*|[A-Z][0-9A-Z+]*|[A-Z][a-z]+[0-9][0-9A-Za-z+]*)"
                  r"(?![A-Za-z0-9])")  # ... and a model word with its number (vivo X Fold5)
WORD = re.compile(r" [A-Z][a-z]+(?![A-Za-z0-9])")  # Opus of Claude Opus 4: taken only where a number follows
# a company's model name right after it, without a space (小米MIX Flip 2, 荣耀Magic8 Pro, 小米15 Ultra,
# 小米15S Pro, 可灵2.5 Turbo)
FIRST = re.compile(r"[A-Z][A-Za-z]*[0-9]*(?![A-Za-z0-9])|[0-9]{1,3}(?:\.[0-9])?[A-Z]?(?![0-9A-Za-z.])")
HAS_DIGIT = re.compile(r"[0-9]")
# a model number right after a Chinese name, not a quantity or a date (昇腾960, but 微信12亿, 淘宝2024年)
UNITS = "年月日号时点分秒周岁天亿万千百元个家款台辆位名人次届期倍层楼项条种只张部套份笔单件块美港大"
NUMBER = re.compile(r"[0-9]{2,5}[A-Z]{0,3}\+?(?![0-9A-Za-z.%])(?![" + UNITS + "])")
MINOR = re.compile(r"\.[0-9]+(?![0-9A-Za-z])")  # DeepSeek-V3 -> DeepSeek-V3.1
# a version right after a Chinese name (豆包1.6, 文心4.5), not an amount (微信1.6亿, 3.5%)
DECIMAL = re.compile(r"[0-9]{1,2}\.[0-9](?![0-9A-Za-z.%％])(?![" + UNITS + "])")  # not a game's patch, 魔兽争霸1.25
# a version joined to a Latin name by a hyphen (DeepSeek-V4, GLM-4.6): the company's name so written is its model
HYPHENED = re.compile(r"-[A-Z]{0,2}[0-9]+(?:\.[0-9]+)?(?![0-9A-Za-z.%])(?![" + UNITS + "])")
# a product's model words joined by hyphens (Qwen3-Coder, Doubao-Seed-1.6, Qwen3-235B-A22B)
HYPHENED_WORDS = re.compile(r"(?:-(?:[A-Z][A-Za-z]+|[A-Z]{0,2}[0-9]+(?:\.[0-9]+)?[A-Za-z]{0,2})){1,3}(?![0-9A-Za-z.%-])"
                            r"(?![" + UNITS + "])")
CN_EDITION = re.compile(r"(?:(?:至尊|专业|企业|个人|国际|标准|青春|旗舰|尊享|极速|轻享|长续航|性能|满血|海外|教育|家庭|精英|增程|纯电|四驱|典藏|限定"
                        r"|Pro|Max|Plus|Ultra)版(?![本权图面块税])|非凡大师)")
# a model code right after a Chinese name, without a space: capitals, then a digit (问界M9, 小米SU7, 理想L9)
CODE = re.compile(r"[A-Z]{1,3}[0-9][0-9A-Za-z+]*(?![A-Za-z0-9])")
NOT_A_MODEL = re.compile(r"(?:Q[1-4]|H[12]|FY[0-9]+|[A-Z]2[A-Z]|[2-6]G)$")  # quarters, halves, fiscal years, B2B, 5G
# one digit after a product's Chinese name, where a clause or the name of a series or system ends (鸿蒙5，)
SINGLE = re.compile(r"[0-9](?=[，。、；！？：:\s）)”]|$|系列|系统)")
# any number before a Chinese edition (骁龙8至尊版)
NUMBER_EDITION = re.compile(r"[0-9]{1,5}[A-Z]{0,3}\+?(?=" + CN_EDITION.pattern + ")")


def with_versions(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """For each entity ``(start, end, label)``, the same with the parts after a PRODUCT taken in, and an ORG
    with a model after it made a PRODUCT (unchanged where the parts would run into another entity)."""
    starts = sorted(s for s, _, _ in ents)
    # a model word the tagger read as something else than a product (Sonnet 4 of Claude Sonnet 4, as an ORG)
    latin_ends = {s: e for s, e, label in ents if label != "PRODUCT" and text[s:e].isascii()}

    def free(a: int, b: int) -> bool:  # no entity starts in a:b, but such a model word that ends by b
        i = bisect_left(starts, a)
        while i < len(starts) and starts[i] < b:
            if latin_ends.get(starts[i], b + 1) > b:
                return False
            i += 1
        return True

    out = []
    for start, end, label in ents:
        new_end = end
        if label in ("PRODUCT", "ORG") and "\u4e00" <= text[end - 1] <= "\u9fff":
            m = CODE.match(text, end) or (NUMBER.match(text, end) or NUMBER_EDITION.match(text, end)
                                          or _decimal(text, start, end) or SINGLE.match(text, end)
                                          if label == "PRODUCT" else None)
            hyphened = HYPHENED_WORDS.match(text, end)  # a version joined by a hyphen (墨言-3-Mini, 深码-Coder-32B)
            if hyphened and (label == "PRODUCT" or HAS_DIGIT.search(hyphened.group())) and free(end, hyphened.end()):
                new_end, label = hyphened.end(), "PRODUCT"
            elif m and free(end, m.end()):
                if label == "PRODUCT" or not NOT_A_MODEL.match(m.group()):
                    new_end, label = m.end(), "PRODUCT"
            else:
                model_end = _parts(text, end, first=True)
                if model_end == end and label == "ORG" and text.startswith(" ", end):  # a maker's model after a space
                    # (光年 X6 Pro, 青禾 Flow 3); a product's parts are taken in below
                    model_end = _latin_model(text, end)
                if model_end > end and free(end, model_end):
                    new_end, label = model_end, "PRODUCT"
        elif label in ("PRODUCT", "ORG") and text[end - 1].isascii() and text[end - 1].isalnum():
            m = HYPHENED.match(text, end) if text[end - 1].isalpha() else None
            if not m and label == "PRODUCT":
                m = HYPHENED_WORDS.match(text, end)
            if m and free(end, m.end()):
                new_end, label = m.end(), "PRODUCT"
            elif label == "ORG":
                model_end = _latin_model(text, end)
                if model_end > end and free(end, model_end):
                    new_end, label = model_end, "PRODUCT"
        if label == "PRODUCT":
            if text[new_end - 1].isdigit():
                m = MINOR.match(text, new_end)
                if m and free(new_end, m.end()):
                    new_end = m.end()
            parts_end = _parts(text, new_end)
            if free(new_end, parts_end):
                new_end = parts_end
            m = CN_EDITION.match(text, new_end)
            if m and free(new_end, m.end()):
                new_end = m.end()
        out.append((start, new_end, label))
    return out


def _decimal(text: str, start: int, end: int):
    """A version right after a product's Chinese name (豆包1.6), not after the kind of product it is
    (豆包大模型2.0: the name is 豆包)."""
    return None if KIND_BEFORE.search(text, start, end) else DECIMAL.match(text, end)


def _latin_model(text: str, end: int) -> int:
    """Where the model after a company's Latin name and a space ends (vivo X100 Pro, iQOO 13, ROG Phone 10);
    ``end`` where there is none: the model holds a number, and is no year, period or quantity (Apple 2025年,
    Meta Q3, Nvidia 40%)."""
    model_end = _parts(text, end)
    model = text[end:model_end].split()
    if not model or not HAS_DIGIT.search(model[-1] if len(model) == 1 else " ".join(model)):
        return end
    if NOT_A_MODEL.match(model[0]) or model[0].isdigit() and len(model[0]) > 3:
        return end
    if model_end < len(text) and (text[model_end] in UNITS or text[model_end] in "%％"):
        return end
    return model_end


def _parts(text: str, end: int, first: bool = False) -> int:
    """Where up to ``MAX_PARTS`` parts after ``end`` end; a capitalised word is taken only where a number
    follows it. ``first``: a company's model, whose first part comes without a space and which must hold
    a number (小米MIX Flip 2; not 腾讯AI, and a bare number only with an edition after it: 小米15 Ultra,
    not 京东618)."""
    parts = []  # (end, is a bare capitalised word)
    at = end
    for i in range(MAX_PARTS):
        if first and i == 0:
            m = FIRST.match(text, at)
            word = bool(m) and not m.group()[0].isdigit()
        else:
            m = PART.match(text, at)
            word = False
            if not m:
                m = WORD.match(text, at)
                word = True
        if not m:
            break
        parts.append((m.end(), word))
        at = m.end()
    if not (parts and parts[-1][1] and _named_mode(text, end, parts)):
        while parts and parts[-1][1]:
            parts.pop()
    if first:
        if not parts or not HAS_DIGIT.search(text, end, parts[-1][0]):
            return end
        if text[end].isdigit() and len(parts) < 2 and not (text.startswith("系列", parts[-1][0])
                                                           and text[end:parts[-1][0]].isdigit()):
            return end  # a bare number only before an edition or 系列 (小米17系列; not 京东618)
    return parts[-1][0] if parts else end


def _named_mode(text: str, end: int, parts: list[tuple[int, bool]]) -> bool:
    """Whether the capitalised words that end ``parts`` name a model's mode after its version (Gemini 2.5 Deep
    Think): a part before them holds a digit, and no Latin text runs on after them."""
    last, k = parts[-1][0], len(parts)
    while k and parts[k - 1][1]:  # the trailing words start at part k
        k -= 1
    return k > 0 and bool(HAS_DIGIT.search(text, end, parts[k - 1][0])) and not (
        last < len(text) and (text[last].isascii() and text[last].isalnum() or text[last] == " "
                              and text[last + 1:last + 2].isascii() and text[last + 1:last + 2].isalnum()))


KIND_BEFORE = re.compile(r"(?:机器人|服务器|平台|芯片|大模型|模型|操作系统|系统|组件|手机|架构|智能体|处理器|显卡|加速卡|训练卡|推理卡|模组"
                         r"|电池|车型|游戏|相机|耳机|眼镜|手表|平板|笔记本|无人机|航拍机|显示器|音箱|路由器|投影仪|扫地机|旗舰机|新机|机型)$")
KIND_AFTER = re.compile(r"(?:平台|服务器|组件|系统|芯片|系列|架构|手机|电池|处理器|大模型|模型|智能体|机器人|折叠屏|耳机|平板|眼镜"
                        r"|手表|笔记本|学习机|加速卡|训练卡|推理卡|显卡|模组)")
# a drug's code right after what it is (口服GLP-1药物HRS-7535, 减重药HN-0217): letters, then three digits or more;
# not a target (GLP-1, PD-1), which comes before the kind
DRUG_BEFORE = re.compile(r"(?:药物|新药|候选药|药|疫苗|抑制剂|单抗|双抗|偶联物)$")
DRUG_CODE = re.compile(r"(?<![A-Za-z0-9\-])[A-Z]{1,5}-?[0-9]{3,6}[A-Z]?(?![A-Za-z0-9])")
# a Chinese name with a model number, right before the kind of product (麒麟9030芯片, 思元690系列)
CHINESE_MODEL = re.compile(r"(?P<han>[\u4e00-\u9fff]{2,6})(?P<number>[0-9]{2,5}[A-Z]{0,2})(?=" + KIND_AFTER.pattern + ")")
# a Chinese name with a model code right after it (混元T1, 灵犀X2, 零跑Lafa5)
MODEL_CODE = r"(?:[A-Z]{1,3}[0-9][0-9A-Za-z+]*|[A-Z][a-z]+[0-9]+)"  # T1, X2, Lafa5
CHINESE_CODE = re.compile(r"(?<=[\u4e00-\u9fff])" + MODEL_CODE + r"(?![A-Za-z0-9])")
HAN_TAIL = re.compile(r"[\u4e00-\u9fff]{2,6}$")
NO_NAME_END = set("款型版代号机车")
NO_NAME = {"量产", "发布", "推出", "搭载", "采用", "支持", "新建", "新开", "扩建", "投建", "新增"}
MODEL_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9+-]*(?: [0-9A-Z][A-Za-z0-9.+]*){0,2}(?![A-Za-z0-9])")


# words that start a Latin name with a number and no product (Top 10, Fortune 500, Nasdaq 100, Phase 3)
NOT_MODEL_WORDS = {"Top", "TOP", "Fortune", "Nasdaq", "NASDAQ", "Forbes", "Global", "Version", "Level", "Phase", "Stage",
                   "Round", "Series", "Class", "Type", "No", "Page", "Chapter", "Figure", "Table", "Section", "Day",
                   "Week", "Year", "Vol", "Part", "Season", "Episode", "Apple", "Google", "Meta", "Amazon", "Microsoft"}
# a model code alone (YU7, SU7 Ultra) where its launch or sales follow it (YU7上市三个月)
BARE_MODEL = re.compile(r"[A-Z]{1,3}[0-9]{1,4}[A-Z]?(?: " + EDITIONS + r")?")
STORAGE = re.compile(r"[0-9]+(?:GB|TB|MB|G|T|W|mAh)")  # a model's memory, storage or power, after it
MUTATION = re.compile(r"[A-Z][0-9]{2,4}[A-Z]")  # a gene's mutation (KRAS G12D, EGFR T790M), no model
LAUNCH_AFTER = re.compile(r"(?:上市|交付|销量|锁单|预售|开售|首发|大定)")


def _runs_on(text: str, start: int, end: int) -> bool:
    """Whether Latin text runs on into ``start:end`` from before (17 of 星云 17 Pro Max) or after it."""
    before, after = text[max(0, start - 2):start], text[end:end + 1]
    return (before.endswith(" ") and before[:1].isascii() and before[:1].isalnum()) or (after.isascii() and after.isalnum())


def _named_model(name: str) -> bool:
    """A Latin product name of two words or more whose last holds its number (ROG Phone 10, Galaxy Z Fold7,
    MTT S5000; not Top 10 or Fortune 500)."""
    words = name.split()
    if MUTATION.fullmatch(words[-1]) or STORAGE.fullmatch(words[-1]) or re.fullmatch(EDITIONS, words[0]):
        return False
    if any(w in NOT_MODEL_WORDS for w in words[1:]):  # Arrow Season 6: a series' season, no model
        return False
    return (len(words) >= 2 and words[0] not in NOT_MODEL_WORDS and len(words[0]) >= 2
            and bool(HAS_DIGIT.search(words[-1])) and len(words[-1]) <= 6 and not words[-1].isdigit() or
            len(words) >= 3 and words[0] not in NOT_MODEL_WORDS and words[-1].isdigit() and len(words[-1]) <= 3)


def named_models(text: str, ents: list[tuple[int, int, str]], generic: frozenset, last_word=None) -> list[tuple[int, int]]:
    """Spans of Latin model names next to the kind of product they are, that no entity touches;
    ``generic``: upper-cased acronyms that name a kind of thing, not a product (AI, GPU). With ``last_word``
    (Chinese characters -> the name they end with, "" for none), also a Chinese name and its model number
    before the kind (麒麟9030芯片)."""
    taken = sorted((s, e) for s, e, _ in ents)
    starts = [s for s, _ in taken]
    found = []
    ends = {e for _, e in taken}
    for m in MODEL_NAME.finditer(text):
        start, end = m.span()
        name = m.group()
        while " " in name and name.split(" ", 1)[0].upper() in generic:  # GPU of GPU MTT S5000
            cut = name.index(" ") + 1
            start, name = start + cut, name[cut:]
        if len(name) < 2 or name.upper() in generic:  # a name starts with a capital: never 5G
            continue
        i = bisect_left(starts, end)
        if i and taken[i - 1][1] > start:  # an entity touches it
            continue
        if KIND_BEFORE.search(text, max(0, start - 4), start) or KIND_AFTER.match(text, end) or (
                DRUG_CODE.fullmatch(name) and DRUG_BEFORE.search(text, max(0, start - 3), start)) or (
                start not in ends and not _runs_on(text, m.start(), end) and (
                    _named_model(name) or BARE_MODEL.fullmatch(name) and not NOT_A_MODEL.match(name)
                    and LAUNCH_AFTER.match(text, end))):
            found.append((start, end))
    if last_word is not None:
        for m in CHINESE_CODE.finditer(text):  # a name of its own with a model code (混元T1, 灵犀X2), no kind needed
            if NOT_A_MODEL.match(m.group()):
                continue
            han = HAN_TAIL.search(text, max(0, m.start() - 6), m.start())
            word = last_word(han.group()) if han else ""
            if len(word) < 2 or KIND_BEFORE.search(word) or KIND_AFTER.fullmatch(word) or word[-1] in NO_NAME_END \
                    or word in NO_NAME:
                continue  # the kind of product or a word for a model (机器人G1, 新款X5, 首款L4), not its name
            start, end = m.start() - len(word), m.end()
            i = bisect_left(starts, end)
            if len(word) >= 2 and not (i and taken[i - 1][1] > start):
                found.append((start, end))
        for m in CHINESE_MODEL.finditer(text):
            word = last_word(m.group("han"))
            start, end = m.start("number") - len(word), m.end()
            i = bisect_left(starts, end)
            if len(word) >= 2 and not (i and taken[i - 1][1] > start):
                found.append((start, end))
    return sorted(found)
