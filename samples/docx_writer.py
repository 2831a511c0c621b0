"""Plain .docx files from text lines (the invented .txt sets as Word documents)."""

from __future__ import annotations

from pathlib import Path


def docx_from_lines(lines: list[str], path: str | Path) -> Path:
    """A .docx with one paragraph per non-empty line."""
    import docx

    d = docx.Document()
    for ln in lines:
        if ln.strip():
            d.add_paragraph(ln)
    d.save(str(path))
    return Path(path)


def grid_docx(workbook, path: str | Path) -> Path:
    """Every visible sheet of a WorkbookGrid as a Word table (grid style, merged cells), one
    sheet per page, landscape: converted to PDF by LibreOffice it is a second 决算 PDF producer."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm, Pt

    from samples.pdf_writer import split_sheet

    d = docx.Document()
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    sec.left_margin = sec.right_margin = Mm(12)
    first = True
    for sheet in workbook.sheets:
        if sheet.hidden:
            continue
        above, table, notes, start = split_sheet(sheet)
        if not table:
            continue
        if not first:
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        first = False
        for k, cells in enumerate(above):
            para = d.add_paragraph("\u3000\u3000\u3000".join(cells))
            if k == 0:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        width = max(len(r) for r in table)
        t = d.add_table(rows=len(table), cols=width)
        t.style = "Table Grid"
        kept = [
            r
            for r in range(start, len(sheet.rows))
            if any(str(v or "").strip() for v in sheet.rows[r])
        ]
        index = {r: k for k, r in enumerate(kept)}
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                if text:
                    cell = t.cell(r, c)
                    cell.text = text
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(7)
        for (r0, c0), (r1, c1) in sheet.merged:
            if r0 in index and r1 in index and index[r1] < len(table):
                a, b = t.cell(index[r0], c0), t.cell(index[r1], c1)
                keep = a.text
                merged = a.merge(b)
                merged.text = keep
        for note in notes:
            d.add_paragraph(note)
    d.save(str(path))
    return Path(path)
