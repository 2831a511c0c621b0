"""Tables found on PDF pages (pdf_grid, or pdfplumber for unruled ones) and the grids the
workbook extraction reads.

A 决算公开 PDF prints each of the nine tables with a title, a 编制单位/金额单位 line and a
ruled grid. Each table becomes a PdfSheet: a SheetGrid whose top rows are the lines printed
above the table (title, unit line, split into cells at wide gaps), then the table rows with
their merged header cells, then the 注： lines below. pipeline.extract.workbook reads it
exactly as a worksheet; its addresses say page, table, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline import labels as L
from pipeline.readers.excel import SheetGrid, cell_value

#: pdfplumber's ruled-table strategy. Its text strategies are not used: on an unruled
#: summary table they glue a label to its row number and amount and pair the left side's
#: labels with the right side's amounts (wrong numbers, not missing ones).
RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
#: Lines printed above a table that are taken as its title block.
TITLE_LINES_ABOVE = 4
#: A horizontal gap wider than this many character widths separates two cells of a line.
CELL_GAP_CHARS = 2.5

_CJK = "\u3400-\u9fff\uff00-\uffef\u3000-\u303f"
_SPACE_CJK = re.compile(rf"(?<=[{_CJK}]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%]) +(?=[{_CJK}])")


def tidy(text: str) -> str:
    """Join a cell's wrapped lines and drop the spaces PDF text puts between CJK and digits."""
    parts = [p.strip() for p in (text or "").splitlines() if p.strip()]
    out = ""
    for p in parts:
        # a number wrapped inside a narrow cell ('2022.4' / '7') joins without a space
        number = out[-1:].isdigit() or out[-1:] == "."
        word = out[-1:].isascii() and out[-1:].isalnum() and p[0].isascii()
        glue = " " if word and not (number and (p[0].isdigit() or p[0] == ".")) else ""
        out += glue + p
    return _SPACE_CJK.sub("", out)


@dataclass
class PdfSheet(SheetGrid):
    """A SheetGrid read from PDF tables; `origins[r]` is (page, label) of grid row r."""

    origins: list[tuple[int, str, bool]] = field(default_factory=list)
    table_start: int = 0  # first grid row of the printed table (rows above: title lines)

    def address(self, row: int, col: int) -> str:
        """'第3页 表1 第5行第2列' for a table cell, '第3页 第2行' for a line above/below it."""
        if 0 <= row < len(self.origins):
            page, label, is_cell = self.origins[row]
            return f"第{page}页 {label}第{col + 1}列" if is_cell else f"第{page}页 {label}"
        return f"{self.name} R{row + 1}C{col + 1}"


