"""Entity resolution: one node per real-world entity.

Works on mention records across documents (never re-running the NLP):

- forms: full-width and half-width, traditional and simplified, Latin case and
  spacing fold to one key (``normalize``);
- the pipeline's canonical names (gazetteer entries, short names a document
  declares) come in as ``Mention.canonical``;
- a user's alias and stop lists (``read_alias_file``) win over everything;
- person names lose titles and honorifics (``CEO黄峥``, ``黄峥先生``); a
  surname with a title (``黄总``, ``吴小姐``, ``老王``) joins the one person of
  that surname in the same document, if there is one;
- after all records are in, a company name reduced by its legal suffix,
  industry word or place prefix (``北京字节跳动科技有限公司`` ->
  ``字节跳动``) joins the entity of that shorter name, if there is one. Names are
  never merged on shared characters alone (``阿里巴巴`` / ``阿里影业`` stay two);
- filters drop what is not an entity (single characters, numbers, generic
  words), counted by filter for the run's report.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from pipelines.names import GENERIC_ACRONYMS, title_surname
from pipelines.simplified import to_simplified

__all__ = ["Resolver", "normalize", "read_alias_file", "AliasFileError", "org_reductions", "strip_person_title"]

ORG_SUFFIXES = (
    "集团股份有限公司", "控股股份有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "控股有限公司",
    "（集团）有限公司", "(集团)有限公司", "有限公司", "控股集团", "集团公司", "总公司", "集团", "控股", "股份", "公司", "中国区",
    " inc.", " inc", " co., ltd.", " co.,ltd.", " co. ltd.", " ltd.", " ltd", " corp.", " corporation",
    " group", " holdings", " limited", " plc",
)
ORG_INDUSTRY = (
    "网络科技", "信息技术", "网络技术", "信息科技", "电子商务", "文化传媒", "智能科技", "数字科技", "科技", "网络", "技术",
)
PLACE_PREFIXES = (
    "北京市", "上海市", "深圳市", "广州市", "杭州市", "天津市", "重庆市", "北京", "上海", "深圳", "广州", "杭州", "天津",
    "重庆", "浙江", "江苏", "广东", "福建", "四川", "湖北", "南京", "成都", "武汉", "苏州", "厦门", "西安", "香港", "中国",
    # a foreign company named with its country, as news and the datasets write it (美国高盛公司, 韩国三星电子)
    "美国", "日本", "韩国", "德国", "英国", "法国", "瑞士", "荷兰", "瑞典", "丹麦", "意大利", "加拿大", "澳大利亚", "印度",
    "新加坡", "台湾", "以色列", "爱尔兰", "芬兰", "挪威", "比利时", "西班牙", "俄罗斯", "巴西", "沙特", "阿联酋", "越南",
    "泰国", "印尼", "马来西亚", "墨西哥", "匈牙利", "波兰", "奥地利", "土耳其", "新西兰", "南非",
)
_ORG_ENDS = ORG_SUFFIXES + ORG_INDUSTRY
_ENDS, _END_SIZES = frozenset(_ORG_ENDS), sorted({len(s) for s in _ORG_ENDS})
_PLACES, _PLACE_SIZES = frozenset(PLACE_PREFIXES), sorted({len(p) for p in PLACE_PREFIXES})
PERSON_PREFIXES = (
    "首席执行官", "创始人兼CEO", "联合创始人", "董事长兼CEO", "创始人", "董事长", "总经理", "副总裁", "总裁", "CEO",
    "CTO", "CFO", "COO", "主席", "董事", "经理", "记者", "教授", "博士",
)
PERSON_SUFFIXES = ("先生", "女士", "小姐", "博士", "教授", "老师", "同志", "董事长", "总裁", "总经理")
GENERIC = frozenset(
    "公司 集团 本公司 该公司 该集团 我们 你们 他们 她们 它们 用户 平台 企业 记者 官方 政府 部门 市场 行业 消费者 "
    "商家 网友 员工 团队 董事会 股东 投资者 客户 中心 总部 国家 地方 全国 全球 世界 国内 国外 海外 本报 新华社记者 "
    "银行 交易所 法院 大学 医院 学校 监管部门".split()
) | {word.lower() for word in GENERIC_ACRONYMS}  # technology words the NER may take for a name (keys are normalized)
NUMBER = re.compile(r"^[\d\s.,:：/\-%％年月日号万亿元千百]+$")
EDGE_PUNCT = "“”\"'‘’「」『』《》〈〉【】（）()[]<>,，。.、:：;；!！?？ \t\r\n·-—"


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """The key a name is grouped under: NFKC, simplified, lowercased, spaces folded."""
    key = unicodedata.normalize("NFKC", name)
    key = to_simplified(key)
    return " ".join(key.lower().split())


def strip_person_title(name: str) -> str:
    """``CEO黄峥`` -> ``黄峥``, ``黄峥先生`` -> ``黄峥``; unchanged when nothing is left."""
    for prefix in PERSON_PREFIXES:
        if name.startswith(prefix) and len(name) - len(prefix) >= 2:
            name = name[len(prefix):]
            break
    for suffix in PERSON_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            name = name[: -len(suffix)]
            break
    return name


def org_reductions(key: str) -> list[str]:
    """Shorter forms of a company name, longest first (keys, already normalized)."""
    if not key.endswith(_ORG_ENDS) and not key.startswith(PLACE_PREFIXES):
        return []
    seen, todo = {key}, [key]
    while todo:  # every form that some chain of cuts reaches
        form = todo.pop()
        for size in _END_SIZES:
            if len(form) - size < 2:
                break
            if form[-size:] in _ENDS:
                new = form[:-size].strip()
                if new not in seen:
                    seen.add(new)
                    todo.append(new)
        for size in _PLACE_SIZES:
            if len(form) - size < 2:
                break
            if form[:size] in _PLACES:
                new = form[size:].strip()
                if new not in seen:
                    seen.add(new)
                    todo.append(new)
    seen.discard(key)
    return sorted(seen, key=lambda f: (-len(f), f))


class AliasFileError(Exception):
    """An ``--aliases`` file that cannot be read (one line naming file and line)."""


def read_alias_file(path: str | Path) -> tuple[dict[str, str], set[str]]:
    """Read a user alias file: CSV with a header ``alias,canonical``.

    A row maps ``alias`` to ``canonical``; a row whose canonical is ``-`` puts
    ``alias`` on the stop list (never a node). Lines starting with ``#`` are
    comments. Returns ``(aliases, stop)`` with normalized keys.
    """
    path = Path(path)
    aliases, stop = {}, set()
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = csv.reader(line for line in f if not line.lstrip().startswith("#"))
            header = next(rows, None)
            if header is None or [h.strip().lower() for h in header[:2]] != ["alias", "canonical"]:
                raise AliasFileError(f"{path}:1: expected the header alias,canonical")
            for n, row in enumerate(rows, 2):
                if not row or not any(c.strip() for c in row):
                    continue
                if len(row) < 2 or not row[0].strip() or not row[1].strip():
                    raise AliasFileError(f"{path}:{n}: expected alias,canonical (canonical - to stop a name)")
                alias, canonical = row[0].strip(), row[1].strip()
                if canonical == "-":
                    stop.add(normalize(alias))
                else:
                    aliases[normalize(alias)] = canonical
    except OSError as err:
        raise AliasFileError(f"{path}: cannot read: {err.strerror}") from None
    except UnicodeDecodeError:
        raise AliasFileError(f"{path}: not UTF-8 text") from None
    return aliases, stop


class _Drop:
    def __init__(self, reason: str):
        self.reason = reason


class Resolver:
    """Names for mentions, and the merges found once all records are in.

    Parameters
    ----------
    aliases : dict, optional
        Normalized alias -> canonical name (the user's, they win).
    stop : set, optional
        Normalized names that never become nodes.
    """

    def __init__(self, aliases: dict[str, str] | None = None, stop: set[str] | None = None):
        self.aliases = aliases or {}
        self.stop = stop or set()
        self.dropped: Counter = Counter()
        self._names: dict[tuple, object] = {}  # (text, type, canonical) -> name or _Drop

    def name(self, text: str, type_: str, canonical: str | None = None, *, count: bool = True) -> str | None:
        """The name a mention counts under, or None when a filter drops it.

        ``count`` adds a dropped mention to ``dropped``, by filter.
        """
        key = (text, type_, canonical)
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = self._name(text, type_, canonical)
        if isinstance(name, _Drop):
            if count:
                self.dropped[name.reason] += 1
            return None
        return name

    def _name(self, text: str, type_: str, canonical: str | None):
        surface = text.strip(EDGE_PUNCT)
        key = normalize(surface)
        if key in self.stop or (canonical and normalize(canonical) in self.stop):
            return _Drop("stop_list")
        if key in self.aliases:
            return self.aliases[key]
        if canonical:
            return self.aliases.get(normalize(canonical), canonical)
        if not surface:
            return _Drop("punctuation")
        if NUMBER.match(surface):
            return _Drop("number")
        if key in GENERIC:
            return _Drop("generic_word")
        if type_ == "PERSON":
            surface = strip_person_title(surface)
        if len(surface) < 2 and not surface.isascii():
            return _Drop("single_character")
        return " ".join(unicodedata.normalize("NFKC", surface).split())

    def person_references(self, names: dict[str, str]) -> dict[str, str]:
        """``黄总`` -> ``黄峥``, ``吴小姐`` -> ``吴敏`` where one person of that surname is in the document.

        ``names`` maps each PERSON name of one document to itself; returns the
        names that refer to another.
        """
        surnames = {name: title_surname(name) for name in names}
        full = [name for name, surname in surnames.items() if not surname and len(name) >= 2]
        out = {}
        for name, surname in surnames.items():
            if surname:
                matches = [n for n in full if n.startswith(surname)]
                if len(matches) == 1:
                    out[name] = matches[0]
        return out
