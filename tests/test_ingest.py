"""ingest_folder: the whole path on a temporary drop folder and warehouse, as scripts use it."""

import shutil
from pathlib import Path

from pipeline.ingest import ingest_folder
from pipeline.warehouse import run_query

REPO = Path(__file__).resolve().parent.parent


def test_ingest_logs_every_file_each_run_and_keeps_removed_ones_as_history(tmp_path: Path):
    raw, db = tmp_path / "raw", tmp_path / "wh.duckdb"
    raw.mkdir()
    for name in ("wujialing_2022_seed.txt", "sample_wujialing_2022_final_accounts.xlsx"):
        shutil.copy(REPO / "raw" / name, raw / name)
    (raw / "empty.txt").write_bytes(b"")

    first = ingest_folder(raw, db)
    assert sorted(o.status for o in first) == ["loaded", "loaded", "quarantined"]
    assert ingest_folder(raw, db) == []  # nothing new: nothing extracted or loaded
    log = run_query("SELECT file_name, status FROM load_log ORDER BY logged_at, file_name", db)
    assert log["status"].tolist()[-3:] == ["skipped"] * 3
    recon = run_query("SELECT DISTINCT status FROM reconciliation", db)
    assert recon["status"].tolist() == ["agree"]

    (raw / "sample_wujialing_2022_final_accounts.xlsx").unlink()
    ingest_folder(raw, db)
    gone = run_query(
        "SELECT status, is_current FROM source_files WHERE file_name LIKE 'sample_%'", db
    )
    assert gone.values.tolist() == [["removed", False]]
    assert (
        run_query("SELECT count(*) AS n FROM reconciliation WHERE status = 'agree'", db)["n"].iloc[
            0
        ]
        == 0
    )


def test_a_new_extractor_version_reads_every_file_again_and_nothing_else(tmp_path):
    import duckdb

    from pipeline.warehouse import inventory

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("wujialing_2022_seed.txt", "sample_yanglidong_2022_report.txt"):
        shutil.copy(REPO / "raw" / name, raw / name)
    db = tmp_path / "wh.duckdb"
    ingest_folder(raw, db)
    ids = run_query("SELECT file_name, source_id FROM source_files ORDER BY 1", db)
    con = duckdb.connect(str(db))
    # as if the seed had been read by an earlier extractor
    con.execute("UPDATE source_files SET extractor_version = 'earlier' WHERE file_name LIKE 'wuj%'")
    con.close()
    inv = inventory(raw, db).set_index("file_name")["status"].to_dict()
    assert inv == {
        "wujialing_2022_seed.txt": "outdated",
        "sample_yanglidong_2022_report.txt": "unchanged",
    }
    again = ingest_folder(raw, db)
    assert [(o.path.rsplit("/", 1)[-1], o.status) for o in again] == [
        ("wujialing_2022_seed.txt", "loaded")
    ]
    after = run_query("SELECT file_name, source_id FROM source_files ORDER BY 1", db)
    assert after.equals(ids)  # read again in place: same version row, no second version
    assert run_query("SELECT count(*) AS n FROM report_facts_current", db)["n"][0] == 2
