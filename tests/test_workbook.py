"""Final-accounts workbooks: every layout of issue 3 read to the same figures, with provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workbook_factory import (
    LAYOUTS,
    SEED_BY_CLASS,
    SEED_FIGURES,
    find_cell,
    seed_workbook,
    set_cell,
    sheet_workbook,
)

from pipeline.cli import main as cli_main
from pipeline.extract import extract_file
from samples.final_accounts import LayoutOptions

XLS = Path(__file__).resolve().parent / "fixtures" / "sample_xls_final_accounts.xls"

CONTRACT_KEYS = {
    "file",
    "doc_type",
    "unit_name",
    "year",
    "source_amount_unit",
    "expenditure_total_wan",
    "expenditure_basic_wan",
    "expenditure_project_wan",
    "gpb_total_wan",
    "gpb_basic_wan",
    "gpb_project_wan",
    "personnel_wan",
    "office_wan",
    "gov_fund_wan",
    "state_capital_wan",
    "revenue_total_wan",
    "three_public_budget_wan",
    "three_public_final_wan",
    "expenditure_by_class",
    "issues",
}
ACCOUNT_KEYS = {
    "table_name",
    "classification",
    "code",
    "level",
    "parent_code",
    "name",
    "column_name",
    "amount_wan",
    "sheet",
    "locator",
    "sentence",
    "start",
    "end",
}


@pytest.fixture(scope="module")
def layout_results(tmp_path_factory):
    directory = tmp_path_factory.mktemp("layouts")
    return {
        name: extract_file(seed_workbook(directory, f"{name}.xlsx", opts))
        for name, opts in LAYOUTS.items()
    }


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_reads_every_total(layout_results, layout):
    result = layout_results[layout]
    assert result.doc_type == "final_accounts_workbook"
    for name, expected in SEED_FIGURES.items():
        assert result.value(name) == expected, (layout, name)
    assert result.value("expenditure_by_class") == SEED_BY_CLASS
    unit = "元" if LAYOUTS[layout].amount_unit == "元" else "万元"
    assert result.value("source_amount_unit") == unit
    assert result.failed_checks() == []
    assert not [i for i in result.issues if i.severity != "info"], result.issues


def test_contract_json_line_has_issue_3_keys(tmp_path, capsys):
    path = seed_workbook(tmp_path)
    assert cli_main(["extract", str(path)]) == 0
    line = json.loads(capsys.readouterr().out.strip())
    assert set(line) >= CONTRACT_KEYS
    assert line["doc_type"] == "final_accounts_workbook"
    assert line["expenditure_by_class"]["201"] == 2389.42
    assert line["district"] == "开福区" and line["city"] == "长沙市"


def test_account_lines_keep_codes_as_text_with_hierarchy_and_provenance(layout_results):
    for layout in ("codes_as_numbers", "split_codes_as_numbers", "code_with_name"):
        lines = layout_results[layout].records["account_lines"]
        assert all(set(r) == ACCOUNT_KEYS for r in lines)
        by_code = {
            r["code"]: r
            for r in lines
            if r["table_name"] == "expenditure" and r["column_name"] == "total" and r["code"]
        }
        assert all(isinstance(c, str) for c in by_code)
        row = by_code["2010301"]
        assert row["level"] == 3 and row["parent_code"] == "20103" and row["name"] == "行政运行"
        assert row["classification"] == "functional" and row["amount_wan"] == 1850.49
        assert by_code["20103"]["level"] == 2 and by_code["201"]["parent_code"] is None
        assert row["locator"].startswith("支出决算表!") and row["sentence"].startswith(
            "2010301 行政运行 |"
        )
        assert row["start"] is None and row["end"] is None


def test_column_names_are_canonical(layout_results):
    lines = layout_results["standard_merged_headers"].records["account_lines"]
    cols = {}
    for r in lines:
        cols.setdefault(r["table_name"], set()).add(r["column_name"])
    assert cols["expenditure"] == {
        "total",
        "basic",
        "project",
        "remit_superior",
        "operating",
        "subsidy_affiliated",
    }
    assert cols["income"] >= {"revenue_total", "fiscal_appropriation", "other_revenue"}
    assert cols["gpb_expenditure"] == {"total", "basic", "project"}
    assert cols["gpb_basic_expenditure"] == {"personnel", "office"}
    assert cols["gov_fund"] == {
        "carryover_start",
        "revenue",
        "total",
        "basic",
        "project",
        "carryover_end",
    }
    assert cols["state_capital"] == {"total", "basic", "project"}
    assert cols["income_expenditure_summary"] == {"revenue", "expenditure"}
    assert cols["appropriation_summary"] == {
        "revenue",
        "expenditure_total",
        "expenditure_gpb",
        "expenditure_gov_fund",
        "expenditure_state_capital",
    }
    basic = [
        r for r in lines if r["table_name"] == "gpb_basic_expenditure" and r["code"] == "30101"
    ]
    assert basic[0]["classification"] == "economic" and basic[0]["column_name"] == "personnel"


def test_three_public_lines(layout_results):
    rows = {r["line"]: r for r in layout_results["yuan"].records["three_public_lines"]}
    assert set(rows) == {
        "total",
        "overseas_travel",
        "vehicle_total",
        "vehicle_purchase",
        "vehicle_operation",
        "reception",
    }
    assert rows["reception"]["budget_wan"] == 1.5 and rows["reception"]["final_wan"] == 0.96
    assert rows["reception"]["name"] == "3.公务接待费"


def test_figures_carry_cell_provenance(layout_results):
    fig = layout_results["prefixed_names"].figures["gpb_basic_wan"]
    assert fig.unit == "万元"
    assert fig.provenance.locator.startswith("公开05表一般公共预算财政拨款支出决算表!")
    assert fig.provenance.sentence.startswith("合计 |")


def test_hidden_rows_are_read_and_reported(layout_results):
    result = layout_results["blank_and_hidden_rows"]
    hidden = [i for i in result.issues if i.check == "workbook_hidden_rows"]
    assert hidden and "支出决算表" in " ".join(i.message for i in hidden)
    codes = {r["code"] for r in result.records["account_lines"] if r["table_name"] == "expenditure"}
    assert "2010350" in codes  # the hidden zero line is data, not dropped


def test_yuan_converts_exactly(tmp_path):
    rows = [
        ["支出决算表"],
        ["编制单位：样例街道办事处", None, "2022年度", "金额单位：元"],
        ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
        ["合计", None, "12,345,678.91", 12345678.91, 0],
        ["201", "一般公共服务支出", 12345678.91, 12345678.91, "-"],
    ]
    result = extract_file(sheet_workbook(tmp_path / "y.xlsx", {"支出决算表": rows}))
    assert result.value("expenditure_total_wan") == 1234.567891
    assert result.value("expenditure_project_wan") == 0.0
    assert result.failed_checks() == []


def test_unrecognised_hidden_and_duplicate_sheets_are_reported(tmp_path):
    path = seed_workbook(tmp_path, options=LayoutOptions(tables=["expenditure", "three_public"]))
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.create_sheet("备注").append(["本工作簿说明"])
    dup = wb.copy_worksheet(wb["支出决算表"])
    dup.title = "支出决算表 (2)"
    hidden = wb.copy_worksheet(wb["支出决算表"])
    hidden.title = "旧版"
    hidden.sheet_state = "hidden"
    wb.save(path)
    result = extract_file(path)
    messages = " ".join(i.message for i in result.issues)
    assert "备注: 未识别的工作表 unrecognised sheet" in messages
    assert "支出决算表 (2): 重复的表" in messages
    assert "旧版: 隐藏工作表未读取" in messages
    assert "tables not present" in messages
    assert result.value("expenditure_total_wan") == 5437.72
    assert result.value("gpb_basic_wan") is None


def test_unit_and_year_conflicts_become_issues(tmp_path):
    path = seed_workbook(tmp_path, "sample_wujialing_2021_x.xlsx")
    set_cell(path, "收入决算表", "A2", "编制单位：长沙市开福区另一街道办事处")
    result = extract_file(path)
    checks = [i for i in result.issues if i.check == "workbook_identity"]
    assert any("unit conflict" in i.message and i.severity == "error" for i in checks)
    # the file name says 2021, the 编制单位 rows say 2022: the more trusted source wins
    assert any("year conflict" in i.message and i.severity == "warning" for i in checks)
    assert result.value("year") == 2022


def test_year_from_file_name_when_sheets_do_not_say(tmp_path):
    rows = [
        ["支出决算表"],
        ["编制单位：样例街道办事处", None, "金额单位：万元"],
        ["科目编码", "科目名称", "本年支出合计"],
        ["合计", None, 5],
        ["201", "一般公共服务支出", 5],
    ]
    result = extract_file(sheet_workbook(tmp_path / "sample_x_2019.xlsx", {"表1": rows}))
    assert result.value("year") == 2019 and result.value("unit_name") == "样例街道办事处"
    assert result.value("expenditure_total_wan") == 5.0


def test_no_amount_unit_leaves_amounts_empty(tmp_path):
    rows = [
        ["支出决算表"],
        ["编制单位：样例街道办事处"],
        ["科目编码", "科目名称", "本年支出合计"],
        ["合计", None, 5],
        ["201", "一般公共服务支出", 5],
    ]
    result = extract_file(sheet_workbook(tmp_path / "u.xlsx", {"支出决算表": rows}))
    assert result.value("expenditure_total_wan") is None
    assert any(i.check == "workbook_unit" and i.severity == "error" for i in result.issues)


def test_text_in_amount_cell_is_reported_not_guessed(tmp_path):
    path = seed_workbook(tmp_path)
    cell = find_cell(path, "支出决算表", "合计", 3)
    set_cell(path, "支出决算表", cell, "约5437")
    result = extract_file(path)
    assert result.value("expenditure_total_wan") is None
    assert any(i.check == "workbook_amount" and cell in i.message for i in result.issues)


def test_empty_table_with_note_states_zero(tmp_path):
    rows = [
        ["国有资本经营预算财政拨款支出决算表"],
        ["编制单位：样例街道办事处", None, "金额单位：万元"],
        ["科目编码", "科目名称", "本年支出"],
        ["合计", None, None],
        ["注：本单位无国有资本经营预算财政拨款支出，故本表为空表。"],
    ]
    result = extract_file(sheet_workbook(tmp_path / "e.xlsx", {"公开09表": rows}))
    fig = result.figures["state_capital_wan"]
    assert fig.value == 0.0 and fig.note == "empty table read as 0"


def test_not_a_final_accounts_workbook(tmp_path):
    result = extract_file(
        sheet_workbook(tmp_path / "n.xlsx", {"Sheet1": [["姓名", "电话"], ["张三", 1]]})
    )
    assert result.doc_type == "unknown"
    assert any(i.check == "doc_type" for i in result.issues)


def test_corrupt_workbook_is_unreadable_not_a_crash(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    result = extract_file(path)
    assert result.doc_type == "unreadable"
    assert "cannot read workbook" in result.issues[0].message


def test_legacy_xls_fixture():
    result = extract_file(XLS)
    assert result.doc_type == "final_accounts_workbook"
    # an invented unit in a real district: the division list denies it, the district stays
    assert result.value("unit_name") is None and result.value("year") == 2022
    assert (result.value("district"), result.value("city")) == ("开福区", "长沙市")
    assert result.value("source_amount_unit") == "元"
    assert result.value("expenditure_total_wan") == 623.456789
    assert result.value("expenditure_basic_wan") == 423.456789
    assert result.value("expenditure_project_wan") == 200.0
    assert result.value("gpb_total_wan") == 623.456789
    assert result.value("three_public_budget_wan") == 5.0
    assert result.value("three_public_final_wan") == 4.32105
    assert result.value("expenditure_by_class") == {"201": 500.0, "208": 123.456789}
    assert result.failed_checks() == []
    assert any("填表说明" in i.message for i in result.issues)


def test_three_public_in_horizontal_layout(tmp_path):
    lines = ["合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"]
    sub = [None, None, "小计", "公务用车购置费", "公务用车运行费", None]
    rows = [
        ["一般公共预算财政拨款“三公”经费支出决算表"],
        ["编制单位：样例街道办事处", None, None, None, None, None, None, "金额单位：元"],
        ["预算数", None, None, None, None, None, "决算数"],
        lines + lines,
        sub + sub,
        [100000, 10000, 60000, 20000, 40000, 30000, 90000, 10000, 50000, 10000, 40000, 30000],
    ]
    merges = [
        "A3:F3",
        "G3:L3",
        "C4:E4",
        "I4:K4",
        "A4:A5",
        "B4:B5",
        "F4:F5",
        "G4:G5",
        "H4:H5",
        "L4:L5",
    ]
    path = sheet_workbook(tmp_path / "t.xlsx", {"三公经费": rows}, merges={"三公经费": merges})
    result = extract_file(path)
    got = {
        r["line"]: (r["budget_wan"], r["final_wan"]) for r in result.records["three_public_lines"]
    }
    assert got == {
        "total": (10.0, 9.0),
        "overseas_travel": (1.0, 1.0),
        "vehicle_total": (6.0, 5.0),
        "vehicle_purchase": (2.0, 1.0),
        "vehicle_operation": (4.0, 4.0),
        "reception": (3.0, 3.0),
    }
    assert result.value("three_public_final_wan") == 9.0
    assert result.failed_checks() == [] and not [
        i for i in result.issues if i.check == "workbook_row"
    ]
