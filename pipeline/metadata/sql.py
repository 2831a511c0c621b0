"""SQL generated from the registry: tables, comments, the report_facts pivot, the current_*
views, the completeness list, the metric definitions and the metrics in long form.

The hand-written SQL files name the pieces they take with a `-- @generated NAME` line;
pipeline.warehouse runs the whole schema at start-up whenever its text changes.
"""

from __future__ import annotations

import re

from pipeline.metadata.columns import CURRENT_COLUMNS, table_columns
from pipeline.metadata.figures import FIGURES, METRICS
from pipeline.metadata.model import Column, Table
from pipeline.metadata.tables import TABLES

#: Declared tables filled from a generated NAME__live view, refreshed per unit.
DERIVED_TABLES = ("reconciliation",)
_PLACEHOLDER = re.compile(r"^-- @generated (\w+)\s*$", re.M)
#: One CREATE VIEW statement: a view's SQL ends with `;` at the end of a line.
_VIEW_STATEMENT = re.compile(r"^CREATE OR REPLACE VIEW (\w+) AS(.*?);[ \t]*$", re.M | re.S)


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _column_ddl(c: Column) -> str:
    parts = [c.name, c.sql_type]
    if c.default is not None:
        parts.append(f"DEFAULT {c.default}")
    if not c.null:
        parts.append("NOT NULL")
    if "isin" in c.checks:
        values = ", ".join(_q(v) for v in c.checks["isin"])
        parts.append(f"CHECK ({c.name} IN ({values}))")
    return " ".join(parts)


def table_ddl(t: Table, name: str | None = None) -> str:
    """CREATE TABLE IF NOT EXISTS for one table (under another name when rebuilding it)."""
    lines = [_column_ddl(c) for c in table_columns(t)] + list(t.constraints)
    body = ",\n    ".join(lines)
    return f"CREATE TABLE IF NOT EXISTS {name or t.name} (\n    {body}\n);"


def create_tables_sql() -> str:
    """CREATE TABLE IF NOT EXISTS for every table (a table whose declaration changed is
    rebuilt by pipeline.warehouse.connection before this runs)."""
    out = ["CREATE SEQUENCE IF NOT EXISTS source_id_seq START 1;"]
    out += [table_ddl(t) for t in TABLES]
    return "\n".join(out) + "\n"


def comments_sql() -> str:
    """COMMENT ON every table and its columns (中文 / English)."""
    out = []
    for t in TABLES:
        out.append(f"COMMENT ON TABLE {t.name} IS {_q(t.doc)};")
        out += [f"COMMENT ON COLUMN {t.name}.{c.name} IS {_q(c.doc)};" for c in table_columns(t)]
    return "\n".join(out) + "\n"


def view_comments_sql() -> str:
    """COMMENT ON every view and its columns (中文 / English), run after the views exist."""
    from pipeline.metadata.views import ALL_VIEWS

    out = []
    for v in ALL_VIEWS:
        kind = "TABLE" if v.grain else "VIEW"
        out.append(f"COMMENT ON {kind} {v.name} IS {_q(v.doc)};")
        if v.grain:
            live = f"{v.name} 的实时查询（刷新该表时使用）/ the live query that refreshes table {v.name}"
            out.append(f"COMMENT ON VIEW {v.name}__live IS {_q(live)};")
        out += [f"COMMENT ON COLUMN {v.name}.{c.name} IS {_q(c.doc)};" for c in v.columns]
    for name in DERIVED_TABLES:
        live = f"{name} 的实时查询（刷新该表时使用）/ the live query that refreshes table {name}"
        out.append(f"COMMENT ON VIEW {name}__live IS {_q(live)};")
    return "\n".join(out) + "\n"


def report_facts_sql() -> str:
    """report_facts: one wide row per document version, a column per pivoted figure."""
    cols = []
    for f in FIGURES:
        if not f.pivot:
            continue
        value = "value_text" if f.text_valued else "value_num"
        agg = f"max(f.{value}) FILTER (WHERE f.field = '{f.name}')"
        if f.name == "year":  # a figure-less file still has the year its identity gave
            cols.append(f"coalesce(CAST({agg} AS INTEGER), any_value(s.year)) AS year")
        elif f.pivot_type == "INTEGER":
            cols.append(f"CAST({agg} AS INTEGER) AS {f.name}")
        else:
            cols.append(f"{agg} AS {f.name}")
    body = ",\n    ".join(cols)
    return f"""CREATE OR REPLACE VIEW report_facts AS
SELECT
    s.source_id, s.path, s.file_name, s.doc_type, s.status, s.is_current, s.is_invented,
    s.n_failed_checks, s.unit_key, s.unit_name, s.division_code, s.unit_resolution,
    coalesce(max(f.value_text) FILTER (WHERE f.field = 'unit_name_written'),
             max(f.value_text) FILTER (WHERE f.field = 'unit_name')) AS unit_name_as_written,
    -- the unit's official district and city (division list), else as the document writes them
    coalesce(any_value(s.district), max(f.value_text) FILTER (WHERE f.field = 'district')) AS district,
    any_value(s.district_code) AS district_code,
    coalesce(any_value(s.city), max(f.value_text) FILTER (WHERE f.field = 'city')) AS city,
    {body}
FROM source_files AS s
LEFT JOIN report_figures_effective AS f USING (source_id)
-- replaced path versions have no facts left and quarantined ones never had any
WHERE (s.is_latest_version OR s.is_current) AND s.load_status IN ('loaded', 'flagged')
GROUP BY s.source_id, s.path, s.file_name, s.doc_type, s.status, s.is_current, s.is_invented,
    s.n_failed_checks, s.unit_key, s.unit_name, s.division_code, s.unit_resolution;

CREATE OR REPLACE VIEW report_facts_current AS
SELECT * FROM report_facts WHERE is_current;
"""


