"""What the terminal shows: query results as aligned tables (CJK-aware), CSV or JSON lines,
and the short summary `make run` prints."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipeline.warehouse.connection import Warehouse, WarehouseError

#: Files listed per status in the run summary (the rest are counted).
_SUMMARY_LIST = 10


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _cell_text(value: Any) -> str:
    if value is None or (not isinstance(value, list | dict) and pd.isna(value)):
        return "NULL"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".") if value == value else "NaN"
    return str(value).replace("\n", "⏎")


def format_frame(frame: pd.DataFrame, fmt: str = "table", max_width: int = 60) -> str:
    """Render a result as 'table' (CJK-aware alignment), 'csv' or 'json' (JSON lines)."""
    if fmt == "csv":
        buf = io.StringIO()
        frame.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        return buf.getvalue()
    if fmt == "json":
        lines = [
            json.dumps(
                {k: (None if _cell_text(v) == "NULL" else v) for k, v in rec.items()},
                ensure_ascii=False,
                default=str,
            )
            for rec in frame.to_dict(orient="records")
        ]
        return "".join(line + "\n" for line in lines)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}")
    headers = [str(c) for c in frame.columns]
    cells = [
        [_clip(_cell_text(v), max_width) for v in row] for row in frame.itertuples(index=False)
    ]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    widths = [max([_width(h)] + [_width(r[j]) for r in cells]) for j, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        out = []
        for j, v in enumerate(values):
            pad = " " * (widths[j] - _width(v))
            out.append(pad + v if numeric[j] else v + pad)
        return " │ ".join(out).rstrip()

    rule = "─┼─".join("─" * w for w in widths)
    body = [line(headers), rule, *(line(r) for r in cells)]
    body.append(f"({len(frame)} 行 rows)")
    return "\n".join(body) + "\n"


def summary_text(db_path: str | Path | None = None) -> str:
    """The short summary `make run` prints: documents, units, years, checks, quarantine."""
    wh = Warehouse(db_path)
    with wh.connect(read_only=True) as con:

        def q(sql: str) -> pd.DataFrame:
            return con.execute(sql).df()

        try:
            docs = q(
                """SELECT doc_type, status, count(*) AS n FROM source_files
                   WHERE is_latest_version GROUP BY ALL ORDER BY doc_type, status"""
            )
        except duckdb.CatalogException as exc:
            raise WarehouseError(
                f"数据仓库为空 warehouse has no tables yet: {wh.path}. Run `make run`."
            ) from exc
        units = q(
            "SELECT count(*) AS n, count(*) FILTER (WHERE is_invented) AS invented FROM units"
        )
        years = q(
            "SELECT DISTINCT year FROM source_files WHERE is_current AND year IS NOT NULL ORDER BY year"
        )
        checks = q(
            """SELECT count(*) FILTER (WHERE NOT passed) AS failed, count(*) AS total
               FROM current_check_results"""
        )
        try:
            recon = q("SELECT status, count(*) AS n FROM reconciliation GROUP BY ALL ORDER BY 1")
        except duckdb.CatalogException:
            recon = pd.DataFrame(columns=["status", "n"])
        bad = q(
            """SELECT file_name, status, reason FROM source_files
               WHERE is_latest_version
                 AND status IN ('quarantined', 'flagged', 'superseded', 'regressed', 'duplicate')
               ORDER BY status, file_name"""
        )
    lines = [f"数据仓库 warehouse: {wh.path}", "文档 documents (doc_type × status):"]
    if docs.empty:
        lines.append("  (无 none)")
    for r in docs.itertuples(index=False):
        lines.append(f"  {r.doc_type:<26} {r.status:<12} {r.n}")
    u = units.iloc[0]
    lines.append(f"单位 units: {u['n']}（其中虚构样例 of which invented: {u['invented']}）")
    year_list = ", ".join(str(y) for y in years["year"]) or "—"
    lines.append(f"年度 years: {year_list}")
    c = checks.iloc[0]
    lines.append(f"未通过校验 failed checks: {c['failed']} / {c['total']}")
    for status, label in (
        ("quarantined", "隔离文件 quarantined"),
        ("flagged", "标记文件 flagged"),
        ("superseded", "被取代 superseded"),
        ("regressed", "重新报送但比当前版本差，未取代 regressed"),
        ("duplicate", "内容重复未加载 duplicate"),
    ):
        rows = bad[bad["status"] == status]
        if len(rows):
            lines.append(f"{label}: {len(rows)}")
            lines.extend(
                f"  - {r.file_name}: {_clip(str(r.reason), 160)}"
                for r in rows.head(_SUMMARY_LIST).itertuples()
            )
            if len(rows) > _SUMMARY_LIST:
                lines.append(f"  … (+{len(rows) - _SUMMARY_LIST}; SELECT * FROM source_files)")
    if len(recon):
        counts = ", ".join(f"{r.status} {r.n}" for r in recon.itertuples())
        lines.append(f"报告与决算表核对 reconciliation: {counts}")
    lines.append('查询 query: python -m pipeline sql "SELECT * FROM report_facts_current"')
    return "\n".join(lines)
