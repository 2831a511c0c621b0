"""Bounded resources per file: hostile inputs get a quarantine row naming the limit, never a hang.

Limits are lowered through BUDGETPERF_<LIMIT> so the fixtures stay a few MB.
"""

from __future__ import annotations

import shutil
import zipfile

import pytest
from formats_factory import (
    SAMPLE_BOOK,
    SEED_DOCX,
    reportlab_pdf,
    rewrite_zip,
)

from pipeline.config import limits
from pipeline.extract import extract_file, extract_files


def _reason(path) -> str:
    result = extract_file(path)
    assert result.doc_type == "unreadable", result.doc_type
    return result.doc_type_reason


def test_limits_are_overridable_by_environment(monkeypatch):
    monkeypatch.setenv("BUDGETPERF_ZIP_TOTAL_BYTES", "1000")
    assert limits().zip_total_bytes == 1000
    monkeypatch.delenv("BUDGETPERF_ZIP_TOTAL_BYTES")
    assert limits().zip_total_bytes == 200 * 1024 * 1024


def test_zip_bomb_docx_over_the_uncompressed_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETPERF_ZIP_TOTAL_BYTES", str(10 * 1024 * 1024))
    monkeypatch.setenv("BUDGETPERF_ZIP_RATIO", "100000")
    bomb = rewrite_zip(
        SEED_DOCX, tmp_path / "bomb.docx", {}, {"word/media/pad.bin": b"\0" * 12_000_000}
    )
    assert bomb.stat().st_size < 2 * 1024 * 1024
    assert "解压后超过 10 MB uncompressed size over 10 MB" in _reason(bomb)


def test_zip_member_compression_ratio(tmp_path):
    bomb = rewrite_zip(
        SAMPLE_BOOK, tmp_path / "ratio.xlsx", {}, {"xl/media/pad.bin": b"\0" * 5_000_000}
    )
    assert "压缩比超过 200 倍" in _reason(bomb)


