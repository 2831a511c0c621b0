"""Reconciliation of a report with its final-accounts workbook (DOMAIN.md §3 mapping)."""

from __future__ import annotations

import pytest
from workbook_factory import find_cell, seed_workbook, set_cell

from pipeline.extract import extract_file
from pipeline.extract.identity import resolve_text_identity
from pipeline.metadata.figures import RECONCILED
from pipeline.models import ExtractionResult, Provenance
from pipeline.warehouse import load_results, run_query

_ORDER = {r.figure: i for i, r in enumerate(RECONCILED)}
_COLUMNS = (
    "unit_key, unit_name, year, figure, report_value, workbook_value, difference, status, "
    "report_file, report_locator, report_sentence, workbook_file, workbook_locator"
)


def _rows(db) -> list[dict]:
    frame = run_query(f"SELECT {_COLUMNS} FROM reconciliation", db)
    rows = [{k: (None if v != v else v) for k, v in r.items()} for r in frame.to_dict("records")]
    return sorted(rows, key=lambda r: (str(r["unit_key"]), r["year"], _ORDER[r["figure"]]))


def reconcile(report, workbook, tmp=None) -> list[dict]:
    """Load a report and a workbook into a fresh warehouse; its reconciliation rows."""
    import tempfile
    from pathlib import Path

    docs = [d for d in (report, workbook) if d is not None]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "wh.duckdb"
        _load(docs, db)
        return _rows(db) if docs else []


def _load(docs, db) -> None:
    import copy
    import hashlib

    docs = [copy.deepcopy(d) for d in docs]
    for i, d in enumerate(docs):
        # hand-made documents may share a file: each is its own version
        d.sha256 = hashlib.sha256(f"{d.file}#{i}#{id(d)}".encode()).hexdigest()
    load_results(docs, db)


SEED_REPORT = {
    "basic_wan": 2400.49,
    "project_wan": 2910.23,
    "gov_fund_wan": 16.0,
    "state_capital_wan": 38.45,
    "other_wan": 72.55,
    "final_total_wan": 5437.72,
}


def report(values=SEED_REPORT, unit="伍家岭街道办事处", year=2022) -> ExtractionResult:
    """A hand-made report extraction, as the report extractor would return it."""
    r = ExtractionResult(file="raw/wujialing_2022_seed.txt", doc_type="performance_report")
    r.set("unit_name", unit)
    r.set("year", year)
    resolve_text_identity(r, unit, Provenance())  # as extraction resolves the name
    for name, value in values.items():
        r.set(
            name,
            value,
            "万元",
            Provenance(locator=f"二、一般公共预算支出情况/{name}", sentence=f"…{value}万元…"),
        )
    return r


@pytest.fixture(scope="module")
def seed_wb(tmp_path_factory):
    return extract_file(
        seed_workbook(tmp_path_factory.mktemp("rec"), "sample_wujialing_2022_final_accounts.xlsx")
    )


def test_seed_reconciles_figure_by_figure(seed_wb):
    rows = {r["figure"]: r for r in reconcile(report(), seed_wb)}
    expected = {
        "basic": 2400.49,
        "project": 2910.23,
        "gov_fund": 16.0,
        "state_capital": 38.45,
        "other": 72.55,
        "final_total": 5437.72,
    }
    assert list(rows) == list(expected)
    for figure, value in expected.items():
        row = rows[figure]
        assert row["report_value"] == value and row["workbook_value"] == value, figure
        assert row["difference"] == 0.0 and row["status"] == "agree", figure
        assert row["unit_name"] == "伍家岭街道办事处" and row["year"] == 2022
        assert row["report_file"].endswith("raw/wujialing_2022_seed.txt")
        assert row["workbook_file"].endswith("sample_wujialing_2022_final_accounts.xlsx")
        assert row["report_sentence"] and row["report_locator"]
    assert rows["basic"]["workbook_locator"].startswith("一般公共预算财政拨款支出决算表!")
    assert rows["gov_fund"]["workbook_locator"].startswith("政府性基金预算财政拨款收入支出决算表!")
    assert rows["state_capital"]["workbook_locator"].startswith(
        "国有资本经营预算财政拨款支出决算表!"
    )
    assert rows["final_total"]["workbook_locator"].startswith("支出决算表!")
    assert rows["other"]["workbook_locator"].count("−") == 3


