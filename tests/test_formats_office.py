"""A real LibreOffice conversion: the seed as .docx → .pdf, .doc and .html gives the same figures.

Conversions are shared through session-scoped fixtures (LibreOffice takes seconds to start);
one soffice run converts many files. CI installs LibreOffice (.ci/run); a developer
machine without it skips these tests, naming what to install.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from accuracy import scorer
from formats_factory import SAMPLE_BOOK, SEED_DOCX, assert_seed_figures, docx_from_lines

from pipeline.extract import extract_file, extract_files
from pipeline.readers.convert import convert_batch, soffice_path
from pipeline.readers.excel import read_workbook
from samples.docx_writer import grid_docx

FULL = Path(__file__).resolve().parent / "fixtures" / "invented_full"

if soffice_path() is None and os.environ.get("CI") != "true":
    pytest.skip(
        "LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui",
        allow_module_level=True,
    )


@pytest.fixture(scope="session")
def converted(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """The seed and the invented full-length set as .docx, converted by LibreOffice:
    pdf and html for all (one soffice run each), doc for the seed. {stem: {fmt: path}}."""
    root = tmp_path_factory.mktemp("lo")
    docxs = [Path(shutil.copy(SEED_DOCX, root / "seed.docx"))]
    for t in json.loads((FULL / "truth.json").read_text(encoding="utf-8")):
        src = FULL / t["file"]
        if src.suffix == ".docx":
            docxs.append(Path(shutil.copy(src, root / src.name)))
        else:
            lines = src.read_text(encoding="utf-8").splitlines()
            docxs.append(docx_from_lines(lines, root / f"{src.stem}.docx"))
    grid = grid_docx(read_workbook(SAMPLE_BOOK), root / "juesuan_tables.docx")
    out = {d.stem: {"docx": d} for d in docxs}
    out[grid.stem] = {"docx": grid}
    docxs.append(grid)
    # .doc of the whole set is measured by scripts/bench_formats.py (a conversion per file)
    for fmt, target, sources in (
        ("pdf", "pdf", docxs),
        ("html", "html", docxs[:-1]),
        ("doc", "doc:MS Word 97", docxs[:1]),
    ):
        for src, path in zip(sources, convert_batch(sources, target, root / fmt), strict=True):
            out[src.stem][fmt] = path
    return out


@pytest.fixture(scope="session")
def seed_formats(converted) -> dict[str, Path]:
    """The seed converted by LibreOffice to pdf, doc and html."""
    return {k: v for k, v in converted["seed"].items() if k != "docx"}


@pytest.fixture(scope="session")
def seed_results(seed_formats) -> dict[str, dict]:
    """The extract contract of the seed in each format (each .doc read converts once)."""
    return {fmt: extract_file(path).to_contract() for fmt, path in seed_formats.items()}


@pytest.mark.parametrize("fmt", ["pdf", "doc", "html"])
def test_seed_every_figure_through_libreoffice(seed_results, fmt):
    out = seed_results[fmt]
    assert out["source_format"] == fmt
    assert_seed_figures(out)
    assert [i for i in out["issues"] if i["severity"] == "error"] == []


def test_same_report_same_figures_in_every_format(seed_results):
    base = extract_file(SEED_DOCX).to_contract()
    for fmt, got in seed_results.items():
        for key in ("final_total_wan", "basic_wan", "project_wan", "budget_at_start_wan"):
            assert got[key] == base[key], (fmt, key)
        assert got["projects"] == base["projects"], fmt


def test_doc_conversions_in_parallel_workers(seed_formats, tmp_path):
    """Isolated workers each convert with their own LibreOffice profile: no collision."""
    paths = [shutil.copy(seed_formats["doc"], tmp_path / f"seed_{i}.doc") for i in range(2)]
    results = list(extract_files(paths, workers=2, isolate=True))
    assert [r.value("final_total_wan") for r in results] == [5437.72] * 2


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_invented_full_set_precision_and_recall_per_format(converted, fmt):
    sc = scorer()
    truth = json.loads((FULL / "truth.json").read_text(encoding="utf-8"))
    correct = extracted = expected = 0
    wrong = []
    for t in truth:
        path = converted[Path(t["file"]).stem][fmt]
        got = extract_file(path).to_contract()
        for f in sc.FIELDS:
            if f in set(t.get("skip", [])) or f not in t:
                continue
            expected += t[f] is not None
            extracted += got.get(f) is not None
            if t[f] is not None and got.get(f) is not None and sc.same(f, t[f], got[f]):
                correct += 1
            elif got.get(f) is not None:
                wrong.append(f"{path.name}: {f} truth={t[f]!r} got={got[f]!r}")
    assert correct / max(extracted, 1) >= 0.99, wrong
    assert correct / expected >= 0.90, f"recall {correct}/{expected}"


def test_juesuan_pdf_from_libreoffice_gives_the_workbook_account_lines(converted):
    """A second 决算 PDF producer: the tables as Word tables, printed by LibreOffice."""
    pdf = extract_file(converted["juesuan_tables"]["pdf"])
    book = extract_file(SAMPLE_BOOK)

    def lines(r):
        return {
            (x["table_name"], x["code"], x["name"], x["column_name"]): x["amount_wan"]
            for x in r.records["account_lines"]
        }

    assert pdf.doc_type == "final_accounts_workbook"
    assert lines(pdf) == lines(book)
    assert pdf.failed_checks() == [] and pdf.value("unit_name") == book.value("unit_name")


def test_without_libreoffice_doc_is_quarantined_with_install_hint(seed_formats, monkeypatch):
    monkeypatch.setenv("BUDGETPERF_SOFFICE", "/nonexistent/soffice")
    result = extract_file(seed_formats["doc"])
    assert result.doc_type == "unreadable"
    assert "安装 LibreOffice" in result.doc_type_reason or "LibreOffice" in result.doc_type_reason
    assert "apt-get install libreoffice-writer-nogui" in result.doc_type_reason


def _hanging_converter(tmp_path: Path) -> Path:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexec sleep 5\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


def test_hanging_converter_is_killed_after_the_time_limit(seed_formats, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETPERF_SOFFICE", str(_hanging_converter(tmp_path)))
    monkeypatch.setenv("BUDGETPERF_CONVERT_SECONDS", "0.5")
    result = extract_file(seed_formats["doc"])
    assert result.doc_type == "unreadable"
    assert "转换超时" in result.doc_type_reason and "timed out" in result.doc_type_reason


def test_file_time_limit_kills_only_that_worker(seed_formats, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETPERF_SOFFICE", str(_hanging_converter(tmp_path)))
    monkeypatch.setenv("BUDGETPERF_FILE_SECONDS", "1.5")
    good = shutil.copy(SEED_DOCX, tmp_path / "good.docx")
    hang = shutil.copy(seed_formats["doc"], tmp_path / "hang.doc")
    before = set(Path(tempfile.gettempdir()).glob("budgetperf-worker-*"))
    results = list(extract_files([good, hang, good], workers=2, isolate=True))
    assert [r.doc_type for r in results] == [
        "performance_report",
        "unreadable",
        "performance_report",
    ]
    assert "抽取超时" in results[1].doc_type_reason
    # the killed worker's conversion folder and LibreOffice profile went with it
    assert set(Path(tempfile.gettempdir()).glob("budgetperf-worker-*")) <= before


def test_file_time_limit_in_process_stops_the_file_and_its_converter(
    seed_formats, tmp_path, monkeypatch
):
    monkeypatch.setenv("BUDGETPERF_SOFFICE", str(_hanging_converter(tmp_path)))
    monkeypatch.setenv("BUDGETPERF_FILE_SECONDS", "1")
    good = shutil.copy(SEED_DOCX, tmp_path / "good.docx")
    hang = shutil.copy(seed_formats["doc"], tmp_path / "hang.doc")
    results = list(extract_files([hang, good], workers=1, isolate=False))
    assert [r.doc_type for r in results] == ["unreadable", "performance_report"]
    assert "抽取超时（1 秒）" in results[0].doc_type_reason


def test_encrypted_doc_is_quarantined_before_conversion(seed_formats, tmp_path):
    import olefile

    path = shutil.copy(seed_formats["doc"], tmp_path / "locked.doc")
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        fib = bytearray(ole.openstream("WordDocument").read())
        fib[11] |= 0x01  # fEncrypted (FIB flags bit 8)
        ole.write_stream("WordDocument", bytes(fib))
    result = extract_file(path)
    assert result.doc_type == "unreadable"
    assert "已加密" in result.doc_type_reason and "password-protected" in result.doc_type_reason


def test_garbage_ole_doc_is_quarantined_not_a_hang(tmp_path):
    bad = tmp_path / "broken.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = extract_file(bad)
    assert result.doc_type == "unreadable"
    assert "OLE" in result.doc_type_reason
