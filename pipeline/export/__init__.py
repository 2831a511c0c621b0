"""Files analysts open, forward and print: the Excel comparison workbook and HTML district reports."""

from __future__ import annotations

from pathlib import Path

from pipeline import config


def export_xlsx(
    db_path: str | Path | None = None,
    district: str | None = None,
    year: int | None = None,
    out: str | Path | None = None,
) -> Path:
    """Write the comparison workbook (default: exports/district_comparison.xlsx by the warehouse)."""
    from pipeline.export import data
    from pipeline.export.xlsx import WORKBOOK_NAME, write_workbook

    loaded = data.load(db_path, district, year)
    return write_workbook(loaded, out or config.export_dir(loaded.db_path) / WORKBOOK_NAME)


def export_html(
    db_path: str | Path | None = None,
    district: str | None = None,
    year: int | None = None,
    out_dir: str | Path | None = None,
) -> list[Path]:
    """Write one HTML report per district-year (default folder: exports/ by the warehouse)."""
    from pipeline.export import data
    from pipeline.export.html import write_reports

    loaded = data.load(db_path, district, year)
    return write_reports(loaded, out_dir or config.export_dir(loaded.db_path))
