"""The warehouse writer lock: one holder across processes, named to waiters, freed by death."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import dagster as dg
import pytest

from assets.automation import raw_folder_sensor
from assets.resources import RawFolder
from assets.runs import HOST_TAG, PID_TAG, PROCESS_TAG, fail_dead_runs
from pipeline.inventory import scan
from pipeline.processes import host_name, is_alive, process_token
from pipeline.sensor_state import SensorCursor, encode_cursor, folder_digest
from pipeline.writer_lock import WriterLockTimeout, lock_path, read_holder, writer_lock

REPO = Path(__file__).resolve().parent.parent

_HOLDER = """
import sys, time
from pipeline.writer_lock import writer_lock
with writer_lock(sys.argv[1], run_id="run-in-child", what="test"):
    print("holding", flush=True)
    time.sleep(60)
"""


def _hold_in_child(db: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "holding"
    return child


def test_a_waiter_names_the_holder_and_gets_the_lock_once_the_holder_is_killed(tmp_path: Path):
    db = tmp_path / "wh.duckdb"
    child = _hold_in_child(db)
    try:
        holder = read_holder(db)
        assert holder["run_id"] == "run-in-child" and holder["pid"] == child.pid
        heard: list[str] = []
        with (
            pytest.raises(WriterLockTimeout, match="run-in-child"),
            writer_lock(db, timeout=0.3, on_wait=heard.append),
        ):
            pass
        assert heard and "run-in-child" in heard[0] and f"pid {child.pid}" in heard[0]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        started = time.monotonic()
        with writer_lock(db, run_id="next", timeout=5):
            assert read_holder(db)["run_id"] == "next"
        assert time.monotonic() - started < 2
    finally:
        child.kill()
        child.wait()
    assert lock_path(db).read_text() == ""  # released: nobody named


def test_reentrant_in_one_thread_exclusive_between_threads(tmp_path: Path):
    db = tmp_path / "wh.duckdb"
    order: list[str] = []
    with writer_lock(db, run_id="outer"), writer_lock(db, run_id="inner"):
        assert read_holder(db)["run_id"] == "outer"

        def other() -> None:
            with writer_lock(db, run_id="thread", timeout=10):
                order.append("thread")

        t = threading.Thread(target=other)
        t.start()
        time.sleep(0.3)
        order.append("main")
    t.join(timeout=10)
    assert order == ["main", "thread"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_process_identity_tells_a_dead_or_reused_pid():
    assert is_alive(os.getpid(), process_token(os.getpid()))
    assert not is_alive(os.getpid(), "another-boot:0")  # same pid, another process
    assert not is_alive(_dead_pid())


def test_a_dead_run_is_failed_and_the_sensor_runs_again(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("x", encoding="utf-8")
    pid = _dead_pid()
    with dg.instance_for_test() as instance:
        dead = dg.DagsterRun(
            job_name="ingest_raw_files",
            run_id="dead-run",
            status=dg.DagsterRunStatus.STARTED,
            tags={PID_TAG: str(pid), HOST_TAG: host_name(), PROCESS_TAG: "gone"},
        )
        alive = dg.DagsterRun(
            job_name="ingest_raw_files",
            run_id="live-run",
            status=dg.DagsterRunStatus.STARTED,
            tags={
                PID_TAG: str(os.getpid()),
                HOST_TAG: host_name(),
                PROCESS_TAG: process_token(os.getpid()),
            },
        )
        elsewhere = dg.DagsterRun(
            job_name="ingest_raw_files",
            run_id="other-host-run",
            status=dg.DagsterRunStatus.STARTED,
            tags={PID_TAG: str(pid), HOST_TAG: "another-machine"},
        )
        # killed before runs carried the tags: judged by the pid the executor logged
        legacy = dg.DagsterRun(
            job_name="ingest_raw_files", run_id="legacy-run", status=dg.DagsterRunStatus.STARTED
        )
        for run in (dead, alive, elsewhere, legacy):
            instance.add_run(run)
        instance.report_engine_event(f"Executing steps in process (pid: {pid})", legacy)
        context = dg.build_sensor_context(
            instance=instance,
            # nothing changed in raw/: the run is requested for the dead runs alone
            cursor=encode_cursor(SensorCursor(3, folder_digest(scan(raw)), 1)),
            resources={"raw_folder": RawFolder(path=str(raw))},
        )
        tick = raw_folder_sensor.evaluate_tick(context)
        [request] = tick.run_requests
        assert sorted(request.tags["recovers_runs"].split(",")) == ["dead-run", "legacy-run"]
        assert instance.get_run_by_id("dead-run").status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id("legacy-run").status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id("live-run").status == dg.DagsterRunStatus.STARTED
        assert instance.get_run_by_id("other-host-run").status == dg.DagsterRunStatus.STARTED
        assert fail_dead_runs(instance) == []  # nothing left to recover
