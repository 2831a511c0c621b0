"""DuckDB warehouse: schema, transactional idempotent loading, inventory and read-only queries."""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipeline import config
from pipeline.hashing import file_sha256
from pipeline.inventory import list_documents
from pipeline.models import ExtractionResult
from pipeline.schemas import SCHEMAS, ReconciliationSchema, validate_frame, validate_frames
from pipeline.sqlguard import READ_ONLY_CONFIG, RefusedStatement, check_read_only
from pipeline.tables import normalize_path, results_to_frames
from pipeline.units import IDENTITY_COLUMNS

#: SQL files run, in order, to create or update the schema (all idempotent).
SCHEMA_FILES = ("create_tables.sql", "comment_tables.sql", "create_views.sql", "create_metrics.sql")
#: Tables holding facts of a file version (keyed by source_id).
FACT_TABLES = tuple(t for t in SCHEMAS if t != "source_files")
#: Document types a unit delivers once per year: a second one is a re-delivery.
REDELIVERY_DOC_TYPES = ("performance_report", "final_accounts_workbook", "final_accounts_statement")
#: A loading writer releases the file lock this often so readers are not blocked for long.
WRITER_HOLD_SECONDS = 2.0
_MAX_REASON_ITEMS = 5
#: Files listed per status in the run summary (the rest are counted).
_SUMMARY_LIST = 10

_process_locks: dict[str, threading.Lock] = {}
_process_locks_guard = threading.Lock()


class WarehouseError(Exception):
    """A warehouse operation failed for a reason the user can act on."""


@dataclass
class LoadOutcome:
    """What happened to one file version in a load."""

    path: str
    sha256: str
    status: str  # loaded | flagged | quarantined | skipped
    reason: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    source_id: int | None = None


@functools.cache
def _sql(name: str) -> str:
    return (config.SQL_DIR / name).read_text(encoding="utf-8")


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc)
    return "lock" in text.lower() or "different configuration" in text


