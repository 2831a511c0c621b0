"""The set-based writes of one planned chunk: each table changes in one statement, from a
frame registered with DuckDB, inside the loader's transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from pipeline import config
from pipeline.metadata.columns import table_columns
from pipeline.metadata.tables import BY_NAME
from pipeline.schemas import SCHEMAS, ReconciliationSchema, validate_frame
from pipeline.units import IDENTITY_COLUMNS
from pipeline.validate import ValidatedBatch, summarize
from pipeline.version import extractor_version
from pipeline.warehouse.connection import WarehouseError, sql_file
from pipeline.warehouse.plan import Doc, Outcome

if TYPE_CHECKING:
    from pipeline.warehouse.load import LoadOutcome

#: Tables holding facts of a file version (keyed by source_id).
FACT_TABLES = tuple(t for t in SCHEMAS if t != "source_files")
#: Outcomes whose facts are written (a regressed version is kept as history).
WITH_FACTS = ("loaded", "flagged", "regressed")
_SOURCE_COLUMNS = [c.name for c in table_columns(BY_NAME["source_files"])]
_MAX_CASES = 200


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> Iterator[None]:
    """A frame visible to SQL as `name` for the duration of the block."""
    con.register(name, frame)
    try:
        yield
    finally:
        con.unregister(name)


def write_chunk(
    con: duckdb.DuckDBPyConnection,
    batch: ValidatedBatch,
    docs: list[Doc],
    plans: list[Outcome],
    existing: dict[int, dict],
    now: datetime,
) -> None:
    """Every write of a planned chunk, in dependency order."""
    replaced = _path_versions(con, docs, plans, now)
    reloaded = [existing[d.key]["source_id"] for d in docs if d.key in existing]
    # the units these versions belonged to before this load change too
    enqueue(con, [*replaced, *reloaded], now)
    delete_facts(con, [*replaced, *reloaded])
    _write_sources(con, batch, docs, plans, existing, now)
    with_facts = [d for d, p in zip(docs, plans, strict=True) if p.status in WITH_FACTS]
    if with_facts:
        mapping = pd.DataFrame(
            {"key": [d.key for d in with_facts], "sid": [d.source_id for d in with_facts]}
        )
        with registered(con, "_sid_map", mapping):
            for table in FACT_TABLES:
                frame = batch.frames[table]
                part = frame[frame["source_id"].isin(mapping["key"])]
                if len(part):
                    insert_facts(con, table, part)
    _write_quarantine(con, batch, docs, plans, now)
    _supersede(con, docs, plans, now)
    _write_conflicts(con, batch, docs, plans)
    enqueue(con, [d.source_id for d in docs], now)


def delete_facts(con: duckdb.DuckDBPyConnection, ids: Sequence[int]) -> None:
    """Remove the facts (and quarantine rows) of these versions."""
    if not ids:
        return
    for table in (*FACT_TABLES, "quarantine"):
        con.execute(f"DELETE FROM {table} WHERE list_contains($ids, source_id)", {"ids": list(ids)})


def insert_facts(con: duckdb.DuckDBPyConnection, table: str, part: pd.DataFrame) -> None:
    """One table's rows of the chunk, their batch keys replaced by the source ids."""
    with registered(con, "_facts", part):
        con.execute(
            f"INSERT INTO {table} BY NAME SELECT f.* REPLACE (m.sid AS source_id) "
            "FROM _facts AS f JOIN _sid_map AS m ON f.source_id = m.key"
        )


def _path_versions(
    con: duckdb.DuckDBPyConnection, docs: list[Doc], plans: list[Outcome], now: datetime
) -> list[int]:
    """Earlier versions of the chunk's paths: replaced (returned, their facts to delete), or
    kept current when the new version is worse (regressed, or quarantined)."""
    sids = [d.source_id for d in docs]
    rows = con.execute(
        """SELECT source_id, path, is_current AND load_status IN ('loaded', 'flagged')
           FROM source_files
           WHERE list_contains($paths, path) AND is_latest_version
             AND NOT list_contains($sids, source_id)""",
        {"paths": sorted({d.path for d in docs}), "sids": sids},
    ).fetchall()
    if not rows:
        return []
    by_path: dict[str, list[tuple[int, bool]]] = {}
    for sid, path, live in rows:
        by_path.setdefault(path, []).append((sid, live))
    replace, keep = [], []
    for doc, plan in zip(docs, plans, strict=True):
        for old, live in by_path.get(doc.path, []):
            if live and plan.status in ("regressed", "quarantined"):
                keep.append(old)
                if plan.status == "quarantined":
                    plan.reason += " | 上一版本仍为当前版本 the previous version stays current"
            else:
                reason = f"文件内容已更新 replaced by a changed version (sha256 {doc.sha256[:12]}…)"
                replace.append((old, doc.source_id, reason))
    if keep:
        con.execute(
            "UPDATE source_files SET is_latest_version = false WHERE list_contains($ids, source_id)",
            {"ids": keep},
        )
    if replace:
        frame = pd.DataFrame(replace, columns=["old_id", "new_id", "reason"])
        with registered(con, "_replaced", frame):
            con.execute(sql_file("replace_path_versions.sql"), {"now": now})
    return [r[0] for r in replace]


