"""Extraction of a git ref against the working tree, file by file (issue 12). Not a test.

usage: python scripts/compare_extraction.py [DIR …] [--ref main] [--generated DIR]
                                            [--units 150] [--no-edge] [--show 20]

Every file under the given directories (default: ../shared/corpus, raw/, tests/fixtures,
a generated province set and a few damaged or hostile .docx) is extracted twice, each in a
subprocess of its own: with the code of --ref (checked out into a temporary git worktree)
and with the working tree. Each document's whole ExtractionResult (figures with
provenance, records, checks, issues, doc type, format, hash) is serialised to canonical
JSON; the script prints how many files it compared, every difference, and each side's
extraction CPU per file by source format. Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SUFFIXES = {".txt", ".docx", ".xlsx", ".xls", ".csv", ".pdf", ".html", ".htm", ".mhtml"}

#: Run inside the tree under test (argv: tree, list of paths, output .jsonl).
_DUMPER = r"""
import dataclasses, json, sys, time
tree, listing, out = sys.argv[1:4]
sys.path.insert(0, tree)
from pipeline.extract import extract_file
paths = open(listing, encoding="utf-8").read().splitlines()
extract_file(paths[0])  # imports and first-call caches are not a file's cost
with open(out, "w", encoding="utf-8") as fh:
    for p in paths:
        t = time.process_time()
        r = extract_file(p)
        cpu = time.process_time() - t
        d = dataclasses.asdict(r)
        text = json.dumps(d, ensure_ascii=False, sort_keys=True, default=repr)
        fh.write(json.dumps({"path": p, "cpu": cpu, "fmt": r.source_format,
                             "result": text.replace(tree + "/pipeline/", "<tree>/pipeline/")}, ensure_ascii=False))
        fh.write("\n")
"""


def list_files(dirs: list[Path]) -> list[Path]:
    """Every extractable file under dirs, sorted, truth/README files left out."""
    out: list[Path] = []
    for d in dirs:
        files = [d] if d.is_file() else sorted(p for p in d.rglob("*") if p.is_file())
        out += [p.resolve() for p in files if p.suffix.lower() in SUFFIXES]
    return sorted(set(out))


def edge_docx(folder: Path) -> list[Path]:
    """Damaged and hostile .docx: what the reader refuses must stay refused, in its words."""
    sys.path.insert(0, str(REPO))
    from samples.hostile import deep_docx, entity_docx, rewrite_zip

    seed = REPO / "raw" / "wujialing_2022_seed.docx"
    if not seed.exists():
        seed = next((REPO / "raw").glob("*.docx"))
    folder.mkdir(parents=True, exist_ok=True)
    made = [entity_docx(seed, folder / "entities.docx"), deep_docx(seed, folder / "deep.docx", 300)]
    (folder / "not_a_zip.docx").write_bytes(b"not a zip at all")
    (folder / "empty.docx").write_bytes(b"")
    with zipfile.ZipFile(seed) as z:
        names = z.namelist()
        body = z.read("word/document.xml")
    drops = {
        "no_document.docx": "word/document.xml",
        "no_content_types.docx": "[Content_Types].xml",
        "no_rels.docx": "_rels/.rels",
    }
    for name, member in drops.items():
        with zipfile.ZipFile(seed) as src, zipfile.ZipFile(folder / name, "w") as dst:
            for n in names:
                if n != member:
                    dst.writestr(n, src.read(n))
    bad_xml = body[: len(body) // 2]
    rewrite_zip(seed, folder / "truncated_xml.docx", {"word/document.xml": bad_xml}, {})
    empty_body = body[: body.index(b"<w:body>")] + b"<w:body></w:body></w:document>"
    rewrite_zip(seed, folder / "no_text.docx", {"word/document.xml": empty_body}, {})
    with zipfile.ZipFile(seed) as z:
        types = z.read("[Content_Types].xml")
        rels = z.read("_rels/.rels")
    main_ct = b"wordprocessingml.document.main+xml"
    variants = {
        "macro.docx": {"[Content_Types].xml": types.replace(main_ct, b"wordprocessingml.template.main+xml")},
        "no_xml_type.docx": {"[Content_Types].xml": types.replace(b'Extension="xml"', b'Extension="x"')},
        "bad_types.docx": {"[Content_Types].xml": types[:200]},
        "bad_rels.docx": {"_rels/.rels": rels[:300]},
        "no_main_rel.docx": {"_rels/.rels": rels.replace(b"relationships/officeDocument", b"relationships/other")},
        "strict_rel.docx": {"_rels/.rels": rels.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")},
        "two_main_rels.docx": {"_rels/.rels": rels.replace(b'Id="rId2"', b'Id="rId9"').replace(b"relationships/metadata/thumbnail", b"relationships/officeDocument")},
    }  # fmt: skip
    for name, replace in variants.items():
        made.append(rewrite_zip(seed, folder / name, replace, {}))
    with zipfile.ZipFile(seed) as src, zipfile.ZipFile(folder / "no_styles.docx", "w") as dst:
        for n in names:
            if n != "word/styles.xml":
                dst.writestr(n, src.read(n))
    made.append(folder / "no_styles.docx")
    trunc = (folder / "truncated_zip.docx").open("wb")
    trunc.write(seed.read_bytes()[:3000])
    trunc.close()
    made += [folder / n for n in (*drops, "not_a_zip.docx", "empty.docx", "truncated_xml.docx")]
    return [*made, folder / "no_text.docx", folder / "truncated_zip.docx"]


def run_side(tree: Path, paths: list[Path], work: Path, label: str) -> subprocess.Popen:
    """Start extracting `paths` with the code in `tree`; results go to work/label.jsonl."""
    listing = work / f"{label}.list"
    listing.write_text("\n".join(map(str, paths)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONHASHSEED="0")
    cmd = [sys.executable, "-c", _DUMPER, str(tree), str(listing), str(work / f"{label}.jsonl")]
    return subprocess.Popen(cmd, cwd=tree, env=env)


def load(path: Path) -> dict[str, dict]:
    """path → dumped row."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {r["path"]: r for r in rows}


