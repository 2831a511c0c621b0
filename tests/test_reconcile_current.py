"""Reconciliation in the warehouse: refreshed from the current documents by every load."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.extract.identity import resolve_text_identity
from pipeline.models import ExtractionResult, Provenance
from pipeline.warehouse import load_results, mark_removed, run_query
from pipeline.warehouse.refresh import refresh_derived

SEED = {
    "basic_wan": 2400.49,
    "project_wan": 2910.23,
    "gov_fund_wan": 16.0,
    "state_capital_wan": 38.45,
    "other_wan": 72.55,
    "final_total_wan": 5437.72,
}


def _doc(path: Path, doc_type: str, unit: str, figures: dict, sha: str = "") -> ExtractionResult:
    r = ExtractionResult(file=str(path), doc_type=doc_type)
    r.sha256 = sha or hashlib.sha256(str(path).encode()).hexdigest()
    r.set("unit_name", unit)
    r.set("year", 2022)
    resolve_text_identity(r, unit, Provenance())  # as extraction resolves the name
    for name, value in figures.items():
        r.set(name, value, "万元", Provenance(f"loc:{name}", f"sentence {name} {value}"))
    return r


def seed_report(tmp: Path, **changes) -> ExtractionResult:
    return _doc(tmp / "seed.txt", "performance_report", "伍家岭街道办事处", {**SEED, **changes})


def seed_workbook(tmp: Path) -> ExtractionResult:
    # the workbook names the unit with its city and district prefix
    return _doc(
        tmp / "seed.xlsx",
        "final_accounts_workbook",
        "长沙市开福区伍家岭街道办事处",
        {
            "expenditure_total_wan": 5437.72,
            "gpb_basic_wan": 2400.49,
            "gpb_project_wan": 2910.23,
            "gpb_total_wan": 5310.72,
            "gov_fund_wan": 16.0,
            "state_capital_wan": 38.45,
        },
    )


def rows(db: Path) -> dict[str, tuple]:
    frame = run_query(
        """SELECT unit_name, figure, status, difference, report_locator, report_sentence,
                  workbook_locator FROM reconciliation ORDER BY figure""",
        db,
    )
    return {r.figure: r for r in frame.itertuples()}


def reconcile_current(db: Path) -> int:
    """The reconciliation rows now (every load refreshes them for the units it changed)."""
    return int(run_query("SELECT count(*) AS n FROM reconciliation", db)["n"].iloc[0])


def test_incremental_report_then_workbook(tmp_path):
    db = tmp_path / "wh.duckdb"
    load_results([seed_report(tmp_path)], db)
    assert reconcile_current(db) == 6
    assert {r.status for r in rows(db).values()} == {"only_report"}

    # a later run loads only the workbook: the report comes from the warehouse
    load_results([seed_workbook(tmp_path)], db)
    assert reconcile_current(db) == 6
    got = rows(db)
    assert {r.status for r in got.values()} == {"agree"}
    assert {r.unit_name for r in got.values()} == {"伍家岭街道办事处"}
    final = got["final_total"]
    assert final.report_locator == "loc:final_total_wan"
    assert final.report_sentence == "sentence final_total_wan 5437.72"
    assert final.workbook_locator == "loc:expenditure_total_wan"
    assert got["other"].difference == 0


def test_changed_report_differs_and_removed_report_leaves(tmp_path):
    db = tmp_path / "wh.duckdb"
    load_results([seed_report(tmp_path), seed_workbook(tmp_path)], db)
    reconcile_current(db)
    # the report is re-sent under the same path with a wrong project figure
    changed = seed_report(tmp_path, project_wan=2900.00, final_total_wan=5427.49)
    changed.sha256 = hashlib.sha256(b"changed").hexdigest()
    load_results([changed], db)
    reconcile_current(db)
    got = rows(db)
    assert got["project"].status == "differ"
    assert round(got["project"].difference, 2) == -10.23
    assert got["basic"].status == "agree"

    mark_removed([tmp_path / "seed.txt"], db)
    reconcile_current(db)
    assert {r.status for r in rows(db).values()} == {"only_workbook"}


def test_rerun_is_idempotent_and_empty_warehouse_is_fine(tmp_path):
    db = tmp_path / "wh.duckdb"
    assert refresh_derived(db).reconciliation_rows == 0
    load_results([seed_report(tmp_path), seed_workbook(tmp_path)], db)
    assert refresh_derived(db, full=True).reconciliation_rows == 6
    assert refresh_derived(db, full=True).reconciliation_rows == 6
    assert run_query("SELECT count(*) AS n FROM reconciliation", db)["n"].item() == 6