class Warehouse:
    """A DuckDB file with the pipeline's schema."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else config.warehouse_path()

    def _open(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """Open the file, retrying while another process holds the lock."""
        timeout = config.LOCK_TIMEOUT_SECONDS
        deadline = time.monotonic() + timeout
        delay = 0.02
        while True:
            try:
                # readers get the sandbox of pipeline.sqlguard (no file access from SQL)
                settings = READ_ONLY_CONFIG if read_only else {}
                return duckdb.connect(str(self.path), read_only=read_only, config=settings)
            except duckdb.Error as exc:
                if not _is_lock_error(exc):
                    raise WarehouseError(
                        f"无法打开数据仓库 cannot open warehouse {self.path}: {exc}"
                    ) from exc
                if time.monotonic() >= deadline:
                    raise WarehouseError(
                        f"数据仓库被占用 warehouse is locked: {self.path} is held by another "
                        f"process or connection and was not released within {timeout:g} s "
                        f"(WAREHOUSE_LOCK_TIMEOUT). Wait for the running load or query to finish "
                        f"and retry. DuckDB said: {exc}"
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.25)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection (schema ensured when writable), always closed on exit."""
        if read_only and not self.path.exists():
            raise WarehouseError(
                f"数据仓库不存在 warehouse not found: {self.path}. "
                "Run `make run` first to build it (or set WAREHOUSE_PATH / --db)."
            )
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = self._open(read_only)
        try:
            if not read_only:
                self.ensure_schema(con)
            yield con
        finally:
            con.close()

    @staticmethod
    @contextmanager
    def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
        """BEGIN … COMMIT, or ROLLBACK and re-raise on any exception."""
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        # a failed COMMIT is rolled back by DuckDB itself
        con.execute("COMMIT")

    @contextmanager
    def write_transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A writable connection inside one transaction, holding this process's writer lock."""
        with _writer_lock(self.path), self.connect() as con, self.transaction(con):
            yield con

    def ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create tables, comments and views unless this exact schema is already there."""
        texts = [_sql(name) for name in SCHEMA_FILES]
        digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()
        try:
            # fetchall: a half-read result blocks the connection in DuckDB 2
            rows = con.execute("SELECT value FROM schema_info WHERE key = 'sql_digest'").fetchall()
            row = rows[0] if rows else None
        except duckdb.CatalogException:
            row = None
        if row and row[0] == digest:
            return
        with self.transaction(con):
            for text in texts:
                con.execute(text)
            con.execute("INSERT OR REPLACE INTO schema_info VALUES ('sql_digest', ?)", [digest])


@contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    """Serialize writers of one file inside this process (DuckDB's file lock covers others)."""
    key = str(path.resolve())
    with _process_locks_guard:
        lock = _process_locks.setdefault(key, threading.Lock())
    if not lock.acquire(timeout=config.LOCK_TIMEOUT_SECONDS):
        raise WarehouseError(
            f"数据仓库被占用 warehouse is locked: another load in this process holds {path} "
            f"for more than {config.LOCK_TIMEOUT_SECONDS:g} s"
        )
    try:
        yield
    finally:
        lock.release()


class _WriterSession:
    """A writable connection that is re-opened every WRITER_HOLD_SECONDS to let readers in."""

    def __init__(self, wh: Warehouse) -> None:
        self.wh = wh
        self.con: duckdb.DuckDBPyConnection | None = None
        self.opened = 0.0
        self.staged: dict[str, pd.DataFrame] = {}

    def stage(self, frames: dict[str, pd.DataFrame]) -> None:
        """Validated batch frames to copy into per-connection temp tables (one scan each)."""
        self.staged = {t: f for t, f in frames.items() if len(f) and t in FACT_TABLES}
        if self.con is not None:
            self._copy_staged(self.con)

    def _copy_staged(self, con: duckdb.DuckDBPyConnection) -> None:
        for table, frame in self.staged.items():
            con.register("_batch", frame)
            try:
                con.execute(f"CREATE OR REPLACE TEMP TABLE _stage_{table} AS SELECT * FROM _batch")
            finally:
                con.unregister("_batch")

    def get(self) -> duckdb.DuckDBPyConnection:
        if self.con is not None and time.monotonic() - self.opened > WRITER_HOLD_SECONDS:
            self.close()
            time.sleep(0.05)  # give a waiting reader the chance to take the lock
        if self.con is None:
            self.wh.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = self.wh._open(read_only=False)
            self.opened = time.monotonic()
            self.wh.ensure_schema(self.con)
            self._copy_staged(self.con)
        return self.con

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None


# --------------------------------------------------------------------------- loading


def _insert_staged(con: duckdb.DuckDBPyConnection, table: str, batch_key: int, sid: int) -> None:
    """Copy one document's rows from the staged batch (a DataFrame scan), stamping its source id."""
    con.execute(
        f"INSERT INTO {table} BY NAME SELECT * REPLACE (CAST($sid AS BIGINT) AS source_id) "
        f"FROM _stage_{table} WHERE source_id = $key",
        {"sid": sid, "key": batch_key},
    )


def _delete_facts(con: duckdb.DuckDBPyConnection, ids: Sequence[int]) -> None:
    if not ids:
        return
    for table in FACT_TABLES:
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, source_id)", [list(ids)])


def _summarize(items: list[str]) -> str:
    more = len(items) - _MAX_REASON_ITEMS
    head = "; ".join(items[:_MAX_REASON_ITEMS])
    return head + (f"; … (+{more})" if more > 0 else "")


def _schema_reason(failures: pd.DataFrame) -> str:
    items = [
        f"{r.table}.{r.column} {r.check} ({str(r.failure_case)[:60]})"
        for r in failures.itertuples(index=False)
    ]
    return "模式校验失败 schema validation failed: " + _summarize(items)


def _flag_reason(result: ExtractionResult) -> str:
    parts = []
    failed = result.failed_checks()
    if failed:
        parts.append(
            "校验未通过 failed checks: " + _summarize([f"{c.check} ({c.message})" for c in failed])
        )
    errors = [i for i in result.issues if i.severity == "error"]
    if errors:
        parts.append(
            "抽取错误 extraction errors: " + _summarize([f"{i.check}: {i.message}" for i in errors])
        )
    if result.doc_type == "unknown":
        parts.append(f"未识别的文档类型 unrecognised document type: {result.doc_type_reason}")
    return " | ".join(parts)


