"""Speed benchmark: generate a district, then time extract → validate → load → reload → query.

usage: python scripts/bench_pipeline.py [--units 100] [--years 2021 2022 2023] [--workers N]
                                        [--formats txt,docx]
Prints one line per phase with files, seconds and files per second. Not a test.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.extract import extract_files  # noqa: E402
from pipeline.inventory import list_documents  # noqa: E402
from pipeline.warehouse import load_validated, run_query, validate_results  # noqa: E402


def _phase(name: str, n: int, seconds: float) -> None:
    rate = n / seconds if seconds else float("inf")
    print(f"{name:<28} {n:>6} files {seconds:>8.2f} s {rate:>9.1f} files/s", flush=True)


def main() -> None:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--years", nargs="+", default=["2021", "2022", "2023"])
    ap.add_argument("--workers", type=int, default=None, help="extraction processes")
    ap.add_argument("--formats", default="txt,docx", help="report formats (generator --formats)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_") as tmp:
        raw, db = Path(tmp) / "raw", Path(tmp) / "wh.duckdb"
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, str(REPO / "scripts" / "generate_sample_district.py"), "--out",
             str(raw), "--units", str(args.units), "--years", *args.years, "--workbooks",
             "--formats", args.formats],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        truth = json.loads((raw / "truth.json").read_text(encoding="utf-8"))
        (raw / "truth.json").unlink(missing_ok=True)
        files = list_documents(raw)
        _phase("generate (not timed below)", len(files), time.perf_counter() - t)

        t = time.perf_counter()
        results = list(extract_files(files, workers=args.workers))
        _phase("extract", len(results), time.perf_counter() - t)

        t = time.perf_counter()
        batch = validate_results(results)
        _phase("validate (pandera, bulk)", len(results), time.perf_counter() - t)

        t = time.perf_counter()
        outcomes = load_validated(batch, db)
        _phase("load (1 transaction/file)", len(outcomes), time.perf_counter() - t)

        t = time.perf_counter()
        again = load_validated(validate_results(results), db)
        skipped = sum(o.status == "skipped" for o in again)
        _phase(f"reload ({skipped} skipped)", len(again), time.perf_counter() - t)

        t = time.perf_counter()
        n = len(run_query("SELECT * FROM report_facts_current", db))
        _phase("query report_facts_current", n, time.perf_counter() - t)
        size = db.stat().st_size / 1e6
        print(f"warehouse size: {size:.1f} MB for {len(files)} files")
        _unit_integrity(truth, db)


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
