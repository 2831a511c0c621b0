"""Read-only SQL on the warehouse, and the failed checks analysts look at first."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipeline.warehouse.connection import Warehouse, WarehouseError

_READ_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


def run_query(sql: str, db_path: str | Path | None = None) -> pd.DataFrame:
    """Run one read-only statement (SELECT/WITH/SHOW/DESCRIBE/EXPLAIN) on a read-only connection."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise WarehouseError(f"SQL 语法错误 syntax error: {exc}") from exc
    if len(statements) != 1:
        raise WarehouseError(
            f"一次只能执行一条语句 exactly one statement expected, got {len(statements)}"
        )
    kind = statements[0].type
    if kind not in _READ_STATEMENTS:
        raise WarehouseError(
            f"只允许只读查询 only read-only statements are allowed (SELECT, WITH, SHOW, DESCRIBE, "
            f"EXPLAIN); this is {kind.name}. The warehouse is changed only by `make run`."
        )
    with Warehouse(db_path).connect(read_only=True) as con:
        try:
            return con.execute(sql).df()
        except duckdb.Error as exc:
            raise WarehouseError(str(exc)) from exc


def failed_checks(db_path: str | Path | None = None) -> pd.DataFrame:
    """Failed identity/consistency checks of the current documents, worst first."""
    return run_query(
        """SELECT file_name, unit_name, year, check_name, severity, message,
                  expected, actual, difference, locator
           FROM current_check_results WHERE NOT passed
           ORDER BY severity, file_name, row_no""",
        db_path,
    )
