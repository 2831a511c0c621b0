"""Crash recovery: kill -9 the ingest job part-way, re-run it plainly, N times.

usage: python scripts/bench_kill_rerun.py [--runs 20] [--when writing|anywhere] [--timeout 120]
                                         [--seed 1] [--raw DIR]

Each round starts `dg launch --job ingest_raw_files` on a copy of raw/ (fresh warehouse, one
Dagster instance shared by all rounds, as on a real machine) and kills it with SIGKILL:
`--when writing` (default) waits until the run writes the warehouse, then kills it after a
random 0-40 % of an uninterrupted run's time, so kills land anywhere in the load and the
steps after it; `--when anywhere` kills at a random moment of the whole run. Then the job runs again with no manual step. A
round counts as recovered when that run exits 0 within --timeout seconds, and as converged
when the warehouse then holds exactly what an uninterrupted run produced. Prints one line
per round and the totals. Not a test.
"""

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import dagster as dg  # noqa: E402

from assets.launch import prepare_instance, start_ingest, write_run_config  # noqa: E402
from pipeline.snapshot import snapshot_differences, warehouse_snapshot  # noqa: E402
from pipeline.writer_lock import read_holder  # noqa: E402


def _run(home: Path, raw: Path, db: Path, timeout: float) -> tuple[int | None, float, str]:
    """One plain run: (exit code or None on timeout, seconds, output)."""
    config = write_run_config(db.with_suffix(".yaml"), raw, db)
    started = time.monotonic()
    proc = start_ingest(home, config)
    try:
        out, _ = proc.communicate(timeout=timeout)
        return proc.returncode, time.monotonic() - started, out
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        return None, time.monotonic() - started, out


def _writing(proc: subprocess.Popen, db: Path, instance: dg.DagsterInstance) -> bool:
    """True once the run writes the warehouse: it holds the writer lock (or a pool slot)."""
    holder = read_holder(db)
    if holder and holder.get("pid") == proc.pid:
        return True
    # before the writer lock existed, the Dagster pool "warehouse_writer" was the only sign
    info = instance.event_log_storage.get_concurrency_info("warehouse_writer")
    return bool(info.claimed_slots)


def _kill_round(home: Path, raw: Path, db: Path, when: str, full: float, rng: random.Random) -> str:
    """Start a run and SIGKILL it; returns where it was killed."""
    proc = start_ingest(home, write_run_config(db.with_suffix(".kill.yaml"), raw, db))
    started = time.monotonic()
    if when == "writing":
        with dg.DagsterInstance.from_config(str(home)) as instance:
            while proc.poll() is None and not _writing(proc, db, instance):
                time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.4) * full)
    else:
        time.sleep(rng.uniform(0.3, 0.97) * full)
    at = time.monotonic() - started
    holder = read_holder(db)
    step = (
        holder.get("what") if holder and holder.get("pid") == proc.pid else "(no writer lock held)"
    )
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    if not killed:
        return f"finished before the kill ({at:4.1f} s)"
    return f"killed at {at:4.1f} s in {step:<21}"


def main() -> int:
    """Run the rounds and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds allowed for a re-run")
    ap.add_argument("--when", choices=["writing", "anywhere"], default="writing")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--raw", type=Path, default=REPO / "raw")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kill_rerun_") as tmp:
        root = Path(tmp)
        raw = root / "raw"
        shutil.copytree(args.raw, raw, symlinks=True)  # copy2 keeps the mtimes
        home = prepare_instance(root / "dagster_home")
        code, full, out = _run(home, raw, root / "reference.duckdb", args.timeout)
        if code != 0:
            print(out[-3000:])
            print("uninterrupted run failed; nothing to compare with")
            return 1
        reference = warehouse_snapshot(root / "reference.duckdb")
        print(f"uninterrupted run: {full:.1f} s", flush=True)
        recovered, converged, killed, seconds = 0, 0, 0, []
        for i in range(1, args.runs + 1):
            db = root / f"round{i}.duckdb"
            where = _kill_round(home, raw, db, args.when, full, rng)
            killed += where.startswith("killed")
            code, took, rerun_out = _run(home, raw, db, args.timeout)
            ok = code == 0
            diff = snapshot_differences(reference, warehouse_snapshot(db)) if ok else ["no run"]
            recovered += ok
            converged += ok and not diff
            if ok:
                seconds.append(took)
            state = "same state" if ok and not diff else "; ".join(diff)[:120]
            verdict = (
                f"re-run ok in {took:.1f} s" if ok else f"re-run FAILED ({code}, {took:.0f} s)"
            )
            print(f"round {i:>2}: {where}; {verdict}; {state}", flush=True)
            if not ok:
                print("   last lines: " + " | ".join(rerun_out.strip().splitlines()[-3:])[-300:])
        median = f"{statistics.median(seconds):.1f} s" if seconds else "—"
        print(f"killed: {killed}/{args.runs} (the other runs ended before their kill); "
              f"completed with no manual step: {recovered}/{args.runs}; "
              f"same final state as an uninterrupted run: {converged}/{args.runs}; "
              f"median re-run {median}")  # fmt: skip
    return 0 if recovered == converged == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
