"""The 三公 table (“三公”经费支出决算表): budget and final amounts per line, whether the
lines run down the rows or across the header."""

from __future__ import annotations

from pipeline import layouts as L
from pipeline.extract.cells import cell_text, checked_wan, is_number, read_amount_cell
from pipeline.extract.sheet import (
    SheetInfo,
    clean_header,
    is_footnote,
    is_lanci_row,
    sheet_record,
    word_matches,
)
from pipeline.labels import norm_label
from pipeline.models import ExtractionResult
from pipeline.readers.excel import SheetGrid


def _three_public_line(text: str) -> str | None:
    s = norm_label(text)
    for key, labels in L.THREE_PUBLIC_LINES.items():
        if s in {norm_label(x) for x in labels}:
            return key
    return None


def read_three_public(
    sheet: SheetGrid, info: SheetInfo, unit: str | None, result: ExtractionResult
) -> list[dict]:
    """Read the 三公 table, vertical (lines as rows) or horizontal (lines as columns)."""
    start = max(x for x in (info.title_row, info.unit_row, -1) if x is not None) + 1
    rows: list[dict] = []
    # vertical: find the header row naming 预算数 and 决算数
    for r in range(start, min(sheet.nrows, start + 8)):
        cols = {}
        for c in range(sheet.ncols):
            h = clean_header(sheet.filled(r, c))
            if word_matches("BUDGET", h) and "budget" not in cols:
                cols["budget"] = c
            elif word_matches("FINAL", h) and "final" not in cols:
                cols["final"] = c
        # vertical needs a label column left of the amounts
        if len(cols) == 2 and cols["budget"] != cols["final"] and min(cols.values()) > 0:
            for rr in range(r + 1, sheet.nrows):
                if is_footnote(sheet, rr):
                    continue
                label_c, line = None, None
                for c in range(min(cols.values())):
                    line = _three_public_line(cell_text(sheet.value(rr, c)))
                    if line:
                        label_c = c
                        break
                if line is None:
                    if any(
                        is_number(sheet.value(rr, c)) for c in cols.values()
                    ) and not is_lanci_row(sheet, rr):
                        result.add_issue(
                            "workbook_row",
                            f"{sheet.address(rr, 0)}: 三公表中未识别的行 unrecognised 三公 row skipped",
                        )
                    continue
                rows.append(
                    _three_row(
                        sheet, line, cell_text(sheet.value(rr, label_c)), rr, cols, unit, result
                    )
                )
            if rows:
                return rows
    # horizontal: lines and 预算数/决算数 in a multi-row header, one data row
    grid_rows = [r for r in range(start, min(sheet.nrows, start + 6)) if not sheet.row_is_blank(r)]
    by_line: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    data_row = None
    for r in range(start, sheet.nrows):
        if any(is_number(v) for v in sheet.rows[r]) and not is_lanci_row(sheet, r):
            data_row = r
            break
    if data_row is None:
        return rows
    header_rows = [r for r in grid_rows if r < data_row]
    for c in range(sheet.ncols):
        side, line, written = None, None, ""
        for r in header_rows:
            h = clean_header(sheet.filled(r, c))
            if word_matches("BUDGET", h):
                side = "budget"
            elif word_matches("FINAL", h):
                side = "final"
            elif _three_public_line(h):
                line, written = _three_public_line(h), cell_text(sheet.filled(r, c))
            elif word_matches("SUBTOTAL", h) and line is None:
                line, written = "total", cell_text(sheet.filled(r, c))
        if side and line:
            by_line.setdefault(line, {})[side] = c
            names.setdefault(line, written)
    for line, cols in by_line.items():
        rows.append(_three_row(sheet, line, names[line], data_row, cols, unit, result))
    return rows


def _three_row(
    sheet: SheetGrid,
    line: str,
    name: str,
    r: int,
    cols: dict[str, int],
    unit: str | None,
    result: ExtractionResult,
) -> dict:
    values: dict[str, float | None] = {}
    locs = []
    for side in ("budget", "final"):
        c = cols.get(side)
        amount = read_amount_cell(sheet, r, c, result).amount if c is not None else None
        values[f"{side}_wan"] = (
            checked_wan(amount, unit, sheet.address(r, c), result)
            if c is not None and unit
            else None
        )
        if c is not None:
            locs.append(sheet.address(r, c))
    return sheet_record(
        sheet.name,
        locs[-1] if locs else sheet.address(r, 0),
        f"{name} | 预算数/决算数",
        line=line,
        name=name,
        **values,
    )
