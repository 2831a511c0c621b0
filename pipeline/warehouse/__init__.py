"""DuckDB warehouse: schema, chunked transactional loading, file life cycle, read-only queries.

connection (the file, transactions, schema), plan (what a chunk's load does to each
document), load and writes (the chunked set-based load), lifecycle (inventory, removed
files), queries and summary (what analysts read).
"""

from pipeline.validate import FIGURE_DOC_TYPES, ValidatedBatch, validate_results
from pipeline.warehouse.connection import (
    Warehouse,
    WarehouseError,
    process_writer_lock,
    schema_sql,
    sql_file,
)
from pipeline.warehouse.lifecycle import inventory, log_skipped, mark_removed
from pipeline.warehouse.load import CHUNK_SIZE, LoadOutcome, load_results, load_validated
from pipeline.warehouse.plan import REDELIVERY_DOC_TYPES
from pipeline.warehouse.queries import failed_checks, run_query
from pipeline.warehouse.summary import format_frame, summary_text
from pipeline.warehouse.writes import FACT_TABLES, replace_reconciliation

__all__ = [
    "CHUNK_SIZE",
    "FACT_TABLES",
    "FIGURE_DOC_TYPES",
    "REDELIVERY_DOC_TYPES",
    "LoadOutcome",
    "ValidatedBatch",
    "Warehouse",
    "WarehouseError",
    "failed_checks",
    "format_frame",
    "inventory",
    "load_results",
    "load_validated",
    "log_skipped",
    "mark_removed",
    "process_writer_lock",
    "replace_reconciliation",
    "run_query",
    "schema_sql",
    "sql_file",
    "summary_text",
    "validate_results",
]
