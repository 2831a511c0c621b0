"""Paths and settings: the one place that knows where things live."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = Path(__file__).resolve().parent / "sql"

#: The single environment variable that moves the warehouse.
WAREHOUSE_ENV = "WAREHOUSE_PATH"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "warehouse.duckdb"
#: The single environment variable that points the pipeline at another drop folder.
RAW_DIR_ENV = "RAW_DIR"
DEFAULT_RAW_DIR = PROJECT_ROOT / "raw"

#: File-name prefix that marks an invented (synthetic) sample document.
INVENTED_PREFIX = "sample_"

#: Suffixes the pipeline reads; anything else in raw/ is quarantined as unsupported.
SUPPORTED_SUFFIXES = (".txt", ".docx", ".xlsx", ".xls")

#: Editor lock / temp files that are never documents (Office ~$x, LibreOffice .~lock, Emacs .#x, x~).
EDITOR_LOCK_PREFIXES = ("~$", ".~lock", ".#")
EDITOR_LOCK_SUFFIXES = ("~",)
#: Hidden files and folders (never documents; a hidden folder is not entered).
HIDDEN_PREFIX = "."
#: Names skipped in the drop folder: editor lock files and hidden files or folders.
IGNORED_PREFIXES = (*EDITOR_LOCK_PREFIXES, HIDDEN_PREFIX)

#: Rounding tolerance per addend when checking that parts sum to a total (万元).
TOLERANCE_PER_ADDEND_WAN = 0.01

#: A workbook amount above this (万元, i.e. 1000 亿元) is not a unit's figure: left empty, flagged.
MAX_AMOUNT_WAN = 1e7

#: Seconds a writer waits for the warehouse lock before failing with a clear message.
LOCK_TIMEOUT_SECONDS = float(os.environ.get("WAREHOUSE_LOCK_TIMEOUT", "60"))

#: Seconds a run waits for another live run to finish writing (pipeline.writer_lock).
WRITER_WAIT_SECONDS = float(os.environ.get("WAREHOUSE_WRITER_WAIT", "1800"))


def cache_dir() -> Path:
    """Where built indexes are cached (BUDGETPERF_CACHE, else ~/.cache/budgetperf)."""
    base = os.environ.get("BUDGETPERF_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "budgetperf"
    )
    return Path(base)


def warehouse_path() -> Path:
    """Return the DuckDB file path, honouring the WAREHOUSE_PATH environment variable."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)


def raw_dir() -> Path:
    """Return the drop folder, honouring the RAW_DIR environment variable."""
    return Path(os.environ.get(RAW_DIR_ENV) or DEFAULT_RAW_DIR).expanduser()


def export_dir(db_path: str | Path | None = None) -> Path:
    """Return the folder the analysts' files (workbook, HTML reports) go to: exports/ by the warehouse."""
    return Path(db_path or warehouse_path()).parent / "exports"


def is_invented(path: str | Path) -> bool:
    """True when the file name marks the document as invented sample data."""
    return Path(path).name.startswith(INVENTED_PREFIX)
