"""The whole ingestion of a drop folder for scripts and tests: the same functions the
Dagster job runs step by step (inventory, then pipeline.flow.load_pending under the lock)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline import warehouse
from pipeline.flow import load_pending, pending_paths
from pipeline.writer_lock import writer_lock

__all__ = ["ingest_folder", "pending_paths"]


def ingest_folder(
    raw_dir: str | Path,
    db_path: str | Path | None = None,
    log: Callable[[str], None] = lambda _msg: None,
    workers: int | None = None,
) -> list[warehouse.LoadOutcome]:
    """Inventory → removed files → extract, validate, load in chunks → the analysts'
    corrections (raw_dir/corrections) → refresh derived tables."""
    from pipeline.review.apply import apply_corrections
    from pipeline.warehouse.refresh import refresh_derived

    inventory = warehouse.inventory(raw_dir, db_path)
    with writer_lock(db_path, what="ingest_folder", on_wait=log):
        report = load_pending(inventory, db_path, workers=workers, log=log, refresh=False)
        apply_corrections(db_path, raw_dir)
        refresh_derived(db_path)
    return report.outcomes
