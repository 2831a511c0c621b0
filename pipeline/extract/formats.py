"""Route a file by what its bytes are to the reader that yields a Document or cell grids.

Text formats (txt, docx, doc/wps/rtf via LibreOffice, and PDF or web pages without
决算 tables) become a Document for extract_text_document; workbooks, CSV exports and PDF
or HTML whose tables are the 决算公开 tables become a WorkbookGrid for extract_workbook.
Either way every downstream step is the one the .docx/.xlsx path uses.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.labels import match_table
from pipeline.models import Document, ExtractionResult
from pipeline.readers import ReadError
from pipeline.readers.excel import SheetGrid, WorkbookGrid
from pipeline.readers.sniff import sniff
from pipeline.readers.textmap import origin_at


def extract_by_format(path: Path, result: ExtractionResult) -> ExtractionResult:
    """Sniff the format, read, and extract; ReadError for what cannot be read."""
    fmt = sniff(path)
    result.source_format = fmt
    if fmt in ("xlsx", "xls"):
        from pipeline.readers.excel import read_workbook

        return _workbook(path, result, read_workbook(path, fmt))
    if fmt == "csv":
        from pipeline.readers.csvfile import read_csv

        return _workbook(path, result, read_csv(path))
    if fmt == "pdf":
        from pipeline.readers.pdf import read_pdf

        pdf = read_pdf(path)
        return _tables_or_text(path, result, fmt, pdf.sheets, pdf.document)
    if fmt in ("html", "mhtml"):
        from pipeline.readers.html import read_html

        page = read_html(path, fmt)
        return _tables_or_text(path, result, fmt, page.sheets, page.document)
    if fmt == "docx":
        from pipeline.readers.docx import read_docx

        return _text(read_docx(path), result)
    if fmt in ("doc", "wps", "rtf"):
        from pipeline.readers.convert import read_legacy_word

        return _text(read_legacy_word(path, fmt), result)
    from pipeline.readers.text import read_text

    return _text(read_text(path), result)


def _workbook(path: Path, result: ExtractionResult, grid: WorkbookGrid) -> ExtractionResult:
    from pipeline.extract.workbook import extract_workbook

    return extract_workbook(path, result, grid=grid)


def is_final_accounts_table(sheet: SheetGrid) -> bool:
    """True when a grid's title (or name) is one of the nine 决算公开 tables."""
    from pipeline.extract.sheet import sheet_info

    return bool(match_table(sheet_info(sheet).title) or match_table(sheet.name))


def _tables_or_text(
    path: Path,
    result: ExtractionResult,
    fmt: str,
    sheets: list[SheetGrid],
    document: Document | None,
) -> ExtractionResult:
    """决算 tables go the workbook way; anything else is read as text.

    A report that carries one table (表1 支出情况) is still a report: the tables decide
    only when the text is not a report, form or evaluation, or when several distinct
    决算 tables are printed (a 决算公开 publication with its explanatory notes).
    """
    tables = [s for s in sheets if is_final_accounts_table(s)]
    if tables and document is not None and not _tables_decide(document, tables):
        tables = []
    if tables:
        if document is not None and len(document.text) > 2000:
            result.add_issue(
                "format",
                f"{fmt.upper()} 含决算公开表，按表格读取，正文未抽取 final-accounts tables "
                "read as tables; the prose around them was not extracted",
                "info",
            )
        grid = WorkbookGrid(str(path), fmt, sheets, hidden_rows_supported=True)
        return _workbook(path, result, grid)
    if document is None:
        raise ReadError(f"文件无文本 no text content: {path.name}")
    return _text(document, result)


#: Distinct 决算 tables that make a document a final-accounts publication whatever its text.
MIN_DISTINCT_TABLES = 3
_TEXT_KINDS = ("performance_report", "performance_form", "project_evaluation", "fiscal_report")


def _tables_decide(document: Document, tables: list[SheetGrid]) -> bool:
    from pipeline.classify import classify
    from pipeline.extract.sheet import sheet_info

    kinds = {match_table(sheet_info(s).title) or match_table(s.name) for s in tables}
    if len(kinds) >= MIN_DISTINCT_TABLES:
        return True
    return classify(document)[0] not in _TEXT_KINDS


def _text(doc: Document, result: ExtractionResult) -> ExtractionResult:
    from pipeline.extract.report import extract_text_document

    extract_text_document(doc, result)
    if doc.origins:
        annotate_origins(result, doc)
    return result


def annotate_origins(result: ExtractionResult, doc: Document) -> None:
    """Prefix each figure's and record's locator with its page and line (or element)."""
    for fig in result.figures.values():
        where = origin_at(doc, fig.provenance.start)
        if where:
            loc = fig.provenance.locator
            fig.provenance.locator = f"{where} · {loc}" if loc else where
    for rows in result.records.values():
        for row in rows:
            where = origin_at(doc, row.get("start"))
            if where:
                loc = row.get("locator") or ""
                row["locator"] = f"{where} · {loc}" if loc else where
