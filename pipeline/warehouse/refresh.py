"""Derived tables refreshed for what changed: reconciliation (SQL generated from the
registry's mapping, pipeline.metadata.reconciliation) and the materialized metric and
comparison tables (pipeline.metadata.views.MATERIALIZED), per unit or per district.

Every write that changes a unit's current documents puts the unit in `refresh_queue` in
the same transaction (pipeline.warehouse.writes.enqueue), so a run killed before its
refresh leaves the queue behind and the next run finishes the job. A refresh reads the
queue, replaces the rows of those units (unit tables) and of their districts, old and new
(district tables), in the SQL file's order so each table reads fresh upstream tables,
and empties the queue, in one transaction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.metadata.views import MATERIALIZED
from pipeline.warehouse.connection import Warehouse

#: Above this many queued units a full rebuild is cheaper than filtering by key.
FULL_REFRESH_UNITS = 2000
_KEY = {"unit": "unit_key", "district": "district_key"}


@dataclass
class RefreshReport:
    """What a refresh did."""

    units: int = 0
    districts: int = 0
    full: bool = False
    reconciliation_rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """Anything was refreshed."""
        return self.full or self.units > 0


def refresh_derived(
    db_path: str | Path | None = None,
    *,
    full: bool = False,
    parts: tuple[str, ...] = ("reconciliation", "tables"),
) -> RefreshReport:
    """Refresh reconciliation and the materialized tables for the queued units (everything
    with full=True) in one transaction; the queue is emptied with the tables' part (the
    Dagster job refreshes the two parts in its two steps, reconciliation first)."""
    report = RefreshReport()
    with Warehouse(db_path).write_transaction() as con:
        units = [r[0] for r in con.execute("SELECT unit_key FROM refresh_queue").fetchall()]
        if not units and not full:
            return report
        report.full = full or len(units) > FULL_REFRESH_UNITS
        report.units = len(units)
        scope = None if report.full else units
        if "reconciliation" in parts:
            t = time.perf_counter()
            _refresh_table(con, "reconciliation", "unit", scope)
            report.reconciliation_rows = con.execute(
                "SELECT count(*) FROM reconciliation"
            ).fetchone()[0]
            report.seconds["reconciliation"] = time.perf_counter() - t
        if "tables" in parts:
            report.districts = _refresh_tables(con, scope, report.seconds)
            con.execute("DELETE FROM refresh_queue")
    return report


def _refresh_tables(
    con: duckdb.DuckDBPyConnection, units: list[str] | None, seconds: dict[str, float]
) -> int:
    """Every materialized table, upstream first; returns the districts refreshed."""
    districts = None if units is None else _districts(con, units)
    for name in ordered():
        t = time.perf_counter()
        keys = units if MATERIALIZED[name] == "unit" else districts
        _refresh_table(con, name, MATERIALIZED[name], keys)
        seconds[name] = time.perf_counter() - t
        if name == "unit_year_inputs" and districts is not None:
            # a unit that moved district: its new district too
            districts = sorted(set(districts) | set(_districts(con, units)), key=str)
    return len(districts) if districts is not None else 0


def ordered() -> list[str]:
    """Materialized tables in the order the schema creates them (upstream first)."""
    from pipeline.warehouse.connection import schema_sql

    text = "\n".join(schema_sql())
    return sorted(MATERIALIZED, key=lambda n: text.index(f"CREATE OR REPLACE TABLE {n} AS"))


def _districts(con: duckdb.DuckDBPyConnection, units: list[str]) -> list:
    """The districts these units belong to, in their documents or in the tables now."""
    rows = con.execute(
        """SELECT DISTINCT coalesce(district_code, district) FROM source_files
           WHERE list_contains($u, unit_key)
           UNION SELECT DISTINCT district_key FROM unit_year_inputs WHERE list_contains($u, unit_key)
           UNION SELECT DISTINCT district_key FROM district_unit_years
           WHERE list_contains($u, unit_key)""",
        {"u": units},
    ).fetchall()
    return [r[0] for r in rows]


def _refresh_table(
    con: duckdb.DuckDBPyConnection, name: str, grain: str, keys: list | None
) -> None:
    """Replace a table's rows for these keys (all rows when None) from its live view."""
    live = f"{name}__live"
    if keys is None:
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {live}")
        return
    if not keys:
        return
    column = _KEY[grain]
    has_null = any(k is None for k in keys)
    values = [k for k in keys if k is not None]
    # a constant list lets DuckDB push the filter into the view's scans
    cond = f"list_contains($keys, {column})" + (f" OR {column} IS NULL" if has_null else "")
    con.execute(f"DELETE FROM {name} WHERE {cond}", {"keys": values})
    con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {live} WHERE {cond}", {"keys": values})


def stale_tables(db_path: str | Path | None = None) -> dict[str, int]:
    """Rows that differ between each materialized table and its live view (all 0 when fresh)."""
    out = {}
    with Warehouse(db_path).connect(read_only=True) as con:
        for name in ordered():
            live = f"{name}__live"
            n = con.execute(
                f"SELECT (SELECT count(*) FROM (SELECT * FROM {name} EXCEPT ALL "
                f"SELECT * FROM {live})) + (SELECT count(*) FROM (SELECT * FROM {live} "
                f"EXCEPT ALL SELECT * FROM {name}))"
            ).fetchone()[0]
            out[name] = int(n)
    return out
