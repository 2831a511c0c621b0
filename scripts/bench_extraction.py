"""Accuracy benchmark (not a test): score `python -m pipeline extract` on ../shared/corpus.

usage: python scripts/bench_extraction.py [--show] [--shared PATH]
       python scripts/bench_extraction.py --speed DIR [--profile N] [--formats docx,xlsx]
Prints the scorer's precision/recall line (per-field misses with --show), whether every
scored field of the seed report is extracted exactly (the 100 % seed check), and how the
units resolved against the official division list (resolved / ambiguous / not found) on
the corpus, the held-out fixture set blind4 and a generated sample district.
With --speed: extraction CPU in ms per file by source format over the files of DIR (after
one warm-up file), and with --profile N the N hottest functions (cProfile, by own time
and by cumulative time).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
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


def resolution_counts(paths: list[Path]) -> dict[str, int]:
    """How the documents' units matched the division list (no unit named: 'none')."""
    from collections import Counter

    from pipeline.extract import extract_file

    counts: Counter[str] = Counter()
    for p in paths:
        counts[extract_file(p).value("unit_resolution") or "none"] += 1
    return dict(counts)


def _print_resolution(label: str, paths: list[Path]) -> None:
    c = resolution_counts(paths)
    order = ("resolved", "ambiguous", "not_found", "none")
    parts = ", ".join(f"{k} {c.get(k, 0)}" for k in order)
    print(f"units {label} ({len(paths)} documents): {parts}")


def speed(folder: Path, formats: set[str] | None, profile: int) -> None:
    """Print extraction CPU per file by format (and the profile's top entries)."""
    import cProfile
    import io
    import pstats
    import time

    from pipeline.extract import extract_file
    from pipeline.readers.sniff import sniff

    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "truth.json")
    by_fmt: dict[str, list[Path]] = {}
    for p in files:
        try:
            fmt = sniff(p)
        except Exception:  # an unreadable file is not timed
            continue
        if formats is None or fmt in formats:
            by_fmt.setdefault(fmt, []).append(p)
    prof = cProfile.Profile() if profile else None
    for fmt, paths in sorted(by_fmt.items()):
        extract_file(paths[0])  # imports and first-call caches
        t = time.process_time()
        if prof:
            prof.enable()
        for p in paths:
            extract_file(p)
        if prof:
            prof.disable()
        ms = 1000 * (time.process_time() - t) / len(paths)
        print(f"{fmt:<6} {len(paths):>6} files {ms:>8.2f} ms CPU per file", flush=True)
    if prof:
        for key in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats(key).print_stats(profile)
            print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    """Run the scorer and the seed check; exit 1 when the seed is not 100 %."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print per-field misses")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    ap.add_argument("--speed", type=Path, help="time extraction of the files in this folder")
    ap.add_argument("--profile", type=int, default=0, help="with --speed: top N functions")
    ap.add_argument("--formats", help="with --speed: only these source formats (docx,xlsx)")
    args = ap.parse_args(argv)
    if args.speed:
        sys.path.insert(0, str(REPO))
        fmts = set(args.formats.split(",")) if args.formats else None
        speed(args.speed, fmts, args.profile)
        return 0
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
    _print_resolution("corpus", [corpus / "reports" / t["file"] for t in truth])
    blind4 = REPO / "tests" / "fixtures" / "blind4"
    _print_resolution("blind4", sorted(blind4.glob("*.txt")))
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, str(REPO / "scripts"))
        import generate_sample_district

        generate_sample_district.generate(Path(tmp), units=30, workbooks=True, twins=5)
        files = sorted(p for p in Path(tmp).iterdir() if p.name != "truth.json")
        _print_resolution("generated district (invented names)", files)
    if misses:
        print("seed: NOT 100% —", *misses, sep="\n  ")
        return 1
    print("seed: 100% (every scored field and project of the seed report matches)")
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
