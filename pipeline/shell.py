"""`python -m pipeline shell`: an interactive read-only SQL prompt on the warehouse.

The DuckDB CLI from the registry may be older than the Python package that wrote the file and
cannot open it; this prompt runs on the same DuckDB as the pipeline, with the same read-only
guard (pipeline.sqlguard) and the same table formatting as `python -m pipeline sql`. Each
statement opens and closes its own connection, so an idle prompt never blocks `make run`.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TextIO

from pipeline.warehouse import Warehouse, WarehouseError, format_frame, run_query

PROMPT, CONTINUE = "sql> ", " ..> "
MODES = ("table", "csv", "json")

HELP = """\
只读 SQL 提示符 read-only SQL prompt. 语句以分号结束 end each statement with ;
  .tables            列出表和视图 list tables and views (with their comments)
  .schema NAME       列出列及说明 columns of a table or view, with their comments
  .mode table|csv|json   输出格式 output format (now: {mode})
  .help              本帮助 this help
  .quit  (或 Ctrl-D) 退出 leave
Allowed: SELECT, WITH, PIVOT (with or without IN), UNPIVOT, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN,
CALL, PRAGMA table_info(…). Writes, COPY/EXPORT, ATTACH, INSTALL/LOAD and SET are refused;
save results with `python -m pipeline sql "…" --csv --excel > out.csv` or `python -m pipeline export`.
"""

_TABLES = """SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables()
             WHERE schema_name = 'main'
             UNION ALL
             SELECT view_name, 'view', comment FROM duckdb_views()
             WHERE schema_name = 'main' AND NOT internal
               -- the query behind a materialized table: an implementation detail
               AND NOT ends_with(view_name, '__live')
             ORDER BY kind, name"""
_SCHEMA = """SELECT column_name, data_type, comment FROM duckdb_columns()
             WHERE schema_name = 'main' AND table_name = '{name}' ORDER BY column_index"""


def _read(stream: TextIO, interactive: bool, prompt: str) -> str | None:
    """One input line, or None at the end of input (Ctrl-D)."""
    if interactive:
        try:
            return input(prompt)
        except EOFError:
            return None
    line = stream.readline()
    return line.rstrip("\n") if line else None


def _dot(command: str, db: Path | None, state: dict, out: TextIO) -> bool:
    """Run one dot command; False when the session should end."""
    word, _, arg = command.partition(" ")
    arg = arg.strip()
    if word in (".quit", ".exit", ".q"):
        return False
    if word == ".help":
        out.write(HELP.format(mode=state["mode"]))
    elif word == ".mode" and arg in MODES:
        state["mode"] = arg
    elif word == ".tables":
        out.write(format_frame(run_query(_TABLES, db), state["mode"]))
    elif word == ".schema" and arg.replace("_", "").isalnum():
        out.write(format_frame(run_query(_SCHEMA.format(name=arg), db), state["mode"]))
    else:
        out.write(f"未知命令 unknown command: {command} (.help)\n")
    return True


def run_shell(db: Path | None, stream: TextIO, out: TextIO, interactive: bool = False) -> int:
    """Read statements from `stream` until .quit or end of input; print each result to `out`."""
    state = {"mode": "table"}
    path = Warehouse(db).path
    if not path.exists():
        print(f"错误 error: 数据仓库不存在 warehouse not found: {path}. Run `make run`.", file=out)
        return 2
    if interactive:
        out.write(f"数据仓库 warehouse: {path}\n" + HELP.format(mode=state["mode"]))
    buffer: list[str] = []
    while True:
        line = _read(stream, interactive, CONTINUE if buffer else PROMPT)
        if line is None and not "".join(buffer).strip():
            break
        if line is not None and not buffer and line.strip().startswith("."):
            if not _run(line.strip(), db, state, out):
                break
            continue
        if line is not None:
            buffer.append(line)
            if not line.rstrip().endswith(";"):
                continue
        text = "\n".join(buffer).strip()
        buffer = []
        if text.strip(";").strip():
            _run(text, db, state, out)
        if line is None:
            break
    return 0


def _run(text: str, db: Path | None, state: dict, out: TextIO) -> bool:
    """Run a statement or dot command and print its result or error; False to end the session."""
    try:
        if text.startswith("."):
            return _dot(text, db, state, out)
        out.write(format_frame(run_query(text, db), state["mode"]))
    except WarehouseError as exc:
        out.write(f"错误 error: {exc}\n")
    finally:
        out.flush()
    return True


def main(db: Path | None) -> int:
    """Run the prompt on the terminal (line editing when readline is available)."""
    interactive = sys.stdin.isatty()
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (arrow keys and history for input())
    return run_shell(db, sys.stdin, sys.stdout, interactive)