@dataclass
class FoundTable:
    """One table found on a page: its rows, merged ranges, position and the lines around it."""

    page: int
    index: int
    top: float
    bottom: float
    rows: list[list[str]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    above: list[list[str]] = field(default_factory=list)
    below: list[list[str]] = field(default_factory=list)


def line_cells(line: dict) -> list[str]:
    """A pdfplumber text line split into cells where the gap between characters is wide."""
    chars = line.get("chars") or []
    if not chars:
        return [tidy(line.get("text", ""))]
    cells, cur, prev, spaces = [], "", None, 0
    for ch in chars:
        if not ch["text"].strip():
            spaces += 1  # a run of (ideographic) spaces separates cells as a gap does
            continue
        size = max(ch.get("size") or 10.0, 1.0)
        gap = prev is not None and ch["x0"] - prev["x1"] > CELL_GAP_CHARS * size
        if gap or spaces >= 2:
            cells.append(cur)
            cur = ""
        cur += ch["text"]
        prev, spaces = ch, 0
    cells.append(cur)
    return [t for c in cells if (t := tidy(c))]


_CELL_GAP = re.compile(rf"\s{{2,}}|\u3000+|(?<=[{_CJK}]) (?=[{_CJK}])")


def split_cells(raw: str) -> list[str]:
    """A text-layer line split into cells at runs of spaces (or one space between CJK)."""
    return [t for part in _CELL_GAP.split(raw or "") if (t := tidy(part))]


def _merges(table) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged ranges of a pdfplumber table from its cell boxes against the column/row edges."""
    xs = sorted({round(c[0], 1) for c in table.cells} | {round(c[2], 1) for c in table.cells})
    ys = sorted({round(c[1], 1) for c in table.cells} | {round(c[3], 1) for c in table.cells})

    def index(edges: list[float], v: float) -> int:
        return min(range(len(edges)), key=lambda i: abs(edges[i] - v))

    out = []
    for x0, y0, x1, y1 in table.cells:
        c0, c1 = index(xs, round(x0, 1)), index(xs, round(x1, 1)) - 1
        r0, r1 = index(ys, round(y0, 1)), index(ys, round(y1, 1)) - 1
        if (r1 > r0 or c1 > c0) and r1 >= r0 and c1 >= c0:
            out.append(((r0, c0), (r1, c1)))
    return out


_AMOUNT = re.compile(r"^-?[\d,]*\d(?:\.\d+)?%?$")


def _has_amount(row: list[str]) -> bool:
    return any(_AMOUNT.match(c.replace(" ", "")) for c in row if c)


def continues(prev: list[str] | None, row: list[str]) -> bool:
    """`row` holds the wrapped rest of the data row `prev` (empty first cell, no amount)."""
    return (
        prev is not None
        and len(prev) == len(row)
        and not row[0]
        and not _has_amount(row)
        and _has_amount(prev)
    )


def join_rows(prev: list[str], row: list[str]) -> list[str]:
    """Cell by cell, the text of a row and of its continuation."""
    return [tidy(a + "\n" + b) if b else a for a, b in zip(prev, row, strict=True)]


def _grid_rows(table) -> list[list[str]]:
    """Table text, one list per row, None (merged continuation) as ''.

    A row with an empty first cell and no amount, right under a data row, is the rest of
    that row's wrapped cells (a page or row rule drawn through a cell): joined to it.
    """
    rows = [[tidy(c) if c is not None else "" for c in row] for row in table.extract()]
    width = max((len(r) for r in rows), default=0)
    out: list[list[str]] = []
    for r in (r + [""] * (width - len(r)) for r in rows if any(r)):
        if out and continues(out[-1], r):
            out[-1] = join_rows(out[-1], r)
            continue
        out.append(r)
    return out


def find_tables(page, page_no: int) -> tuple[list[FoundTable], list[dict]]:
    """Ruled tables of one pdfplumber page and the text lines outside them (dicts with 'top')."""
    tables = [t for t in page.find_tables(RULED) if len(t.rows) >= 2]
    found: list[FoundTable] = []
    outside = page
    for k, t in enumerate(sorted(tables, key=lambda t: t.bbox[1]), 1):
        rows = _grid_rows(t)
        if not rows:
            continue
        found.append(FoundTable(page_no, k, t.bbox[1], t.bbox[3], rows, _merges(t)))
        outside = outside.outside_bbox(t.bbox)
    lines = outside.extract_text_lines() if found else page.extract_text_lines()
    for ft in found:
        ft.above = [line_cells(ln) for ln in lines if ln["bottom"] <= ft.top + 1]
        ft.below = [line_cells(ln) for ln in lines if ln["top"] >= ft.bottom - 1]
    return found, lines


def _is_title(cells: list[str]) -> bool:
    return any(L.match_table(c) for c in cells if len(c) <= 80)


def build_sheets(found: list[FoundTable]) -> list[PdfSheet]:
    """One PdfSheet per printed table; a table continued on the next page is appended to it."""
    sheets: list[PdfSheet] = []
    last: FoundTable | None = None
    for ft in found:
        above = ft.above[-TITLE_LINES_ABOVE:] if last is None or ft.page != last.page else []
        if last is not None and ft.page == last.page:
            # lines between two tables of one page belong to the second one
            above = [c for c in ft.above if c not in last.above][-TITLE_LINES_ABOVE:]
        titled = any(_is_title(c) for c in above)
        width = len(ft.rows[0])
        prev = sheets[-1] if sheets else None
        if prev is not None and not titled and last is not None and width == prev.ncols:
            _append(prev, ft, last)
        else:
            sheets.append(_new_sheet(ft, above))
        last = ft
    for sheet in sheets:
        sheet.__post_init__()
    return sheets


def _cell_origins(ft: FoundTable, rows: range) -> list[tuple[int, str, bool]]:
    return [(ft.page, f"表{ft.index} 第{r + 1}行", True) for r in rows]


def _new_sheet(ft: FoundTable, above: list[list[str]]) -> PdfSheet:
    width = len(ft.rows[0])
    top = [c[:width] + [""] * (width - len(c[:width])) for c in above]
    below = [[" ".join(c)] + [""] * (width - 1) for c in ft.below if c and c[0].startswith("注")]
    rows: list[list[Any]] = top + [[cell_value(c) for c in r] for r in ft.rows] + below
    off = len(top)
    merged = [((r0 + off, c0), (r1 + off, c1)) for (r0, c0), (r1, c1) in ft.merged]
    origins = [(ft.page, f"表{ft.index}上方第{i + 1}行", False) for i in range(len(top))]
    origins += _cell_origins(ft, range(len(ft.rows)))
    origins += [(ft.page, f"表{ft.index}注", False) for _ in below]
    sheet = PdfSheet(
        name=f"第{ft.page}页表{ft.index}", rows=rows, merged=[], origins=origins, table_start=off
    )
    sheet.merged = merged
    return sheet


def _append(sheet: PdfSheet, ft: FoundTable, last: FoundTable) -> None:
    """Rows of a table continued from the previous page; a repeated header is skipped."""
    skip = 0
    first = sheet.rows[sheet.table_start :]
    # the header the printer repeated on this page: the first table rows once more
    while (
        skip < min(len(ft.rows), len(first))
        and [cell_value(c) for c in ft.rows[skip]] == first[skip]
    ):
        skip += 1
    last = [c if isinstance(c, str) else f"{c:.2f}" for c in sheet.rows[-1]]
    if skip < len(ft.rows) and continues(last, ft.rows[skip]):
        # a data row cut by the page break: its rest joins it (label cells are text)
        joined = join_rows(last, ft.rows[skip])
        sheet.rows[-1] = [
            old if not isinstance(old, str) else new
            for old, new in zip(sheet.rows[-1], joined, strict=True)
        ]
        skip += 1
    off = len(sheet.rows) - skip
    sheet.rows.extend([cell_value(c) for c in r] for r in ft.rows[skip:])
    sheet.origins.extend(_cell_origins(ft, range(skip, len(ft.rows))))
    sheet.merged.extend(
        ((r0 + off, c0), (r1 + off, c1)) for (r0, c0), (r1, c1) in ft.merged if r0 >= skip
    )
