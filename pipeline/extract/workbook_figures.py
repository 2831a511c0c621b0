"""The workbook's figures from the tables read (totals, 三公, spending by class), and the
amount unit each sheet is read in."""

from __future__ import annotations

from pipeline import layouts as L
from pipeline.extract.cells import cell_text
from pipeline.extract.coded_table import SheetRead
from pipeline.extract.sheet import SheetInfo, summary_line
from pipeline.labels import norm_label, norm_text
from pipeline.models import ExtractionResult, Provenance
from pipeline.readers.excel import SheetGrid


def sheet_units(
    tables: dict[str, tuple[SheetGrid, SheetInfo]], result: ExtractionResult
) -> dict[str, str | None]:
    """The amount unit of each table sheet (stated, or the one the other sheets state)."""
    stated = {k: info.amount_unit for k, (_, info) in tables.items()}
    # a header such as 金额（万元） also states the unit
    for k, (sheet, _info) in tables.items():
        if stated[k] is None:
            for r in range(min(sheet.nrows, 12)):
                for v in sheet.rows[r]:
                    m = L.HEADER_UNIT_PATTERN.search(norm_text(cell_text(v)))
                    if m:
                        stated[k] = m.group(1)
                        break
                if stated[k]:
                    break
    distinct = {u for u in stated.values() if u}
    units = dict(stated)
    if len(distinct) == 1:
        only = next(iter(distinct))
        result.set("source_amount_unit", only)
        for k, u in stated.items():
            if u is None:
                units[k] = only
                result.add_issue(
                    "workbook_unit",
                    f"{tables[k][0].name}: 未注明金额单位，按工作簿其他表的 {only} 读取 no amount "
                    f"unit stated; read in {only} as stated by the other sheets",
                )
    elif len(distinct) > 1:
        result.set("source_amount_unit", None, note="mixed amount units")
        result.add_issue(
            "workbook_unit",
            "各表金额单位不同 sheets state different amount units: "
            + ", ".join(f"{tables[k][0].name}={u}" for k, u in stated.items()),
        )
    elif tables:
        result.set("source_amount_unit", None, note="no amount unit stated")
        result.add_issue(
            "workbook_unit",
            "未找到金额单位（万元/元），金额未读取 no amount unit (万元/元) stated anywhere; "
            "amounts not read",
            severity="error",
        )
    return units


def _find(
    records: list[dict], column: str, code: str | None = None, line: str | None = None
) -> dict | None:
    for rec in records:
        if rec["column_name"] != column:
            continue
        if code is not None and rec["code"] == code:
            return rec
        if code is None and rec["code"] is None:
            if line is not None and summary_line(rec["name"]) == line:
                return rec
            if line is None and norm_label(rec["name"]) in L.TOTAL_ROW_LABELS:
                return rec
    return None


def _set_from(
    result: ExtractionResult,
    name: str,
    reads: dict[str, SheetRead],
    table: str,
    column: str,
    line: str | None = None,
) -> None:
    read = reads.get(table)
    if read is None:
        return
    rec = _find(read.records, column, line=line)
    if rec is not None:
        bad = rec["amount_wan"] is None
        result.set(
            name,
            rec["amount_wan"],
            unit="万元",
            provenance=Provenance(locator=rec["locator"], sentence=rec["sentence"]),
            note=f"bad cell {rec['locator']} (see issues)" if bad else None,
        )
        return
    title = L.TABLES[table]["title"]
    # a table whose only figures are bad cells is broken, not empty: no nil amount then
    if read.unit and not read.n_bad and (read.empty_note or not read.has_numbers):
        # a published table left empty on purpose states a nil amount
        result.set(
            name,
            0.0,
            unit="万元",
            provenance=Provenance(locator=f"{read.sheet}!A1", sentence=read.empty_note or "空表"),
            note="empty table read as 0",
        )
        return
    result.set(name, None, unit="万元", note=f"{title}: total row/column not found")
    result.add_issue(
        "workbook_figure",
        f"{read.sheet}: {title} 未找到合计行的 {column} 列 total row/column '{column}' not found; "
        f"{name} left empty",
    )


def set_figures(
    result: ExtractionResult,
    reads: dict[str, SheetRead],
    three_public: list[dict],
    units: dict[str, str | None],
) -> None:
    """Set the workbook's figures (totals, 三公, spending by class) from the tables read."""
    _set_from(result, "expenditure_total_wan", reads, "expenditure", "total")
    _set_from(result, "expenditure_basic_wan", reads, "expenditure", "basic")
    _set_from(result, "expenditure_project_wan", reads, "expenditure", "project")
    _set_from(result, "gpb_total_wan", reads, "gpb_expenditure", "total")
    _set_from(result, "gpb_basic_wan", reads, "gpb_expenditure", "basic")
    _set_from(result, "gpb_project_wan", reads, "gpb_expenditure", "project")
    basic = reads.get("gpb_basic_expenditure")
    if basic is not None:
        for name, col in (("personnel_wan", "personnel"), ("office_wan", "office")):
            _set_from(result, name, reads, "gpb_basic_expenditure", col)
    _set_from(result, "gov_fund_wan", reads, "gov_fund", "total")
    _set_from(result, "state_capital_wan", reads, "state_capital", "total")
    _set_from(
        result,
        "revenue_total_wan",
        reads,
        "income_expenditure_summary",
        "revenue",
        line="revenue_total",
    )
    total = next((r for r in three_public if r["line"] == "total"), None)
    if total is not None:
        for side in ("budget", "final"):
            result.set(
                f"three_public_{side}_wan",
                total[f"{side}_wan"],
                unit="万元",
                provenance=Provenance(locator=total["locator"], sentence=total["sentence"]),
            )
    exp = reads.get("expenditure")
    if exp is not None:
        classes = {
            r["code"]: r["amount_wan"]
            for r in exp.records
            if r["level"] == 1 and r["column_name"] == "total"
        }
        if classes:
            result.set(
                "expenditure_by_class",
                classes,
                unit="万元",
                provenance=Provenance(locator=exp.sheet, sentence="3-digit classes | 本年支出合计"),
            )
