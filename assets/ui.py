"""`make ui`: `dagster dev` in its own process group, stopped by one Ctrl-C.

Under make a terminal's Ctrl-C reaches make and every Dagster process at once; make itself
forwards only SIGTERM, never SIGINT, and `dagster dev` then waits up to 60 s for each of its
services while a run worker or code server may linger, so a second Ctrl-C was often needed and
left processes behind. Here `dagster dev` and everything it starts (webserver, daemon, code
server, run workers) live in a process group of their own; one SIGINT, SIGTERM or SIGHUP to
this launcher sends SIGINT to that whole group, waits `UI_STOP_GRACE` seconds (default 20),
then SIGTERM, then SIGKILL: the UI is always gone, with nothing left behind, within seconds.

    python -m assets.ui [-- command …]   (default: dagster dev -m assets.definitions)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

#: Seconds Dagster gets to shut down cleanly after Ctrl-C before it is terminated.
GRACE = float(os.environ.get("UI_STOP_GRACE", "20"))
DEFAULT = [str(Path(sys.executable).with_name("dagster")), "dev", "-m", "assets.definitions"]


class _Stop(Exception):
    """A stop signal arrived."""


def _raise(signum: int, _frame: object) -> None:
    raise _Stop(signum)


def _signal_group(pgid: int, sig: int) -> bool:
    """Send `sig` to the group; False when no process of it is left."""
    try:
        os.killpg(pgid, sig)
        return True
    except ProcessLookupError:
        return False


def _group_alive(pgid: int) -> bool:
    return _signal_group(pgid, 0)


def _wait_group(proc: subprocess.Popen, pgid: int, seconds: float) -> bool:
    """Wait until the leader has exited and no process of the group is left."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        proc.poll()
        if proc.returncode is not None and not _group_alive(pgid):
            return True
        time.sleep(0.1)
    return False


def stop(proc: subprocess.Popen, grace: float = GRACE) -> None:
    """SIGINT to the whole group (what Ctrl-C sends), then SIGTERM, then SIGKILL."""
    pgid = proc.pid
    signal.signal(signal.SIGINT, _raise)
    try:
        for sig, wait in ((signal.SIGINT, grace), (signal.SIGTERM, 5.0)):
            if not _signal_group(pgid, sig) or _wait_group(proc, pgid, wait):
                return
            print(f"仍在运行，发送 still running, sending {sig.name} …", file=sys.stderr)
    except _Stop:
        print("再次中断：立即结束 interrupted again: killing now", file=sys.stderr)
    _signal_group(pgid, signal.SIGKILL)
    proc.wait()


def main(argv: list[str] | None = None) -> int:
    """Run the command in its own session until it exits or a stop signal arrives."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[1:] if argv[:1] == ["--"] else argv or DEFAULT
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise)
    proc = subprocess.Popen(command, start_new_session=True, stdin=subprocess.DEVNULL)
    try:
        return proc.wait()
    except _Stop:
        print("\n正在停止 stopping Dagster (Ctrl-C again: kill at once) …", file=sys.stderr)
        stop(proc)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
