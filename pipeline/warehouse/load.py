"""Loading a validated batch: chunks of documents, one transaction per chunk, set-based.

A chunk's load reads what it needs of the warehouse in a few statements (the versions
already there, the current version of each unit-year, the files with the same content),
lets pipeline.warehouse.plan decide every document's outcome, then writes each table in
one statement (pipeline.warehouse.writes). A chunk the database refuses is retried file
by file, so one bad file never sinks the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.models import ExtractionResult
from pipeline.tables import normalize_path
from pipeline.validate import Decision, ValidatedBatch, validate_results
from pipeline.version import extractor_version
from pipeline.warehouse import writes
from pipeline.warehouse.connection import Warehouse, process_writer_lock
from pipeline.warehouse.plan import REDELIVERY_DOC_TYPES, Doc, Outcome, loadable, plan_chunk

#: Documents per chunk: one transaction, one statement per table.
CHUNK_SIZE = 500
UNCHANGED = "文件未变化 unchanged (same path and sha256)"
#: Figure kinds compared between two versions of a unit-year (the numbers).
_COMPARED = ("amount", "count", "pct", "number")


@dataclass
class LoadOutcome:
    """What happened to one file version in a load."""

    path: str
    sha256: str
    status: str  # loaded | flagged | quarantined | skipped | duplicate | regressed
    reason: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    source_id: int | None = None
    unit_key: str | None = None
    year: int | None = None


def load_results(
    results: Iterable[ExtractionResult],
    db_path: str | Path | None = None,
    *,
    force: bool = False,
    refresh: bool = True,
) -> list[LoadOutcome]:
    """Validate then load results; returns one outcome per input."""
    return load_validated(validate_results(results), db_path, force=force, refresh=refresh)


def load_validated(
    batch: ValidatedBatch,
    db_path: str | Path | None = None,
    *,
    force: bool = False,
    chunk_size: int = CHUNK_SIZE,
    refresh: bool = True,
) -> list[LoadOutcome]:
    """Load a validated batch chunk by chunk; unchanged file versions are skipped (logged).
    Then the derived tables of the changed units are refreshed (unless refresh=False: the
    caller refreshes once after several loads)."""
    wh = Warehouse(db_path)
    outcomes: list[LoadOutcome] = []
    n = len(batch.meta)
    with process_writer_lock(wh.path):
        for start in range(0, max(n, 1), chunk_size):
            keys = list(range(start, min(n, start + chunk_size)))
            # a connection per chunk: a waiting reader gets in between chunks
            with wh.connect() as con:
                outcomes += _load_chunk_safely(con, batch, keys, force)
    if refresh:
        from pipeline.warehouse.refresh import refresh_derived

        refresh_derived(db_path)
    return outcomes


def _load_chunk_safely(
    con: duckdb.DuckDBPyConnection, batch: ValidatedBatch, keys: list[int], force: bool
) -> list[LoadOutcome]:
    try:
        with Warehouse.transaction(con):
            return _load_chunk(con, batch, keys, force)
    except duckdb.Error as exc:
        if len(keys) == 1:
            # the file alone is refused: it is quarantined with the database's words
            with Warehouse.transaction(con):
                return _load_chunk(con, batch, keys, force, refused=str(exc))
    out: list[LoadOutcome] = []
    for key in keys:
        out += _load_chunk_safely(con, batch, [key], force)
    return out


def _load_chunk(
    con: duckdb.DuckDBPyConnection,
    batch: ValidatedBatch,
    keys: Sequence[int],
    force: bool,
    refused: str | None = None,
) -> list[LoadOutcome]:
    """Plan and write one chunk inside the caller's transaction."""
    now = datetime.now()
    results = batch.meta
    paths = {k: normalize_path(results[k].file) for k in keys}
    existing = _existing(con, [(k, paths[k], results[k].sha256) for k in keys])
    done: dict[int, LoadOutcome] = {}
    seen: set[tuple[str, str]] = set()
    todo: list[int] = []
    for k in keys:
        ident = (paths[k], results[k].sha256)
        row = existing.get(k)
        if ident in seen or (row is not None and row["unchanged"] and not force):
            done[k] = LoadOutcome(*ident, "skipped", UNCHANGED, source_id=row and row["source_id"])
            continue
        seen.add(ident)
        todo.append(k)
    fresh = iter(_new_ids(con, sum(1 for k in todo if k not in existing)))
    sids = {k: existing[k]["source_id"] if k in existing else next(fresh) for k in todo}
    decisions = {k: batch.decisions[k] for k in todo}
    if refused is not None:
        decisions = {k: _refusal(d, refused) for k, d in decisions.items()}
    docs = _docs(batch, todo, paths, sids, decisions)
    plans = plan_chunk(docs, _current(con, docs), _by_sha(con, docs))
    if todo:
        writes.write_chunk(con, batch, docs, plans, existing, now)
    for doc, plan in zip(docs, plans, strict=True):
        done[doc.key] = _outcome(batch, doc, plan)
    ordered = [done[k] for k in keys]
    writes.log(con, ordered, now)
    return ordered