def _unreadable_reason(result: ExtractionResult) -> str:
    reason = result.doc_type_reason or next((i.message for i in result.issues), "")
    return f"无法读取 unreadable: {reason}".strip()


def _fill_hash(result: ExtractionResult) -> None:
    if not result.sha256:
        try:
            result.sha256 = file_sha256(result.file)
        except OSError:
            # no content hash: identity falls back to the path; schema validation quarantines it
            result.sha256 = ""


def _existing(con: duckdb.DuckDBPyConnection, path: str, sha: str) -> tuple | None:
    rows = con.execute(
        "SELECT source_id, status, is_latest_version FROM source_files WHERE path = ? AND sha256 = ?",
        [path, sha],
    ).fetchall()
    return rows[0] if rows else None


def _is_unchanged(row: tuple | None) -> bool:
    """The same version is already the path's latest and present: nothing to do."""
    return row is not None and row[2] and row[1] != "removed"


def _load_one(
    con: duckdb.DuckDBPyConnection,
    result: ExtractionResult,
    batch_key: int,
    new_id: int,
    identity: dict[str, Any],
    row_counts: dict[str, int],
    failures: pd.DataFrame,
    force: bool,
) -> LoadOutcome:
    """Load one file version in its own transaction."""
    path, sha = normalize_path(result.file), result.sha256
    now = datetime.now()
    with Warehouse.transaction(con):
        row = _existing(con, path, sha)
        if _is_unchanged(row) and not force:
            return LoadOutcome(
                path, sha, "skipped", "文件未变化 unchanged (same path and sha256)", {}, row[0]
            )
        sid = row[0] if row is not None else new_id

        if result.doc_type == "unreadable":
            status, reason = "quarantined", _unreadable_reason(result)
        elif len(failures):
            status, reason = "quarantined", _schema_reason(failures)
        else:
            reason = _flag_reason(result)
            status = "flagged" if reason else "loaded"

        earlier = [
            r[0]
            for r in con.execute(
                "SELECT source_id FROM source_files WHERE path = ? AND source_id <> ? AND is_latest_version",
                [path, sid],
            ).fetchall()
        ]
        # a brand-new version has no facts yet: skip a dozen DELETEs
        _delete_facts(con, [*earlier, sid] if row is not None else earlier)
        if earlier:
            con.execute(
                _sql("replace_path_versions.sql"),
                {
                    "path": path,
                    "source_id": sid,
                    "reason": f"文件内容已更新 replaced by a changed version (sha256 {sha[:12]}…)",
                    "now": now,
                },
            )

        quarantined = status == "quarantined"
        values = {
            "source_id": sid,
            "path": path,
            "file_name": Path(result.file).name,
            "sha256": sha,
            "size_bytes": _size(path),
            "doc_type": result.doc_type if result.doc_type else "unknown",
            "doc_type_reason": result.doc_type_reason or None,
            "encoding": result.encoding,
            "status": status,
            "load_status": status,
            "reason": reason or None,
            "load_reason": reason or None,
            # a quarantined file's identity fields may be the invalid values themselves
            **{c: None if quarantined else identity.get(c) for c in IDENTITY_COLUMNS},
            "year": None if quarantined else identity.get("year"),
            "is_invented": config.is_invented(result.file),
            "n_failed_checks": len(result.failed_checks()),
            "n_issues": len(result.issues),
            "now": now,
        }
        if row is None:
            con.execute(
                """INSERT INTO source_files (source_id, path, file_name, sha256, size_bytes,
                       doc_type, doc_type_reason, encoding, status, load_status, reason,
                       load_reason, unit_key, unit_name, division_code, district, district_code,
                       city, city_code, unit_resolution, year, is_invented, is_latest_version,
                       is_current, superseded_by, n_failed_checks, n_issues, first_seen_at,
                       loaded_at, status_changed_at)
                   VALUES ($source_id, $path, $file_name, $sha256, $size_bytes, $doc_type,
                       $doc_type_reason, $encoding, $status, $load_status, $reason, $load_reason,
                       $unit_key, $unit_name, $division_code, $district, $district_code, $city,
                       $city_code, $unit_resolution, $year, $is_invented, true, true, NULL,
                       $n_failed_checks, $n_issues, $now, $now, $now)""",
                values,
            )
        else:
            values.pop("path"), values.pop("sha256"), values.pop("file_name")
            con.execute(
                """UPDATE source_files SET size_bytes = $size_bytes, doc_type = $doc_type,
                       doc_type_reason = $doc_type_reason, encoding = $encoding,
                       status = $status, load_status = $load_status, reason = $reason,
                       load_reason = $load_reason, unit_key = $unit_key, unit_name = $unit_name,
                       division_code = $division_code, district = $district,
                       district_code = $district_code, city = $city, city_code = $city_code,
                       unit_resolution = $unit_resolution, year = $year,
                       is_invented = $is_invented, is_latest_version = true, is_current = true,
                       superseded_by = NULL, n_failed_checks = $n_failed_checks,
                       n_issues = $n_issues, loaded_at = $now, status_changed_at = $now
                   WHERE source_id = $source_id""",
                values,
            )

        counts: dict[str, int] = {"source_files": 1}
        if quarantined:
            details = failures.head(200).to_json(orient="records", lines=True, force_ascii=False)
            details = details.strip() or None
            con.execute(
                "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)",
                [sid, path, sha, reason, details or None, now],
            )
            counts["quarantine"] = 1
            if len(failures):
                # the pandera failure cases are check results too: analysts query one table
                cases = failures.head(200).reset_index(drop=True)
                checks = pd.DataFrame(
                    {
                        "source_id": sid,
                        "row_no": range(len(cases)),
                        "check_name": "schema:" + cases["table"].astype(str),
                        "passed": False,
                        "severity": "error",
                        "message": (
                            cases["column"].astype(str)
                            + " "
                            + cases["check"].astype(str)
                            + ": "
                            + cases["failure_case"].astype(str)
                        ),
                        "locator": cases["table"].astype(str) + "." + cases["column"].astype(str),
                    }
                )
                con.register("_schema_checks", checks)
                try:
                    con.execute("INSERT INTO check_results BY NAME SELECT * FROM _schema_checks")
                finally:
                    con.unregister("_schema_checks")
                counts["check_results"] = len(checks)
        else:
            for table in FACT_TABLES:
                if row_counts.get(table):
                    _insert_staged(con, table, batch_key, sid)
                    counts[table] = row_counts[table]
            unit, year = values["unit_key"], values["year"]
            if unit and year is not None and result.doc_type in REDELIVERY_DOC_TYPES:
                con.execute(
                    _sql("supersede_redelivered.sql"),
                    {
                        "source_id": sid,
                        "unit_key": unit,
                        "year": year,
                        "doc_type": result.doc_type,
                        "reason": f"已被重新报送的文件取代 superseded by re-delivered "
                        f"{Path(result.file).name} (source_id {sid})",
                        "now": now,
                    },
                )
        _log(con, [LoadOutcome(path, sha, status, reason, counts, sid)], now)
        return LoadOutcome(path, sha, status, reason, counts, sid)


