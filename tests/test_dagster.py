"""The Dagster layer: Definitions load, one in-process materialization, sensor and schedule."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from assets.automation import daily_refresh_schedule, raw_folder_sensor
from assets.definitions import defs
from assets.resources import RawFolder, WarehouseResource
from pipeline.warehouse import run_query

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "raw" / "wujialing_2022_seed.txt"
SEED_WORKBOOK = REPO / "raw" / "sample_wujialing_2022_final_accounts.xlsx"


def test_definitions_load():
    """Every asset, check, job, sensor and schedule resolves."""
    dg.Definitions.validate_loadable(defs)
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {
        "raw_file_inventory",
        "warehouse_tables",
        "reconciliation",
        "district_metrics",
        "comparison_workbook",
        "district_reports",
    } <= keys
    assert repo.has_sensor_def("raw_folder_sensor")
    assert repo.has_schedule_def("daily_refresh")


def test_schedule_is_daily_in_shanghai_time():
    assert daily_refresh_schedule.execution_timezone == "Asia/Shanghai"
    assert daily_refresh_schedule.cron_schedule == "0 6 * * *"


@pytest.fixture(autouse=True)
def dagster_home(tmp_path: Path, monkeypatch) -> Path:
    """The sensor keeps its per-file state in the instance folder: a fresh one per test."""
    home = tmp_path / "dagster_home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw)
    shutil.copy(SEED_WORKBOOK, raw)
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4 not really")
    return raw


def _materialize(raw: Path, db: Path) -> dg.ExecuteInProcessResult:
    assets = [a for a in defs.assets if isinstance(a, dg.AssetsDefinition)]
    return dg.materialize(
        assets,
        resources={
            "raw_folder": RawFolder(path=str(raw)),
            "warehouse_db": WarehouseResource(path=str(db)),
        },
    )


def test_end_to_end_materialization(raw_dir: Path, tmp_path: Path):
    """raw/ → warehouse in one in-process run; a second run changes nothing."""
    db = tmp_path / "wh.duckdb"
    result = _materialize(raw_dir, db)
    assert result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    checks = {name: e.passed for name, e in evaluations.items()}
    assert checks["schemas_valid"] and checks["identities_hold"]
    assert checks["report_matches_tables"]
    # the unreadable notes.pdf shows amber in the UI, named with its reason
    quarantine = evaluations["no_quarantined_files"]
    assert not quarantine.passed and quarantine.severity == dg.AssetCheckSeverity.WARN
    assert quarantine.metadata["quarantined_files"].value == 1
    assert "notes.pdf" in quarantine.metadata["files"].value
    reason = quarantine.metadata["file: notes.pdf"].value
    assert "unreadable" in reason or "unsupported" in reason, reason
    # the analysts' files are rebuilt by the same run
    exports = db.parent / "exports"
    assert (exports / "district_comparison.xlsx").is_file()
    assert [p.name for p in exports.glob("report_*.html")] == ["report_开福区_2022.html"]

    facts = run_query(
        "SELECT * FROM report_facts_current WHERE doc_type = 'performance_report'", db
    )
    assert len(facts) == 1
    row = facts.iloc[0]
    assert row["final_total_wan"] == pytest.approx(5437.72)
    assert row["basic_wan"] == pytest.approx(2400.49)
    status = run_query("SELECT file_name, status, reason FROM source_files ORDER BY 1", db)
    by_name = dict(zip(status["file_name"], status["status"], strict=True))
    assert by_name["notes.pdf"] == "quarantined"
    assert by_name["wujialing_2022_seed.txt"] == "loaded"
    recon = run_query("SELECT figure, status FROM reconciliation", db)
    assert len(recon) >= 6 and set(recon["status"]) == {"agree"}

    before = run_query("SELECT count(*) AS n FROM report_figures", db)["n"].iloc[0]
    again = _materialize(raw_dir, db)
    assert again.success
    inv = again.output_for_node("raw_file_inventory")
    assert set(inv["status"]) == {"unchanged"}
    after = run_query("SELECT count(*) AS n FROM report_figures", db)["n"].iloc[0]
    assert before == after

    # an incremental run extracts and loads only the file that arrived
    shutil.copy(REPO / "raw" / "sample_yanglidong_2022_report.txt", raw_dir)
    third = _materialize(raw_dir, db)
    assert third.success
    logged = run_query(
        "SELECT file_name FROM load_log WHERE status <> 'skipped' "
        "AND logged_at = (SELECT max(logged_at) FROM load_log WHERE status <> 'skipped')",
        db,
    )
    assert logged["file_name"].tolist() == ["sample_yanglidong_2022_report.txt"]
    meta = third.asset_materializations_for_node("warehouse_tables")[0].metadata
    assert meta["n_loaded"].value == 1 and "load" in meta["stage_seconds"].value
    statuses = run_query("SELECT status, count(*) AS n FROM source_files GROUP BY ALL", db)
    assert statuses["n"].sum() == 4


def _evaluate(raw: Path, cursor: str | None):
    context = dg.build_sensor_context(
        cursor=cursor, resources={"raw_folder": RawFolder(path=str(raw))}
    )
    return raw_folder_sensor.evaluate_tick(context)


def test_sensor_new_unchanged_changed_and_lock_files(raw_dir: Path):
    first = _evaluate(raw_dir, None)
    assert len(first.run_requests) == 1
    cursor = first.cursor

    unchanged = _evaluate(raw_dir, cursor)
    assert not unchanged.run_requests and unchanged.skip_message

    (raw_dir / "~$sample_wujialing_2022_final_accounts.xlsx").write_bytes(b"lock")
    (raw_dir / ".~lock.seed.docx#").write_bytes(b"lock")
    lock_only = _evaluate(raw_dir, cursor)
    assert not lock_only.run_requests

    (raw_dir / "wujialing_2022_seed.txt").write_text("changed", encoding="utf-8")
    changed = _evaluate(raw_dir, cursor)
    assert len(changed.run_requests) == 1
    assert changed.run_requests[0].tags["changed_files"] == "1"

    (raw_dir / "notes.pdf").unlink()
    removed = _evaluate(raw_dir, changed.cursor)
    assert len(removed.run_requests) == 1
    assert removed.run_requests[0].tags["removed_files"] == "1"


def test_sensor_requests_a_new_run_for_every_change_even_back_to_an_earlier_version(
    raw_dir: Path,
):
    """Run keys are a counter: v1 → v2 → v1 → v2 must not be deduplicated by Dagster."""
    seed = raw_dir / "wujialing_2022_seed.txt"
    original = seed.read_bytes()
    tick = _evaluate(raw_dir, None)
    keys = [tick.run_requests[0].run_key]
    for content in (b"v2", original, b"v2"):
        seed.write_bytes(content)
        tick = _evaluate(raw_dir, tick.cursor)
        keys.append(tick.run_requests[0].run_key)
    assert len(set(keys)) == 4


def test_sensor_starts_a_run_when_a_correction_file_is_dropped(raw_dir: Path):
    """A filled-in review sheet in raw/corrections is applied by the next run: the sensor sees it."""
    first = _evaluate(raw_dir, None)
    folder = raw_dir / "corrections"
    folder.mkdir()
    (folder / "review_2022.csv").write_text(
        "source_sha256,figure,locator,corrected_value,confirmed,reason,reviewer\n",
        encoding="utf-8-sig",
    )
    dropped = _evaluate(raw_dir, first.cursor)
    assert len(dropped.run_requests) == 1
    assert dropped.run_requests[0].tags["changed_files"] == "1"
    (folder / "notes.txt").write_text("not a correction file", encoding="utf-8")
    assert not _evaluate(raw_dir, dropped.cursor).run_requests


def test_review_correction_applied_by_a_materialization(tmp_path: Path):
    """The job applies a dropped correction: asset metadata counts it, the queue shrinks."""
    from pipeline.review.queue import review_queue

    raw = tmp_path / "raw"
    raw.mkdir()
    text = SEED.read_text(encoding="utf-8").replace("实有在职干部人数59人", "实有在职干部若干人")
    (raw / "report.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    first = _materialize(raw, db)
    check = {e.check_name: e for e in first.get_asset_check_evaluations()}["review_queue_empty"]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
    queued = {r["figure"]: r for r in review_queue(db).to_dict("records")}["staff_in_post"]
    (raw / "corrections").mkdir()
    (raw / "corrections" / "fix.csv").write_text(
        "source_sha256,figure,locator,corrected_value,confirmed,reason,reviewer\n"
        f"{queued['source_sha256']},staff_in_post,{queued['locator']},59,,原文59人,王\n",
        encoding="utf-8",
    )
    second = _materialize(raw, db)
    meta = second.asset_materializations_for_node("review_corrections")[0].metadata
    assert meta["correction_files"].value == 1 and meta["corrections_applied"].value == 1
    assert meta["review_queue"].value < check.metadata["review_queue"].value
    staff = run_query(
        "SELECT value_num, source FROM report_figures_effective WHERE field = 'staff_in_post'", db
    ).iloc[0]
    assert (staff.value_num, staff.source) == (59, "analyst")
