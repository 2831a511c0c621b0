"""The partitioned path (docs/scale.md): extraction split by a stable hash of each file's
path, each partition extracting and validating on its own (another process, another
machine) and writing its validated batch as Parquet; one writer loads the partitions.

A partition's folder holds one Parquet file per table frame, the schema failures, and
`documents.parquet` (each document's metadata and load decision), which is all the loader
reads: a batch read back loads exactly as the batch that was written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.extract import extract_files
from pipeline.validate import Decision, DocMeta, ValidatedBatch, validate_results
from pipeline.warehouse import LoadOutcome, load_validated

DOCUMENTS = "documents.parquet"
FAILURES = "schema_failures.parquet"


def partition_of(path: str | Path, n_partitions: int) -> int:
    """The partition of a file: a stable hash of its path (the same on every machine)."""
    digest = hashlib.sha1(str(path).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n_partitions


def split(
    paths: Iterable[str], n_partitions: int, root: str | Path | None = None
) -> list[list[str]]:
    """Paths by partition, each list in the given order; with root, the path below the drop
    folder is hashed, so a file keeps its partition wherever the folder is mounted."""
    out: list[list[str]] = [[] for _ in range(n_partitions)]
    for p in paths:
        key = Path(p).relative_to(root).as_posix() if root is not None else p
        out[partition_of(key, n_partitions)].append(p)
    return out


def extract_partition(
    paths: Sequence[str], out_dir: str | Path, workers: int | None = None
) -> Path:
    """Extract and validate one partition's files; write the validated batch as Parquet."""
    batch = validate_results(extract_files(paths, workers=workers))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for table, frame in batch.frames.items():
        _write(frame, out / f"{table}.parquet")
    _write(batch.failures.astype({"failure_case": "str"}), out / FAILURES)
    docs = pd.DataFrame(
        [
            {**dataclasses.asdict(m), "decision": json.dumps(dataclasses.asdict(d))}
            for m, d in zip(batch.meta, batch.decisions, strict=True)
        ]
    )
    _write(docs, out / DOCUMENTS)
    return out


def read_partition(folder: str | Path) -> ValidatedBatch:
    """A partition's validated batch, read back from its Parquet files."""
    folder = Path(folder)
    docs = _read(folder / DOCUMENTS)
    frames = {
        p.stem: _read(p)
        for p in sorted(folder.glob("*.parquet"))
        if p.name not in (DOCUMENTS, FAILURES)
    }
    meta, decisions = [], []
    for row in docs.to_dict("records"):
        d = json.loads(row.pop("decision"))
        decisions.append(
            Decision(**{**d, "failed_checks": tuple(d["failed_checks"]),
                        "passed_checks": tuple(d["passed_checks"])})
        )  # fmt: skip
        meta.append(DocMeta(**{k: (None if _missing(v) else v) for k, v in row.items()}))
    return ValidatedBatch(frames, _read(folder / FAILURES), decisions, meta)


def load_partitions(
    folders: Iterable[str | Path], db_path: str | Path | None = None
) -> list[LoadOutcome]:
    """The one writer: the partitions' batches merged oldest file first (as one run takes
    them, so of two deliveries the newer ends current whatever partition holds it), loaded
    in chunks, then the derived tables refreshed once."""
    batch = merge([read_partition(f) for f in folders])
    return load_validated(batch, db_path)


def merge(batches: Sequence[ValidatedBatch]) -> ValidatedBatch:
    """One batch of several, its documents ordered by modification time, then path."""
    meta = [m for b in batches for m in b.meta]
    decisions = [d for b in batches for d in b.decisions]
    offsets, total = [], 0
    for b in batches:
        offsets.append(total)
        total += len(b.meta)
    mtimes: dict[int, object] = {}
    for b, off in zip(batches, offsets, strict=True):
        src = b.frames.get("source_files")
        if src is not None:
            mtimes.update(
                {int(k) + off: t for k, t in zip(src["source_id"], src["mtime"], strict=True)}
            )
    order = sorted(range(total), key=lambda i: (pd.Timestamp(mtimes.get(i) or 0), meta[i].file))
    new = {old: pos for pos, old in enumerate(order)}

    def renumber(frame: pd.DataFrame, off: int) -> pd.DataFrame:
        return frame.assign(source_id=[new[int(k) + off] for k in frame["source_id"]])

    tables = sorted({t for b in batches for t in b.frames})
    frames = {
        t: pd.concat(
            [
                renumber(b.frames[t], off)
                for b, off in zip(batches, offsets, strict=True)
                if t in b.frames
            ],
            ignore_index=True,
        )
        for t in tables
    }
    failures = pd.concat(
        [renumber(b.failures, off) for b, off in zip(batches, offsets, strict=True)],
        ignore_index=True,
    )
    return ValidatedBatch(frames, failures, [decisions[i] for i in order], [meta[i] for i in order])


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _write(frame: pd.DataFrame, path: Path) -> None:
    con = duckdb.connect()
    try:
        con.register("_frame", frame)
        con.execute(f"COPY (SELECT * FROM _frame) TO '{path}' (FORMAT parquet)")
    finally:
        con.close()


def _read(path: Path) -> pd.DataFrame:
    con = duckdb.connect()
    try:
        return con.execute("SELECT * FROM read_parquet(?)", [str(path)]).df()
    finally:
        con.close()
