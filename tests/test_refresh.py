"""Materialized metric and comparison tables (issue 12): refreshed for what changed only,
and always equal to their live queries, whatever the sequence of loads, removals and
re-deliveries."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from pipeline.flow import load_pending
from pipeline.warehouse import inventory, run_query
from pipeline.warehouse.refresh import refresh_derived, stale_tables

REPO = Path(__file__).resolve().parent.parent
FIRST = [
    "sample_yichong_2021_report.txt",
    "sample_yichong_2021_final_accounts.xlsx",
    "sample_yichong_2022_report.docx",
    "sample_yichong_2022_final_accounts.xlsx",
    "sample_zhuzhou_2022_report.txt",
    "sample_zhuzhou_2022_final_accounts.xlsx",
]


def _run(raw: Path, db: Path):
    return load_pending(inventory(raw, db), db)


def _fresh(db: Path) -> None:
    stale = {name: n for name, n in stale_tables(db).items() if n}
    assert not stale, f"tables differ from their live queries: {stale}"


def test_tables_stay_equal_to_their_live_queries_through_every_change(tmp_path):
    raw, db = tmp_path / "raw", tmp_path / "wh.duckdb"
    raw.mkdir()
    for name in FIRST:
        shutil.copy(REPO / "raw" / name, raw / name)
    first = _run(raw, db)
    assert first.refresh.units == 2
    _fresh(db)
    n_metrics = run_query("SELECT count(*) AS n FROM unit_year_metrics", db)["n"][0]
    assert n_metrics == 3

    # a new unit-year of one unit: only that unit is refreshed, its prior year included
    shutil.copy(REPO / "raw" / "sample_zhuzhou_2023_report.txt", raw)
    added = _run(raw, db)
    assert added.refresh.units == 1
    _fresh(db)
    changes = run_query(
        "SELECT count(*) AS n FROM unit_year_changes WHERE unit_name LIKE '%株洲%' OR year = 2023",
        db,
    )
    assert changes["n"][0] >= 1

    # a revised report, then a removed workbook
    report = raw / "sample_yichong_2022_report.docx"
    shutil.copy(REPO / "raw" / "sample_yidu_2022_report.docx", report)
    _run(raw, db)
    _fresh(db)
    (raw / "sample_yichong_2021_final_accounts.xlsx").unlink()
    removed = _run(raw, db)
    assert removed.removed == 1
    _fresh(db)

    # nothing new: nothing refreshed
    assert not _run(raw, db).refresh.changed


def test_a_refresh_left_behind_by_a_crash_is_done_by_the_next_run(tmp_path):
    raw, db = tmp_path / "raw", tmp_path / "wh.duckdb"
    raw.mkdir()
    for name in FIRST[:2]:
        shutil.copy(REPO / "raw" / name, raw / name)
    # the load commits, then the process dies before refreshing (refresh=False)
    load_pending(inventory(raw, db), db, refresh=False)
    assert run_query("SELECT count(*) AS n FROM unit_year_metrics", db)["n"][0] == 0
    queued = run_query("SELECT count(*) AS n FROM refresh_queue", db)["n"][0]
    assert queued == 1
    # nothing new in raw/, but the queue is not empty: the next run refreshes
    assert _run(raw, db).refresh.units == 1
    assert run_query("SELECT count(*) AS n FROM unit_year_metrics", db)["n"][0] == 1
    _fresh(db)


def test_a_full_refresh_rebuilds_every_table(tmp_path):
    raw, db = tmp_path / "raw", tmp_path / "wh.duckdb"
    raw.mkdir()
    for name in FIRST:
        shutil.copy(REPO / "raw" / name, raw / name)
    _run(raw, db)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM unit_year_metrics")
    con.close()
    assert stale_tables(db)["unit_year_metrics"] == 3
    assert refresh_derived(db, full=True).full
    _fresh(db)
