"""Builders for the format tests: real files made here, never committed (PDF, HTML, MHTML,
hostile zips and PDFs). LibreOffice conversions live in tests/test_formats_office.py."""

from __future__ import annotations

from pathlib import Path

from samples.docx_writer import docx_from_lines  # noqa: F401 (re-exported)
from samples.hostile import (  # noqa: F401 (re-exported)
    reportlab_pdf,
    rewrite_zip,
    scanned_pdf,
    write_mhtml,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "raw" / "wujialing_2022_seed.txt"
SEED_DOCX = ROOT / "raw" / "wujialing_2022_seed.docx"
SAMPLE_BOOK = ROOT / "raw" / "sample_wujialing_2022_final_accounts.xlsx"

#: The seed's figures (../shared/corpus/truth.json, wujialing_2022_seed.txt).
SEED_TRUTH = {
    "doc_type": "performance_report",
    "unit_name": "伍家岭街道办事处",
    "district": "开福区",
    "city": "长沙市",
    "year": 2022,
    "staff_in_post": 59,
    "retirees": 47,
    "communities_count": 7,
    "budget_at_start_wan": 3338.72,
    "final_total_wan": 5437.72,
    "basic_wan": 2400.49,
    "project_wan": 2910.23,
    "gov_fund_wan": 16.0,
    "state_capital_wan": 38.45,
    "social_insurance_wan": 0.0,
    "other_wan": 72.55,
}
SEED_PROJECTS = {
    "背街小巷清扫保洁经费": 201.35,
    "城市管理": 465.4,
    "公共服务": 1452.9,
    "两保人员经费": 30.1,
    "其他事务": 299.68,
    "社会管理": 239.25,
    "协管员工资保险经费": 80.44,
    "治安巡防队员、流动人口协管员经费": 141.1,
}


def seed_lines() -> list[str]:
    """The seed report's lines."""
    return [ln for ln in SEED_TXT.read_text(encoding="utf-8").splitlines() if ln.strip()]


def assert_seed_figures(contract: dict) -> None:
    """Every scored figure and project of the seed, as the truth has it."""
    for key, value in SEED_TRUTH.items():
        assert contract[key] == value, f"{key}: {contract[key]!r} != {value!r}"
    got = {p["name"]: p["amount_wan"] for p in contract["projects"]}
    assert got == SEED_PROJECTS


def seed_html(charset: str = "utf-8", chrome: bool = True) -> bytes:
    """The seed as a portal page: navigation, breadcrumb, boilerplate, a table, a footer."""
    lines = seed_lines()
    body = "".join(f"<p>{ln}</p>\n" for ln in lines)
    nav = (
        '<div class="nav"><a href="/">首页</a> | <a>政务公开</a> | <a>财政预决算</a></div>'
        '<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 财政资金</div>'
        if chrome
        else ""
    )
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{lines[0]}</title><script>var x = '伍家岭';</script></head><body>{nav}"
        '<div class="article"><p>发布时间：2023-05-12 来源：伍家岭街道 字体大小：【大 中 小】</p>'
        f"{body}"
        "<table><tr><th>项目名称</th><th>金额（万元）</th></tr>"
        "<tr><td>城市管理</td><td>465.40</td></tr></table></div>"
        '<div id="footer">版权所有：长沙市开福区人民政府 备案号：湘ICP备000000号</div>'
        "</body></html>"
    )
    return page.encode(charset)
