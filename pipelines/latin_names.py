"""People and research firms that Chinese business news names in Latin letters.

The tagger, trained on text whose Latin names lost their spaces, finds at most
one word of "高盛分析师Ronald Keung维持评级" (and drops it as no Chinese name)
and nothing of "Canalys数据显示". Two shapes say what such a name is:

- ``latin_persons``: two or three capitalised words right after a person's role
  (分析师, 首席执行官, 执行副董事长, 分析師 in traditional text) are a person, and
  so is one word a person is called by (被称为Joe, 英文名William, 用Pony称呼他)
  and one word, or words run together, right after a role or a person's part
  (选手Crius, 制作人JoeGoyette, 总监Mike: 25 of 26 such in CLUENER2020 train);
- ``latin_sources``: a capitalised name right before its data, report or
  analyst (Counterpoint高级分析师, IDC数据显示, Sensor Tower的数据显示) is the
  firm that publishes them, an organisation; not a common acronym (AI, GPU).

Both return ``(start, end)`` offsets of names no entity covers yet, or covers
only in part (the first word the tagger found); the caller labels them.
"""
from __future__ import annotations

import re

from .names import GENERIC_ACRONYMS
from .simplified import to_simplified

__all__ = ["latin_persons", "latin_sources"]

_WORD = r"[A-Z][a-z]+(?:[-'][A-Za-z][a-z]+)?"
# the whole run of Latin letters: two or three capitalised words, nothing Latin or a digit either side
_NOT_AFTER_LATIN = r"(?<![A-Za-z0-9.\-])(?<![A-Za-z0-9.\-] )"
_PERSON = re.compile(rf"{_NOT_AFTER_LATIN}{_WORD}(?: {_WORD}){{1,2}}(?![A-Za-z0-9.\-]| [A-Za-z0-9])")
_ROLE = re.compile(
    r"(?:分析师|研究员|经济学家|策略师|首席执行官|首席财务官|首席技术官|首席运营官|执行长|CEO|CFO|CTO|COO|总裁|总经理"
    r"|创始人|创办人|董事长|主席|主管|负责人|合伙人|发言人|总监|经理|记者|主编|教授|董事|高管)\s?$"
)
# one capitalised word, or words that lost their spaces, right after a role or a person's part (选手Crius,
# 新战士TomConlin, 产品总监Kevin)
_HANDLE = re.compile(rf"{_NOT_AFTER_LATIN}[A-Z][a-z]+(?:[A-Z][a-z]+){{0,2}}(?![A-Za-z0-9.\-]| [A-Z0-9])")
_PART = re.compile(r"(?:选手|玩家|主播|队员|球员|战士|作者|主演|歌手|演员|导演|编剧|编辑|教练|设计师|制作人|成员)$")
# one capitalised word a person is called by (常被称为Joe, 大家都叫他Tony, 英文名William, 用Pony称呼他)
_CALLED = re.compile(rf"{_NOT_AFTER_LATIN}{_WORD}(?![A-Za-z0-9.\-])")
_CALLED_BEFORE = re.compile(r"(?:叫他|叫她|英文名字?(?:是|叫|为)?|人称|昵称|花名|外号)[“\"「]?$")
# 称为 and 称作 name things too (被称为中国的Tesla): a person only where one is named in the clause before it
_CALLED_AS = re.compile(r"(?:称为|称作|叫作|叫做)[“\"「]?$")
_PERSON_WORDS = re.compile(r"[他她]|同事|大家|员工|朋友|投资人")
_CALLED_AROUND = (re.compile(r"用[“\"「]?$"), re.compile(r"[”\"」]?称呼"))
# a firm's name: capitalised words, or one word in capitals (IDC), right before what it publishes
# (simplified or traditional characters)
_SOURCE = re.compile(
    _NOT_AFTER_LATIN + r"(?P<name>[A-Z][A-Za-z0-9&]*(?: [A-Z][A-Za-z0-9&]*){0,2})"
    r"(?=(?:的|最新|[发發]布的)*(?:[数數][据據]|[报報]告|研[报報]|[调調]查|[统統][计計]|[调調]研)"
    r"(?:[显顯]示|[称稱]|指出|表明|[预預][计計]|[预預][测測]|[认認][为為])|(?:高[级級]|首席|[资資]深)?分析[师師])"
)


def latin_persons(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """``(start, end)`` of two or three capitalised Latin words right after a person's role, of one (or words
    run together) right after a role or a person's part (选手Crius), and of one that a person is called by
    (被称为Joe, 英文名William, 用Pony称呼)."""
    found = []
    for m in _PERSON.finditer(text):
        start, end = m.span()
        before = to_simplified(text[max(0, start - 8):start])
        if _ROLE.search(before) and _free(start, end, ents, "PERSON", ("ORG", "PRODUCT", "GPE", "LOC", "NORP")):
            found.append((start, end))
    for m in _HANDLE.finditer(text):
        start, end = m.span()
        before = to_simplified(text[max(0, start - 8):start])
        if (_ROLE.search(before) or _PART.search(before)) and _free(start, end, ents, "PERSON", ("ORG", "PRODUCT")):
            found.append((start, end))
    for m in _CALLED.finditer(text):
        start, end = m.span()
        before = to_simplified(text[max(0, start - 8):start])
        called = _CALLED_BEFORE.search(before) or (_CALLED_AROUND[0].search(before)
                                                   and _CALLED_AROUND[1].match(to_simplified(text[end:end + 3])))
        if not called and _CALLED_AS.search(before):
            clause = max(text.rfind(mark, 0, start) for mark in "。！？；\n") + 1
            called = _PERSON_WORDS.search(text, max(clause, start - 16), start) or any(
                label == "PERSON" and clause <= s and e <= start for s, e, label in ents)
        if called and _free(start, end, ents, "PERSON", ("ORG", "PRODUCT")):
            found.append((start, end))
    return found


def latin_sources(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """``(start, end)`` of the Latin names right before the data, report or analyst they publish."""
    found = []
    for m in _SOURCE.finditer(text):
        start, end = m.span("name")
        if m.group("name").upper() in GENERIC_ACRONYMS or not _free(start, end, ents, "ORG", ("PERSON",)):
            continue
        found.append((start, end))
    return found


def _free(start: int, end: int, ents: list[tuple[int, int, str]], label: str, over: tuple[str, ...]) -> bool:
    """No entity runs past the name or is it with ``label`` already, and any in it has ``label`` or one
    of ``over`` (the tagger's reading of a part: Gokul as an ORG)."""
    return not any(s < end and start < e and (s < start or e > end or (s, e, found) == (start, end, label)
                                              or found not in over + (label,))
                   for s, e, found in ents)
