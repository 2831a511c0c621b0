"""PDF reader: text in reading order (pypdfium2), tables as tables (pdfplumber), bounded.

pypdfium2 extracts a page's text about 20× faster than pdfplumber (scripts/bench_pdf.py),
so it reads every page; pdfplumber, which finds ruled tables, parses only the pages that
draw lines or print a 决算 table title. Running headers, footers and page numbers are
dropped per page; lines the page width broke are rejoined by their geometry, across page
breaks too (pipeline.readers.pdf_lines), and pipeline.normalize does the rest as for any
text. Each block of the Document carries its origin (page and line, or page, table, row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import labels as L
from pipeline.config import limits
from pipeline.models import Document
from pipeline.normalize import is_page_furniture, normalize_line
from pipeline.readers import ReadError
from pipeline.readers.guards import check_file_size, check_text_length
from pipeline.readers.pdf_grid import ruled_tables
from pipeline.readers.pdf_lines import Line, Margins, glue, joins, margins, page_lines
from pipeline.readers.pdf_tables import (
    FoundTable,
    PdfSheet,
    build_sheets,
    continues,
    find_tables,
    join_rows,
    split_cells,
)
from pipeline.readers.textmap import document_with_origins

#: A page drawing at least this many path objects (cell rules) is searched for tables.
RULED_PAGE_MIN_PATHS = 6
#: Lines at the top of a page searched for a 决算 title when the page drew no table.
TITLE_TOP_LINES = 6
#: Lines at the top and bottom of a page that may be a running header or footer.
EDGE_LINES = 2
SCANNED = "扫描件，无文字层 scanned, no text layer"


@dataclass
class PdfContent:
    """What a PDF holds: its text as a Document and its tables as grids."""

    document: Document | None
    sheets: list[PdfSheet] = field(default_factory=list)
    pages: int = 0


@dataclass
class _Page:
    number: int
    lines: list[Line]
    paths: int = 0
    images: int = 0
    elements: list[tuple[str, object]] = field(default_factory=list)  # ("line"|"table", …)
    tables: list[FoundTable] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        """The text of every line."""
        return [ln.text for ln in self.lines]


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(
                f"PDF 已加密，需要密码 encrypted or password-protected PDF: {path.name}"
            ) from exc
        raise ReadError(
            f"PDF 文件损坏或不完整 malformed or truncated PDF: {path.name}: {exc}"
        ) from exc


def _read_pages(pdf, path: Path) -> list[_Page]:
    """Text lines and drawing counts of every page, within the page limits."""
    import pypdfium2.raw as raw

    lim = limits()
    if len(pdf) > lim.pdf_pages:
        raise ReadError(
            f"PDF 超过 {lim.pdf_pages} 页 PDF with more than {lim.pdf_pages} pages: "
            f"{path.name} ({len(pdf)})"
        )
    pages: list[_Page] = []
    for i in range(len(pdf)):
        page = pdf[i]
        w, h = page.get_size()
        if max(w, h) > lim.pdf_page_points:
            raise ReadError(
                f"PDF 页面尺寸超过 {lim.pdf_page_points:g} 点 page larger than "
                f"{lim.pdf_page_points:g} pt: {path.name} page {i + 1} ({w:.0f}×{h:.0f})"
            )
        textpage = page.get_textpage()
        if textpage.count_chars() > lim.pdf_page_chars:
            raise ReadError(
                f"PDF 单页字符超过 {lim.pdf_page_chars} page with more than "
                f"{lim.pdf_page_chars} characters: {path.name} page {i + 1}"
            )
        kinds = [o.type for o in page.get_objects(max_depth=2)]
        info = _Page(
            i + 1,
            page_lines(textpage, h),
            paths=kinds.count(raw.FPDF_PAGEOBJ_PATH),
            images=kinds.count(raw.FPDF_PAGEOBJ_IMAGE),
        )
        if info.paths >= RULED_PAGE_MIN_PATHS:
            info.tables = ruled_tables(page, textpage, i + 1, h)
        pages.append(info)
        textpage.close()
        page.close()
    return pages


_SENTENCE = re.compile(r"[，。,;；：:]")


def _has_title(lines: list[str]) -> bool:
    """A line that is a 决算 table's title: short, no sentence punctuation, names a 表."""
    return any(
        len(ln) <= 40
        and "表" in ln
        and not _SENTENCE.search(ln)
        and L.match_table(normalize_line(ln))
        for ln in lines
        if ln
    )


def _add_tables(path: Path, pages: list[_Page]) -> list[FoundTable]:
    """Tables of every page, in the page's elements between its lines.

    Ruled tables were found from the page's own rules (pdf_grid); a page that prints a
    决算 title but gave no table there is searched by pdfplumber's ruled strategy too.
    """
    for p in pages:
        for t in p.tables:
            t.above = [split_cells(ln.raw) for ln in p.lines if ln.text and ln.bottom <= t.top + 1]
            t.below = [split_cells(ln.raw) for ln in p.lines if ln.text and ln.top >= t.bottom - 1]
    # a 决算 table page prints its title at the top
    wanted = [
        p for p in pages if not p.tables and _has_title([t for t in p.texts if t][:TITLE_TOP_LINES])
    ]
    if wanted:
        _plumber_tables(path, wanted)
    for p in pages:
        if p.tables:
            # the page's own lines outside the tables, then the tables, top to bottom
            items = [
                (ln.top, "line", ln)
                for ln in p.lines
                if ln.text.strip() and not any(_inside(ln, t) for t in p.tables)
            ]
            items += [(t.top, "table", t) for t in p.tables]
            p.elements = [(kind, obj) for _, kind, obj in sorted(items, key=_by_top)]
    return [t for p in pages for t in p.tables]


