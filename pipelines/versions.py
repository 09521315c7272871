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
period or a business model (小米Q3营收, 腾讯H1, 阿里FY2025, 京东B2B).
"""
from __future__ import annotations

import re

__all__ = ["with_versions"]

MAX_PARTS = 3
EDITIONS = r"(?:Pro|Max|Ultra|Plus|Air|mini|Mini|Lite|SE|Turbo|Neo)"
PART = re.compile(r" (?:" + EDITIONS + r"|[0-9](?:[0-9A-Za-z+]|\.(?=[0-9]))*|[A-Z][0-9A-Z+]*)(?![A-Za-z0-9])")
# a model code right after a Chinese name, without a space: capitals, then a digit (问界M9, 小米SU7, 理想L9)
CODE = re.compile(r"[A-Z]{1,3}[0-9][0-9A-Za-z+]*(?![A-Za-z0-9])")
NOT_A_MODEL = re.compile(r"(?:Q[1-4]|H[12]|FY[0-9]+|[A-Z]2[A-Z])$")  # quarters, halves, fiscal years, B2B


def with_versions(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """For each entity ``(start, end, label)``, the same with the parts after a PRODUCT taken in, and an ORG
    with a model code after it made a PRODUCT (unchanged where the parts would run into another entity)."""
    starts = sorted(s for s, _, _ in ents)
    out = []
    for start, end, label in ents:
        new_end = end
        if label in ("PRODUCT", "ORG") and "\u4e00" <= text[end - 1] <= "\u9fff":
            m = CODE.match(text, end)
            if m and not any(end <= s < m.end() for s in starts):
                if label == "PRODUCT" or not NOT_A_MODEL.match(m.group()):
                    new_end, label = m.end(), "PRODUCT"
        if label == "PRODUCT":
            for _ in range(MAX_PARTS):
                m = PART.match(text, new_end)
                if not m or any(new_end <= s < m.end() for s in starts):
                    break
                new_end = m.end()
        out.append((start, new_end, label))
    return out
