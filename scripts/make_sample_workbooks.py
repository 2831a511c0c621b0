"""Write the invented sample workbooks (and one sample report) into raw/.

    .venv/bin/python scripts/make_sample_workbooks.py [OUT_DIR]

- sample_wujialing_2022_final_accounts.xlsx: the seed unit and year; every figure the seed
  report states (basic 2400.49, project 2910.23, gov fund 16, state capital 38.45, other
  72.55, total 5437.72) — the breakdown by code is invented;
- sample_wujialing_2022_form.xlsx: a self-evaluation form for the seed unit (invented);
- sample_yanglidong_2022_final_accounts.xlsx + sample_yanglidong_2022_report.txt: an
  invented unit whose report deliberately under-states project spending by 12.30 万元, so
  the reconciliation shows 'differ' (project and final total) beside 'agree';
- sample_yanglixi_2023_final_accounts.xlsx: an invented unit in another layout (元, 公开NN表
  prefixes, reversed order, split 类/款/项 codes), workbook only ('only_workbook').
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples.final_accounts import (  # noqa: E402
    STANDARD_ORDER,
    LayoutOptions,
    invented_spec,
    seed_form_spec,
    seed_spec,
    write_final_accounts_workbook,
    write_performance_form,
)

D = Decimal

#: The invented unit with a report: figures as its workbook states them.
DONG = {
    "label": "澄州市沁川区样例东街道办事处",
    "short": "样例东街道",
    "year": 2022,
    "basic": D("1580.36"),
    "project": D("1212.30"),
    "other": D("45.20"),
    "budget_at_start": D("2100.00"),
    # the report states project spending 12.30 lower than its tables
    "project_stated": D("1200.00"),
}


def dong_report_text() -> str:
    """A short invented report in the seed's wording, with project spending mis-stated."""
    d = DONG
    total = d["basic"] + d["project_stated"] + d["other"]
    gap = total - d["budget_at_start"]
    return "\n".join(
        [
            f"{d['year']}年度{d['short']}办事处",
            "部门整体支出绩效评价报告",
            "（本报告为虚构的示例数据 invented sample data）",
            "一、基本情况",
            "（一）部门基本情况",
            "1.主要职能",
            f"{d['label']}依法行使政府管理和服务职能。",
            "2.机构情况",
            f"{d['short']}下辖甲、乙、丙、丁4个社区。",
            "3.人员情况",
            f"{d['year']}年末本单位实有在职干部人数41人，退休干部22人。",
            "二、一般公共预算支出情况",
            "（一）基本支出情况",
            f"{d['year']}年一般公共预算支出基本支出{d['basic']}万元，比上年增加80.36万元，"
            "增长5.36%，增长的主要原因是：工资标准调整。",
            "（二）项目支出情况",
            f"{d['year']}年一般公共预算支出项目支出{d['project_stated']}万元，比上年减少50.00万元，"
            "下降4.00%；下降的主要原因是：压减一般性支出。",
            "三、政府性基金预算支出情况",
            f"{d['year']}年无政府性基金预算支出。",
            "四、国有资本经营预算支出情况",
            f"{d['year']}年无国有资本经营预算支出。",
            "五、社会保险基金预算支出情况",
            f"{d['year']}年无社会保险基金预算支出。",
            "六、其他支出情况",
            f"{d['year']}年其他支出{d['other']}万元，比上年减少4.80万元，下降9.60%，"
            "下降的主要原因是：其他收入减少。",
            "七、存在的问题及原因分析",
            f"{d['year']}年初预算数为{d['budget_at_start']}万元，决算数为{total}万元，"
            f"年初预算数与年终决算数相差{gap}万元。",
            "",
        ]
    )


def main(out: Path) -> list[Path]:
    """Write every sample into `out`; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = [
        write_final_accounts_workbook(
            out / "sample_wujialing_2022_final_accounts.xlsx", seed_spec()
        ),
        write_performance_form(out / "sample_wujialing_2022_form.xlsx", seed_form_spec()),
    ]
    d = DONG
    dong = invented_spec(d["label"], d["year"], d["basic"], d["project"], other=d["other"])
    written.append(
        write_final_accounts_workbook(
            out / "sample_yanglidong_2022_final_accounts.xlsx",
            dong,
            LayoutOptions(code_style="number", blank_rows=True, hidden_rows=True),
        )
    )
    report = out / "sample_yanglidong_2022_report.txt"
    report.write_text(dong_report_text(), encoding="utf-8")
    written.append(report)
    xi = invented_spec(
        "澄州市沁川区样例西街道办事处",
        2023,
        D("1876.54"),
        D("2345.67"),
        gov_fund=D("120.00"),
        state_capital=D("8.76"),
        other=D("33.33"),
    )
    written.append(
        write_final_accounts_workbook(
            out / "sample_yanglixi_2023_final_accounts.xlsx",
            xi,
            LayoutOptions(
                amount_unit="元",
                prefixed=True,
                order=list(reversed(STANDARD_ORDER)),
                split_codes=True,
                side_by_side_basic=False,
            ),
        )
    )
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "raw"
    for p in main(target):
        print(p)
