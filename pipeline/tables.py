"""ExtractionResults → one pandas DataFrame per warehouse table (unvalidated, raw values)."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from itertools import chain
from numbers import Number
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.config import is_invented
from pipeline.models import ExtractionResult
from pipeline.schemas import SCHEMAS, columns_of
from pipeline.units import document_unit

#: Record kinds of ExtractionResult.records that have a table of the same name.
RECORD_KINDS = (
    "expenditure",
    "projects",
    "targets",
    "achievements",
    "texts",
    "account_lines",
    "three_public_lines",
    "form_funding",
    "form_indicators",
)
#: Provenance keys in records → column names ("end" is an SQL keyword).
_RENAMES = {"start": "char_start", "end": "char_end"}
_KEYS = ("source_id", "row_no")


def _record_keys(table: str) -> list[str]:
    inverse = {v: k for k, v in _RENAMES.items()}
    return [inverse.get(c, c) for c in columns_of(table) if c not in _KEYS]


_RECORD_KEYS = {kind: _record_keys(kind) for kind in RECORD_KINDS}


def normalize_path(path: str | Path) -> str:
    """The path as stored in the warehouse: absolute, not symlink-resolved."""
    return os.path.abspath(os.fspath(path))


def _numbered(
    table: str, rows: list[Any], lengths: Sequence[int], ids: Sequence[int], columns: list[str]
) -> pd.DataFrame:
    """A frame of `rows` with source_id and per-document row_no prepended."""
    frame = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    frame = frame.rename(columns=_RENAMES)
    lengths_arr = np.asarray(lengths, dtype="int64")
    starts = np.repeat(np.cumsum(lengths_arr) - lengths_arr, lengths_arr)
    frame.insert(0, "row_no", np.arange(len(frame), dtype="int64") - starts)
    frame.insert(0, "source_id", np.repeat(np.asarray(ids, dtype="int64"), lengths_arr))
    return frame[columns_of(table)]


def _records_frame(kind: str, results: Sequence[ExtractionResult], ids: Sequence[int]):
    lists = [r.records.get(kind) or [] for r in results]
    rows = list(chain.from_iterable(lists))
    return _numbered(kind, rows, [len(x) for x in lists], ids, _RECORD_KEYS[kind])


def _figure_value(value: Any) -> tuple[str, float | None, str | None]:
    """(value_kind, value_num, value_text) for a Figure value."""
    if value is None:
        return "null", None, None
    if isinstance(value, bool | np.bool_):
        return "bool", None, "true" if value else "false"
    if isinstance(value, Number | Decimal):
        num = float(value)  # type: ignore[arg-type]
        return ("null", None, None) if math.isnan(num) else ("number", num, None)
    if isinstance(value, str):
        return "text", None, value
    if isinstance(value, dict | list | tuple):
        return "json", None, json.dumps(value, ensure_ascii=False, default=str)
    return "text", None, str(value)


def _figures_frame(results: Sequence[ExtractionResult], ids: Sequence[int]) -> pd.DataFrame:
    rows, lengths = [], []
    for result in results:
        lengths.append(len(result.figures))
        for name, fig in result.figures.items():
            kind, num, text = _figure_value(fig.value)
            prov = fig.provenance
            rows.append(
                (
                    fig.name or name,
                    kind,
                    num,
                    text,
                    fig.unit,
                    fig.note,
                    prov.locator if prov else None,
                    prov.sentence if prov else None,
                    prov.start if prov else None,
                    prov.end if prov else None,
                )
            )
    return _numbered("report_figures", rows, lengths, ids, _RECORD_KEYS_FIGURES)


_RECORD_KEYS_FIGURES = [
    "field",
    "value_kind",
    "value_num",
    "value_text",
    "unit",
    "note",
    "locator",
    "sentence",
    "start",
    "end",
]


def _checks_frame(results: Sequence[ExtractionResult], ids: Sequence[int]) -> pd.DataFrame:
    rows = [
        (c.check, c.passed, c.severity, c.message, c.expected, c.actual, c.difference, c.locator)
        for r in results
        for c in r.checks
    ]
    cols = [c for c in columns_of("check_results") if c not in _KEYS]
    cols[0] = "check_name"
    return _numbered("check_results", rows, [len(r.checks) for r in results], ids, cols)


def _issues_frame(results: Sequence[ExtractionResult], ids: Sequence[int]) -> pd.DataFrame:
    rows = [(i.check, i.severity, i.message) for r in results for i in r.issues]
    cols = ["check_name", "severity", "message"]
    return _numbered("document_issues", rows, [len(r.issues) for r in results], ids, cols)


def _text_or_none(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _source_frame(results: Sequence[ExtractionResult], ids: Sequence[int]) -> pd.DataFrame:
    rows = []
    for sid, r in zip(ids, results, strict=True):
        path = normalize_path(r.file)
        try:
            st = os.stat(path)
            size, mtime = st.st_size, datetime.fromtimestamp(st.st_mtime)
        except OSError:
            size = mtime = None
        rows.append(
            {
                "source_id": sid,
                "path": path,
                "file_name": Path(r.file).name,
                "sha256": r.sha256,
                "size_bytes": size,
                "doc_type": r.doc_type,
                "doc_type_reason": r.doc_type_reason or None,
                "source_format": r.source_format,
                "mtime": mtime,
                "encoding": r.encoding,
                # the key that joins a unit's documents; report_figures keeps the name as written
                **document_unit(r),
                "year": r.value("year"),
                "is_invented": is_invented(r.file),
                "n_failed_checks": len(r.failed_checks()),
                "n_issues": len(r.issues),
            }
        )
    return pd.DataFrame(rows, columns=columns_of("source_files"))


def results_to_frames(
    results: Iterable[ExtractionResult], source_ids: Sequence[int] | None = None
) -> dict[str, pd.DataFrame]:
    """One concatenated frame per table for many results; source_id defaults to the position."""
    results = list(results)
    ids = list(range(len(results))) if source_ids is None else list(source_ids)
    if len(ids) != len(results):
        raise ValueError(f"{len(results)} results but {len(ids)} source ids")
    frames = {
        "source_files": _source_frame(results, ids),
        "report_figures": _figures_frame(results, ids),
    }
    for kind in RECORD_KINDS:
        frames[kind] = _records_frame(kind, results, ids)
    frames["check_results"] = _checks_frame(results, ids)
    frames["document_issues"] = _issues_frame(results, ids)
    assert list(frames) == list(SCHEMAS), "tables and schemas out of step"
    return frames


def result_to_frames(result: ExtractionResult, source_id: int = 0) -> dict[str, pd.DataFrame]:
    """One frame per table for a single result."""
    return results_to_frames([result], [source_id])
