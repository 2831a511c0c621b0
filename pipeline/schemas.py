"""pandera models for every table the warehouse loads, and lazy validation helpers."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.models import DOC_TYPES, EXPENDITURE_CATEGORIES

#: Life-cycle status of a file version in source_files.
FILE_STATUSES = ("loaded", "flagged", "quarantined", "skipped", "superseded", "removed")
#: Outcome of loading a file version (kept when the version is later superseded/removed).
LOAD_STATUSES = ("loaded", "flagged", "quarantined")
SEVERITIES = ("error", "warning", "info")
COMPARATORS = ("≥", "≤", "=", ">", "<")
CLASSIFICATIONS = ("functional", "economic")
VALUE_KINDS = ("number", "text", "bool", "json", "null")
UNIT_KINDS = ("街道", "乡镇")
#: Reconciliation outcomes (pipeline.reconcile.STATUSES).
RECONCILIATION_STATUSES = ("agree", "differ", "only_report", "only_workbook")
#: Scalar figures that are head counts: integral and never negative.
COUNT_FIELDS = ("staff_in_post", "retirees", "communities_count")
YEAR_MIN, YEAR_MAX = 1990, 2100

SHA256_PATTERN = r"^[0-9a-f]{64}$"
#: 统计用区划代码: 12 digits.
DIVISION_CODE_PATTERN = r"^\d{12}$"
#: How a document's unit was matched with the official division list (pipeline.extract.identity).
UNIT_RESOLUTIONS = ("resolved", "ambiguous", "not_found")
#: Classification codes: class 3 digits, item 5, sub-item 7 (DOMAIN.md §3).
CODE_PATTERN = r"^\d{3}(\d{2}){0,2}$"
_LEVEL_BY_CODE_LENGTH = {3: 1, 5: 2, 7: 3}

FAILURE_COLUMNS = ["table", "source_id", "column", "check", "failure_case", "row"]

Int = Series[pd.Int64Dtype]
Float = Series[pd.Float64Dtype]
Bool = Series[pd.BooleanDtype]
Text = Series[str]


class _Base(pa.DataFrameModel):
    """Shared config: coerce to the declared types, refuse unknown columns, reject ±inf."""

    class Config:
        coerce = True
        strict = True

    @pa.dataframe_check(
        name="amounts_finite", error="amounts_finite: numbers must be finite (no ±inf)"
    )
    def _finite(cls, df: pd.DataFrame) -> pd.DataFrame:
        # a full-shape result lets pandera name the offending row and column
        out = pd.DataFrame(True, index=df.index, columns=df.columns)
        num = df.select_dtypes(include=["Float64", "float64"])
        if len(num.columns):
            out[num.columns] = ~np.isinf(num.astype("float64"))
        return out


class _Fact(_Base):
    """A fact row: its file version, its position, and where it was read."""

    source_id: Int = pa.Field(ge=0)
    row_no: Int = pa.Field(ge=0)
    locator: Text = pa.Field(nullable=True)
    sentence: Text = pa.Field(nullable=True)
    char_start: Int = pa.Field(nullable=True, ge=0)
    char_end: Int = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check(
        name="offsets_ordered", error="offsets_ordered: char_start must not exceed char_end"
    )
    def _offsets(cls, df: pd.DataFrame) -> pd.Series:
        return (df["char_start"] <= df["char_end"]).fillna(True).astype(bool)


class SourceFileSchema(_Base):
    """One row per file version (the loader adds status columns in SQL)."""

    source_id: Int = pa.Field(ge=0, unique=True)
    path: Text = pa.Field(str_length={"min_value": 1})
    file_name: Text = pa.Field(str_length={"min_value": 1})
    sha256: Text = pa.Field(str_matches=SHA256_PATTERN)
    size_bytes: Int = pa.Field(nullable=True, ge=0)
    doc_type: Text = pa.Field(isin=DOC_TYPES)
    doc_type_reason: Text = pa.Field(nullable=True)
    encoding: Text = pa.Field(nullable=True)
    unit_key: Text = pa.Field(nullable=True, str_length={"min_value": 1})
    unit_name: Text = pa.Field(nullable=True, str_length={"min_value": 1})
    division_code: Text = pa.Field(nullable=True, str_matches=DIVISION_CODE_PATTERN)
    district: Text = pa.Field(nullable=True)
    district_code: Text = pa.Field(nullable=True, str_matches=DIVISION_CODE_PATTERN)
    city: Text = pa.Field(nullable=True)
    city_code: Text = pa.Field(nullable=True, str_matches=DIVISION_CODE_PATTERN)
    unit_resolution: Text = pa.Field(nullable=True, isin=UNIT_RESOLUTIONS)
    year: Int = pa.Field(nullable=True, ge=YEAR_MIN, le=YEAR_MAX)
    is_invented: Bool
    n_failed_checks: Int = pa.Field(ge=0)
    n_issues: Int = pa.Field(ge=0)
    status: Text | None = pa.Field(isin=FILE_STATUSES)
    load_status: Text | None = pa.Field(nullable=True, isin=LOAD_STATUSES)

    class Config:
        unique = ("path", "sha256")


class ReportFigureSchema(_Fact):
    """Scalar figures in long form: one row per (file version, field)."""

    field: Text = pa.Field(str_length={"min_value": 1})
    value_kind: Text = pa.Field(isin=VALUE_KINDS)
    value_num: Float = pa.Field(nullable=True)
    value_text: Text = pa.Field(nullable=True)
    unit: Text = pa.Field(nullable=True)
    note: Text = pa.Field(nullable=True)

    class Config:
        unique = ("source_id", "field")

    @pa.dataframe_check(
        name="year_in_range", error=f"year_in_range: year must lie in {YEAR_MIN}–{YEAR_MAX}"
    )
    def _year(cls, df: pd.DataFrame) -> pd.Series:
        is_year = df["field"] == "year"
        ok = df["value_num"].between(YEAR_MIN, YEAR_MAX).fillna(True).astype(bool)
        return ~is_year | ok

    @pa.dataframe_check(
        name="counts_whole_nonnegative",
        error="counts_whole_nonnegative: head counts are whole numbers ≥ 0",
    )
    def _counts(cls, df: pd.DataFrame) -> pd.Series:
        is_count = df["field"].isin(COUNT_FIELDS)
        v = df["value_num"].astype("float64")
        ok = v.isna() | ((v >= 0) & (v == np.floor(v)))
        return ~is_count | ok

    @pa.dataframe_check(
        name="value_matches_kind",
        error="value_matches_kind: value_num/value_text must match value_kind",
    )
    def _kind(cls, df: pd.DataFrame) -> pd.Series:
        has_num, has_text = df["value_num"].notna(), df["value_text"].notna()
        kind = df["value_kind"]
        return (
            ((kind == "number") & has_num & ~has_text)
            | (kind.isin(["text", "json", "bool"]) & ~has_num & has_text)
            | ((kind == "null") & ~has_num & ~has_text)
        )


class ExpenditureSchema(_Fact):
    """The six expenditure categories as the report states them."""

    category: Text = pa.Field(isin=EXPENDITURE_CATEGORIES)
    amount_wan: Float = pa.Field(nullable=True, ge=0)
    change_wan: Float = pa.Field(nullable=True)
    change_pct: Float = pa.Field(nullable=True)
    stated_none: Bool = pa.Field(nullable=True)
    reason: Text = pa.Field(nullable=True)

    class Config:
        unique = ("source_id", "category")


class ProjectSchema(_Fact):
    """Projects of the project expenditure."""

    name: Text = pa.Field(str_length={"min_value": 1})
    amount_wan: Float = pa.Field(nullable=True, ge=0)
    purpose: Text = pa.Field(nullable=True)


class TargetSchema(_Fact):
    """Performance targets (per project or unit-wide)."""

    project: Text = pa.Field(nullable=True)
    indicator_class: Text = pa.Field(nullable=True)
    indicator_subclass: Text = pa.Field(nullable=True)
    text: Text = pa.Field(nullable=True)
    comparator: Text = pa.Field(nullable=True, isin=COMPARATORS)
    target_value: Float = pa.Field(nullable=True)
    target_unit: Text = pa.Field(nullable=True)


class AchievementSchema(_Fact):
    """Quantified achievements with their sentence."""

    indicator: Text = pa.Field(nullable=True)
    value: Float = pa.Field(nullable=True)
    unit: Text = pa.Field(nullable=True)
    section: Text = pa.Field(nullable=True)


class TextSchema(_Fact):
    """Text kept whole (problems, improvements, ...)."""

    kind: Text = pa.Field(str_length={"min_value": 1})
    text: Text


class AccountLineSchema(_Fact):
    """Final-accounts table lines, codes as text."""

    table_name: Text = pa.Field(str_length={"min_value": 1})
    classification: Text = pa.Field(nullable=True, isin=CLASSIFICATIONS)
    code: Text = pa.Field(nullable=True, str_matches=CODE_PATTERN)
    level: Int = pa.Field(nullable=True, ge=1, le=3)
    parent_code: Text = pa.Field(nullable=True, str_matches=CODE_PATTERN)
    name: Text = pa.Field(nullable=True)
    column_name: Text = pa.Field(str_length={"min_value": 1})
    amount_wan: Float = pa.Field(nullable=True)
    sheet: Text = pa.Field(nullable=True)

    @pa.dataframe_check(
        name="level_matches_code",
        error="level_matches_code: level must be 1/2/3 for a 3/5/7-digit code",
    )
    def _level(cls, df: pd.DataFrame) -> pd.Series:
        expected = df["code"].str.len().map(_LEVEL_BY_CODE_LENGTH)
        both = df["code"].notna() & df["level"].notna()
        same = df["level"].astype("float64") == expected.astype("float64")
        return ~both | same.fillna(False).astype(bool)

    @pa.dataframe_check(
        name="parent_is_prefix",
        error="parent_is_prefix: parent_code must be the code minus 2 digits",
    )
    def _parent(cls, df: pd.DataFrame) -> pd.Series:
        both = df["code"].notna() & df["parent_code"].notna()
        prefix = df["code"].str[:-2]
        return ~both | (prefix == df["parent_code"]).fillna(False).astype(bool)

    @pa.dataframe_check(
        name="code_unique_per_column",
        error="code_unique_per_column: a code appears twice in one table column",
    )
    def _unique_code(cls, df: pd.DataFrame) -> pd.Series:
        has = df["code"].notna()
        dup = df.duplicated(["source_id", "table_name", "code", "column_name"], keep=False)
        return ~(has & dup)


class ThreePublicLineSchema(_Fact):
    """三公 lines: budget and final."""

    line: Text = pa.Field(str_length={"min_value": 1})
    name: Text = pa.Field(nullable=True)
    budget_wan: Float = pa.Field(nullable=True, ge=0)
    final_wan: Float = pa.Field(nullable=True, ge=0)
    sheet: Text = pa.Field(nullable=True)


class FormFundingSchema(_Fact):
    """Self-evaluation form funding block."""

    block: Text = pa.Field(nullable=True)
    line: Text = pa.Field(str_length={"min_value": 1})
    budget_start_wan: Float = pa.Field(nullable=True)
    budget_full_year_wan: Float = pa.Field(nullable=True)
    executed_wan: Float = pa.Field(nullable=True)
    execution_rate_pct: Float = pa.Field(nullable=True, ge=0)
    weight: Float = pa.Field(nullable=True, ge=0)
    score: Float = pa.Field(nullable=True, ge=0)
    sheet: Text = pa.Field(nullable=True)


class FormIndicatorSchema(_Fact):
    """Self-evaluation form indicator table."""

    level1: Text = pa.Field(nullable=True)
    level2: Text = pa.Field(nullable=True)
    level3: Text = pa.Field(nullable=True)
    target_text: Text = pa.Field(nullable=True)
    actual_text: Text = pa.Field(nullable=True)
    target_value: Float = pa.Field(nullable=True)
    actual_value: Float = pa.Field(nullable=True)
    unit: Text = pa.Field(nullable=True)
    weight: Float = pa.Field(nullable=True, ge=0)
    score: Float = pa.Field(nullable=True, ge=0)
    deviation_reason: Text = pa.Field(nullable=True)
    sheet: Text = pa.Field(nullable=True)


class CheckResultSchema(_Base):
    """Identity / consistency check outcomes."""

    source_id: Int = pa.Field(ge=0)
    row_no: Int = pa.Field(ge=0)
    check_name: Text = pa.Field(str_length={"min_value": 1})
    passed: Bool
    severity: Text = pa.Field(isin=SEVERITIES)
    message: Text = pa.Field(nullable=True)
    expected: Float = pa.Field(nullable=True)
    actual: Float = pa.Field(nullable=True)
    difference: Float = pa.Field(nullable=True)
    locator: Text = pa.Field(nullable=True)


class DocumentIssueSchema(_Base):
    """Extraction issues attached to a document."""

    source_id: Int = pa.Field(ge=0)
    row_no: Int = pa.Field(ge=0)
    check_name: Text = pa.Field(str_length={"min_value": 1})
    severity: Text = pa.Field(isin=SEVERITIES)
    message: Text = pa.Field(nullable=True)


class UnitSchema(_Base):
    """The units view (checked in tests and by asset checks on the warehouse)."""

    unit_key: Text = pa.Field(unique=True, str_length={"min_value": 1})
    unit_name: Text = pa.Field(str_length={"min_value": 1})
    division_code: Text = pa.Field(nullable=True, str_matches=DIVISION_CODE_PATTERN)
    district: Text = pa.Field(nullable=True)
    district_code: Text = pa.Field(nullable=True, str_matches=DIVISION_CODE_PATTERN)
    city: Text = pa.Field(nullable=True)
    city_code: Text = pa.Field(nullable=True, str_matches=DIVISION_CODE_PATTERN)
    unit_resolution: Text = pa.Field(isin=UNIT_RESOLUTIONS)
    unit_kind: Text = pa.Field(nullable=True, isin=UNIT_KINDS)
    is_invented: Bool
    has_invented_documents: Bool
    n_sources: Int = pa.Field(ge=0)
    first_year: Int = pa.Field(nullable=True, ge=YEAR_MIN, le=YEAR_MAX)
    last_year: Int = pa.Field(nullable=True, ge=YEAR_MIN, le=YEAR_MAX)
    last_loaded_at: Series[pd.Timestamp]


class ReconciliationSchema(_Base):
    """Report-vs-workbook reconciliation rows (pipeline.reconcile)."""

    unit_key: Text = pa.Field(str_length={"min_value": 1})
    unit_name: Text = pa.Field(str_length={"min_value": 1})
    year: Int = pa.Field(ge=YEAR_MIN, le=YEAR_MAX)
    figure: Text = pa.Field(str_length={"min_value": 1})
    report_value: Float = pa.Field(nullable=True)
    workbook_value: Float = pa.Field(nullable=True)
    difference: Float = pa.Field(nullable=True)
    status: Text = pa.Field(isin=RECONCILIATION_STATUSES)
    report_file: Text = pa.Field(nullable=True)
    report_locator: Text = pa.Field(nullable=True)
    report_sentence: Text = pa.Field(nullable=True)
    workbook_file: Text = pa.Field(nullable=True)
    workbook_locator: Text = pa.Field(nullable=True)

    class Config:
        unique = ("unit_key", "year", "figure")


#: Warehouse table name → the model its frame is validated with (load order).
SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "source_files": SourceFileSchema,
    "report_figures": ReportFigureSchema,
    "expenditure": ExpenditureSchema,
    "projects": ProjectSchema,
    "targets": TargetSchema,
    "achievements": AchievementSchema,
    "texts": TextSchema,
    "account_lines": AccountLineSchema,
    "three_public_lines": ThreePublicLineSchema,
    "form_funding": FormFundingSchema,
    "form_indicators": FormIndicatorSchema,
    "check_results": CheckResultSchema,
    "document_issues": DocumentIssueSchema,
}


@functools.cache
def _columns(table: str) -> tuple[str, ...]:
    schema = SCHEMAS[table].to_schema()
    return tuple(name for name, col in schema.columns.items() if col.required)


def columns_of(table: str) -> list[str]:
    """The column names a table's frame must carry, in schema order (optional ones excluded)."""
    return list(_columns(table))


