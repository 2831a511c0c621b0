"""pandera models for every table the warehouse loads, built from the registry
(pipeline.metadata.tables), and lazy validation helpers. Table-level checks that span
columns are written here once and named in the registry."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.metadata.columns import table_columns
from pipeline.metadata.figures import BY_NAME as FIGURES_BY_NAME
from pipeline.metadata.model import Table
from pipeline.metadata.tables import (
    BY_NAME,
    DIVISION_CODE_PATTERN,
    FACT_TABLES,
    UNIT_RESOLUTIONS,
    YEAR_MAX,
    YEAR_MIN,
)

UNIT_KINDS = ("街道", "乡镇")
#: Scalar figures that are head counts: integral and never negative.
COUNT_FIELDS = tuple(f.name for f in FIGURES_BY_NAME.values() if f.kind == "count")
_LEVEL_BY_CODE_LENGTH = {3: 1, 5: 2, 7: 3}

FAILURE_COLUMNS = ["table", "source_id", "column", "check", "failure_case", "row"]

Int = Series[pd.Int64Dtype]
Float = Series[pd.Float64Dtype]
Bool = Series[pd.BooleanDtype]
Text = Series[str]
Stamp = Series[pd.Timestamp]
_DTYPES = {
    "text": Text,
    "int": Int,
    "bigint": Int,
    "float": Float,
    "bool": Bool,
    "timestamp": Stamp,
}


class _Base(pa.DataFrameModel):
    """Shared config: coerce to the declared types, refuse unknown columns."""

    class Config:
        coerce = True
        strict = True


def _finite(cls, df: pd.DataFrame) -> pd.DataFrame:
    # a full-shape result lets pandera name the offending row and column
    out = pd.DataFrame(True, index=df.index, columns=df.columns)
    num = df.select_dtypes(include=["Float64", "float64"])
    if len(num.columns):
        out[num.columns] = ~np.isinf(num.astype("float64"))
    return out


def _offsets(cls, df: pd.DataFrame) -> pd.Series:
    return (df["char_start"] <= df["char_end"]).fillna(True).astype(bool)


def _year(cls, df: pd.DataFrame) -> pd.Series:
    is_year = df["field"] == "year"
    ok = df["value_num"].between(YEAR_MIN, YEAR_MAX).fillna(True).astype(bool)
    return ~is_year | ok


def _counts(cls, df: pd.DataFrame) -> pd.Series:
    is_count = df["field"].isin(COUNT_FIELDS)
    v = df["value_num"].astype("float64")
    ok = v.isna() | ((v >= 0) & (v == np.floor(v)))
    return ~is_count | ok


def _kind(cls, df: pd.DataFrame) -> pd.Series:
    has_num, has_text = df["value_num"].notna(), df["value_text"].notna()
    kind = df["value_kind"]
    return (
        ((kind == "number") & has_num & ~has_text)
        | (kind.isin(["text", "json", "bool"]) & ~has_num & has_text)
        | ((kind == "null") & ~has_num & ~has_text)
    )


def _level(cls, df: pd.DataFrame) -> pd.Series:
    expected = df["code"].str.len().map(_LEVEL_BY_CODE_LENGTH)
    both = df["code"].notna() & df["level"].notna()
    same = df["level"].astype("float64") == expected.astype("float64")
    return ~both | same.fillna(False).astype(bool)


def _parent(cls, df: pd.DataFrame) -> pd.Series:
    both = df["code"].notna() & df["parent_code"].notna()
    prefix = df["code"].str[:-2]
    return ~both | (prefix == df["parent_code"]).fillna(False).astype(bool)


def _unique_code(cls, df: pd.DataFrame) -> pd.Series:
    has = df["code"].notna()
    dup = df.duplicated(["source_id", "table_name", "code", "column_name"], keep=False)
    return ~(has & dup)


#: Table-level checks by the name the registry gives them: (what a failure means, check).
TABLE_CHECKS = {
    "amounts_finite": ("numbers must be finite (no ±inf)", _finite),
    "offsets_ordered": ("char_start must not exceed char_end", _offsets),
    "year_in_range": (f"year must lie in {YEAR_MIN}–{YEAR_MAX}", _year),
    "counts_whole_nonnegative": ("head counts are whole numbers ≥ 0", _counts),
    "value_matches_kind": ("value_num/value_text must match value_kind", _kind),
    "level_matches_code": ("level must be 1/2/3 for a 3/5/7-digit code", _level),
    "parent_is_prefix": ("parent_code must be the code minus 2 digits", _parent),
    "code_unique_per_column": ("a code appears twice in one table column", _unique_code),
}


def model_for(table: Table) -> type[pa.DataFrameModel]:
    """The pandera model of a table's frame: its declared columns, checks and uniqueness."""
    columns = [c for c in table_columns(table) if c.frame]
    attrs: dict = {"__annotations__": {}, "__doc__": table.doc}
    for c in columns:
        attrs["__annotations__"][c.name] = _DTYPES[c.type]
        attrs[c.name] = pa.Field(nullable=c.null, **c.checks)
    if table.frame_unique:
        attrs["Config"] = type("Config", (_Base.Config,), {"unique": table.frame_unique})
    shared = ("amounts_finite", *(("offsets_ordered",) if table.fact else ()))
    for name in (*shared, *table.checks):
        error, check = TABLE_CHECKS[name]
        attrs[f"_check_{name}"] = pa.dataframe_check(name=name, error=f"{name}: {error}")(check)
    camel = "".join(part.title() for part in table.name.split("_"))
    return type(f"{camel}Schema", (_Base,), attrs)


#: Warehouse table name → the model its frame is validated with (load order).
SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    name: model_for(BY_NAME[name]) for name in ("source_files", *FACT_TABLES)
}
ReconciliationSchema = model_for(BY_NAME["reconciliation"])


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