#: Tables whose rows an analyst's correction overrides: read through NAME_effective.
EFFECTIVE = ("report_figures", "check_results")


def effective_views_sql() -> str:
    """report_figures_effective: an analyst's value replaces the extracted one of the same
    document and field; check_results_effective: a document's identities re-run with the
    corrections replace the extracted ones (the base tables keep both)."""
    return """CREATE OR REPLACE VIEW report_figures_effective AS
SELECT f.* FROM report_figures AS f
WHERE f.source = 'analyst' OR NOT EXISTS (
    SELECT 1 FROM report_figures AS a
    WHERE a.source = 'analyst' AND a.source_id = f.source_id AND a.field = f.field);

CREATE OR REPLACE VIEW check_results_effective AS
SELECT c.* FROM check_results AS c
WHERE c.source = 'analyst' OR NOT EXISTS (
    SELECT 1 FROM check_results AS a
    WHERE a.source = 'analyst' AND a.source_id = c.source_id AND a.check_name = c.check_name);
"""


def current_views_sql() -> str:
    """current_<table>: the facts of current file versions, with unit and year (corrections
    applied: see effective_views_sql)."""
    head = ", ".join(f"s.{c}" for c in CURRENT_COLUMNS)
    out = []
    for t in TABLES:
        if t.fact or t.name in ("check_results", "document_issues"):
            source = f"{t.name}_effective" if t.name in EFFECTIVE else t.name
            out.append(
                f"CREATE OR REPLACE VIEW current_{t.name} AS\nSELECT {head}, t.*\n"
                f"FROM {source} AS t\nJOIN source_files AS s USING (source_id)\n"
                f"WHERE s.is_current;"
            )
    return "\n\n".join(out) + "\n"


def expected_fields_sql() -> str:
    """expected_fields: the fields completeness counts, per document type."""
    rows = [
        f"    ({_q(doc_type)}, {_q(f.name)}, {_q(label)})"
        for doc_type in ("performance_report", "final_accounts_workbook")
        for f in FIGURES
        for dt, label in f.expected
        if dt == doc_type
    ]
    return (
        "CREATE OR REPLACE VIEW expected_fields AS\nSELECT * FROM (VALUES\n"
        + ",\n".join(rows)
        + "\n) AS e(doc_type, field, label);\n"
    )


def metric_definitions_sql() -> str:
    """metric_definitions: the metrics compared within a district, their kind and label."""
    rows = [f"    ({_q(m.name)}, {_q(m.kind)}, {_q(m.doc)})" for m in METRICS]
    return (
        "CREATE OR REPLACE VIEW metric_definitions AS\nSELECT * FROM (VALUES\n"
        + ",\n".join(rows)
        + "\n) AS m(metric, metric_kind, label);\n"
    )


def metric_values_sql() -> str:
    """unit_year_metric_values: the metrics in long form (NULL values left out)."""
    keys = "unit_key, unit_name, year, district, district_key, is_invented"
    casts = ",\n               ".join(f"CAST({m.name} AS DOUBLE) AS {m.name}" for m in METRICS)
    return f"""CREATE OR REPLACE VIEW unit_year_metric_values AS
SELECT v.unit_key, v.unit_name, v.year, v.district, v.district_key, v.is_invented, v.metric,
       CAST(v.value AS DOUBLE) AS value
FROM (
    UNPIVOT (
        SELECT {keys},
               {casts}
        FROM unit_year_metrics
    )
    ON COLUMNS(* EXCLUDE ({keys}))
    INTO NAME metric VALUE value
) AS v;
"""


def review_links_sql() -> str:
    """review_links: the report figures behind each identity and each reconciled figure,
    which a failure or a difference puts in the review queue."""
    from pipeline.metadata.figures import CHECK_FIGURES, RECONCILED

    rows = [
        f"    ('check', {_q(check)}, {_q(field)})"
        for check, fields in CHECK_FIGURES.items()
        for field in fields
    ]
    rows += [f"    ('reconciliation', {_q(r.figure)}, {_q(r.report)})" for r in RECONCILED]
    return (
        "CREATE OR REPLACE VIEW review_links AS\nSELECT * FROM (VALUES\n"
        + ",\n".join(rows)
        + "\n) AS l(link_kind, link_name, field);\n"
    )


#: Pieces the hand-written SQL files take by name.
GENERATED = {
    "effective_views": effective_views_sql,
    "report_facts": report_facts_sql,
    "current_views": current_views_sql,
    "expected_fields": expected_fields_sql,
    "metric_definitions": metric_definitions_sql,
    "metric_values": metric_values_sql,
    "review_links": review_links_sql,
    "reconciliation": lambda: __import__(
        "pipeline.metadata.reconciliation", fromlist=["reconciliation_sql"]
    ).reconciliation_sql(),
}


def expand(sql: str) -> str:
    """A SQL file with each `-- @generated NAME` line replaced by that piece, and each
    materialized view turned into NAME__live plus the table NAME built from it."""
    return materialize(_PLACEHOLDER.sub(lambda m: GENERATED[m.group(1)]().rstrip(), sql))


def materialize(sql: str) -> str:
    """Rename each materialized view to NAME__live and follow it with its table; the views
    after it then read the table."""
    from pipeline.metadata.views import MATERIALIZED

    def one(m: re.Match) -> str:
        name, body = m.group(1), m.group(2)
        if name not in MATERIALIZED:
            return m.group(0)
        return (
            f"CREATE OR REPLACE VIEW {name}__live AS{body};\n"
            f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}__live;"
        )

    return _VIEW_STATEMENT.sub(one, sql)
