"""Read .xlsx/.xls workbooks into cell grids with A1 addresses, merges and hidden rows/sheets.

python-calamine is the main path (it reads both formats and is several times faster than
openpyxl). Calamine does not expose hidden rows, so for .xlsx they are read from the
sheet XML directly (a regex over the <row> tags, far cheaper than loading openpyxl);
for legacy .xls hidden rows are not detected (calamine's BIFF reader does not report them).
Calamine also reads an error value (#REF!) or a formula saved without its cached value as an
empty cell; for .xlsx those cells are found in the sheet XML too (SheetGrid.faults), so a
broken cell is never taken for a blank one (not for .xls: calamine hides them there too).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from posixpath import join, normpath
from typing import Any

import python_calamine as pc

from pipeline.config import limits
from pipeline.readers import ReadError
from pipeline.readers.guards import (
    check_file_size,
    check_xls_dimensions,
    check_xlsx_dimensions,
    check_zip,
)

_EMPTY = ("", None)


@lru_cache(maxsize=1 << 12)
def column_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """0-based (row, col) → A1 address."""
    return f"{column_letter(col)}{row + 1}"


_PLAIN_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def cell_value(text: str) -> Any:
    """A cell read as text (PDF, HTML, CSV) typed as a spreadsheet would: plain numbers
    ('62,221,600.00', '1.00') as floats, everything else (codes with text, 8.86%, —) as is."""
    s = text.strip()
    return float(s.replace(",", "")) if s and _PLAIN_NUMBER.fullmatch(s) else text


@dataclass
class SheetGrid:
    """One worksheet as a rectangular grid anchored at A1 (row/col indexes are 0-based)."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)
    #: (row, col) → what a cell read as empty really holds: '#REF!', or '=SUM(B5:B9)' for a
    #: formula saved without its value
    faults: dict[tuple[int, int], str] = field(default_factory=dict)
    _merge_origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # A merged range is clipped to the cells the grid has (an A1:XFD1048576 merge on a
        # small sheet would otherwise build a 1.7e10-entry map), and the map is bounded.
        nrows, ncols = len(self.rows), max((len(r) for r in self.rows), default=0)
        budget = limits().sheet_cells
        for (r0, c0), (r1, c1) in self.merged:
            r1, c1 = min(r1, nrows - 1), min(c1, ncols - 1)
            if r0 > r1 or c0 > c1:
                continue
            budget -= (r1 - r0 + 1) * (c1 - c0 + 1)
            if budget < 0:
                raise ReadError(
                    f"合并单元格超过 {limits().sheet_cells} 个 merged cells over "
                    f"{limits().sheet_cells}: sheet {self.name}"
                )
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        self._merge_origin[(r, c)] = (r0, c0)

    @property
    def nrows(self) -> int:
        """Number of rows in the grid."""
        return len(self.rows)

    @property
    def ncols(self) -> int:
        """Number of columns in the grid."""
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int) -> Any:
        """The raw cell value ('' when empty or outside the grid)."""
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            v = self.rows[row][col]
            return "" if v is None else v
        return ""

    def filled(self, row: int, col: int) -> Any:
        """The cell value, or the value of the merged range's top-left cell covering it."""
        origin = self._merge_origin.get((row, col))
        if origin is not None:
            return self.value(*origin)
        return self.value(row, col)

    def is_merge_follower(self, row: int, col: int) -> bool:
        """True for a cell covered by a merged range but not its top-left cell."""
        return (row, col) in self._merge_origin

    def address(self, row: int, col: int) -> str:
        """'Sheet!C7' for a 0-based cell."""
        return f"{self.name}!{a1(row, col)}"

    def row_is_blank(self, row: int) -> bool:
        """True when every cell of the row is empty or whitespace."""
        return all(v in _EMPTY or (isinstance(v, str) and not v.strip()) for v in self.rows[row])


@dataclass
class WorkbookGrid:
    """Every sheet of a workbook, in workbook order."""

    path: str
    format: str  # "xlsx" | "xls"
    sheets: list[SheetGrid]
    hidden_rows_supported: bool = True


def _read_error(path: Path, exc: BaseException) -> ReadError:
    return ReadError(
        f"无法读取工作簿（文件损坏、加密或不是 Excel 文件）cannot read workbook "
        f"(corrupt, encrypted or not an Excel file): {path.name}: {exc}"
    )


