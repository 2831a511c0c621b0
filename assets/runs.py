"""Runs whose process died (kill -9, OOM, power cut) are found, marked failed and their slots freed.

Each run records its worker process (pid, host, start time) as run tags when it starts. A
run still STARTED on this host whose process is gone can never finish: left alone it would
count against the run queue's limit (`max_concurrent_runs`) and show as running for ever.
The Dagster daemon's run monitoring cannot see this for the default run launcher (it checks
no worker health there), so every new run and every sensor tick sweeps such runs itself.
Runs from before these tags existed are judged by the pid Dagster's in-process executor
logged ("Executing steps in process (pid: …)"): dead only if no process has that pid.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import dagster as dg

from pipeline.processes import host_name, is_alive, process_token

PID_TAG = "pipeline/pid"
HOST_TAG = "pipeline/host"
PROCESS_TAG = "pipeline/process"
_ENGINE_PID = re.compile(r"steps in process \(pid: (\d+)\)")
_UNFINISHED = [
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]


def stamp_run(instance: dg.DagsterInstance, run_id: str) -> None:
    """Record this process as the worker of run `run_id`."""
    pid = os.getpid()
    instance.add_run_tags(
        run_id, {PID_TAG: str(pid), HOST_TAG: host_name(), PROCESS_TAG: process_token(pid)}
    )


def _worker(instance: dg.DagsterInstance, run: dg.DagsterRun) -> tuple[int, str] | None:
    """(pid, process token) of the run's worker on this host; None if unknown or elsewhere."""
    tags = run.tags
    if tags.get(PID_TAG, "").isdigit():
        if tags.get(HOST_TAG) != host_name():
            return None  # another machine's run
        return int(tags[PID_TAG]), tags.get(PROCESS_TAG, "")
    # a run from before the tags: the executor's own engine event names its pid (the
    # instance is this machine's sqlite storage), without a token to tell a reused pid
    for entry in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
        found = _ENGINE_PID.search(entry.message or "")
        if found:
            return int(found.group(1)), ""
    return None


def fail_dead_runs(
    instance: dg.DagsterInstance, log: Callable[[str], None] = lambda _msg: None
) -> list[str]:
    """Mark unfinished runs whose worker process is gone as failed and free their slots."""
    dead = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=_UNFINISHED)):
        worker = _worker(instance, run)
        if worker is None or is_alive(*worker):
            continue
        message = (
            f"运行进程已不存在，标记为失败 the run's process (pid {worker[0]} on "
            f"{host_name()}) is gone (killed or crashed); marked failed so later runs "
            "are not held up. Its warehouse writes were per-file transactions: the next run "
            "loads whatever it did not finish."
        )
        instance.report_run_failed(run, message)
        storage = instance.event_log_storage
        if storage.supports_global_concurrency_limits:
            # slots of the former "warehouse_writer" pool, or of any pool added later
            storage.free_concurrency_slots_for_run(run.run_id)
        log(f"已清理中断的运行 recovered dead run {run.run_id}: {message}")
        dead.append(run.run_id)
    return dead