def _refusal(decision: Decision, message: str) -> Decision:
    reason = f"数据库拒绝写入 the database refused the file's rows: {message[:300]}"
    return Decision("quarantined", reason, decision.n_figures, decision.failed_checks, (), 0)


def _existing(con: duckdb.DuckDBPyConnection, keys: list[tuple[int, str, str]]) -> dict[int, dict]:
    """Chunk key → the version already in the warehouse under the same path and content."""
    if not keys:
        return {}
    frame = pd.DataFrame(keys, columns=["k", "path", "sha256"])
    con.register("_keys", frame)
    try:
        rows = con.execute(
            """SELECT k.k, s.source_id, s.first_seen_at,
                      s.is_latest_version AND s.status <> 'removed'
                      AND s.extractor_version IS NOT DISTINCT FROM $version
                      AND NOT (s.status = 'duplicate' AND (o.source_id IS NULL
                               OR o.status = 'removed' OR NOT o.is_latest_version)) AS unchanged
               FROM _keys AS k
               JOIN source_files AS s ON s.path = k.path AND s.sha256 = k.sha256
               LEFT JOIN source_files AS o ON o.source_id = s.duplicate_of""",
            {"version": extractor_version()},
        ).fetchall()
    finally:
        con.unregister("_keys")
    return {
        k: {"source_id": sid, "first_seen_at": seen, "unchanged": u} for k, sid, seen, u in rows
    }


def _new_ids(con: duckdb.DuckDBPyConnection, n: int) -> list[int]:
    if not n:
        return []
    return [
        r[0] for r in con.execute("SELECT nextval('source_id_seq') FROM range(?)", [n]).fetchall()
    ]


def _docs(
    batch: ValidatedBatch,
    todo: list[int],
    paths: dict[int, str],
    sids: dict[int, int],
    decisions: dict[int, Decision],
) -> list[Doc]:
    """The plan's view of each chunk document (identity as validated, figures as numbers)."""
    src = writes.source_rows(batch, todo)
    figures = _figure_map(batch.frames["report_figures"], todo, "source_id")
    docs = []
    for k in todo:
        r, d = batch.meta[k], decisions[k]
        ok = k in src and d.status != "quarantined"
        row = src[k] if ok else None
        unit = _clean(row["unit_key"]) if ok else None
        year = _clean(row["year"]) if ok else None
        docs.append(
            Doc(
                key=k,
                path=paths[k],
                sha256=r.sha256,
                file_name=Path(r.file).name,
                doc_type=r.doc_type,
                unit_key=unit,
                year=int(year) if year is not None else None,
                status=d.status,
                reason=d.reason,
                n_figures=d.n_figures,
                failed_checks=d.failed_checks,
                passed_checks=d.passed_checks,
                size_bytes=_clean(src[k]["size_bytes"]) if k in src else None,
                source_format=r.source_format,
                figures=figures.get(k, {}),
                source_id=sids[k],
                n_errors=d.n_errors,
            )
        )
    return docs


def _clean(value):
    return None if value is None or pd.isna(value) else value


def _figure_map(frame: pd.DataFrame, ids: Iterable[int], id_column: str) -> dict[int, dict]:
    """source → {field: (number, None, locator)} for the numeric figures compared on re-delivery."""
    from pipeline.metadata.figures import BY_NAME

    compared = [n for n, f in BY_NAME.items() if f.kind in _COMPARED]
    rows = frame[frame[id_column].isin(list(ids)) & frame["field"].isin(compared)]
    rows = rows[rows["value_num"].notna()]
    out: dict[int, dict] = {}
    for sid, name, num, loc in rows[[id_column, "field", "value_num", "locator"]].itertuples(
        index=False
    ):
        out.setdefault(int(sid), {})[name] = (float(num), None, _clean(loc))
    return out


