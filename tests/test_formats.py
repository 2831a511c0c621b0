"""Every format units publish, read by content: PDF (reportlab), web pages, CSV, mislabelled files."""

from __future__ import annotations

import shutil

import pytest
from formats_factory import (
    SAMPLE_BOOK,
    SEED_DOCX,
    assert_seed_figures,
    seed_html,
    seed_lines,
    write_mhtml,
)

from pipeline.extract import extract_file
from pipeline.readers.excel import read_workbook
from pipeline.readers.html import read_html
from pipeline.readers.pdf import read_pdf
from samples.pdf_writer import grid_pdf, text_pdf


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    """The seed laid out by reportlab (STSong-Light CID font): wraps, running header, page numbers."""
    lines = seed_lines()
    return text_pdf(lines, tmp_path_factory.mktemp("rl") / "seed.pdf", title=lines[0])


@pytest.fixture(scope="module")
def accounts_pdf(tmp_path_factory):
    """The seed unit's nine 决算 tables printed as ruled PDF tables (reportlab)."""
    return grid_pdf(read_workbook(SAMPLE_BOOK), tmp_path_factory.mktemp("rl") / "juesuan.pdf")


def test_reportlab_pdf_gives_every_seed_figure(seed_pdf):
    out = extract_file(seed_pdf).to_contract()
    assert out["source_format"] == "pdf"
    assert_seed_figures(out)


def test_pdf_text_drops_running_header_and_page_numbers_and_rejoins_wraps(seed_pdf):
    doc = read_pdf(seed_pdf).document
    title = seed_lines()[0]
    assert doc.blocks[0] == title
    assert sum(b == doc.blocks[0] for b in doc.blocks) == 1  # header not repeated
    assert not any(b.startswith("- ") and b.endswith(" -") for b in doc.blocks)
    # a paragraph wrapped over several PDF lines comes back as one block
    assert any(
        "2022年末本单位实有在职干部人数59人" in b and "退休干部47人" in b for b in doc.blocks
    )


def test_pdf_provenance_is_page_and_line(seed_pdf):
    result = extract_file(seed_pdf)
    loc = result.figures["final_total_wan"].provenance.locator
    assert loc.startswith("第") and "页第" in loc and "行" in loc
    assert all("页" in p["locator"] for p in result.records["projects"])


def test_pdf_juesuan_tables_become_the_workbook_account_lines(accounts_pdf):
    pdf = extract_file(accounts_pdf)
    book = extract_file(SAMPLE_BOOK)
    assert pdf.doc_type == "final_accounts_workbook" and pdf.source_format == "pdf"

    def lines(r):
        return {
            (x["table_name"], x["code"], x["name"], x["column_name"]): x["amount_wan"]
            for x in r.records["account_lines"]
        }

    assert lines(pdf) == lines(book) and len(lines(pdf)) > 50
    assert len(pdf.records["three_public_lines"]) == len(book.records["three_public_lines"])
    for key in ("unit_name", "year", "expenditure_total_wan", "gpb_basic_wan", "gpb_project_wan"):
        assert pdf.value(key) == book.value(key), key
    assert pdf.failed_checks() == [] and len(pdf.checks) == len(book.checks)
    loc = pdf.records["account_lines"][0]["locator"]
    assert loc.startswith("第") and "表" in loc and "列" in loc


def test_planted_parent_error_in_a_pdf_table_is_reported_with_page_and_code(tmp_path):
    grid = read_workbook(SAMPLE_BOOK)
    sheet = next(s for s in grid.sheets if s.name.endswith("一般公共预算财政拨款支出决算表"))
    r, c = next(
        (r, c)
        for r, row in enumerate(sheet.rows)
        if str(row[0]).strip() == "20103"
        for c, v in enumerate(row)
        if isinstance(v, float)
    )
    sheet.rows[r][c] = round(sheet.rows[r][c] + 5, 2)  # parent ≠ its children now
    path = grid_pdf(grid, tmp_path / "planted.pdf")
    failed = extract_file(path).failed_checks()
    assert failed, "the planted error must fail an identity"
    msg = " ".join(f"{f.message} {f.locator}" for f in failed)
    assert "20103" in msg and "第" in msg and "页" in msg


def test_scanned_pdf_is_quarantined_as_scan(tmp_path):
    from formats_factory import scanned_pdf

    result = extract_file(scanned_pdf(tmp_path / "scan.pdf"))
    assert result.doc_type == "unreadable"
    assert "扫描件，无文字层 scanned, no text layer" in result.doc_type_reason


def test_html_page_drops_chrome_and_keeps_text_and_tables(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(seed_html())
    page = read_html(path)
    text = page.document.text
    assert "当前位置" not in text and "首页" not in text and "版权所有" not in text
    assert "发布时间" not in text and "var x" not in text
    assert "城市管理 | 465.40" in page.document.blocks
    assert len(page.sheets) == 1
    assert_seed_figures(extract_file(path).to_contract())


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "utf-8"])
def test_html_charset_from_meta(tmp_path, charset):
    path = tmp_path / "page.htm"
    path.write_bytes(seed_html(charset))
    out = extract_file(path).to_contract()
    assert out["source_format"] == "html"
    assert out["unit_name"] == "伍家岭街道办事处" and out["final_total_wan"] == 5437.72


