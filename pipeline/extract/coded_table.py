"""Reading a table keyed by classification codes (or a summary table) into account_lines:
each data row of each column block, its code (one cell or 类/款/项 columns) and amounts."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import layouts as L
from pipeline.extract.cells import (
    cell_text,
    checked_wan,
    code_level,
    is_number,
    negative_allowed,
    parent_code,
    parse_code,
    read_amount_cell,
)
from pipeline.extract.columns import Block
from pipeline.extract.sheet import SheetInfo, is_footnote, sheet_record, summary_line
from pipeline.extract.table_grid import analyse_table
from pipeline.labels import norm_label, norm_text
from pipeline.models import CheckResult, ExtractionResult
from pipeline.readers.excel import SheetGrid


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
        note = is_footnote(sheet, r)
        if note:
            if any(m in norm_text(note) for m in L.EMPTY_TABLE_MARKERS):
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
    code, name = _row_code_and_name(sheet, r, block, summary, last_split)
    amounts = []
    for col in block.amounts:
        cell = read_amount_cell(sheet, r, col.index, result)
        if cell.present:
            amounts.append((col, cell))
    if not amounts:
        return
    out.has_numbers = out.has_numbers or any(not cell.bad for _, cell in amounts)
    out.n_bad += sum(cell.bad for _, cell in amounts)
    if code is None and not summary and norm_label(name) not in L.TOTAL_ROW_LABELS:
        result.add_issue(
            "workbook_row",
            f"{sheet.address(r, block.columns[0].index)}: 无科目编码的行未读取 row without a code "
            f"or total label skipped: {name!r}",
        )
        return
    if unit is None:
        return
    if code is not None and not _code_format_ok(sheet, r, block, code, classification, result):
        return
    line = summary_line(name) if summary else None
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
        if code is not None and _repeated(sheet, where, code, column_name, out, result):
            continue
        out.records.append(
            sheet_record(
                sheet.name,
                where,
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


def _row_code_and_name(
    sheet: SheetGrid, r: int, block: Block, summary: bool, last_split: dict[str, str]
) -> tuple[str | None, str]:
    """The row's classification code (None in summary tables and total rows) and its name."""
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
    return code, name


def _code_format_ok(
    sheet: SheetGrid,
    r: int,
    block: Block,
    code: str,
    classification: str | None,
    result: ExtractionResult,
) -> bool:
    """Whether the code has a length its classification allows (a failed check if not)."""
    lengths = (3, 5) if classification == "economic" else (3, 5, 7)
    if len(code) in lengths:
        return True
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
    return False


def _repeated(
    sheet: SheetGrid,
    where: str,
    code: str,
    column_name: str | None,
    out: SheetRead,
    result: ExtractionResult,
) -> bool:
    """Whether the code was already read in this column (a failed check; the first is kept)."""
    key = (code, column_name)
    if key in out.seen:
        result.checks.append(
            CheckResult(
                "wb_duplicate_code",
                False,
                f"{sheet.name}: 科目 {code} 列 {column_name} 重复出现，仅载入第一次 "
                f"code {code} appears twice in column {column_name}; first kept "
                f"({out.seen[key]}), {where} not loaded",
                locator=where,
            )
        )
        return True
    out.seen[key] = where
    return False
