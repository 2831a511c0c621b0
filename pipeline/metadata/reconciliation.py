"""Reconciliation of each current report with the final-accounts workbook of the same unit
and year, as SQL generated from the registry's mapping (figures.RECONCILED).

Mapping (DOMAIN.md §3): report 基本支出 / 项目支出 = the 一般公共预算财政拨款支出决算表's
基本支出 / 项目支出; 政府性基金 = that table's 本年支出; 国有资本经营 = its 本年支出合计;
final total (决算数) = 支出决算表 本年支出合计; 其他支出 = that total minus the three
appropriation kinds (一般公共预算 + 政府性基金 + 国有资本经营). A workbook figure with a
fallback (WORKBOOK_FALLBACKS) is read as the sum of its parts when the table omits it.

One row per unit-year and mapped figure either document states: both values, the
difference (report − workbook), agree within TOLERANCE_PER_ADDEND_WAN per addend (rounding
to 0.01 万元 in each figure compared), and the provenance of each side. The view
`reconciliation__live` refreshes the table `reconciliation` per changed unit.
"""

from __future__ import annotations

from pipeline.config import TOLERANCE_PER_ADDEND_WAN
from pipeline.metadata.figures import RECONCILED

REPORT, WORKBOOK = "performance_report", "final_accounts_workbook"
#: A workbook figure read as the sum of others when the table does not state it.
WORKBOOK_FALLBACKS = {"gpb_total_wan": ("gpb_basic_wan", "gpb_project_wan")}


def _fields() -> tuple[list[str], list[str]]:
    report = sorted({r.report for r in RECONCILED})
    workbook = {f for r in RECONCILED for f in r.workbook}
    workbook |= {p for f in list(workbook) for p in WORKBOOK_FALLBACKS.get(f, ())}
    return report, sorted(workbook)


def _pivot(side: str, doc_type: str, field: str, with_sentence: bool) -> list[str]:
    where = f"FILTER (WHERE doc_type = '{doc_type}' AND field = '{field}')"
    out = [
        f"max(value_num) {where} AS {side}_{field}",
        f"any_value(locator) {where} AS {side}_{field}__loc",
    ]
    if with_sentence:
        out.append(f"any_value(sentence) {where} AS {side}_{field}__sent")
    return out


def _workbook_value(field: str) -> str:
    parts = WORKBOOK_FALLBACKS.get(field)
    if not parts:
        return f"w_{field}"
    return f"coalesce(w_{field}, {' + '.join(f'w_{p}' for p in parts)})"


def _figure_select(figure: str, report: str, workbook: tuple[str, ...]) -> str:
    if len(workbook) == 1:
        value, loc = f"w_{workbook[0]}", f"w_{workbook[0]}__loc"
    else:
        total, *parts = workbook
        value = f"round(w_{total} - " + " - ".join(_workbook_value(p) for p in parts) + ", 6)"
        # the locators of the figures the table states, as "total − part − …"
        loc = (
            f"CASE WHEN {value} IS NOT NULL THEN concat_ws(' − ', "
            + ", ".join(f"w_{f}__loc" for f in workbook)
            + ") END"
        )
    return (
        f"SELECT unit_key, unit_name, year, '{figure}' AS figure, {len(workbook)} AS addends,\n"
        f"           r_{report} AS report_value, r_{report}__loc AS report_locator,\n"
        f"           r_{report}__sent AS report_sentence, {value} AS workbook_value,\n"
        f"           {loc} AS workbook_locator, report_file, workbook_file\n"
        f"    FROM wide"
    )


def reconciliation_sql() -> str:
    """reconciliation__live: the current reconciliation rows, from the registry's mapping."""
    report_fields, workbook_fields = _fields()
    pivots = [p for f in report_fields for p in _pivot("r", REPORT, f, True)]
    pivots += [p for f in workbook_fields for p in _pivot("w", WORKBOOK, f, False)]
    needed = ", ".join(f"'{f}'" for f in sorted({*report_fields, *workbook_fields}))
    figures = "\n    UNION ALL\n    ".join(
        _figure_select(r.figure, r.report, r.workbook) for r in RECONCILED
    )
    tolerance = repr(TOLERANCE_PER_ADDEND_WAN)
    pivot_sql = ",\n        ".join(pivots)
    return f"""CREATE OR REPLACE VIEW reconciliation__live AS
WITH docs AS (
    SELECT source_id, path, doc_type, unit_key, unit_name, year
    FROM source_files
    WHERE is_current AND load_status IN ('loaded', 'flagged')
      AND doc_type IN ('{REPORT}', '{WORKBOOK}')
      AND unit_key IS NOT NULL AND year IS NOT NULL
    -- one report and one workbook per unit-year: the newest current one
    QUALIFY row_number() OVER (PARTITION BY unit_key, year, doc_type ORDER BY source_id DESC) = 1
),
facts AS (
    SELECT d.unit_key, d.year, d.doc_type, d.path, d.unit_name,
           f.field, f.value_num, f.locator, f.sentence
    FROM docs AS d
    LEFT JOIN report_figures_effective AS f
        ON f.source_id = d.source_id AND f.value_kind IN ('number', 'null') AND f.field IN ({needed})
),
wide AS (
    SELECT unit_key, year,
        coalesce(any_value(unit_name) FILTER (WHERE doc_type = '{REPORT}'),
                 any_value(unit_name) FILTER (WHERE doc_type = '{WORKBOOK}')) AS unit_name,
        any_value(path) FILTER (WHERE doc_type = '{REPORT}') AS report_file,
        any_value(path) FILTER (WHERE doc_type = '{WORKBOOK}') AS workbook_file,
        {pivot_sql}
    FROM facts
    GROUP BY unit_key, year
),
figures AS (
    {figures}
)
SELECT unit_key, unit_name, year, figure, report_value, workbook_value,
       round(report_value - workbook_value, 6) AS difference,
       CASE WHEN workbook_value IS NULL THEN 'only_report'
            WHEN report_value IS NULL THEN 'only_workbook'
            WHEN abs(round(report_value - workbook_value, 6)) <= {tolerance} * addends + 1e-9
                THEN 'agree'
            ELSE 'differ' END AS status,
       report_file, report_locator, report_sentence, workbook_file, workbook_locator,
       CAST(now() AS TIMESTAMP) AS computed_at
FROM figures
WHERE report_value IS NOT NULL OR workbook_value IS NOT NULL;
"""
