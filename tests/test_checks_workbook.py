"""Workbook identities: planted errors are reported with sheet, code, column and both numbers."""

from __future__ import annotations

from workbook_factory import find_cell, get_cell, seed_workbook, set_cell

from pipeline.checks.workbook import (
    check_code_format,
    check_hierarchy,
    check_row_identities,
    check_three_public,
)
from pipeline.extract import extract_file
from samples.final_accounts import LayoutOptions


def _failed(result, check):
    return [c for c in result.failed_checks() if c.check == check]


def test_seed_workbook_passes_every_identity(tmp_path):
    result = extract_file(seed_workbook(tmp_path))
    checks = {c.check for c in result.checks}
    assert checks == {
        "wb_code_format",
        "wb_hierarchy",
        "wb_row_identity",
        "wb_summary_balance",
        "wb_three_public_total",
    }
    assert all(c.passed for c in result.checks)


def test_planted_parent_not_equal_children_names_sheet_code_column_numbers(tmp_path):
    path = seed_workbook(tmp_path)
    cell = find_cell(path, "支出决算表", "20103", 4)  # 基本支出 of 20103
    set_cell(path, "支出决算表", cell, 1900.0)  # children (2010301 …) sum to 1850.49
    result = extract_file(path)
    failures = _failed(result, "wb_hierarchy")
    parent = next(f for f in failures if "parent 20103" in f.message)
    assert "支出决算表" in parent.message and "column basic" in parent.message
    assert parent.actual == 1900.0 and parent.expected == 1850.49
    assert parent.locator == f"支出决算表!{cell}"
    assert "1900.0" in parent.message and "1850.49" in parent.message
    # 20103 no longer adds up to its class 201 either, and its row total ≠ basic + project
    assert any("parent 201 " in f.message for f in failures)
    row = _failed(result, "wb_row_identity")
    assert row and row[0].message.startswith("支出决算表: 20103")
    # the figure itself is still loaded (flagged, not dropped)
    assert result.value("expenditure_total_wan") == 5437.72


def test_total_row_not_equal_classes(tmp_path):
    path = seed_workbook(tmp_path, options=LayoutOptions(amount_unit="元"))
    cell = find_cell(path, "一般公共预算财政拨款支出决算表", "合计", 3)
    set_cell(
        path,
        "一般公共预算财政拨款支出决算表",
        cell,
        get_cell(path, "一般公共预算财政拨款支出决算表", cell) + 1000,
    )
    result = extract_file(path)
    failure = next(f for f in _failed(result, "wb_hierarchy") if "total row" in f.message)
    assert failure.actual == 5310.82 and failure.expected == 5310.72
    assert "一般公共预算财政拨款支出决算表" in failure.message and "column total" in failure.message


def test_rounding_within_tolerance_passes(tmp_path):
    path = seed_workbook(tmp_path)
    cell = find_cell(path, "支出决算表", "2010301", 3)
    set_cell(path, "支出决算表", cell, 1850.495)  # half a cent off: within 0.01 per addend
    result = extract_file(path)
    assert not [
        f
        for f in _failed(result, "wb_hierarchy")
        if "2010301" in f.message or "20103 " in f.message
    ]


def test_summary_tables_must_balance(tmp_path):
    path = seed_workbook(tmp_path)
    cell = find_cell(path, "收入支出决算总表", "总计", 3)
    set_cell(path, "收入支出决算总表", cell, 5400.0)
    result = extract_file(path)
    failure = _failed(result, "wb_summary_balance")[0]
    assert failure.expected == 5400.0 and failure.actual == 5437.72
    assert "收入支出决算总表" in failure.message


def test_three_public_total_must_equal_lines(tmp_path):
    path = seed_workbook(tmp_path)
    cell = find_cell(path, "一般公共预算财政拨款三公经费支出决算表", "合计", 3)
    set_cell(path, "一般公共预算财政拨款三公经费支出决算表", cell, 4.5)
    result = extract_file(path)
    failure = _failed(result, "wb_three_public_total")[0]
    assert failure.actual == 4.5 and failure.expected == 3.81 and "final_wan" in failure.message


def _line(code, column, amount, name="x", table="expenditure", classification="functional", row=9):
    return {
        "table_name": table,
        "classification": classification,
        "code": code,
        "level": None,
        "parent_code": None,
        "name": name,
        "column_name": column,
        "amount_wan": amount,
        "sheet": "支出决算表",
        "locator": f"支出决算表!C{row}",
        "sentence": "",
        "start": None,
        "end": None,
    }


def test_code_format_failures():
    lines = [
        _line("2010", "total", 1.0),
        _line("201", "total", 1.0),
        _line("201030101", "total", 1.0),
        _line("30101", "personnel", 1.0, table="gpb_basic_expenditure", classification="economic"),
        _line(
            "2010301", "personnel", 1.0, table="gpb_basic_expenditure", classification="economic"
        ),
    ]
    failures = [c for c in check_code_format(lines) if not c.passed]
    assert {f.message.split()[2] for f in failures} == {"2010", "201030101", "2010301"}


def test_missing_child_cell_counts_as_zero_and_parent_missing_is_reported():
    lines = [
        _line("201", "total", 10.0, row=5),
        _line("20101", "total", 4.0, row=6),
        _line("20102", "total", 5.0, row=7),
    ]
    failure = next(c for c in check_hierarchy(lines) if not c.passed)
    assert failure.expected == 9.0 and failure.actual == 10.0 and "parent 201" in failure.message


def test_row_identity_includes_other_expenditure_columns():
    lines = [
        _line("201", "total", 10.0),
        _line("201", "basic", 4.0),
        _line("201", "project", 5.0),
        _line("201", "operating", 1.0),
    ]
    assert all(c.passed for c in check_row_identities(lines))


def test_three_public_without_vehicle_subtotal():
    rows = [
        {"line": line, "budget_wan": b, "final_wan": f, "sheet": "三公", "locator": "三公!B3"}
        for line, b, f in [
            ("total", 6.0, 5.0),
            ("overseas_travel", 1.0, 1.0),
            ("vehicle_purchase", 2.0, 1.0),
            ("vehicle_operation", 2.0, 2.0),
            ("reception", 1.0, 1.5),
        ]
    ]
    results = check_three_public(rows)
    assert [c.passed for c in results] == [True, False]
    assert results[1].expected == 5.5


def test_malformed_and_duplicate_codes_are_flagged_not_loaded(tmp_path):
    path = seed_workbook(tmp_path)
    sheet = "支出决算表"
    set_cell(path, sheet, find_cell(path, sheet, "2010302", 1), "201030")
    set_cell(path, sheet, find_cell(path, sheet, "2080505", 1), "2080506")
    result = extract_file(path)
    lines = [r for r in result.records["account_lines"] if r["table_name"] == "expenditure"]
    assert "201030" not in {r["code"] for r in lines}
    bad = _failed(result, "wb_code_format")
    assert bad and "201030" in bad[0].message and bad[0].locator.startswith("支出决算表!A")
    dup = _failed(result, "wb_duplicate_code")
    assert dup and "2080506" in dup[0].message
    assert len([r for r in lines if r["code"] == "2080506" and r["column_name"] == "total"]) == 1
