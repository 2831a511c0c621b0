"""Ingestion assets: the drop folder's inventory → warehouse tables (extract, validate, load)."""

import time
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.markdown import md_table, warn_check
from assets.resources import RawFolder, WarehouseResource
from pipeline import warehouse
from pipeline.faults import pause_point
from pipeline.flow import load_pending
from pipeline.inventory import ignored_entries
from pipeline.quarantine import quarantined_files

GROUP = "ingest"


@dg.asset(group_name=GROUP, kinds={"python"})
def raw_file_inventory(
    context: dg.AssetExecutionContext, raw_folder: RawFolder, warehouse_db: WarehouseResource
) -> pd.DataFrame:
    """收件目录文件清单 — files in raw/ with content hash and status vs the warehouse (new/changed/unchanged/removed)."""
    inv = warehouse.inventory(raw_folder.root(), warehouse_db.db_path())
    counts = inv["status"].value_counts().to_dict() if len(inv) else {}
    ignored = pd.DataFrame(
        [(i.path, i.reason) for i in ignored_entries(raw_folder.root())], columns=["path", "reason"]
    )
    for row in ignored.head(20).itertuples():
        context.log.info(f"忽略 ignored {row.path}: {row.reason}")
    context.add_output_metadata(
        {
            "raw_dir": str(raw_folder.root()),
            "files": len(inv),
            **{f"n_{k}": int(v) for k, v in counts.items()},
            "n_ignored": len(ignored),
            "files_table": md_table(inv[["file_name", "status", "size_bytes"]]),
            "ignored": md_table(ignored),
        }
    )
    return inv


# One writer at a time: each writing step holds the warehouse writer lock (pipeline.writer_lock),
# which dies with its process. A Dagster pool did this before, but a killed run kept its slot.
# Extraction, validation and the load are one streaming step (pipeline.flow): results go to
# the warehouse chunk by chunk instead of thousands of pickled objects between assets.
@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "pandera"},
    check_specs=[
        dg.AssetCheckSpec("schemas_valid", asset="warehouse_tables"),
        dg.AssetCheckSpec("identities_hold", asset="warehouse_tables"),
        dg.AssetCheckSpec(
            "no_quarantined_files",
            asset="warehouse_tables",
            description="收件目录中没有被隔离（无法读取、不支持、模式校验失败）的文件",
        ),
    ],
)
def warehouse_tables(
    context: dg.AssetExecutionContext,
    raw_file_inventory: pd.DataFrame,
    warehouse_db: WarehouseResource,
):
    """入库 — new and changed files extracted, validated (pandera) and loaded in chunks, one transaction per chunk; removed files kept as history."""
    started = time.perf_counter()
    with warehouse_db.writing(context) as db:
        report = load_pending(raw_file_inventory, db, log=context.log.info, refresh=False)
        pause_point("warehouse_tables.loaded")
    table = pd.DataFrame(
        [(Path(o.path).name, o.status, o.reason) for o in report.outcomes],
        columns=["file", "status", "reason"],
    )
    counts = report.counts()
    context.log.info(f"入库 files by status: {counts}; marked removed: {report.removed}")
    times = report.times
    yield dg.Output(
        None,
        metadata={
            "warehouse": str(db),
            "seconds": round(time.perf_counter() - started, 3),
            "removed": report.removed,
            **{f"n_{k}": int(v) for k, v in counts.items()},
            "stage_seconds": dg.MetadataValue.json(
                {k: round(v, 3) for k, v in times.seconds.items()}
            ),
            "stage_files_per_second": dg.MetadataValue.json(
                {k: round(v, 1) for k, v in times.rates().items()}
            ),
            "files": md_table(table),
        },
    )
    failures = report.schema_failures()
    yield warn_check(
        check_name="schemas_valid",
        passed=failures.empty,
        description="模式校验：失败的文件整体隔离 schema validation; a failing file is quarantined whole",
        metadata={
            "failing_files": dg.MetadataValue.json(sorted(set(failures["file"]))),
            "failure_cases": md_table(failures),
        },
    )
    failed = warehouse.failed_checks(db)
    # schema failures are reported by schemas_valid; this check is about the identities
    failed = failed[~failed["check_name"].str.startswith("schema:")]
    yield warn_check(
        check_name="identities_hold",
        passed=failed.empty,
        description="会计恒等式（当前文件）accounting identities over current documents",
        metadata={"failed_checks": len(failed), "failing_rows": md_table(failed)},
    )
    # amber in the UI for as long as a quarantined file is still the latest version in raw/
    quarantined = quarantined_files(db)
    yield warn_check(
        check_name="no_quarantined_files",
        passed=quarantined.empty,
        description="被隔离的文件（未加载）quarantined files: not loaded, with the reason",
        metadata={
            "quarantined_files": len(quarantined),
            "files": md_table(quarantined[["file_name", "reason", "path"]]),
            **{
                f"file: {r.file_name}": dg.MetadataValue.text(str(r.reason))
                for r in quarantined.head(20).itertuples()
            },
        },
    )