def _current(con: duckdb.DuckDBPyConnection, docs: list[Doc]) -> dict[tuple, Doc]:
    """The warehouse's current version of each unit-year and document type the chunk delivers."""
    groups = {
        (d.unit_key, d.year, d.doc_type)
        for d in docs
        if loadable(d) and d.unit_key and d.year is not None and d.doc_type in REDELIVERY_DOC_TYPES
    }
    if not groups:
        return {}
    con.register("_groups", pd.DataFrame(list(groups), columns=["unit_key", "year", "doc_type"]))
    try:
        cur = con.execute(
            """SELECT s.source_id, s.path, s.sha256, s.file_name, s.doc_type, s.unit_key, s.year,
                      s.load_status, s.load_reason, coalesce(s.n_figures, 0) AS n_figures,
                      s.size_bytes, s.source_format
               FROM source_files AS s JOIN _groups AS g USING (unit_key, year, doc_type)
               WHERE s.is_current AND s.load_status IN ('loaded', 'flagged')"""
        ).df()
    finally:
        con.unregister("_groups")
    if cur.empty:
        return {}
    ids = [int(i) for i in cur["source_id"]]
    figs = con.execute(
        """SELECT source_id, field, value_num, locator FROM report_figures
           WHERE list_contains($ids, source_id) AND value_num IS NOT NULL""",
        {"ids": ids},
    ).df()
    checks = con.execute(
        """SELECT source_id, check_name, bool_and(passed) AS passed FROM check_results
           WHERE list_contains($ids, source_id) AND check_name <> 'conflict'
             AND NOT starts_with(check_name, 'schema:')
           GROUP BY ALL""",
        {"ids": ids},
    ).df()
    errors = dict(
        con.execute(
            """SELECT source_id, count(*) FROM document_issues
               WHERE list_contains($ids, source_id) AND severity = 'error' GROUP BY ALL""",
            {"ids": ids},
        ).fetchall()
    )
    fig_map = _figure_map(figs, ids, "source_id")
    failed, passed = _check_names(checks, False), _check_names(checks, True)
    out: dict[tuple, Doc] = {}
    for r in cur.itertuples(index=False):
        out[(r.unit_key, int(r.year), r.doc_type)] = Doc(
            key=int(r.source_id),
            path=r.path,
            sha256=r.sha256,
            file_name=r.file_name,
            doc_type=r.doc_type,
            unit_key=r.unit_key,
            year=int(r.year),
            status=r.load_status,
            reason=r.load_reason or "",
            n_figures=int(r.n_figures),
            failed_checks=failed.get(r.source_id, ()),
            passed_checks=passed.get(r.source_id, ()),
            size_bytes=_clean(r.size_bytes),
            source_format=_clean(r.source_format),
            figures=fig_map.get(int(r.source_id), {}),
            source_id=int(r.source_id),
            n_errors=int(errors.get(r.source_id, 0)),
        )
    return out


def _check_names(checks: pd.DataFrame, passed: bool) -> dict[int, tuple[str, ...]]:
    """source_id → the sorted names of its checks that passed (or failed)."""
    rows = checks[checks["passed"] == passed]
    return {sid: tuple(sorted(names)) for sid, names in rows.groupby("source_id")["check_name"]}


def _by_sha(con: duckdb.DuckDBPyConnection, docs: list[Doc]) -> dict[str, int]:
    """Content hash → the version holding it already (present, not itself a duplicate)."""
    shas = sorted({d.sha256 for d in docs if d.sha256})
    if not shas:
        return {}
    rows = con.execute(
        """SELECT sha256, min(source_id) FROM source_files
           WHERE list_contains($shas, sha256) AND is_latest_version
             AND status NOT IN ('removed', 'duplicate')
           GROUP BY sha256""",
        {"shas": shas},
    ).fetchall()
    return dict(rows)


def _outcome(batch: ValidatedBatch, doc: Doc, plan: Outcome) -> LoadOutcome:
    rows = writes.row_counts(batch, doc, plan)
    return LoadOutcome(
        doc.path,
        doc.sha256,
        plan.status,
        plan.reason,
        rows,
        doc.source_id,
        doc.unit_key,
        doc.year,
    )
