"""Bounds checked before a file is parsed: size, zip members, DOCTYPE/entities, XML depth.

An Office Open XML file (.docx/.xlsx) is a zip: a few MB can inflate to gigabytes, and an
XML part can declare entities that expand without end. Each check raises ReadError naming
the limit it hit, in Chinese and English, so the file is quarantined with that reason.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.parsers import expat

from pipeline.config import Limits, limits
from pipeline.readers import ReadError

_XML_PART = re.compile(r"\.(?:xml|rels|vml)$", re.IGNORECASE)
_DECL = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
#: Parts whose nesting is measured (python-docx builds a tree of them).
_DEPTH_PARTS = re.compile(r"^word/(?:document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def check_file_size(path: Path, lim: Limits | None = None) -> None:
    """Refuse a file larger than the per-file limit."""
    lim = lim or limits()
    size = path.stat().st_size
    if size > lim.file_bytes:
        raise ReadError(
            f"文件超过 {lim.mb('file_bytes')} file larger than {lim.mb('file_bytes')}: "
            f"{path.name} ({size / 2**20:.1f} MB)"
        )


def check_zip(path: Path, lim: Limits | None = None) -> None:
    """Member count, per-member and total inflated size, compression ratio of an Office zip."""
    lim = lim or limits()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > lim.zip_members:
                raise ReadError(
                    f"压缩包成员超过 {lim.zip_members} 个 more than {lim.zip_members} zip "
                    f"members: {path.name} ({len(infos)})"
                )
            total = 0
            for info in infos:
                _check_member(path, info, lim)
                total += info.file_size
                if total > lim.zip_total_bytes:
                    raise ReadError(
                        f"解压后超过 {lim.mb('zip_total_bytes')} uncompressed size over "
                        f"{lim.mb('zip_total_bytes')}: {path.name}"
                    )
            for info in infos:
                if _XML_PART.search(info.filename):
                    _check_xml_part(zf, info, path, lim)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        # a corrupt zip is not a limit: the format's own reader reports it in its words
        return


def _check_member(path: Path, info: zipfile.ZipInfo, lim: Limits) -> None:
    if info.file_size > lim.zip_member_bytes:
        raise ReadError(
            f"压缩包成员解压后超过 {lim.mb('zip_member_bytes')} zip member over "
            f"{lim.mb('zip_member_bytes')} uncompressed: {path.name}:{info.filename}"
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > 1024 * 1024 and ratio > lim.zip_ratio:
        raise ReadError(
            f"压缩比超过 {lim.zip_ratio:g} 倍（疑似压缩炸弹） compression ratio over "
            f"{lim.zip_ratio:g} (zip bomb?): {path.name}:{info.filename} ({ratio:.0f}×)"
        )


def _check_xml_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, lim: Limits) -> None:
    """No DOCTYPE or entity declaration; nesting within the depth limit for Word parts."""
    with zf.open(info) as fh:
        head = fh.read(4096)
    # A DOCTYPE can only come before the root element, so the head of the part suffices.
    if _DECL.search(head):
        raise ReadError(
            f"XML 含 DOCTYPE/实体声明（拒绝） XML with a DOCTYPE or entity declaration "
            f"refused: {path.name}:{info.filename}"
        )
    if _DEPTH_PARTS.match(info.filename):
        check_xml_depth(zf.read(info), f"{path.name}:{info.filename}", lim.xml_depth)


def check_xml_depth(data: bytes, name: str, max_depth: int) -> None:
    """Refuse XML nested deeper than max_depth (expat, streaming, no tree built)."""
    parser = expat.ParserCreate()
    depth = 0

    def start(_tag, _attrs):
        nonlocal depth
        depth += 1
        if depth > max_depth:
            raise ReadError(
                f"XML 嵌套超过 {max_depth} 层 XML nested deeper than {max_depth}: {name}"
            )

    def end(_tag):
        nonlocal depth
        depth -= 1

    def doctype(*_args):
        raise ReadError(f"XML 含 DOCTYPE（拒绝） XML with a DOCTYPE refused: {name}")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ReadError(f"XML 格式错误 malformed XML: {name}: {exc}") from exc


_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def check_xlsx_dimensions(path: Path, lim: Limits | None = None) -> None:
    """Refuse a sheet whose used range would exceed the cell limit, before it is loaded.

    The workbook reader builds a dense grid from A1 to the last used cell, so one cell at
    XFD1048576 would ask for 1.7e10 cells; the cell references are scanned in the XML first.
    """
    lim = lim or limits()
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if not _SHEET_PART.match(info.filename):
                    continue
                rows = cols = 0
                with zf.open(info) as fh:
                    tail = b""
                    while chunk := fh.read(1 << 20):
                        data = tail + chunk
                        for col, row in _CELL_REF.findall(data):
                            rows, cols = max(rows, int(row)), max(cols, _col_number(col))
                        tail = data[-256:]
                if rows > lim.sheet_rows or cols > lim.sheet_cols or rows * cols > lim.sheet_cells:
                    raise ReadError(
                        f"工作表超过 {lim.sheet_cells} 个单元格 sheet larger than "
                        f"{lim.sheet_cells} cells: {path.name}:{info.filename} "
                        f"({rows} rows × {cols} columns)"
                    )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return


def check_text_length(text: str, name: str, lim: Limits | None = None) -> None:
    """Refuse a document whose text exceeds the per-document limit."""
    lim = lim or limits()
    if len(text) > lim.text_chars:
        raise ReadError(
            f"文本超过 {lim.text_chars} 字符 text longer than {lim.text_chars} characters: {name}"
        )


#: BIFF cell records of legacy .xls: (record type, offset of the first column, multi-column?).
_BIFF_CELLS = {
    0x0006: False,  # FORMULA
    0x00FD: False,  # LABELSST
    0x0203: False,  # NUMBER
    0x027E: False,  # RK
    0x0201: False,  # BLANK
    0x0204: False,  # LABEL
    0x0205: False,  # BOOLERR
    0x00BD: True,  # MULRK
    0x00BE: True,  # MULBLANK
}


def check_xls_dimensions(path: Path, lim: Limits | None = None) -> None:
    """Refuse a legacy .xls whose cells span more than the cell limit (read from the BIFF
    cell records before the workbook reader builds its dense grid)."""
    import olefile

    lim = lim or limits()
    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(name).read()
    except Exception:  # not readable here: the workbook reader reports it in its words
        return
    rows = cols = 0
    pos = 0
    while pos + 4 <= len(data):
        kind = int.from_bytes(data[pos : pos + 2], "little")
        size = int.from_bytes(data[pos + 2 : pos + 4], "little")
        body = data[pos + 4 : pos + 4 + size]
        pos += 4 + size
        multi = _BIFF_CELLS.get(kind)
        if multi is None or len(body) < 4:
            if kind == 0x0809 and len(body) >= 2 and int.from_bytes(body[2:4], "little") == 0x10:
                _sheet_over(path, rows, cols, lim)  # a new sheet's BOF: check the one before
                rows = cols = 0
            continue
        row = int.from_bytes(body[0:2], "little") + 1
        col = int.from_bytes(body[2:4], "little") + 1
        if multi and len(body) >= 6:
            col = int.from_bytes(body[-2:], "little") + 1  # the last column of the run
        rows, cols = max(rows, row), max(cols, col)
    _sheet_over(path, rows, cols, lim)


def _sheet_over(path: Path, rows: int, cols: int, lim: Limits) -> None:
    if rows * cols > lim.sheet_cells:
        raise ReadError(
            f"工作表超过 {lim.sheet_cells} 个单元格 sheet larger than {lim.sheet_cells} cells: "
            f"{path.name} ({rows} rows × {cols} columns)"
        )
