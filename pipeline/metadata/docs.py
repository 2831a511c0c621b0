"""The data dictionary (docs/data_dictionary.md), generated from the registry.

    python -m pipeline.metadata.docs > docs/data_dictionary.md
A test fails when the committed file is stale.
"""

from __future__ import annotations

from pipeline.metadata.columns import table_columns
from pipeline.metadata.figures import FIGURES, METRICS, RECONCILED
from pipeline.metadata.tables import TABLES
from pipeline.metadata.views import ALL_VIEWS


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _checks(checks: dict) -> str:
    out = []
    for k, v in checks.items():
        if k == "isin":
            out.append(
                "one of " + ", ".join(map(str, v)) if len(v) <= 12 else f"one of {len(v)} values"
            )
        elif k == "str_length":
            out.append("non-empty")
        else:
            out.append(f"{k} {v}")
    return "; ".join(out)


def data_dictionary() -> str:
    """The whole dictionary as Markdown."""
    lines = [
        "# 数据字典 · Data dictionary",
        "",
        "Generated from `pipeline/metadata/` (`python -m pipeline.metadata.docs`); do not edit.",
        "Every column also carries this description as a DuckDB COMMENT",
        "(`SELECT * FROM duckdb_columns() WHERE table_name = '…'`).",
    ]
    lines += _tables() + _views() + _figures() + _reconciled() + _metrics()
    return "\n".join(lines) + "\n"


def _tables() -> list[str]:
    lines = ["", "## Tables"]
    for t in TABLES:
        lines += [
            "",
            f"### `{t.name}`",
            "",
            _cell(t.doc),
            "",
            "| column | type | null | checks | description |",
            "|---|---|---|---|---|",
        ]
        for c in table_columns(t):
            null = "" if c.null else "NOT NULL"
            lines.append(
                f"| `{c.name}` | {c.sql_type} | {null} | {_cell(_checks(c.checks))} | {_cell(c.doc)} |"
            )
    return lines


def _views() -> list[str]:
    lines = [
        "",
        "## Views",
        "",
        "A view marked *table* is materialized: a table of that name, refreshed after each load "
        "for the units or districts whose documents changed, from the view `NAME__live` "
        "(pipeline/warehouse/refresh.py).",
        "",
    ]
    grains = {
        "unit": "按单位刷新 refreshed per unit",
        "district": "按区县刷新 refreshed per district",
    }
    for v in ALL_VIEWS:
        kind = f" — *table*, {grains[v.grain]}" if v.grain else ""
        lines += [
            "",
            f"### `{v.name}`{kind}",
            "",
            _cell(v.doc),
            "",
            "| column | description |",
            "|---|---|",
        ]
        lines += [f"| `{c.name}` | {_cell(c.doc)} |" for c in v.columns]
    return lines


def _figures() -> list[str]:
    lines = [
        "",
        "## Figures (`report_figures.field`)",
        "",
        "| figure | kind | in report_facts | completeness counts it in | description |",
        "|---|---|---|---|---|",
    ]
    for f in FIGURES:
        expected = ", ".join(dt for dt, _ in f.expected)
        lines.append(
            f"| `{f.name}` | {f.kind} | {'yes' if f.pivot else ''} | {expected} | {_cell(f.doc)} |"
        )
    return lines


def _reconciled() -> list[str]:
    lines = [
        "",
        "## Reconciliation (report figure ↔ workbook)",
        "",
        "| figure | report | workbook |",
        "|---|---|---|",
    ]
    for r in RECONCILED:
        wb = r.workbook[0] if len(r.workbook) == 1 else " − ".join(r.workbook)
        lines.append(f"| {r.figure} | `{r.report}` | `{wb}` |")
    return lines


def _metrics() -> list[str]:
    lines = [
        "",
        "## Metrics compared within a district",
        "",
        "| metric | kind | label |",
        "|---|---|---|",
    ]
    return lines + [f"| `{m.name}` | {m.kind} | {_cell(m.doc)} |" for m in METRICS]


if __name__ == "__main__":
    print(data_dictionary(), end="")
