"""Extraction entry point: one file in, one ExtractionResult out, never an exception."""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.config import SUPPORTED_SUFFIXES
from pipeline.hashing import file_sha256
from pipeline.models import ExtractionResult
from pipeline.readers import ReadError


def extract_file(path: str | Path) -> ExtractionResult:
    """Read, classify and extract one file; an unreadable file yields doc_type 'unreadable'."""
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
        if suffix in (".xlsx", ".xls"):
            from pipeline.extract.workbook import extract_workbook

            extracted = extract_workbook(p, result)
        else:
            from pipeline.extract.report import extract_text_document
            from pipeline.readers import read_document

            extracted = extract_text_document(read_document(p), result)
    except ReadError as exc:
        return _unreadable(result, str(exc))
    except Exception as exc:  # a parser bug must not stop a batch: record it, keep going
        tb = traceback.format_exc(limit=3)
        return _unreadable(result, f"解析失败 extraction failed: {exc!r}\n{tb}")
    return extracted


#: Below this many files a process pool costs more (start-up, imports) than it saves.
PARALLEL_MIN_FILES = 40


def extract_files(
    paths: Iterable[str | Path], workers: int | None = None
) -> Iterator[ExtractionResult]:
    """Extract many files, one result per input, in input order (in parallel for large batches)."""
    paths = list(paths)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(paths) < PARALLEL_MIN_FILES:
        for path in paths:
            yield extract_file(path)
        return
    # spawn, not fork: the caller may hold DuckDB or Dagster threads that fork would copy
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        yield from pool.map(extract_file, paths, chunksize=8)


def _unreadable(result: ExtractionResult, reason: str) -> ExtractionResult:
    result.doc_type = "unreadable"
    result.doc_type_reason = reason.splitlines()[0]
    result.add_issue("read", reason, severity="error")
    return result
