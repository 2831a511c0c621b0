"""Isolated extraction workers: a memory cap, a per-file time limit, a crash costs one file.

Each worker is a spawned process that caps its own address space (RLIMIT_AS) and reads one
file at a time from a pipe. The parent waits on the result pipes and the process sentinels:
a worker that dies (killed by the memory cap, a segfault in a native reader) or overruns the
file's time limit is killed and replaced, and that file alone gets a quarantine result; the
other files of the batch are extracted as usual. Results come back in input order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import sys
import tempfile
import threading
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from pipeline.config import limits
from pipeline.extract.one_file import extract_file, quarantined, timeout_reason
from pipeline.models import ExtractionResult


def _worker_main(conn: Connection, memory_bytes: int, temp_root: str) -> None:
    """Worker loop: cap memory, then extract each path sent until None arrives."""
    _preload()
    _die_with_parent()
    # every temporary file of this worker (LibreOffice profiles, conversions) lives under
    # temp_root, which the pool removes even when it has to kill the worker
    tempfile.tempdir = temp_root

    if memory_bytes > 0:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        index, path = msg
        conn.send((index, extract_file(path)))


def _preload() -> None:
    """Import the extraction code and load OpenCC's dictionaries before the memory cap: an
    import that fails for want of memory raises ImportError, which hides the out-of-memory."""
    import pipeline.checks
    import pipeline.extract.formats
    import pipeline.extract.report  # noqa: F401
    from pipeline.normalize import to_simplified

    to_simplified("")


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this worker when its parent dies (a kill -9 of the
    run must not leave workers behind); elsewhere the closed pipe ends them when idle."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG


_MAIN_SWAP = threading.Lock()


@contextlib.contextmanager
def _without_parent_main() -> Iterator[None]:
    """Start workers without re-importing the parent's __main__: spawn imports it in every
    child, and a script that imports the pipeline at top level (the benchmarks do) pulls in
    pandas and DuckDB, about 100 MiB per worker that extraction never uses; the worker target
    lives in this module, so the child needs nothing from __main__."""
    with _MAIN_SWAP:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if main is not None:
                sys.modules["__main__"] = main


@dataclass
class _Slot:
    proc: multiprocessing.process.BaseProcess
    conn: Connection
    temp_root: str
    task: tuple[int, str] | None = None
    deadline: float = 0.0


class IsolatedPool:
    """A fixed number of capped worker processes, replaced when one dies or overruns."""

    def __init__(self, workers: int, memory_bytes: int, file_seconds: float) -> None:
        self.ctx = multiprocessing.get_context("spawn")
        self.memory_bytes = memory_bytes
        self.file_seconds = file_seconds
        self.slots = [self._start() for _ in range(max(1, workers))]

    def _start(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        root = tempfile.mkdtemp(prefix="budgetperf-worker-")
        proc = self.ctx.Process(
            target=_worker_main, args=(child, self.memory_bytes, root), daemon=True
        )
        with _without_parent_main():
            proc.start()
        child.close()
        return _Slot(proc, parent, root)

    def _replace(self, slot: _Slot) -> None:
        if slot.proc.is_alive():
            slot.proc.kill()
        slot.proc.join(5)
        slot.conn.close()
        shutil.rmtree(slot.temp_root, ignore_errors=True)
        fresh = self._start()
        slot.proc, slot.conn, slot.temp_root, slot.task = (
            fresh.proc,
            fresh.conn,
            fresh.temp_root,
            None,
        )

    def map(self, paths: list[str]) -> Iterator[ExtractionResult]:
        """Extract every path; yields one result per path, in input order."""
        todo = list(enumerate(paths))[::-1]
        done: dict[int, ExtractionResult] = {}
        nxt = 0
        while nxt < len(paths):
            for slot in self.slots:
                if slot.task is None and todo:
                    slot.task = todo.pop()
                    slot.deadline = time.monotonic() + self.file_seconds
                    slot.conn.send(slot.task)
            busy = [s for s in self.slots if s.task is not None]
            timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout)
            for slot in busy:
                self._collect(slot, ready, done)
            while nxt in done:
                yield done.pop(nxt)
                nxt += 1

    def _collect(self, slot: _Slot, ready: list, done: dict[int, ExtractionResult]) -> None:
        index, path = slot.task
        if slot.conn in ready:
            try:
                got_index, result = slot.conn.recv()
                done[got_index] = result
                slot.task = None
                return
            except (EOFError, OSError):
                pass  # the worker died while sending: handled as a death below
        if slot.conn in ready or slot.proc.sentinel in ready:
            code = slot.proc.exitcode
            done[index] = quarantined(
                path,
                f"抽取进程异常退出（可能超过内存上限 {limits().mb('worker_memory_bytes')}） "
                f"extraction worker died (exit code {code}; memory limit "
                f"{limits().mb('worker_memory_bytes')}?)",
            )
            self._replace(slot)
        elif time.monotonic() >= slot.deadline:
            done[index] = quarantined(path, timeout_reason(self.file_seconds))
            self._replace(slot)

    def close(self) -> None:
        """Stop every worker (politely, then by force)."""
        for slot in self.slots:
            with contextlib.suppress(OSError, BrokenPipeError):
                slot.conn.send(None)
        for slot in self.slots:
            slot.proc.join(2)
            if slot.proc.is_alive():
                slot.proc.kill()
                slot.proc.join(2)
            slot.conn.close()
            shutil.rmtree(slot.temp_root, ignore_errors=True)


def extract_isolated(paths: list[str], workers: int) -> Iterator[ExtractionResult]:
    """Extract paths in capped, replaceable worker processes (see module docstring)."""
    lim = limits()
    pool = IsolatedPool(workers, lim.worker_memory_bytes, lim.file_seconds)
    try:
        yield from pool.map(paths)
    finally:
        pool.close()
