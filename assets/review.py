"""The analysts' corrections applied in the ingest job, and the review queue as metadata."""

import dagster as dg

from assets.ingest import GROUP
from assets.markdown import md_table, warn_check
from assets.resources import RawFolder, WarehouseResource
from pipeline.config import corrections_dir
from pipeline.review.apply import apply_corrections
from pipeline.review.queue import queue_sizes, review_queue


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "pandera"},
    deps=["warehouse_tables"],
    check_specs=[
        dg.AssetCheckSpec(
            "review_queue_empty",
            asset="review_corrections",
            description="复核队列为空（没有需要人工确认或更正的数字）the review queue is empty",
        )
    ],
)
def review_corrections(
    context: dg.AssetExecutionContext, raw_folder: RawFolder, warehouse_db: WarehouseResource
):
    """复核与更正 — the correction files of raw/corrections applied (stale, conflicting and bad rows reported, not applied); the review queue per district."""
    folder = corrections_dir(raw_folder.root())
    with warehouse_db.writing(context) as db:
        report = apply_corrections(db, folder=folder)
    context.log.info(
        f"更正 corrections in {folder}: {report.files} files, rows by status {report.counts}"
    )
    sizes = queue_sizes(db)
    queue = review_queue(db)
    yield dg.Output(
        None,
        metadata={
            "corrections_folder": str(folder),
            "correction_files": report.files,
            **{f"corrections_{k}": int(v) for k, v in report.counts.items()},
            "documents_changed": report.changed_documents,
            "review_queue": sum(sizes.values()),
            "review_queue_per_district": dg.MetadataValue.json(sizes),
        },
    )
    yield warn_check(
        check_name="review_queue_empty",
        passed=not sizes,
        description="复核队列（python -m pipeline export review）the review queue to export and fill in",
        metadata={
            "review_queue": sum(sizes.values()),
            "per_district": dg.MetadataValue.json(sizes),
            "first_rows": md_table(
                queue[["district", "year", "unit_name", "file_name", "figure", "issue"]].head(50)
            ),
        },
    )
