"""Products named by a code or by the rules of their trade, found in the text alone.

- A model code of two to four capitals, a hyphen and a number (XY-750H挖掘机, YZ-80, HY-5500, 研发代号为KZ-208), or
  a one-digit number with an edition after it (KB-9 Pro): makers name machines, devices and drug candidates so.
  Not a target or a standard (IL-17, CD-20, GB-2312), a one-digit number alone (GLP-1, PD-1), a year or a unit
  after it (XX-2025年, AB-30%).
- A mutual fund: its company's name, then what it invests in and its type (明德价值精选混合, 明德新能源主题股票A),
  where the document names the fund company (明德基金); an exchange-traded fund after an organisation's name, its
  index and ETF (易方达沪深300ETF, 华夏中证A500ETF联接A).
"""
from __future__ import annotations

import re

from .versions import EDITIONS

__all__ = ["hyphen_codes", "fund_names", "fund_companies", "etf_names"]

HYPHEN_CODE = re.compile(
    r"(?<![A-Za-z0-9\-.])(?P<prefix>[A-Z]{2,4})-(?:[A-Z]?[0-9]{2,5}[A-Z]{0,2}|[A-Z]?[0-9][A-Z]?(?= " + EDITIONS + r"))"
    r"(?: " + EDITIONS + r")?(?![A-Za-z0-9\-.%％])(?![年月日号度倍])"
)
NOT_A_MODEL = {"IL", "CD", "GB", "ISO", "RMB", "USD", "HK", "NO", "TNF", "HER", "EGFR", "KRAS", "COVID", "SARS", "MERS",
               "HIV", "HPV", "EV", "ST", "GDP", "CPI", "PMI", "PPI", "ETF", "IPO"}


def hyphen_codes(text: str) -> list[tuple[int, int]]:
    """Spans of the model codes with a hyphen in ``text``."""
    return [m.span() for m in HYPHEN_CODE.finditer(text) if m.group("prefix") not in NOT_A_MODEL]


FUND_COMPANY = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:基金管理|基金|资产管理|資產管理|资管)")
FUND_TYPE = r"(?:混合|股票|债券|債券|指数|指數)(?:型)?(?:[AC]类?|[AC](?![A-Za-z0-9]))?"


def fund_companies(org_names) -> set[str]:
    """The names fund companies go by (明德 of 明德基金管理有限公司), from the document's organisations."""
    return {m.group(1) for name in org_names for m in [FUND_COMPANY.match(name)] if m}


def fund_names(text: str, companies: set[str]) -> list[tuple[int, int]]:
    """Spans of funds named after one of ``companies`` (明德价值精选混合)."""
    if not companies:
        return []
    pattern = re.compile("(?:" + "|".join(map(re.escape, sorted(companies, key=len, reverse=True))) + r")"
                         r"[\u4e00-\u9fff]{2,10}?" + FUND_TYPE)
    return [m.span() for m in pattern.finditer(text)]


ETF = re.compile(r"(?:(?!的|旗下|新发|发行|一只|该|其|和|与|及|、)[\u4e00-\u9fffA-Z0-9]){2,12}?(?:ETF|LOF)(?:联接)?"
                 r"(?:[AC](?![A-Za-z0-9]))?")  # an index, not what is said of the fund (旗下一只科创主题ETF)


def etf_names(text: str, orgs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of exchange-traded funds that start with one of the organisations at ``orgs`` (易方达沪深300ETF)."""
    spans = []
    for start, end in orgs:
        m = ETF.match(text, end)
        if m:
            spans.append((start, m.end()))
    return spans
