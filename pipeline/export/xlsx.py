"""The Excel comparison workbook: cover, one sheet per district-year, then the long tables."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.atomic import atomic_path
from pipeline.export.data import CATEGORY_ORDER, ExportData, metric_kind, ranking_rows
from pipeline.export.labels import Label, text_width, value_label
from pipeline.export.xlsx_charts import trend_chart
from pipeline.export.xlsx_district import district_sheet
from pipeline.export.xlsx_style import (
    AMBER,
    BODY_FONT,
    ENGLISH_FONT,
    HEADER_FONT,
    RED,
    TITLE_FONT,
    Col,
    finish_table,
    fit_widths,
    highlight_cells,
    highlight_rows,
    title,
    write_table,
)

#: File name of the workbook in the export folder.
WORKBOOK_NAME = "district_comparison.xlsx"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

RANKING_COLS = [
    Col("district"),
    Col("year", "year"),
    Col("metric_label"),
    Col("rank_desc", "count", "district_comparison"),
    Col("unit_name"),
    Col("value", "row"),
    Col("median_value", "row"),
    Col("z_score", "z", "district_comparison"),
    Col("outlier_mark"),
    Col("n_units", "count"),
    Col("invented_mark"),
    Col("metric", label=Label("指标代码", "metric code")),
    Col("unit_key"),
]
SERIES_METRICS = (
    "final_total_wan", "budget_at_start_wan", "basic_wan", "project_wan", "three_public_wan",
    "staff_in_post", "execution_ratio_pct", "budget_deviation_pct", "final_total_change_pct",
    "three_public_change_pct", "per_staff_wan", "completeness_pct",
)  # fmt: skip
#: The unit's main figures drawn in its trend chart (万元).
TREND_METRICS = ("final_total_wan", "budget_at_start_wan", "basic_wan", "project_wan")
SERIES_COLS = [
    Col("district"),
    Col("unit_name"),
    Col("year", "year"),
    *(Col(m, metric_kind(m), "unit_year_metrics") for m in SERIES_METRICS),
    Col("invented_mark"),
    Col("report_file"),
    Col("workbook_file"),
    Col("unit_key"),
]
CHANGE_COLS = [
    Col("district"),
    Col("unit_name"),
    Col("year", "year"),
    Col("category_label"),
    Col("amount_wan", "wan"),
    Col("prior_amount_wan", "wan"),
    Col("computed_change_wan", "wan", "unit_year_changes"),
    Col("stated_change_wan", "wan", "unit_year_changes"),
    Col("change_wan_difference", "wan", label=Label("增减额差（万元）", "stated − computed")),
    Col("computed_change_pct", "pct", "unit_year_changes"),
    Col("stated_change_pct", "pct", "unit_year_changes"),
    Col(
        "change_pct_difference",
        "z",
        label=Label("增减率差（百分点）", "stated − computed (points)"),
    ),
    Col("comparison_label"),
    Col("source", "code"),
    Col("prior_source", "code", label=Label("上年取数来源", "prior-year source")),
    Col("unit_key"),
]
RECON_COLS = [
    Col("district"),
    Col("unit_name"),
    Col("year", "year"),
    Col("figure_label"),
    Col("report_value", "wan", "reconciliation"),
    Col("workbook_value", "wan", "reconciliation"),
    Col("difference", "wan", "reconciliation"),
    Col("status_label"),
    Col("report_file", table="reconciliation"),
    Col("report_locator", "long", "reconciliation"),
    Col("report_sentence", "long", "reconciliation"),
    Col("workbook_file", table="reconciliation"),
    Col("workbook_locator", "long", "reconciliation"),
    Col("unit_key"),
]
COMPLETENESS_COLS = [
    Col("district"),
    Col("year", "year"),
    Col("unit_name"),
    Col("completeness_pct", "pct", "unit_year_completeness"),
    Col("n_present", "count"),
    Col("n_expected", "count"),
    Col("has_report"),
    Col("has_workbook"),
    Col("missing_documents", "long", "unit_year_completeness"),
    Col("missing_fields", "long", "unit_year_completeness"),
    Col("unit_key"),
]
REPORTING_COLS = [
    Col("district"),
    Col("year", "year"),
    Col("n_units_known", "count"),
    Col("n_units_reported", "count"),
    Col("n_units_with_workbook", "count"),
    Col("units_not_reported", "long"),
    Col("units_without_workbook", "long"),
    Col("district_key", label=Label("区县键", "district key")),
]
QUARANTINE_COLS = [
    Col("file_name", table="source_files"),
    Col("status", "code", "source_files"),
    Col("doc_type", table="source_files"),
    Col("reason", "long", "source_files"),
    Col("path", table="source_files"),
    Col("loaded_at", table="source_files"),
]


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("_", text)[:31]
    name, n = base, 2
    while name in taken:
        suffix = f"~{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _long_sheet(
    ws: Worksheet, data: ExportData, zh: str, en: str, cols: list[Col], frame: pd.DataFrame,
    kinds: pd.Series | None = None,
) -> tuple[int, int]:  # fmt: skip
    """A filterable table with a title; returns its (first, last) data row."""
    title(ws, zh, en, min(len(cols), 8))
    if frame.empty:
        ws.cell(5, 1, "（无 none）").font = BODY_FONT
    first, last = write_table(ws, 3, cols, frame, data.labels, kinds=kinds)
    finish_table(ws, 3, last, len(cols))
    return first, last


def _ranking_sheet(ws: Worksheet, data: ExportData) -> None:
    frames = [ranking_rows(data, dy) for dy in data.district_years()]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    kinds = frame["metric"].map(metric_kind) if len(frame) else None
    first, last = _long_sheet(
        ws, data, "指标排名（各区县、年度）", "rankings of every district and year", RANKING_COLS,
        frame, kinds,
    )  # fmt: skip
    highlight_rows(ws, f"A{first}:M{last}", f'$I{first}="离群"', AMBER)
    highlight_cells(ws, f"H{first}:H{last}", f"ABS(H{first})>=2")


def _series_sheet(ws: Worksheet, charts: Worksheet, data: ExportData) -> None:
    frame = data.frames["metrics"].sort_values(["district", "unit_name", "unit_key", "year"])
    frame = frame.reset_index(drop=True)
    frame = frame.assign(invented_mark=frame["is_invented"].map(lambda v: "虚构" if v else ""))
    first, _ = _long_sheet(
        ws, data, "单位多年序列", "each unit's figures over the years", SERIES_COLS, frame
    )
    title(charts, "单位趋势图：主要数字（万元）", "each unit's main figures over the years", 8)
    names = [c.name for c in SERIES_COLS]
    series = [(names.index(m) + 1, data.labels.metric(m).zh) for m in TREND_METRICS]
    frame = frame.reset_index(drop=True)
    year_col = names.index("year") + 1
    for k, (_, unit) in enumerate(frame.groupby("unit_key", sort=False)):
        # rows of one unit are contiguous: the frame is sorted by district, name, key, year
        start, end = first + unit.index.min(), first + unit.index.max()
        name = f"{unit['unit_name'].iloc[0]}（{unit['district'].iloc[0]}）"
        chart = trend_chart(ws, name, (year_col, start, end), series)
        charts.add_chart(chart, f"{'AK'[k % 2]}{4 + (k // 2) * 16}")
    charts.page_setup.orientation = "landscape"
    charts.page_setup.fitToWidth = 1
    charts.page_setup.fitToHeight = 0
    charts.sheet_properties.pageSetUpPr.fitToPage = True


def _changes(data: ExportData) -> pd.DataFrame:
    frame = data.frames["changes"].copy()
    frame["order"] = frame["category"].map({c: i for i, c in enumerate(CATEGORY_ORDER)})
    frame["category_label"] = frame["category"].map(data.labels.category)
    frame["comparison_label"] = frame["comparison"].map(value_label)
    return frame.sort_values(["district", "unit_name", "year", "order"])


def _cover(ws: Worksheet, data: ExportData, sheets: list[tuple[str, str]]) -> None:
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.cell(1, 1, "街道乡镇部门整体支出绩效 · 区县比较工作簿").font = TITLE_FONT
    ws.cell(
        2, 1, "Subdistrict budget-performance: district comparison workbook"
    ).font = ENGLISH_FONT
    years = sorted({dy.year for dy in data.district_years()})
    districts = sorted({dy.name for dy in data.district_years()})
    invented = data.invented_units()
    wholly = invented[invented["is_invented"]]["unit_name"].tolist()
    partly = invented[~invented["is_invented"]]["unit_name"].tolist()
    rows = [
        ("内容 what", "各区县内各单位的绩效指标排名（z 分数、离群标记）、区县合计、单位多年序列与增减核对、"
         "报告与决算表核对、完整度与未报送单位、隔离文件。金额单位万元，百分比保留一位小数。"),
        ("数据截至 data as of", f"{data.loaded_at:%Y-%m-%d %H:%M}" if data.loaded_at else "—"),
        ("导出时间 exported", f"{data.exported_at:%Y-%m-%d %H:%M}"),
        ("数据仓库 warehouse", str(data.db_path)),
        ("区县 districts", "、".join(districts)),
        ("年度 years", "、".join(str(y) for y in years)),
        ("虚构样例单位 invented units", "、".join(wholly) or "无 none"),
        ("含虚构文件的单位 units with invented files", "、".join(partly) or "无 none"),
        ("提示 note", "虚构样例（文件名以 sample_ 开头）的数字不是真实数据，仅供演示；表中标“虚构”。"
         "排序表格会打乱图表引用的行；请筛选，不要排序（或先复制到新表）。"),
    ]  # fmt: skip
    for i, (key, value) in enumerate(rows, start=4):
        ws.cell(i, 1, key).font = HEADER_FONT
        cell = ws.cell(i, 2, value)
        cell.font, cell.alignment = BODY_FONT, Alignment(wrap_text=True, vertical="top")
        # row heights are not measured on open: give wrapped text its lines
        ws.row_dimensions[i].height = 15 * (1 + text_width(value) // 88)
    row = len(rows) + 6
    ws.cell(row, 1, "工作表 sheets").font = HEADER_FONT
    for i, (name, what) in enumerate(sheets, start=row + 1):
        link = ws.cell(i, 1, name)
        link.hyperlink = f"#'{name}'!A1"
        link.font = Font(name=BODY_FONT.name, color="0563C1", underline="single")
        ws.cell(i, 2, what).font = BODY_FONT


def build_workbook(data: ExportData) -> Workbook:
    """The whole workbook for the districts and years in `data`."""
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    taken = {"封面"}
    index: list[tuple[str, str]] = []

    def add(text: str, what: str) -> Worksheet:
        ws = wb.create_sheet(sheet_name(text, taken))
        index.append((ws.title, what))
        return ws

    for dy in data.district_years():
        district_sheet(
            add(f"{dy.name}{dy.year}", f"{dy.title}：报送、合计、指标排名与图表"), data, dy
        )
    _ranking_sheet(add("指标排名", "全部区县年度的排名长表（可筛选）"), data)
    series = add("多年序列", "单位多年序列（可筛选）")
    _series_sheet(series, add("趋势图", "单位主要数字的趋势折线图"), data)
    changes = add("增减核对", "报告声明的比上年增减 vs 仓库计算")
    first, last = _long_sheet(
        changes, data, "比上年增减：报告声明 vs 仓库计算", "stated vs computed change on prior year",
        CHANGE_COLS, _changes(data),
    )  # fmt: skip
    highlight_rows(changes, f"A{first}:P{last}", f'ISNUMBER(SEARCH("differ",$M{first}))', RED)
    recon = add("报告与决算表核对", "报告数字与决算表数字的核对，附双方出处")
    frame = data.frames["reconciliation"].copy()
    frame["figure_label"] = frame["figure"].map(data.labels.category)
    frame["status_label"] = frame["status"].map(value_label)
    frame = frame.assign(agree=frame["status"] == "agree").sort_values(
        ["agree", "district", "unit_name", "year", "figure"]
    )
    first, last = _long_sheet(
        recon,
        data,
        "报告与决算表核对",
        "report figures vs final-accounts tables",
        RECON_COLS,
        frame,
    )
    highlight_rows(recon, f"A{first}:N{last}", f'ISNUMBER(SEARCH("differ",$H{first}))', RED)
    highlight_rows(recon, f"A{first}:N{last}", f'ISNUMBER(SEARCH("only_",$H{first}))', AMBER)
    highlight_cells(recon, f"G{first}:G{last}", f"AND(ISNUMBER(G{first}),G{first}<>0)")
    comp = add("完整度", "每单位每年应有文档与字段的完整度")
    frame = data.frames["completeness"].sort_values(["district", "year", "completeness_pct"])
    first, last = _long_sheet(
        comp, data, "完整度", "completeness of each unit-year", COMPLETENESS_COLS, frame
    )
    highlight_rows(comp, f"A{first}:K{last}", f"$D{first}=0", RED)
    highlight_rows(comp, f"A{first}:K{last}", f"$D{first}<1", AMBER)
    rep = add("报送情况", "各区县年度未报送报告或决算表的单位")
    frame = data.frames["reporting"].sort_values(["district", "year"])
    first, last = _long_sheet(
        rep, data, "报送情况", "units that did not report", REPORTING_COLS, frame
    )
    highlight_rows(rep, f"A{first}:H{last}", f"LEN($F{first})>0", AMBER)
    quar = add("隔离与标记文件", "未加载（隔离）或有问题（标记）的文件及原因")
    first, last = _long_sheet(
        quar, data, "隔离与标记文件", "quarantined and flagged files with their reasons",
        QUARANTINE_COLS, data.frames["quarantine"],
    )  # fmt: skip
    highlight_rows(quar, f"A{first}:F{last}", f'ISNUMBER(SEARCH("quarantined",$B{first}))', RED)
    highlight_rows(quar, f"A{first}:F{last}", f'ISNUMBER(SEARCH("flagged",$B{first}))', AMBER)
    for ws in wb.worksheets[1:]:
        fit_widths(ws)
    _cover(cover, data, index)
    return wb


def write_workbook(data: ExportData, out: str | Path) -> Path:
    """Build the workbook and write it atomically (a reader never sees half a file)."""
    out = Path(out)
    wb = build_workbook(data)
    with atomic_path(out, prefix=".export-") as tmp:
        wb.save(tmp)
    return out