def read_workbook(path: str | Path, fmt: str | None = None) -> WorkbookGrid:
    """Read every sheet of an .xlsx/.xls file; a corrupt file raises ReadError (Chinese + English).

    `fmt` is what the bytes are ("xlsx" or "xls", from readers.sniff); without it the
    suffix decides. The file is opened by content, so an .xls that is an .xlsx reads too.
    """
    p = Path(path)
    fmt = fmt or p.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "xls"):
        raise ReadError(f"不是 Excel 工作簿 not an Excel workbook: {p.name}")
    try:
        check_file_size(p)
        if fmt == "xlsx":
            check_zip(p)
            check_xlsx_dimensions(p)
        else:
            check_xls_dimensions(p)
        with p.open("rb") as fh:
            wb = pc.load_workbook(fh)
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError(f"无法打开文件 cannot open file: {p.name}: {exc}") from exc
    except Exception as exc:  # calamine raises CalamineError subclasses and plain ones
        raise _read_error(p, exc) from exc
    hidden_rows: dict[str, set[int]] = {}
    faults: dict[str, dict[tuple[int, int], str]] = {}
    if fmt == "xlsx":
        try:
            hidden_rows, faults = xlsx_sheet_marks(p)
        except (zipfile.BadZipFile, KeyError, OSError) as exc:
            raise _read_error(p, exc) from exc
    sheets: list[SheetGrid] = []
    try:
        with wb:
            for meta in wb.sheets_metadata:
                if meta.typ != pc.SheetTypeEnum.WorkSheet:
                    continue  # chart/macro sheets hold no cells
                sheet = wb.get_sheet_by_name(meta.name)
                _check_dimensions(p, meta.name, sheet)
                # skip_empty_area=False keeps the grid anchored at A1 so addresses are true
                rows = sheet.to_python(skip_empty_area=False)
                width = max((len(r) for r in rows), default=0)
                rows = [list(r) + [""] * (width - len(r)) for r in rows]
                sheets.append(
                    SheetGrid(
                        name=meta.name,
                        rows=rows,
                        merged=list(sheet.merged_cell_ranges or []),
                        hidden=meta.visible != pc.SheetVisibleEnum.Visible,
                        hidden_rows=hidden_rows.get(meta.name, set()),
                        faults=faults.get(meta.name, {}),
                    )
                )
    except ReadError:
        raise
    except Exception as exc:
        raise _read_error(p, exc) from exc
    return WorkbookGrid(str(p), fmt, sheets, hidden_rows_supported=(fmt == "xlsx"))


def _check_dimensions(path: Path, name: str, sheet) -> None:
    """Refuse a sheet whose used range (anchored at A1) exceeds the row, column or cell limit."""
    lim = limits()
    end = sheet.end or (0, 0)
    rows, cols = end[0] + 1, end[1] + 1
    if rows > lim.sheet_rows or cols > lim.sheet_cols or rows * cols > lim.sheet_cells:
        raise ReadError(
            f"工作表超过 {lim.sheet_cells} 个单元格 sheet larger than {lim.sheet_cells} cells: "
            f"{path.name}:{name} ({rows} rows × {cols} columns)"
        )


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')


def _attrs(raw: bytes) -> dict[str, str]:
    out = {}
    for k, v in _ATTR.findall(raw):
        key = k.decode().split(":")[-1] if not k.startswith(b"r:") else k.decode()
        out[key] = _unescape(v.decode("utf-8"))
    return out


def _unescape(s: str) -> str:
    return (
        s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part in an .xlsx (xl/worksheets/sheet1.xml), in workbook order."""
    names = set(zf.namelist())
    workbook = zf.read("xl/workbook.xml")
    rels = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    targets = {}
    for raw in _REL_TAG.findall(rels):
        a = _attrs(raw)
        if "Id" in a and "Target" in a:
            t = a["Target"]
            targets[a["Id"]] = t.lstrip("/") if t.startswith("/") else normpath(join("xl", t))
    parts = {}
    for raw in _SHEET_TAG.findall(workbook):
        a = _attrs(raw)
        part = targets.get(a.get("r:id") or a.get("id") or "")
        if part and part in names:
            parts[a.get("name", "")] = part
    return parts


def xlsx_sheet_marks(
    path: str | Path,
) -> tuple[dict[str, set[int]], dict[str, dict[tuple[int, int], str]]]:
    """(hidden rows, cell faults) per sheet name of an .xlsx, reading each sheet's XML once."""
    hidden: dict[str, set[int]] = {}
    faults: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(path) as zf:
        for name, part in xlsx_sheet_parts(zf).items():
            xml = zf.read(part)
            hidden[name] = _hidden_rows(xml)
            faults[name] = _cell_faults(xml)
    return hidden, faults


def xlsx_hidden_rows(path: str | Path) -> dict[str, set[int]]:
    """Hidden rows (0-based) per sheet name of an .xlsx, read from the sheet XML <row hidden>."""
    return xlsx_sheet_marks(path)[0]


def _hidden_rows(xml: bytes) -> set[int]:
    hidden: set[int] = set()
    for row_raw in _ROW_TAG.findall(xml):
        ra = _attrs(row_raw)
        if ra.get("hidden") in ("1", "true") and ra.get("r", "").isdigit():
            hidden.add(int(ra["r"]) - 1)
    return hidden


_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_A1 = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _a1_index(ref: str) -> tuple[int, int] | None:
    m = _A1.match(ref)
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _cell_faults(xml: bytes) -> dict[tuple[int, int], str]:
    """(row, col) → error value or formula, for the cells calamine reads as empty."""
    faults: dict[tuple[int, int], str] = {}
    # cheap test first: most sheets hold neither formulas nor errors
    if b't="e"' not in xml and b"<f" not in xml and b":f" not in xml:
        return faults
    for attrs_raw, inner in _CELL.findall(xml):
        attrs = _attrs(attrs_raw)
        fault = _cell_fault(attrs, inner or b"")
        at = _a1_index(attrs.get("r", ""))
        if fault and at is not None:
            faults[at] = fault
    return faults


def _cell_fault(attrs: dict[str, str], inner: bytes) -> str | None:
    value = _VALUE.search(inner)
    text = _unescape(value.group(1).decode("utf-8", "replace")).strip() if value else ""
    if attrs.get("t") == "e":
        return text or "#ERROR"
    formula = _FORMULA.search(inner)
    if formula and not text:
        body = _unescape((formula.group(1) or b"").decode("utf-8", "replace")).strip()
        return "=" + (body or "(shared formula)")
    return None
