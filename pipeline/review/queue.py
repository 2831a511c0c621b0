"""The review queue as a frame and as the workbook analysts fill in (opens in Excel and WPS):
one row per document and figure that needs a person, its provenance, and four empty
columns for the analyst. Dropped into the corrections folder, the filled-in sheet is read
back by pipeline.review.corrections (by the English header row)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.atomic import atomic_path
from pipeline.config import export_dir
from pipeline.export.labels import Label
from pipeline.export.xlsx_style import Col, finish_table, fit_widths, title, write_table
from pipeline.warehouse.connection import Warehouse

REVIEW_NAME = "review_queue.xlsx"
#: Exported columns: (key = the English header the reader looks for, 中文, kind).
COLUMNS = (
    ("district", "区县", "text"),
    ("year", "年度", "year"),
    ("unit_name", "单位", "text"),
    ("doc_type", "文档类型", "text"),
    ("file_name", "文件", "text"),
    ("figure", "字段", "text"),
    ("value", "现值（空=未读出）", "text"),
    ("issue", "列入原因", "text"),
    ("why_listed", "说明（校验或核对）", "long"),
    ("locator", "位置（标题路径或 工作表!单元格）", "text"),
    ("sentence", "原文句子或单元格", "long"),
    ("path", "文件路径", "text"),
    ("source_sha256", "文件内容哈希（勿改）", "text"),
    ("corrected_value", "更正值（万元/人数）", "text"),
    ("confirmed", "确认原文如此（是/否）", "text"),
    ("reason", "原因", "text"),
    ("reviewer", "复核人", "text"),
)
ANALYST = ("corrected_value", "confirmed", "reason", "reviewer")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_TOP = 3


def review_queue(
    db_path: str | Path | None = None, district: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """The review queue, optionally of one district (name or code) and year."""
    sql = "SELECT * FROM review_queue WHERE true"
    params: dict = {}
    if district:
        sql += " AND (district = $d OR district_key = $d)"
        params["d"] = district
    if year is not None:
        sql += " AND year = $y"
        params["y"] = int(year)
    sql += " ORDER BY district, year, unit_name, file_name, figure"
    with Warehouse(db_path).connect(read_only=True) as con:
        return con.execute(sql, params).df()


def queue_sizes(db_path: str | Path | None = None) -> dict[str, int]:
    """Rows in the review queue per district (asset metadata)."""
    with Warehouse(db_path).connect(read_only=True) as con:
        rows = con.execute(
            "SELECT coalesce(district, '（无区县）'), count(*) FROM review_queue GROUP BY ALL ORDER BY 1"
        ).fetchall()
    return {str(d): int(n) for d, n in rows}


def build_review(frame: pd.DataFrame) -> Workbook:
    """The workbook: a title, the two header rows (中文, English keys), the queue, and the
    analyst's four columns highlighted, `confirmed` limited to 是/否."""
    wb = Workbook()
    ws = wb.active
    ws.title = "复核 review"
    data = frame.rename(columns={"reason": "why_listed"}).copy()
    for c in ANALYST:
        data[c] = None
    cols = [Col(k, kind, label=Label(zh, k)) for k, zh, kind in COLUMNS]
    title(
        ws,
        "复核队列：填写 更正值 或 确认（是），保存后放入 raw/corrections/ 并运行 make run",
        "Review queue: fill in corrected_value or confirmed (是), save into raw/corrections/, run make run",
        len(cols),
    )
    first, last = write_table(ws, HEADER_TOP, cols, data, None)  # type: ignore[arg-type]
    keys = [k for k, _, _ in COLUMNS]
    rule = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    ws.add_data_validation(rule)
    for c in ANALYST:
        j = keys.index(c) + 1
        for r in range(first, last + 1):
            ws.cell(r, j).fill = INPUT_FILL
            ws.cell(r, j).number_format = "@" if c != "corrected_value" else "General"
        if c == "confirmed" and last >= first:
            letter = ws.cell(first, j).column_letter
            rule.add(f"{letter}{first}:{letter}{last}")
    fit_widths(ws)
    finish_table(ws, HEADER_TOP, last, len(cols))
    return wb


def export_review(
    db_path: str | Path | None = None,
    district: str | None = None,
    year: int | None = None,
    out: str | Path | None = None,
) -> Path:
    """Write the review workbook atomically (default: exports/review_queue.xlsx)."""
    out = Path(out) if out else export_dir(db_path) / REVIEW_NAME
    wb = build_review(review_queue(db_path, district, year))
    with atomic_path(out, prefix=".review-") as tmp:
        wb.save(tmp)
    return out
