"""The partitioned path (issue 12, docs/scale.md): two partitions extracted in two other
processes, each writing validated Parquet, one writer loading both, gives the warehouse a
single run gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.ingest import ingest_folder
from pipeline.inventory import list_documents
from pipeline.partitions import load_partitions, partition_of, split
from pipeline.snapshot import snapshot_differences, warehouse_snapshot

REPO = Path(__file__).resolve().parent.parent
FILES = [
    "wujialing_2022_seed.txt",
    "wujialing_2022_seed.docx",  # a re-delivery of the .txt: the newer must end current
    "sample_wujialing_2022_final_accounts.xlsx",
    "sample_yanglidong_2022_report.txt",
    "sample_yanglidong_2022_final_accounts.xlsx",
    "sample_yichong_2021_report.txt",
    "sample_yichong_2021_final_accounts.xlsx",
    "notes.pdf",
]
_PARTITION = """
import sys
from pipeline.partitions import extract_partition
extract_partition(sys.argv[2:], sys.argv[1], workers=1)
"""


def test_partition_of_is_stable_and_spreads():
    paths = [f"/raw/district_{i}/report_{i}.docx" for i in range(200)]
    parts = [partition_of(p, 2) for p in paths]
    assert parts == [partition_of(p, 2) for p in paths]
    assert 60 < sum(parts) < 140


def test_two_partitions_and_one_writer_give_the_single_run_warehouse(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i, name in enumerate(FILES):
        target = raw / name
        if name == "notes.pdf":
            target.write_bytes(b"%PDF-1.4 not really")
        else:
            shutil.copy(REPO / "raw" / name, target)
        os.utime(target, (1_700_000_000 + i, 1_700_000_000 + i))
    paths = [str(p) for p in list_documents(raw)]
    parts = split(paths, 2, root=raw)
    assert all(parts), "each partition gets files"
    folders = []
    procs = []
    for i, part in enumerate(parts):
        folder = tmp_path / f"partition-{i}"
        folders.append(folder)
        procs.append(
            subprocess.Popen([sys.executable, "-c", _PARTITION, str(folder), *part], cwd=REPO)
        )
    for proc in procs:
        assert proc.wait(timeout=300) == 0
    partitioned = tmp_path / "partitioned.duckdb"
    outcomes = load_partitions(folders, partitioned)
    assert len(outcomes) == len(FILES)

    single = tmp_path / "single.duckdb"
    ingest_folder(raw, single)
    assert snapshot_differences(warehouse_snapshot(single), warehouse_snapshot(partitioned)) == []
