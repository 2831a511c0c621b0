"""One file in, one ExtractionResult out (read → extract → check), never an exception."""

from __future__ import annotations

import contextlib
import traceback
from pathlib import Path

from pipeline.config import SUPPORTED_SUFFIXES
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
