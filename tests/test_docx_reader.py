"""The lxml .docx reader reads a real Word file exactly as the python-docx reader did."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from pipeline.readers import ReadError
from pipeline.readers.docx import CELL_SEPARATOR, _paragraph_text, _row_blocks, read_docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_BOX = (
    f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
    "<v:shape><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>文本框：本单位实有人员59人</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)
_CONTENT_CONTROL = (
    f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>内容控件中的段落</w:t></w:r></w:p>"
    "</w:sdtContent></w:sdt>"
)


def _report(path: Path) -> Path:
    """Headings, a tab and a line break, a text box, merged cells both ways, a nested
    table, a content control, empty paragraphs and a trailing empty column."""
    d = docx.Document()
    d.add_heading("一、基本情况", level=1)
    p = d.add_paragraph("单位名称：\t伍家岭街道")
    p.add_run().add_break()
    p.add_run("二〇二二年度")
    d.add_paragraph("")
    box = d.add_paragraph("见文本框")
    box._p.append(parse_xml(_TEXT_BOX))
    t = d.add_table(rows=4, cols=4)
    for c, text in enumerate(["项目", "金额（万元）", "用途", ""]):
        t.cell(0, c).text = text
    t.cell(1, 0).merge(t.cell(2, 0)).text = "城市管理"  # vertical merge (vMerge)
    t.cell(1, 1).text, t.cell(2, 1).text = "465.40", "12.00"
    t.cell(1, 2).merge(t.cell(1, 3)).text = "市容环境"  # horizontal merge (gridSpan)
    inner = t.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内表", "1"
    t.cell(3, 0).merge(t.cell(3, 3)).text = "合计 477.40"
    d.element.body.insert(len(d.element.body) - 1, parse_xml(_CONTENT_CONTROL))
    d.add_heading("二、一般公共预算支出情况", level=2)
    d.save(str(path))
    return path


def _python_docx_blocks(path: Path) -> list[str]:
    """The raw blocks the reader produced when python-docx opened the file."""
    out: list[str] = []
    for child in docx.Document(str(path)).element.body.iterchildren():
        if child.tag == f"{_W}p":
            out.append(_paragraph_text(child))
        elif child.tag == f"{_W}tbl":
            out.extend(_row_blocks(child))
    return out


def test_lxml_reader_reads_a_real_docx_as_expected(tmp_path):
    path = _report(tmp_path / "report.docx")
    doc = read_docx(path)
    assert doc.raw_text.split("\n") == [
        "一、基本情况",
        "单位名称： 伍家岭街道",
        "二〇二二年度",
        "",
        "见文本框文本框：本单位实有人员59人",
        CELL_SEPARATOR.join(["项目", "金额（万元）", "用途"]),
        CELL_SEPARATOR.join(["城市管理", "465.40", "市容环境"]),
        CELL_SEPARATOR.join(["", "12.00", "内表 1"]),
        "合计 477.40",
        "二、一般公共预算支出情况",
    ]
    assert doc.blocks == [
        "一、基本情况",
        "单位名称: 伍家岭街道",
        "2022年度",
        "见文本框文本框:本单位实有人员59人",
        CELL_SEPARATOR.join(["项目", "金额(万元)", "用途"]),
        CELL_SEPARATOR.join(["城市管理", "465.40", "市容环境"]),
        "| 12.00 | 内表 1",  # a row opening with an empty cell: the space is stripped
        "合计 477.40",
        "二、一般公共预算支出情况",
    ]
    assert "内容控件" not in doc.raw_text  # body-level content controls were never read
    assert doc.raw_text == "\n".join(_python_docx_blocks(path))


def test_main_part_found_through_the_package_relationships(tmp_path):
    """A main document stored under another name (as some producers write it) is found."""
    src = _report(tmp_path / "report.docx")
    moved = tmp_path / "moved.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(moved, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            name = info.filename
            if name == "word/document.xml":
                name = "word/main.xml"
            elif name == "word/_rels/document.xml.rels":
                name = "word/_rels/main.xml.rels"
            elif name in ("[Content_Types].xml", "_rels/.rels"):
                data = data.replace(b"word/document.xml", b"word/main.xml")
            zout.writestr(name, data)
    assert read_docx(moved).blocks == read_docx(src).blocks
    assert read_docx(moved).raw_text == "\n".join(_python_docx_blocks(moved))


def test_a_part_named_by_a_relationship_but_missing_is_refused_as_before(tmp_path):
    src = _report(tmp_path / "report.docx")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            if info.filename != "word/styles.xml":
                zout.writestr(info, zin.read(info))
    with pytest.raises(KeyError) as before:
        docx.Document(str(broken))
    with pytest.raises(ReadError) as now:
        read_docx(broken)
    assert str(now.value).endswith(f"corrupt or not a .docx: {broken}: {before.value}")
