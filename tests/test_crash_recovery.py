"""kill -9 inside the load: the next plain run completes, with no manual step, to the same state.

The killed job runs as `make run` runs it (`dg launch` in its own process, on a real Dagster
instance in tmp_path); a pause point (PIPELINE_PAUSE_AT) holds it inside the writing step
so the test can kill it there.
"""

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import defs
from assets.launch import prepare_instance, start_ingest, write_run_config
from assets.resources import RawFolder, WarehouseResource
from pipeline.faults import PAUSE_ENV
from pipeline.snapshot import snapshot_differences, warehouse_snapshot
from pipeline.warehouse import run_query
from pipeline.writer_lock import read_holder

REPO = Path(__file__).resolve().parent.parent
FILES = (
    "wujialing_2022_seed.txt",
    "sample_wujialing_2022_final_accounts.xlsx",
    "sample_yanglidong_2022_report.txt",
)
#: Bound on one run of the job in a subprocess (start-up included; ~5 s normally).
RUN_TIMEOUT = 120


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict]:
    """A drop folder and the warehouse state one uninterrupted run makes of it."""
    root = tmp_path_factory.mktemp("crash")
    raw = root / "raw"
    raw.mkdir()
    for name in FILES:
        shutil.copy2(REPO / "raw" / name, raw / name)
    db = root / "reference.duckdb"
    assets = [a for a in defs.assets if isinstance(a, dg.AssetsDefinition)]
    result = dg.materialize(
        assets,
        resources={
            "raw_folder": RawFolder(path=str(raw)),
            "warehouse_db": WarehouseResource(path=str(db)),
        },
    )
    assert result.success
    return raw, warehouse_snapshot(db)


def _wait_until_writing(proc: subprocess.Popen, db: Path) -> dict:
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        holder = read_holder(db)
        if holder and holder["pid"] == proc.pid:
            return holder
        assert proc.poll() is None, proc.stdout.read()[-3000:]
        time.sleep(0.05)
    raise AssertionError("the run never took the writer lock")


def _finish(proc: subprocess.Popen) -> str:
    out, _ = proc.communicate(timeout=RUN_TIMEOUT)
    assert proc.returncode == 0, out[-3000:]
    return out


def _kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def test_after_a_kill_mid_load_a_plain_run_converges(reference, tmp_path: Path):
    raw, expected = reference
    home = prepare_instance(tmp_path / "dagster_home")
    db = tmp_path / "wh.duckdb"
    config = write_run_config(tmp_path / "run.yaml", raw, db)
    first = start_ingest(home, config, env={PAUSE_ENV: "warehouse_tables.loaded:600"})
    try:
        holder = _wait_until_writing(first, db)
        deadline = time.monotonic() + RUN_TIMEOUT
        # killed after its files are loaded, before removed files, log and reconciliation
        while not (db.exists() and _loaded(db) == len(FILES)):
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        _kill(first)
    finally:
        first.kill()
    assert run_query("SELECT count(*) AS n FROM reconciliation", db)["n"].iloc[0] == 0
    started = time.monotonic()
    _finish(start_ingest(home, config))  # no manual step in between
    assert time.monotonic() - started < RUN_TIMEOUT
    assert snapshot_differences(expected, warehouse_snapshot(db)) == []
    with dg.DagsterInstance.from_config(str(home)) as instance:
        killed = instance.get_run_by_id(holder["run_id"])
        assert killed.status == dg.DagsterRunStatus.FAILURE  # not left "running" for ever


def _loaded(db: Path) -> int:
    try:
        return int(run_query("SELECT count(*) AS n FROM source_files", db)["n"].iloc[0])
    except Exception:
        return 0  # not created yet, or the writer holds the file this instant


_HOLDER = """
import sys, time
from pipeline.writer_lock import writer_lock
with writer_lock(sys.argv[1], run_id="holder-run-id", what="warehouse_tables"):
    print("holding", flush=True)
    time.sleep(120)
"""


def _waiting_messages(instance: dg.DagsterInstance) -> list[str]:
    return [
        entry.user_message
        for run in instance.get_runs()
        for entry in instance.all_logs(run.run_id)
        if entry.level == logging.INFO and "等待写入锁" in entry.user_message
    ]


def _kill_once_waited_for(holder: subprocess.Popen, instance: dg.DagsterInstance) -> None:
    deadline = time.monotonic() + RUN_TIMEOUT
    while not _waiting_messages(instance) and time.monotonic() < deadline:
        time.sleep(0.1)
    _kill(holder)


def test_a_run_waiting_for_the_writer_says_whom_at_info_and_goes_on_after_a_kill(
    reference, tmp_path: Path
):
    raw, expected = reference
    db = tmp_path / "wh.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        assets = [a for a in defs.assets if isinstance(a, dg.AssetsDefinition)]
        with dg.instance_for_test() as instance:
            killer = threading.Thread(target=_kill_once_waited_for, args=(holder, instance))
            killer.start()
            result = dg.materialize(
                assets,
                instance=instance,
                resources={
                    "raw_folder": RawFolder(path=str(raw)),
                    "warehouse_db": WarehouseResource(path=str(db)),
                },
            )
            killer.join(timeout=RUN_TIMEOUT)
            said = _waiting_messages(instance)
    finally:
        holder.kill()
        holder.wait()
    assert result.success
    assert said and "holder-run-id" in said[0] and f"pid {holder.pid}" in said[0]
    assert snapshot_differences(expected, warehouse_snapshot(db)) == []
