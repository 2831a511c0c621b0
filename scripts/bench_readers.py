"""Reader benchmark: python-calamine vs openpyxl on a nine-sheet final-accounts workbook.

usage: python scripts/bench_readers.py [--runs 30]
Prints the median milliseconds per read. Not a test.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import openpyxl  # noqa: E402
import python_calamine  # noqa: E402

from pipeline.readers.excel import read_workbook  # noqa: E402
from samples.final_accounts import seed_spec, write_final_accounts_workbook  # noqa: E402


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _calamine(path: Path) -> None:
    wb = python_calamine.load_workbook(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()


def _openpyxl(path: Path) -> None:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        list(ws.iter_rows(values_only=True))
    wb.close()


def main() -> None:
    """Write the seed unit's sample workbook to a temp dir and time each reader on it."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "final_accounts.xlsx"
        write_final_accounts_workbook(path, seed_spec())
        for name, fn in (
            ("python-calamine, all sheets", lambda: _calamine(path)),
            (
                "pipeline read_workbook (calamine + hidden rows + bad cells)",
                lambda: read_workbook(path),
            ),
            ("openpyxl read-only, all sheets", lambda: _openpyxl(path)),
        ):
            print(f"{name:<50} {_median_ms(fn, args.runs):8.2f} ms (median of {args.runs})")


if __name__ == "__main__":
    main()
