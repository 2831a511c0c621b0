"""The top of a sheet (title, 编制单位, 金额单位, year) and the header and row helpers that
the final-accounts tables and the self-evaluation forms share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline import layouts as L
from pipeline.extract.cells import cell_text, is_number
from pipeline.labels import match_form, match_table, norm_label, norm_text
from pipeline.readers.excel import SheetGrid


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
    return [(c, t) for c, v in enumerate(sheet.rows[row]) if (t := cell_text(v))]


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
                if len(t) <= 80 and (match_table(t) or match_form(t)):
                    info.title, info.title_row = t, r
                    break
        for c, t in cells:
            nt = norm_text(t)
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
                        if L.AMOUNT_UNIT_PATTERN.search(norm_text(value)):
                            value = ""
                    value = (
                        L.YEAR_PATTERN.split(value)[0] if L.YEAR_PATTERN.search(value) else value
                    )
                    info.unit_text = value.strip(" ：:\u3000")
                    info.unit_locator, info.unit_row = sheet.address(r, c), r
        if info.unit_row == r:
            for c, t in cells:
                for y in L.YEAR_PATTERN.findall(norm_text(t)):
                    info.years.append(("unit_row", int(y), sheet.address(r, c)))
    if info.title_row is None:
        # no known title: the first short text of the top rows still may carry unit/year
        for r in range(min(3, sheet.nrows)):
            cells = _text_cells(sheet, r)
            if cells and len(cells[0][1]) <= 80:
                info.title, info.title_row = cells[0][1], r
                break
    if info.title:
        for y in L.YEAR_PATTERN.findall(norm_text(info.title)):
            loc = sheet.address(info.title_row or 0, 0)
            info.years.append(("title", int(y), loc))
    return info


def word_matches(word: str, element: str) -> bool:
    """Whether a header element is the word (a HEADER_WORDS key with its synonyms, or itself)."""
    syns = L.HEADER_WORDS.get(word)
    if syns is None:
        return norm_label(word) == element
    return element in {norm_label(s) for s in syns}


def clean_header(text: Any) -> str:
    """A header cell as a label, without its amount-unit note (（万元）)."""
    s = norm_label(cell_text(text))
    return L.HEADER_UNIT_PATTERN.sub("", s)


def is_lanci_row(sheet: SheetGrid, r: int) -> bool:
    """Whether the row is the 栏次 row (the word, or only consecutive column numbers)."""
    cells = [v for v in sheet.rows[r] if cell_text(v)]
    if any(norm_text(v) == "栏次" for v in cells if isinstance(v, str)):
        return True
    nums = [v for v in cells if is_number(v)]
    texts = [v for v in cells if not is_number(v)]
    if len(nums) >= 2 and not texts:
        ints = [int(v) for v in nums if float(v).is_integer()]
        return len(ints) == len(nums) and ints == list(range(ints[0], ints[0] + len(ints)))
    return False


def is_footnote(sheet: SheetGrid, r: int) -> str | None:
    """The row's footnote text (注：…, 说明：…) when it is one."""
    # called for every data row: look at the first text cell only
    first = next((t for v in sheet.rows[r] if (t := cell_text(v))), None)
    if first is not None and norm_text(first).startswith(L.FOOTNOTE_PREFIXES):
        return first
    return None


def sheet_record(sheet: str | None, locator: str, sentence: str, **values: Any) -> dict:
    """A record row: its values, the sheet it came from and where (no text offsets)."""
    row = dict(values)
    if sheet is not None:
        row["sheet"] = sheet
    row.update(locator=locator, sentence=sentence, start=None, end=None)
    return row


def summary_line(name: str) -> str | None:
    """Canonical key of a summary-table row label (revenue_total, grand_total, …)."""
    return _summary_keys().get(norm_label(name))


@lru_cache(maxsize=1)
def _summary_keys() -> dict[str, str]:
    """Normalised summary-row label → its key, the first key listed winning (as before)."""
    keys: dict[str, str] = {}
    for key, labels in L.SUMMARY_LINES.items():
        for label in labels:
            keys.setdefault(norm_label(label), key)
    return keys
