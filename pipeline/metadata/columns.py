"""The columns of each declared table in order, and those every current_* view starts with."""

from __future__ import annotations

from pipeline.metadata.model import Column, Table
from pipeline.metadata.tables import FACT_HEAD, FACT_TAIL

#: Columns of source_files every current_* view starts with.
CURRENT_COLUMNS = ("unit_key", "unit_name", "year", "doc_type", "file_name", "is_invented")


def table_columns(t: Table) -> list[Column]:
    """All columns of a table in order (a fact table's shared head and tail included)."""
    return [*FACT_HEAD, *t.columns, *FACT_TAIL] if t.fact else list(t.columns)
