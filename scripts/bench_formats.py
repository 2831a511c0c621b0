#!/usr/bin/env python3
"""Accuracy per format: the same reports as .docx, .pdf, .doc and .html give the same figures.

    .venv/bin/python scripts/bench_formats.py [--units 12] [--seed 7] [--workers 2]

1. The seed report (raw/wujialing_2022_seed.docx) through LibreOffice to .pdf, .doc, .html
   and through reportlab to .pdf: its scored figures per format.
2. The invented full-length set (tests/fixtures/invented_full, .txt → .docx here, then
   LibreOffice): precision and recall per format.
3. A generated sample district (scripts/generate_sample_district.py) with reports in
   docx/pdf/doc/html and workbooks as .xlsx and as ruled PDF tables: precision and recall
   per format, scored with ../shared/tools/score_extraction.py's rules.
4. Legacy Word: .doc conversions per second (one LibreOffice start per file, as in a build).
Needs LibreOffice (soffice) on PATH.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from pipeline.extract import extract_file, extract_files  # noqa: E402
from pipeline.readers.convert import convert_batch  # noqa: E402

SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"
FULL = ROOT / "tests" / "fixtures" / "invented_full"
TARGETS = {"pdf": "pdf", "doc": "doc:MS Word 97", "html": "html"}
SEED_KEYS = ("final_total_wan", "basic_wan", "project_wan", "gov_fund_wan", "staff_in_post")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(truth: list[dict], paths: list[Path], workers: int) -> tuple[int, int, int]:
    """(correct, extracted, expected) with the shared scorer's fields and rules."""
    sc = _scorer()
    got = {r.file: r.to_contract() for r in extract_files(paths, workers=workers, isolate=True)}
    correct = extracted = expected = 0
    for t, p in zip(truth, paths, strict=True):
        g = got[str(p)]
        skip = set(t.get("skip", []))
        for f in sc.FIELDS:
            if f in skip or f not in t:
                continue
            expected += t[f] is not None
            extracted += g.get(f) is not None
            correct += t[f] is not None and g.get(f) is not None and sc.same(f, t[f], g[f])
        if "projects" in t and "projects" not in skip:
            tp = {sc.norm_proj(x["name"]): x["amount_wan"] for x in t["projects"]}
            gp = {sc.norm_proj(x["name"]): x["amount_wan"] for x in g.get("projects") or []}
            expected += len(tp)
            extracted += len(gp)
            correct += sum(1 for n, a in gp.items() if n in tp and sc.same("amount_wan", tp[n], a))
    return correct, extracted, expected


def _line(label: str, c: int, e: int, t: int) -> str:
    return (
        f"{label:<34} precision={c / max(e, 1):.3f} recall={c / max(t, 1):.3f} "
        f"correct={c} extracted={e} expected={t}"
    )


def seed_formats(tmp: Path) -> None:
    """The seed's figures through every format."""
    from samples.pdf_writer import text_pdf

    src = ROOT / "raw" / "wujialing_2022_seed.docx"
    files = {"docx": src}
    for fmt, target in TARGETS.items():
        files[fmt] = convert_batch([src], target, tmp / "seed" / fmt)[0]
    lines = (ROOT / "raw" / "wujialing_2022_seed.txt").read_text(encoding="utf-8").splitlines()
    files["pdf (reportlab)"] = text_pdf(lines, tmp / "seed_rl.pdf", title=lines[0])
    print("== seed report, same figures in every format ==")
    print(f"{'format':<16}" + "".join(f"{k:>18}" for k in (*SEED_KEYS, "projects")))
    for fmt, path in files.items():
        c = extract_file(path).to_contract()
        vals = [c.get(k) for k in SEED_KEYS] + [len(c["projects"])]
        print(f"{fmt:<16}" + "".join(f"{v!s:>18}" for v in vals))


def full_set(tmp: Path, workers: int) -> None:
    """The invented full-length set per format."""
    from samples.docx_writer import docx_from_lines

    truth = json.loads((FULL / "truth.json").read_text(encoding="utf-8"))
    docxs = []
    for t in truth:
        src = FULL / t["file"]
        dst = tmp / "full" / f"{src.stem}.docx"
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".docx":
            shutil.copy(src, dst)
        else:
            docx_from_lines(src.read_text(encoding="utf-8").splitlines(), dst)
        docxs.append(dst)
    print("== invented full-length set (tests/fixtures/invented_full) ==")
    print(_line("txt (as committed)", *score(truth, [FULL / t["file"] for t in truth], workers)))
    print(_line("docx", *score(truth, docxs, workers)))
    for fmt, target in TARGETS.items():
        paths = convert_batch(docxs, target, tmp / "full" / fmt)
        print(_line(fmt, *score(truth, paths, workers)))


def district(tmp: Path, units: int, seed: int, workers: int) -> None:
    """A generated sample district in every format."""
    from generate_sample_district import generate

    out = tmp / "district"
    t0 = time.perf_counter()
    truth = generate(
        out,
        units,
        seed=seed,
        formats=("docx", "pdf", "doc", "html"),
        workbooks=True,
        workbook_formats=("xlsx", "pdf"),
    )
    print(
        f"== generated district: {units} units, seed {seed} ({time.perf_counter() - t0:.0f} s) =="
    )
    groups: dict[str, list[dict]] = {}
    for t in truth:
        kind = "workbook" if t["doc_type"] == "final_accounts_workbook" else "document"
        groups.setdefault(f"{kind} .{t['file'].rsplit('.', 1)[1]}", []).append(t)
    for label, items in sorted(groups.items()):
        print(
            _line(
                f"{label} ({len(items)} files)",
                *score(items, [out / t["file"] for t in items], workers),
            )
        )


def doc_speed(tmp: Path, n: int) -> None:
    """.doc files extracted one after another: conversions per second."""
    doc = convert_batch([ROOT / "raw" / "wujialing_2022_seed.docx"], TARGETS["doc"], tmp / "d")[0]
    paths = [shutil.copy(doc, tmp / "d" / f"seed_{i}.doc") for i in range(n)]
    t0 = time.perf_counter()
    for p in paths:
        assert extract_file(p).value("final_total_wan") == 5437.72
    dt = time.perf_counter() - t0
    print(
        f"== legacy Word == .doc extraction (LibreOffice conversion + read): {n} files "
        f"{dt:.2f} s  {n / dt:.2f} conversions/s (sequential)"
    )
    t0 = time.perf_counter()
    results = list(extract_files(paths, workers=2, isolate=True))
    dt = time.perf_counter() - t0
    assert all(r.value("final_total_wan") == 5437.72 for r in results)
    print(f"   2 isolated workers: {n} files {dt:.2f} s  {n / dt:.2f} conversions/s")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=12)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--doc-files", type=int, default=8)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as tmp:
        seed_formats(Path(tmp))
        full_set(Path(tmp), args.workers)
        district(Path(tmp), args.units, args.seed, args.workers)
        doc_speed(Path(tmp), args.doc_files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
