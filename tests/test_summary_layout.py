"""The summary tables read income on the left and spending on the right, with or without 行次."""

from __future__ import annotations

from pathlib import Path

import pytest
from workbook_factory import SEED_FIGURES, SUMMARY, SUMMARY_BODY, SUMMARY_TOP, sheet_workbook

from pipeline.extract import extract_file


def _lines(result) -> dict[tuple[str, str], tuple[float | None, str]]:
    return {
        (r["name"], r["column_name"]): (r["amount_wan"], r["locator"])
        for r in result.records["account_lines"]
    }


@pytest.mark.parametrize(
    "header",
    [
        ["项目", "决算数", "项目", "决算数"],
        ["项目", "决算数", None, "决算数"],  # the spending labels have no header of their own
        ["项目", "决算数", "项目（支出）", "决算数"],
        ["项目", "决算数", "支出功能分类科目名称", "决算数"],
        ["收入项目", "本年决算数", "支出项目", "本年决算数"],
        ["收入", "决算数", "支出", "决算数"],
        ["科目名称", "金额", "科目名称", "金额"],
    ],
)
def test_four_column_summary_reads_income_left_and_spending_right(tmp_path: Path, header):
    path = sheet_workbook(tmp_path / "s.xlsx", {SUMMARY: [*SUMMARY_TOP, header, *SUMMARY_BODY]})
    result = extract_file(path)
    lines = _lines(result)
    assert lines[("一般公共预算财政拨款收入", "revenue")] == (5310.72, f"{SUMMARY}!B4")
    assert lines[("一般公共服务支出", "expenditure")] == (2389.42, f"{SUMMARY}!D4")
    assert {col for _, col in lines} == {"revenue", "expenditure"}  # never two income columns
    assert result.value("revenue_total_wan") == SEED_FIGURES["revenue_total_wan"]
    assert result.failed_checks() == []
    assert not [i for i in result.issues if i.severity != "info"], result.issues


def test_spending_on_the_left_is_told_by_its_row_labels(tmp_path: Path):
    swapped = [[c, d, a, b] for a, b, c, d in SUMMARY_BODY]
    path = sheet_workbook(
        tmp_path / "s.xlsx", {SUMMARY: [*SUMMARY_TOP, ["项目", "决算数"] * 2, *swapped]}
    )
    result = extract_file(path)
    lines = _lines(result)
    assert lines[("一般公共预算财政拨款收入", "revenue")] == (5310.72, f"{SUMMARY}!D4")
    assert lines[("一般公共服务支出", "expenditure")] == (2389.42, f"{SUMMARY}!B4")
    assert result.value("revenue_total_wan") == 5437.72


def test_two_amount_columns_with_no_labels_between_are_not_both_read(tmp_path: Path):
    rows = [[a, b, d] for a, b, _c, d in SUMMARY_BODY]
    path = sheet_workbook(
        tmp_path / "s.xlsx", {SUMMARY: [*SUMMARY_TOP, ["项目", "决算数", "决算数"], *rows]}
    )
    result = extract_file(path)
    assert {loc[len(SUMMARY) + 1] for _, loc in _lines(result).values()} == {"B"}
    assert any("which side it belongs to is unknown" in i.message for i in result.issues)
