"""Corrections applied in one transaction, set-based, as a function of the files in the
corrections folder: the analyst rows of report_figures, the identities re-run with them,
the confirmations on check_results, the history in `corrections` and the rejected rows in
`quarantine` are made to match what the folder says now. A row removed from a file reverts
to the extracted value; a run with the same files changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.config import CORRECTION_SUFFIXES, corrections_dir
from pipeline.inventory import scan_folder
from pipeline.review.corrections import read_corrections
from pipeline.review.judge import analyst_rows, extracted_figures, judge
from pipeline.review.recheck import recheck
from pipeline.tables import normalize_path
from pipeline.warehouse.connection import Warehouse, sql_file
from pipeline.warehouse.writes import enqueue, registered

_FIGURE_KEYS = ["source_id", "field", "value_num", "locator", "reviewer", "review_reason",
                "correction_file", "correction_row"]  # fmt: skip
_CHECK_KEYS = ["source_id", "row_no", "check_name", "passed", "severity", "message", "expected",
               "actual", "difference", "locator"]  # fmt: skip
_HISTORY = ["row_key", "correction_file", "correction_row", "correction_sha256", "source_sha256",
            "source_id", "file_name", "figure", "locator", "old_value", "new_value",
            "current_value", "confirmed", "reviewer", "reason", "status", "message"]  # fmt: skip


@dataclass
class ApplyReport:
    """What one apply did: correction rows by status, documents whose figures changed."""

    counts: dict[str, int] = field(default_factory=dict)
    changed_documents: int = 0
    files: int = 0


def correction_files(folder: str | Path) -> list[Path]:
    """The correction files in a folder (the drop folder's boundary rules apply)."""
    folder = Path(normalize_path(folder))
    if not folder.is_dir():
        return []
    return [p for p in scan_folder(folder)[0] if p.suffix.lower() in CORRECTION_SUFFIXES]


def apply_corrections(
    db_path: str | Path | None = None,
    raw_dir: str | Path | None = None,
    folder: str | Path | None = None,
) -> ApplyReport:
    """Read every correction file, judge each row and apply the good ones in one transaction;
    the units whose figures changed are queued for the derived tables' refresh."""
    folder = Path(normalize_path(folder or corrections_dir(raw_dir)))
    paths = correction_files(folder)
    frame = read_corrections(paths)
    now = datetime.now()
    report = ApplyReport(files=len(paths))
    with Warehouse(db_path).write_transaction() as con:
        judged = judge(con, frame)
        figs = extracted_figures(con, [int(i) for i in judged["source_id"].dropna()])
        rows = analyst_rows(judged, figs.set_index(["source_id", "figure"]))
        changed = _write_figures(con, rows)
        changed |= _write_checks(con, rows)
        _write_confirmations(con, judged, now)
        _write_history(con, judged, now)
        _write_quarantine(con, judged, folder, now)
        enqueue(con, sorted(changed), now)
    report.counts = judged["status"].value_counts().to_dict() if len(judged) else {}
    report.changed_documents = len(changed)
    return report


def run_script(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> None:
    """Each statement of a named SQL file, with the parameters it uses."""
    for statement in sql_file(name).split(";\n"):
        body = "\n".join(
            line for line in statement.splitlines() if not line.lstrip().startswith("--")
        ).strip()
        if body:
            con.execute(body, {k: v for k, v in params.items() if f"${k}" in body})


def _differs(
    con: duckdb.DuckDBPyConnection, table: str, keys: list[str], new: pd.DataFrame
) -> set[int]:
    """Source ids whose analyst rows differ between the table and `new` (empty: same)."""
    old = con.execute(f"SELECT {', '.join(keys)} FROM {table} WHERE source = 'analyst'").df()
    if new.empty and old.empty:
        return set()
    both = [
        old[keys].astype(str),
        new[keys].astype(str) if len(new) else old[keys].iloc[0:0].astype(str),
    ]
    merged = pd.concat(both, keys=["old", "new"]).reset_index(level=0)
    lone = merged.drop_duplicates(keys, keep=False)
    return {int(float(s)) for s in lone["source_id"]}


def _write_figures(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> set[int]:
    """The analyst rows of report_figures made equal to `rows`; returns the documents changed."""
    new = rows.drop(columns=["_index"]) if len(rows) else rows
    changed = _differs(con, "report_figures", _FIGURE_KEYS, new)
    if not changed:
        return set()
    con.execute("DELETE FROM report_figures WHERE source = 'analyst'")
    if len(new):
        with registered(con, "_analyst", new.assign(source="analyst")):
            con.execute("INSERT INTO report_figures BY NAME SELECT * FROM _analyst")
    return changed


def _write_checks(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> set[int]:
    """The identities of the corrected reports re-run (check_results rows, source 'analyst')."""
    ids = sorted({int(i) for i in rows["source_id"]}) if len(rows) else []
    reports = [
        r[0]
        for r in con.execute(
            """SELECT source_id FROM source_files
               WHERE list_contains($ids, source_id) AND doc_type = 'performance_report'""",
            {"ids": ids},
        ).fetchall()
    ]
    new = recheck(con, reports)
    changed = _differs(con, "check_results", _CHECK_KEYS, new)
    if not changed:
        return set()
    con.execute("DELETE FROM check_results WHERE source = 'analyst'")
    if len(new):
        with registered(con, "_rechecked", new):
            con.execute("INSERT INTO check_results BY NAME SELECT * FROM _rechecked")
    return changed


def _write_confirmations(
    con: duckdb.DuckDBPyConnection, judged: pd.DataFrame, now: datetime
) -> None:
    """Failed checks behind a confirmed figure get confirmed_by (the failure stays); others not."""
    done = judged[judged["status"] == "confirmed"]
    frame = pd.DataFrame(
        {
            "source_id": pd.array(done["source_id"], dtype="Int64"),
            "figure": done["figure"].astype(str),
            "reviewer": done["reviewer"].astype(str).replace("", "analyst"),
        }
    )
    with registered(con, "_confirm", frame):
        run_script(con, "review_confirm_checks.sql", {"now": now})


def _write_history(con: duckdb.DuckDBPyConnection, judged: pd.DataFrame, now: datetime) -> None:
    """A history row for each correction row whose outcome changed, and `reverted` for each
    row no longer in any file."""
    frame = judged[_HISTORY].copy() if len(judged) else pd.DataFrame(columns=_HISTORY)
    frame["source_id"] = pd.array(frame["source_id"], dtype="Int64")
    frame["correction_row"] = pd.array(frame["correction_row"], dtype="Int64")
    for c in ("old_value", "current_value", "file_name"):
        frame[c] = frame[c].astype("object")
    with registered(con, "_outcomes", frame):
        run_script(con, "review_history.sql", {"now": now})


def _write_quarantine(
    con: duckdb.DuckDBPyConnection, judged: pd.DataFrame, folder: Path, now: datetime
) -> None:
    """Each rejected row as a quarantine row of its correction file, kept while it stands."""
    bad = judged[judged["status"] == "rejected"]
    rows = [
        {
            "path": r.correction_file,
            "sha256": r.correction_sha256,
            "reason": (
                f"更正被拒绝 correction rejected: {Path(r.correction_file).name}"
                + (
                    f" 第{int(r.correction_row)}行 row {int(r.correction_row)}"
                    if pd.notna(r.correction_row)
                    else ""
                )
                + f": {r.message}"
            ),
            "details": json.dumps(
                {
                    c: str(getattr(r, c))
                    for c in (
                        "source_sha256",
                        "figure",
                        "locator",
                        "new_value",
                        "confirmed",
                        "reviewer",
                        "reason",
                    )
                },
                ensure_ascii=False,
            ),
        }
        for r in bad.itertuples(index=False)
    ]
    frame = pd.DataFrame(rows, columns=["path", "sha256", "reason", "details"])
    with registered(con, "_rejected", frame):
        run_script(con, "review_quarantine.sql", {"now": now, "folder": str(folder) + "/"})
