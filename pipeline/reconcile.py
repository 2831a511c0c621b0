"""Reconcile a performance report with the final-accounts workbook of the same unit and year.

Mapping (DOMAIN.md §3): report 基本支出 / 项目支出 = the 一般公共预算财政拨款支出决算表's
基本支出 / 项目支出; 政府性基金 = that table's 本年支出; 国有资本经营 = its 本年支出合计;
final total (决算数) = 支出决算表 本年支出合计; 其他支出 = that total minus the three
appropriation kinds (一般公共预算 + 政府性基金 + 国有资本经营).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.config import TOLERANCE_PER_ADDEND_WAN
from pipeline.metadata.figures import RECONCILED
from pipeline.metadata.tables import RECONCILIATION_STATUSES
from pipeline.models import ExtractionResult
from pipeline.units import document_unit

#: figure → (report field, workbook fields): the registry's mapping (pipeline.metadata).
RECONCILIATION_MAP: list[tuple[str, str, tuple[str, ...]]] = [
    (r.figure, r.report, r.workbook) for r in RECONCILED
]

STATUSES = RECONCILIATION_STATUSES


def _dec(v: Any) -> Decimal | None:
    return None if v is None else Decimal(repr(float(v)))


def _workbook_value(wb: ExtractionResult, fields: tuple[str, ...]) -> tuple[float | None, str, int]:
    """Value, locator and number of addends of a workbook figure (derived for 'other')."""
    if len(fields) == 1:
        fig = wb.figures.get(fields[0])
        if fig is None or fig.value is None:
            return None, "", 1
        return fig.value, fig.provenance.locator, 1
    total_field, *parts = fields
    total = wb.figures.get(total_field)
    gpb = wb.figures.get("gpb_total_wan")
    if gpb is None or gpb.value is None:
        # the appropriation total can also be read as basic + project
        basic, project = wb.value("gpb_basic_wan"), wb.value("gpb_project_wan")
        gpb_value = None if basic is None or project is None else float(_dec(basic) + _dec(project))
    else:
        gpb_value = gpb.value
    values = [total.value if total else None, gpb_value] + [wb.value(p) for p in parts[1:]]
    if any(v is None for v in values):
        return None, "", len(values)
    result = _dec(values[0]) - sum((_dec(v) for v in values[1:]), Decimal(0))
    locators = [wb.figures[f].provenance.locator for f in fields if f in wb.figures]
    return round(float(result), 6), " − ".join(x for x in locators if x), len(values)


def reconcile(
    report: ExtractionResult | None, workbook: ExtractionResult | None
) -> list[dict[str, Any]]:
    """One row per mapped figure: report vs workbook value, difference (report − workbook), status."""
    if report is None and workbook is None:
        return []
    ident = document_unit(report) if report is not None else document_unit(workbook)
    if not ident["unit_key"] and workbook is not None:
        ident = document_unit(workbook)
    year = (report.value("year") if report else None) or (
        workbook.value("year") if workbook else None
    )
    rows = []
    for figure, report_field, wb_fields in RECONCILIATION_MAP:
        rfig = report.figures.get(report_field) if report else None
        rv = rfig.value if rfig is not None else None
        wv, wloc, n = _workbook_value(workbook, wb_fields) if workbook else (None, "", 1)
        if rv is None and wv is None:
            continue
        if rv is not None and wv is not None:
            diff = round(float(_dec(rv) - _dec(wv)), 6)
            status = "agree" if abs(diff) <= TOLERANCE_PER_ADDEND_WAN * n + 1e-9 else "differ"
        else:
            diff = None
            status = "only_report" if wv is None else "only_workbook"
        rows.append(
            {
                "unit_key": ident["unit_key"],
                "unit_name": ident["unit_name"],
                "year": year,
                "figure": figure,
                "report_value": rv,
                "workbook_value": wv,
                "difference": diff,
                "status": status,
                "report_file": report.file if report else None,
                "report_locator": rfig.provenance.locator if rfig is not None else None,
                "report_sentence": rfig.provenance.sentence if rfig is not None else None,
                "workbook_file": workbook.file if workbook else None,
                "workbook_locator": wloc or None,
            }
        )
    return rows


def pair_documents(
    results: list[ExtractionResult],
) -> list[tuple[ExtractionResult | None, ExtractionResult | None]]:
    """Pair performance reports with final-accounts workbooks by (unit key, year)."""
    reports: dict[tuple, ExtractionResult] = {}
    workbooks: dict[tuple, ExtractionResult] = {}
    for r in results:
        # the same key as source_files.unit_key: two spellings of one unit meet
        key = (document_unit(r)["unit_key"], r.value("year"))
        if None in key:
            continue
        if r.doc_type == "performance_report":
            reports.setdefault(key, r)
        elif r.doc_type == "final_accounts_workbook":
            workbooks.setdefault(key, r)
    keys = sorted(set(reports) | set(workbooks), key=lambda k: (str(k[0]), k[1]))
    return [(reports.get(k), workbooks.get(k)) for k in keys]


#: Figures of current reports and workbooks, with their provenance and file path.
_CURRENT_FIGURES_SQL = """
SELECT s.source_id, s.path, s.doc_type, f.field, f.value_kind, f.value_num, f.value_text,
       f.unit, f.note, f.locator, f.sentence, f.char_start, f.char_end
