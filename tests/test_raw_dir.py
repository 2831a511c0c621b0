"""The drop folder from RAW_DIR (make run and the sensor), and the sensor's compact cursor."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import pytest

from assets.automation import raw_folder_sensor
from assets.resources import RawFolder
from pipeline.sensor_state import STATE_FOLDER, decode_cursor
from pipeline.warehouse import run_query

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "raw" / "wujialing_2022_seed.txt"


@pytest.fixture
def drop(tmp_path: Path, monkeypatch) -> Path:
    """A drop folder named by RAW_DIR, and a fresh instance folder for the sensor's state."""
    raw = tmp_path / "district files"
    raw.mkdir()
    shutil.copy(SEED, raw)
    (raw / "b.txt").write_text("其他文件", encoding="utf-8")
    monkeypatch.setenv("RAW_DIR", str(raw))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    return raw


def _tick(cursor: str | None):
    context = dg.build_sensor_context(cursor=cursor, resources={"raw_folder": RawFolder()})
    return raw_folder_sensor.evaluate_tick(context)


def test_sensor_watches_raw_dir_with_a_compact_cursor(drop: Path, tmp_path: Path):
    first = _tick(None)
    [request] = first.run_requests
    assert request.tags["raw_dir"] == str(drop) and request.tags["changed_files"] == "2"
    # the cursor is a counter, a digest and a count: no file paths, whatever the folder holds
    assert len(first.cursor) < 80 and str(drop) not in first.cursor
    assert json.loads(first.cursor)["files"] == 2
    state = list((tmp_path / "dagster_home" / STATE_FOLDER).glob("*.json"))
    assert len(state) == 1 and str(drop) in state[0].read_text(encoding="utf-8")

    assert _tick(first.cursor).skip_message  # nothing changed
    state[0].unlink()  # the per-file state is only a cache: losing it starts no run
    assert _tick(first.cursor).skip_message

    (drop / "b.txt").write_text("改了", encoding="utf-8")
    changed = _tick(first.cursor)
    assert changed.run_requests[0].tags["changed_files"] == "1"
    assert changed.run_requests[0].run_key != request.run_key
    (drop / "b.txt").unlink()
    removed = _tick(changed.cursor)
    assert removed.run_requests[0].tags["removed_files"] == "1"


def test_an_earlier_full_cursor_is_read_once_then_replaced(drop: Path):
    seed = drop / SEED.name
    st = seed.stat()
    from pipeline.hashing import file_sha256

    files = {
        str(p): {"path": str(p), "size": p.stat().st_size, "mtime_ns": p.stat().st_mtime_ns,
                 "sha256": file_sha256(p)}
        for p in (seed, drop / "b.txt")
    }  # fmt: skip
    legacy = json.dumps({"sequence": 7, "files": files})
    cursor, states = decode_cursor(legacy)
    assert cursor.sequence == 7 and states[str(seed)].size == st.st_size
    assert _tick(legacy).skip_message  # same files as the old cursor: no run
    (drop / "c.txt").write_text("新", encoding="utf-8")
    tick = _tick(legacy)
    assert tick.run_requests[0].run_key == "raw-8" and "files" in json.loads(tick.cursor)
    assert isinstance(json.loads(tick.cursor)["files"], int)


def test_make_run_reads_raw_dir(drop: Path, tmp_path: Path):
    """`make run RAW_DIR=…` ingests that folder (the job the Makefile launches, for real)."""
    db = tmp_path / "wh" / "warehouse.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    done = subprocess.run(
        ["make", "-s", "run", f"RAW_DIR={drop}", f"WAREHOUSE_PATH={db}",
         f"DAGSTER_HOME={tmp_path / 'dagster_home'}"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"忽略 ignored in {drop}: 0" in done.stdout
    files = run_query("SELECT path, status FROM source_files ORDER BY path", db)
    assert [Path(p).parent for p in files["path"]] == [drop, drop]
    assert (db.parent / "exports" / "district_comparison.xlsx").is_file()
