"""A comparable picture of a warehouse's contents, to tell whether two loads ended alike.

Surrogate keys, timestamps and the run log differ between two loads of the same files (a run
killed half-way burns sequence numbers), so they are left out or replaced by the file they
stand for; everything else is compared as is.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.warehouse import Warehouse

#: Tables that record when and by which run, not what: not part of the picture.
_SKIPPED_TABLES = ("schema_info", "load_log")
#: Columns that hold a source_files.source_id.
_ID_COLUMNS = ("source_id", "superseded_by", "duplicate_of")
_ID_IN_TEXT = re.compile(r"source_id \d+")


def table_columns(db_path: str | Path | None = None) -> dict[str, set[str]]:
    """Each base table's columns."""
    with Warehouse(db_path).connect(read_only=True) as con:
        rows = con.execute(
            """SELECT table_name, list(column_name) FROM duckdb_columns()
               WHERE schema_name = 'main' AND NOT internal
                 AND table_name IN (SELECT table_name FROM duckdb_tables())
               GROUP BY table_name"""
        ).fetchall()
    return {t: set(cols) for t, cols in rows}


def warehouse_snapshot(
    db_path: str | Path | None = None, only: dict[str, set[str]] | None = None
) -> dict[str, list[tuple]]:
    """Every base table as sorted rows: ids replaced by path@sha256, timestamps dropped
    (and, with `only`, just those columns of each table)."""
    with Warehouse(db_path).connect(read_only=True) as con:
        columns = con.execute(
            """SELECT table_name, column_name, data_type FROM duckdb_columns()
               WHERE schema_name = 'main' AND NOT internal
                 AND table_name IN (SELECT table_name FROM duckdb_tables())
               ORDER BY table_name, column_index"""
        ).fetchall()
        files = dict(
            con.execute("SELECT source_id, path || '@' || sha256 FROM source_files").fetchall()
        )
        by_table: dict[str, list[tuple[str, str]]] = {}
        for table, column, kind in columns:
            if only is not None and column not in only.get(table, set()):
                continue
            if table not in _SKIPPED_TABLES and not kind.startswith("TIMESTAMP"):
                by_table.setdefault(table, []).append((column, kind))
        out: dict[str, list[tuple]] = {}
        for table, cols in sorted(by_table.items()):
            names = [c for c, _ in cols]
            rows = con.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()
            out[table] = sorted((_row(names, row, files) for row in rows), key=repr)
    return out


def _row(names: list[str], row: tuple, files: dict[int, str]) -> tuple:
    values = []
    for name, value in zip(names, row, strict=True):
        if name in _ID_COLUMNS and value is not None:
            value = files.get(value, f"unknown source_id {value}")
        elif isinstance(value, str):
            value = _ID_IN_TEXT.sub("source_id #", value)
        values.append(value)
    return tuple(values)


def snapshot_differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> list[str]:
    """Human-readable differences between two snapshots (empty when they are equal)."""
    out = []
    for table in sorted(set(a) | set(b)):
        rows_a, rows_b = a.get(table, []), b.get(table, [])
        if rows_a != rows_b:
            only_a = len(set(map(repr, rows_a)) - set(map(repr, rows_b)))
            only_b = len(set(map(repr, rows_b)) - set(map(repr, rows_a)))
            out.append(
                f"{table}: {len(rows_a)} vs {len(rows_b)} rows "
                f"({only_a} only in the first, {only_b} only in the second)"
            )
    return out
