"""The ingestion of pending files as one streaming pass: extract → validate → load, chunk by
chunk, while the extraction workers read ahead.

Memory holds at most a few chunks of results whatever the batch (the read-ahead queue is
bounded), both cores stay busy (the workers extract the next chunk while this process
validates and loads the last), and each chunk is one load transaction. The Dagster asset
`warehouse_tables` and pipeline.ingest.ingest_folder both call load_pending.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.extract import extract_files, runs_isolated
from pipeline.models import ExtractionResult
from pipeline.warehouse import CHUNK_SIZE, LoadOutcome, load_validated, validate_results
from pipeline.warehouse.lifecycle import log_skipped, mark_removed
from pipeline.warehouse.refresh import RefreshReport, refresh_derived

#: Chunks of results extracted ahead of the load (bounds memory: ≤ (1 + this) chunks).
READ_AHEAD_CHUNKS = 2
#: Schema failure cases kept for the run's report (the warehouse keeps every one).
_FAILURES_KEPT = 200
_DONE = object()


@dataclass
class StageTimes:
    """Wall seconds and files per stage of one streaming pass."""

    seconds: dict[str, float] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)

    def add(self, stage: str, seconds: float, files: int) -> None:
        """Count a stage's work."""
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        self.files[stage] = self.files.get(stage, 0) + files

    def rates(self) -> dict[str, float]:
        """Files per second of each stage."""
        return {s: self.files[s] / t if t else 0.0 for s, t in self.seconds.items()}


@dataclass
class LoadReport:
    """What one pass did: an outcome per file, removed files, stage times, schema failures."""

    outcomes: list[LoadOutcome] = field(default_factory=list)
    removed: int = 0
    skipped: int = 0
    times: StageTimes = field(default_factory=StageTimes)
    failures: list[pd.DataFrame] = field(default_factory=list)
    refresh: RefreshReport = field(default_factory=RefreshReport)

    def counts(self) -> dict[str, int]:
        """Files by outcome status (skipped unchanged files included)."""
        out: dict[str, int] = {}
        for o in self.outcomes:
            out[o.status] = out.get(o.status, 0) + 1
        if self.skipped:
            out["skipped"] = out.get("skipped", 0) + self.skipped
        return out

    def schema_failures(self) -> pd.DataFrame:
        """The first schema failure cases, with the file each belongs to."""
        if not self.failures:
            return pd.DataFrame(columns=["file", "table", "column", "check", "failure_case"])
        return pd.concat(self.failures, ignore_index=True).head(_FAILURES_KEPT)


def pending_paths(inventory: pd.DataFrame) -> list[str]:
    """New and changed files, oldest first: of two deliveries for one unit-year the newer ends current."""
    todo = inventory[inventory["status"].isin(["new", "changed", "outdated"])]
    return list(todo.sort_values(["mtime", "path"])["path"])


def load_pending(
    inventory: pd.DataFrame,
    db_path: str | Path | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
    workers: int | None = None,
    log: Callable[[str], None] = lambda _msg: None,
    refresh: bool = True,
) -> LoadReport:
    """Removed files marked, then every pending file extracted, validated and loaded in
    chunks, then unchanged files logged and (unless refresh=False: the Dagster job refreshes
    in its own steps) the derived tables refreshed; the caller holds the writer lock."""
    report = LoadReport()
    removed = inventory.loc[inventory["status"] == "removed", "path"]
    # removed first: a file moved to another name is then loaded, not a duplicate
    report.removed = mark_removed(removed, db_path, refresh=False) if len(removed) else 0
    paths = pending_paths(inventory)
    log(f"抽取入库 extracting and loading {len(paths)} new or changed files")
    started, done = time.perf_counter(), 0
    for chunk, waited in extract_chunks(paths, chunk_size, workers):
        report.times.add("extract (waiting for workers)", waited, len(chunk))
        t = time.perf_counter()
        batch, n = validate_results(chunk), len(chunk)
        # the batch holds frames and metadata only: free the results before the load
        chunk.clear()
        report.times.add("validate", time.perf_counter() - t, n)
        if len(batch.failures) and sum(map(len, report.failures)) < _FAILURES_KEPT:
            files = [batch.meta[int(i)].file for i in batch.failures["source_id"]]
            report.failures.append(batch.failures.assign(file=files).drop(columns=["source_id"]))
        t = time.perf_counter()
        report.outcomes += load_validated(batch, db_path, chunk_size=chunk_size, refresh=False)
        report.times.add("load", time.perf_counter() - t, n)
        done += n
        rate = done / max(time.perf_counter() - started, 1e-9)
        log(f"入库 loaded {done}/{len(paths)} files ({rate:.0f} files/s)")
    unchanged = inventory[inventory["status"] == "unchanged"]
    report.skipped = log_skipped(unchanged, db_path)
    if refresh:
        t = time.perf_counter()
        report.refresh = refresh_derived(db_path)
        report.times.add("refresh derived tables", time.perf_counter() - t, report.refresh.units)
    return report


def extract_chunks(
    paths: Sequence[str], chunk_size: int, workers: int | None = None
) -> Iterator[tuple[list[ExtractionResult], float]]:
    """Results in chunks of chunk_size, each with the seconds spent waiting for it.

    With worker processes a thread keeps them fed while the caller loads; in-process
    extraction (small batches) stays on this thread, where its time limit works."""
    if not paths:
        return
    results = extract_files(paths, workers=workers)
    if not runs_isolated(len(paths), workers):
        chunk: list[ExtractionResult] = []
        t = time.perf_counter()
        for r in results:
            chunk.append(r)
            if len(chunk) == chunk_size:
                yield chunk, time.perf_counter() - t
                chunk, t = [], time.perf_counter()
        if chunk:
            yield chunk, time.perf_counter() - t
        return
    yield from _read_ahead(results, chunk_size)


def _read_ahead(
    results: Iterator[ExtractionResult], chunk_size: int
) -> Iterator[tuple[list[ExtractionResult], float]]:
    """Chunks of an extraction generator run on a thread, at most READ_AHEAD_CHUNKS ahead."""
    box: queue.Queue = queue.Queue(maxsize=READ_AHEAD_CHUNKS)
    stop = threading.Event()

    def produce() -> None:
        chunk: list[ExtractionResult] = []
        try:
            for r in results:
                chunk.append(r)
                if len(chunk) == chunk_size:
                    if not _put(box, chunk, stop):
                        return
                    chunk = []
            if chunk:
                _put(box, chunk, stop)
            _put(box, _DONE, stop)
        except BaseException as exc:  # handed to the consumer, raised there
            _put(box, exc, stop)
        finally:
            results.close()  # stops the worker processes

    thread = threading.Thread(target=produce, name="extract-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            t = time.perf_counter()
            item = box.get()
            waited = time.perf_counter() - t
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item, waited
    finally:
        stop.set()
        thread.join(timeout=30)


def _put(box: queue.Queue, item: object, stop: threading.Event) -> bool:
    """Put unless the consumer has gone; False when it has."""
    while not stop.is_set():
        try:
            box.put(item, timeout=0.2)
            return True
        except queue.Full:
            continue
    return False
