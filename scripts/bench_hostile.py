#!/usr/bin/env python3
"""Hostile files under the per-file limits: every one quarantined, none hangs or takes the batch.

    .venv/bin/python scripts/bench_hostile.py [--scale 2] [--workers 2] [--keep DIR]

Writes the hostile set (samples/hostile.py: zip bombs, a whole-sheet merge, a far
cell, entity declarations, deep XML, encrypted/truncated/malformed/600-page/huge-page/
scanned PDFs, an .mhtml with a giant image, a text bomb) plus two good files, extracts
them in isolated workers under the memory cap (config.Limits.worker_memory_bytes), and
prints each file's status and reason, then files tried, statuses, peak memory and wall time.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import limits  # noqa: E402
from pipeline.extract import extract_files  # noqa: E402
from samples.hostile import write_hostile_set  # noqa: E402

SEED = ROOT / "raw" / "wujialing_2022_seed.docx"
BOOK = ROOT / "raw" / "sample_wujialing_2022_final_accounts.xlsx"


def run(folder: Path, scale: int, workers: int) -> None:
    """Build the set in `folder`, extract it, print the figures."""
    t0 = time.perf_counter()
    files = write_hostile_set(folder, SEED, BOOK, scale)
    files += [Path(shutil.copy(SEED, folder / "good_seed.docx"))]
    files += [Path(shutil.copy(BOOK, folder / "good_workbook.xlsx"))]
    size = sum(p.stat().st_size for p in files)
    print(
        f"built {len(files)} files ({size / 2**20:.1f} MB on disk) in {time.perf_counter() - t0:.1f} s"
    )
    lim = limits()
    print(
        f"limits: worker memory {lim.mb('worker_memory_bytes')}, {lim.file_seconds:g} s per file, "
        f"zip {lim.mb('zip_total_bytes')} total / {lim.mb('zip_member_bytes')} per member"
    )
    t0 = time.perf_counter()
    statuses: Counter[str] = Counter()
    for result in extract_files(files, workers=workers, isolate=True):
        status = "quarantined" if result.doc_type == "unreadable" else f"read ({result.doc_type})"
        statuses[status] += 1
        reason = result.doc_type_reason if result.doc_type == "unreadable" else ""
        print(f"  {Path(result.file).name:<26} {status:<34} {reason[:110]}")
    wall = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"files tried: {len(files)}; " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
    )
    print(f"peak memory: worker {children:.0f} MB, parent {own:.0f} MB; wall time {wall:.1f} s")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--scale", type=int, default=1, help="enlarge the bombs (1 = just over the limits)"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="write the files here and keep them")
    args = ap.parse_args(argv)
    if args.keep:
        run(args.keep, args.scale, args.workers)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        run(Path(tmp), args.scale, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
