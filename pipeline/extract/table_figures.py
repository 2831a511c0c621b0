"""The figures one report table states: category amounts with their changes, project rows
and key-value cells, each read only when its column's role and unit are certain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline import vocab
from pipeline.amounts import parse_number, to_wan, wan_float
from pipeline.extract.sections import Sections, prov_keys
from pipeline.extract.text_tables import (
    COLUMN_ROLES,
    HEADER_UNIT,
    NUMBER_CELL,
    TOTAL_ROW,
    Table,
    is_value,
    label,
    row_category,
)
from pipeline.models import EXPENDITURE_CATEGORIES, Provenance

_CONTEXT_STOP = re.compile(vocab.TABLE_CONTEXT_STOP)
_KEY_LABELS = {k: re.compile(p) for k, p in vocab.TABLE_KEY_LABELS.items()}
_KEY_YEAR = re.compile(vocab.TABLE_KEY_YEAR)
_PROJECT_STOP = re.compile(vocab.PROJECT_NAME_STOP)
_RESIDUAL = re.compile(vocab.PROJECT_RESIDUAL)
_YEAR = re.compile(r"(20\d{2})\s*年")
#: Amount fields read from key-value cells.
AMOUNT_KEYS = ("budget_at_start_wan", "final_total_wan")
STAFF_KEYS = (
    "staff_in_post",
    "staff_establishment",
    "retired_staff",
    "retired_incl_lixiu_staff",
)


@dataclass
class Column:
    """A value column: its role and the amount unit its values are in (None = unknown)."""

    index: int
    role: str
    unit: str | None


def _year_role(header: str, role: str, year: int | None) -> str:
    """A column headed with another year than the report's holds that year's figures."""
    years = {int(y) for y in _YEAR.findall(header)}
    if year is not None and years and year not in years:
        return "prior"
    return role


def columns(table: Table, year: int | None) -> dict[str, Column] | None:
    """Value columns by role from the header row; None when a role is claimed twice."""
    header = table.rows[0]
    out: dict[str, Column] = {}
    for idx, cell in enumerate(header[1:], start=1):
        role = next((r for r, rx in COLUMN_ROLES if rx.search(cell)), None)
        if role is None:
            continue
        role = _year_role(cell, role, year)
        m = HEADER_UNIT.search(cell)
        unit = m.group("unit") if m else table.unit
        if m and table.unit and m.group("unit") != table.unit and role != "change_pct":
            unit = None  # header and caption disagree: the unit is not known
        if role in out:
            if role in ("actual", "budget", "change_wan", "change_pct"):
                return None
            continue
        out[role] = Column(idx, role, unit)
    return out


def cell_amount(cell: str, unit: str | None) -> Decimal | None:
    """A cell's amount in 万元; a unit written in the cell wins over the column's."""
    m = NUMBER_CELL.match(cell.strip())
    if m is None:
        return None
    own = m.group("unit")
    if own in ("%", "人", "个", "名"):
        return None
    unit = own or unit
    if unit is None:
        return None
    value = parse_number(m.group("num"))
    return None if value is None else to_wan(value, unit)


def cell_pct(cell: str) -> float | None:
    """A percentage cell ('6.27%' or '6.27') as a float."""
    m = NUMBER_CELL.match(cell.strip())
    if m is None or m.group("unit") not in (None, "%"):
        return None
    return float(m.group("num"))


def _context_ok(table: Table, secs: Sections, year: int | None) -> bool:
    """False when the caption or heading path names some other table (三公经费, 收入 …) or
    another year."""
    context = table.caption.split("\n")[-1] + " " + secs.locator(table.spans[0][0])
    if _CONTEXT_STOP.search(context):
        return False
    years = {int(y) for y in _YEAR.findall(table.caption.split("\n")[-1])}
    return not (year is not None and years and year not in years)


def _two_column(table: Table) -> dict[str, Column] | None:
    """A headerless label | value table: the value column is the amount when a unit is stated."""
    if all(len(r) == 2 and is_value(r[1]) and not is_value(r[0]) for r in table.rows):
        return {"actual": Column(1, "actual", table.unit)}
    return None


@dataclass
class TableFigure:
    """A figure read from a table cell, with its provenance."""

    name: str
    value: object
    provenance: Provenance
    unit: str | None = None


def transposed(table: Table) -> Table | None:
    """The table with rows and columns swapped, when its header row names the categories
    (项目 | 基本支出 | 项目支出 | … | 合计) and its first column the value kinds (决算数 …).
    Short flat rows are left out; every remaining row must have the header's length."""
    header = table.rows[0]
    if sum(1 for c in header[1:] if row_category([c]) not in (None, "total")) < (
        vocab.TABLE_MIN_CATEGORY_ROWS
    ):
        return None
    rows = [r for i, r in enumerate(table.rows) if i not in table.short]
    if not table.flat:  # a Word row loses its trailing empty cells
        rows = [r + [""] * (len(header) - len(r)) for r in rows]
    if len(rows) < 2 or any(len(r) != len(header) for r in rows):
        return None
    if any(row_category([r[0]]) is not None for r in rows[1:]):
        return None
    span = (table.spans[0][0], table.spans[-1][1])
    swapped = [list(c) for c in zip(*rows, strict=True)]
    return Table(swapped, [span] * len(swapped), table.caption, table.unit, table.flat)