def _write_sources(
    con: duckdb.DuckDBPyConnection,
    batch: ValidatedBatch,
    docs: list[Doc],
    plans: list[Outcome],
    existing: dict[int, dict],
    now: datetime,
) -> None:
    """One source_files row per chunk document: updated in place when the version exists."""
    src = source_rows(batch, [d.key for d in docs])
    rows = []
    for doc, plan in zip(docs, plans, strict=True):
        r = batch.meta[doc.key]
        d = batch.decisions[doc.key]
        ok = doc.key in src and plan.status != "quarantined" and d.status != "quarantined"
        ident = src[doc.key] if ok else None
        load_status = "duplicate" if plan.status == "duplicate" else d.status
        if plan.status == "quarantined":
            load_status = "quarantined"
        rows.append(
            {
                "source_id": doc.source_id,
                "path": doc.path,
                "file_name": doc.file_name,
                "sha256": doc.sha256,
                "size_bytes": doc.size_bytes,
                "doc_type": doc.doc_type,
                "doc_type_reason": r.doc_type_reason,
                "source_format": r.source_format,
                "mtime": src[doc.key]["mtime"] if doc.key in src else None,
                "encoding": r.encoding,
                "extractor_version": extractor_version(),
                "status": plan.status,
                "load_status": load_status,
                "reason": plan.reason or None,
                "load_reason": (plan.reason if plan.status != "regressed" else d.reason) or None,
                **{c: (_value(ident[c]) if ok else None) for c in IDENTITY_COLUMNS},
                "year": doc.year,
                "is_invented": config.is_invented(r.file),
                "is_latest_version": True,
                "is_current": plan.is_current,
                "superseded_by": None,
                "duplicate_of": plan.duplicate_of,
                "n_failed_checks": r.n_failed_checks + len(plan.conflicts),
                "n_issues": r.n_issues,
                "n_figures": d.n_figures,
                "first_seen_at": existing.get(doc.key, {}).get("first_seen_at") or now,
                "loaded_at": now,
                "status_changed_at": now,
            }
        )
    frame = pd.DataFrame(rows, columns=_SOURCE_COLUMNS)
    old = frame["source_id"].isin([e["source_id"] for e in existing.values()])
    if old.any():
        sets = ", ".join(f"{c} = f.{c}" for c in _SOURCE_COLUMNS if c != "source_id")
        with registered(con, "_sources", frame[old]):
            con.execute(
                f"UPDATE source_files SET {sets} FROM _sources AS f "
                "WHERE source_files.source_id = f.source_id"
            )
    if (~old).any():
        with registered(con, "_sources", frame[~old]):
            con.execute("INSERT INTO source_files BY NAME SELECT * FROM _sources")


