"""Drugs by their Chinese generic names: 司美格鲁肽, 替尔泊肽, 依沃西单抗, 泽布替尼.

A generic name (INN) is a transliteration that ends in its class's stem (-单抗 an
antibody, -替尼 a kinase inhibitor, -鲁肽 a GLP-1 drug, -他汀 a statin, ...). The
tagger reads the transliteration as a person (鲁肽) or not at all; pharma news
names them as often as companies. ``drug_spans`` finds the stem and takes in the
characters before it, back to punctuation, a function word, a word for a drug
(药, 新药) or a common word (康方生物|依沃西单抗), and the dosage form after it
(乐沃替尼片, 依沃西单抗注射液).
"""
from __future__ import annotations

import re

__all__ = ["drug_spans"]

STEMS = re.compile(r"单抗|替尼|替康|他汀|沙坦|普利|格列净|他韦|西韦|沙韦|拉韦|沙星|西汀|洛芬|肽")
FORM = re.compile(r"(?:缓释片|肠溶片|分散片|软胶囊|胶囊|注射液|注射剂|口服液|颗粒|片)(?![\u4e00-\u9fff]*?(?:区|剂型))")
HEAD_MAX = 5  # characters of a generic name before its stem (帕博利珠 of 帕博利珠单抗)
HEAD_MIN = 2  # not 多肽 or 胜肽
STOP = set("的和与及或在是为将了其等款种类药用对向从由把被称获达该此")
COMMON_PAIR = 300  # jieba's count above which two characters before the stem are a word, not part of the name


def drug_spans(text: str, freq) -> list[tuple[int, int]]:
    """``(start, end)`` of each generic drug name in ``text``; ``freq(word)`` is jieba's count (0 for no word)."""
    spans = []
    for m in STEMS.finditer(text):
        start = m.start()
        while m.start() - start < HEAD_MAX and start > 0:
            ch = text[start - 1]
            if not "\u4e00" <= ch <= "\u9fff" or ch in STOP:
                break
            if start >= 2 and (freq(text[start - 2:start]) or 0) >= COMMON_PAIR:
                break  # a common word before the name (生物 of 康方生物依沃西单抗)
            start -= 1
        if m.start() - start >= HEAD_MIN and (freq(text[start:m.end()]) or 0) < COMMON_PAIR:
            form = FORM.match(text, m.end())  # the product's dosage form is part of its name (乐沃替尼片)
            spans.append((start, form.end() if form else m.end()))
    return spans
