"""The whole ingestion of a drop folder, as the Dagster job runs it step by step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipeline import warehouse
from pipeline.extract import extract_files
from pipeline.reconcile import reconcile_current
from pipeline.writer_lock import writer_lock


def pending_paths(inventory: pd.DataFrame) -> list[str]:
    """New and changed files, oldest first: of two deliveries for one unit-year the newer ends current."""
    todo = inventory[inventory["status"].isin(["new", "changed"])]
    return list(todo.sort_values(["mtime", "path"])["path"])


def ingest_folder(
    raw_dir: str | Path,
    db_path: str | Path | None = None,
    log: Callable[[str], None] = lambda _msg: None,
) -> list[warehouse.LoadOutcome]:
    """Inventory → extract → validate → load → mark removed → reconcile, for scripts and tests."""
    inventory = warehouse.inventory(raw_dir, db_path)
    paths = pending_paths(inventory)
    log(f"抽取 extracting {len(paths)} new or changed files")
    batch = warehouse.validate_results(extract_files(paths))
    with writer_lock(db_path, what="ingest_folder", on_wait=log):
        # removed first: a file moved to another name is then loaded, not a duplicate
        removed = inventory.loc[inventory["status"] == "removed", "path"]
        if len(removed):
            warehouse.mark_removed(removed, db_path)
        outcomes = warehouse.load_validated(batch, db_path)
        warehouse.log_skipped(inventory[inventory["status"] == "unchanged"], db_path)
        reconcile_current(db_path)
    return outcomes