FROM report_figures AS f
JOIN source_files AS s USING (source_id)
WHERE s.is_current
  AND s.load_status IN ('loaded', 'flagged')
  AND s.doc_type IN ('performance_report', 'final_accounts_workbook')
ORDER BY s.source_id DESC, f.row_no
"""


def _stored_value(kind: str, num: Any, text: Any) -> Any:
    """A report_figures value back as the Python value the extractor produced."""
    import json
    import math

    if kind == "number":
        if num is None or math.isnan(num):
            return None
        return int(num) if float(num).is_integer() and abs(num) < 10_000 else float(num)
    if kind == "json":
        return json.loads(text)
    if kind == "bool":
        return text == "true"
    return None if kind == "null" else text


def _results_from_rows(rows: list[tuple]) -> list[ExtractionResult]:
    """ExtractionResults rebuilt from warehouse figure rows (newest source first)."""
    from pipeline.models import Provenance

    results: dict[int, ExtractionResult] = {}
    for sid, path, doc_type, name, kind, num, text, unit, note, loc, sent, start, end in rows:
        result = results.setdefault(sid, ExtractionResult(file=path, doc_type=doc_type))
        # amounts keep their decimals (int() only for whole counts such as the year)
        value = _stored_value(kind, num, text)
        if isinstance(value, int) and name.endswith("_wan"):
            value = float(value)
        result.set(name, value, unit, Provenance(loc or "", sent or "", start, end), note)
    return list(results.values())


def reconcile_current(db_path: Any = None) -> int:
    """Rebuild all reconciliation rows from the current reports and workbooks in one transaction."""
    from pipeline.warehouse import Warehouse

    # read and replace under one transaction: a concurrent load cannot slip in between
    with Warehouse(db_path).write_transaction() as con:
        return reconcile_units(con, None)


def reconcile_units(con: Any, units: list[str] | None) -> int:
    """Replace the reconciliation rows of these units (all when None) in the caller's
    transaction; returns the rows written."""
    from pipeline.warehouse.writes import replace_reconciliation

    sql, params = _CURRENT_FIGURES_SQL, {}
    if units is not None:
        sql = sql.replace(
            "WHERE s.is_current", "WHERE s.is_current AND list_contains($units, s.unit_key)"
        )
        params = {"units": units}
    results = _results_from_rows(con.execute(sql, params).fetchall())
    rows = []
    for report, workbook in pair_documents(results):
        rows.extend(reconcile(report, workbook))
    return replace_reconciliation(con, rows, units)
