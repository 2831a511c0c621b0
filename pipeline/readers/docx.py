"""Word (.docx) reader: paragraphs and table rows in body order."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.models import Document
from pipeline.normalize import normalize_blocks
from pipeline.readers import ReadError
from pipeline.readers.guards import check_file_size, check_text_length, check_zip
from pipeline.readers.opc import main_document

#: Separator between the cells of one table row in a block.
CELL_SEPARATOR = " | "

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p_el) -> str:
    """Text of a w:p element, tabs and breaks as spaces/newlines."""
    parts: list[str] = []
    for node in p_el.iter():
        tag = node.tag
        if tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif tag == f"{_W}tab":
            parts.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc_el) -> str:
    return "\n".join(t for p in tc_el.iter(f"{_W}p") if (t := _paragraph_text(p).strip())).replace(
        "\n", " "
    )


def _row_blocks(tbl_el) -> list[str]:
    """One block per table row, one cell per grid column so that a value stays under its
    header: a horizontally merged cell (gridSpan) gives its text then empty cells, and a
    vertically merged continuation cell (vMerge without val) gives an empty cell."""
    rows: list[str] = []
    for tr in tbl_el.iter(f"{_W}tr"):
        if tr.getparent() is not tbl_el:  # rows of nested tables are read with their cell
            continue
        cells: list[str] = []
        for tc in tr.findall(f"{_W}tc"):
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            try:
                span = max(1, int(span_el.get(f"{_W}val"))) if span_el is not None else 1
            except (TypeError, ValueError):
                span = 1
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if vmerge is not None and vmerge.get(f"{_W}val") in (None, "continue"):
                cells.extend([""] * span)
                continue
            cells.append(_cell_text(tc))
            cells.extend([""] * (span - 1))
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append(CELL_SEPARATOR.join(cells))
    return rows


def read_docx(path: str | Path) -> Document:
    """Read a .docx into a normalized Document: paragraphs and table rows in document order."""
    p = Path(path)
    check_file_size(p)
    check_zip(p)
    try:
        root = main_document(p)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(
            f"无法打开 Word 文件（损坏或不是 .docx） corrupt or not a .docx: {p}: {exc}"
        ) from exc
    except Exception as exc:  # PackageNotFoundError and lxml syntax errors
        raise ReadError(f"无法打开 Word 文件 cannot open .docx: {p}: {exc!r}") from exc
    body = root.find(f"{_W}body")
    raw_blocks: list[str] = []
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            raw_blocks.append(_paragraph_text(child))
        elif child.tag == f"{_W}tbl":
            raw_blocks.extend(_row_blocks(child))
    raw = "\n".join(raw_blocks)
    check_text_length(raw, p.name)
    blocks = normalize_blocks(raw_blocks)
    if not blocks:
        raise ReadError(f"Word 文件无文本 .docx has no text: {p}")
    return Document(
        path=str(p), text="\n".join(blocks), blocks=blocks, encoding="docx", raw_text=raw
    )