def _identities(frame: pd.DataFrame) -> dict[int, dict[str, Any]]:
    """batch key → validated unit identity and year (plain Python values)."""
    out: dict[int, dict[str, Any]] = {}
    for row in frame[["source_id", *IDENTITY_COLUMNS, "year"]].itertuples(index=False):
        values = row._asdict()
        key = int(values.pop("source_id"))
        year = values.pop("year")
        out[key] = {c: None if pd.isna(v) else str(v) for c, v in values.items()}
        out[key]["year"] = None if pd.isna(year) else int(year)
    return out


def _size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


@dataclass
class ValidatedBatch:
    """Documents with their pandera-validated table frames (source_id = index into results)."""

    results: list[ExtractionResult]
    frames: dict[str, pd.DataFrame]
    failures: pd.DataFrame

    def failures_of(self, index: int) -> pd.DataFrame:
        """Schema failure cases of one document of the batch."""
        return self.failures[self.failures["source_id"] == index]


def validate_results(results: Iterable[ExtractionResult]) -> ValidatedBatch:
    """Turn results into table frames and validate them all at once (pandera, lazy)."""
    results = list(results)
    for r in results:
        _fill_hash(r)
    frames = results_to_frames(results, list(range(len(results))))
    valid, failed = validate_frames(frames)
    return ValidatedBatch(results, valid, failed)


