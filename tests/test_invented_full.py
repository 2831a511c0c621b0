"""Invented full-length reports of real-world layouts, scored with the shared scoring rules."""

from __future__ import annotations

from pipeline.extract import extract_file


def _report(tmp_path, body: str):
    path = tmp_path / "r.txt"
    path.write_text(
        "2023年度东风街道办事处部门整体支出绩效自评报告\n一、基本情况\n" + body, encoding="utf-8"
    )
    return extract_file(path)


def test_difference_from_budget_is_not_the_budget(tmp_path):
    result = _report(tmp_path, "四、存在的问题\n决算数超过年初预算752.94万元。\n")
    assert result.value("budget_at_start_wan") is None


def test_label_then_none_is_zero(tmp_path):
    body = "二、支出情况\n4.国有资本经营预算支出:无。\n5.其他支出:无。\n"
    result = _report(tmp_path, body)
    assert result.value("state_capital_wan") == 0.0
    assert result.value("other_wan") == 0.0


def test_project_line_reads_actual_not_budget(tmp_path):
    body = (
        "二、支出情况\n2.项目支出1000.00万元,具体如下:\n"
        "(1)社区保障经费:全年预算870.00万元,实际支出856.40万元,主要用于社区;\n"
        "(2)平安建设经费:全年预算150.00万元,实际支出143.60万元,主要用于巡防。\n"
        "3.政府性基金预算支出20.00万元。\n"
    )
    projects = _report(tmp_path, body).records["projects"]
    assert [(p["name"], p["amount_wan"]) for p in projects] == [
        ("社区保障经费", 856.4),
        ("平安建设经费", 143.6),
    ]
