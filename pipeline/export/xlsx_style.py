"""Tables in an openpyxl sheet: two header rows (中文, English), number formats, widths, filters."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.export.labels import Label, Labels, text_width, value_label

#: Number formats: 万元 with two decimals, percentages with one, counts and z-scores.
FORMATS = {
    "wan": "#,##0.00",
    "pct": "0.0%",
    "count": "#,##0",
    "z": "0.00",
    "year": "0",
    "text": "@",
}
FONT = "Microsoft YaHei"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TITLE_FONT = Font(name=FONT, bold=True, size=14)
HEADER_FONT = Font(name=FONT, bold=True, size=10)
ENGLISH_FONT = Font(name=FONT, italic=True, size=8, color="595959")
BODY_FONT = Font(name=FONT, size=10)
THIN = Side(style="thin", color="BFBFBF")
AMBER = PatternFill("solid", fgColor="FFE699")
RED = PatternFill("solid", fgColor="F4B6B6")
RED_FONT = Font(color="C00000", bold=True)
MAX_WIDTH, WRAP_WIDTH = 60, 48


@dataclass(frozen=True)
class Col:
    """One exported column: source column, number kind, the table whose COMMENT names it."""

    name: str
    kind: str = "text"  # wan | pct | count | z | year | text | long | code
    table: str | None = None
    label: Label | None = None  # overrides the warehouse label


def cell_value(value: object, kind: str) -> object:
    """A frame value as the cell should hold it (percent as a fraction, codes labelled, NaN empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if kind == "pct":
        return float(value) / 100
    if kind in ("wan", "z"):
        return float(value)
    if kind in ("count", "year"):
        return int(value)
    if isinstance(value, bool):
        return "是" if value else ""
    if kind == "code":
        return value_label(value)
    return str(value) if not isinstance(value, int | float) else value


def _format_of(kind: str) -> str | None:
    return FORMATS.get(kind)


def write_table(
    ws: Worksheet,
    top: int,
    cols: list[Col],
    frame: pd.DataFrame,
    labels: Labels,
    left: int = 1,
    kinds: pd.Series | None = None,
) -> tuple[int, int]:
    """Header rows at `top` (中文) and `top`+1 (English), data below; returns (first, last) data row.

    `kinds` gives the number kind per row of columns of kind "row" (a long table of metrics).
    """
    for j, col in enumerate(cols):
        label = col.label or labels.column(col.name, col.table)
        zh = ws.cell(top, left + j, label.zh)
        en = ws.cell(top + 1, left + j, label.en)
        zh.font, zh.fill, zh.border = HEADER_FONT, HEADER_FILL, Border(bottom=THIN, top=THIN)
        en.font, en.fill, en.border = ENGLISH_FONT, HEADER_FILL, Border(bottom=THIN)
        zh.alignment = en.alignment = Alignment(vertical="center", wrap_text=True)
        if label.note and label.note not in (label.zh, f"{label.zh} / {label.en}"):
            zh.comment = Comment(label.note, "budgetperf", width=320, height=90)
    first = top + 2
    for i, row in enumerate(frame.itertuples(index=False)):
        record = row._asdict()
        for j, col in enumerate(cols):
            kind = col.kind
            if kind == "row":
                kind = kinds.iloc[i] if kinds is not None else "z"
            cell = ws.cell(first + i, left + j, cell_value(record.get(col.name), kind))
            cell.font = BODY_FONT
            fmt = _format_of(kind)
            if fmt and fmt != "@":
                cell.number_format = fmt
            if kind == "long":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return first, first + len(frame) - 1


def fit_widths(ws: Worksheet, min_width: int = 6) -> None:
    """Column widths that fit the CJK text of headers and cells (long text wraps)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.coordinate in ws.merged_cells:
                continue
            value = cell.value
            text = f"{value:,.2f}" if isinstance(value, float) else str(value)
            longest = max((text_width(part) for part in text.split("\n")), default=0)
            if cell.alignment is not None and cell.alignment.wrap_text and cell.row > 2:
                longest = min(longest, WRAP_WIDTH)
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for column, width in widths.items():
        letter = get_column_letter(column)
        ws.column_dimensions[letter].width = max(min_width, min(width + 2, MAX_WIDTH))


def finish_table(ws: Worksheet, top: int, last: int, ncols: int, left: int = 1) -> None:
    """Freeze the two header rows, filter on the English header row, print titles."""
    ws.freeze_panes = ws.cell(top + 2, left)
    right = get_column_letter(left + ncols - 1)
    ws.auto_filter.ref = f"{get_column_letter(left)}{top + 1}:{right}{max(last, top + 2)}"
    ws.print_title_rows = f"{top}:{top + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _empty(ref: str) -> bool:
    """A range like A5:F4: a table without rows."""
    _, min_row, _, max_row = range_boundaries(ref)
    return max_row < min_row


def highlight_rows(ws: Worksheet, ref: str, formula: str, fill: PatternFill) -> None:
    """Conditional fill of whole rows of `ref` where `formula` (relative to its first row) holds."""
    if not _empty(ref):
        ws.conditional_formatting.add(ref, FormulaRule(formula=[formula], fill=fill))


def highlight_cells(ws: Worksheet, ref: str, formula: str) -> None:
    """Conditional red bold font on the cells of `ref` where `formula` holds."""
    if not _empty(ref):
        ws.conditional_formatting.add(ref, FormulaRule(formula=[formula], font=RED_FONT))


def title(ws: Worksheet, text: str, english: str, span: int) -> None:
    """A title in row 1 (merged over `span` columns) and its English line in row 2."""
    ws.cell(1, 1, text).font = TITLE_FONT
    ws.cell(2, 1, english).font = ENGLISH_FONT
    if span > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=span)
    ws.row_dimensions[1].height = 22
