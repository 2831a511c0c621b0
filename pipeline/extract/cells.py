"""Cell-level truth in workbooks: what one amount cell holds, and whether it can be believed.

A cell that holds an error value (#REF!), a formula saved without its value, text, a
negative amount where none is allowed or an absurd magnitude is named in its own issue
(sheet!cell) and read as empty: never as 0, never as another cell's figure. A code cell
(2010301, or 201 一般公共服务 in one cell) gives its classification code and level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pipeline import layouts as L
from pipeline.amounts import parse_number, to_wan, wan_float
from pipeline.config import MAX_AMOUNT_WAN
from pipeline.labels import norm_text
from pipeline.models import ExtractionResult
from pipeline.readers.excel import SheetGrid

_CODE_TEXT = re.compile(r"^(\d{3,9})(?:\.0+)?(?![\d.])[\s:：\-_、.]*(.*)$")
_DASHES = {"-", "--", "—", "——", "－", "/", "\\"}
#: The check name of every issue about one amount cell.
AMOUNT_CHECK = "workbook_amount"


def is_number(v: Any) -> bool:
    """True for an int/float cell (bool excluded)."""
    return isinstance(v, int | float) and not isinstance(v, bool)


def cell_text(v: Any) -> str:
    """A cell as stripped text ('' for empty; 2010301.0 → '2010301')."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def parse_amount(v: Any) -> tuple[Decimal | None, str]:
    """A cell as an amount: (Decimal, 'ok'), (None, 'blank'), (0, 'dash') or (None, 'text')."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return None, "blank"
    if is_number(v):
        return parse_number(v), "ok"
    s = str(v).strip()
    if s in _DASHES:
        # a dash in a published finance table means nil
        return Decimal(0), "dash"
    n = parse_number(s)
    return (n, "ok") if n is not None else (None, "text")


@dataclass
class AmountCell:
    """One amount cell as read: a value, nothing (blank), or a bad cell with the reason."""

    amount: Decimal | None
    bad: bool = False

    @property
    def present(self) -> bool:
        """The cell holds something: a number, a dash, or something bad."""
        return self.amount is not None or self.bad


def read_amount_cell(sheet: SheetGrid, r: int, c: int, result: ExtractionResult) -> AmountCell:
    """Read one amount cell; an error value, a formula without its value or text is an issue."""
    fault = sheet.faults.get((r, c))
    if fault is not None and fault.startswith("="):
        where = sheet.address(r, c)
        _bad(result, f"{where}: 公式没有保存计算结果 formula {fault} was saved without its value")
        return AmountCell(None, bad=True)
    if fault is not None:
        _bad(result, f"{sheet.address(r, c)}: 单元格为错误值 cell holds the error value {fault}")
        return AmountCell(None, bad=True)
    v = sheet.value(r, c)
    amount, how = parse_amount(v)
    if how == "text":
        _bad(
            result, f"{sheet.address(r, c)}: 金额单元格不是数字 amount cell is not a number: {v!r}"
        )
        return AmountCell(None, bad=True)
    return AmountCell(amount)


def checked_wan(
    amount: Decimal | None,
    unit: str,
    where: str,
    result: ExtractionResult,
    negative_ok: bool = False,
) -> float | None:
    """The amount in 万元, or None (and an issue) when it is negative or absurdly large."""
    if amount is None:
        return None
    wan = wan_float(to_wan(amount, unit))
    if wan is None:
        return None
    if wan < 0 and not negative_ok:
        _bad(result, f"{where}: 负数金额 negative amount {amount} {unit} where none is allowed")
        return None
    if abs(wan) > MAX_AMOUNT_WAN:
        _bad(
            result,
            f"{where}: 金额大得不合常理 implausible amount {amount} {unit} "
            f"(over {MAX_AMOUNT_WAN:g} 万元)",
        )
        return None
    return wan


def negative_allowed(column: str | None, line: str | None = None) -> bool:
    """Whether a column (or summary line) may hold a negative amount (结转和结余 only)."""
    return column in L.NEGATIVE_ALLOWED_COLUMNS or line in L.NEGATIVE_ALLOWED_LINES


def _bad(result: ExtractionResult, message: str) -> None:
    result.add_issue(AMOUNT_CHECK, f"{message}; 该数字留空 figure left empty", severity="error")


def parse_code(v: Any) -> tuple[str | None, str]:
    """A code cell → (code as text, name written in the same cell); (None, text) if no code."""
    if is_number(v):
        if isinstance(v, float) and not v.is_integer():
            return None, ""
        s = str(int(v))
        return (s, "") if 3 <= len(s) <= 9 else (None, "")
    s = norm_text(v) if v not in (None, "") else ""
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
