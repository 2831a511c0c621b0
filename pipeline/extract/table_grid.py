"""Header analysis of a table sheet: the header rows, where data starts and which column
holds what (code, name, which amount), grouped into blocks."""

from __future__ import annotations

from pipeline import layouts as L
from pipeline.extract.cells import cell_text, is_number, parse_code
from pipeline.extract.columns import Block, Column, TableGrid
from pipeline.extract.sheet import clean_header, is_lanci_row, word_matches
from pipeline.extract.summary_layout import assign_sides, drop_doubled_columns, mark_label_columns
from pipeline.labels import norm_label
from pipeline.readers.excel import SheetGrid


def _pattern_matches(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    i = 0
    for element in path:
        if i < len(pattern) and word_matches(pattern[i], element):
            i += 1
    return i == len(pattern)


def map_column(table: str, path: tuple[str, ...]) -> str | None:
    """Canonical column name of a header path in a table (identity columns first)."""
    if not path:
        return None
    for pattern, canonical in L.IDENTITY_RULES:
        # identity words must be the deepest header element (科目编码 / 类 / 项目)
        if _pattern_matches(pattern, path[-1:]):
            return canonical
    rules = sorted(L.COLUMN_RULES.get(table, []), key=lambda pr: -len(pr[0]))
    for pattern, canonical in rules:
        if _pattern_matches(pattern, path):
            return canonical
    return None


def _is_data_like(sheet: SheetGrid, r: int, first_col: int) -> bool:
    row = sheet.rows[r]
    for c, v in enumerate(row):
        if is_number(v):
            return True
        if c < first_col + 5 and isinstance(v, str) and len(v.strip()) >= 3:
            code = parse_code(v)[0]
            if code and len(code) in (3, 5, 7):
                return True
    # a total row names itself in the first column (a header's 合计 sits further right)
    return norm_label(cell_text(sheet.filled(r, first_col))) in L.TOTAL_ROW_LABELS


def _first_text_column(sheet: SheetGrid, start: int) -> int:
    """The leftmost column holding text in any row from start (0 when none)."""
    first = None
    for r in range(start, sheet.nrows):
        row = sheet.rows[r][: first if first is not None else None]
        c = next((c for c, v in enumerate(row) if cell_text(v)), None)
        if c is not None:
            first = c
            if c == 0:
                break
    return first or 0


def analyse_table(sheet: SheetGrid, table: str, start: int) -> TableGrid | None:
    """Find header rows, the 栏次 row, data start and column blocks of a table sheet."""
    first_col = _first_text_column(sheet, start)
    header_rows: list[int] = []
    data_start = None
    for r in range(start, sheet.nrows):
        if sheet.row_is_blank(r) and not header_rows:
            continue
        if is_lanci_row(sheet, r):
            data_start = r + 1
            break
        if header_rows and _is_data_like(sheet, r, first_col):
            data_start = r
            break
        if not sheet.row_is_blank(r):
            header_rows.append(r)
    if not header_rows or data_start is None:
        return None
    columns: list[Column] = []
    for c in range(sheet.ncols):
        path: list[str] = []
        written: list[str] = []
        for r in header_rows:
            raw = sheet.filled(r, c)
            h = clean_header(raw)
            if h and (not path or path[-1] != h):
                path.append(h)
                written.append(cell_text(raw))
        columns.append(Column(c, map_column(table, tuple(path)), "/".join(written)))
    summary = L.TABLES[table]["kind"] == "summary"
    if summary:
        mark_label_columns(sheet, columns, data_start)
    blocks: list[Block] = []
    current: list[Column] = []
    seen_amount = False
    unmapped: list[Column] = []
    for col in columns:
        if col.canonical is None:
            if col.header:
                unmapped.append(col)
            continue
        is_ident = col.canonical in ("code", "code_class", "label")
        if is_ident and seen_amount:
            blocks.append(Block(current))
            current, seen_amount = [], False
        current.append(col)
        if col.canonical not in L.IDENTITY_COLUMNS:
            seen_amount = True
    if current:
        blocks.append(Block(current))
    for block in blocks:
        headers = " ".join(c.header for c in block.columns)
        # side-by-side block named in its header: 人员经费 | 公用经费
        named = [canonical for word, canonical in L.BLOCK_COLUMNS.items() if word in headers]
        if (
            len(named) == 1
            and len(block.amounts) == 1
            and block.amounts[0].canonical
            in (
                "amount",
                "total",
            )
        ):
            block.amounts[0].canonical = named[0]
    problems: list[str] = []
    if summary:
        problems = assign_sides(sheet, blocks, data_start)
        problems += drop_doubled_columns(blocks)
    return TableGrid(header_rows, data_start, blocks, unmapped, problems)
