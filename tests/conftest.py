"""Shared fixtures: one warehouse of the shipped sample data for the tests that only read it."""

import shutil
from pathlib import Path

import pytest

from pipeline.ingest import ingest_folder

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A warehouse of raw/ (the real seed and the invented district) plus one unreadable file."""
    root = tmp_path_factory.mktemp("sample")
    raw = root / "raw"
    shutil.copytree(REPO / "raw", raw)
    (raw / "broken_report.docx").write_bytes(b"not a zip")
    db = root / "warehouse" / "warehouse.duckdb"
    ingest_folder(raw, db)
    return db
