"""The DuckDB file: connections that always close, explicit transactions, the schema."""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipeline import config
from pipeline.sqlguard import READ_ONLY_CONFIG

#: Hand-written view SQL run after the generated tables, in order (pieces marked
#: `-- @generated` are filled in from the registry, pipeline.metadata.sql).
SCHEMA_FILES = ("create_views.sql", "create_metrics.sql", "create_review.sql")

_process_locks: dict[str, threading.Lock] = {}
_process_locks_guard = threading.Lock()


class WarehouseError(Exception):
    """A warehouse operation failed for a reason the user can act on."""


@functools.cache
def sql_file(name: str) -> str:
    """A named SQL file of pipeline/sql."""
    return (config.SQL_DIR / name).read_text(encoding="utf-8")


@functools.cache
def schema_sql() -> list[str]:
    """The whole schema as SQL texts, in order: generated tables and comments, then views."""
    from pipeline.metadata import sql as gen
    from pipeline.metadata.zh import zh_schema_sql

    return [
        gen.create_tables_sql(),
        gen.comments_sql(),
        *(gen.expand(sql_file(name)) for name in SCHEMA_FILES),
        gen.view_comments_sql(),
        zh_schema_sql(),
    ]


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc)
    return "lock" in text.lower() or "different configuration" in text


class Warehouse:
    """A DuckDB file with the pipeline's schema."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else config.warehouse_path()

    def _open(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """Open the file, retrying while another process holds the lock."""
        timeout = config.LOCK_TIMEOUT_SECONDS
        deadline = time.monotonic() + timeout
        delay = 0.02
        while True:
            try:
                # readers get the sandbox of pipeline.sqlguard (no file access from SQL)
                settings = READ_ONLY_CONFIG if read_only else {}
                return duckdb.connect(str(self.path), read_only=read_only, config=settings)
            except duckdb.Error as exc:
                if not _is_lock_error(exc):
                    raise WarehouseError(
                        f"无法打开数据仓库 cannot open warehouse {self.path}: {exc}"
                    ) from exc
                if time.monotonic() >= deadline:
                    raise WarehouseError(
                        f"数据仓库被占用 warehouse is locked: {self.path} is held by another "
                        f"process or connection and was not released within {timeout:g} s "
                        f"(WAREHOUSE_LOCK_TIMEOUT). Wait for the running load or query to finish "
                        f"and retry. DuckDB said: {exc}"
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.25)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection (schema ensured when writable), always closed on exit."""
        if read_only and not self.path.exists():
            raise WarehouseError(
                f"数据仓库不存在 warehouse not found: {self.path}. "
                "Run `make run` first to build it (or set WAREHOUSE_PATH / --db)."
            )
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = self._open(read_only)
        try:
            if not read_only:
                self.ensure_schema(con)
            yield con
        finally:
            con.close()

    @staticmethod
    @contextmanager
    def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
        """BEGIN … COMMIT, or ROLLBACK and re-raise on any exception."""
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        # a failed COMMIT is rolled back by DuckDB itself
        con.execute("COMMIT")

    @contextmanager
    def write_transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A writable connection inside one transaction, holding this process's writer lock."""
        with process_writer_lock(self.path), self.connect() as con, self.transaction(con):
            yield con

    def upgrade(self) -> None:
        """Bring an existing file to this version's schema (readers then see new columns)."""
        if not self.path.exists():
            return
        with self.connect(read_only=True) as con:
            if _schema_info(con).get("sql_digest") == _digest():
                return
        with process_writer_lock(self.path), self.connect():
            pass

    def ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create tables, comments and views unless this exact schema is already there; a table
        whose declaration changed is rebuilt with its rows (new columns, new CHECK values)."""
        texts = schema_sql()
        digest = _digest()
        stored = _schema_info(con)
        if stored.get("sql_digest") == digest:
            return
        with self.transaction(con):
            _migrate_tables(con, stored)
            _drop_views_now_tables(con)
            for text in texts:
                con.execute(text)
            con.executemany(
                "INSERT OR REPLACE INTO schema_info VALUES (?, ?)",
                [["sql_digest", digest], *([f"ddl:{n}", d] for n, d in _table_digests().items())],
            )


@functools.cache
def _digest() -> str:
    return hashlib.sha256("\n".join(schema_sql()).encode()).hexdigest()


def _schema_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        # fetchall: a half-read result blocks the connection in DuckDB 2
        return dict(con.execute("SELECT key, value FROM schema_info").fetchall())
    except duckdb.CatalogException:
        return {}


@functools.cache
def _table_digests() -> dict[str, str]:
    from pipeline.metadata import sql as gen
    from pipeline.metadata.tables import TABLES

    return {t.name: hashlib.sha256(gen.table_ddl(t).encode()).hexdigest() for t in TABLES}


def _drop_views_now_tables(con: duckdb.DuckDBPyConnection) -> None:
    """A view an earlier version kept where this one materializes a table of that name."""
    from pipeline.metadata.views import MATERIALIZED

    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    for name in sorted(views & set(MATERIALIZED)):
        con.execute(f"DROP VIEW {name}")


def _migrate_tables(con: duckdb.DuckDBPyConnection, stored: dict[str, str]) -> None:
    """Rebuild each existing table whose declaration differs from the one it was built with
    (DuckDB cannot change a CHECK in place): new table, rows copied by name, old dropped."""
    from pipeline.metadata import sql as gen
    from pipeline.metadata.tables import BY_NAME

    existing = {
        name: set(cols)
        for name, cols in con.execute(
            "SELECT table_name, list(column_name) FROM duckdb_columns() "
            "WHERE schema_name = 'main' GROUP BY table_name"
        ).fetchall()
    }
    for name, digest in _table_digests().items():
        if name not in existing or name == "schema_info" or stored.get(f"ddl:{name}") == digest:
            continue
        table = BY_NAME[name]
        keep = [c.name for c in gen.table_columns(table) if c.name in existing[name]]
        con.execute(gen.table_ddl(table, f"{name}__rebuilt"))
        con.execute(f"INSERT INTO {name}__rebuilt BY NAME SELECT {', '.join(keep)} FROM {name}")
        con.execute(f"DROP TABLE {name}")
        con.execute(f"ALTER TABLE {name}__rebuilt RENAME TO {name}")


@contextmanager
def process_writer_lock(path: Path) -> Iterator[None]:
    """Serialize writers of one file inside this process (DuckDB's file lock and the writer
    lock file, pipeline.writer_lock, cover other processes)."""
    key = str(path.resolve())
    with _process_locks_guard:
        lock = _process_locks.setdefault(key, threading.Lock())
    if not lock.acquire(timeout=config.LOCK_TIMEOUT_SECONDS):
        raise WarehouseError(
            f"数据仓库被占用 warehouse is locked: another load in this process holds {path} "
            f"for more than {config.LOCK_TIMEOUT_SECONDS:g} s"
        )
    try:
        yield
    finally:
        lock.release()
