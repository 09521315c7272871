import pytest

from pipelines.model_codes import etf_names, fund_companies, fund_names, hyphen_codes


@pytest.mark.parametrize("text, expected", [
    ("60台XY-750H大型液压挖掘机和20台YZ-80履带起重机", ["XY-750H", "YZ-80"]),
    ("该药研发代号为KZ-208。", ["KZ-208"]),
    ("主推的KB-9 Pro双篮空气炸锅", ["KB-9 Pro"]),  # one digit, with its edition
    ("IL-17抑制剂、GLP-1药物和PD-1单抗", []),  # a target, one digit alone
    ("按GB-2312编码，AB-30%的份额，XY-2025年", []),  # a standard, a share, a year
    ("COVID-19疫情", []),
])
def test_model_codes_with_a_hyphen(text, expected):
    assert [text[s:e] for s, e in hyphen_codes(text)] == expected


def test_funds_named_after_the_documents_fund_company():
    text = "明德基金管理有限公司公告，邵一鸣不再担任明德价值精选混合、明德新能源主题股票A的基金经理。"
    companies = fund_companies(["明德基金管理有限公司", "宁德时代"])
    assert companies == {"明德"}
    assert [text[s:e] for s, e in fund_names(text, companies)] == ["明德价值精选混合", "明德新能源主题股票A"]
    assert fund_names(text, set()) == []


def test_exchange_traded_funds_after_an_organisation():
    text = "易方达沪深300ETF和华夏中证A500ETF联接A规模均创新高，易方达基金旗下一只科创主题ETF净流入"
    orgs = [(0, 3), (12, 16), (31, 36)]  # 易方达, 华夏中证, 易方达基金
    assert [text[s:e] for s, e in etf_names(text, orgs)] == ["易方达沪深300ETF", "华夏中证A500ETF联接A"]
