"""Write invented PDFs with reportlab (a second PDF producer beside LibreOffice).

`grid_pdf` prints each sheet of a workbook the way 决算公开 PDFs do: the title and the
编制单位/金额单位 line as text, then a ruled table with merged header cells, then 注 lines;
one sheet per page, long tables continued with their header repeated. `text_pdf` lays a
report out in hard-wrapped CJK lines with a running header and page numbers. Both use the
built-in CID font STSong-Light, so no font file is needed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

FONT = "STSong-Light"


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def split_sheet(sheet) -> tuple[list[list[str]], list[list[str]], list[str], int]:
    """(lines above, table rows, 注 lines below, table's first grid row) of a sheet."""
    rows = [[_cell(v) for v in r] for r in sheet.rows]
    merged_rows = {r0 for (r0, _c0), _ in sheet.merged}
    first = 0
    while first < len(rows):
        filled = [c for c in rows[first] if c.strip()]
        if len(filled) >= 2 and not any(re.search(r"单位\s*[:：]", c) for c in filled):
            break
        first += 1
    del merged_rows
    above = [[c for c in r if c.strip()] for r in rows[:first] if any(c.strip() for c in r)]
    last = len(rows)
    while last > first and (
        not any(c.strip() for c in rows[last - 1]) or rows[last - 1][0].startswith("注")
    ):
        last -= 1
    notes = [" ".join(c for c in r if c) for r in rows[last:] if any(c.strip() for c in r)]
    table = [r for r in rows[first:last] if any(c.strip() for c in r)]
    return above, table, notes, first


def grid_pdf(workbook, out: str | Path, landscape_pages: bool = True, ruled: bool = True) -> Path:
    """Print every visible sheet of a WorkbookGrid as tables (ruled, or aligned text only),
    one sheet per page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    font = _font()
    size = landscape(A4) if landscape_pages else A4
    title = ParagraphStyle("t", fontName=font, fontSize=14, alignment=1, leading=18)
    line = ParagraphStyle("l", fontName=font, fontSize=9, leading=12)
    cell = ParagraphStyle("c", fontName=font, fontSize=7, leading=9, wordWrap="CJK")
    story: list[Any] = []
    for sheet in workbook.sheets:
        if sheet.hidden:
            continue
        above, table, notes, first = split_sheet(sheet)
        if not table:
            continue
        if story:
            story.append(PageBreak())
        for k, cells in enumerate(above):
            text = "\u3000\u3000\u3000".join(cells)
            story.append(Paragraph(text, title if k == 0 else line))
        story.append(Spacer(1, 4))
        spans = []
        keep = {i for i, r in enumerate(sheet.rows[first:], first) if any(_cell(c) for c in r)}
        index = {r: k for k, r in enumerate(sorted(keep))}
        for (r0, c0), (r1, c1) in sheet.merged:
            if r0 in index and r1 in index:
                spans.append(("SPAN", (c0, index[r0]), (c1, index[r1])))
        header = _header_count(table)
        width = max(len(r) for r in table)
        avail = size[0] - 72
        grid = [r + [""] * (width - len(r)) for r in table]
        weights = [max(4, *(min(len(r[c]), 16) for r in grid)) for c in range(width)]
        cols = [avail * w / sum(weights) for w in weights]
        t = Table(
            [[_wrapped(c, cell) for c in r] for r in grid],
            colWidths=cols,
            repeatRows=header,
        )
        t.setStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                *([("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else []),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *spans,
            ]
        )
        story.append(t)
        for note in notes:
            story.append(Paragraph(note, line))
    doc = SimpleDocTemplate(str(out), pagesize=size, leftMargin=36, rightMargin=36)
    doc.build(story)
    return Path(out)


def _wrapped(text: str, style):
    """A cell as a wrapping paragraph (plain strings would run into the next cell)."""
    from reportlab.platypus import Paragraph

    return Paragraph(_escape(text), style) if text else ""


def _header_count(table: list[list[str]]) -> int:
    for i, row in enumerate(table):
        if any(c.replace(".", "", 1).replace("-", "", 1).isdigit() and "." in c for c in row):
            return max(i, 1)
    return 1


def text_pdf(lines: list[str], out: str | Path, title: str = "") -> Path:
    """Lay report lines out as a PDF: CJK wrapping, running header, page number '- n -'."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    font = _font()
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=17, wordWrap="CJK")
    story = [Paragraph(_escape(ln), body) for ln in lines if ln.strip()]

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 9)
        if title and doc.page > 1:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 40, title)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(out), pagesize=A4, topMargin=60, bottomMargin=50)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return Path(out)


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
