"""A per-file time limit for extraction in the calling process (SIGALRM, main thread only).

Isolated workers (pipeline.extract.pool) are killed from outside when a file overruns; in
the calling process the same limit interrupts the extraction with FileTimeout, which is a
BaseException so that no reader's `except Exception` swallows it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class FileTimeout(BaseException):
    """The file's extraction ran past its time limit."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise FileTimeout in the block after `seconds` (no limit off the main thread)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _expired(_signum, _frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
