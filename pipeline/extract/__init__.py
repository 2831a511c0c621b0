"""Extraction entry point: extract_file (one file in, one ExtractionResult out, never an
exception; pipeline.extract.one_file) and extract_files (many, in input order)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.config import ISOLATE_ENV
from pipeline.extract.one_file import extract_file, quarantined, timeout_reason
from pipeline.models import ExtractionResult

__all__ = [
    "PARALLEL_MIN_FILES",
    "extract_file",
    "extract_files",
    "quarantined",
    "runs_isolated",
    "timeout_reason",
]

#: Below this many files a process pool costs more (start-up, imports) than it saves.
PARALLEL_MIN_FILES = 40


def extract_files(
    paths: Iterable[str | Path], workers: int | None = None, isolate: bool | None = None
) -> Iterator[ExtractionResult]:
    """Extract many files, one result per input, in input order.

    Large batches (or any batch with isolate=True or BUDGETPERF_ISOLATE=1) run in isolated
    worker processes with a memory cap and a per-file time limit (pipeline.extract.pool),
    so one hostile file costs only its own result; small batches run in this process,
    under the same time limit (pipeline.extract.deadline) but no memory cap.
    """
    paths = [str(p) for p in paths]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if isolate is None:
        isolate = runs_isolated(len(paths), workers)
    if not isolate:
        from pipeline.config import limits
        from pipeline.extract.deadline import FileTimeout, deadline

        seconds = limits().file_seconds
        for path in paths:
            try:
                with deadline(seconds):
                    result = extract_file(path)
            except FileTimeout:
                result = quarantined(path, timeout_reason(seconds))
            yield result
        return
    from pipeline.extract.pool import extract_isolated

    yield from extract_isolated(paths, min(workers, max(1, len(paths))))


def runs_isolated(n_files: int, workers: int | None = None) -> bool:
    """Whether extract_files runs these files in isolated worker processes (by default)."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    return os.environ.get(ISOLATE_ENV) == "1" or (workers > 1 and n_files >= PARALLEL_MIN_FILES)
