"""Ingestion assets: inventory → extracted documents → validated tables → warehouse tables."""

import time
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.resources import RawFolder, WarehouseResource
from pipeline import warehouse
from pipeline.extract import extract_files
from pipeline.faults import pause_point
from pipeline.ingest import pending_paths
from pipeline.inventory import ignored_entries
from pipeline.quarantine import quarantined_files

GROUP = "ingest"


def _md_table(frame: pd.DataFrame, limit: int = 50) -> dg.MetadataValue:
    """A small frame as Markdown metadata (first `limit` rows)."""
    if frame.empty:
        return dg.MetadataValue.md("（无 none）")
    head = frame.head(limit).astype(object).where(frame.head(limit).notna(), "")
    cells = [[str(v).replace("|", "\\|").replace("\n", " ") for v in row] for row in head.values]
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    if len(frame) > limit:
        lines.append(f"\n… {len(frame) - limit} more rows")
    return dg.MetadataValue.md("\n".join(lines))


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
            "files_table": _md_table(inv[["file_name", "status", "size_bytes"]]),
            "ignored": _md_table(ignored),
        }
    )
    return inv


@dg.asset(group_name=GROUP, kinds={"python"})
def extracted_documents(
    context: dg.AssetExecutionContext, raw_file_inventory: pd.DataFrame
) -> list:
    """抽取的文档 — every new or changed file read, classified and extracted, with provenance."""
    paths = pending_paths(raw_file_inventory)
    context.log.info(f"抽取 extracting {len(paths)} new or changed files")
    results = []
    started = time.perf_counter()
    for i, result in enumerate(extract_files(paths), start=1):
        results.append(result)
        if i % 100 == 0 or i == len(paths):
            context.log.info(f"抽取 extracted {i}/{len(paths)} files")
    by_type = pd.Series([r.doc_type for r in results], dtype="object").value_counts()
    context.add_output_metadata(
        {
            "documents": len(results),
            "seconds": round(time.perf_counter() - started, 3),
            "by_doc_type": dg.MetadataValue.json({str(k): int(v) for k, v in by_type.items()}),
        }
    )
    return results


@dg.asset(
    group_name=GROUP,
    kinds={"pandera"},
    check_specs=[dg.AssetCheckSpec("schemas_valid", asset="validated_documents")],
)
def validated_documents(context: dg.AssetExecutionContext, extracted_documents: list):
    """校验后的数据表 — extracted documents as table frames validated by pandera (a failing file is quarantined)."""
    batch = warehouse.validate_results(extracted_documents)
    failures = batch.failures
    bad_files = sorted({batch.results[int(i)].file for i in failures["source_id"].dropna()})
    rows = {t: len(f) for t, f in batch.frames.items() if len(f)}
    yield dg.Output(
        batch,
        metadata={
            "documents": len(batch.results),
            "rows_by_table": dg.MetadataValue.json(rows),
            "schema_failures": len(failures),
        },
    )
    shown = failures.assign(file=[batch.results[int(i)].file for i in failures["source_id"]]).drop(
        columns=["source_id"]
    )
    yield dg.AssetCheckResult(
        check_name="schemas_valid",
        passed=failures.empty,
        severity=dg.AssetCheckSeverity.WARN,
        description="模式校验：失败的文件整体隔离 schema validation; a failing file is quarantined whole",
        metadata={
            "failing_files": dg.MetadataValue.json(bad_files),
            "failure_cases": _md_table(shown),
        },
    )


# One writer at a time: each writing step holds the warehouse writer lock (pipeline.writer_lock),
# which dies with its process. A Dagster pool did this before, but a killed run kept its slot.
@dg.asset(
    group_name=GROUP,
    kinds={"duckdb"},
    check_specs=[
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
    validated_documents,
    raw_file_inventory: pd.DataFrame,
    warehouse_db: WarehouseResource,
):
    """入库 — validated documents loaded into DuckDB, one transaction per file; removed files kept as history."""
    started = time.perf_counter()
    with warehouse_db.writing(context) as db:
        # removed first: a file moved to another name is then loaded, not a duplicate
        removed = raw_file_inventory.loc[raw_file_inventory["status"] == "removed", "path"]
        n_removed = warehouse.mark_removed(removed, db) if len(removed) else 0
        outcomes = warehouse.load_validated(validated_documents, db)
        pause_point("warehouse_tables.loaded")
        unchanged = raw_file_inventory[raw_file_inventory["status"] == "unchanged"]
        warehouse.log_skipped(unchanged, db)
    table = pd.DataFrame(
        [(Path(o.path).name, o.status, o.reason) for o in outcomes]
        + [(name, "skipped", "文件未变化 unchanged") for name in unchanged["file_name"]],
        columns=["file", "status", "reason"],
    )
    counts = table["status"].value_counts().to_dict() if len(table) else {}
    context.log.info(f"入库 {len(table)} files by status: {counts}; marked removed: {n_removed}")
    yield dg.Output(
        None,
        metadata={
            "warehouse": str(db),
            "seconds": round(time.perf_counter() - started, 3),
            "removed": n_removed,
            **{f"n_{k}": int(v) for k, v in counts.items()},
            "files": _md_table(table),
        },
    )
    failed = warehouse.failed_checks(db)
    # schema failures are reported by schemas_valid; this check is about the identities
    failed = failed[~failed["check_name"].str.startswith("schema:")]
    yield dg.AssetCheckResult(
        check_name="identities_hold",
        passed=failed.empty,
        severity=dg.AssetCheckSeverity.WARN,
        description="会计恒等式（当前文件）accounting identities over current documents",
        metadata={"failed_checks": len(failed), "failing_rows": _md_table(failed)},
    )
    # amber in the UI for as long as a quarantined file is still the latest version in raw/
    quarantined = quarantined_files(db)
    yield dg.AssetCheckResult(
        check_name="no_quarantined_files",
        passed=quarantined.empty,
        severity=dg.AssetCheckSeverity.WARN,
        description="被隔离的文件（未加载）quarantined files: not loaded, with the reason",
        metadata={
            "quarantined_files": len(quarantined),
            "files": _md_table(quarantined[["file_name", "reason", "path"]]),
            **{
                f"file: {r.file_name}": dg.MetadataValue.text(str(r.reason))
                for r in quarantined.head(20).itertuples()
            },
        },
    )
