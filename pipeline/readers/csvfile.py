"""CSV exports (often named .xls by government systems) as a one-sheet workbook grid."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pipeline.config import limits
from pipeline.readers import ReadError
from pipeline.readers.excel import SheetGrid, WorkbookGrid, cell_value
from pipeline.readers.guards import check_file_size
from pipeline.readers.text import decode_bytes


def read_csv(path: str | Path) -> WorkbookGrid:
    """Read a CSV (comma, tab or semicolon; any encoding the text reader knows) as one sheet."""
    p = Path(path)
    check_file_size(p)
    text, _encoding = decode_bytes(p.read_bytes(), p.name)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    lim = limits()
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            cells += len(row)
            if cells > lim.sheet_cells:
                raise ReadError(
                    f"工作表超过 {lim.sheet_cells} 个单元格 sheet larger than "
                    f"{lim.sheet_cells} cells: {p.name}"
                )
            rows.append([cell_value(c.strip()) for c in row])
    except csv.Error as exc:
        raise ReadError(f"CSV 格式错误 malformed CSV: {p.name}: {exc}") from exc
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return WorkbookGrid(str(p), "csv", [SheetGrid(name=p.stem, rows=rows)], True)
