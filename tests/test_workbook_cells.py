"""Cell-level truth: every bad cell named in its own issue (sheet!cell) and read as empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from workbook_factory import (
    SEED_FIGURES,
    SUMMARY,
    SUMMARY_BODY,
    SUMMARY_TOP,
    find_cell,
    seed_workbook,
    set_cell,
    sheet_workbook,
)

from pipeline.extract import extract_file
from pipeline.warehouse import load_results, run_query


def _cell_issues(result) -> list[str]:
    return [i.message for i in result.issues if i.check == "workbook_amount"]


BAD_CELLS = {
    "formula_without_value": ("=SUM(C7:C30)", "formula =SUM(C7:C30) was saved without its value"),
    "ref_error": ("#REF!", "error value #REF!"),
    "div_error": ("#DIV/0!", "error value #DIV/0!"),
    "na_error": ("#N/A", "error value #N/A"),
    "value_error": ("#VALUE!", "error value #VALUE!"),
    "negative": (-5437.72, "negative amount -5437.72"),
    "absurd": (1e15, "implausible amount"),
    "text": ("约5437", "not a number: '约5437'"),
}


@pytest.fixture(scope="module")
def clean_workbook(tmp_path_factory) -> Path:
    return seed_workbook(tmp_path_factory.mktemp("cells"), "clean.xlsx")


@pytest.mark.parametrize("kind", list(BAD_CELLS))
def test_a_bad_total_cell_is_named_and_its_figure_left_empty(
    clean_workbook: Path, tmp_path: Path, kind: str
):
    value, wording = BAD_CELLS[kind]
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(clean_workbook.read_bytes())
    cell = find_cell(path, "支出决算表", "合计", 3)
    set_cell(path, "支出决算表", cell, value)
    result = extract_file(path)
    locator = f"支出决算表!{cell}"
    issues = [m for m in _cell_issues(result) if m.startswith(locator)]
    assert len(issues) == 1 and wording in issues[0], _cell_issues(result)
    assert all(i.severity == "error" for i in result.issues if i.check == "workbook_amount")
    figure = result.figures["expenditure_total_wan"]
    assert figure.value is None and locator in figure.note  # not 0, not another cell
    assert figure.provenance.locator == locator
    # the other figures of the workbook are still read
    assert result.value("expenditure_basic_wan") == SEED_FIGURES["expenditure_basic_wan"]
    assert result.value("gpb_total_wan") == SEED_FIGURES["gpb_total_wan"]
    # the identity that needs the bad cell is not checked rather than failed with a guess
    assert not [c for c in result.failed_checks() if c.locator == locator]


def test_a_bad_child_cell_keeps_its_row_empty_and_the_totals_right(clean_workbook, tmp_path):
    path = tmp_path / "child.xlsx"
    path.write_bytes(clean_workbook.read_bytes())
    cell = find_cell(path, "支出决算表", "2010301", 3)
    set_cell(path, "支出决算表", cell, "#REF!")
    result = extract_file(path)
    row = next(r for r in result.records["account_lines"] if r["locator"] == f"支出决算表!{cell}")
    assert row["code"] == "2010301" and row["amount_wan"] is None
    assert result.value("expenditure_total_wan") == SEED_FIGURES["expenditure_total_wan"]
    assert result.failed_checks() == []
    assert [m for m in _cell_issues(result) if cell in m]


def test_bad_cells_in_the_summary_and_three_public_tables(tmp_path: Path):
    rows = [[*r] for r in SUMMARY_BODY]
    rows[7][1] = "#REF!"  # 本年收入合计
    summary = sheet_workbook(
        tmp_path / "s.xlsx", {SUMMARY: [*SUMMARY_TOP, ["项目", "决算数"] * 2, *rows]}
    )
    result = extract_file(summary)
    assert result.value("revenue_total_wan") is None  # not the 总计 below it
    assert [m for m in _cell_issues(result) if m.startswith(f"{SUMMARY}!B11")]

    path = seed_workbook(tmp_path, "three.xlsx")
    sheet = "一般公共预算财政拨款三公经费支出决算表"
    cell = find_cell(path, sheet, "3.公务接待费", 3)
    set_cell(path, sheet, cell, "#N/A")
    result = extract_file(path)
    lines = {r["line"]: r for r in result.records["three_public_lines"]}
    assert lines["reception"]["final_wan"] is None and lines["reception"]["budget_wan"] == 1.5
    assert [m for m in _cell_issues(result) if m.startswith(f"{sheet}!{cell}")]
    assert result.value("three_public_final_wan") == SEED_FIGURES["three_public_final_wan"]


def test_a_workbook_with_a_bad_cell_loads_flagged_naming_the_cell(clean_workbook, tmp_path):
    path = tmp_path / "flagged.xlsx"
    path.write_bytes(clean_workbook.read_bytes())
    cell = find_cell(path, "支出决算表", "合计", 3)
    set_cell(path, "支出决算表", cell, "#DIV/0!")
    db = tmp_path / "wh.duckdb"
    [outcome] = load_results([extract_file(path)], db)
    assert outcome.status == "flagged" and f"支出决算表!{cell}" in outcome.reason
    loaded = run_query(
        f"SELECT amount_wan FROM account_lines WHERE locator = '支出决算表!{cell}'", db
    )
    assert loaded["amount_wan"].isna().all() and len(loaded) == 1
