"""Final-accounts workbooks (部门决算公开表): recognise the nine tables, read them into records.

Layout knowledge (titles, header and row-label synonyms) lives in pipeline.layouts; the
modules this one calls only walk grids (pipeline.extract.sheet, table_grid, coded_table,
three_public, workbook_identity, workbook_figures, form). Amounts are converted to 万元
exactly (Decimal) and stored as floats rounded to 6 decimals. A figure that cannot be read
with certainty stays None and the reason becomes an issue.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import layouts as L
from pipeline.extract.cells import cell_text
from pipeline.extract.coded_table import SheetRead, read_coded_table
from pipeline.extract.form import extract_form_sheet
from pipeline.extract.sheet import SheetInfo, sheet_info
from pipeline.extract.three_public import read_three_public
from pipeline.extract.workbook_figures import set_figures, sheet_units
from pipeline.extract.workbook_identity import (
    Candidates,
    collect_identity,
    file_identity,
    set_identity,
)
from pipeline.labels import match_form, match_table, norm_text
from pipeline.models import ExtractionResult
from pipeline.readers.excel import SheetGrid, WorkbookGrid, read_workbook

#: The recognised table sheets by table key, each with what its top rows say.
Tables = dict[str, tuple[SheetGrid, SheetInfo]]
#: The self-evaluation form sheets, each with its top rows and its kind of form.
FormSheets = list[tuple[SheetGrid, SheetInfo, str]]


def extract_workbook(
    path: str | Path, result: ExtractionResult, grid: WorkbookGrid | None = None
) -> ExtractionResult:
    """Read a final-accounts workbook or self-evaluation form into figures and records (its
    identities are checked by the check stage, pipeline.checks).

    `grid` is given when the tables were read from another format (PDF, HTML, CSV).
    """
    grid = grid if grid is not None else read_workbook(path)
    result.encoding = grid.format
    if not grid.hidden_rows_supported:
        result.add_issue(
            "workbook_read",
            "旧版 .xls 无法检测隐藏行，隐藏行按普通行读取 hidden rows cannot be detected in "
            "legacy .xls; every row was read",
            severity="info",
        )
    cand = Candidates()
    tables, form_sheets = _classify_sheets(grid, cand, result)
    _set_doc_type(result, tables, form_sheets)
    file_identity(Path(path), cand)
    set_identity(result, cand)
    _read_tables(tables, result)
    for sheet, info, kind in form_sheets:
        extract_form_sheet(sheet, info, kind, result)
    return result


def _classify_sheets(
    grid: WorkbookGrid, cand: Candidates, result: ExtractionResult
) -> tuple[Tables, FormSheets]:
    """Which sheet is which table or form (by title, then name); the others are issues."""
    tables: Tables = {}
    form_sheets: FormSheets = []
    for sheet in grid.sheets:
        if sheet.nrows == 0 or all(sheet.row_is_blank(r) for r in range(sheet.nrows)):
            result.add_issue("workbook_sheet", f"{sheet.name}: 空工作表 empty sheet", "info")
            continue
        if sheet.hidden:
            result.add_issue(
                "workbook_sheet",
                f"{sheet.name}: 隐藏工作表未读取 hidden sheet not read (not part of the published tables)",
            )
            continue
        info = sheet_info(sheet)
        by_name, by_title = match_table(sheet.name), match_table(info.title)
        form_kind = match_form(info.title) or match_form(sheet.name) or _looks_like_form(sheet)
        if form_kind and not by_title:
            form_sheets.append((sheet, info, form_kind))
            collect_identity(info, cand, sheet)
            continue
        key = by_title or by_name
        if key is None:
            result.add_issue(
                "workbook_sheet",
                f"{sheet.name}: 未识别的工作表 unrecognised sheet (title {info.title!r}); not read",
            )
            continue
        if by_name and by_title and by_name != by_title:
            result.add_issue(
                "workbook_sheet",
                f"{sheet.name}: 工作表名与标题不一致 sheet name says {by_name}, title says "
                f"{by_title}; the title was trusted",
            )
        if key in tables:
            result.add_issue(
                "workbook_sheet",
                f"{sheet.name}: 重复的表 {L.TABLES[key]['title']} duplicate of sheet "
                f"{tables[key][0].name}; not read",
                severity="error",
            )
            continue
        tables[key] = (sheet, info)
        collect_identity(info, cand, sheet)
    return tables, form_sheets


def _set_doc_type(result: ExtractionResult, tables: Tables, form_sheets: FormSheets) -> None:
    if tables:
        result.doc_type = "final_accounts_workbook"
        result.doc_type_reason = "决算公开表 recognised: " + ", ".join(
            f"{s.name}→{k}" for k, (s, _) in tables.items()
        )
    elif form_sheets:
        result.doc_type = "performance_form"
        result.doc_type_reason = f"绩效自评表 recognised: {form_sheets[0][0].name}"
    else:
        result.doc_type = "unknown"
        result.doc_type_reason = "no final-accounts table or self-evaluation form recognised"
        result.add_issue("doc_type", "工作簿中未识别到决算表或自评表 " + result.doc_type_reason)


def _read_tables(tables: Tables, result: ExtractionResult) -> None:
    """Read every table sheet into records, then set the workbook's figures from them."""
    units = sheet_units(tables, result)
    account_lines: list[dict] = []
    three_public: list[dict] = []
    reads: dict[str, SheetRead] = {}
    for key, (sheet, info) in tables.items():
        unit = units.get(key)
        if sheet.hidden_rows:
            rows = ", ".join(str(r + 1) for r in sorted(sheet.hidden_rows))
            result.add_issue(
                "workbook_hidden_rows",
                f"{sheet.name}: 隐藏行已读取 hidden rows read as data: {rows}",
                severity="info",
            )
        if L.TABLES[key]["kind"] == "three_public":
            three_public.extend(read_three_public(sheet, info, unit, result))
            continue
        read = read_coded_table(sheet, key, info, unit, result)
        reads[key] = read
        account_lines.extend(read.records)
    if tables:
        result.records["account_lines"] = account_lines
        result.records["three_public_lines"] = three_public
        missing = [L.TABLES[k]["title"] for k in L.TABLES if k not in tables]
        if missing:
            result.add_issue(
                "workbook_tables", "缺少的表 tables not present: " + "、".join(missing), "info"
            )
        set_figures(result, reads, three_public, units)


def _looks_like_form(sheet: SheetGrid) -> str | None:
    words = {norm_text(cell_text(v)) for row in sheet.rows[:60] for v in row if isinstance(v, str)}
    return "department" if {"一级指标", "三级指标"} <= words else None
