"""Build test workbooks with openpyxl: the nine-table sample in any layout, or a sheet by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from samples.final_accounts import (
    STANDARD_ORDER,
    LayoutOptions,
    seed_spec,
    write_final_accounts_workbook,
)

#: Every figure of the seed unit's workbook (DOMAIN.md §2–3; personnel/office and 三公 invented).
SEED_FIGURES: dict[str, Any] = {
    "unit_name": "伍家岭街道办事处",
    "district": "开福区",
    "city": "长沙市",
    "year": 2022,
    "expenditure_total_wan": 5437.72,
    "expenditure_basic_wan": 2400.49,
    "expenditure_project_wan": 3037.23,
    "gpb_total_wan": 5310.72,
    "gpb_basic_wan": 2400.49,
    "gpb_project_wan": 2910.23,
    "personnel_wan": 2210.0,
    "office_wan": 190.49,
    "gov_fund_wan": 16.0,
    "state_capital_wan": 38.45,
    "revenue_total_wan": 5437.72,
    "three_public_budget_wan": 4.7,
    "three_public_final_wan": 3.81,
}

SEED_BY_CLASS = {
    "201": 2389.42,
    "204": 141.11,
    "208": 1425.55,
    "210": 480.0,
    "212": 763.19,
    "221": 200.0,
    "223": 38.45,
}

#: The seed's 收入支出决算总表 by hand, four columns without 行次 (项目 | 决算数 | 项目 | 决算数):
#: income left, spending right (DOMAIN.md §3). Rows below the header; SUMMARY_TOP goes above.
SUMMARY = "收入支出决算总表"
SUMMARY_TOP = [
    [SUMMARY],
    ["编制单位：长沙市开福区伍家岭街道办事处", None, "2022年度", "金额单位：万元"],
]
SUMMARY_BODY = [
    ["一般公共预算财政拨款收入", 5310.72, "一般公共服务支出", 2389.42],
    ["政府性基金预算财政拨款收入", 16.0, "公共安全支出", 141.11],
    ["国有资本经营预算财政拨款收入", 38.45, "社会保障和就业支出", 1425.55],
    ["其他收入", 72.55, "卫生健康支出", 480.0],
    [None, None, "城乡社区支出", 763.19],
    [None, None, "住房保障支出", 200.0],
    [None, None, "灾害防治及应急管理支出", 38.45],
    ["本年收入合计", 5437.72, "本年支出合计", 5437.72],
    ["年初结转和结余", 0, "年末结转和结余", 0],
    ["总计", 5437.72, "总计", 5437.72],
]

#: The layouts issue 3 names, as generator options.
LAYOUTS: dict[str, LayoutOptions] = {
    "standard_merged_headers": LayoutOptions(),
    "yuan": LayoutOptions(amount_unit="元"),
    "prefixed_names": LayoutOptions(prefixed=True),
    "reordered_sheets": LayoutOptions(order=list(reversed(STANDARD_ORDER))),
    "blank_and_hidden_rows": LayoutOptions(blank_rows=True, hidden_rows=True),
    "split_codes": LayoutOptions(split_codes=True),
    "split_codes_as_numbers": LayoutOptions(split_codes=True, code_style="number"),
    "codes_as_numbers": LayoutOptions(code_style="number"),
    "code_with_name": LayoutOptions(code_style="with_name", side_by_side_basic=False),
    "side_by_side_basic": LayoutOptions(side_by_side_basic=True),
    "basic_in_columns": LayoutOptions(side_by_side_basic=False),
    "titles_only": LayoutOptions(sheet_names="generic", lanci_row=False, footnotes=False),
    # 项目 | 决算数 | 项目 | 决算数: no 行次, no 收入/支出 band (issue 10)
    "four_column_summary": LayoutOptions(summary_style="four_columns"),
    "everything": LayoutOptions(
        amount_unit="元",
        prefixed=True,
        order=[STANDARD_ORDER[i] for i in (6, 2, 0, 8, 4, 1, 7, 3, 5)],
        split_codes=True,
        code_style="number",
        blank_rows=True,
        hidden_rows=True,
    ),
}


def seed_workbook(
    directory: Path, name: str = "wb.xlsx", options: LayoutOptions | None = None
) -> Path:
    """The seed unit's nine-table workbook in a layout, written under `directory`."""
    return write_final_accounts_workbook(directory / name, seed_spec(), options)


def sheet_workbook(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    merges: dict[str, list[str]] | None = None,
    hidden_rows: dict[str, list[int]] | None = None,
    hidden_sheets: tuple[str, ...] = (),
) -> Path:
    """A workbook from literal rows per sheet (rows start at A1; hidden rows are 1-based)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        for r in (hidden_rows or {}).get(name, []):
            ws.row_dimensions[r].hidden = True
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def find_cell(path: Path, sheet: str, row_label: str, column: int) -> str:
    """A1 address of the cell `column` (1-based) on the row whose first cell is `row_label`."""
    wb = load_workbook(path)
    ws = wb[sheet]
    for row in ws.iter_rows():
        if str(row[0].value) == row_label:
            return ws.cell(row=row[0].row, column=column).coordinate
    raise KeyError(row_label)


def set_cell(path: Path, sheet: str, address: str, value: Any) -> None:
    """Overwrite one cell of a saved workbook (to plant an error)."""
    wb = load_workbook(path)
    wb[sheet][address] = value
    wb.save(path)


def get_cell(path: Path, sheet: str, address: str) -> Any:
    """Read one cell of a saved workbook."""
    return load_workbook(path)[sheet][address].value