def load_results(
    results: Iterable[ExtractionResult], db_path: str | Path | None = None, *, force: bool = False
) -> list[LoadOutcome]:
    """Validate then load each result in its own transaction; returns one outcome per input."""
    return load_validated(validate_results(results), db_path, force=force)


def load_validated(
    batch: ValidatedBatch, db_path: str | Path | None = None, *, force: bool = False
) -> list[LoadOutcome]:
    """Load a validated batch, one transaction per file; unchanged file versions are skipped."""
    results = batch.results
    wh = Warehouse(db_path)
    outcomes: list[LoadOutcome | None] = [None] * len(results)
    with _writer_lock(wh.path):
        session = _WriterSession(wh)
        try:
            con = session.get()
            seen: set[tuple[str, str]] = set()
            todo: list[int] = []
            for i, r in enumerate(results):
                key = (normalize_path(r.file), r.sha256)
                row = _existing(con, *key)
                if key in seen or (_is_unchanged(row) and not force):
                    outcomes[i] = LoadOutcome(
                        *key,
                        "skipped",
                        "文件未变化 unchanged (same path and sha256)",
                        source_id=row[0] if row else None,
                    )
                    continue
                seen.add(key)
                todo.append(i)
            if todo:
                new_ids = [
                    r[0]
                    for r in con.execute(
                        "SELECT nextval('source_id_seq') FROM range(?)", [len(todo)]
                    ).fetchall()
                ]
                valid = {t: f[f["source_id"].isin(todo)] for t, f in batch.frames.items()}
                session.stage(valid)
                sizes = {t: f["source_id"].value_counts().to_dict() for t, f in valid.items()}
                identities = _identities(valid["source_files"])
                for k, i in enumerate(todo):
                    outcomes[i] = _load_one(
                        session.get(),
                        results[i],
                        i,
                        new_ids[k],
                        identities.get(i, {}),
                        {t: n[i] for t, n in sizes.items() if i in n},
                        batch.failures_of(i),
                        force,
                    )
            skipped = [o for o in outcomes if o is not None and o.status == "skipped"]
            if skipped:
                con = session.get()
                with Warehouse.transaction(con):
                    _log(con, skipped, datetime.now())
        finally:
            session.close()
    return [o for o in outcomes if o is not None]


def _log(con: duckdb.DuckDBPyConnection, outcomes: Sequence[LoadOutcome], now: datetime) -> None:
    con.executemany(
        "INSERT INTO load_log VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            [
                now,
                o.path,
                Path(o.path).name,
                o.sha256 or None,
                o.status,
                o.reason or None,
                o.source_id,
            ]
            for o in outcomes
        ],
    )


def log_skipped(unchanged: pd.DataFrame, db_path: str | Path | None = None) -> int:
    """Record files an inventory found unchanged (columns path, sha256) as skipped in load_log."""
    if unchanged.empty:
        return 0
    outcomes = [
        LoadOutcome(str(path), str(sha), "skipped", "文件未变化 unchanged (same path and sha256)")
        for path, sha in zip(unchanged["path"], unchanged["sha256"], strict=True)
    ]
    with Warehouse(db_path).write_transaction() as con:
        _log(con, outcomes, datetime.now())
    return len(outcomes)


def replace_reconciliation(con: duckdb.DuckDBPyConnection, rows: Sequence[dict[str, Any]]) -> int:
    """Validate reconciliation rows and replace the whole table with them (caller's transaction)."""
    columns = list(ReconciliationSchema.to_schema().columns)
    frame = pd.DataFrame(list(rows), columns=columns)
    valid, failures = validate_frame("reconciliation", frame, ReconciliationSchema)
    if len(failures):
        raise WarehouseError(
            "核对结果模式校验失败 reconciliation rows failed validation: "
            + _summarize(
                [f"{r.column} {r.check} ({r.failure_case})" for r in failures.itertuples()]
            )
        )
    con.execute("DELETE FROM reconciliation")
    if len(valid):
        con.register("_reconciled", valid.assign(computed_at=datetime.now()))
        try:
            con.execute("INSERT INTO reconciliation BY NAME SELECT * FROM _reconciled")
        finally:
            con.unregister("_reconciled")
    return len(valid)


