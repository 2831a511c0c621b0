"""Re-delivery with judgement (issue 10): duplicates, regressed re-sends, revisions.

Each case runs the real ingestion over real files in a temporary drop folder and asserts
the status, the reason, and that nothing else changed in the current views.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from pipeline.ingest import ingest_folder
from pipeline.metadata.sql import table_ddl
from pipeline.metadata.tables import BY_NAME
from pipeline.warehouse import Warehouse, run_query

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "raw" / "wujialing_2022_seed.txt"
WORKBOOK = REPO / "raw" / "sample_wujialing_2022_final_accounts.xlsx"


@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "wh.duckdb"


def _q(db: Path, sql: str):
    return run_query(sql, db)


def _files(db: Path):
    return _q(
        db,
        "SELECT file_name, status, is_current, reason, duplicate_of, source_id "
        "FROM source_files WHERE is_latest_version ORDER BY file_name",
    ).set_index("file_name")


def _current_facts(db: Path):
    return _q(db, "SELECT * EXCLUDE (source_id, file_name, path) FROM report_facts_current")


def _later(path: Path, seconds: int = 10) -> None:
    """Make a file newer than the others (deliveries are taken oldest first)."""
    st = path.stat()
    os.utime(path, (st.st_atime + seconds, st.st_mtime + seconds))


def test_a_byte_identical_copy_is_a_duplicate_not_a_second_version(raw, db):
    shutil.copy(REPORT, raw / "report.txt")
    ingest_folder(raw, db)
    before = _current_facts(db)
    shutil.copy(REPORT, raw / "report_copy.txt")
    ingest_folder(raw, db)
    files = _files(db)
    assert files.loc["report_copy.txt", "status"] == "duplicate"
    assert files.loc["report_copy.txt", "duplicate_of"] == files.loc["report.txt", "source_id"]
    assert "byte-identical" in files.loc["report_copy.txt", "reason"]
    assert not files.loc["report_copy.txt", "is_current"]
    assert files.loc["report.txt", "status"] == "loaded"
    sid = int(files.loc["report_copy.txt", "source_id"])
    assert _q(db, f"SELECT count(*) AS n FROM report_figures WHERE source_id = {sid}")["n"][0] == 0
    assert _current_facts(db).equals(before)


def test_the_duplicate_takes_over_when_the_original_is_removed(raw, db):
    shutil.copy(REPORT, raw / "report.txt")
    shutil.copy(REPORT, raw / "report_copy.txt")
    ingest_folder(raw, db)
    assert _files(db).loc["report_copy.txt", "status"] == "duplicate"
    (raw / "report.txt").unlink()
    ingest_folder(raw, db)
    files = _files(db)
    assert files.loc["report.txt", "status"] == "removed"
    assert files.loc["report_copy.txt", "status"] == "loaded"
    assert len(_current_facts(db)) == 1


def test_a_truncated_resend_is_regressed_and_the_full_report_stays_current(raw, db):
    shutil.copy(REPORT, raw / "report.txt")
    ingest_folder(raw, db)
    before = _current_facts(db)
    text = REPORT.read_text(encoding="utf-8")
    (raw / "report_resend.txt").write_text(text[:300], encoding="utf-8")
    _later(raw / "report_resend.txt")
    ingest_folder(raw, db)
    files = _files(db)
    assert files.loc["report_resend.txt", "status"] == "regressed"
    reason = files.loc["report_resend.txt", "reason"]
    assert "regressed against report.txt" in reason and "states" in reason
    assert files.loc["report.txt", "status"] == "loaded" and files.loc["report.txt", "is_current"]
    assert _current_facts(db).equals(before)
    # kept as history: its facts are in the base tables
    sid = int(files.loc["report_resend.txt", "source_id"])
    assert _q(db, f"SELECT count(*) AS n FROM source_files WHERE source_id = {sid}")["n"][0] == 1


def test_the_regressed_version_becomes_current_when_the_good_one_is_removed(raw, db):
    shutil.copy(REPORT, raw / "report.txt")
    ingest_folder(raw, db)
    (raw / "report_resend.txt").write_text(REPORT.read_text(encoding="utf-8")[:300], "utf-8")
    _later(raw / "report_resend.txt")
    ingest_folder(raw, db)
    (raw / "report.txt").unlink()
    ingest_folder(raw, db)
    files = _files(db)
    assert files.loc["report_resend.txt", "is_current"]
    assert "restored" in files.loc["report_resend.txt", "reason"]


def test_a_fragment_written_over_the_same_path_keeps_the_previous_version_current(raw, db):
    target = raw / "report.txt"
    shutil.copy(REPORT, target)
    ingest_folder(raw, db)
    before = _current_facts(db)
    target.write_text(REPORT.read_text(encoding="utf-8")[:300], encoding="utf-8")
    ingest_folder(raw, db)
    versions = _q(
        db, "SELECT status, is_current, is_latest_version FROM source_files ORDER BY source_id"
    )
    assert versions.to_dict("records") == [
        {"status": "loaded", "is_current": True, "is_latest_version": False},
        {"status": "regressed", "is_current": False, "is_latest_version": True},
    ]
    assert _current_facts(db).equals(before)
    # nothing to do on the next run: the fragment is the path's latest content
    assert [o.status for o in ingest_folder(raw, db)] == []


def _text_amounts(src: Path, dst: Path) -> None:
    """The workbook with every amount typed as text (a common broken export)."""
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    cell.value = f"{cell.value:,.2f}元"
    wb.save(dst)


def test_a_workbook_with_text_amounts_does_not_replace_the_clean_one(raw, db):
    shutil.copy(WORKBOOK, raw / "final.xlsx")
    ingest_folder(raw, db)
    before = _q(db, "SELECT * EXCLUDE (source_id) FROM current_expenditure ORDER BY ALL")
    _text_amounts(WORKBOOK, raw / "final_resend.xlsx")
    _later(raw / "final_resend.xlsx")
    ingest_folder(raw, db)
    files = _files(db)
    assert files.loc["final_resend.xlsx", "status"] == "regressed"
    assert files.loc["final.xlsx", "is_current"]
    after = _q(db, "SELECT * EXCLUDE (source_id) FROM current_expenditure ORDER BY ALL")
    assert after.equals(before)


def test_a_conflicting_resend_becomes_current_flagged_revised_with_each_difference(raw, db):
    shutil.copy(REPORT, raw / "report.txt")
    ingest_folder(raw, db)
    text = REPORT.read_text(encoding="utf-8")
    assert "在职干部人数59人" in text
    (raw / "report_v2.txt").write_text(
        text.replace("在职干部人数59人", "在职干部人数61人"), "utf-8"
    )
    _later(raw / "report_v2.txt")
    ingest_folder(raw, db)
    files = _files(db)
    assert files.loc["report_v2.txt", "is_current"]
    assert files.loc["report_v2.txt", "status"] == "flagged"
    assert "revised" in files.loc["report_v2.txt", "reason"]
    assert files.loc["report.txt", "status"] == "superseded"
    conflicts = _q(
        db,
        "SELECT message, expected, actual, locator FROM current_check_results "
        "WHERE check_name = 'conflict'",
    )
    assert conflicts["message"].str.contains("staff_in_post").tolist() == [True]
    row = conflicts.iloc[0]
    assert (row["expected"], row["actual"]) == (59, 61)
    assert "report.txt" in row["message"] and row["locator"]
    assert _q(db, "SELECT staff_in_post FROM report_facts_current")["staff_in_post"][0] == 61


def test_a_resend_that_breaks_the_identities_does_not_replace_the_good_one(raw, db):
    shutil.copy(REPORT, raw / "report.txt")
    ingest_folder(raw, db)
    text = REPORT.read_text(encoding="utf-8")
    (raw / "report_v2.txt").write_text(text.replace("5437.72", "9999.99", 1), "utf-8")
    _later(raw / "report_v2.txt")
    ingest_folder(raw, db)
    files = _files(db)
    assert files.loc["report_v2.txt", "status"] == "regressed"
    assert "categories_sum_to_total" in files.loc["report_v2.txt", "reason"]
    assert files.loc["report.txt", "is_current"]
    total = _q(db, "SELECT final_total_wan FROM report_facts_current")["final_total_wan"][0]
    assert total == pytest.approx(5437.72)


def test_an_old_warehouse_gains_the_new_statuses(tmp_path, raw):
    """A warehouse built before `duplicate` existed is rebuilt in place, rows kept."""
    db = tmp_path / "old.duckdb"
    shutil.copy(REPORT, raw / "report.txt")
    ingest_folder(raw, db)
    ddl = table_ddl(BY_NAME["source_files"])
    # what an earlier version built: no 'duplicate' status, no duplicate_of column
    narrow = "\n".join(
        line for line in ddl.replace("'duplicate', ", "").splitlines() if "duplicate_of" not in line
    )
    assert narrow != ddl
    with Warehouse(db).connect() as con:
        con.execute("CREATE TABLE kept AS SELECT * EXCLUDE (duplicate_of) FROM source_files")
        con.execute("DROP TABLE source_files")
        con.execute(narrow)
        con.execute("INSERT INTO source_files BY NAME SELECT * FROM kept")
        con.execute("DELETE FROM schema_info")
    shutil.copy(REPORT, raw / "report_copy.txt")
    ingest_folder(raw, db)
    assert _files(db).loc["report_copy.txt", "status"] == "duplicate"
    assert _files(db).loc["report.txt", "status"] == "loaded"
