"""Figures in report tables: Word table rows ('a | b | c') and tables flattened one cell per line.

A table is read only when its meaning is certain: the amount unit is stated (header cell,
caption or a 单位：万元 line just before it), each value's column has one known role
(决算数, 比上年增减额, 增减率 …) and each row label is matched whole. A table figure that
disagrees with the same figure read from prose empties both (with an issue): a missing
number is better than a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline import vocab
from pipeline.amounts import parse_number, to_wan, wan_float
from pipeline.extract.derived import derive_retirees
from pipeline.extract.projects import split_residuals
from pipeline.extract.sections import Sections, prov_keys
from pipeline.models import EXPENDITURE_CATEGORIES, ExtractionResult, Provenance

_SPLIT = re.compile(vocab.TABLE_CELL_SPLIT)
_TRIM = re.compile(vocab.TABLE_LABEL_TRIM)
_UNIT_STATEMENT = [re.compile(p) for p in vocab.TABLE_UNIT_STATEMENT]
HEADER_UNIT = re.compile(vocab.TABLE_HEADER_UNIT)
_ROLES = [(role, re.compile(p)) for role, p in vocab.TABLE_COLUMN_ROLES]
_LABEL_HEADER = re.compile(rf"(?:{vocab.TABLE_LABEL_HEADERS})")
_CATEGORY_ROWS = {k: re.compile(p) for k, p in vocab.TABLE_CATEGORY_ROWS.items()}
_TOTAL_ROW = re.compile(rf"(?:{vocab.TABLE_TOTAL_ROWS})")
_CONTEXT_STOP = re.compile(vocab.TABLE_CONTEXT_STOP)
_KEY_LABELS = {k: re.compile(p) for k, p in vocab.TABLE_KEY_LABELS.items()}
_KEY_YEAR = re.compile(vocab.TABLE_KEY_YEAR)
_PROJECT_STOP = re.compile(vocab.PROJECT_NAME_STOP)
_RESIDUAL = re.compile(vocab.PROJECT_RESIDUAL)
_YEAR = re.compile(r"(20\d{2})\s*年")
_SEQ_HEADER = re.compile(vocab.TABLE_SEQ_HEADER)
_SEQ_CELL = re.compile(r"\d{0,3}")
#: A value cell: a number (signed, with an optional unit or %), or an empty mark.
_VALUE = re.compile(r"^[+-]?\d+(?:\.\d+)?\s*(?:%|万元|亿元|元|人|个|名)?$")
NUMBER_CELL = re.compile(r"^(?P<num>[+-]?\d+(?:\.\d+)?)\s*(?P<unit>%|万元|亿元|元|人|个|名)?$")
#: Amount fields read from key-value cells.
_AMOUNT_KEYS = ("budget_at_start_wan", "final_total_wan")
_STAFF_KEYS = (
    "staff_in_post",
    "staff_establishment",
    "retired_staff",
    "retired_incl_lixiu_staff",
)
#: Difference under which a table amount and a prose amount are the same figure (a table
#: in 万元 to two decimals against prose in 元).
SAME_AMOUNT = Decimal("0.005")


@dataclass
class Table:
    """Rows of cells with the offsets of each row in the normalized text."""

    rows: list[list[str]]
    spans: list[tuple[int, int]]
    caption: str  # the lines just before the table
    unit: str | None  # amount unit stated in the caption, if any
    flat: bool = False
    short: set[int] = field(default_factory=set)  # flat rows with missing trailing cells


def label(cell: str) -> str:
    """A row or column label without numbering, spaces, 其中 and a trailing (unit)."""
    prev = None
    s = cell.strip()
    while prev != s:
        prev, s = s, _TRIM.sub("", s).strip(" :")
    return s


def is_value(cell: str) -> bool:
    """True for a cell that holds a number or an empty mark (a value, not a label)."""
    s = cell.strip()
    return s in vocab.TABLE_EMPTY_CELLS or _VALUE.match(s) is not None


def stated_unit(lines: list[str]) -> str | None:
    """The amount unit stated by caption lines; None when absent or contradictory."""
    units = set()
    for line in lines:
        for rx in _UNIT_STATEMENT:
            m = rx.search(line.strip())
            if m:
                units.add(m.group("unit"))
                break
    return units.pop() if len(units) == 1 else None


def find_tables(text: str) -> list[Table]:
    """Tables of a normalized text: runs of ' | ' rows, and flattened one-cell-per-line tables."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        if "|" in lines[i][1]:
            j = i
            while j < len(lines) and "|" in lines[j][1]:
                j += 1
            rows = [
                [c.strip() for c in _SPLIT.split(ln.strip().strip("|"))] for _, ln in lines[i:j]
            ]
            rows = [_leading_pipe(lines[k][1], r) for k, r in zip(range(i, j), rows, strict=True)]
            spans = [(p, p + len(ln)) for p, ln in lines[i:j]]
            tables.append(_table(lines, i, rows, spans, flat=False))
            i = j
            continue
        flat = _flat_table(lines, i)
        if flat is not None:
            table, i = flat
            tables.append(table)
            continue
        i += 1
    return tables


def _leading_pipe(line: str, cells: list[str]) -> list[str]:
    """A row that starts with '|' had an empty first cell (vertically merged label)."""
    return ["", *cells] if line.strip().startswith("|") else cells


def _table(lines, first: int, rows, spans, flat: bool, short=None) -> Table:
    before = [ln for _, ln in lines[max(0, first - vocab.TABLE_CAPTION_LINES) : first]]
    return Table(
        _drop_seq_column(rows), spans, "\n".join(before), stated_unit(before), flat, short or set()
    )