def unread_rows(table: Table, found: list[tuple[int, str | None]], offset: int) -> list[str]:
    """Labels of an expenditure table's rows that carry a value but name no category, total
    or sub-heading: a row not understood is reported, never dropped silently."""
    known = {i for i, c in found if c is not None}
    out = []
    for i, row in enumerate(table.rows[offset:], start=offset):
        name = label(row[0]) if row else ""
        if i in known or not name or TOTAL_ROW.search(name) or is_value(name):
            continue
        if any(is_value(c) and c.strip() not in vocab.TABLE_EMPTY_CELLS for c in row[1:]):
            out.append(name)
    return out


def category_figures(
    table: Table, secs: Sections, year: int | None
) -> tuple[list[TableFigure], list[dict], list[str]]:
    """Category amounts (+ changes), final total and budget from an expenditure table, and
    the labels of its value rows that name nothing known."""
    if not _context_ok(table, secs, year):
        return [], [], []
    swapped = transposed(table)
    if swapped is not None:
        table = swapped
    headless = _two_column(table)
    cols = headless if headless is not None else columns(table, year)
    body = table.rows if headless is not None else table.rows[1:]
    offset = 0 if headless is not None else 1
    if not cols or ("actual" not in cols and "budget" not in cols):
        return [], [], []
    cats = [(i + offset, row_category(r)) for i, r in enumerate(body)]
    found = [(i, c) for i, c in cats if c is not None]
    if sum(1 for _, c in found if c != "total") < vocab.TABLE_MIN_CATEGORY_ROWS:
        return [], [], []
    unread = unread_rows(table, cats, offset)
    figs: list[TableFigure] = []
    rows: list[dict] = []
    parts: dict[str, Decimal] = {}
    seen: set[str] = set()
    for _, cat in found:
        if cat in seen:
            return [], [], []  # a category twice: a multi-part table we do not understand
        seen.add(cat)
    for i, cat in found:
        cells = table.rows[i]
        prov = secs.provenance(*table.spans[i])
        prov.sentence = " | ".join(cells)

        def get(role: str, cells=cells) -> str | None:
            col = cols.get(role)
            return cells[col.index] if col and col.index < len(cells) else None

        actual_col = cols.get("actual")
        amount = None
        if actual_col is not None and get("actual") is not None:
            amount = cell_amount(get("actual"), actual_col.unit)
        if cat == "total":
            if amount is not None and i in table.short and not _sums(parts, amount, len(found) - 1):
                amount = None  # a short flat row is trusted only when it adds up
            if amount is not None:
                figs.append(TableFigure("final_total_wan", amount, prov, "万元"))
            bcol = cols.get("budget")
            if bcol is not None and i not in table.short and get("budget") is not None:
                budget = cell_amount(get("budget"), bcol.unit)
                if budget is not None:
                    figs.append(TableFigure("budget_at_start_wan", budget, prov, "万元"))
            continue
        if i in table.short or amount is None:
            continue
        parts[cat] = amount
        figs.append(TableFigure(f"{cat}_wan", amount, prov, "万元"))
        row = {"category": cat, "amount_wan": wan_float(amount), "change_wan": None}
        ccol = cols.get("change_wan")
        if ccol is not None and get("change_wan") is not None:
            chg = cell_amount(get("change_wan"), ccol.unit)
            row["change_wan"] = wan_float(chg)
        row["change_pct"] = cell_pct(get("change_pct")) if get("change_pct") else None
        row.update(prov_keys(prov))
        rows.append(row)
    return figs, rows, unread


