"""Sensor on raw/ and the daily refresh schedule."""

import hashlib

import dagster as dg

from assets.resources import RawFolder
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
    previous = decode_cursor(context.cursor)
    current = scan(raw_folder.root(), known=previous)
    changed, removed = changed_files(current, previous)
    if not changed and not removed:
        return dg.SkipReason("raw/ 无变化 no new, changed or removed files")
    digest = hashlib.sha256(
        "\n".join([*(f"{p}:{current[p].sha256}" for p in changed), *removed]).encode()
    ).hexdigest()[:16]
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=digest,
                tags={"changed_files": str(len(changed)), "removed_files": str(len(removed))},
            )
        ],
        cursor=encode_cursor(current),
    )


daily_refresh_schedule = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="每日 06:00（北京时间）重算核对与指标 — daily refresh of aggregates",
)
