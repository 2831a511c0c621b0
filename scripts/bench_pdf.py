#!/usr/bin/env python3
"""PDF speed: text and table pages per second, the libraries compared, the reader's share of a build.

    .venv/bin/python scripts/bench_pdf.py [--units 6] [--repeat 3]

Inputs are made here: a generated sample district (reports as PDF by LibreOffice when
soffice is on PATH, else by reportlab; the nine 决算 tables as ruled PDFs by reportlab).
Prints pages/s of pypdfium2 text, pdfplumber text, pdfplumber tables and the pipeline's
own ruled-table finder on pypdfium2 on the same pages (the figures behind the library
choice in the README), pages/s of the pipeline's reader
on report PDFs and on 决算 PDFs, and the PDF reader's share of a full build of the folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def _pages(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for p in paths:
        doc = pdfium.PdfDocument(str(p))
        total += len(doc)
        doc.close()
    return total


def _rate(label: str, fn, paths: list[Path], repeat: int) -> float:
    pages = _pages(paths)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for p in paths:
            fn(p)
        best = min(best, time.perf_counter() - t0)
    print(f"{label:<46} {pages:>5} pages {best:>8.2f} s {pages / best:>9.1f} pages/s")
    return pages / best


def pdfium_text(path: Path) -> None:
    """Every page's text with pypdfium2."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
    doc.close()


def plumber_text(path: Path) -> None:
    """Every page's text with pdfplumber."""
    import pdfplumber

    with pdfplumber.open(str(path)) as doc:
        for page in doc.pages:
            page.extract_text()


def plumber_tables(path: Path) -> None:
    """Every page's ruled tables with pdfplumber."""
    import pdfplumber

    from pipeline.readers.pdf_tables import RULED

    with pdfplumber.open(str(path)) as doc:
        for page in doc.pages:
            for t in page.find_tables(RULED):
                t.extract()


def pdfium_tables(path: Path) -> None:
    """Every page's ruled tables from pypdfium2's rules and text layer (pipeline.readers.pdf_grid)."""
    import pypdfium2 as pdfium

    from pipeline.readers.pdf_grid import ruled_tables

    doc = pdfium.PdfDocument(str(path))
    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        ruled_tables(page, tp, i + 1, page.get_size()[1])
        tp.close()
        page.close()
    doc.close()


def make_inputs(out: Path, units: int) -> tuple[list[Path], list[Path]]:
    """(report PDFs, 决算 PDFs) of a generated district."""
    from generate_sample_district import generate

    from pipeline.readers.convert import soffice_path

    fmt = "pdf" if soffice_path() else "txt"
    truth = generate(out, units, formats=(fmt,), workbooks=True, workbook_formats=("pdf",))
    if fmt == "txt":  # no LibreOffice: lay the reports out with reportlab instead
        from samples.pdf_writer import text_pdf

        for t in truth:
            if t["file"].endswith(".txt"):
                src = out / t["file"]
                lines = src.read_text(encoding="utf-8").splitlines()
                text_pdf(lines, src.with_suffix(".pdf"), title=lines[0])
                src.unlink()
    reports = sorted(p for p in out.glob("*.pdf") if "final_accounts" not in p.name)
    books = sorted(out.glob("*final_accounts.pdf"))
    print(
        f"inputs: {len(reports)} report PDFs ({'LibreOffice' if fmt == 'pdf' else 'reportlab'}), "
        f"{len(books)} 决算 PDFs (reportlab), {units} units"
    )
    return reports, books


def build_share(folder: Path, db: Path) -> None:
    """A full build of the folder (extract, validate, load, reconcile) and the PDF reader's part."""
    import pipeline.readers.pdf as pdf_module
    from pipeline import warehouse
    from pipeline.extract import extract_files
    from pipeline.ingest import pending_paths

    spent = [0.0]
    real = pdf_module.read_pdf

    def timed(path):
        t0 = time.perf_counter()
        try:
            return real(path)
        finally:
            spent[0] += time.perf_counter() - t0

    pdf_module.read_pdf = timed
    try:
        t0 = time.perf_counter()
        inventory = warehouse.inventory(folder, db)
        paths = pending_paths(inventory)
        results = extract_files(paths, workers=1)  # in-process, so the reader can be timed
        # the load refreshes reconciliation and the metric tables itself
        warehouse.load_validated(warehouse.validate_results(results), db)
        total = time.perf_counter() - t0
    finally:
        pdf_module.read_pdf = real
    print(
        f"full build of {len(paths)} PDFs (1 process): {total:.2f} s, of which the PDF reader "
        f"{spent[0]:.2f} s = {100 * spent[0] / total:.0f} %"
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    from pipeline.readers.pdf import read_pdf

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        reports, books = make_inputs(Path(tmp) / "raw", args.units)
        print("== libraries on the report PDFs (text) ==")
        _rate("pypdfium2 get_text_range", pdfium_text, reports, args.repeat)
        _rate("pdfplumber extract_text", plumber_text, reports, args.repeat)
        print("== libraries on the 决算 PDFs (tables) ==")
        _rate("pypdfium2 get_text_range", pdfium_text, books, args.repeat)
        _rate("pdfplumber find_tables + extract", plumber_tables, books, args.repeat)
        _rate("pypdfium2 rules + text (pdf_grid)", pdfium_tables, books, args.repeat)
        print("== the pipeline's reader (pipeline.readers.pdf.read_pdf) ==")
        _rate("report PDFs: text, furniture, rejoin", read_pdf, reports, args.repeat)
        _rate("决算 PDFs: text + tables → grids", read_pdf, books, args.repeat)
        build_share(Path(tmp) / "raw", Path(tmp) / "w.duckdb")
    return 0


if __name__ == "__main__":
    sys.exit(main())
