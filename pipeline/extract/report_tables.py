"""Figures in report tables: Word table rows ('a | b | c') and tables flattened one cell per line
(found in pipeline.extract.text_tables, read in pipeline.extract.table_figures), merged here
with the figures read from prose.

A table is read only when its meaning is certain: the amount unit is stated (header cell,
caption or a 单位：万元 line just before it), each value's column has one known role
(决算数, 比上年增减额, 增减率 …) and each row label is matched whole. A table figure that
disagrees with the same figure read from prose empties both (with an issue): a missing
number is better than a wrong one.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.amounts import wan_float
from pipeline.extract.derived import derive_retirees
from pipeline.extract.projects import split_residuals
from pipeline.extract.sections import Sections
from pipeline.extract.table_figures import (
    AMOUNT_KEYS,
    STAFF_KEYS,
    TableFigure,
    category_figures,
    flat_key_values,
    key_values,
    project_rows,
)
from pipeline.extract.text_tables import (
    CELL_SPLIT,
    NUMBER_CELL,
    find_tables,
    is_value,
    row_category,
)
from pipeline.models import EXPENDITURE_CATEGORIES, ExtractionResult

#: Difference under which a table amount and a prose amount are the same figure (a table
#: in 万元 to two decimals against prose in 元).
SAME_AMOUNT = Decimal("0.005")


def merge_figure(result: ExtractionResult, fig: TableFigure) -> None:
    """Fill a figure from a table; disagreement with prose (or another table) empties it."""
    current = result.figures.get(fig.name)
    value = fig.value
    if current is None or (current.value is None and not current.note):
        stored = wan_float(value) if isinstance(value, Decimal) else value
        result.set(fig.name, stored, fig.unit, fig.provenance, note="read from a table")
        return
    if current.value is None:
        return  # already found unsure (conflict) elsewhere: stays empty
    if isinstance(value, Decimal):
        same = abs(Decimal(str(current.value)) - value) <= SAME_AMOUNT
    else:
        same = current.value == value
    if same:
        return
    note = (
        f"表格与正文不一致 table and text disagree: {current.value} "
        f"({current.provenance.sentence[:40]}) vs {wan_float(value) if isinstance(value, Decimal) else value} "
        f"({fig.provenance.sentence[:40]})"
    )
    result.set(fig.name, None, fig.unit, note=note)
    result.add_issue(fig.name, note)


def apply_staff_tables(secs: Sections, result: ExtractionResult) -> None:
    """Staff counts from key-value table rows and flattened form cells."""
    year = result.value("year")
    figs: list[TableFigure] = []
    for table in find_tables(secs.text):
        figs += [f for f in key_values(table, secs, year) if f.name in STAFF_KEYS]
    figs += flat_key_values(secs, year)
    for fig in figs:
        merge_figure(result, fig)
    derive_retirees(result)


def apply_amount_tables(secs: Sections, result: ExtractionResult) -> None:
    """Expenditure categories, totals and projects from the tables of a performance report."""
    year = result.value("year")
    tables = find_tables(secs.text)
    figs: list[TableFigure] = []
    rows: list[dict] = []
    projects: list[dict] = []
    for table in tables:
        f, r, unread = category_figures(table, secs, year)
        figs += f
        rows += r
        if unread:
            result.add_issue(
                "expenditure_table",
                f"支出表中未识别的行，未读取 rows of an expenditure table not understood, not read: "
                f"{'、'.join(unread[:8])}",
            )
        if not f:
            projects += project_rows(table, secs, year)
        figs += [x for x in key_values(table, secs, year) if x.name in AMOUNT_KEYS]
    for fig in figs:
        merge_figure(result, fig)
    _cross_check_rows(secs, result)
    _merge_expenditure_rows(result, rows)
    _merge_projects(result, projects)


def category_row_numbers(text: str) -> list[tuple[str, list[Decimal], str]]:
    """Every table row labelled with a category, read or not (merged headers, unknown
    units): (category, its plain numbers, the row as text). Flattened rows are the value
    lines right after a line that is only the label."""
    lines = text.split("\n")
    out: list[tuple[str, list[Decimal], str]] = []
    for i, line in enumerate(lines):
        if "|" in line:
            cells = [c.strip() for c in CELL_SPLIT.split(line.strip().strip("|"))]
        else:
            cells = [line.strip()]
            k = i + 1
            while k < len(lines) and "|" not in lines[k] and is_value(lines[k].strip()):
                cells.append(lines[k].strip())
                k += 1
        cat = row_category(cells) if cells and cells[0] else None
        if cat in (None, "total"):
            continue
        nums = []
        for c in cells[1:]:
            m = NUMBER_CELL.match(c)
            if m and m.group("unit") not in ("%", "人", "个", "名"):
                nums.append(abs(Decimal(m.group("num"))))
        if nums:
            out.append((cat, nums, " | ".join(cells)[:60]))
    return out


def _cross_check_rows(secs: Sections, result: ExtractionResult) -> None:
    """A category amount that no number of a row labelled with it matches (in 万元 or 元),
    in a table read or not, is unsure: emptied with an issue."""
    for cat, nums, row in category_row_numbers(secs.text):
        name = f"{cat}_wan"
        value = result.value(name)
        if value is None:
            continue
        v = Decimal(str(value))
        if any(abs(n - v) <= SAME_AMOUNT or abs(n / 10000 - v) <= SAME_AMOUNT for n in nums):
            continue
        note = f"表格行与金额不一致 a table row disagrees: {value} vs '{row}'"
        result.set(name, None, "万元", note=note)
        result.add_issue(name, note)


def _merge_expenditure_rows(result: ExtractionResult, rows: list[dict]) -> None:
    existing = {r["category"]: r for r in result.records.get("expenditure", [])}
    for row in rows:
        cat = row["category"]
        if result.value(f"{cat}_wan") is None:
            existing.pop(cat, None)
            continue
        old = existing.get(cat)
        if old is None:
            existing[cat] = {"stated_none": False, "reason": None, **row}
        else:
            for key in ("change_wan", "change_pct"):
                if old.get(key) is None and row.get(key) is not None:
                    old[key] = row[key]
        for key, unit in (("change_wan", "万元"), ("change_pct", "%")):
            value = existing[cat].get(key)
            name = f"{cat}_{key}"
            if value is not None and result.value(name) is None:
                result.set(name, value, unit)
    for cat, row in list(existing.items()):
        if result.value(f"{cat}_wan") is None:
            del existing[cat]  # emptied by a conflict: its change row goes too
        else:
            row["amount_wan"] = result.value(f"{cat}_wan")
    order = {c: i for i, c in enumerate(EXPENDITURE_CATEGORIES)}
    result.records["expenditure"] = sorted(existing.values(), key=lambda r: order[r["category"]])


def _merge_projects(result: ExtractionResult, table_rows: list[dict]) -> None:
    table_rows = split_residuals(table_rows, result)
    if not table_rows:
        return
    prose = result.records.get("projects") or []
    if not prose:
        result.records["projects"] = table_rows
        return
    key = re.compile(r"[\s,.;:、()]")
    a = {key.sub("", p["name"]): p["amount_wan"] for p in prose}
    b = {key.sub("", p["name"]): p["amount_wan"] for p in table_rows}
    shared = a.keys() & b.keys()
    if any(abs(a[k] - b[k]) > float(SAME_AMOUNT) for k in shared) or not shared:
        result.records["projects"] = []
        result.add_issue(
            "projects",
            f"表格与正文的项目不一致，未读取 projects in table and text disagree: {sorted(a)} vs {sorted(b)}",
        )
