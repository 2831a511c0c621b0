"""Extraction entry point: one file in, one ExtractionResult out, never an exception."""

from __future__ import annotations

import contextlib
import os
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.config import ISOLATE_ENV, SUPPORTED_SUFFIXES
from pipeline.hashing import file_sha256
from pipeline.models import ExtractionResult
from pipeline.readers import ReadError


def extract_file(path: str | Path) -> ExtractionResult:
    """Read, classify, extract and check one file (the read → extract → check stages); an
    unreadable file yields doc_type 'unreadable'."""
    given = str(path)
    p = Path(path)
    result = ExtractionResult(file=given)
    try:
        result.sha256 = file_sha256(p)
    except OSError as exc:
        return _unreadable(result, f"无法读取文件 cannot open file: {exc}")
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return _unreadable(
            result,
            f"不支持的文件类型 unsupported file type '{suffix or '(none)'}'; "
            f"supported: {', '.join(SUPPORTED_SUFFIXES)}",
        )
    try:
        from pipeline.checks import run_checks
        from pipeline.extract.formats import extract_by_format

        extracted = run_checks(extract_by_format(p, result))
    except ReadError as exc:
        return _unreadable(result, str(exc))
    except MemoryError:
        return _unreadable(
            result, "内存不足（超过进程内存上限） out of memory (worker memory limit reached)"
        )
    except Exception as exc:  # a parser bug must not stop a batch: record it, keep going
        tb = traceback.format_exc(limit=3)
        return _unreadable(result, f"解析失败 extraction failed: {exc!r}\n{tb}")
    return extracted


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


def timeout_reason(seconds: float) -> str:
    """The quarantine reason of a file whose extraction overran its time limit."""
    return f"抽取超时（{seconds:g} 秒） extraction timed out after {seconds:g} s"


def quarantined(path: str, reason: str) -> ExtractionResult:
    """A quarantine result for a file whose extraction was stopped from outside."""
    result = ExtractionResult(file=path)
    with contextlib.suppress(OSError):
        result.sha256 = file_sha256(Path(path))
    return _unreadable(result, reason)


def _unreadable(result: ExtractionResult, reason: str) -> ExtractionResult:
    result.doc_type = "unreadable"
    result.doc_type_reason = reason.splitlines()[0]
    result.add_issue("read", reason, severity="error")
    return result