def _plumber_tables(path: Path, wanted: list[_Page]) -> None:
    """pdfplumber's ruled-table finder on the given pages (rules pdf_grid could not read:
    nested deeper than its search, or drawn as curves)."""
    import pdfplumber

    try:
        with pdfplumber.open(str(path), pages=[p.number for p in wanted]) as doc:
            for page, info in zip(doc.pages, wanted, strict=True):
                info.tables, _lines = find_tables(page, info.number)
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types on a damaged page
        raise ReadError(f"PDF 表格读取失败 PDF tables unreadable: {path.name}: {exc!r}") from exc


def _inside(ln: Line, t: FoundTable) -> bool:
    """A line whose vertical middle lies within the table's box (its cells' text)."""
    if ln.x1 <= ln.x0:
        return False
    middle = (ln.top + ln.bottom) / 2
    return t.top - 1 <= middle <= t.bottom + 1


def _by_top(item):
    return (item[0], 0 if item[1] == "line" else 1)


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", normalize_line(line))


def _drop_running(pages: list[_Page]) -> None:
    """Drop page numbers and the lines repeated at the top or bottom of most pages."""
    for p in pages:
        if not p.elements:
            p.elements = [("line", ln) for ln in p.lines if ln.text.strip()]
    counts: dict[str, int] = {}
    for p in pages:
        for key in {_edge_key(t) for t in _edge_texts(p)}:
            counts[key] = counts.get(key, 0) + 1
    repeated = {k for k, c in counts.items() if k and len(pages) >= 3 and c >= len(pages) / 2}
    seen: set[str] = set()  # the first occurrence stays: on page 1 it is the title
    for p in pages:
        edges = set(_edge_texts(p))
        kept = []
        for kind, obj in p.elements:
            if kind == "line" and is_page_furniture(normalize_line(obj.text)):
                continue
            if kind == "line" and obj.text in edges and (key := _edge_key(obj.text)) in repeated:
                if key in seen:
                    continue
                seen.add(key)
            kept.append((kind, obj))
        p.elements = kept


def _edge_texts(p: _Page) -> list[str]:
    lines = [obj.text for kind, obj in p.elements if kind == "line" and obj.text.strip()]
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def _document(path: Path, pages: list[_Page]) -> Document | None:
    """The text of every page in order, wrapped lines rejoined, table rows ' | '-joined,
    each block with its origin (page and line, or page, table and row)."""
    entries: list[tuple[str, str]] = []
    last: tuple[Line, Margins] | None = None  # the previous printed line, for rejoining
    last_row: list[str] | None = None  # the previous element's last table row
    for p in pages:
        m = margins([o for k, o in p.elements if k == "line"])
        line_no = 0
        for kind, obj in p.elements:
            if kind != "line":
                last = None
                rows = list(obj.rows)
                if rows and continues(last_row, rows[0]):  # a row cut by the page break
                    last_row = join_rows(last_row, rows.pop(0))
                    entries[-1] = (" | ".join(last_row), entries[-1][1])
                for r, row in enumerate(rows, 1):
                    entries.append((" | ".join(row), f"第{p.number}页 表{obj.index} 第{r}行"))
                last_row = rows[-1] if rows else last_row
                continue
            line_no += 1
            last_row = None
            if last is not None and m is not None and joins(last, obj, m, p.number, line_no):
                text, origin = entries[-1]
                same_line = abs(obj.top - last[0].top) < 0.3 * obj.height
                entries[-1] = (f"{text} {obj.text}" if same_line else glue(text, obj.text), origin)
            else:
                entries.append((obj.text, f"第{p.number}页第{line_no}行"))
            last = (obj, m) if m is not None else None
    check_text_length("".join(t for t, _ in entries), path.name)
    return document_with_origins(str(path), entries, encoding="pdf")


def read_pdf(path: str | Path) -> PdfContent:
    """Read a PDF's text and tables; scans, encrypted, damaged or oversized PDFs raise ReadError."""
    p = Path(path)
    check_file_size(p)
    pdf = _open(p)
    try:
        pages = _read_pages(pdf, p)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(
            f"PDF 文件损坏或不完整 malformed or truncated PDF: {p.name}: {exc!r}"
        ) from exc
    finally:
        pdf.close()
    if not any(ln.text.strip() for pg in pages for ln in pg.lines):
        images = sum(pg.images for pg in pages)
        detail = f"{len(pages)} 页 pages, {images} 图像 images"
        raise ReadError(f"{SCANNED}: {p.name} ({detail})")
    found = _add_tables(p, pages)
    _drop_running(pages)
    return PdfContent(_document(p, pages), build_sheets(found), len(pages))
