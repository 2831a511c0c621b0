"""Compare two warehouses row for row: every base table and the views analysts read.

usage: python scripts/compare_warehouses.py A.duckdb B.duckdb
Surrogate ids, timestamps and the run log are left out (pipeline.snapshot); a column only
one side has is listed, and the rows are compared on the columns both have. Prints one
line per table or view and exits 1 when anything differs. Not a test: it shows that a
refactor changed nothing for users.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.snapshot import snapshot_differences, table_columns, warehouse_snapshot  # noqa: E402
from pipeline.warehouse import Warehouse  # noqa: E402

#: Views analysts read, compared by their contents (sorted rows, shared columns).
VIEWS = (
    "units",
    "report_facts_current",
    "unit_year_inputs",
    "unit_year_metrics",
    "unit_year_changes",
    "unit_year_completeness",
    "indicator_achievement",
    "district_comparison",
    "district_metric_stats",
    "district_reporting",
    "district_totals_by_category",
    "district_totals_by_function",
)
#: View columns that hold ids or times (they differ between two loads of the same files).
_VOLATILE = {"source_id", "report_source_id", "workbook_source_id", "form_source_id"}


def view_rows(db: Path, view: str) -> tuple[list[str], dict[str, list]]:
    """A view's columns and, per column, its sorted values (ids and times left out)."""
    with Warehouse(db).connect(read_only=True) as con:
        frame = con.execute(f"SELECT * FROM {view}").df()
    keep = [
        c
        for c in frame.columns
        if c not in _VOLATILE and not str(frame[c].dtype).startswith("datetime")
    ]
    # a parallel sum adds in any order: floats agree to 9 digits, not to the last bit
    floats = frame[keep].select_dtypes("float").columns
    frame[floats] = frame[floats].round(9) + 0.0  # and -0.0 is 0.0
    text = {c: [repr(v) for v in frame[c].tolist()] for c in keep}
    return list(frame.columns), text


def compare_views(a: Path, b: Path) -> list[str]:
    """One line per view that differs (rows compared on the columns both sides have)."""
    out = []
    for view in VIEWS:
        cols_a, rows_a = view_rows(a, view)
        cols_b, rows_b = view_rows(b, view)
        shared = [c for c in rows_a if c in rows_b]
        only = sorted(set(cols_a) ^ set(cols_b))
        ta = sorted(zip(*(rows_a[c] for c in shared), strict=True))
        tb = sorted(zip(*(rows_b[c] for c in shared), strict=True))
        if ta != tb:
            out.append(f"view {view}: {len(ta)} vs {len(tb)} rows differ")
        if only:
            out.append(f"view {view}: columns on one side only: {', '.join(only)}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the differences between two warehouses; 0 when they hold the same."""
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print(__doc__)
        return 2
    a, b = Path(args[0]), Path(args[1])
    cols_a, cols_b = table_columns(a), table_columns(b)
    # a view on one side materialized as a table on the other is compared as a view below
    both = set(cols_a) & set(cols_b)
    shared = {t: cols_a[t] & cols_b[t] for t in both}
    for t in sorted(both):
        one_side = sorted(cols_a.get(t, set()) ^ cols_b.get(t, set()))
        if one_side:
            print(f"{t}: columns on one side only (not compared): {', '.join(one_side)}")
    diffs = snapshot_differences(warehouse_snapshot(a, shared), warehouse_snapshot(b, shared))
    diffs += compare_views(a, b)
    for line in diffs:
        print(line)
    tables = len(warehouse_snapshot(a))
    print(
        "identical: every base table and view row for row"
        if not diffs
        else f"{len(diffs)} differences ({tables} base tables and {len(VIEWS)} views compared)"
    )
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