def test_rounding_difference_agrees_and_real_difference_differs(seed_wb):
    values = dict(SEED_REPORT, project_wan=2910.22, basic_wan=2390.49)
    rows = {r["figure"]: r for r in reconcile(report(values), seed_wb)}
    assert rows["project"]["status"] == "agree" and rows["project"]["difference"] == -0.01
    assert rows["basic"]["status"] == "differ" and rows["basic"]["difference"] == -10.0


def test_only_in_one_source(seed_wb):
    values = {k: v for k, v in SEED_REPORT.items() if k != "other_wan"}
    values["state_capital_wan"] = None
    rep = report(values)
    rows = {r["figure"]: r for r in reconcile(rep, seed_wb)}
    assert rows["other"]["status"] == "only_workbook" and rows["other"]["report_value"] is None
    assert rows["state_capital"]["status"] == "only_workbook"
    rows = {r["figure"]: r for r in reconcile(rep, None)}
    assert {r["status"] for r in rows.values()} == {"only_report"}
    assert "other" not in rows and rows["basic"]["workbook_file"] is None
    assert reconcile(None, None) == []  # nothing delivered, nothing to reconcile


def test_workbook_difference_in_project(tmp_path):
    path = seed_workbook(tmp_path)
    sheet = "一般公共预算财政拨款支出决算表"
    cell = find_cell(path, sheet, "合计", 5)  # 项目支出 of the 合计 row
    set_cell(path, sheet, cell, 2922.53)
    rows = {r["figure"]: r for r in reconcile(report(), extract_file(path))}
    assert rows["project"]["status"] == "differ" and rows["project"]["difference"] == -12.3
    assert rows["project"]["workbook_locator"] == f"{sheet}!{cell}"


def test_other_uses_basic_plus_project_when_gpb_total_missing(seed_wb):
    import copy

    wb = copy.deepcopy(seed_wb)
    del wb.figures["gpb_total_wan"]
    rows = {r["figure"]: r for r in reconcile(report(), wb)}
    assert rows["other"]["workbook_value"] == 72.55 and rows["other"]["status"] == "agree"


def test_report_and_workbook_meet_with_or_without_city_prefix(seed_wb, tmp_path):
    rep = report(unit="长沙市开福区伍家岭街道办事处")
    other = report(unit="澄州市沁川区样例东街道办事处")
    bare = report(unit="样例东街道办事处")  # a name the list lacks, with no place: no unit key
    rep.file, other.file, bare.file = "a.txt", "b.txt", "c.txt"
    _load([seed_wb, rep, other, bare], tmp_path / "wh.duckdb")
    rows = _rows(tmp_path / "wh.duckdb")
    by_unit = {}
    for r in rows:
        by_unit.setdefault(r["unit_name"], set()).add(r["status"])
    assert by_unit["伍家岭街道办事处"] == {"agree"}  # the report met the workbook
    assert by_unit["样例东街道办事处"] == {"only_report"}
    assert all(r["report_file"] is None or not r["report_file"].endswith("c.txt") for r in rows)


def test_sample_script_gives_agreement_and_difference(tmp_path):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "make_sample_workbooks.py"
    spec = importlib.util.spec_from_file_location("make_sample_workbooks", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    paths = module.main(tmp_path)
    assert all(p.name.startswith("sample_") for p in paths)
    results = [extract_file(p) for p in paths]
    kinds = {Path(r.file).name: r.doc_type for r in results}
    assert kinds["sample_wujialing_2022_form.xlsx"] == "performance_form"
    assert all(not r.failed_checks() for r in results)
    statuses = {}
    _load([*results, report()], tmp_path / "wh.duckdb")
    for row in _rows(tmp_path / "wh.duckdb"):
        statuses.setdefault(row["unit_name"], {})[row["figure"]] = row["status"]
    assert set(statuses["伍家岭街道办事处"].values()) == {"agree"}
    assert statuses["样例东街道办事处"]["project"] == "differ"
    assert statuses["样例东街道办事处"]["final_total"] == "differ"
    assert statuses["样例东街道办事处"]["basic"] == "agree"
    assert set(statuses["样例西街道办事处"].values()) == {"only_workbook"}