def diff_json(a, b, where: str = "") -> list[str]:
    """Paths at which two JSON values differ, with both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{where}/{k}: {a.get(k, '<absent>')!r} ≠ {b.get(k, '<absent>')!r}")
            else:
                out += diff_json(a[k], b[k], f"{where}/{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in diff_json(x, y, f"{where}[{i}]")
        ]
    return [] if a == b else [f"{where}: {a!r} ≠ {b!r}"]


def cpu_by_format(rows: dict[str, dict]) -> dict[str, tuple[int, float]]:
    """format → (files, ms of CPU per file)."""
    acc: dict[str, list[float]] = {}
    for r in rows.values():
        acc.setdefault(r["fmt"] or "none", []).append(r["cpu"])
    return {k: (len(v), 1000 * sum(v) / len(v)) for k, v in sorted(acc.items())}


def default_dirs(generated: Path) -> list[Path]:
    """The corpus, the drop folder, the fixtures and the generated set."""
    return [REPO.parent / "shared" / "corpus", REPO / "raw", REPO / "tests" / "fixtures", generated]


def ensure_generated(folder: Path, units: int) -> None:
    """A province-like set of .txt/.docx reports and .xlsx workbooks (made once, reused)."""
    if folder.exists() and any(folder.iterdir()):
        return
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_sample_district.py"), "--out",
         str(folder), "--units", str(units), "--years", "2022", "2023", "--workbooks",
         "--formats", "txt,docx"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def compare(ref: str, dirs: list[Path], edge: bool, show: int) -> int:
    """Extract with both sides, print the differences; the number of differing files."""
    with tempfile.TemporaryDirectory(prefix="compare_extraction_") as tmp:
        work = Path(tmp)
        paths = list_files(dirs) + (edge_docx(work / "edge") if edge else [])
        base = work / "base"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(base), ref],
            check=True,
        )
        try:
            procs = [run_side(base, paths, work, "base"), run_side(REPO, paths, work, "head")]
            if any(p.wait() for p in procs):
                print("an extraction subprocess failed", file=sys.stderr)
                return -1
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)])
        a, b = load(work / "base.jsonl"), load(work / "head.jsonl")
    differing = 0
    for p in map(str, paths):
        diffs = diff_json(json.loads(a[p]["result"]), json.loads(b[p]["result"]))
        if diffs:
            differing += 1
            print(f"DIFF {p}")
            for d in diffs[:show]:
                print(f"    {d}")
    print(f"compared {len(paths)} files ({ref} vs working tree): {differing} differ")
    ca, cb = cpu_by_format(a), cpu_by_format(b)
    print(f"{'format':<8} {'files':>6} {ref + ' ms/file':>14} {'tree ms/file':>14}")
    for fmt, (n, ms) in ca.items():
        print(f"{fmt:<8} {n:>6} {ms:>14.2f} {cb.get(fmt, (0, float('nan')))[1]:>14.2f}")
    return differing


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate the set if needed, compare."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path, help="directories or files to extract")
    ap.add_argument("--ref", default="main", help="git ref to compare against (default main)")
    ap.add_argument(
        "--generated",
        type=Path,
        default=Path(tempfile.gettempdir()) / "compare_extraction_generated",
        help="folder of the generated set (made when empty, then reused)",
    )
    ap.add_argument("--units", type=int, default=150, help="units of the generated set")
    ap.add_argument("--no-edge", action="store_true", help="leave out the damaged .docx")
    ap.add_argument("--show", type=int, default=20, help="differences shown per file")
    args = ap.parse_args(argv)
    dirs = args.dirs
    if not dirs:
        ensure_generated(args.generated, args.units)
        dirs = default_dirs(args.generated)
    return 1 if compare(args.ref, dirs, not args.no_edge, args.show) else 0


if __name__ == "__main__":
    raise SystemExit(main())
