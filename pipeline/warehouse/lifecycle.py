"""A file's life in the warehouse beyond its load: the inventory of the drop folder against
what is loaded, files gone from raw/, unchanged files logged as skipped."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.hashing import file_sha256
from pipeline.inventory import list_documents
from pipeline.tables import normalize_path
from pipeline.version import extractor_version
from pipeline.warehouse import writes
from pipeline.warehouse.connection import Warehouse, sql_file
from pipeline.warehouse.load import UNCHANGED, LoadOutcome

INVENTORY_COLUMNS = ["path", "file_name", "sha256", "size_bytes", "mtime"]


def mark_removed(
    paths: Iterable[str | Path], db_path: str | Path | None = None, *, refresh: bool = True
) -> int:
    """Mark files gone from raw/ as removed (facts kept as history); returns versions affected.
    The derived tables of their units are refreshed unless refresh=False."""
    paths = [normalize_path(p) for p in paths]
    if not paths:
        return 0
    now = datetime.now()
    with Warehouse(db_path).write_transaction() as con:
        ids = [
            r[0]
            for r in con.execute(
                sql_file("mark_removed.sql"),
                {
                    "paths": paths,
                    "reason": "文件已从收件目录删除 file removed from raw/",
                    "now": now,
                },
            ).fetchall()
        ]
        if ids:
            restored = con.execute(
                sql_file("restore_redelivered.sql"), {"ids": ids, "now": now}
            ).fetchall()
            restored += con.execute(sql_file("restore_regressed.sql"), {"now": now}).fetchall()
            writes.enqueue(con, [*ids, *(r[0] for r in restored)], now)
    if ids and refresh:
        from pipeline.warehouse.refresh import refresh_derived

        refresh_derived(db_path)
    return len(ids)


def log_skipped(unchanged: pd.DataFrame, db_path: str | Path | None = None) -> int:
    """Record files an inventory found unchanged (columns path, sha256) as skipped in load_log."""
    if unchanged.empty:
        return 0
    outcomes = [
        LoadOutcome(str(path), str(sha), "skipped", UNCHANGED)
        for path, sha in zip(unchanged["path"], unchanged["sha256"], strict=True)
    ]
    with Warehouse(db_path).write_transaction() as con:
        writes.log(con, outcomes, datetime.now())
    return len(outcomes)


def inventory(raw_dir: str | Path, db_path: str | Path | None = None) -> pd.DataFrame:
    """Files under raw_dir vs. the warehouse: status new | changed | outdated (read by
    another extractor version) | unchanged | removed.

    A file whose size and modification time match its loaded version is not read again."""
    root = Path(normalize_path(raw_dir))
    known = _known(root, db_path)
    by_path = known.set_index("path") if len(known) else None
    rows = []
    for p in list_documents(root):
        st = p.stat()
        mtime = datetime.fromtimestamp(st.st_mtime)
        sha = None
        if by_path is not None and str(p) in by_path.index:
            k = by_path.loc[str(p)]
            if k["known_size"] == st.st_size and _same_time(k["known_mtime"], mtime):
                sha = k["known_sha256"]
        rows.append((str(p), p.name, sha or file_sha256(p), st.st_size, mtime))
    disk = pd.DataFrame(rows, columns=INVENTORY_COLUMNS)
    merged = disk.merge(known, on="path", how="outer", indicator=True)
    gone = merged["_merge"] == "right_only"
    both = merged["_merge"] == "both"
    status = pd.Series("unchanged", index=merged.index, dtype="object")
    status[merged["_merge"] == "left_only"] = "new"
    status[both & (merged["sha256"] != merged["known_sha256"])] = "changed"
    # read by another extractor version: read again (the content did not change)
    older = merged["known_version"].fillna("") != extractor_version()
    status[both & (status == "unchanged") & older] = "outdated"
    status[both & merged["known_status"].isin(["removed", "stale"])] = "new"
    # a duplicate whose original left the folder is read again, to take its place
    orphan = merged["original_path"].notna() & ~merged["original_path"].isin(disk["path"])
    status[both & (merged["known_status"] == "duplicate") & orphan] = "new"
    status[gone] = "removed"
    merged.loc[gone, "sha256"] = merged.loc[gone, "known_sha256"]
    merged.loc[gone, "file_name"] = merged.loc[gone, "path"].map(lambda s: Path(s).name)
    # a removed file already marked removed is history, not news
    keep = ~(gone & (merged["known_status"] == "removed"))
    out = merged.loc[keep, INVENTORY_COLUMNS].copy()
    out["status"] = status[keep]
    return out.sort_values("path").reset_index(drop=True)


def _same_time(known, mtime: datetime) -> bool:
    if known is None or pd.isna(known):
        return False
    return abs((pd.Timestamp(known) - pd.Timestamp(mtime)).total_seconds()) < 1e-3


def _known(root: Path, db_path: str | Path | None) -> pd.DataFrame:
    """The latest loaded version of every path under root ('stale': a duplicate whose
    original is gone, to be read again)."""
    empty = pd.DataFrame(
        columns=[
            "path",
            "known_sha256",
            "known_status",
            "known_size",
            "known_mtime",
            "original_path",
            "known_version",
        ]
    )
    wh = Warehouse(db_path)
    if not wh.path.exists():
        return empty
    wh.upgrade()
    # an empty warehouse file has no tables yet: everything is new
    with wh.connect(read_only=True) as con, contextlib.suppress(duckdb.CatalogException):
        return con.execute(
            """SELECT s.path, s.sha256 AS known_sha256,
                      CASE WHEN s.status = 'duplicate' AND (o.source_id IS NULL
                                OR o.status = 'removed' OR NOT o.is_latest_version)
                           THEN 'stale' ELSE s.status END AS known_status,
                      s.size_bytes AS known_size, s.mtime AS known_mtime,
                      o.path AS original_path, s.extractor_version AS known_version
               FROM source_files AS s
               LEFT JOIN source_files AS o ON o.source_id = s.duplicate_of
               WHERE s.is_latest_version AND starts_with(s.path, ?)""",
            [str(root) + os.sep],
        ).df()
    return empty
