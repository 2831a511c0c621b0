"""Province-scale benchmark of the whole ingestion (issue 12). Prints figures; not a test.

usage: python scripts/bench_pipeline.py [--raw DIR | --units 2000 --years 2022 2023
                                        --formats txt,docx] [--workers N]
                                        [--query-unit-years 20000] [--keep DIR]

Measures, in this process (start-up excluded), on a generated province set or any drop
folder (--raw):
  * the raw-read floor: reading every file's bytes once;
  * the full build (inventory → extract → validate → load in chunks → refresh) and its
    ratio to the floor, files/s per stage, peak RSS of this process and its workers;
  * a no-op run and one changed file, each from the run's start;
  * the README's comparison queries (median of 5) on a copy of the warehouse whose
    unit-years are cloned under new unit keys up to --query-unit-years.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import duckdb  # noqa: E402

from pipeline.flow import load_pending  # noqa: E402
from pipeline.inventory import list_documents  # noqa: E402
from pipeline.warehouse import FACT_TABLES, inventory, run_query  # noqa: E402
from pipeline.warehouse.refresh import refresh_derived  # noqa: E402


class RssSampler:
    """Peak resident memory of this process plus its descendants, sampled from /proc."""

    def __init__(self, every: float = 0.2) -> None:
        self.every, self.peak, self._stop = every, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            self._stop.wait(self.every)


def _tree_rss(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        kids = [p for p, pp in parents.items() if pp == pid and p not in tree]
        tree.update(kids)
        todo += kids
    return sum(rss.get(p, 0) for p in tree)


def _line(name: str, n: int, seconds: float, extra: str = "") -> None:
    rate = n / seconds if seconds else float("inf")
    print(f"{name:<34} {n:>7} files {seconds:>8.2f} s {rate:>9.1f} files/s {extra}", flush=True)


def _generate(out: Path, args: argparse.Namespace) -> list[dict]:
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_sample_district.py"), "--out", str(out),
         "--units", str(args.units), "--years", *args.years, "--workbooks", "--formats",
         args.formats],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    (out / "truth.json").unlink()
    return truth


def _floor(files: list[Path]) -> float:
    """Every file's content read once: its bytes, and for a zip container (.docx, .xlsx)
    every member inflated, as any reader must at least do."""
    t = time.perf_counter()
    for f in files:
        data = f.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for name in z.namelist():
                    z.read(name)
    return time.perf_counter() - t


def _run(raw: Path, db: Path, workers: int | None):
    t = time.perf_counter()
    report = load_pending(inventory(raw, db), db, workers=workers)
    return report, time.perf_counter() - t


def main() -> None:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--raw", type=Path, help="a drop folder to measure instead of a generated set")
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--years", nargs="+", default=["2022", "2023"])
    ap.add_argument("--formats", default="txt,docx", help="report formats (generator --formats)")
    ap.add_argument("--workers", type=int, default=None, help="extraction processes")
    ap.add_argument("--query-unit-years", type=int, default=20000)
    ap.add_argument("--keep", type=Path, help="keep the drop folder and warehouse here")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_"))
    try:
        _bench(args, args.keep or tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _bench(args: argparse.Namespace, work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    db = work / "wh.duckdb"
    truth = None
    if args.raw:
        raw = args.raw
    else:
        raw = work / "raw"
        t = time.perf_counter()
        truth = _generate(raw, args)
        print(f"generated {args.units} units × {len(args.years)} years in "
              f"{time.perf_counter() - t:.0f} s (not timed below)")  # fmt: skip
    files = list_documents(raw)
    floor = _floor(files)
    _line("raw-read floor (content once)", len(files), floor)

    with RssSampler() as rss:
        report, build = _run(raw, db, args.workers)
    _line("full build", len(files), build, f"= {build / floor:.1f}× the floor")
    for stage, seconds in report.times.seconds.items():
        _line(f"  {stage}", report.times.files[stage], seconds)
    print(f"peak RSS (this process + workers): {rss.peak / 2**20:.0f} MiB")
    print(f"statuses: {report.counts()}")

    noop_report, noop = _run(raw, db, args.workers)
    print(f"no-op run: {noop:.2f} s = {noop / build:.3f} of the build "
          f"({sum(1 for o in noop_report.outcomes)} files processed)")  # fmt: skip

    changed = next(f for f in files if f.suffix == ".txt") if files else None
    if changed is not None:
        changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        one_report, one = _run(raw, db, args.workers)
        print(f"one changed file: {one:.2f} s, files processed {len(one_report.outcomes)}, "
              f"units refreshed {one_report.refresh.units}")  # fmt: skip
    if truth is not None:
        _unit_integrity(truth, db)
    print(f"warehouse: {db.stat().st_size / 1e6:.1f} MB")
    _queries(db, work / "scaled.duckdb", args.query_unit_years)


def _queries(db: Path, scaled: Path, target: int) -> None:
    """The README's queries on a copy with unit-years cloned up to `target`."""
    shutil.copy(db, scaled)
    have = run_query("SELECT count(*) AS n FROM unit_year_inputs", scaled)["n"][0]
    copies = max(1, math.ceil(target / max(have, 1)))
    t = time.perf_counter()
    _clone(scaled, copies)
    refresh = refresh_derived(scaled, full=True)
    n = run_query("SELECT count(*) AS n FROM unit_year_inputs", scaled)["n"][0]
    print(f"queries at {n} unit-years ({have} cloned ×{copies} under new unit keys; "
          f"clone + full refresh {time.perf_counter() - t:.1f} s, "
          f"refresh {sum(refresh.seconds.values()):.1f} s)")  # fmt: skip
    spec = importlib.util.spec_from_file_location("rq", REPO / "scripts" / "render_queries.py")
    rq = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rq)
    con = duckdb.connect(str(scaled), read_only=True)
    try:
        for zh, _en, sql in rq.QUERIES:
            times = []
            for _ in range(5):
                t = time.perf_counter()
                rows = len(con.execute(sql).fetchall())
                times.append(time.perf_counter() - t)
            print(f"  {statistics.median(times) * 1000:7.1f} ms  {rows:>6} rows  {zh}")
    finally:
        con.close()