def empty_failures() -> pd.DataFrame:
    """A failure-case frame with no rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in FAILURE_COLUMNS})


def _collapse_row_checks(cases: pd.DataFrame) -> pd.DataFrame:
    """A failed row-wise check is reported once per column: keep one line per row."""
    rowwise = (cases["schema_context"] == "DataFrameSchema") & cases["index"].notna()
    rowwise &= cases.duplicated(["check", "index"], keep=False)
    if not rowwise.any():
        return cases
    grouped = (
        cases[rowwise]
        .groupby(["check", "index"], sort=False)
        .agg(
            schema_context=("schema_context", "first"),
            failure_case=(
                "failure_case",
                lambda v: ", ".join(
                    f"{c}={x}" for c, x in zip(cases.loc[v.index, "column"], v, strict=True)
                ),
            ),
        )
        .reset_index()
        .assign(column="(row)")
    )
    return pd.concat([cases[~rowwise], grouped], ignore_index=True)


def _failures(table: str, frame: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    """Failure cases tagged with table and source_id (None when pandera gave no row)."""
    cases = _collapse_row_checks(cases)
    rows = pd.to_numeric(cases["index"], errors="coerce")
    keyed = len(frame) and "source_id" in frame.columns  # derived tables have no source file
    ids = frame["source_id"].reindex(rows.to_numpy()).to_numpy() if keyed else [None] * len(rows)
    return pd.DataFrame(
        {
            "table": table,
            "source_id": pd.array(ids, dtype="object") if len(rows) else [],
            "column": cases["column"].astype("object").to_numpy(),
            "check": cases["check"].astype("object").to_numpy(),
            "failure_case": cases["failure_case"].map(str).to_numpy(),
            "row": rows.to_numpy(),
        },
        columns=FAILURE_COLUMNS,
    )


def validate_frame(
    table: str, frame: pd.DataFrame, model: type[pa.DataFrameModel] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate lazily; return (valid rows coerced, failure cases). Rows of a failing file are dropped whole."""
    model = model or SCHEMAS[table]
    if frame.empty:
        return frame, empty_failures()  # nothing to check, nothing will be inserted
    try:
        return model.validate(frame, lazy=True), empty_failures()
    except pa.errors.SchemaErrors as exc:
        failures = _failures(table, frame, exc.failure_cases)
    if "source_id" not in frame.columns:
        return frame.iloc[0:0], failures
    if failures["source_id"].isna().any():
        # a column-level failure names no row: validate file by file to find the culprits
        parts, per_file = [], []
        for _, part in frame.groupby("source_id", sort=False):
            try:
                parts.append(model.validate(part, lazy=True))
            except pa.errors.SchemaErrors as exc:
                per_file.append(_failures(table, part, exc.failure_cases))
                per_file[-1]["source_id"] = part["source_id"].iloc[0]
        good = pd.concat(parts) if parts else frame.iloc[0:0]
        return good, pd.concat(per_file, ignore_index=True) if per_file else empty_failures()
    bad = set(failures["source_id"])
    rest = frame[~frame["source_id"].isin(bad)]
    good, more = validate_frame(table, rest, model)
    return good, pd.concat([failures, more], ignore_index=True) if len(more) else failures


def validate_frames(
    frames: dict[str, pd.DataFrame],
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Validate every table lazily; a file failing any table loses its rows in all tables."""
    results = {t: validate_frame(t, f) for t, f in frames.items()}
    failures = [f for _, f in results.values() if len(f)]
    failed = pd.concat(failures, ignore_index=True) if failures else empty_failures()
    bad = set(failed["source_id"].dropna())
    valid = {}
    for table, (good, _) in results.items():
        valid[table] = good[~good["source_id"].isin(bad)] if bad and len(good) else good
    return valid, failed
