"""Write the committed legacy-.xls test fixture (tests/fixtures/sample_xls_final_accounts.xls) with xlwt.

Invented figures (sample_ prefix). Three tables in 元 with merged headers, codes stored as
numbers, a 公开NN表 prefix, a footnote and an unrecognised extra sheet:
    .venv/bin/python scripts/make_xls_fixture.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import xlwt

OUT = (
    Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sample_xls_final_accounts.xls"
)

UNIT = "编制单位：长沙市开福区样例北街道办事处"

# (code, name, total, basic, project) in 元; parents equal their children
EXPENDITURE = [
    (201, "一般公共服务支出", 5_000_000.00, 3_000_000.00, 2_000_000.00),
    (20103, "政府办公厅（室）及相关机构事务", 5_000_000.00, 3_000_000.00, 2_000_000.00),
    (2010301, "行政运行", 3_000_000.00, 3_000_000.00, 0.0),
    (2010302, "一般行政管理事务", 2_000_000.00, 0.0, 2_000_000.00),
    (208, "社会保障和就业支出", 1_234_567.89, 1_234_567.89, 0.0),
    (20805, "行政事业单位养老支出", 1_234_567.89, 1_234_567.89, 0.0),
    (2080505, "机关事业单位基本养老保险缴费支出", 1_234_567.89, 1_234_567.89, 0.0),
]


def _table(ws: xlwt.Worksheet, title: str, header_top: str) -> int:
    bold = xlwt.easyxf("font: bold on; align: horiz centre, vert centre")
    ws.write_merge(0, 0, 0, 4, title, bold)
    ws.write(1, 0, UNIT)
    ws.write(1, 2, "2022年度")
    ws.write(1, 4, "金额单位：元")
    ws.write_merge(2, 3, 0, 0, "科目编码", bold)
    ws.write_merge(2, 3, 1, 1, "科目名称", bold)
    ws.write_merge(2, 2, 2, 4, header_top, bold)
    for c, h in enumerate(("合计", "基本支出", "项目支出"), 2):
        ws.write(3, c, h, bold)
    ws.write(4, 0, "栏次")
    for c in range(2, 5):
        ws.write(4, c, c - 1)
    return 5


def build(out: Path = OUT) -> Path:
    """Write the fixture and return its path."""
    wb = xlwt.Workbook(encoding="utf-8")
    money = xlwt.easyxf(num_format_str="#,##0.00")

    ws = wb.add_sheet("公开03表支出决算表")
    r = _table(ws, "支出决算表", "本年支出")
    classes = [e for e in EXPENDITURE if e[0] < 1000]
    ws.write(r, 0, "合计")
    for c in range(3):
        ws.write(r, 2 + c, sum(e[2 + c] for e in classes), money)
    r += 1
    for code, name, *amounts in EXPENDITURE:
        ws.write(r, 0, float(code))  # numbers, as exported by finance software
        ws.write(r, 1, name)
        for c, a in enumerate(amounts):
            ws.write(r, 2 + c, a, money)
        r += 1
    ws.write(r + 1, 0, "注：本表反映部门本年度各项支出情况。")

    ws = wb.add_sheet("公开05表一般公共预算财政拨款支出决算表")
    r = _table(ws, "一般公共预算财政拨款支出决算表", "本年支出")
    ws.write(r, 0, "合计")
    for c, a in enumerate((6_234_567.89, 4_234_567.89, 2_000_000.00)):
        ws.write(r, 2 + c, a, money)
    r += 1
    for code, name, *amounts in EXPENDITURE:
        ws.write(r, 0, str(code))
        ws.write(r, 1, name)
        for c, a in enumerate(amounts):
            ws.write(r, 2 + c, a, money)
        r += 1

    ws = wb.add_sheet("公开07表三公经费")
    bold = xlwt.easyxf("font: bold on")
    ws.write_merge(0, 0, 0, 2, "一般公共预算财政拨款“三公”经费支出决算表", bold)
    ws.write(1, 0, UNIT)
    ws.write(1, 2, "金额单位：元")
    for c, h in enumerate(("项目", "预算数", "决算数")):
        ws.write(2, c, h, bold)
    lines = [
        ("合计", 50_000.0, 43_210.5),
        ("1.因公出国（境）费", 0.0, 0.0),
        ("2.公务用车购置及运行费", 30_000.0, 28_000.0),
        ("（1）公务用车购置费", 0.0, 0.0),
        ("（2）公务用车运行费", 30_000.0, 28_000.0),
        ("3.公务接待费", 20_000.0, 15_210.5),
    ]
    for i, (label, budget, final) in enumerate(lines, 3):
        ws.write(i, 0, label)
        ws.write(i, 1, budget, money)
        ws.write(i, 2, final, money)

    ws = wb.add_sheet("填表说明")
    ws.write(0, 0, "本工作簿为测试用虚构数据 invented test data")

    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(out))
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