def mark_removed(paths: Iterable[str | Path], db_path: str | Path | None = None) -> int:
    """Mark files gone from raw/ as removed (facts kept as history); returns versions affected."""
    paths = [normalize_path(p) for p in paths]
    if not paths:
        return 0
    now = datetime.now()
    wh = Warehouse(db_path)
    with wh.write_transaction() as con:
        ids = [
            r[0]
            for r in con.execute(
                _sql("mark_removed.sql"),
                {
                    "paths": paths,
                    "reason": "文件已从收件目录删除 file removed from raw/",
                    "now": now,
                },
            ).fetchall()
        ]
        if ids:
            con.execute(_sql("restore_redelivered.sql"), {"ids": ids, "now": now})
    return len(ids)


# --------------------------------------------------------------------------- inventory


def inventory(raw_dir: str | Path, db_path: str | Path | None = None) -> pd.DataFrame:
    """Files under raw_dir vs. the warehouse: status new | changed | unchanged | removed."""
    root = Path(normalize_path(raw_dir))
    rows = []
    for p in list_documents(root):
        st = p.stat()
        rows.append(
            (str(p), p.name, file_sha256(p), st.st_size, datetime.fromtimestamp(st.st_mtime))
        )
    disk = pd.DataFrame(rows, columns=["path", "file_name", "sha256", "size_bytes", "mtime"])

    known = pd.DataFrame(columns=["path", "known_sha256", "known_status"])
    wh = Warehouse(db_path)
    if wh.path.exists():
        # an empty warehouse file has no tables yet: everything is new
        with wh.connect(read_only=True) as con, contextlib.suppress(duckdb.CatalogException):
            known = con.execute(
                """SELECT path, sha256 AS known_sha256, status AS known_status
                   FROM source_files
                   WHERE is_latest_version AND starts_with(path, ?)""",
                [str(root) + os.sep],
            ).df()
    merged = disk.merge(known, on="path", how="outer", indicator=True)
    gone = merged["_merge"] == "right_only"
    status = pd.Series("unchanged", index=merged.index, dtype="object")
    status[merged["_merge"] == "left_only"] = "new"
    status[(merged["_merge"] == "both") & (merged["sha256"] != merged["known_sha256"])] = "changed"
    status[(merged["_merge"] == "both") & (merged["known_status"] == "removed")] = "new"
    status[gone] = "removed"
    merged.loc[gone, "sha256"] = merged.loc[gone, "known_sha256"]
    merged.loc[gone, "file_name"] = merged.loc[gone, "path"].map(lambda s: Path(s).name)
    # a removed file already marked removed is history, not news
    keep = ~(gone & (merged["known_status"] == "removed"))
    out = merged.loc[keep, ["path", "file_name", "sha256", "size_bytes", "mtime"]].copy()
    out["status"] = status[keep]
    return out.sort_values("path").reset_index(drop=True)


# --------------------------------------------------------------------------- queries


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


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _cell_text(value: Any) -> str:
    if value is None or (not isinstance(value, list | dict) and pd.isna(value)):
        return "NULL"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".") if value == value else "NaN"
    return str(value).replace("\n", "⏎")