def test_zip_member_count(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETPERF_ZIP_MEMBERS", "50")
    many = rewrite_zip(
        SEED_DOCX, tmp_path / "many.docx", {}, {f"x/{i}.txt": b"x" for i in range(60)}
    )
    assert "压缩包成员超过 50 个" in _reason(many)


def test_doctype_entity_in_docx_is_refused(tmp_path):
    with zipfile.ZipFile(SEED_DOCX) as z:
        xml = z.read("word/document.xml")
    evil = xml.replace(
        b"?>", b'?>\n<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1
    )
    path = rewrite_zip(SEED_DOCX, tmp_path / "entity.docx", {"word/document.xml": evil}, {})
    assert "DOCTYPE" in _reason(path)


def test_doctype_in_xlsx_is_refused(tmp_path):
    with zipfile.ZipFile(SAMPLE_BOOK) as z:
        xml = z.read("xl/workbook.xml")
    decl = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    evil = xml.replace(b"?>", b"?>" + decl, 1) if xml.startswith(b"<?xml") else decl + xml
    path = rewrite_zip(SAMPLE_BOOK, tmp_path / "entity.xlsx", {"xl/workbook.xml": evil}, {})
    assert "DOCTYPE" in _reason(path)


def test_xml_nesting_depth(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETPERF_XML_DEPTH", "50")
    with zipfile.ZipFile(SEED_DOCX) as z:
        xml = z.read("word/document.xml")
    deep = b"<w:sdt>" * 60 + b"</w:sdt>" * 60
    evil = xml.replace(b"<w:body>", b"<w:body>" + deep, 1)
    path = rewrite_zip(SEED_DOCX, tmp_path / "deep.docx", {"word/document.xml": evil}, {})
    assert "XML 嵌套超过 50 层" in _reason(path)


def _with_sheet_xml(tmp_path, name, edit):
    with zipfile.ZipFile(SAMPLE_BOOK) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    return rewrite_zip(SAMPLE_BOOK, tmp_path / name, {"xl/worksheets/sheet1.xml": edit(xml)}, {})


def test_merged_whole_sheet_is_clipped_not_a_1e10_map(tmp_path):
    def merge_all(xml: bytes) -> bytes:
        if b"<mergeCells" in xml:
            return xml.replace(
                b'<mergeCell ref="', b'<mergeCell ref="A1:XFD1048576"/><mergeCell ref="', 1
            )
        return xml.replace(
            b"</sheetData>",
            b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
        )

    result = extract_file(_with_sheet_xml(tmp_path, "merged.xlsx", merge_all))
    # the merge is clipped to the cells the sheet has: the workbook still reads
    assert result.doc_type == "final_accounts_workbook"


def test_sheet_over_the_cell_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETPERF_SHEET_CELLS", "100000")

    def far_cell(xml: bytes) -> bytes:
        far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace(b"</sheetData>", far + b"</sheetData>")

    assert "工作表超过 100000 个单元格" in _reason(_with_sheet_xml(tmp_path, "far.xlsx", far_cell))


def test_text_length_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETPERF_TEXT_CHARS", "1000")
    path = tmp_path / "long.txt"
    path.write_text("伍家岭街道" * 500, encoding="utf-8")
    assert "文本超过 1000 字符" in _reason(path)


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETPERF_FILE_BYTES", "1000")
    path = shutil.copy(SEED_DOCX, tmp_path / "big.docx")
    assert "文件超过" in _reason(path)


def test_encrypted_pdf(tmp_path):
    path = reportlab_pdf(tmp_path / "locked.pdf", encrypt="secret")
    assert "PDF 已加密" in _reason(path) and "password" in _reason(path)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n garbage that is no pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog"],
)
def test_malformed_pdf(tmp_path, data):
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    assert "PDF" in _reason(path)


def test_truncated_pdf_is_quarantined_or_read_never_a_crash(tmp_path):
    whole = reportlab_pdf(tmp_path / "whole.pdf", pages=3)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    result = extract_file(cut)
    assert result.doc_type in ("unreadable", "unknown")
    assert result.issues


def test_pdf_with_too_many_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETPERF_PDF_PAGES", "20")
    path = reportlab_pdf(tmp_path / "long.pdf", pages=25)
    assert "PDF 超过 20 页" in _reason(path)


def test_pdf_with_a_huge_page(tmp_path):
    path = reportlab_pdf(tmp_path / "huge.pdf", size=(20000, 20000))
    assert "页面尺寸超过" in _reason(path)


def test_killed_worker_quarantines_only_its_file(tmp_path, monkeypatch):
    """A worker over its memory cap dies or fails alone; the batch goes on."""
    monkeypatch.setenv("BUDGETPERF_ZIP_TOTAL_BYTES", str(2**40))
    monkeypatch.setenv("BUDGETPERF_ZIP_MEMBER_BYTES", str(2**40))
    monkeypatch.setenv("BUDGETPERF_ZIP_RATIO", "1e9")
    monkeypatch.setenv("BUDGETPERF_TEXT_CHARS", str(2**40))
    monkeypatch.setenv("BUDGETPERF_WORKER_MEMORY_BYTES", str(400 * 2**20))
    monkeypatch.setenv("BUDGETPERF_FILE_SECONDS", "30")
    with zipfile.ZipFile(SEED_DOCX) as z:
        xml = z.read("word/document.xml")
    para = b"<w:p><w:r><w:t>" + "伍".encode() * 2000 + b"</w:t></w:r></w:p>"
    huge = xml.replace(b"<w:body>", b"<w:body>" + para * 25000, 1)  # 150 MB of XML
    bomb = rewrite_zip(SEED_DOCX, tmp_path / "bomb.docx", {"word/document.xml": huge}, {})
    good = shutil.copy(SEED_DOCX, tmp_path / "good.docx")
    results = list(extract_files([good, bomb, good], workers=2, isolate=True))
    assert [r.doc_type for r in results] == [
        "performance_report",
        "unreadable",
        "performance_report",
    ]
    assert "内存" in results[1].doc_type_reason


_PARENT_MAIN = """
import sys
import pandas  # the parent's entry point imports pandas, as the benchmark scripts do

from pipeline.extract.pool import IsolatedPool

if __name__ == "__main__":
    pool = IsolatedPool(1, 0, 60)
    try:
        [result] = pool.map([sys.argv[1]])
        maps = open(f"/proc/{pool.slots[0].proc.pid}/maps").read()
        print(result.doc_type, "pandas" in maps)
    finally:
        pool.close()
"""


def test_workers_do_not_import_the_parents_main(tmp_path):
    """Spawned workers skip the parent's __main__ (its imports cost ~100 MiB per worker)."""
    import subprocess
    import sys

    script = tmp_path / "entry.py"
    script.write_text(_PARENT_MAIN, encoding="utf-8")
    good = shutil.copy(SEED_DOCX, tmp_path / "good.docx")
    out = subprocess.run(
        [sys.executable, str(script), str(good)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["performance_report", "False"]


def test_legacy_xls_over_the_cell_limit(tmp_path, monkeypatch):
    import xlwt

    monkeypatch.setenv("BUDGETPERF_SHEET_CELLS", "100000")
    book = xlwt.Workbook()
    sheet = book.add_sheet("收入支出决算总表")
    sheet.write(0, 0, "收入支出决算总表")
    sheet.write(65535, 255, "x")  # the far corner of a BIFF8 sheet
    path = tmp_path / "far.xls"
    book.save(str(path))
    assert "工作表超过 100000 个单元格" in _reason(path)
