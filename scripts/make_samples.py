#!/usr/bin/env python3
"""Regenerate every invented sample file in raw/, byte for byte the same on every run.

    .venv/bin/python scripts/make_samples.py [RAW_DIR]     (what `make samples` runs)

Writes, all with the invented prefix sample_:
- scripts/make_sample_workbooks.py: the seed unit's workbook and form, 样例东 (report that
  under-states project spending: reconciliation 'differ'), 样例西 (workbook only);
- scripts/generate_sample_district.py: 6 invented units × 2021–2023, plus one unit of
  another district with the first unit's name, reports (.txt and .docx) and workbooks (its truth.json is not copied: raw/ would ingest it as a document).
The real seed (wujialing_2022_seed.*) is never touched. Files whose bytes did not change
are left alone (same mtime), and sample_ files no longer produced are removed, so the
sensor sees exactly what changed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from pipeline.config import INVENTED_PREFIX  # noqa: E402

#: Fixed timestamp written into .xlsx/.docx (zip entries and document properties).
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_ISO = "2024-01-01T00:00:00Z"


def _normalize_zip(path: Path) -> None:
    """Rewrite an Office zip with fixed entry times and creation dates (openpyxl stamps 'now')."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                import re

                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rf"\g<1>{FIXED_ISO}\g<2>",
                    text,
                )
                data = text.encode("utf-8")
            out = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            out.compress_type = zipfile.ZIP_DEFLATED
            out.external_attr = 0o644 << 16
            dst.writestr(out, data)
    tmp.replace(path)


def build(out: Path) -> list[Path]:
    """Write all samples into an empty directory `out`; returns the files to publish."""
    import generate_sample_district
    import make_sample_workbooks

    make_sample_workbooks.main(out)
    district = out / "district"
    # one unit's name again in a second district: same-named units must stay apart
    generate_sample_district.generate(district, workbooks=True, twins=1)
    for p in district.glob(f"{INVENTED_PREFIX}*"):
        p.replace(out / p.name)
    shutil.rmtree(district)  # holds truth.json only now
    _one_format_per_document(out)
    files = sorted(p for p in out.iterdir() if p.name.startswith(INVENTED_PREFIX))
    for p in files:
        if p.suffix in (".xlsx", ".docx"):
            _normalize_zip(p)
    return files


def _one_format_per_document(out: Path) -> None:
    """Keep .docx or .txt of each generated document, alternating, as units really deliver one.

    Both formats of one report would be a re-delivery: half the sample would show as
    superseded. The real seed keeps both on purpose (raw/ is not touched here).
    """
    for path in sorted(out.glob(f"{INVENTED_PREFIX}*.docx")):
        twin = path.with_suffix(".txt")
        if twin.exists():
            # by the name, not the position: adding a unit does not flip the others
            (twin if zlib.crc32(path.stem.encode()) % 2 == 0 else path).unlink()


def sync(files: list[Path], raw: Path) -> dict[str, int]:
    """Copy changed files into raw/, remove sample_ files no longer produced; returns counts."""
    raw.mkdir(parents=True, exist_ok=True)
    counts = {"written": 0, "unchanged": 0, "removed": 0}
    names = {p.name for p in files}
    for p in files:
        target = raw / p.name
        if target.exists() and target.read_bytes() == p.read_bytes():
            counts["unchanged"] += 1
            continue
        shutil.copyfile(p, target)
        counts["written"] += 1
    for old in raw.glob(f"{INVENTED_PREFIX}*"):
        if old.is_file() and old.name not in names:
            old.unlink()
            counts["removed"] += 1
    return counts


def main(argv: list[str]) -> int:
    """Command-line entry point."""
    raw = Path(argv[0]) if argv else ROOT / "raw"
    with tempfile.TemporaryDirectory(prefix="samples_") as tmp:
        files = build(Path(tmp))
        counts = sync(files, raw)
    print(
        f"samples in {raw}: {len(files)} files "
        f"({counts['written']} written, {counts['unchanged']} unchanged, {counts['removed']} removed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
