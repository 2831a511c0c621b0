"""Is a process still the one we saw? pid plus its start time, so a reused pid does not count."""

from __future__ import annotations

import os
import socket
from functools import cache
from pathlib import Path


@cache
def host_name() -> str:
    """This machine's name, as recorded next to a pid."""
    return socket.gethostname()


@cache
def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _stat_fields(pid: int) -> list[str]:
    """Fields 3… of /proc/<pid>/stat (state first); [] when unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    # the command name (field 2) may hold spaces and parentheses: split after its last ')'
    return stat.rsplit(")", 1)[-1].split()


def process_token(pid: int) -> str:
    """Boot id and start time of a process ('' when unknown): equal tokens mean the same process."""
    fields = _stat_fields(pid)
    return f"{_boot_id()}:{fields[19]}" if len(fields) > 19 else ""


def is_alive(pid: int, token: str = "") -> bool:
    """True while process `pid` runs on this machine and, if a token is given, is that process."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, owned by someone else
    fields = _stat_fields(pid)
    if fields and fields[0] in ("Z", "X"):
        return False  # exited, not yet reaped by its parent
    return not token or process_token(pid) in ("", token)