def _drop_seq_column(rows: list[list[str]]) -> list[list[str]]:
    """Rows without a leading 序号 column (1, 2, … or empty under a 序号 header)."""
    if (
        rows
        and len(rows[0]) > 2
        and _SEQ_HEADER.fullmatch(label(rows[0][0]))
        # A 合计 row may put its label in the 序号 column (合计 | | 2060.00 …).
        and all(
            _SEQ_CELL.fullmatch(r[0].strip()) or _TOTAL_ROW.match(label(r[0]))
            for r in rows[1:]
            if r
        )
    ):
        return [r[1:] for r in rows]
    return rows


def _header_like(cell: str, categories: bool = False) -> bool:
    """A header cell: a column role or label header; with `categories`, a category label
    (a table with the categories as columns)."""
    if categories:
        return _row_category([cell]) is not None
    return any(rx.search(cell) for _, rx in _ROLES) or bool(_LABEL_HEADER.fullmatch(label(cell)))


def _flat_table(lines, i: int):
    """A table flattened one cell per line, starting at line i with its header cells:
    (Table, next line index) or None. Every data row must be a label followed by exactly
    one value cell per remaining column; only the last row may stop short."""
    first = lines[i][1].strip()
    if not _LABEL_HEADER.fullmatch(label(first)):
        return None
    j = i + 1
    seq = bool(_SEQ_HEADER.fullmatch(label(first)))
    if seq:  # a 序号 column: its cells (1, 2, … ) are skipped, the label header follows
        if j >= len(lines) or not _LABEL_HEADER.fullmatch(label(lines[j][1].strip())):
            return None
        first = lines[j][1].strip()
        j += 1
    header = [first]
    # categories as columns when the first header cell after the label header names one
    by_category = j < len(lines) and _row_category([lines[j][1].strip()]) not in (None, "total")
    while j < len(lines) and len(header) < 8:
        cell = lines[j][1].strip()
        if (
            is_value(cell)
            or len(cell) > vocab.TABLE_FLAT_CELL_MAX_LEN
            or not _header_like(cell, by_category)
        ):
            break
        header.append(cell)
        j += 1
    n = len(header)
    if n < 2:
        return None
    rows = [header]
    spans = [(lines[i][0], lines[j - 1][0] + len(lines[j - 1][1]))]
    short: set[int] = set()
    while j < len(lines):
        row_start = j
        if seq and re.fullmatch(r"\d{1,3}", lines[j][1].strip()):
            j += 1
            if j >= len(lines):
                break
        name = lines[j][1].strip()
        if is_value(name) or len(name) > vocab.TABLE_FLAT_CELL_MAX_LEN or "。" in name:
            j = row_start
            break
        cells = [name]
        k = j + 1
        while k < len(lines) and len(cells) < n and is_value(lines[k][1].strip()):
            cells.append(lines[k][1].strip())
            k += 1
        if len(cells) == 1:
            j = row_start
            break
        rows.append(cells)
        spans.append((lines[row_start][0], lines[k - 1][0] + len(lines[k - 1][1])))
        j = k
        if len(cells) < n:
            short.add(len(rows) - 1)
            break
    if len(rows) < 2:
        return None
    before = [ln for _, ln in lines[max(0, i - vocab.TABLE_CAPTION_LINES) : i]]
    table = Table(rows, spans, "\n".join(before), stated_unit(before), True, short)
    return table, j


# --- reading a table ----------------------------------------------------------------------


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
        role = next((r for r, rx in _ROLES if rx.search(cell)), None)
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


def _row_category(cells: list[str]) -> str | None:
    name = label(cells[0])
    return next((c for c, rx in _CATEGORY_ROWS.items() if rx.fullmatch(name)), None)


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
    if sum(1 for c in header[1:] if _row_category([c]) not in (None, "total")) < (
        vocab.TABLE_MIN_CATEGORY_ROWS
    ):
        return None
    rows = [r for i, r in enumerate(table.rows) if i not in table.short]
    if not table.flat:  # a Word row loses its trailing empty cells
        rows = [r + [""] * (len(header) - len(r)) for r in rows]
    if len(rows) < 2 or any(len(r) != len(header) for r in rows):
        return None
    if any(_row_category([r[0]]) is not None for r in rows[1:]):
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
        if i in known or not name or _TOTAL_ROW.search(name) or is_value(name):
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
    cats = [(i + offset, _row_category(r)) for i, r in enumerate(body)]
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
        if not name or _TOTAL_ROW.match(name) or _row_category(cells) is not None:
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
            if field_name in _STAFF_KEYS:
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
            elif field_name in _AMOUNT_KEYS and _context_ok(table, secs, year):
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
        out += [f for f in key_values(table, secs, year) if f.name in _STAFF_KEYS]
    return out


# --- merging table figures with prose ------------------------------------------------------


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
        figs += [f for f in key_values(table, secs, year) if f.name in _STAFF_KEYS]
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
        figs += [x for x in key_values(table, secs, year) if x.name in _AMOUNT_KEYS]
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
            cells = [c.strip() for c in _SPLIT.split(line.strip().strip("|"))]
        else:
            cells = [line.strip()]
            k = i + 1
            while k < len(lines) and "|" not in lines[k] and is_value(lines[k].strip()):
                cells.append(lines[k].strip())
                k += 1
        cat = _row_category(cells) if cells and cells[0] else None
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
