"""Sensor on raw/ and the daily refresh schedule."""

import dagster as dg

from assets.resources import RawFolder
from assets.runs import fail_dead_runs
from pipeline.inventory import changed_files, decode_cursor, encode_cursor, scan

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
    previous, sequence = decode_cursor(context.cursor)
    current = scan(raw_folder.root(), known=previous)
    changed, removed = changed_files(current, previous)
    # a run killed mid-way had its files in the cursor already: run again to finish them
    recovered = _recover_dead_runs(context)
    if not changed and not removed and not recovered:
        return dg.SkipReason("raw/ 无变化 no new, changed or removed files")
    # a counter, not a hash of the files: v1 → v2 → v1 → v2 must start a run every time
    sequence += 1
    tags = {"changed_files": str(len(changed)), "removed_files": str(len(removed))}
    if recovered:
        tags["recovers_runs"] = ",".join(recovered)
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"raw-{sequence}", tags=tags)],
        cursor=encode_cursor(current, sequence),
    )


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
