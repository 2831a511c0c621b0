"""Sensor on raw/ and the daily refresh schedule."""

import os
from pathlib import Path

import dagster as dg

from assets.resources import RawFolder
from assets.runs import fail_dead_runs
from pipeline.inventory import changed_files, scan
from pipeline.sensor_state import (
    SensorCursor,
    decode_cursor,
    encode_cursor,
    folder_digest,
    load_states,
    save_states,
    state_file,
)

ingest_job = dg.define_asset_job(
    "ingest_raw_files",
    selection=dg.AssetSelection.groups("ingest", "analysis"),
    description="读取 raw/ 中新增或变更的文件并入库 — ingest new or changed files from raw/",
)
refresh_job = dg.define_asset_job(
    "refresh_aggregates",
    selection=dg.AssetSelection.groups("analysis"),
    description="重算核对与指标 — recompute reconciliation and metrics",
)


@dg.sensor(
    job=ingest_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="raw/ 中出现新文件或文件变化时启动一次入库 — one run for all new or changed files",
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, raw_folder: RawFolder):
    """Request one ingest run when files in raw/ are added, changed (by content hash) or removed."""
    root = raw_folder.root()
    cursor, legacy = decode_cursor(context.cursor)
    state_path = _state_path(context, root)
    previous = legacy if legacy is not None else load_states(state_path)
    current = scan(root, known=previous)
    digest = folder_digest(current)
    # a run killed mid-way had its files in the cursor already: run again to finish them
    recovered = _recover_dead_runs(context)
    if current != previous:
        save_states(state_path, current, root)
    if digest == cursor.digest and not recovered:
        return dg.SkipReason("raw/ 无变化 no new, changed or removed files")
    changed, removed = changed_files(current, previous)
    # a counter, not a hash of the files: v1 → v2 → v1 → v2 must start a run every time
    sequence = cursor.sequence + 1
    tags = {
        "raw_dir": str(root),
        "changed_files": str(len(changed)),
        "removed_files": str(len(removed)),
    }
    if recovered:
        tags["recovers_runs"] = ",".join(recovered)
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"raw-{sequence}", tags=tags)],
        cursor=encode_cursor(SensorCursor(sequence, digest, len(current))),
    )


def _state_path(context: dg.SensorEvaluationContext, root: Path) -> Path | None:
    """Where the per-file state lives: the instance folder (DAGSTER_HOME), else nowhere."""
    try:
        home = context.instance.root_directory
    except dg.DagsterInvariantViolationError:
        home = os.environ.get("DAGSTER_HOME")  # a test context without an instance
    return state_file(home, root) if home else None


def _recover_dead_runs(context: dg.SensorEvaluationContext) -> list[str]:
    try:
        instance = context.instance
    except dg.DagsterInvariantViolationError:
        return []  # a test context without an instance
    return fail_dead_runs(instance, context.log.info)


daily_refresh_schedule = dg.ScheduleDefinition(
    name="daily_refresh",
    # the whole ingest job, not only the aggregates: a sensor run that failed (say, on a
    # warehouse lock) is retried here, and with nothing new it only recomputes the aggregates
    job=ingest_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="每日 06:00（北京时间）补入遗漏文件并重算核对与指标 — daily catch-up ingest and refresh of aggregates",
)