def format_frame(frame: pd.DataFrame, fmt: str = "table", max_width: int = 60) -> str:
    """Render a result as 'table' (CJK-aware alignment), 'csv' or 'json' (JSON lines)."""
    if fmt == "csv":
        buf = io.StringIO()
        frame.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        return buf.getvalue()
    if fmt == "json":
        lines = [
            json.dumps(
                {k: (None if _cell_text(v) == "NULL" else v) for k, v in rec.items()},
                ensure_ascii=False,
                default=str,
            )
            for rec in frame.to_dict(orient="records")
        ]
        return "".join(line + "\n" for line in lines)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}")
    headers = [str(c) for c in frame.columns]
    cells = [
        [_clip(_cell_text(v), max_width) for v in row] for row in frame.itertuples(index=False)
    ]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    widths = [max([_width(h)] + [_width(r[j]) for r in cells]) for j, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        out = []
        for j, v in enumerate(values):
            pad = " " * (widths[j] - _width(v))
            out.append(pad + v if numeric[j] else v + pad)
        return " │ ".join(out).rstrip()

    rule = "─┼─".join("─" * w for w in widths)
    body = [line(headers), rule, *(line(r) for r in cells)]
    body.append(f"({len(frame)} 行 rows)")
    return "\n".join(body) + "\n"


def summary_text(db_path: str | Path | None = None) -> str:
    """The short summary `make run` prints: documents, units, years, checks, quarantine."""
    wh = Warehouse(db_path)
    with wh.connect(read_only=True) as con:

        def q(sql: str) -> pd.DataFrame:
            return con.execute(sql).df()

        try:
            docs = q(
                """SELECT doc_type, status, count(*) AS n FROM source_files
                   WHERE is_latest_version GROUP BY ALL ORDER BY doc_type, status"""
            )
        except duckdb.CatalogException as exc:
            raise WarehouseError(
                f"数据仓库为空 warehouse has no tables yet: {wh.path}. Run `make run`."
            ) from exc
        units = q(
            "SELECT count(*) AS n, count(*) FILTER (WHERE is_invented) AS invented FROM units"
        )
        years = q(
            "SELECT DISTINCT year FROM source_files WHERE is_current AND year IS NOT NULL ORDER BY year"
        )
        checks = q(
            """SELECT count(*) FILTER (WHERE NOT passed) AS failed, count(*) AS total
               FROM current_check_results"""
        )
        try:
            recon = q("SELECT status, count(*) AS n FROM reconciliation GROUP BY ALL ORDER BY 1")
        except duckdb.CatalogException:
            recon = pd.DataFrame(columns=["status", "n"])
        bad = q(
            """SELECT file_name, status, reason FROM source_files
               WHERE is_latest_version AND status IN ('quarantined', 'flagged', 'superseded')
               ORDER BY status, file_name"""
        )
    lines = [f"数据仓库 warehouse: {wh.path}", "文档 documents (doc_type × status):"]
    if docs.empty:
        lines.append("  (无 none)")
    for r in docs.itertuples(index=False):
        lines.append(f"  {r.doc_type:<26} {r.status:<12} {r.n}")
    u = units.iloc[0]
    lines.append(f"单位 units: {u['n']}（其中虚构样例 of which invented: {u['invented']}）")
    year_list = ", ".join(str(y) for y in years["year"]) or "—"
    lines.append(f"年度 years: {year_list}")
    c = checks.iloc[0]
    lines.append(f"未通过校验 failed checks: {c['failed']} / {c['total']}")
    for status, label in (
        ("quarantined", "隔离文件 quarantined"),
        ("flagged", "标记文件 flagged"),
        ("superseded", "被取代 superseded"),
    ):
        rows = bad[bad["status"] == status]
        if len(rows):
            lines.append(f"{label}: {len(rows)}")
            lines.extend(
                f"  - {r.file_name}: {_clip(str(r.reason), 160)}"
                for r in rows.head(_SUMMARY_LIST).itertuples()
            )
            if len(rows) > _SUMMARY_LIST:
                lines.append(f"  … (+{len(rows) - _SUMMARY_LIST}; SELECT * FROM source_files)")
    if len(recon):
        counts = ", ".join(f"{r.status} {r.n}" for r in recon.itertuples())
        lines.append(f"报告与决算表核对 reconciliation: {counts}")
    lines.append('查询 query: python -m pipeline sql "SELECT * FROM report_facts_current"')
    return "\n".join(lines)


def failed_checks(db_path: str | Path | None = None) -> pd.DataFrame:
    """Failed identity/consistency checks of the current documents, worst first."""
    return run_query(
        """SELECT file_name, unit_name, year, check_name, severity, message,
                  expected, actual, difference, locator
           FROM current_check_results WHERE NOT passed
           ORDER BY severity, file_name, row_no""",
        db_path,
    )
