"""One warehouse writer at a time across processes: a kernel lock on a file next to the warehouse.

`flock` is released by the kernel when its holder exits, however it exits (kill -9, OOM),
so a run that died can never keep the next one waiting, and no manual step is needed after
a crash. The holder writes who it is (run id, pid, host, since) into the file, so a run that
waits can say whom it waits for. Inside one process the lock is re-entrant per thread
(an RLock in front of the flock), so a writing step may call code that takes it again.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline import config
from pipeline.processes import host_name, process_token
from pipeline.warehouse.connection import WarehouseError

#: The lock file sits next to the DuckDB file: warehouse.duckdb → warehouse.duckdb.writer.lock.
LOCK_SUFFIX = ".writer.lock"
#: A waiting writer says again whom it waits for this often (seconds).
REPORT_EVERY_SECONDS = 30.0


class WriterLockTimeout(WarehouseError):
    """The writer lock stayed held by another writer for longer than the allowed wait."""


@dataclass
class _Entry:
    rlock: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    fd: int | None = None


_entries: dict[str, _Entry] = {}
_entries_guard = threading.Lock()


def lock_path(db_path: str | Path | None = None) -> Path:
    """The writer lock file of a warehouse."""
    db = Path(db_path) if db_path is not None else config.warehouse_path()
    return db.with_name(db.name + LOCK_SUFFIX)


def read_holder(db_path: str | Path | None = None) -> dict[str, Any] | None:
    """Who holds (or last held, if it died) the writer lock, as its holder wrote it; None if nobody."""
    try:
        text = lock_path(db_path).read_text(encoding="utf-8")
    except OSError:
        return None
    try:
        holder = json.loads(text) if text.strip() else None
    except ValueError:
        return None  # being written right now
    return holder if isinstance(holder, dict) else None


def describe_holder(holder: dict[str, Any] | None) -> str:
    """'run … (pid … on …, since …)' for messages."""
    if not holder:
        return "an unknown writer (it has not written its name yet)"
    run = holder.get("run_id") or "no Dagster run"
    return (
        f"run {run} (pid {holder.get('pid')} on {holder.get('host')}, "
        f"since {holder.get('since')}, {holder.get('what') or 'writing'})"
    )


def _try_lock(path: Path) -> int | None:
    """An fd holding the flock on `path`, or None if another open file holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    try:
        same_file = os.fstat(fd).st_ino == path.stat().st_ino
    except FileNotFoundError:
        same_file = False
    if not same_file:
        # the file was deleted or replaced between open and lock: lock the one on disk instead
        os.close(fd)
        return None
    return fd


def _write_holder(fd: int, run_id: str, what: str) -> None:
    pid = os.getpid()
    holder = {
        "run_id": run_id,
        "pid": pid,
        "host": host_name(),
        "process": process_token(pid),
        "since": datetime.now().isoformat(timespec="seconds"),
        "what": what,
    }
    data = json.dumps(holder, ensure_ascii=False).encode("utf-8")
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)


def _release(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)  # nobody holds it now; a crash leaves the last holder's name
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _entry(path: Path) -> _Entry:
    key = str(path.resolve())
    with _entries_guard:
        return _entries.setdefault(key, _Entry())


@contextmanager
def writer_lock(
    db_path: str | Path | None = None,
    *,
    run_id: str = "",
    what: str = "",
    on_wait: Callable[[str], None] = lambda _msg: None,
    timeout: float | None = None,
    poll: float = 0.1,
) -> Iterator[None]:
    """Hold the warehouse's writer lock; `on_wait` hears whom it waits for (at once, then every 30 s)."""
    path = lock_path(db_path)
    entry = _entry(path)
    timeout = config.WRITER_WAIT_SECONDS if timeout is None else timeout
    started = time.monotonic()
    next_report = started
    while True:
        if entry.rlock.acquire(timeout=poll):
            if entry.depth > 0:
                break  # this thread holds it already
            fd = _try_lock(path)
            if fd is not None:
                try:
                    _write_holder(fd, run_id, what)
                except OSError:
                    _release(fd)
                    entry.rlock.release()
                    raise
                entry.fd = fd
                break
            entry.rlock.release()
        now = time.monotonic()
        message = (
            f"等待写入锁 waiting for the warehouse writer lock {path}: held by "
            f"{describe_holder(read_holder(db_path))}; waited {now - started:.0f} s"
        )
        if now - started >= timeout:
            raise WriterLockTimeout(
                f"{message}, more than {timeout:g} s (WAREHOUSE_WRITER_WAIT). The holder is alive "
                "and still writing; retry when it has finished."
            )
        if now >= next_report:
            on_wait(message)
            next_report = now + REPORT_EVERY_SECONDS
        time.sleep(poll)
    entry.depth += 1
    try:
        yield
    finally:
        entry.depth -= 1
        if entry.depth == 0 and entry.fd is not None:
            fd, entry.fd = entry.fd, None
            _release(fd)
        entry.rlock.release()
