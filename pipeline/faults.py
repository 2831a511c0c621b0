"""Fault injection for crash tests: make a process stop at a named point so a test can kill it.

PIPELINE_PAUSE_AT=warehouse_tables.locked:60 makes the process sleep 60 s right after the
step warehouse_tables takes the warehouse writer lock; warehouse_tables.loaded pauses after
its files are loaded (several points: comma-separated). Unset, a pause point costs nothing.
"""

from __future__ import annotations

import os
import time

PAUSE_ENV = "PIPELINE_PAUSE_AT"


def pause_point(name: str) -> None:
    """Sleep here if PIPELINE_PAUSE_AT names this point (seconds after ':', default 3600)."""
    spec = os.environ.get(PAUSE_ENV)
    if not spec:
        return
    for item in spec.split(","):
        point, _, seconds = item.strip().partition(":")
        if point == name:
            time.sleep(float(seconds or 3600))
