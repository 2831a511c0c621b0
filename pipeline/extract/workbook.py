"""Final-accounts workbooks (部门决算公开表): recognise the nine tables, read them into records.

Layout knowledge (titles, header and row-label synonyms) lives in pipeline.layouts; this
module only walks grids. Amounts are converted to 万元 exactly (Decimal) and stored as
floats rounded to 6 decimals. A figure that cannot be read with certainty stays None and
the reason becomes an issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import layouts as L
from pipeline.extract.cells import (
    cell_text,
    checked_wan,
    is_number,
    negative_allowed,
    read_amount_cell,
)
from pipeline.extract.identity import resolve_text_identity
from pipeline.extract.summary_layout import assign_sides, drop_doubled_columns, mark_label_columns
from pipeline.models import CheckResult, ExtractionResult, Provenance
from pipeline.readers.excel import SheetGrid, WorkbookGrid, read_workbook
from pipeline.units import split_unit

_CODE_TEXT = re.compile(r"^(\d{3,9})(?:\.0+)?(?![\d.])[\s:：\-_、.]*(.*)$")
#: Unit sources in order of trust (issue 3: 编制单位 row, title, file name).
_TRUST = ("unit_row", "title", "file_name")


# --- small cell helpers -------------------------------------------------------------


def parse_code(v: Any) -> tuple[str | None, str]:
    """A code cell → (code as text, name written in the same cell); (None, text) if no code."""
    if is_number(v):
        if isinstance(v, float) and not v.is_integer():
            return None, ""
        s = str(int(v))
        return (s, "") if 3 <= len(s) <= 9 else (None, "")
    s = L.norm_text(v) if v not in (None, "") else ""
    if not s:
        return None, ""
    m = _CODE_TEXT.match(s)
    if not m:
        return None, str(v).strip()
    name = str(v).strip()
    # keep the name as written (with its own spacing) after the code digits
    rest = re.sub(r"^\s*\d{3,9}(?:\.0+)?[\s:：\-_、.]*", "", name)
    return m.group(1), rest.strip()


def code_level(code: str | None) -> int | None:
    """1, 2, 3 for 3/5/7-digit codes; None otherwise."""
    return {3: 1, 5: 2, 7: 3}.get(len(code)) if code else None


def parent_code(code: str | None) -> str | None:
    """The code two digits shorter for 5/7-digit codes."""
    return code[:-2] if code and len(code) in (5, 7) else None


# --- sheet recognition --------------------------------------------------------------


@dataclass
class SheetInfo:
    """What the top of a sheet says: title, unit, year, amount unit, and where."""

    title: str = ""
    title_row: int | None = None
    unit_text: str = ""
    unit_locator: str = ""
    unit_row: int | None = None
    amount_unit: str | None = None
    amount_unit_locator: str = ""
    years: list[tuple[str, int, str]] = field(default_factory=list)  # (source, year, locator)


def _text_cells(sheet: SheetGrid, row: int) -> list[tuple[int, str]]:
    return [(c, cell_text(v)) for c, v in enumerate(sheet.rows[row]) if cell_text(v)]


def sheet_info(sheet: SheetGrid, max_rows: int = 8) -> SheetInfo:
    """Find title, 编制单位, 金额单位 and year in the top rows of a sheet."""
    info = SheetInfo()
    for r in range(min(max_rows, sheet.nrows)):
        cells = _text_cells(sheet, r)
        if not cells:
            continue
        joined = " ".join(t for _, t in cells)
        if info.title_row is None and not any(lab in joined for lab in L.UNIT_LABELS):
            for _c, t in cells:
                if len(t) <= 80 and (L.match_table(t) or L.match_form(t)):
                    info.title, info.title_row = t, r
                    break
        for c, t in cells:
            nt = L.norm_text(t)
            m = L.AMOUNT_UNIT_PATTERN.search(nt)
            if m and info.amount_unit is None:
                info.amount_unit, info.amount_unit_locator = m.group(1), sheet.address(r, c)
            for lab in L.UNIT_LABELS:
                if info.unit_row is None and lab in nt:
                    value = re.split(r"[:：]", t, maxsplit=1)[1] if re.search(r"[:：]", t) else ""
                    value = re.split(r"(?:金额)?单位\s*[:：]", value)[0]
                    if not value.strip():
                        later = [tt for cc, tt in cells if cc > c and lab not in tt]
                        value = later[0] if later else ""
                        if L.AMOUNT_UNIT_PATTERN.search(L.norm_text(value)):
                            value = ""
                    value = (
                        L.YEAR_PATTERN.split(value)[0] if L.YEAR_PATTERN.search(value) else value
                    )
                    info.unit_text = value.strip(" ：:\u3000")
                    info.unit_locator, info.unit_row = sheet.address(r, c), r
        if info.unit_row == r:
            for c, t in cells:
                for y in L.YEAR_PATTERN.findall(L.norm_text(t)):
                    info.years.append(("unit_row", int(y), sheet.address(r, c)))
    if info.title_row is None:
        # no known title: the first short text of the top rows still may carry unit/year
        for r in range(min(3, sheet.nrows)):
            cells = _text_cells(sheet, r)
            if cells and len(cells[0][1]) <= 80:
                info.title, info.title_row = cells[0][1], r
                break
    if info.title:
        for y in L.YEAR_PATTERN.findall(L.norm_text(info.title)):
            loc = sheet.address(info.title_row or 0, 0)
            info.years.append(("title", int(y), loc))
    return info


# --- header parsing ----------------------------------------------------------------


def _word_matches(word: str, element: str) -> bool:
    syns = L.HEADER_WORDS.get(word)
    if syns is None:
        return L.norm_label(word) == element
    return element in {L.norm_label(s) for s in syns}


def _pattern_matches(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    i = 0
    for element in path:
        if i < len(pattern) and _word_matches(pattern[i], element):
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


def _clean_header(text: Any) -> str:
    s = L.norm_label(cell_text(text))
    return L.HEADER_UNIT_PATTERN.sub("", s)


def _is_lanci_row(sheet: SheetGrid, r: int) -> bool:
    cells = [v for v in sheet.rows[r] if cell_text(v)]
    if any(L.norm_text(v) == "栏次" for v in cells if isinstance(v, str)):
        return True
    nums = [v for v in cells if is_number(v)]
    texts = [v for v in cells if not is_number(v)]
    if len(nums) >= 2 and not texts:
        ints = [int(v) for v in nums if float(v).is_integer()]
        return len(ints) == len(nums) and ints == list(range(ints[0], ints[0] + len(ints)))
    return False


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
    return L.norm_label(cell_text(sheet.filled(r, first_col))) in L.TOTAL_ROW_LABELS


def _is_footnote(sheet: SheetGrid, r: int) -> str | None:
    cells = _text_cells(sheet, r)
    if cells and L.norm_text(cells[0][1]).startswith(L.FOOTNOTE_PREFIXES):
        return cells[0][1]
    return None


@dataclass
class Column:
    """One mapped column of a table block."""

    index: int
    canonical: str | None
    header: str  # header path as written, joined by '/'


@dataclass
class Block:
    """A group of columns read together (two blocks side by side in some layouts)."""

    columns: list[Column]
    side: str | None = None  # summary tables: revenue / expenditure

    def ident(self, name: str) -> Column | None:
        """The first identity column of that canonical name."""
        return next((c for c in self.columns if c.canonical == name), None)

    @property
    def amounts(self) -> list[Column]:
        """Columns holding amounts."""
        return [c for c in self.columns if c.canonical and c.canonical not in L.IDENTITY_COLUMNS]


@dataclass
class TableGrid:
    """Header analysis of one table sheet."""

    header_rows: list[int]
    data_start: int
    blocks: list[Block]
    unmapped: list[Column]
    problems: list[str] = field(default_factory=list)  # layout doubts, reported as issues


def analyse_table(sheet: SheetGrid, table: str, start: int) -> TableGrid | None:
    """Find header rows, the 栏次 row, data start and column blocks of a table sheet."""
    first_col = min(
        (c for r in range(start, sheet.nrows) for c, v in enumerate(sheet.rows[r]) if cell_text(v)),
        default=0,
    )
    header_rows: list[int] = []
    data_start = None
    for r in range(start, sheet.nrows):
        if sheet.row_is_blank(r) and not header_rows:
            continue
        if _is_lanci_row(sheet, r):
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
            h = _clean_header(raw)
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


# --- reading a coded table ---------------------------------------------------------


@dataclass
class SheetRead:
    """Everything read from one table sheet."""

    table: str
    sheet: str
    info: SheetInfo
    unit: str | None
    records: list[dict] = field(default_factory=list)
    empty_note: str | None = None  # footnote saying the table is empty on purpose
    has_numbers: bool = False
    n_bad: int = 0  # amount cells that could not be believed (each one an issue)
    seen: dict[tuple[str, str], str] = field(default_factory=dict)  # (code, column) → cell


def _record(sheet: str | None, locator: str, sentence: str, **values: Any) -> dict:
    row = dict(values)
    if sheet is not None:
        row["sheet"] = sheet
    row.update(locator=locator, sentence=sentence, start=None, end=None)
    return row


def _split_code(
    sheet: SheetGrid, r: int, block: Block, last: dict[str, str]
) -> tuple[str | None, bool]:
    """Code from 类/款/项 columns; inherits a blank 类/款 from the rows above."""
    parts = {}
    for name, width in (("code_class", 3), ("code_kuan", 2), ("code_xiang", 2)):
        col = block.ident(name)
        v = cell_text(sheet.value(r, col.index)) if col else ""
        if v and not v.isdigit():
            return None, bool(v)
        parts[name] = v.zfill(width) if v and len(v) < width else v
    cls, kuan, xiang = parts["code_class"], parts["code_kuan"], parts["code_xiang"]
    if not (cls or kuan or xiang):
        return None, False
    # a full code may sit in the 款/项 column (20103 / 2010301)
    if len(xiang) == 7:
        return xiang, True
    if len(kuan) == 5 and not xiang:
        last["class"], last["kuan"] = kuan[:3], kuan
        return kuan, True
    if len(kuan) == 5:
        kuan = kuan[3:]
    cls = cls or (last.get("class", "") if kuan else "")
    if xiang and not kuan:
        kuan = last.get("kuan", "")[3:] if last.get("kuan", "").startswith(cls) else ""
    if not cls or (xiang and not kuan):
        return None, True
    code = cls + (kuan if kuan else "") + (xiang if kuan and xiang else "")
    last["class"] = cls
    if kuan:
        last["kuan"] = cls + kuan
    return code, True


def read_coded_table(
    sheet: SheetGrid, table: str, info: SheetInfo, unit: str | None, result: ExtractionResult
) -> SheetRead:
    """Read a table keyed by classification codes (or a summary table) into account_lines."""
    out = SheetRead(table, sheet.name, info, unit)
    start = max(x for x in (info.title_row, info.unit_row, -1) if x is not None) + 1
    grid = analyse_table(sheet, table, start)
    if grid is None:
        result.add_issue(
            "workbook_layout",
            f"{sheet.name}: 未找到表头或数据行 no header/data rows found; sheet not read",
        )
        return out
    for problem in grid.problems:
        result.add_issue("workbook_layout", f"{sheet.name}: {problem}", severity="error")
    if not any(b.amounts for b in grid.blocks):
        result.add_issue(
            "workbook_layout",
            f"{sheet.name}: 未识别金额列 no amount column recognised; sheet not read",
        )
        return out
    classification = L.TABLES[table]["classification"]
    summary = L.TABLES[table]["kind"] == "summary"
    unmapped_with_numbers: set[int] = set()
    last_split: dict[str, str] = {}
    for r in range(grid.data_start, sheet.nrows):
        if sheet.row_is_blank(r):
            continue
        note = _is_footnote(sheet, r)
        if note:
            if any(m in L.norm_text(note) for m in L.EMPTY_TABLE_MARKERS):
                out.empty_note = note
            continue
        for col in grid.unmapped:
            if is_number(sheet.value(r, col.index)):
                unmapped_with_numbers.add(col.index)
        for block in grid.blocks:
            _read_block_row(
                sheet, r, block, table, classification, summary, unit, out, result, last_split
            )
    for c in sorted(unmapped_with_numbers):
        col = next(x for x in grid.unmapped if x.index == c)
        result.add_issue(
            "workbook_layout",
            f"{sheet.name}: 未识别的金额列 unrecognised amount column '{col.header}' "
            f"({sheet.address(grid.header_rows[0], c)}); not read",
        )
    return out


def _read_block_row(
    sheet: SheetGrid,
    r: int,
    block: Block,
    table: str,
    classification: str | None,
    summary: bool,
    unit: str | None,
    out: SheetRead,
    result: ExtractionResult,
    last_split: dict[str, str],
) -> None:
    code: str | None = None
    name = ""
    label_col = block.ident("code") or block.ident("label")
    if not summary:
        if block.ident("code_class") or block.ident("code_kuan"):
            code, _ = _split_code(sheet, r, block, last_split)
        elif label_col is not None:
            code, name = parse_code(sheet.value(r, label_col.index))
    name_col = block.ident("name")
    if name_col is not None and cell_text(sheet.value(r, name_col.index)):
        name = cell_text(sheet.value(r, name_col.index))
    if code is None:
        texts = [
            cell_text(sheet.filled(r, c.index))
            for c in block.columns
            if c.canonical in ("code", "label", "name", "code_class", "code_kuan", "code_xiang")
        ]
        name = next((t for t in texts if t and not t.isdigit()), name)
    amounts = []
    for col in block.amounts:
        cell = read_amount_cell(sheet, r, col.index, result)
        if cell.present:
            amounts.append((col, cell))
    if not amounts:
        return
    out.has_numbers = out.has_numbers or any(not cell.bad for _, cell in amounts)
    out.n_bad += sum(cell.bad for _, cell in amounts)
    if code is None and not summary and L.norm_label(name) not in L.TOTAL_ROW_LABELS:
        result.add_issue(
            "workbook_row",
            f"{sheet.address(r, block.columns[0].index)}: 无科目编码的行未读取 row without a code "
            f"or total label skipped: {name!r}",
        )
        return
    if unit is None:
        return
    lengths = (3, 5) if classification == "economic" else (3, 5, 7)
    if code is not None and len(code) not in lengths:
        # a malformed code cannot enter the warehouse (its schema rejects it): flag the row
        result.checks.append(
            CheckResult(
                "wb_code_format",
                False,
                f"{sheet.name}: 科目编码 {code} 格式错误，该行未载入 bad code format "
                f"(length must be {'/'.join(map(str, lengths))}); row not loaded",
                locator=sheet.address(r, block.columns[0].index),
            )
        )
        return
    line = _summary_line(name) if summary else None
    for col, cell in amounts:
        column_name = col.canonical
        if summary:
            column_name = (
                block.side if col.canonical == "amount" else f"{block.side}_{col.canonical}"
            )
        where = sheet.address(r, col.index)
        amount_wan = checked_wan(
            cell.amount, unit, where, result, negative_allowed(col.canonical, line)
        )
        if cell.amount is not None and amount_wan is None:
            out.n_bad += 1
        label = f"{code} {name}".strip() if code else name
        if code is not None:
            key = (code, column_name)
            if key in out.seen:
                result.checks.append(
                    CheckResult(
                        "wb_duplicate_code",
                        False,
                        f"{sheet.name}: 科目 {code} 列 {column_name} 重复出现，仅载入第一次 "
                        f"code {code} appears twice in column {column_name}; first kept "
                        f"({out.seen[key]}), {sheet.address(r, col.index)} not loaded",
                        locator=sheet.address(r, col.index),
                    )
                )
                continue
            out.seen[key] = sheet.address(r, col.index)
        out.records.append(
            _record(
                sheet.name,
                sheet.address(r, col.index),
                f"{label} | {col.header}",
                table_name=table,
                classification=classification,
                code=code,
                level=code_level(code),
                parent_code=parent_code(code),
                name=name,
                column_name=column_name,
                amount_wan=amount_wan,
            )
        )


# --- 三公 table ---------------------------------------------------------------------


def _three_public_line(text: str) -> str | None:
    s = L.norm_label(text)
    for key, labels in L.THREE_PUBLIC_LINES.items():
        if s in {L.norm_label(x) for x in labels}:
            return key
    return None


def read_three_public(
    sheet: SheetGrid, info: SheetInfo, unit: str | None, result: ExtractionResult
) -> list[dict]:
    """Read the 三公 table, vertical (lines as rows) or horizontal (lines as columns)."""
    start = max(x for x in (info.title_row, info.unit_row, -1) if x is not None) + 1
    rows: list[dict] = []
    # vertical: find the header row naming 预算数 and 决算数
    for r in range(start, min(sheet.nrows, start + 8)):
        cols = {}
        for c in range(sheet.ncols):
            h = _clean_header(sheet.filled(r, c))
            if _word_matches("BUDGET", h) and "budget" not in cols:
                cols["budget"] = c
            elif _word_matches("FINAL", h) and "final" not in cols:
                cols["final"] = c
        # vertical needs a label column left of the amounts
        if len(cols) == 2 and cols["budget"] != cols["final"] and min(cols.values()) > 0:
            for rr in range(r + 1, sheet.nrows):
                if _is_footnote(sheet, rr):
                    continue
                label_c, line = None, None
                for c in range(min(cols.values())):
                    line = _three_public_line(cell_text(sheet.value(rr, c)))
                    if line:
                        label_c = c
                        break
                if line is None:
                    if any(
                        is_number(sheet.value(rr, c)) for c in cols.values()
                    ) and not _is_lanci_row(sheet, rr):
                        result.add_issue(
                            "workbook_row",
                            f"{sheet.address(rr, 0)}: 三公表中未识别的行 unrecognised 三公 row skipped",
                        )
                    continue
                rows.append(
                    _three_row(
                        sheet, line, cell_text(sheet.value(rr, label_c)), rr, cols, unit, result
                    )
                )
            if rows:
                return rows
    # horizontal: lines and 预算数/决算数 in a multi-row header, one data row
    grid_rows = [r for r in range(start, min(sheet.nrows, start + 6)) if not sheet.row_is_blank(r)]
    by_line: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    data_row = None
    for r in range(start, sheet.nrows):
        if any(is_number(v) for v in sheet.rows[r]) and not _is_lanci_row(sheet, r):
            data_row = r
            break
    if data_row is None:
        return rows
    header_rows = [r for r in grid_rows if r < data_row]
    for c in range(sheet.ncols):
        side, line, written = None, None, ""
        for r in header_rows:
            h = _clean_header(sheet.filled(r, c))
            if _word_matches("BUDGET", h):
                side = "budget"
            elif _word_matches("FINAL", h):
                side = "final"
            elif _three_public_line(h):
                line, written = _three_public_line(h), cell_text(sheet.filled(r, c))
            elif _word_matches("SUBTOTAL", h) and line is None:
                line, written = "total", cell_text(sheet.filled(r, c))
        if side and line:
            by_line.setdefault(line, {})[side] = c
            names.setdefault(line, written)
    for line, cols in by_line.items():
        rows.append(_three_row(sheet, line, names[line], data_row, cols, unit, result))
    return rows


def _three_row(
    sheet: SheetGrid,
    line: str,
    name: str,
    r: int,
    cols: dict[str, int],
    unit: str | None,
    result: ExtractionResult,
) -> dict:
    values: dict[str, float | None] = {}
    locs = []
    for side in ("budget", "final"):
        c = cols.get(side)
        amount = read_amount_cell(sheet, r, c, result).amount if c is not None else None
        values[f"{side}_wan"] = (
            checked_wan(amount, unit, sheet.address(r, c), result)
            if c is not None and unit
            else None
        )
        if c is not None:
            locs.append(sheet.address(r, c))
    return _record(
        sheet.name,
        locs[-1] if locs else sheet.address(r, 0),
        f"{name} | 预算数/决算数",
        line=line,
        name=name,
        **values,
    )


# --- the workbook --------------------------------------------------------------------


@dataclass
class _Candidates:
    units: list[tuple[int, str, str]] = field(default_factory=list)  # (trust, text, locator)
    years: list[tuple[int, int, str]] = field(default_factory=list)


def _unit_from_title(text: str) -> str | None:
    s = L.norm_text(text)
    m = re.match(r"^(.{2,30}?(?:街道办事处|办事处|人民政府|街道|镇|乡))(?=\d|$|部门|本级)", s)
    return m.group(1) if m else None


def extract_workbook(
    path: str | Path, result: ExtractionResult, grid: WorkbookGrid | None = None
) -> ExtractionResult:
    """Read a final-accounts workbook or self-evaluation form into figures and records (its
    identities are checked by the check stage, pipeline.checks).

    `grid` is given when the tables were read from another format (PDF, HTML, CSV).
    """
    from pipeline.extract.form import extract_form_sheet

    grid = grid if grid is not None else read_workbook(path)
    result.encoding = grid.format
    if not grid.hidden_rows_supported:
        result.add_issue(
            "workbook_read",
            "旧版 .xls 无法检测隐藏行，隐藏行按普通行读取 hidden rows cannot be detected in "
            "legacy .xls; every row was read",
            severity="info",
        )
    cand = _Candidates()
    tables: dict[str, tuple[SheetGrid, SheetInfo]] = {}
    form_sheets: list[tuple[SheetGrid, SheetInfo, str]] = []
    for sheet in grid.sheets:
        if sheet.nrows == 0 or all(sheet.row_is_blank(r) for r in range(sheet.nrows)):
            result.add_issue("workbook_sheet", f"{sheet.name}: 空工作表 empty sheet", "info")
            continue
        if sheet.hidden:
            result.add_issue(
                "workbook_sheet",
                f"{sheet.name}: 隐藏工作表未读取 hidden sheet not read (not part of the published tables)",
            )
            continue
        info = sheet_info(sheet)
        by_name, by_title = L.match_table(sheet.name), L.match_table(info.title)
        form_kind = L.match_form(info.title) or L.match_form(sheet.name) or _looks_like_form(sheet)
        if form_kind and not by_title:
            form_sheets.append((sheet, info, form_kind))
            _collect_identity(info, cand, sheet)
            continue
        key = by_title or by_name
        if key is None:
            result.add_issue(
                "workbook_sheet",
                f"{sheet.name}: 未识别的工作表 unrecognised sheet (title {info.title!r}); not read",
            )
            continue
        if by_name and by_title and by_name != by_title:
            result.add_issue(
                "workbook_sheet",
                f"{sheet.name}: 工作表名与标题不一致 sheet name says {by_name}, title says "
                f"{by_title}; the title was trusted",
            )
        if key in tables:
            result.add_issue(
                "workbook_sheet",
                f"{sheet.name}: 重复的表 {L.TABLES[key]['title']} duplicate of sheet "
                f"{tables[key][0].name}; not read",
                severity="error",
            )
            continue
        tables[key] = (sheet, info)
        _collect_identity(info, cand, sheet)
    if tables:
        result.doc_type = "final_accounts_workbook"
        result.doc_type_reason = "决算公开表 recognised: " + ", ".join(
            f"{s.name}→{k}" for k, (s, _) in tables.items()
        )
    elif form_sheets:
        result.doc_type = "performance_form"
        result.doc_type_reason = f"绩效自评表 recognised: {form_sheets[0][0].name}"
    else:
        result.doc_type = "unknown"
        result.doc_type_reason = "no final-accounts table or self-evaluation form recognised"
        result.add_issue("doc_type", "工作簿中未识别到决算表或自评表 " + result.doc_type_reason)
    _file_identity(Path(path), cand)
    _set_identity(result, cand)

    units = _sheet_units(tables, result)
    account_lines: list[dict] = []
    three_public: list[dict] = []
    reads: dict[str, SheetRead] = {}
    for key, (sheet, info) in tables.items():
        unit = units.get(key)
        if sheet.hidden_rows:
            rows = ", ".join(str(r + 1) for r in sorted(sheet.hidden_rows))
            result.add_issue(
                "workbook_hidden_rows",
                f"{sheet.name}: 隐藏行已读取 hidden rows read as data: {rows}",
                severity="info",
            )
        if L.TABLES[key]["kind"] == "three_public":
            three_public.extend(read_three_public(sheet, info, unit, result))
            continue
        read = read_coded_table(sheet, key, info, unit, result)
        reads[key] = read
        account_lines.extend(read.records)
    if tables:
        result.records["account_lines"] = account_lines
        result.records["three_public_lines"] = three_public
        missing = [L.TABLES[k]["title"] for k in L.TABLES if k not in tables]
        if missing:
            result.add_issue(
                "workbook_tables", "缺少的表 tables not present: " + "、".join(missing), "info"
            )
        _set_figures(result, reads, three_public, units)
    for sheet, info, kind in form_sheets:
        extract_form_sheet(sheet, info, kind, result)
    return result


def _looks_like_form(sheet: SheetGrid) -> str | None:
    words = {
        L.norm_text(cell_text(v)) for row in sheet.rows[:60] for v in row if isinstance(v, str)
    }
    return "department" if {"一级指标", "三级指标"} <= words else None


def _collect_identity(info: SheetInfo, cand: _Candidates, sheet: SheetGrid) -> None:
    if info.unit_text:
        cand.units.append((0, info.unit_text, info.unit_locator))
    elif info.title and _unit_from_title(info.title):
        cand.units.append(
            (1, _unit_from_title(info.title) or "", sheet.address(info.title_row or 0, 0))
        )
    for source, year, loc in info.years:
        cand.years.append((_TRUST.index(source), year, loc))


def _file_identity(path: Path, cand: _Candidates) -> None:
    stem = path.stem
    m = L.FILE_YEAR_PATTERN.search(stem)
    if m:
        cand.years.append((2, int(m.group(1)), path.name))
    unit = _unit_from_title(re.sub(r"^sample_", "", stem))
    if unit:
        cand.units.append((2, unit, path.name))


def _same_unit(a: str, b: str) -> bool:
    ua, ub = split_unit(a)[2], split_unit(b)[2]
    return ua == ub or ua in ub or ub in ua


def _set_identity(result: ExtractionResult, cand: _Candidates) -> None:
    if cand.units:
        best = min(cand.units, key=lambda x: x[0])
        for trust, text, loc in cand.units:
            if not _same_unit(text, best[1]):
                result.add_issue(
                    "workbook_identity",
                    f"单位名称不一致 unit conflict: {best[1]!r} ({best[2]}, {_TRUST[best[0]]}) vs "
                    f"{text!r} ({loc}, {_TRUST[trust]})",
                    severity="error" if trust == best[0] else "warning",
                )
        same_rank = {t for tr, t, _ in cand.units if tr == best[0]}
        if len({split_unit(t)[2] for t in same_rank}) > 1 and not all(
            _same_unit(t, best[1]) for t in same_rank
        ):
            result.set("unit_name", None, note="conflicting unit names")
        else:
            prov = Provenance(locator=best[2], sentence=best[1])
            resolve_text_identity(result, L.norm_text(best[1]), prov)
    if cand.years:
        best_y = min(cand.years, key=lambda x: x[0])
        conflict = [y for y in cand.years if y[1] != best_y[1]]
        for trust, year, loc in conflict:
            result.add_issue(
                "workbook_identity",
                f"年度不一致 year conflict: {best_y[1]} ({best_y[2]}, {_TRUST[best_y[0]]}) vs "
                f"{year} ({loc}, {_TRUST[trust]})",
                severity="error" if trust == best_y[0] else "warning",
            )
        if any(t == best_y[0] for t, _, _ in conflict):
            result.set("year", None, note="conflicting years at the same level of trust")
        else:
            result.set("year", best_y[1], provenance=Provenance(locator=best_y[2]))


def _sheet_units(
    tables: dict[str, tuple[SheetGrid, SheetInfo]], result: ExtractionResult
) -> dict[str, str | None]:
    stated = {k: info.amount_unit for k, (_, info) in tables.items()}
    # a header such as 金额（万元） also states the unit
    for k, (sheet, _info) in tables.items():
        if stated[k] is None:
            for r in range(min(sheet.nrows, 12)):
                for v in sheet.rows[r]:
                    m = L.HEADER_UNIT_PATTERN.search(L.norm_text(cell_text(v)))
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
            if line is not None and _summary_line(rec["name"]) == line:
                return rec
            if line is None and L.norm_label(rec["name"]) in L.TOTAL_ROW_LABELS:
                return rec
    return None


def _summary_line(name: str) -> str | None:
    s = L.norm_label(name)
    for key, labels in L.SUMMARY_LINES.items():
        if s in {L.norm_label(x) for x in labels}:
            return key
    return None


def summary_line(name: str) -> str | None:
    """Canonical key of a summary-table row label (revenue_total, grand_total, …)."""
    return _summary_line(name)


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


def _set_figures(
    result: ExtractionResult,
    reads: dict[str, SheetRead],
    three_public: list[dict],
    units: dict[str, str | None],
) -> None:
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