def _sums(parts: dict[str, Decimal], total: Decimal, n: int) -> bool:
    tol = Decimal("0.01") * max(1, n)
    return len(parts) == len(EXPENDITURE_CATEGORIES) and abs(sum(parts.values()) - total) <= tol


def project_rows(table: Table, secs: Sections, year: int | None) -> list[dict]:
    """Projects of a name | amount | purpose table."""
    if len(table.rows) < 2 or not _context_ok(table, secs, year):
        return []
    head = label(table.rows[0][0])
    if not re.search(r"项目", head + table.caption.split("\n")[-1]):
        return []
    cols = columns(table, year)
    if not cols or "actual" not in cols or cols["actual"].unit is None:
        return []
    out: list[dict] = []
    for i, cells in enumerate(table.rows[1:], start=1):
        name = label(cells[0])
        if re.fullmatch(r"\d+", name) and len(cells) > 1:
            return []  # a 序号 column first: the name is elsewhere; not this layout
        if not name or TOTAL_ROW.match(name) or row_category(cells) is not None:
            continue
        residual = bool(_RESIDUAL.search(name)) and i not in table.short
        if not residual and (_PROJECT_STOP.search(name) or i in table.short):
            return []
        col = cols["actual"]
        amount = cell_amount(cells[col.index], col.unit) if col.index < len(cells) else None
        if amount is None:
            return []
        prov = secs.provenance(*table.spans[i])
        prov.sentence = " | ".join(cells)
        pcol = cols.get("purpose")
        purpose = cells[pcol.index] if pcol and pcol.index < len(cells) else None
        out.append(
            {
                "name": name,
                "amount_wan": wan_float(amount),
                "purpose": purpose or None,
                **prov_keys(prov),
                **({"residual": True} if residual else {}),
            }
        )
    return out


def key_values(table: Table, secs: Sections, year: int | None) -> list[TableFigure]:
    """Figures of label | value | label | value rows (人员编制 | 128 | 实有人数 | 185)."""
    out: list[TableFigure] = []
    for i, cells in enumerate(table.rows):
        for k in range(0, len(cells) - 1):
            name = label(cells[k])
            value = cells[k + 1].strip()
            if not name or is_value(name) or not is_value(value):
                continue
            if k + 2 < len(cells) and cells[k + 2].strip() and is_value(cells[k + 2]):
                continue  # a label with several values is a table row, not a key and its value
            y = _KEY_YEAR.match(name)
            if y:
                if year is not None and int(y.group("y")) != year:
                    continue
                name = name[y.end() :]
            field_name = next((f for f, rx in _KEY_LABELS.items() if rx.fullmatch(name)), None)
            if field_name is None:
                continue
            prov = secs.provenance(*table.spans[i])
            prov.sentence = " | ".join(cells)
            if field_name in STAFF_KEYS:
                m = NUMBER_CELL.match(value)
                if (
                    m
                    and re.fullmatch(r"\d+", m.group("num"))
                    and m.group("unit")
                    in (
                        None,
                        "人",
                        "名",
                    )
                ):
                    out.append(TableFigure(field_name, int(m.group("num")), prov))
            elif field_name in AMOUNT_KEYS and _context_ok(table, secs, year):
                hm = HEADER_UNIT.search(cells[k])
                amount = cell_amount(value, hm.group("unit") if hm else table.unit)
                if amount is not None:
                    out.append(TableFigure(field_name, amount, prov, "万元"))
    return out


def flat_key_values(secs: Sections, year: int | None) -> list[TableFigure]:
    """Staff figures of a form flattened one cell per line: a label line, then its number."""
    lines = secs.text.split("\n")
    pos = 0
    spans = []
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    out: list[TableFigure] = []
    for i in range(len(lines) - 1):
        if "|" in lines[i]:
            continue
        table = Table(
            [[lines[i].strip(), lines[i + 1].strip()]], [(spans[i][0], spans[i + 1][1])], "", None
        )
        out += [f for f in key_values(table, secs, year) if f.name in STAFF_KEYS]
    return out
