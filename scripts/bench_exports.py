"""Export benchmark: time reading the views, building the workbook and the HTML reports.

usage: python scripts/bench_exports.py [--db FILE] [--units N] [--runs 3]
Without --db a warehouse is built in a temporary folder: from raw/ (the sample district and
the seed), or with --units N from a generated district of N units × 3 years. Prints the median
of --runs for each phase. Not a test.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.export import data  # noqa: E402
from pipeline.export.html import write_reports  # noqa: E402
from pipeline.export.xlsx import write_workbook  # noqa: E402
from pipeline.ingest import ingest_folder  # noqa: E402


def _time(runs: int, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def _bench(db: Path, out: Path, runs: int) -> None:
    seconds, loaded = _time(runs, lambda: data.load(db))
    n = len(loaded.district_years())
    units = loaded.frames["metrics"]["unit_key"].nunique()
    print(
        f"warehouse: {units} units, {len(loaded.frames['metrics'])} unit-years, {n} district-years"
    )
    print(f"read the views (data.load)      {seconds:7.2f} s")
    seconds, path = _time(runs, lambda: write_workbook(loaded, out / "district_comparison.xlsx"))
    print(f"workbook (build + save)         {seconds:7.2f} s  {path.stat().st_size / 1e3:,.0f} kB")
    seconds, paths = _time(runs, lambda: write_reports(loaded, out))
    size = sum(p.stat().st_size for p in paths) / len(paths) / 1e3
    print(f"HTML reports ({len(paths)} files)          {seconds:7.2f} s  {size:,.0f} kB each")


def main() -> None:
    """Build or open a warehouse and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--units", type=int, default=None)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_exports_") as tmp:
        out = Path(tmp) / "exports"
        db = args.db
        if db is None:
            db, raw = Path(tmp) / "wh.duckdb", REPO / "raw"
            if args.units:
                raw = Path(tmp) / "raw"
                subprocess.run(
                    [sys.executable, str(REPO / "scripts" / "generate_sample_district.py"),
                     "--out", str(raw), "--units", str(args.units), "--workbooks"],
                    check=True, stdout=subprocess.DEVNULL,
                )  # fmt: skip
                (raw / "truth.json").unlink(missing_ok=True)
            ingest_folder(raw, db)
        _bench(db, out, args.runs)


if __name__ == "__main__":
    main()
