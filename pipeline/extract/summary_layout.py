"""The two summary tables (收入支出决算总表, 财政拨款收入支出决算总表): labels and sides.

Income sits on the left and spending on the right, with or without 行次 columns
(项目 | 行次 | 金额 twice, or 项目 | 决算数 | 项目 | 决算数), and never as two income columns
(DOMAIN.md §3). A column is a label column when its header says so (项目, 科目名称, 收入项目)
or, whatever its header (收入, 支出, nothing), when its data cells are text and never numbers;
each label column after an amount column starts the next side.
"""

from __future__ import annotations

from pipeline import layouts as L
from pipeline.extract.cells import cell_text, is_number, parse_amount
from pipeline.extract.columns import Block, Column
from pipeline.extract.sheet import summary_line
from pipeline.labels import norm_label, norm_text
from pipeline.readers.excel import SheetGrid

_SIDES = ("revenue", "expenditure")
_SIDE_NAMES = {"revenue": "收入 income", "expenditure": "支出 spending"}


def _holds_labels(sheet: SheetGrid, c: int, data_start: int) -> bool:
    texts = 0
    for r in range(data_start, sheet.nrows):
        v = sheet.value(r, c)
        if is_number(v):
            return False
        text = cell_text(v)
        if text and not norm_text(text).startswith(L.FOOTNOTE_PREFIXES):
            if parse_amount(v)[1] != "text":
                return False  # a number written as text, or a dash: an amount column
            texts += 1
    return texts >= 2


def mark_label_columns(sheet: SheetGrid, columns: list[Column], data_start: int) -> None:
    """Make every column of row labels a 'label' column, so it starts a side."""
    for col in columns:
        if col.canonical == "name" or (
            col.canonical is None and _holds_labels(sheet, col.index, data_start)
        ):
            col.canonical = "label"


def _named_side(block: Block) -> str | None:
    named = set()
    for col in block.columns:
        for element in col.header.split("/"):
            side = L.SUMMARY_SIDES.get(norm_label(element))
            if side:
                named.add(side)
    return named.pop() if len(named) == 1 else None


def _side_of_lines(sheet: SheetGrid, block: Block, data_start: int) -> str | None:
    """The side the block's row labels belong to (本年收入合计… vs 本年支出合计, …支出)."""
    votes = {"revenue": 0, "expenditure": 0}
    for col in block.columns:
        if col.canonical != "label":
            continue
        for r in range(data_start, sheet.nrows):
            label = norm_label(cell_text(sheet.value(r, col.index)))
            line = summary_line(label)
            if line in L.SUMMARY_REVENUE_LINES or (not line and label.endswith("收入")):
                votes["revenue"] += 1
            elif line in L.SUMMARY_EXPENDITURE_LINES or (not line and label.endswith("支出")):
                votes["expenditure"] += 1
    if votes["revenue"] == votes["expenditure"]:
        return None
    return max(votes, key=votes.__getitem__)


def _distinct(pair: list[str | None]) -> bool:
    return len(pair) == 2 and all(pair) and pair[0] != pair[1]


def assign_sides(sheet: SheetGrid, blocks: list[Block], data_start: int) -> list[str]:
    """Set each block's side; returns problems for the issues.

    The row labels decide (本年收入合计 is income wherever it sits), then the header words
    (收入 | 支出), then the position: income left, spending right.
    """
    problems: list[str] = []
    sides: list[str] = [_SIDES[min(i, 1)] for i in range(len(blocks))]
    by_lines = [_side_of_lines(sheet, b, data_start) for b in blocks[:2]]
    by_header = [_named_side(b) for b in blocks[:2]]
    if _distinct(by_lines):
        sides[:2] = by_lines
    elif _distinct(by_header):
        sides[:2] = by_header
    elif len(blocks) >= 2 and by_lines[0] is not None and by_lines[0] == by_lines[1]:
        problems.append(
            f"两侧的行都像{_SIDE_NAMES[by_lines[0]]} the row labels of both sides look like "
            f"{by_lines[0]}; read the left side as income, the right side as spending"
        )
    elif len(blocks) == 1:
        sides[0] = by_lines[0] or by_header[0] or sides[0]
    for block, side in zip(blocks, sides, strict=True):
        block.side = side
    return problems


def drop_doubled_columns(blocks: list[Block]) -> list[str]:
    """A side with two columns of the same meaning is two sides run together: keep the first."""
    dropped: list[Column] = []
    problems: list[str] = []
    for block in blocks:
        seen: set[str] = set()
        for col in block.amounts:
            if col.canonical in seen:
                dropped.append(col)
                problems.append(
                    f"列 '{col.header}' 与左侧同名列无法区分收入或支出 column '{col.header}' "
                    f"repeats column '{col.canonical}' of the {block.side} side with no label "
                    "column between them: which side it belongs to is unknown; not read"
                )
            seen.add(col.canonical or "")
        block.columns = [c for c in block.columns if c not in dropped]
    return problems
