"""Self-evaluation forms: funding block, goals, indicators, total score and their checks."""

from __future__ import annotations

import dataclasses

import pytest
from workbook_factory import sheet_workbook

from pipeline.extract import extract_file
from pipeline.extract.form import parse_indicator_value
from samples.final_accounts import seed_form_spec, write_performance_form


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    path = write_performance_form(tmp_path_factory.mktemp("form") / "f.xlsx", seed_form_spec())
    return extract_file(path)


def test_form_identity_and_totals(form):
    assert form.doc_type == "performance_form"
    assert form.value("unit_name") == "伍家岭街道办事处" and form.value("year") == 2022
    assert form.value("form_kind") == "department"
    assert form.value("budget_at_start_wan") == 3338.72
    assert form.value("budget_full_year_wan") == 5437.72
    assert form.value("executed_wan") == 5437.72
    assert form.value("execution_rate_pct") == 100.0
    assert form.value("total_score") == 98.0
    assert form.failed_checks() == []


def test_funding_block_by_income_and_expenditure_nature(form):
    rows = form.records["form_funding"]
    assert [(r["block"], r["line"]) for r in rows] == [
        ("total", "年度资金总额"),
        ("income", "一般公共预算"),
        ("income", "政府性基金"),
        ("income", "其他资金"),
        ("expenditure", "基本支出"),
        ("expenditure", "项目支出"),
    ]
    total = rows[0]
    assert (total["weight"], total["score"]) == (10.0, 10.0)
    assert rows[4]["budget_start_wan"] == 2300.0 and rows[4]["executed_wan"] == 2400.49
    assert all(r["locator"].startswith("部门整体支出绩效自评表!") for r in rows)


def test_goals_and_indicators(form):
    texts = {t["kind"]: t["text"] for t in form.records["texts"]}
    assert texts["goal"].startswith("保障街道机构正常运转")
    assert "4277件" in texts["goal_actual"]
    ind = form.records["form_indicators"]
    assert len(ind) == 7
    first = ind[0]
    assert (first["level1"], first["level2"], first["level3"]) == (
        "产出指标",
        "数量指标",
        "12345热线工单办结数",
    )
    assert (first["target_value"], first["actual_value"], first["unit"]) == (4000.0, 4277.0, "件")
    # 一级指标 is merged vertically in the form: every row still carries it
    assert [r["level1"] for r in ind[:4]] == ["产出指标"] * 4
    quality = ind[1]
    assert quality["score"] == 14.0 and quality["weight"] == 15.0
    assert quality["deviation_reason"].startswith("个别小巷")
    text_only = ind[2]
    assert text_only["target_value"] is None and text_only["target_text"] == "按月发放"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥90%", (90.0, "%")),
        ("完成4次", (4.0, "次")),
        ("100%", (100.0, "%")),
        ("按月发放", (None, None)),
        ("2022年完成4次", (None, None)),
        (12, (12.0, None)),
    ],
)
def test_indicator_values(text, expected):
    assert parse_indicator_value(text) == expected


def test_score_above_weight_and_wrong_total_fail(tmp_path):
    spec = seed_form_spec()
    indicators = list(spec.indicators)
    indicators[0] = (*indicators[0][:6], 25, "")  # score 25 > weight 20
    path = write_performance_form(
        tmp_path / "bad.xlsx", dataclasses.replace(spec, indicators=indicators)
    )
    result = extract_file(path)
    failed = {c.check: c for c in result.failed_checks()}
    assert (
        failed["form_score_weight"].actual == 25.0 and failed["form_score_weight"].expected == 20.0
    )
    assert "12345热线工单办结数" in failed["form_score_weight"].message
    # the writer sums the scores, so 总分 is consistent: plant a wrong 总分 by hand
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    total_row = next(r for r in ws.iter_rows() if r[0].value == "总分")
    total_row[6].value = 90
    wb.save(path)
    failed = {c.check: c for c in extract_file(path).failed_checks()}
    assert (
        failed["form_total_score"].actual == 90.0 and failed["form_total_score"].expected == 103.0
    )


def test_fraction_execution_rate_is_read_as_percent(tmp_path):
    rows = [
        ["2022年度部门整体支出绩效自评表"],
        ["填报单位：样例街道办事处", None, None, None, "金额单位：万元"],
        ["资金情况", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", None, 100, 200, 190, 10, 0.95, 9.5],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训次数", "≥4次", "5次", 90, 90],
        ["总分", None, None, None, None, 100, 99.5],
    ]
    result = extract_file(sheet_workbook(tmp_path / "f.xlsx", {"自评表": rows}))
    assert result.doc_type == "performance_form"
    assert result.value("execution_rate_pct") == 95.0
    assert result.value("total_score") == 99.5
    assert result.failed_checks() == []