def test_html_charset_by_detection_without_meta(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(seed_html("gb18030").replace(b"charset=gb18030", b""))
    assert extract_file(path).value("final_total_wan") == 5437.72


def test_mhtml_reads_its_html_part_and_skips_a_giant_image(tmp_path):
    path = write_mhtml(tmp_path / "page.mhtml", seed_html("gb2312"), "gb2312", 30 * 1024 * 1024)
    out = extract_file(path).to_contract()
    assert out["source_format"] == "mhtml"
    assert_seed_figures(out)


def test_xls_that_is_an_html_table_reads_as_a_workbook(tmp_path):
    grid = read_workbook(SAMPLE_BOOK)
    sheet = next(s for s in grid.sheets if s.name.endswith("支出决算表") and "财政" not in s.name)
    rows = "".join(
        "<tr>" + "".join(f"<td>{'' if v is None else v}</td>" for v in row) + "</tr>"
        for row in sheet.rows
    )
    path = tmp_path / "export.XLS"
    path.write_bytes(f"<html><body><table>{rows}</table></body></html>".encode("gb18030"))
    result = extract_file(path)
    assert result.source_format == "html"
    assert result.doc_type == "final_accounts_workbook"
    assert result.records["account_lines"]


def test_xls_that_is_csv_reads_as_a_workbook(tmp_path):
    grid = read_workbook(SAMPLE_BOOK)
    sheet = next(s for s in grid.sheets if s.name.endswith("支出决算表") and "财政" not in s.name)
    text = "\n".join(",".join("" if v is None else str(v) for v in row) for row in sheet.rows)
    path = tmp_path / "export.xls"
    path.write_bytes(text.encode("gb18030"))
    result = extract_file(path)
    assert result.source_format == "csv"
    assert result.doc_type == "final_accounts_workbook"
    assert result.value("expenditure_total_wan") == 5437.72


@pytest.mark.parametrize(
    ("src", "name", "fmt"),
    [
        (SAMPLE_BOOK, "book.xls", "xlsx"),
        (SAMPLE_BOOK, "BOOK.XLSX", "xlsx"),
        (SEED_DOCX, "seed.doc", "docx"),
        (SEED_DOCX, "SEED.DOCX", "docx"),
    ],
)
def test_mislabelled_and_upper_case_files_read_as_what_they_are(tmp_path, src, name, fmt):
    path = shutil.copy(src, tmp_path / name)
    result = extract_file(path)
    assert result.source_format == fmt
    assert result.doc_type in ("final_accounts_workbook", "performance_report")


def test_contract_carries_source_format(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("\n".join(seed_lines()), encoding="utf-8")
    out = extract_file(path).to_contract()
    assert out["source_format"] == "txt" and out["doc_type"] == "performance_report"


def test_pdf_report_and_pdf_juesuan_load_and_reconcile_like_txt_and_xlsx(tmp_path, accounts_pdf):
    """The warehouse path: a report PDF and a 决算 PDF reconcile as the .txt and .xlsx do."""
    from pipeline.ingest import ingest_folder
    from pipeline.warehouse import run_query

    raw, db = tmp_path / "raw", tmp_path / "wh.duckdb"
    raw.mkdir()
    lines = seed_lines()
    text_pdf(lines, raw / "wujialing_2022_seed.pdf", title=lines[0])
    shutil.copy(accounts_pdf, raw / "sample_wujialing_2022_final_accounts.pdf")
    outcomes = ingest_folder(raw, db)
    assert sorted(o.status for o in outcomes) == ["loaded", "loaded"]
    recon = run_query("SELECT status, count(*) AS n FROM reconciliation GROUP BY ALL", db)
    assert recon["status"].tolist() == ["agree"]
    locs = run_query("SELECT locator FROM account_lines", db)["locator"]
    assert len(locs) > 50 and locs.str.startswith("第").all()


def test_generated_juesuan_pdfs_give_their_workbooks_account_lines(tmp_path):
    """Seeded layouts (元/万元, split codes, no 栏次 row, blank rows …) printed as PDFs."""
    import sys

    sys.path.insert(0, str(SAMPLE_BOOK.parent.parent / "scripts"))
    from generate_sample_district import generate

    generate(
        tmp_path,
        4,
        years=(2021, 2022, 2023),
        seed=7,
        formats=(),
        workbooks=True,
        workbook_formats=("xlsx", "pdf"),
    )

    def lines(r):
        return {
            (x["table_name"], x["code"], x["name"], x["column_name"]): x["amount_wan"]
            for x in r.records["account_lines"]
        }

    pdfs = sorted(tmp_path.glob("*_final_accounts.pdf"))
    assert len(pdfs) == 12
    for pdf in pdfs:
        a, b = extract_file(pdf), extract_file(pdf.with_suffix(".xlsx"))
        assert lines(a) == lines(b), pdf.name
        assert [c.check for c in a.failed_checks()] == [c.check for c in b.failed_checks()]


def test_unruled_juesuan_pdf_gives_no_account_line_that_differs(tmp_path):
    """Tables printed without rules are not guessed into grids: no line, never a wrong one."""
    path = grid_pdf(read_workbook(SAMPLE_BOOK), tmp_path / "unruled.pdf", ruled=False)
    pdf, book = extract_file(path), extract_file(SAMPLE_BOOK)

    def lines(r):
        return {
            (x["table_name"], x["code"], x["name"], x["column_name"]): x["amount_wan"]
            for x in r.records.get("account_lines", [])
        }

    got, want = lines(pdf), lines(book)
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}


def test_html_article_header_is_kept_site_header_dropped(tmp_path):
    lines = seed_lines()
    body = "".join(f"<p>{ln}</p>" for ln in lines[2:])
    page = (
        "<html><body><header><a>网站首页</a> 政务公开 信息公开目录</header>"
        f"<main><article><header><h1>{lines[0]}</h1><h2>{lines[1]}</h2></header>{body}"
        "</article></main><footer>主办单位：开福区人民政府</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = read_html(path).document
    assert doc.blocks[0] == lines[0] and "网站首页" not in doc.text and "主办单位" not in doc.text
    assert_seed_figures(extract_file(path).to_contract())
