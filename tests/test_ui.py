"""`make ui` stops with one Ctrl-C: the launcher takes its whole process group down."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# a stand-in for dagster dev: a child that ignores SIGINT (as a busy code server may) and
# a grandchild that sleeps; both must be gone after one interrupt of the launcher
_SERVICE = """
import signal, subprocess, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print(child.pid, flush=True)
time.sleep(60)
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie (exited, not yet reaped by init) is gone too
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split(") ")[-1].startswith("Z")


def test_one_interrupt_stops_the_whole_ui(tmp_path: Path):
    launcher = subprocess.Popen(
        [sys.executable, "-m", "assets.ui", "--", sys.executable, "-c", _SERVICE],
        cwd=REPO,
        env={**os.environ, "UI_STOP_GRACE": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    grandchild = int(launcher.stdout.readline())
    started = time.monotonic()
    launcher.send_signal(signal.SIGINT)  # what Ctrl-C delivers to make and the launcher
    assert launcher.wait(timeout=15) == 130
    assert time.monotonic() - started < 10
    deadline = time.monotonic() + 5
    while not _gone(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(grandchild)
    assert "stopping Dagster" in launcher.stderr.read()