def source_rows(batch: ValidatedBatch, keys: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Batch key → its validated source_files row as a dict (one pass, not a lookup per key)."""
    src = batch.frames["source_files"]
    part = src[src["source_id"].isin(list(keys))]
    return {int(r["source_id"]): r for r in part.to_dict("records")}


def _value(v):
    return None if v is None or pd.isna(v) else v


def _write_quarantine(
    con: duckdb.DuckDBPyConnection,
    batch: ValidatedBatch,
    docs: list[Doc],
    plans: list[Outcome],
    now: datetime,
) -> None:
    """A quarantine row per quarantined document; its schema failure cases as check results."""
    rows, cases = [], []
    for doc, plan in zip(docs, plans, strict=True):
        if plan.status != "quarantined":
            continue
        failures = batch.failures_of(doc.key).head(_MAX_CASES).reset_index(drop=True)
        details = failures.to_json(orient="records", lines=True, force_ascii=False).strip()
        rows.append((doc.source_id, doc.path, doc.sha256, plan.reason, details or None, now))
        if len(failures):
            cases.append(failures.assign(sid=doc.source_id, row_no=range(len(failures))))
    if not rows:
        return
    columns = ["source_id", "path", "sha256", "reason", "details", "quarantined_at"]
    with registered(con, "_quarantine", pd.DataFrame(rows, columns=columns)):
        con.execute("INSERT INTO quarantine BY NAME SELECT * FROM _quarantine")
    if not cases:
        return
    c = pd.concat(cases, ignore_index=True)
    checks = pd.DataFrame(
        {
            "source_id": c["sid"],
            "row_no": c["row_no"],
            # the pandera failure cases are check results too: analysts query one table
            "check_name": "schema:" + c["table"].astype(str),
            "passed": False,
            "severity": "error",
            "message": c["column"].astype(str)
            + " "
            + c["check"].astype(str)
            + ": "
            + c["failure_case"].astype(str),
            "locator": c["table"].astype(str) + "." + c["column"].astype(str),
        }
    )
    with registered(con, "_schema_checks", checks):
        con.execute("INSERT INTO check_results BY NAME SELECT * FROM _schema_checks")


def _supersede(
    con: duckdb.DuckDBPyConnection, docs: list[Doc], plans: list[Outcome], now: datetime
) -> None:
    """Older current versions of a re-delivered unit-year leave the current views."""
    rows = [
        (
            old,
            doc.source_id,
            f"已被重新报送的文件取代 superseded by re-delivered {doc.file_name} "
            f"(source_id {doc.source_id})",
        )
        for doc, plan in zip(docs, plans, strict=True)
        for old in plan.supersedes
    ]
    if rows:
        frame = pd.DataFrame(rows, columns=["old_id", "new_id", "reason"])
        with registered(con, "_superseded", frame):
            con.execute(sql_file("supersede_redelivered.sql"), {"now": now})


def _write_conflicts(
    con: duckdb.DuckDBPyConnection, batch: ValidatedBatch, docs: list[Doc], plans: list[Outcome]
) -> None:
    """Each figure a revision changes is a failed `conflict` check of the new version."""
    revised = [(d, p) for d, p in zip(docs, plans, strict=True) if p.conflicts]
    if not revised:
        return
    checks = batch.frames["check_results"]
    last = checks.groupby("source_id")["row_no"].max() if len(checks) else pd.Series()
    rows = []
    for doc, plan in revised:
        start = int(last[doc.key]) + 1 if doc.key in last.index else 0
        for j, c in enumerate(plan.conflicts):
            rows.append(
                {
                    "source_id": doc.source_id,
                    "row_no": start + j,
                    "check_name": "conflict",
                    "passed": False,
                    "severity": "warning",
                    "message": f"修订 revised {c['figure']}: {c['old']:g} → {c['new']:g} "
                    f"（前一版本 previous version {c['old_file']} {c['old_locator'] or ''}）",
                    "expected": c["old"],
                    "actual": c["new"],
                    "difference": c["new"] - c["old"],
                    "locator": c["new_locator"],
                }
            )
    if rows:
        with registered(con, "_conflicts", pd.DataFrame(rows)):
            con.execute("INSERT INTO check_results BY NAME SELECT * FROM _conflicts")


def row_counts(batch: ValidatedBatch, doc: Doc, plan: Outcome) -> dict[str, int]:
    """Rows written for one document, by table."""
    counts = {"source_files": 1}
    if plan.status in WITH_FACTS:
        counts.update(batch.rows_of(doc.key))
        if plan.conflicts:
            counts["check_results"] = counts.get("check_results", 0) + len(plan.conflicts)
    elif plan.status == "quarantined":
        counts["quarantine"] = 1
        n = min(len(batch.failures_of(doc.key)), _MAX_CASES)
        if n:
            counts["check_results"] = n
    return counts


def log(con: duckdb.DuckDBPyConnection, outcomes: Sequence[LoadOutcome], now: datetime) -> None:
    """What the run did with each file, in one statement."""
    if not outcomes:
        return
    frame = pd.DataFrame(
        {
            "logged_at": now,
            "path": [o.path for o in outcomes],
            "file_name": [o.path.rsplit("/", 1)[-1] for o in outcomes],
            "sha256": [o.sha256 or None for o in outcomes],
            "status": [o.status for o in outcomes],
            "reason": [o.reason or None for o in outcomes],
            "source_id": pd.array([o.source_id for o in outcomes], dtype="Int64"),
        }
    )
    with registered(con, "_log", frame):
        con.execute("INSERT INTO load_log BY NAME SELECT * FROM _log")


def replace_reconciliation(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[dict[str, Any]],
    units: Sequence[str] | None = None,
) -> int:
    """Validate reconciliation rows and replace those of these units (the whole table when
    None) with them, in the caller's transaction."""
    columns = list(ReconciliationSchema.to_schema().columns)
    frame = pd.DataFrame(list(rows), columns=columns)
    valid, failures = validate_frame("reconciliation", frame, ReconciliationSchema)
    if len(failures):
        raise WarehouseError(
            "核对结果模式校验失败 reconciliation rows failed validation: "
            + summarize([f"{r.column} {r.check} ({r.failure_case})" for r in failures.itertuples()])
        )
    if units is None:
        con.execute("DELETE FROM reconciliation")
    else:
        con.execute(
            "DELETE FROM reconciliation WHERE list_contains($units, unit_key)",
            {"units": list(units)},
        )
    if len(valid):
        with registered(con, "_reconciled", valid.assign(computed_at=datetime.now())):
            con.execute("INSERT INTO reconciliation BY NAME SELECT * FROM _reconciled")
    return len(valid)


def enqueue(con: duckdb.DuckDBPyConnection, ids: Sequence[int], now: datetime) -> None:
    """The units of these file versions need their derived tables refreshed."""
    if not ids:
        return
    con.execute(
        """INSERT OR IGNORE INTO refresh_queue
           SELECT DISTINCT unit_key, CAST($now AS TIMESTAMP) FROM source_files
           WHERE list_contains($ids, source_id) AND unit_key IS NOT NULL""",
        {"ids": list(ids), "now": now},
    )
