"""Saved web pages (.html/.htm, .mhtml) and "xls" exports that are HTML tables.

The charset comes from the BOM, then <meta>, then detection (GB2312/GBK decode as
GB18030). Portal chrome (navigation, breadcrumb, header, footer: vocab.HTML_DROP_TAGS and
HTML_CHROME_WORDS) is dropped before the text is read; site boilerplate lines are dropped
by normalize. Paragraphs come out in document order, data tables as rows of ' | '-joined
cells (as the .docx reader writes them) and as grids for the workbook extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import vocab
from pipeline.config import limits
from pipeline.models import Document
from pipeline.readers import ReadError
from pipeline.readers.excel import SheetGrid, cell_value
from pipeline.readers.guards import check_file_size, check_text_length
from pipeline.readers.mhtml import html_part
from pipeline.readers.text import decode_bytes
from pipeline.readers.textmap import document_with_origins

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "blockquote",
        "pre",
        "center",
        "address",
        "caption",
        "title",
        "body",
        "tr",
        "table",
        "hr",
    ]
)
_CELL_TEXT_MAX = 300  # a cell longer than this makes the table a layout table
_SPAN_MAX = 200
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


@dataclass
class PageContent:
    """A web page's text as a Document and its data tables as grids."""

    document: Document | None
    sheets: list[SheetGrid] = field(default_factory=list)


def decode_html(data: bytes, declared: str | None = None, name: str = "") -> str:
    """Decode page bytes: BOM, then the MIME or <meta> charset, then detection."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data, name)[0]
    m = _META.search(data[:8192])
    for label in (declared, m.group(1).decode("ascii", "ignore") if m else None):
        if not label:
            continue
        enc = _ALIASES.get(label.lower(), label.lower())
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_bytes(data, name)[0]


def _is_chrome(el) -> bool:
    words = f"{el.get('id', '')} {el.get('class', '')}".lower().split()
    return any(
        w == c or w.startswith((c + "-", c + "_")) for w in words for c in vocab.HTML_CHROME_WORDS
    )


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content() or "").strip()


def _dropped(el, tag: str) -> bool:
    """Portal chrome; a <header>/<footer> inside the <article>/<main> is the document's own."""
    if tag in ("header", "footer") and next(el.iterancestors("article", "main"), None) is not None:
        return False
    return tag in vocab.HTML_DROP_TAGS or (bool(tag) and _is_chrome(el))


def _is_data_table(table) -> bool:
    if table.find(".//table") is not None:
        return False
    cells = table.findall(".//td") + table.findall(".//th")
    return bool(cells) and all(len(_text(c)) <= _CELL_TEXT_MAX for c in cells)


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1") or 1), _SPAN_MAX))
    except ValueError:
        return 1


def table_grid(table, name: str, title_rows: list[str]) -> tuple[SheetGrid, list[list[str]]]:
    """An HTML table as a SheetGrid (colspan/rowspan become merged ranges; plain numbers
    typed as a spreadsheet would) and its rows as written."""
    lim = limits()
    taken: dict[tuple[int, int], str] = {}
    merged = []
    trs = [tr for tr in table.iter("tr")]
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            if len(taken) + rs * cs > lim.sheet_cells:
                raise ReadError(f"网页表格超过 {lim.sheet_cells} 个单元格 HTML table too large")
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = ""
            taken[(r, c)] = _text(cell)
            if rs > 1 or cs > 1:
                merged.append(((r, c), (r + rs - 1, c + cs - 1)))
            c += cs
    nrows = max((r for r, _ in taken), default=-1) + 1
    ncols = max((c for _, c in taken), default=-1) + 1
    rows = [[taken.get((r, c), "") for c in range(ncols)] for r in range(nrows)]
    top = [[t] + [""] * max(ncols - 1, 0) for t in title_rows]
    off = len(top)
    merged = [((r0 + off, c0), (r1 + off, c1)) for (r0, c0), (r1, c1) in merged]
    typed = [[cell_value(c) for c in row] for row in rows]
    return SheetGrid(name=name, rows=top + typed, merged=merged), rows


#: A line break made by markup (<br>, a block's edge); newlines in the source are spaces.
_BREAK = "\x00"


def _ws(text: str | None) -> str:
    return re.sub(r"\s+", " ", text) if text else ""


def _walk(root) -> tuple[list[tuple[str, str]], list[SheetGrid]]:
    """(text lines with their origin, data-table grids) in document order."""
    lines: list[tuple[str, str]] = []
    sheets: list[SheetGrid] = []
    buf: list[str] = []

    def flush():
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(buf).replace(_BREAK, "\n"))
        for part in text.split("\n"):
            if part.strip():
                lines.append((part.strip(), f"第{len(lines) + 1}段"))
        buf.clear()

    def visit(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if _dropped(el, tag):
            buf.append(_ws(el.tail))
            return
        if tag == "table" and _is_data_table(el):
            flush()
            k = len(sheets) + 1
            above = [t for t, _ in lines[-3:]]
            grid, written = table_grid(el, f"表{k}", above)
            sheets.append(grid)
            for row in written:
                cells = list(row)
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    lines.append((" | ".join(cells), f"表{k}"))
            buf.append(_ws(el.tail))
            return
        block = tag in _BLOCK
        if block or tag == "br":
            buf.append(_BREAK)
        if tag and el.text:
            buf.append(el.text if tag == "pre" else _ws(el.text))
        for child in el:
            visit(child)
        if block:
            buf.append(_BREAK)
        buf.append(_ws(el.tail))

    visit(root)
    flush()
    return lines, sheets


def read_html(path: str | Path, fmt: str = "html") -> PageContent:
    """Read a saved web page (.html or .mhtml) into text and table grids."""
    import lxml.html

    p = Path(path)
    check_file_size(p)
    lim = limits()
    if fmt == "mhtml":
        data, charset = html_part(p, lim.html_bytes)
    else:
        if p.stat().st_size > lim.html_bytes:
            raise ReadError(
                f"网页超过 {lim.mb('html_bytes')} page larger than {lim.mb('html_bytes')}: {p.name}"
            )
        data, charset = p.read_bytes(), None
    text = decode_html(data, charset, p.name)
    check_text_length(text, p.name)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_parser())
    except Exception as exc:  # lxml raises ParserError / ValueError on empty or broken pages
        raise ReadError(f"网页无法解析 cannot parse HTML: {p.name}: {exc}") from exc
    lines, sheets = _walk(root)
    return PageContent(document_with_origins(str(p), lines, encoding=fmt), sheets)


def _parser():
    import lxml.html

    return lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)
