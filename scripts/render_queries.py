#!/usr/bin/env python3
"""Run the README's analyst queries and rewrite its "Queries" section with their real output.

    .venv/bin/python scripts/render_queries.py [--raw raw] [--db PATH] [--readme README.md] [--check]

Without --db a fresh warehouse is built from raw/ in a temporary directory (extract, load,
reconcile), so the output depends on raw/ only. --check exits 1 if README is out of date.
Only the text between <!-- queries:start --> and <!-- queries:end --> is rewritten.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.warehouse import format_frame, run_query  # noqa: E402

START, END = "<!-- queries:start -->", "<!-- queries:end -->"

#: (Chinese title, English title, SQL): the analysts' questions, as data.
QUERIES: list[tuple[str, str, str]] = [
    (
        "人均支出排名（2022年，区县内）",
        "Ranking by per-staff expenditure (2022, within each district)",
        """SELECT district, unit_name, round(value, 2) AS per_staff_wan, rank_desc,
       round(z_score, 2) AS z_score
FROM district_comparison
WHERE metric = 'per_staff_wan' AND year = 2022
ORDER BY district, rank_desc, unit_name""",
    ),
    (
        "预算执行率与偏离度排名（2022年）",
        "Execution ratio and budget deviation ranking (2022)",
        """SELECT district, unit_name, round(execution_ratio_pct, 2) AS execution_pct,
       round(budget_deviation_pct, 2) AS deviation_pct, execution_source
FROM unit_year_metrics
WHERE year = 2022 AND execution_ratio_pct IS NOT NULL
ORDER BY execution_ratio_pct DESC""",
    ),
    (
        "区县按支出类别合计与未报送单位",
        "District totals by expenditure category, with units that did not report",
        """SELECT district, year, category, round(total_wan, 2) AS total_wan,
       n_units_with_amount AS n_units, n_units_known, units_not_reported
FROM district_totals_by_category
WHERE category IN ('basic', 'project', 'total')
ORDER BY district, year, category""",
    ),
    (
        "区县内比较：z 分数与离群（1.5倍四分位距）",
        "District comparison: z-scores and outliers (1.5 IQR rule)",
        """SELECT district, year, metric, unit_name, round(value, 2) AS value,
       round(median_value, 2) AS district_median, rank_desc, round(z_score, 2) AS z_score,
       is_outlier
FROM district_comparison
WHERE is_outlier OR abs(z_score) > 1.9
ORDER BY district, year, metric, rank_desc
LIMIT 15""",
    ),
    (
        "单位多年时间序列",
        "Time series of one unit",
        """SELECT unit_name, year, round(final_total_wan, 2) AS final_total_wan,
       round(final_total_change_pct, 2) AS change_pct, round(execution_ratio_pct, 2) AS execution_pct,
       round(per_staff_wan, 2) AS per_staff_wan, round(three_public_wan, 2) AS three_public_wan,
       round(three_public_change_pct, 2) AS three_public_change_pct
FROM unit_year_metrics
WHERE unit_key = (SELECT min(unit_key) FROM unit_year_metrics
                  WHERE year = (SELECT min(year) FROM unit_year_metrics))
ORDER BY year""",
    ),
    (
        "报告声明增减与仓库计算增减不一致",
        "Stated change on prior year vs the change computed from the warehouse",
        """SELECT unit_name, year, category, amount_wan, prior_amount_wan,
       computed_change_wan, stated_change_wan, round(computed_change_pct, 2) AS computed_pct,
       stated_change_pct AS stated_pct, comparison
FROM unit_year_changes
WHERE comparison = 'differ'
ORDER BY unit_name, year, category""",
    ),
    (
        "报告与决算表不一致（核对结果）",
        "Report vs final-accounts table differences (reconciliation)",
        """SELECT unit_name, year, figure, report_value, workbook_value, difference, status,
       workbook_locator
FROM reconciliation
WHERE status <> 'agree'
ORDER BY status, unit_name, year, figure""",
    ),
    (
        "被隔离或标记的文件及原因",
        "Quarantined and flagged files with their reasons",
        """SELECT file_name, doc_type, status, reason
FROM source_files
WHERE is_latest_version AND status IN ('quarantined', 'flagged')
ORDER BY status, file_name""",
    ),
    (
        "完整度最低的单位年度",
        "Least complete unit-years (expected documents and fields)",
        """SELECT district, year, unit_name, round(completeness_pct, 1) AS completeness_pct,
       missing_documents, missing_fields
FROM unit_year_completeness
WHERE completeness_pct < 100
ORDER BY completeness_pct, district, year, unit_name
LIMIT 12""",
    ),
    (
        "绩效指标完成情况（按区县、年度）",
        "Indicator achievement by district and year",
        """SELECT m.district, a.year, a.source, a.status, count(*) AS n_indicators
FROM indicator_achievement AS a
JOIN unit_year_metrics AS m USING (unit_key, year)  -- the key: names repeat across districts
GROUP BY m.district_key, m.district, a.year, a.source, a.status
ORDER BY m.district, a.year, a.source, a.status""",
    ),
]


def build_warehouse(raw: Path, db: Path) -> None:
    """Ingest every file of raw/ into db, as `make run` does."""
    from pipeline.ingest import ingest_folder

    ingest_folder(raw, db)


def render(db: Path) -> str:
    """The Markdown of the section: each query, then its output."""
    parts = [
        "",
        'Each query below runs as is with `python -m pipeline sql "…"` or at the read-only prompt '
        "`python -m pipeline shell` (the DuckDB CLI from the registry, 1.5.x, cannot open a file "
        "written by DuckDB 2.0). "
        "Output: the sample data in `raw/` (the real seed plus invented `sample_*` units), "
        "regenerated by `make queries`. Views and columns are documented in "
        "`pipeline/sql/create_metrics.sql` (`SELECT * FROM duckdb_views()` shows the comments).",
        "",
    ]
    for i, (zh, en, sql) in enumerate(QUERIES, start=1):
        frame = run_query(sql, db)
        parts += [
            f"### {i}. {zh} · {en}",
            "",
            "```sql",
            sql,
            "```",
            "",
            "```text",
            format_frame(frame, max_width=48).rstrip("\n"),
            "```",
            "",
        ]
    return "\n".join(parts)


def rewrite(readme: Path, body: str) -> str:
    """README text with the section between the markers replaced by body."""
    text = readme.read_text(encoding="utf-8")
    head, sep, rest = text.partition(START)
    _middle, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit(f"{readme}: markers {START} … {END} not found")
    return head + START + "\n" + body + "\n" + END + tail


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=ROOT / "raw")
    ap.add_argument("--db", type=Path, help="use this warehouse instead of building one")
    ap.add_argument("--readme", type=Path, default=ROOT / "README.md")
    ap.add_argument("--check", action="store_true", help="exit 1 if README is out of date")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="queries_") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "warehouse.duckdb"
            build_warehouse(args.raw, db)
        new = rewrite(args.readme, render(db))
    if args.check:
        same = new == args.readme.read_text(encoding="utf-8")
        print("README queries up to date" if same else "README queries out of date")
        return 0 if same else 1
    args.readme.write_text(new, encoding="utf-8")
    print(f"rewrote {len(QUERIES)} queries in {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
