"""The shapes of the registry: a column, a table or view, a figure, a metric.

Every table and view column, every scalar figure and every metric is declared once with
these; the pandera models, the DDL, the COMMENTs, the report_facts pivot, the completeness
list, the metric definitions and the data dictionary are generated from the declarations
(pipeline.metadata.sql, pipeline.schemas, pipeline.metadata.docs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Column types: the DuckDB type each one is stored as.
SQL_TYPES = {
    "text": "VARCHAR",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "timestamp": "TIMESTAMP",
}


@dataclass(frozen=True)
class Column:
    """One column: its type, its Chinese and English description, its checks."""

    name: str
    type: str
    doc: str  # "中文 / English", as it appears in the COMMENT
    null: bool = True
    #: pandera Field checks (isin, ge, le, str_matches, str_length, unique); an `isin`
    #: becomes a SQL CHECK as well
    checks: dict[str, Any] = field(default_factory=dict)
    #: False for a column the loader fills in SQL (status, timestamps): not in the frame
    frame: bool = True
    #: Chinese column name in the `zh` views (defaults to the doc's Chinese part)
    zh: str = ""
    #: SQL DEFAULT for a column the loader does not fill (a literal, e.g. "'extracted'")
    default: str | None = None

    def __post_init__(self) -> None:
        if self.type not in SQL_TYPES:
            raise ValueError(f"{self.name}: unknown column type {self.type!r}")

    @property
    def sql_type(self) -> str:
        """The DuckDB type."""
        return SQL_TYPES[self.type]

    @property
    def zh_name(self) -> str:
        """The Chinese name of the column (its label in the `zh` views)."""
        return self.zh or self.doc.split(" / ")[0].split("（")[0].split("：")[0].strip()


@dataclass(frozen=True)
class Table:
    """A warehouse table: its columns in order and what the loader and pandera check."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    #: a fact table: source_id and row_no first, the provenance columns last
    fact: bool = False
    #: column sets unique in a validated frame (pandera Config.unique)
    frame_unique: tuple[str, ...] = ()
    #: SQL table constraints (PRIMARY KEY, UNIQUE), verbatim
    constraints: tuple[str, ...] = ()
    #: names of the table-level pandera checks in pipeline.schemas
    checks: tuple[str, ...] = ()
    #: rows validated by pandera before they are loaded
    validated: bool = True

    def column(self, name: str) -> Column:
        """The column of that name."""
        return next(c for c in self.columns if c.name == name)

    @property
    def frame_columns(self) -> list[Column]:
        """Columns of the frame the loader validates and inserts."""
        return [c for c in self.columns if c.frame]


@dataclass(frozen=True)
class View:
    """A view (its SQL is written by hand in pipeline/sql): every column declared."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    #: a table refreshed per changed unit ('unit': by unit_key) or district ('district': by
    #: district_key) from the view's query (kept as NAME__live); None: a plain view
    grain: str | None = None


@dataclass(frozen=True)
class Figure:
    """A scalar figure of report_figures (one row per document and figure)."""

    name: str
    kind: str  # amount | count | year | pct | number | text | json
    doc: str  # "中文 / English"
    #: a column of report_facts (the wide row per document)
    pivot: bool = True
    #: (document type, label) pairs whose completeness counts it (expected_fields)
    expected: tuple[tuple[str, str], ...] = ()

    @property
    def pivot_type(self) -> str:
        """How report_facts reads it: a number, an integer or a text."""
        return {"count": "INTEGER", "year": "INTEGER", "text": "VARCHAR", "json": "VARCHAR"}.get(
            self.kind, "DOUBLE"
        )

    @property
    def text_valued(self) -> bool:
        """Stored in value_text (text and JSON), not value_num."""
        return self.kind in ("text", "json")


@dataclass(frozen=True)
class Reconciled:
    """A report figure and the workbook figures it is checked against (DOMAIN.md §3)."""

    figure: str
    report: str
    #: the workbook value: one field, or a total minus parts (其他 = 合计 − …)
    workbook: tuple[str, ...]


@dataclass(frozen=True)
class Metric:
    """A metric compared within a district (unit_year_metrics column)."""

    name: str
    kind: str  # amount | count | ratio
    doc: str  # "中文（单位）English"


def analyst_columns(sources: tuple[str, ...], what: str) -> tuple[Column, ...]:
    """The columns an analyst's correction fills (pipeline.review.apply); extracted rows leave them empty."""
    return (
        Column(
            "source",
            "text",
            f"来源：extracted 抽取 / analyst 分析人员更正（{what}）/ source: extracted, or analyst (a correction)",
            null=False,
            checks=dict(isin=sources),
            frame=False,
            default="'extracted'",
        ),
        Column("reviewer", "text", "更正人 / reviewer of the correction", frame=False),
        Column("review_reason", "text", "更正原因 / the reviewer's reason", frame=False),
        Column("correction_file", "text", "更正文件 / correction file", frame=False),
        Column(
            "correction_row", "int", "更正文件中的行号 / row in the correction file", frame=False
        ),
    )