def _clone(db: Path, copies: int) -> None:
    """Each current document again under unit key KEY~i (i < copies), facts included."""
    con = duckdb.connect(str(db))
    try:
        top = con.execute("SELECT max(source_id) FROM source_files").fetchone()[0] + 1
        con.execute("BEGIN")
        for i in range(1, copies):
            off = i * top
            con.execute(
                f"""INSERT INTO source_files SELECT * REPLACE (
                        source_id + {off} AS source_id, path || '~{i}' AS path,
                        unit_key || '~{i}' AS unit_key, NULL AS division_code,
                        superseded_by + {off} AS superseded_by,
                        duplicate_of + {off} AS duplicate_of)
                    FROM source_files WHERE source_id < {top}"""
            )
            for table in FACT_TABLES:
                con.execute(
                    f"INSERT INTO {table} SELECT * REPLACE (source_id + {off} AS source_id) "
                    f"FROM {table} WHERE source_id < {top}"
                )
        con.execute("COMMIT")
    finally:
        con.close()


def _unit_integrity(truth: list[dict], db: Path) -> None:
    """Every delivered unit-year is current, none superseded by a same-named unit elsewhere."""
    delivered = {
        (t["unit_name"], t["district"], t["year"])
        for t in truth
        if t["doc_type"] in ("performance_report", "final_accounts_workbook")
    }
    names = {(t["unit_name"], t["district"]) for t in truth}
    repeated = len(names) - len({n for n, _ in names})
    current = run_query("SELECT count(*) AS n FROM unit_year_inputs", db)["n"].iloc[0]
    # a document superseded by one of another unit: same-named units merged (must be 0)
    merged = run_query(
        """SELECT count(*) AS n FROM source_files AS a JOIN source_files AS b
           ON a.superseded_by = b.source_id
           WHERE a.status = 'superseded' AND a.unit_key IS DISTINCT FROM b.unit_key""",
        db,
    )["n"].iloc[0]
    print(
        f"units: {len(names)} ({repeated} names repeat in another district); unit-years "
        f"delivered {len(delivered)}, current {current}; documents superseded by another "
        f"unit: {merged}"
    )


if __name__ == "__main__":
    main()
