"""Tables in a report's text: Word table rows ('a | b | c') and tables flattened one cell per
line, their cells, row labels and the amount unit they state."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline import vocab

CELL_SPLIT = re.compile(vocab.TABLE_CELL_SPLIT)
_TRIM = re.compile(vocab.TABLE_LABEL_TRIM)
_UNIT_STATEMENT = [re.compile(p) for p in vocab.TABLE_UNIT_STATEMENT]
HEADER_UNIT = re.compile(vocab.TABLE_HEADER_UNIT)
COLUMN_ROLES = [(role, re.compile(p)) for role, p in vocab.TABLE_COLUMN_ROLES]
_LABEL_HEADER = re.compile(rf"(?:{vocab.TABLE_LABEL_HEADERS})")
_CATEGORY_ROWS = {k: re.compile(p) for k, p in vocab.TABLE_CATEGORY_ROWS.items()}
TOTAL_ROW = re.compile(rf"(?:{vocab.TABLE_TOTAL_ROWS})")
_SEQ_HEADER = re.compile(vocab.TABLE_SEQ_HEADER)
_SEQ_CELL = re.compile(r"\d{0,3}")
#: A value cell: a number (signed, with an optional unit or %), or an empty mark.
_VALUE = re.compile(r"^[+-]?\d+(?:\.\d+)?\s*(?:%|万元|亿元|元|人|个|名)?$")
NUMBER_CELL = re.compile(r"^(?P<num>[+-]?\d+(?:\.\d+)?)\s*(?P<unit>%|万元|亿元|元|人|个|名)?$")


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
                [c.strip() for c in CELL_SPLIT.split(ln.strip().strip("|"))] for _, ln in lines[i:j]
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
            _SEQ_CELL.fullmatch(r[0].strip()) or TOTAL_ROW.match(label(r[0])) for r in rows[1:] if r
        )
    ):
        return [r[1:] for r in rows]
    return rows


def _header_like(cell: str, categories: bool = False) -> bool:
    """A header cell: a column role or label header; with `categories`, a category label
    (a table with the categories as columns)."""
    if categories:
        return row_category([cell]) is not None
    return any(rx.search(cell) for _, rx in COLUMN_ROLES) or bool(
        _LABEL_HEADER.fullmatch(label(cell))
    )


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
    by_category = j < len(lines) and row_category([lines[j][1].strip()]) not in (None, "total")
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


def row_category(cells: list[str]) -> str | None:
    """The expenditure category a row's label names (whole label), if any."""
    name = label(cells[0])
    return next((c for c, rx in _CATEGORY_ROWS.items() if rx.fullmatch(name)), None)
