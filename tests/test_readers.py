"""Readers: encodings of .txt, paragraphs and tables of .docx, clear errors on bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.readers import ReadError, read_document
from pipeline.readers.docx import CELL_SEPARATOR, read_docx
from pipeline.readers.text import read_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "wujialing_2022_seed.txt"
SAMPLE = "2022年度伍家岭街道办事处\n部门整体支出绩效评价报告\n基本支出２４００．４９万元，比上年增加189.86万元。\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_text_encodings_decode_without_mojibake(tmp_path, encoding, expected):
    path = tmp_path / "r.txt"
    path.write_bytes(SAMPLE.encode(encoding))
    doc = read_text(path)
    assert doc.encoding == expected
    assert "伍家岭街道办事处" in doc.text
    assert "基本支出2400.49万元,比上年增加189.86万元。" in doc.text
    assert "\ufeff" not in doc.text


def test_gb18030_seed_reads_like_utf8(tmp_path):
    path = tmp_path / "seed_gb.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert read_text(path).text == read_text(SEED).text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "空文件"),
        (b"   \n\n", "空文件"),
        (b"PK\x03\x04rest-of-zip", "不是文本文件"),
        (b"%PDF-1.7 binary", "PDF"),
        (b"\x00\x01\x02\x03binary\x00", "二进制"),
        (bytes(range(0x80, 0x100)) * 20, "无法识别"),
    ],
)
def test_text_bad_files_raise_read_error(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=message):
        read_text(path)


def _docx_with_table(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("一、基本情况", level=1)
    d.add_paragraph("本单位实有在职干部人数59人。")
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "项目名称"
    table.cell(0, 1).text = "金额（万元）"
    table.cell(0, 2).text = "用途"
    table.cell(1, 0).text = "城市管理"
    table.cell(1, 1).text = "465.40"
    table.cell(1, 2).text = "市容环境"
    merged = table.cell(2, 0).merge(table.cell(2, 2))
    merged.text = "合计 465.40"
    d.add_paragraph("二、一般公共预算支出情况")
    d.save(str(path))
    return path


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    doc = read_docx(_docx_with_table(tmp_path / "t.docx"))
    assert doc.blocks == [
        "一、基本情况",
        "本单位实有在职干部人数59人。",
        CELL_SEPARATOR.join(["项目名称", "金额(万元)", "用途"]),
        CELL_SEPARATOR.join(["城市管理", "465.40", "市容环境"]),
        "合计 465.40",
        "二、一般公共预算支出情况",
    ]


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken"])
def test_docx_corrupt_raises_read_error(tmp_path, content):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(ReadError, match="docx"):
        read_docx(path)


def test_docx_zip_without_document_raises_read_error(tmp_path):
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ReadError):
        read_docx(path)


def test_read_document_dispatches_on_suffix(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    assert read_document(path).encoding == "utf-8"
    with pytest.raises(ReadError, match="不支持"):
        read_document(tmp_path / "a.pdf")
