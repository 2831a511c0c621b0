"""Command-line interface of the domain layer (no Dagster needed)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline import config

#: Files listed as ignored in the summary (the rest are counted).
_SUMMARY_IGNORED = 10


def _cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.extract import extract_files
    from pipeline.inventory import list_documents

    given = args.paths
    if given[:1] == ["--"]:
        given = given[1:]  # some Python versions keep the `--` that ends the options
    # a folder stands for the documents in it, as raw/ does for the pipeline
    paths = [doc for p in given for doc in (list_documents(p) if Path(p).is_dir() else [p])]
    for result in extract_files(paths):
        print(json.dumps(result.to_contract(), ensure_ascii=False, default=str), flush=True)
    return 0


def _cmd_sql(args: argparse.Namespace) -> int:
    from pipeline.warehouse import WarehouseError, format_frame, run_query

    try:
        frame = run_query(args.query, db_path=args.db)
    except WarehouseError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 2
    if args.excel and args.json:
        print("错误 error: --excel writes CSV; it cannot go with --json", file=sys.stderr)
        return 2
    fmt = "csv" if args.csv or args.excel else "json" if args.json else "table"
    text = format_frame(frame, fmt)
    if args.excel:
        # Excel and WPS read a CSV as the local code page unless it starts with a BOM
        sys.stdout.flush()
        sys.stdout.buffer.write(text.replace("\n", "\r\n").encode("utf-8-sig"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    import time

    from pipeline.export import export_html, export_xlsx
    from pipeline.warehouse import WarehouseError

    started = time.perf_counter()
    try:
        if args.format == "xlsx":
            paths = [export_xlsx(args.db, args.district, args.year, args.out)]
        elif args.format == "review":
            from pipeline.review.queue import export_review

            paths = [export_review(args.db, args.district, args.year, args.out)]
        else:
            paths = export_html(args.db, args.district, args.year, args.out)
    except WarehouseError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    print(
        f"导出 exported {len(paths)} file(s) in {time.perf_counter() - started:.2f} s",
        file=sys.stderr,
    )
    return 0


def _cmd_shell(args: argparse.Namespace) -> int:
    from pipeline.shell import main as shell_main

    return shell_main(args.db)


def _cmd_describe(args: argparse.Namespace) -> int:
    from pipeline.warehouse import WarehouseError, format_frame
    from pipeline.warehouse.queries import describe

    try:
        frame = describe(args.table, db_path=args.db)
    except WarehouseError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 2
    # comments in full: they are the documentation
    sys.stdout.write(format_frame(frame, "table", max_width=10_000))
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    from pipeline.warehouse import WarehouseError, summary_text

    try:
        print(summary_text(db_path=args.db))
    except WarehouseError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(ignored_lines(args.raw or config.raw_dir())))
    exports = config.export_dir(args.db)
    if exports.is_dir():
        n = len(list(exports.glob("report_*.html")))
        print(
            f"导出 exports in {exports}: district_comparison.xlsx, {n} 份区县报告 reports (.html)"
        )
    return 0


def ignored_lines(raw_dir: Path) -> list[str]:
    """Summary lines for what the drop folder holds but the pipeline does not read."""
    from pipeline.inventory import ignored_entries

    ignored = ignored_entries(raw_dir)
    lines = [f"忽略 ignored in {raw_dir}: {len(ignored)}"]
    lines += [f"  - {Path(i.path).name}: {i.reason}" for i in ignored[:_SUMMARY_IGNORED]]
    if len(ignored) > _SUMMARY_IGNORED:
        lines.append(f"  … (+{len(ignored) - _SUMMARY_IGNORED})")
    return lines


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser for all subcommands."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="绩效报告与决算表数据管道 — budget-performance document pipeline",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "extract",
        help="抽取文件中的数据，每个文件输出一行 JSON",
        epilog="文件名以 - 开头时，先写 -- a name starting with '-' goes after --: "
        "python -m pipeline extract -- -rf.txt",
    )
    p.add_argument(
        "paths",
        nargs="+",
        help="files (txt, docx, doc, wps, rtf, pdf, html, mhtml, xlsx, xls, csv; read by content) "
        "or folders",
    )
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("sql", help="对数据仓库执行只读 SQL 查询")
    p.add_argument("query", help='a read-only statement, e.g. "SELECT * FROM units"')
    p.add_argument("--db", type=Path, default=None, help="DuckDB file (default: $WAREHOUSE_PATH)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--csv", action="store_true", help="print CSV")
    g.add_argument("--json", action="store_true", help="print JSON lines")
    p.add_argument(
        "--excel",
        action="store_true",
        help="CSV for Excel/WPS: UTF-8 with BOM, CRLF line ends (implies --csv)",
    )
    p.set_defaults(func=_cmd_sql)

    p = sub.add_parser(
        "export",
        help="导出 Excel 对比工作簿或 HTML 区县报告 export the workbook or the district reports",
    )
    p.add_argument(
        "format",
        choices=("xlsx", "html", "review"),
        help="xlsx: one workbook; html: one file per district-year; review: the review queue "
        "to fill in and drop into raw/corrections/",
    )
    p.add_argument(
        "--district", default=None, help="district name or code (default: every district)"
    )
    p.add_argument("--year", type=int, default=None, help="year (default: every year)")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="xlsx/review: the file; html: the folder (default: exports/ next to the warehouse)",
    )
    p.add_argument("--db", type=Path, default=None, help="DuckDB file (default: $WAREHOUSE_PATH)")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("shell", help="交互式只读 SQL 提示符 interactive read-only SQL prompt")
    p.add_argument("--db", type=Path, default=None, help="DuckDB file (default: $WAREHOUSE_PATH)")
    p.set_defaults(func=_cmd_shell)

    p = sub.add_parser(
        "describe", help="表、视图及列的中英文说明 tables, views and columns with their comments"
    )
    p.add_argument("table", nargs="?", help="a table or view (English, or zh.中文名); none: all")
    p.add_argument("--db", type=Path, default=None, help="DuckDB file (default: $WAREHOUSE_PATH)")
    p.set_defaults(func=_cmd_describe)

    p = sub.add_parser("summary", help="打印数据仓库内容摘要")
    p.add_argument("--db", type=Path, default=None, help="DuckDB file (default: $WAREHOUSE_PATH)")
    p.add_argument(
        "--raw",
        type=Path,
        default=None,
        help="drop folder whose ignored entries are listed (default: $RAW_DIR, else raw/)",
    )
    p.set_defaults(func=_cmd_summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)
