"""The DuckDB warehouse: loading rules, quarantine, history, inventory and read-only SQL."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_schemas import make_result, make_workbook_result

from pipeline import config
from pipeline.cli import main
from pipeline.metadata.tables import BY_NAME as TABLE_DECLARATIONS
from pipeline.models import REPORT_FIELDS, CheckResult
from pipeline.schemas import SCHEMAS, UnitSchema, columns_of
from pipeline.warehouse import (
    FACT_TABLES,
    Warehouse,
    WarehouseError,
    format_frame,
    inventory,
    load_results,
    mark_removed,
    replace_reconciliation,
    run_query,
    summary,
    summary_text,
    writes,
)

ALL_TABLES = ("source_files", "units", "quarantine", "reconciliation", *FACT_TABLES)  # units: view


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "wh" / "warehouse.duckdb"
    monkeypatch.setenv(config.WAREHOUSE_ENV, str(path))
    return path


@pytest.fixture
def raw(tmp_path) -> Path:
    d = tmp_path / "raw"
    d.mkdir()
    return d


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(db_path: Path) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df() for t in ALL_TABLES}


def assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for table in ALL_TABLES:
        pd.testing.assert_frame_equal(a[table], b[table], obj=table)


def q(sql: str, db_path: Path) -> pd.DataFrame:
    return run_query(sql, db_path)


# --------------------------------------------------------------------------- schema


def test_schema_is_documented_and_matches_pandera(db):
    with Warehouse(db).connect() as con:
        tables = con.execute("SELECT table_name, comment FROM duckdb_tables()").df()
        cols = con.execute("SELECT table_name, column_name, comment FROM duckdb_columns()").df()
        views = con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").df()
    assert tables["comment"].notna().all()
    assert cols[cols["table_name"].isin(tables["table_name"])]["comment"].notna().all()
    for table in SCHEMAS:
        in_sql = cols[cols["table_name"] == table]["column_name"].tolist()
        extra = set(in_sql) - set(columns_of(table))
        # columns the loader or the review step fills in SQL are not in the frame
        filled_in_sql = {c.name for c in TABLE_DECLARATIONS[table].columns if not c.frame}
        assert set(columns_of(table)) <= set(in_sql), table
        assert extra <= filled_in_sql, table
    assert {"units", "report_facts", "report_facts_current", "current_projects"} <= set(
        views["view_name"]
    )
    assert views["comment"].notna().all()
    facts = q("SELECT * FROM report_facts LIMIT 0", db)
    assert set(REPORT_FIELDS) <= set(facts.columns)


def test_ensure_schema_is_idempotent(db):
    for _ in range(3):
        with Warehouse(db).connect() as con:
            con.execute("SELECT count(*) FROM source_files").fetchall()


# --------------------------------------------------------------------------- loading


def test_load_seed_report_and_workbook(db, raw):
    rep = _write(raw / "wujialing_2022.txt", "report")
    wb = _write(raw / "sample_wujialing_2022.xlsx", "workbook")
    outcomes = load_results([make_result(rep), make_workbook_result(wb)])
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    assert outcomes[0].rows["projects"] == 8 and outcomes[0].rows["expenditure"] == 6
    facts = q("SELECT * FROM report_facts_current ORDER BY source_id", db)
    seed = facts.iloc[0]
    assert seed["final_total_wan"] == pytest.approx(5437.72)
    assert seed["year"] == 2022 and seed["staff_in_post"] == 60 and seed["district"] == "开福区"
    assert facts.iloc[1]["expenditure_total_wan"] == pytest.approx(5437.72)
    units = q("SELECT * FROM units", db)
    UnitSchema.validate(units)
    assert units.to_dict("records")[0] | {"last_loaded_at": None} == {
        "unit_key": "430105006000",  # the division code joins the report and the workbook
        "unit_name": "伍家岭街道办事处",  # official name; the report wrote 伍家岭街道
        "division_code": "430105006000",
        "district": "开福区",
        "district_code": "430105000000",
        "city": "长沙市",
        "city_code": "430100000000",
        "unit_resolution": "resolved",
        "unit_kind": "街道",
        "is_invented": False,  # a real report names it; only the workbook is invented
        "has_invented_documents": True,
        "n_sources": 2,
        "first_year": 2022,
        "last_year": 2022,
        "last_loaded_at": None,
    }
    lines = q("SELECT code, level, unit_name FROM current_account_lines ORDER BY row_no", db)
    assert lines["code"].tolist() == ["201", "20103", "2010301", "208"]
    orphans = q(
        "SELECT count(*) AS n FROM projects WHERE source_id NOT IN (SELECT source_id FROM source_files)",
        db,
    )
    assert orphans["n"].iloc[0] == 0


def test_same_files_again_change_nothing(db, raw):
    rep = _write(raw / "wujialing_2022.txt", "report")
    load_results([make_result(rep)])
    before = snapshot(db)
    outcomes = load_results([make_result(rep), make_result(rep)])
    assert [o.status for o in outcomes] == ["skipped", "skipped"]
    assert_same(before, snapshot(db))


def test_changed_file_replaces_its_facts(db, raw):
    rep = _write(raw / "wujialing_2022.txt", "v1")
    first = load_results([make_result(rep)])[0]
    _write(rep, "v2 corrected")
    second = load_results([make_result(rep, {"final_total_wan": 5437.73}, n_projects=3)])[0]
    # a changed figure is a revision the analyst sees: flagged, with a conflict check
    assert second.status == "flagged" and "revised" in second.reason
    assert second.source_id != first.source_id
    files = q("SELECT source_id, status, is_current, is_latest_version FROM source_files", db)
    assert files.set_index("source_id").loc[first.source_id, "status"] == "superseded"
    assert files["is_current"].sum() == 1
    counts = q("SELECT source_id, count(*) AS n FROM projects GROUP BY ALL", db)
    assert counts.to_dict("records") == [{"source_id": second.source_id, "n": 3}]
    total = q("SELECT final_total_wan FROM report_facts_current", db)
    assert total["final_total_wan"].tolist() == [pytest.approx(5437.73)]


def test_unreadable_file_is_quarantined(db, raw):
    bad = _write(raw / "notes.pdf", "%PDF")
    r = make_result(bad)
    r.doc_type, r.doc_type_reason = "unreadable", "不支持的文件类型 unsupported file type '.pdf'"
    outcome = load_results([r])[0]
    assert outcome.status == "quarantined" and "unsupported" in outcome.reason
    assert outcome.rows == {"source_files": 1, "quarantine": 1}
    assert q("SELECT count(*) AS n FROM report_figures", db)["n"].iloc[0] == 0
    qrow = q("SELECT path, reason FROM quarantine", db).iloc[0]
    assert qrow["path"] == str(bad) and "unsupported" in qrow["reason"]
    assert "notes.pdf" in summary_text(db)


def test_schema_failure_quarantines_only_that_document(db, raw):
    good = _write(raw / "good.txt", "good")
    bad = _write(raw / "bad.txt", "bad")
    broken = make_result(bad, {"year": 3022, "staff_in_post": -4})
    outcomes = load_results([make_result(good), broken])
    assert [o.status for o in outcomes] == ["loaded", "quarantined"]
    assert (
        "year_in_range" in outcomes[1].reason and "counts_whole_nonnegative" in outcomes[1].reason
    )
    sid = outcomes[1].source_id
    for table in FACT_TABLES:
        if table == "check_results":
            continue
        n = q(f"SELECT count(*) AS n FROM {table} WHERE source_id = {sid}", db)["n"].iloc[0]
        assert n == 0, table
    # the failure cases themselves are recorded as failed checks of that file
    checks = q(f"SELECT check_name, passed, message FROM check_results WHERE source_id = {sid}", db)
    assert len(checks) >= 2 and not checks["passed"].any()
    assert checks["check_name"].str.startswith("schema:").all()
    assert checks["message"].str.contains("3022").any()
    files = q("SELECT status, year, unit_name FROM source_files ORDER BY source_id", db)
    assert files["status"].tolist() == ["loaded", "quarantined"]
    assert pd.isna(files["year"].iloc[1])  # the invalid identity is not stored
    details = q("SELECT details FROM quarantine", db)["details"].iloc[0]
    assert "3022" in details


def test_failed_identity_check_flags_but_loads(db, raw):
    rep = _write(raw / "planted.txt", "x")
    r = make_result(rep, {"final_total_wan": 5500.0})
    r.checks.append(
        CheckResult(
            "categories_sum_to_total", False, "5437.72 ≠ 5500.00", expected=5500.0, actual=5437.72
        )
    )
    outcome = load_results([r])[0]
    assert outcome.status == "flagged" and "categories_sum_to_total" in outcome.reason
    checks = q("SELECT check_name, passed, difference FROM current_check_results", db)
    failed = checks[~checks["passed"]]
    assert failed["difference"].tolist() == [pytest.approx(-62.28)]
    assert q("SELECT final_total_wan FROM report_facts_current", db).iloc[0, 0] == 5500.0
    assert "failed checks: 1 / 3" in summary_text(db)


def test_error_mid_load_rolls_back_to_previous_state(db, raw, monkeypatch):
    rep = _write(raw / "wujialing_2022.txt", "v1")
    load_results([make_result(rep)])
    before = snapshot(db)
    _write(rep, "v2")
    real = writes.insert_facts

    def failing(con, table, part):
        if table == "projects":  # after report_figures and expenditure went in
            raise RuntimeError("disk on fire")
        real(con, table, part)

    monkeypatch.setattr(writes, "insert_facts", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        load_results([make_result(rep, {"final_total_wan": 1.0})])
    assert_same(before, snapshot(db))
    monkeypatch.setattr(writes, "insert_facts", real)
    assert load_results([make_result(rep)])[0].status == "loaded"


def test_removed_file_leaves_current_views_but_stays_as_history(db, raw):
    rep = _write(raw / "wujialing_2022.txt", "v1")
    sid = load_results([make_result(rep)])[0].source_id
    assert mark_removed([rep]) == 1
    assert mark_removed([rep]) == 0
    assert q("SELECT count(*) FROM current_projects", db).iloc[0, 0] == 0
    assert q(f"SELECT count(*) FROM projects WHERE source_id = {sid}", db).iloc[0, 0] == 8
    assert q("SELECT status FROM source_files", db).iloc[0, 0] == "removed"
    # the same file coming back is loaded again into the same version row
    again = load_results([make_result(rep)])[0]
    assert again.status == "loaded" and again.source_id == sid
    assert q("SELECT count(*) FROM current_projects", db).iloc[0, 0] == 8


def test_redelivery_under_another_name_supersedes_the_older(db, raw):
    old = _write(raw / "wujialing_2022.txt", "first delivery")
    new = _write(raw / "wujialing_2022_revised.docx", "second delivery")
    first = load_results([make_result(old)])[0]
    second = load_results([make_result(new, {"final_total_wan": 5437.72})])[0]
    files = q("SELECT source_id, status, is_current, superseded_by FROM source_files", db)
    files = files.set_index("source_id")
    assert files.loc[first.source_id, "status"] == "superseded"
    assert files.loc[first.source_id, "superseded_by"] == second.source_id
    assert files["is_current"].sum() == 1
    assert len(q("SELECT * FROM report_facts_current", db)) == 1
    n_history = f"SELECT count(*) FROM projects WHERE source_id = {first.source_id}"
    assert q(n_history, db).iloc[0, 0] == 8  # kept with its provenance
    # removing the newer one makes the older current again
    mark_removed([new])
    assert q("SELECT source_id FROM report_facts_current", db).iloc[0, 0] == first.source_id


def test_reconciliation_is_replaced_whole_and_validated(db):
    row = {
        "unit_key": "430105006000",
        "unit_name": "伍家岭街道",
        "year": 2022,
        "figure": "basic_wan",
        "report_value": 2400.49,
        "workbook_value": 2400.49,
        "difference": 0.0,
        "status": "agree",
        "report_file": "a.txt",
        "report_locator": "三",
        "report_sentence": "基本支出2400.49万元",
        "workbook_file": "b.xlsx",
        "workbook_locator": "公开05表!C8",
    }
    wh = Warehouse(db)
    with wh.write_transaction() as con:
        assert replace_reconciliation(con, [row, {**row, "figure": "project_wan"}]) == 2
    with wh.write_transaction() as con:
        assert replace_reconciliation(con, [{**row, "status": "differ"}]) == 1
    rec = q("SELECT unit_name, status FROM reconciliation", db)
    assert rec.values.tolist() == [["伍家岭街道", "differ"]]
    with pytest.raises(WarehouseError, match="failed validation"), wh.write_transaction() as con:
        replace_reconciliation(con, [{**row, "status": "maybe"}])
    assert q("SELECT status FROM reconciliation", db)["status"].tolist() == ["differ"]


def test_concurrent_loads_in_one_process_lose_nothing(db, raw):
    paths = [_write(raw / f"unit{i}.txt", str(i)) for i in range(6)]
    invented = {"division_key": None, "division_code": None, "unit_resolution": "not_found"}
    results = [
        make_result(p, {"unit_name": f"单位{i}街道", **invented}) for i, p in enumerate(paths)
    ]
    threads = [threading.Thread(target=load_results, args=(results[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert q("SELECT count(*) FROM source_files WHERE status = 'loaded'", db).iloc[0, 0] == 6
    assert q("SELECT count(*) FROM projects", db).iloc[0, 0] == 48


# --------------------------------------------------------------------------- reading


def test_sql_refuses_writes_and_changes_nothing(db, raw, capsys):
    load_results([make_result(_write(raw / "a.txt", "a"))])
    before = snapshot(db)
    for statement in (
        "INSERT INTO quarantine VALUES (1, 'x', 'y', 'z', NULL, now())",
        "DELETE FROM projects",
        "DROP TABLE projects",
        "SELECT 1; DROP TABLE projects",
        "COPY projects TO 'out.csv'",
        "ATTACH 'other.duckdb'",
        "PRAGMA threads = 1",
        "WITH x AS (SELECT 1) INSERT INTO texts SELECT * FROM texts",
    ):
        with pytest.raises(WarehouseError):
            run_query(statement, db)
    assert main(["sql", "UPDATE source_files SET status = 'loaded'"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert_same(before, snapshot(db))
    assert main(["sql", "SELECT unit_name FROM units", "--json"]) == 0
    assert capsys.readouterr().out == '{"unit_name": "伍家岭街道办事处"}\n'
    assert len(run_query("DESCRIBE projects", db)) > 0
    assert len(run_query("SHOW TABLES", db)) > 0


def test_missing_warehouse_tells_the_user_to_run_make(tmp_path):
    with pytest.raises(WarehouseError, match="make run"):
        run_query("SELECT 1", tmp_path / "none.duckdb")


_HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_lock_held_by_another_process_times_out_clearly(db, raw, monkeypatch):
    load_results([make_result(_write(raw / "a.txt", "a"))])
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db), "10"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(config, "LOCK_TIMEOUT_SECONDS", 0.4)
        started = time.monotonic()
        with pytest.raises(WarehouseError, match="locked") as err:
            load_results([make_result(_write(raw / "b.txt", "b"))])
        assert time.monotonic() - started < 3
        assert "WAREHOUSE_LOCK_TIMEOUT" in str(err.value)
        with pytest.raises(WarehouseError, match="locked"):
            run_query("SELECT 1", db)
    finally:
        holder.kill()
        holder.wait()


def test_inventory_statuses_and_ignored_files(db, raw):
    a = _write(raw / "a.txt", "a")
    b = _write(raw / "b.txt", "b")
    gone = _write(raw / "gone.txt", "g")
    load_results([make_result(p, {"unit_name": f"{p.stem}街道"}) for p in (a, b, gone)])
    _write(b, "b changed")
    gone.unlink()
    _write(raw / "new.xlsx", "n")
    for ignored in ("~$new.xlsx", ".~lock.new.xlsx#", ".hidden.txt"):
        _write(raw / ignored, "lock")
    (raw / ".git").mkdir()
    _write(raw / ".git" / "x.txt", "x")
    inv = inventory(raw, db)
    assert dict(zip(inv["file_name"], inv["status"], strict=True)) == {
        "a.txt": "unchanged",
        "b.txt": "changed",
        "gone.txt": "removed",
        "new.xlsx": "new",
    }
    mark_removed(inv.loc[inv["status"] == "removed", "path"])
    assert "gone.txt" not in set(inventory(raw, db)["file_name"])


def test_inventory_without_warehouse_marks_everything_new(tmp_path, raw):
    _write(raw / "a.txt", "a")
    inv = inventory(raw, tmp_path / "absent.duckdb")
    assert inv["status"].tolist() == ["new"]
    assert not (tmp_path / "absent.duckdb").exists()


def test_format_frame_aligns_cjk_and_renders_csv_json():
    frame = pd.DataFrame({"单位": ["伍家岭街道", "ab"], "amount": [5437.72, None]})
    lines = format_frame(frame, "table").splitlines()
    widths = {summary._width(line) for line in lines[:4]}
    assert len(widths) == 1, lines
    assert "NULL" in lines[3]
    assert format_frame(frame, "csv").splitlines()[1] == "伍家岭街道,5437.72"
    assert format_frame(frame, "json").splitlines()[1] == '{"单位": "ab", "amount": null}'


def test_summary_lists_statuses(db, raw):
    load_results([make_result(_write(raw / "a.txt", "a")), make_workbook_result(raw / "x.xlsx")])
    text = summary_text(db)
    assert "performance_report" in text and "单位 units: 1" in text and "2022" in text


# --------------------------------------------------------------------------- real extractor


def test_real_extractor_output_loads(db):
    from pipeline.extract import extract_file

    seed = Path(config.PROJECT_ROOT) / "raw" / "wujialing_2022_seed.txt"
    outcome = load_results([extract_file(seed)])[0]
    assert outcome.status in ("loaded", "flagged"), outcome.reason
