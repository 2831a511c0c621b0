"""Hostile inputs for the limit tests and scripts/bench_hostile.py (invented, made on demand).

Each builder writes one file that a careless reader would hang or blow up on: zip bombs,
whole-sheet merges, entity declarations, deep XML, encrypted, damaged, huge or scanned
PDFs, an .mhtml with a giant image. `write_hostile_set` writes them all at a given scale.
"""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path


def write_mhtml(path: Path, html: bytes, charset: str = "utf-8", image_bytes: int = 0) -> Path:
    """An .mhtml (multipart/related) page, optionally with a large embedded image."""
    boundary = "----=_NextPart_000_0000_01D9"
    parts = [
        "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n',
        f"--{boundary}\r\nContent-Type: text/html; charset={charset}\r\n"
        "Content-Transfer-Encoding: base64\r\nContent-Location: http://example.invalid/a.html\r\n\r\n",
    ]
    out = path.open("wb")
    out.write(parts[0].encode())
    out.write(parts[1].encode())
    out.write(base64.encodebytes(html))
    if image_bytes:
        out.write(
            f"\r\n--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
            "Content-Location: http://example.invalid/big.png\r\n\r\n".encode()
        )
        chunk = base64.encodebytes(b"\x89PNG" + b"\x00" * 57 * 1000)
        for _ in range(image_bytes // (57 * 1000)):
            out.write(chunk)
    out.write(f"\r\n--{boundary}--\r\n".encode())
    out.close()
    return path


def rewrite_zip(src: Path, dst: Path, replace: dict[str, bytes], add: dict[str, bytes]) -> Path:
    """Copy an Office zip, replacing some members and adding others (deflated)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in add.items():
            zout.writestr(name, data)
    return dst


def reportlab_pdf(path: Path, pages: int = 1, size=(595, 842), text: str = "第{n}页", **kw) -> Path:
    """A PDF of `pages` pages of one CJK line each (reportlab canvas; kw: encrypt=…)."""
    from reportlab.pdfgen import canvas

    from samples.pdf_writer import _font

    font = _font()
    c = canvas.Canvas(str(path), pagesize=size, **kw)
    for n in range(1, pages + 1):
        c.setFont(font, 12)
        if text:
            c.drawString(72, size[1] - 72, text.format(n=n))
        c.showPage()
    c.save()
    return path


def scanned_pdf(path: Path) -> Path:
    """A PDF whose page is only an image (a scan): no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (200, 280), 255)
    for x in range(20, 180):
        img.putpixel((x, 40), 0)
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.drawImage(ImageReader(img), 50, 100, width=400, height=560)
    c.showPage()
    c.save()
    return path


def zip_bomb(src: Path, dst: Path, inflated_bytes: int, name: str = "word/media/pad.bin") -> Path:
    """An Office zip with one extra member of zeros that inflates to `inflated_bytes`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        chunk = b"\0" * (1 << 20)
        with zout.open(name, "w", force_zip64=True) as fh:
            for _ in range(max(1, inflated_bytes >> 20)):
                fh.write(chunk)
    return dst


def _sheet_edit(book: Path, dst: Path, edit) -> Path:
    with zipfile.ZipFile(book) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    return rewrite_zip(book, dst, {"xl/worksheets/sheet1.xml": edit(xml)}, {})


def whole_sheet_merge(book: Path, dst: Path) -> Path:
    """An .xlsx whose first sheet merges A1:XFD1048576."""
    ref = b'<mergeCell ref="A1:XFD1048576"/>'

    def edit(xml: bytes) -> bytes:
        if b"<mergeCells" in xml:
            return xml.replace(b'<mergeCell ref="', ref + b'<mergeCell ref="', 1)
        return xml.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1">' + ref + b"</mergeCells>"
        )

    return _sheet_edit(book, dst, edit)


def far_cell(book: Path, dst: Path) -> Path:
    """An .xlsx with one cell at XFD1048576 (a dense reader would allocate 1.7e10 cells)."""
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return _sheet_edit(book, dst, lambda xml: xml.replace(b"</sheetData>", far + b"</sheetData>"))


def entity_docx(docx: Path, dst: Path) -> Path:
    """A .docx whose document.xml declares nested entities (billion laughs)."""
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml")
    ents = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    evil = xml.replace(b"?>", f"?><!DOCTYPE w:document [{ents}]>".encode(), 1)
    evil = evil.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p>", 1)
    return rewrite_zip(docx, dst, {"word/document.xml": evil}, {})


def deep_docx(docx: Path, dst: Path, depth: int) -> Path:
    """A .docx with content controls nested `depth` deep."""
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml")
    deep = b"<w:sdt>" * depth + b"</w:sdt>" * depth
    return rewrite_zip(
        docx, dst, {"word/document.xml": xml.replace(b"<w:body>", b"<w:body>" + deep, 1)}, {}
    )


def write_hostile_set(folder: Path, seed_docx: Path, workbook: Path, scale: int = 1) -> list[Path]:
    """Every hostile case at `scale` (1: what default limits reject; larger: bigger bombs)."""
    folder.mkdir(parents=True, exist_ok=True)
    mb = 1 << 20
    made = [
        zip_bomb(seed_docx, folder / "zip_bomb.docx", 300 * mb * scale),
        zip_bomb(workbook, folder / "zip_bomb.xlsx", 300 * mb * scale, "xl/media/pad.bin"),
        whole_sheet_merge(workbook, folder / "merged_whole_sheet.xlsx"),
        far_cell(workbook, folder / "far_cell.xlsx"),
        entity_docx(seed_docx, folder / "entities.docx"),
        deep_docx(seed_docx, folder / "deep_xml.docx", 1000 * scale),
        reportlab_pdf(folder / "encrypted.pdf", encrypt="secret"),
        reportlab_pdf(folder / "many_pages.pdf", pages=600 * scale),
        reportlab_pdf(folder / "huge_page.pdf", size=(20000, 20000)),
        scanned_pdf(folder / "scanned.pdf"),
    ]
    whole = made[7].read_bytes()
    (folder / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    (folder / "malformed.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 1000)
    html = b"<html><body><p>" + "伍家岭街道".encode() * 10 + b"</p></body></html>"
    made += [
        folder / "truncated.pdf",
        folder / "malformed.pdf",
        write_mhtml(folder / "giant_image.mhtml", html, "utf-8", 100 * mb * scale),
    ]
    text = folder / "text_bomb.txt"
    text.write_text("伍家岭街道办事处。" * (700_000 * scale), encoding="utf-8")
    made.append(text)
    return made
