"""One sheet per district and year: who reported, totals by category and by function, and the
ranking of every metric (rank, value, median, z-score, outlier) with its bar chart beside it."""

from __future__ import annotations

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.export.data import CATEGORY_ORDER, DistrictYear, ExportData, metric_kind, ranking_rows
from pipeline.export.labels import Label
from pipeline.export.xlsx_charts import ranking_chart
from pipeline.export.xlsx_style import (
    AMBER,
    ENGLISH_FONT,
    FORMATS,
    HEADER_FONT,
    Col,
    highlight_cells,
    highlight_rows,
    title,
    write_table,
)

#: Rows a metric block takes at least, so its chart (beside it) never overlaps the next one.
BLOCK_MIN_ROWS = 14
CHART_COLUMN = 10  # J: charts sit right of the block tables (A–H)
SPAN = 8
SECTION_FONT = Font(name=HEADER_FONT.name, bold=True, size=12)

RANKING_COLS = [
    Col("rank_desc", "count", "district_comparison"),
    Col("unit_name"),
    Col("value", "row"),
    Col("median_value", "row"),
    Col("z_score", "z", "district_comparison"),
    Col("outlier_mark", "text"),
    Col("n_units", "count"),
    Col("invented_mark", "text"),
]
CATEGORY_COLS = [
    Col("category_label"),
    Col("total_wan", "wan"),
    Col("n_units_with_amount", "count"),
    Col("n_from_report", "count"),
    Col("n_from_workbook", "count"),
    Col("n_units_known", "count"),
]
FUNCTION_COLS = [
    Col("class_code"),
    Col("class_name"),
    Col("total_wan", "wan"),
    Col("n_units", "count"),
    Col("n_units_known", "count"),
]


def _line(ws: Worksheet, row: int, text: str, font: Font) -> None:
    """A line of text over the block's columns (merged, so it does not widen column A)."""
    ws.cell(row, 1, text).font = font
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=SPAN)


def _section(ws: Worksheet, row: int, zh: str, en: str) -> None:
    _line(ws, row, f"{zh} · {en}", SECTION_FONT)


def _reporting_lines(data: ExportData, dy: DistrictYear) -> list[str]:
    rep = data.of("reporting", dy)
    if rep.empty:
        return []
    r = rep.iloc[0]
    lines = [
        f"已知单位 {r.n_units_known} 个，报送绩效报告 {r.n_units_reported} 个，"
        f"报送决算表 {r.n_units_with_workbook} 个 · units known {r.n_units_known}, "
        f"with a report {r.n_units_reported}, with a workbook {r.n_units_with_workbook}"
    ]
    if r.units_not_reported:
        lines.append(f"未报送绩效报告 without a report: {r.units_not_reported}")
    if r.units_without_workbook:
        lines.append(f"未报送决算表 without a workbook: {r.units_without_workbook}")
    return lines


def _totals(ws: Worksheet, row: int, data: ExportData, dy: DistrictYear) -> int:
    """Totals by category then by function; returns the next free row."""
    _section(ws, row, "按支出类别合计", "district totals by expenditure category")
    cats = data.of("by_category", dy).copy()
    cats["order"] = cats["category"].map({c: i for i, c in enumerate(CATEGORY_ORDER)})
    cats = cats.sort_values("order")
    cats["category_label"] = cats["category"].map(data.labels.category)
    _, last = write_table(ws, row + 1, CATEGORY_COLS, cats, data.labels)
    row = last + 3
    _section(ws, row, "按支出功能分类合计", "district totals by functional class (支出决算表)")
    funcs = data.of("by_function", dy)
    if funcs.empty:
        _line(ws, row + 1, "（无决算表 no workbook）", ENGLISH_FONT)
        return row + 4
    _, last = write_table(ws, row + 1, FUNCTION_COLS, funcs, data.labels)
    return last + 3


def _metric_block(
    ws: Worksheet, row: int, data: ExportData, metric: str, rows: pd.DataFrame
) -> tuple[int, tuple[int, int]]:
    """One metric's ranking table and chart; returns (next free row, (first, last) data row)."""
    label: Label = data.labels.metric(metric)
    _section(ws, row, label.zh, label.en)
    kind = metric_kind(metric)
    kinds = pd.Series([kind] * len(rows))
    cols = [c if c.kind != "row" else Col(c.name, kind, c.table, c.label) for c in RANKING_COLS]
    first, last = write_table(ws, row + 1, cols, rows, data.labels, kinds=kinds)
    ref = f"A{first}:{get_column_letter(len(cols))}{last}"
    highlight_rows(ws, ref, f'$F{first}="离群"', AMBER)
    highlight_cells(ws, f"E{first}:E{last}", f"ABS(E{first})>=2")
    chart = ranking_chart(ws, label.zh, (2, first, last), 3, FORMATS[kind])
    ws.add_chart(chart, f"{get_column_letter(CHART_COLUMN)}{row}")
    return row + max(BLOCK_MIN_ROWS, last - row + 3), (first, last)


def district_sheet(ws: Worksheet, data: ExportData, dy: DistrictYear) -> dict[str, tuple[int, int]]:
    """Fill one district-year sheet; returns each metric's data rows (for tests and links)."""
    place = f"{dy.city} " if dy.city else ""
    title(ws, f"{place}{dy.title} 区县内比较", f"district comparison, {dy.year}", 8)
    row = 4
    for line in _reporting_lines(data, dy):
        _line(ws, row, line, HEADER_FONT)
        row += 1
    row = _totals(ws, row + 1, data, dy)
    _section(
        ws, row, "指标排名（区县内）", "ranking of each metric within the district (DOMAIN §5)"
    )
    ws.cell(
        row + 1, 1, "离群 = 超出 [Q1−1.5·IQR, Q3+1.5·IQR]（少于4个单位不判断）；|z| ≥ 2 红字"
    ).font = ENGLISH_FONT
    row += 3
    ranking = ranking_rows(data, dy)
    blocks: dict[str, tuple[int, int]] = {}
    for _, rows in ranking.groupby("metric_order", sort=True):
        name = rows["metric"].iloc[0]
        row, blocks[name] = _metric_block(ws, row, data, name, rows.reset_index(drop=True))
    ws.freeze_panes = "A3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return blocks
