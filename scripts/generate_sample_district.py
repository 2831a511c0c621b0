#!/usr/bin/env python3
"""Generate an invented sample district: reports (.txt/.docx), workbooks, and truth.json.

usage: generate_sample_district.py --out DIR [--units 6] [--years 2021 2022 2023] [--seed 1]
                                   [--formats txt,docx[,pdf,doc,html]] [--workbooks]
                                   [--workbook-formats xlsx[,pdf]] [--plant-rate 0.15]
                                   [--other-rate 0.3]

pdf, doc and html reports are the .docx converted by LibreOffice (soffice on PATH);
a workbook as pdf is its nine tables printed as ruled PDF tables (reportlab).

Every file name starts with the invented prefix (sample_). truth.json has the format of
../shared/corpus/truth.json, so the extractor can be scored on the set:
  python ../shared/tools/score_extraction.py DIR/truth.json DIR --python .venv/bin/python
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

# Running as `python scripts/...` puts scripts/ (not the repo) on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.config import INVENTED_PREFIX
from pipeline.models import EXPENDITURE_CATEGORIES
from samples.district import UnitYear, build_district
from samples.report_text import (
    OTHER_KINDS,
    Rendered,
    other_kinds,
    render_other,
    render_report,
    write_report,
)

FORMATS = ("txt", "docx")
#: Formats made from each document's .docx by LibreOffice (what portals and old
#: deliveries carry); their truth is the .docx truth.
DERIVED_FORMATS = {"pdf": "pdf", "doc": "doc:MS Word 97", "html": "html"}
#: Workbook formats: the .xlsx, and the nine tables printed as a ruled PDF (reportlab).
WORKBOOK_FORMATS = ("xlsx", "pdf")


def report_file_name(uy: UnitYear, fmt: str) -> str:
    """sample_<unitslug>_<year>_report.<fmt>."""
    return f"{INVENTED_PREFIX}{uy.unit.slug}_{uy.year}_report.{fmt}"


def other_file_name(uy: UnitYear, kind: str, fmt: str) -> str:
    """sample_<unitslug>_<year>_<juesuan|fiscal_report|project_eval>.<fmt>."""
    return f"{INVENTED_PREFIX}{uy.unit.slug}_{uy.year}_{OTHER_KINDS[kind][1]}.{fmt}"


def workbook_file_name(uy: UnitYear, fmt: str = "xlsx") -> str:
    """sample_<unitslug>_<year>_final_accounts.xlsx (or .pdf)."""
    return f"{INVENTED_PREFIX}{uy.unit.slug}_{uy.year}_final_accounts.{fmt}"


def _truth_format(fmt: str) -> str:
    return "docx" if fmt in DERIVED_FORMATS else fmt


def _notes(uy: UnitYear, r: Rendered, fmt: str) -> str:
    s = r.style
    notes = [f"amounts in {s['amounts']}" + (" (whole numbers trimmed)" if s["trim"] else "")]
    if s["half_width"]:
        notes.append("half-width punctuation")
    if s["full_width_digits"]:
        notes.append("full-width digits")
    if s["break"]:
        notes.append(f"heading numbering break: {s['break'][0]} at level-1 #{s['break'][1]}")
    if s["boilerplate"]:
        notes.append("site boilerplate before the title")
    if s["toc"]:
        notes.append("table of contents with dot leaders")
    if s["table"]:
        if fmt == "docx":
            notes.append("expenditure figures in a Word table")
        elif s["flat_table_txt"]:
            notes.append("expenditure table flattened one cell per line")
    if s["budget_ratio"]:
        notes.append("budget at start stated only as a ratio (not stored)")
    if s.get("full_width_all"):
        notes.append("full-width digits, letters and punctuation throughout")
    if s.get("table") and s.get("table_layout") != "plain":
        notes.append(f"expenditure table layout: {s['table_layout']}")
    if s.get("project_list") == "summary" and r.doc_type == "performance_report":
        notes.append("projects named without their amounts (no projects in truth)")
    notes.extend(r.stated["traps"])
    if uy.rounding_note:
        notes.append(uy.rounding_note)
    return "Invented unit (sample data). " + "; ".join(notes) + "."


def truth_record(uy: UnitYear, r: Rendered, file_name: str) -> dict:
    """One truth.json object (the corpus format, plus is_invented, planted, stated_changes)."""
    st = r.truth(_truth_format(Path(file_name).suffix.lstrip(".")))
    rec: dict = {
        "file": file_name,
        "doc_type": r.doc_type,
        "unit_name": st["unit_name"],
        "district": st["district"],
        "city": st["city"],
        # invented places lie in no real province (the corpus records the real one)
        "province": None,
        "year": st["year"],
        "staff_in_post": st["staff_in_post"],
        "retirees": st["retirees"],
        "communities_count": st["communities_count"],
        "budget_at_start_wan": st["budget_at_start_wan"],
        "final_total_wan": st["final_total_wan"],
    }
    for cat in EXPENDITURE_CATEGORIES:
        rec[f"{cat}_wan"] = st[f"{cat}_wan"]
    rec["projects"] = st["projects"]
    rec["skip"] = list(r.skip)
    rec["notes"] = _notes(uy, r, _truth_format(Path(file_name).suffix.lstrip(".")))
    rec["is_invented"] = True
    rec["retiree_label"] = uy.unit.retiree_label
    rec["planted"] = list(uy.planted) if r.doc_type == "performance_report" else []
    rec["stated_changes"] = st["changes"]
    return rec


#: Sheet-order variants for workbooks (None = the standard order).
_SHEET_ORDERS = [None, None, "reversed", "shuffled"]


def _workbook_writer():
    """The workbook writer (samples/final_accounts.py), or None while it is absent."""
    try:
        from samples import final_accounts
    except ImportError:
        return None
    return final_accounts


def write_workbook(fa, uy: UnitYear, path: Path, seed: int) -> None:
    """Write the unit-year's final-accounts workbook in a seeded layout.

    The workbook carries the TRUE category figures, so a planted report inconsistency
    (e.g. a wrong stated total) also shows up as a report-vs-workbook difference.
    """
    rng = random.Random(f"{seed}/workbook/{uy.unit.slug}/{uy.year}")
    u = uy.unit
    c = uy.categories
    spec = fa.invented_spec(
        f"{u.city}{u.district}{u.name}",
        uy.year,
        c["basic"],
        c["project"],
        gov_fund=c["gov_fund"],
        state_capital=c["state_capital"],
        other=c["other"] + c["social_insurance"],  # no table of its own (zero in practice)
    )
    order = rng.choice(_SHEET_ORDERS)
    keys = list(fa.STANDARD_ORDER)
    if order == "reversed":
        keys.reverse()
    elif order == "shuffled":
        rng.shuffle(keys)
    opts = fa.LayoutOptions(
        amount_unit=rng.choice(["万元", "万元", "元"]),
        prefixed=rng.random() < 0.4,
        order=keys,
        split_codes=rng.random() < 0.25,
        code_style=rng.choice(["text", "text", "number", "with_name"]),
        side_by_side_basic=rng.random() < 0.6,
        blank_rows=rng.random() < 0.3,
        hidden_rows=rng.random() < 0.15,
        lanci_row=rng.random() < 0.7,
        footnotes=rng.random() < 0.7,
        sheet_names="generic" if rng.random() < 0.1 else "title",
    )
    fa.write_final_accounts_workbook(path, spec, opts)


def workbook_truth(uy: UnitYear, file_name: str) -> dict:
    """The truth of a generated workbook: identity and the figures its tables state."""
    u = uy.unit
    c = uy.categories
    rec: dict = {
        "file": file_name,
        "doc_type": "final_accounts_workbook",
        "unit_name": u.name,
        "district": u.district,
        "city": u.city,
        "year": uy.year,
        "staff_in_post": None,
        "retirees": None,
        "communities_count": None,
        "budget_at_start_wan": None,
        # 支出决算表 本年支出合计 and the 一般公共预算财政拨款支出决算表 split (DOMAIN §3)
        "final_total_wan": float(uy.final_total),
        "basic_wan": float(c["basic"]),
        "project_wan": float(c["project"]),
        "gov_fund_wan": float(c["gov_fund"]),
        "state_capital_wan": float(c["state_capital"]),
        "social_insurance_wan": None,
        "other_wan": None,
        "projects": [],
        # Not scored: other is only derivable (total − the three appropriation kinds), there is
        # no SI table, and the extractor reports the table totals under its own keys
        # (expenditure_total_wan, gpb_basic_wan, gpb_project_wan); the values stay for checks.
        "skip": [
            "final_total_wan",
            "basic_wan",
            "project_wan",
            "other_wan",
            "social_insurance_wan",
            "projects",
        ],
        "notes": "Invented unit (sample data). Workbook written by samples.final_accounts "
        "from the true category figures (a planted report error is not in the workbook).",
        "is_invented": True,
        "planted": [],
    }
    return rec


def generate(
    out: Path,
    units: int = 6,
    years: list[int] | tuple[int, ...] = (2021, 2022, 2023),
    seed: int = 1,
    formats: tuple[str, ...] = FORMATS,
    workbooks: bool = False,
    plant_rate: float = 0.15,
    other_rate: float = 0.3,
    twins: int = 0,
    workbook_formats: tuple[str, ...] = ("xlsx",),
) -> list[dict]:
    """Write the sample set into `out` and return the truth records (also in out/truth.json)."""
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, str]] = []  # (.docx written for conversion, final name stem)
    district = build_district(units, list(years), seed, plant_rate, twins=twins)
    writer = _workbook_writer() if workbooks else None
    if workbooks and writer is None:
        print(
            "note: samples/final_accounts.py is not there yet; reports only",
            file=sys.stderr,
        )
    truth: list[dict] = []
    for uy in district.unit_years:
        rendered = render_report(uy, seed)
        for fmt in formats:
            name = report_file_name(uy, fmt)
            _write(rendered, out, name, uy.year, staged)
            truth.append(truth_record(uy, rendered, name))
        # another document type in the same folder (statement, fiscal report, project eval)
        rng = random.Random(f"{seed}/other/{uy.unit.slug}/{uy.year}")
        if rng.random() < other_rate:
            kind = rng.choice(other_kinds(uy))
            other = render_other(uy, seed, kind)
            for fmt in formats:
                name = other_file_name(uy, kind, fmt)
                _write(other, out, name, uy.year, staged)
                truth.append(truth_record(uy, other, name))
        if writer is not None:
            name = workbook_file_name(uy)
            write_workbook(writer, uy, out / name, seed)
            if "pdf" in workbook_formats:
                pdf_name = workbook_file_name(uy, "pdf")
                _workbook_pdf(out / name, out / pdf_name)
                truth.append(workbook_truth(uy, pdf_name))
            if "xlsx" in workbook_formats:
                truth.append(workbook_truth(uy, name))
            else:
                (out / name).unlink()
    _convert_staged(out, staged)
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return truth


def _write(rendered: Rendered, out: Path, name: str, year: int, staged: list) -> None:
    """Write .txt/.docx directly; a derived format is staged as .docx for LibreOffice."""
    path = out / name
    fmt = path.suffix.lstrip(".")
    if fmt not in DERIVED_FORMATS:
        write_report(rendered, path, year)
        return
    stage = out / ".staged" / fmt
    stage.mkdir(parents=True, exist_ok=True)
    src = stage / f"{path.stem}.docx"
    write_report(rendered, src, year)
    staged.append((src, name))


def _convert_staged(out: Path, staged: list[tuple[Path, str]]) -> None:
    """Convert the staged .docx files, one LibreOffice run per target format."""
    if not staged:
        return
    from pipeline.readers.convert import convert_batch

    by_fmt: dict[str, list[tuple[Path, str]]] = {}
    for src, name in staged:
        by_fmt.setdefault(Path(name).suffix.lstrip("."), []).append((src, name))
    for fmt, items in by_fmt.items():
        done = convert_batch([s for s, _ in items], DERIVED_FORMATS[fmt], out / ".converted")
        for produced, (_src, name) in zip(done, items, strict=True):
            produced.replace(out / name)
    for tmp in (out / ".staged", out / ".converted"):
        if tmp.exists():
            shutil.rmtree(tmp)


def _workbook_pdf(xlsx: Path, pdf: Path) -> None:
    """The workbook's nine tables printed as a ruled PDF (reportlab)."""
    from pipeline.readers.excel import read_workbook
    from samples.pdf_writer import grid_pdf

    grid_pdf(read_workbook(xlsx), pdf)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument(
        "--units",
        type=int,
        default=6,
        help="number of invented units, 30 per district; past 900 the names repeat in other "
        "districts",
    )
    ap.add_argument(
        "--twins", type=int, default=0, help="extra units repeating the first names elsewhere"
    )
    ap.add_argument("--years", type=int, nargs="+", default=[2021, 2022, 2023])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--formats",
        default="txt,docx",
        help="comma-separated report formats: txt,docx and (via LibreOffice) pdf,doc,html",
    )
    ap.add_argument(
        "--workbook-formats",
        default="xlsx",
        help="comma-separated workbook formats with --workbooks: xlsx,pdf (ruled PDF tables)",
    )
    ap.add_argument("--workbooks", action="store_true", help="also write final-accounts workbooks")
    ap.add_argument(
        "--other-rate",
        type=float,
        default=0.3,
        help="share of unit-years that also get another document type "
        "(决算情况说明, township fiscal report, project self-evaluation)",
    )
    ap.add_argument(
        "--plant-rate",
        type=float,
        default=0.15,
        help="share of unit-years with a planted inconsistency",
    )
    args = ap.parse_args(argv)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    known = (*FORMATS, *DERIVED_FORMATS)
    bad = [f for f in formats if f not in known]
    if bad:
        ap.error(f"unknown format(s): {', '.join(bad)} (choose from {', '.join(known)})")
    book_formats = tuple(f.strip() for f in args.workbook_formats.split(",") if f.strip())
    if any(f not in WORKBOOK_FORMATS for f in book_formats):
        ap.error(f"workbook formats: choose from {', '.join(WORKBOOK_FORMATS)}")
    t0 = time.perf_counter()
    truth = generate(
        args.out,
        args.units,
        args.years,
        args.seed,
        formats,
        args.workbooks,
        args.plant_rate,
        args.other_rate,
        args.twins,
        workbook_formats=book_formats,
    )
    planted = len({(t["unit_name"], t["district"], t["year"]) for t in truth if t["planted"]})
    n_reports = sum(1 for t in truth if t["doc_type"] == "performance_report")
    n_books = sum(1 for t in truth if t["doc_type"] == "final_accounts_workbook")
    n_other = len(truth) - n_reports - n_books
    print(
        f"wrote {n_reports} reports ({', '.join(formats)}), {n_other} other documents "
        f"and {n_books} workbooks "
        f"for {args.units + args.twins} units × "
        f"{len(set(args.years))} years into {args.out} in {time.perf_counter() - t0:.1f} s; "
        f"{planted} unit-years with a planted inconsistency; truth: {args.out / 'truth.json'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
