"""The drop folder is a boundary: links, hidden and lock files, and anything outside are ignored."""

import json
import os
import shutil
from pathlib import Path

import dagster as dg
import pytest

from assets.ingest import raw_file_inventory
from assets.resources import RawFolder, WarehouseResource
from pipeline.cli import main
from pipeline.hashing import file_sha256
from pipeline.ingest import ingest_folder
from pipeline.inventory import scan, scan_folder
from pipeline.warehouse import run_query

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "raw" / "wujialing_2022_seed.txt"
OTHER_REPORT = REPO / "raw" / "sample_yanglidong_2022_report.txt"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A drop folder with two documents and every kind of entry that must not be read."""
    raw = tmp_path / "raw"
    (raw / "2022").mkdir(parents=True)
    shutil.copy(SEED, raw / "seed.txt")
    shutil.copy(OTHER_REPORT, raw / "2022" / "inner.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(OTHER_REPORT, elsewhere / "report_elsewhere.txt")
    (raw / "passwd.txt").symlink_to("/etc/passwd")
    (raw / "report_link.txt").symlink_to(elsewhere / "report_elsewhere.txt")
    (raw / "folder_link").symlink_to(elsewhere, target_is_directory=True)
    (raw / "2022" / "up_link").symlink_to(tmp_path, target_is_directory=True)
    (raw / "dangling.txt").symlink_to(tmp_path / "nothing_here.txt")
    (raw / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (raw / ".git").mkdir()
    (raw / ".git" / "config.txt").write_text("not a document", encoding="utf-8")
    (raw / "~$wb.xlsx").write_bytes(b"lock")
    (raw / ".~lock.seed.docx#").write_bytes(b"lock")
    (raw / "notes.txt~").write_bytes(b"backup")
    os.mkfifo(raw / "pipe.txt")  # hashing a FIFO would block for ever
    return raw


def test_scan_reads_only_regular_files_inside_and_says_why_for_the_rest(hostile: Path):
    documents, ignored = scan_folder(hostile)
    assert [p.relative_to(hostile).as_posix() for p in documents] == ["2022/inner.txt", "seed.txt"]
    reasons = {Path(i.path).relative_to(hostile).as_posix(): i.reason for i in ignored}
    for link in ("passwd.txt", "report_link.txt", "folder_link", "2022/up_link", "dangling.txt"):
        assert "symbolic link" in reasons[link], link
    assert "/etc/passwd" in reasons["passwd.txt"]
    assert "folder link" in reasons["folder_link"]
    assert "hidden" in reasons[".hidden.txt"] and "hidden" in reasons[".git"]
    for lock in ("~$wb.xlsx", ".~lock.seed.docx#", "notes.txt~"):
        assert "editor lock" in reasons[lock], lock
    assert "not a regular file" in reasons["pipe.txt"]
    assert ".git/config.txt" not in reasons  # a hidden folder is not entered
    assert set(scan(hostile)) == {str(p) for p in documents}  # the sensor sees the same files


def test_links_are_never_hashed_or_loaded(hostile: Path, tmp_path: Path):
    db = tmp_path / "wh.duckdb"
    outcomes = ingest_folder(hostile, db)
    assert sorted(Path(o.path).name for o in outcomes) == ["inner.txt", "seed.txt"]
    files = run_query("SELECT path, sha256 FROM source_files", db)
    assert sorted(Path(p).name for p in files["path"]) == ["inner.txt", "seed.txt"]
    assert file_sha256("/etc/passwd") not in set(files["sha256"])
    logged = run_query("SELECT DISTINCT file_name FROM load_log", db)["file_name"]
    assert sorted(logged) == ["inner.txt", "seed.txt"]


def test_inventory_metadata_and_summary_list_the_ignored(hostile: Path, tmp_path: Path, capsys):
    db = tmp_path / "wh.duckdb"
    result = dg.materialize(
        [raw_file_inventory],
        resources={
            "raw_folder": RawFolder(path=str(hostile)),
            "warehouse_db": WarehouseResource(path=str(db)),
        },
    )
    assert result.success
    meta = result.asset_materializations_for_node("raw_file_inventory")[0].metadata
    assert meta["files"].value == 2 and meta["n_ignored"].value == 11
    assert "passwd.txt" in meta["ignored"].value and "/etc/passwd" in meta["ignored"].value

    ingest_folder(hostile, db)
    assert main(["summary", "--db", str(db), "--raw", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert "忽略 ignored" in out and ": 11" in out
    assert "passwd.txt: 符号链接" in out


def test_extract_takes_a_file_named_like_an_option_after_double_dash(
    tmp_path: Path, capsys, monkeypatch
):
    shutil.copy(SEED, tmp_path / "-rf.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["extract", "--", "-rf.txt"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["file"] == "-rf.txt" and line["doc_type"] == "performance_report"
    assert (tmp_path / "-rf.txt").exists()
