"""Paths and settings: the one place that knows where things live."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, fields
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
SUPPORTED_SUFFIXES = (
    ".txt",
    ".csv",
    ".docx",
    ".doc",
    ".wps",
    ".rtf",
    ".pdf",
    ".html",
    ".htm",
    ".mhtml",
    ".mht",
    ".xlsx",
    ".xls",
)

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


#: The environment variable that moves the analysts' correction folder (default raw/corrections).
CORRECTIONS_DIR_ENV = "CORRECTIONS_DIR"
CORRECTIONS_FOLDER = "corrections"
#: Correction files read there (pipeline/review); anything else in the folder is ignored.
CORRECTION_SUFFIXES = (".xlsx", ".csv", ".yaml", ".yml")


def corrections_dir(raw: str | Path | None = None) -> Path:
    """The folder analysts drop filled-in review sheets into: $CORRECTIONS_DIR, else
    corrections/ inside the drop folder (never read as documents)."""
    explicit = os.environ.get(CORRECTIONS_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return Path(raw if raw is not None else raw_dir()) / CORRECTIONS_FOLDER


def export_dir(db_path: str | Path | None = None) -> Path:
    """Return the folder the analysts' files (workbook, HTML reports) go to: exports/ by the warehouse."""
    return Path(db_path or warehouse_path()).parent / "exports"


def is_invented(path: str | Path) -> bool:
    """True when the file name marks the document as invented sample data."""
    return Path(path).name.startswith(INVENTED_PREFIX)


# --- formats and per-file resource limits (issues 9 and 10) ---------------------------

#: What the bytes of a file may be; files are routed by content, not by extension.
SOURCE_FORMATS = ("txt", "csv", "docx", "doc", "wps", "rtf", "pdf", "html", "mhtml", "xlsx", "xls")


def _limit(raw: str | None, default: float) -> float:
    """A limit from the value of its BUDGETPERF_<NAME> variable (tests lower them), else the default."""
    try:
        return float(raw) if raw not in (None, "") else default
    except ValueError:
        return default


_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file may cost; each one, when hit, quarantines the file with its name."""

    file_bytes: int = 200 * _MB  # any input file
    zip_total_bytes: int = 200 * _MB  # .docx/.xlsx: all members inflated
    zip_member_bytes: int = 100 * _MB  # .docx/.xlsx: one member inflated
    zip_ratio: float = 200.0  # inflated ÷ compressed, per member
    zip_members: int = 5000
    xml_depth: int = 200
    sheet_cells: int = 5_000_000  # rows × columns of one sheet (and merged-cell map entries)
    sheet_rows: int = 1_048_576
    sheet_cols: int = 16_384
    text_chars: int = 5_000_000  # normalized text of one document
    pdf_pages: int = 500
    pdf_page_points: float = 14_400.0  # longest page side (200 in; A0 is 3370 pt)
    pdf_page_chars: int = 200_000
    html_bytes: int = 50 * _MB  # the HTML part of a page or .mhtml
    convert_seconds: float = 60.0  # one LibreOffice conversion
    file_seconds: float = 120.0  # one file's whole extraction (isolated workers)
    worker_memory_bytes: int = 2048 * _MB  # RLIMIT_AS of an extraction worker

    def mb(self, field_name: str) -> str:
        """A byte limit as 'N MB' for messages."""
        return f"{getattr(self, field_name) / _MB:g} MB"


def limits() -> Limits:
    """The limits in force: the defaults above, each overridable by BUDGETPERF_<FIELD>."""
    # read per file by every reader: built once per distinct environment (tests change it)
    env = tuple(os.environ.get(f"BUDGETPERF_{name.upper()}") for name in _LIMIT_NAMES)
    return _limits_for(env)


_LIMIT_NAMES = tuple(f.name for f in fields(Limits))


@functools.lru_cache(maxsize=8)
def _limits_for(env: tuple[str | None, ...]) -> Limits:
    base = Limits()
    values = {}
    for name, raw in zip(_LIMIT_NAMES, env, strict=True):
        default = getattr(base, name)
        values[name] = type(default)(_limit(raw, default))
    return Limits(**values)


#: Batches at least this large are extracted in isolated worker processes (memory cap,
#: per-file time limit, a crash costs one file); BUDGETPERF_ISOLATE=1 forces it for any batch.
ISOLATE_ENV = "BUDGETPERF_ISOLATE"

#: LibreOffice executable for legacy Word (.doc/.wps/.rtf); BUDGETPERF_SOFFICE overrides.
SOFFICE_ENV = "BUDGETPERF_SOFFICE"
SOFFICE_NAMES = ("soffice", "libreoffice")
