"""The validation stage: extraction results become pandera-validated table frames, and each
document gets its load decision (loaded, flagged or quarantined, with the reason).

The loader only writes what is decided here (and judges re-deliveries against the
warehouse, which only it can see).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from pipeline.hashing import file_sha256
from pipeline.models import ExtractionResult
from pipeline.schemas import validate_frames
from pipeline.tables import results_to_frames
from pipeline.units import document_unit

#: Document types whose figures are read: one that yields none is flagged, not loaded clean
#: (a fiscal report and a project evaluation in prose are read for their identity only).
FIGURE_DOC_TYPES = (
    "performance_report",
    "final_accounts_statement",
    "final_accounts_workbook",
    "performance_form",
    "budget_statement",
)
_MAX_REASON_ITEMS = 5


@dataclass(frozen=True)
class Decision:
    """What the load does with one document, and how much it states (for re-deliveries)."""

    status: str  # loaded | flagged | quarantined
    reason: str
    n_figures: int  # numeric figures and fact rows: how much the document states
    failed_checks: tuple[str, ...]  # names of the identity checks it fails
    passed_checks: tuple[str, ...]
    n_errors: int = 0  # extraction errors: cells or passages it could not read


@dataclass(frozen=True)
class DocMeta:
    """What the loader needs of one document besides its table rows (serializable)."""

    file: str
    sha256: str
    doc_type: str
    doc_type_reason: str | None
    source_format: str | None
    encoding: str | None
    n_failed_checks: int
    n_issues: int

    @classmethod
    def of(cls, r: ExtractionResult) -> DocMeta:
        """The metadata of an extraction result."""
        return cls(
            r.file,
            r.sha256,
            r.doc_type or "unknown",
            r.doc_type_reason or None,
            r.source_format,
            r.encoding,
            len(r.failed_checks()),
            len(r.issues),
        )


@dataclass
class ValidatedBatch:
    """Documents' validated table frames (source_id = the document's index in the batch), the
    decision for each and its metadata; the extraction results themselves are not kept, so a
    chunk's results can be freed before its load."""

    frames: dict[str, pd.DataFrame]
    failures: pd.DataFrame
    decisions: list[Decision] = field(default_factory=list)
    #: per document what the loader reads (a batch read back from Parquet has no results)
    meta: list[DocMeta] = field(default_factory=list)

    def failures_of(self, index: int) -> pd.DataFrame:
        """Schema failure cases of one document of the batch."""
        return self._failures_by_doc.get(index, self.failures.iloc[0:0])

    @functools.cached_property
    def _failures_by_doc(self) -> dict[int, pd.DataFrame]:
        # grouped once: a lookup per document would scan all failures each time
        if not len(self.failures):
            return {}
        return {int(k): g for k, g in self.failures.groupby("source_id", dropna=True)}

    @functools.cached_property
    def _counts(self) -> dict[str, dict[int, int]]:
        return {
            t: f["source_id"].value_counts().to_dict()
            for t, f in self.frames.items()
            if t != "source_files" and len(f)
        }

    def rows_of(self, index: int) -> dict[str, int]:
        """Fact rows of one document of the batch, by table."""
        return {t: n[index] for t, n in self._counts.items() if index in n}


def validate_results(results: Iterable[ExtractionResult]) -> ValidatedBatch:
    """Turn results into table frames, validate them all at once (pandera, lazy) and decide
    each document's status."""
    results = list(results)
    for r in results:
        _fill_hash(r)
    frames = results_to_frames(results, list(range(len(results))))
    valid, failed = validate_frames(frames)
    batch = ValidatedBatch(valid, failed)
    batch.decisions = [decide(r, batch.failures_of(i)) for i, r in enumerate(results)]
    batch.meta = [DocMeta.of(r) for r in results]
    return batch


def decide(result: ExtractionResult, schema_failures: pd.DataFrame) -> Decision:
    """The load decision: quarantined when unreadable or failing its schema, flagged when a
    check fails or something is missing, loaded otherwise."""
    stated = states_figures(result)
    failed = tuple(sorted({c.check for c in result.checks if not c.passed}))
    passed = tuple(sorted({c.check for c in result.checks if c.passed} - set(failed)))
    errors = sum(1 for i in result.issues if i.severity == "error")
    if result.doc_type == "unreadable":
        status, reason = "quarantined", _unreadable_reason(result)
    elif len(schema_failures):
        status, reason = "quarantined", _schema_reason(schema_failures)
    else:
        reason = _flag_reason(result, stated)
        status = "flagged" if reason else "loaded"
    return Decision(status, reason, stated, failed, passed, errors)


def states_figures(result: ExtractionResult) -> int:
    """How much a document states: its numeric figures beyond the year, plus its fact rows."""
    numbers = sum(
        1
        for name, f in result.figures.items()
        if name != "year" and isinstance(f.value, int | float) and not isinstance(f.value, bool)
    )
    return numbers + sum(len(rows) for rows in result.records.values())


def summarize(items: list[str]) -> str:
    """At most a few items, then how many more."""
    more = len(items) - _MAX_REASON_ITEMS
    head = "; ".join(items[:_MAX_REASON_ITEMS])
    return head + (f"; … (+{more})" if more > 0 else "")


def _schema_reason(failures: pd.DataFrame) -> str:
    items = [
        f"{r.table}.{r.column} {r.check} ({str(r.failure_case)[:60]})"
        for r in failures.itertuples(index=False)
    ]
    return "模式校验失败 schema validation failed: " + summarize(items)


def _flag_reason(result: ExtractionResult, stated: int) -> str:
    parts = []
    failed = result.failed_checks()
    if failed:
        parts.append(
            "校验未通过 failed checks: " + summarize([f"{c.check} ({c.message})" for c in failed])
        )
    errors = [i for i in result.issues if i.severity == "error"]
    if errors:
        parts.append(
            "抽取错误 extraction errors: " + summarize([f"{i.check}: {i.message}" for i in errors])
        )
    if result.doc_type == "unknown":
        parts.append(f"未识别的文档类型 unrecognised document type: {result.doc_type_reason}")
        return " | ".join(parts)
    unit = document_unit(result)
    missing = [
        w
        for w, v in (("单位 unit", unit["unit_key"]), ("年度 year", result.value("year")))
        if not v
    ]
    if missing:
        parts.append(
            f"未识别{'、'.join(m.split()[0] for m in missing)} no recognisable "
            f"{' or '.join(m.split()[1] for m in missing)}: no unit-year record"
        )
    if result.doc_type in FIGURE_DOC_TYPES and not stated:
        parts.append("未读出任何数字 the document states no figures")
    return " | ".join(parts)


def _unreadable_reason(result: ExtractionResult) -> str:
    reason = result.doc_type_reason or next((i.message for i in result.issues), "")
    return f"无法读取 unreadable: {reason}".strip()


def _fill_hash(result: ExtractionResult) -> None:
    if not result.sha256:
        try:
            result.sha256 = file_sha256(result.file)
        except OSError:
            # no content hash: identity falls back to the path; schema validation quarantines it
            result.sha256 = ""
