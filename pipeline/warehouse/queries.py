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
