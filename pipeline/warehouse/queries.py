"""Read-only SQL on the warehouse, and the failed checks analysts look at first."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipeline.sqlguard import RefusedStatement, check_read_only
from pipeline.warehouse.connection import Warehouse, WarehouseError


def run_query(sql: str, db_path: str | Path | None = None) -> pd.DataFrame:
    """Run one read-only statement (see pipeline.sqlguard) on a read-only, sandboxed connection."""
    try:
        statement = check_read_only(sql)
    except RefusedStatement as exc:
        raise WarehouseError(str(exc)) from exc
    with Warehouse(db_path).connect(read_only=True) as con:
        try:
            return con.execute(statement).df()
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


def describe(name: str | None = None, db_path: str | Path | None = None) -> pd.DataFrame:
    """Tables and views with their comments, or one table's columns (English or zh name)."""
    with Warehouse(db_path).connect(read_only=True) as con:
        if name is None:
            return con.execute(
                """SELECT schema_name AS "schema", table_name AS name, 'table' AS kind, comment
                   FROM duckdb_tables() WHERE schema_name IN ('main', 'zh')
                   UNION ALL
                   SELECT schema_name, view_name, 'view', comment FROM duckdb_views()
                   WHERE NOT internal AND schema_name IN ('main', 'zh')
                     AND NOT ends_with(view_name, '__live')
                   ORDER BY 1, 2"""
            ).df()
        schema, _, table = name.rpartition(".")
        frame = con.execute(
            """SELECT schema_name AS "schema", column_name AS "column", data_type AS type, comment
               FROM duckdb_columns()
               WHERE table_name = $t AND schema_name = coalesce($s, schema_name)
                 AND schema_name IN ('main', 'zh')
               ORDER BY schema_name, column_index""",
            {"t": table, "s": schema or None},
        ).df()
    if frame.empty:
        raise WarehouseError(
            f"没有这个表或视图 no table or view named {name!r}: "
            "python -m pipeline describe lists them"
        )
    return frame
