"""Exact amount arithmetic: parse written numbers, convert 元 to 万元 without float drift."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")

#: Factor from a stated amount unit to 万元.
UNIT_TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


def parse_number(text: object) -> Decimal | None:
    """Parse '24,004,900.00', '２４００．４９', 2010301.0 or '-3' into a Decimal; None if not a number."""
    if text is None:
        return None
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        if isinstance(text, float) and text != text:  # NaN
            return None
        return Decimal(repr(text)) if isinstance(text, float) else Decimal(text)
    s = str(text).translate(_FULLWIDTH).strip().replace(" ", "").replace("\u00a0", "")
    if not s or not _NUMBER.match(s):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def to_wan(amount: Decimal, unit: str) -> Decimal:
    """Convert an amount in `unit` (万元, 元, 亿元) to 万元 exactly."""
    return amount * UNIT_TO_WAN[unit]


def wan_float(amount: Decimal | None) -> float | None:
    """A 万元 Decimal as a float rounded to 6 decimals (exact for 元-precision input)."""
    return None if amount is None else round(float(amount), 6)
