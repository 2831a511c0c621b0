"""Accuracy benchmark (not a test): score `python -m pipeline extract` on ../shared/corpus.

usage: python scripts/bench_extraction.py [--show] [--shared PATH]
Prints the scorer's precision/recall line (per-field misses with --show) and whether
every scored field of the seed report is extracted exactly (the 100 % seed check).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO / ".." / "shared"
SEED = "wujialing_2022_seed.txt"


def seed_check(truth: list[dict], reports: Path) -> list[str]:
    """Differences between the seed's truth and its extraction (empty list = 100 %)."""
    sys.path.insert(0, str(REPO))
    from pipeline.extract import extract_file

    t = next(x for x in truth if x["file"] == SEED)
    got = extract_file(reports / SEED).to_contract()
    misses: list[str] = []
    for key, want in t.items():
        if key in ("file", "skip", "notes") or key in t.get("skip", []):
            continue
        have = got.get(key)
        if key == "projects":
            want_p = {p["name"]: p["amount_wan"] for p in want}
            have_p = {p["name"]: p["amount_wan"] for p in have}
            if want_p != have_p:
                misses.append(f"projects: want {want_p} got {have_p}")
        elif isinstance(want, float | int) and not isinstance(want, bool):
            if have is None or abs(float(have) - float(want)) > 0.005:
                misses.append(f"{key}: want {want!r} got {have!r}")
        elif want != have:
            misses.append(f"{key}: want {want!r} got {have!r}")
    return misses


def main(argv: list[str] | None = None) -> int:
    """Run the scorer and the seed check; exit 1 when the seed is not 100 %."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print per-field misses")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    args = ap.parse_args(argv)
    shared = args.shared.resolve()
    corpus = shared / "corpus"
    cmd = [
        sys.executable,
        str(shared / "tools" / "score_extraction.py"),
        str(corpus / "truth.json"),
        str(corpus / "reports"),
        "--python",
        sys.executable,
    ] + (["--show"] if args.show else [])
    print("$", " ".join(cmd), flush=True)
    rc = subprocess.run(cmd, cwd=REPO).returncode
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    misses = seed_check(truth, corpus / "reports")
    if misses:
        print("seed: NOT 100% —", *misses, sep="\n  ")
        return 1
    print("seed: 100% (every scored field and project of the seed report matches)")
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
