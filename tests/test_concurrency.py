"""Two writer processes on one warehouse file serialize without losing a file."""

import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.warehouse import run_query

REPO = Path(__file__).resolve().parent.parent

_WRITER = """
import sys
from pipeline.extract import extract_file
from pipeline.warehouse import load_results
outcomes = load_results([extract_file(p) for p in sys.argv[2:]], sys.argv[1])
print(",".join(o.status for o in outcomes), flush=True)
"""


def test_two_writer_processes_serialize_without_loss(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    names = [
        "wujialing_2022_seed.txt",
        "sample_wujialing_2022_final_accounts.xlsx",
        "sample_yanglidong_2022_report.txt",
        "sample_yanglidong_2022_final_accounts.xlsx",
        "sample_yanglixi_2023_final_accounts.xlsx",
    ]
    for name in names:
        shutil.copy(REPO / "raw" / name, raw / name)
    db = tmp_path / "wh.duckdb"
    halves = [names[0::2], names[1::2]]
    env = {"WAREHOUSE_LOCK_TIMEOUT": "60", "PATH": "/usr/bin:/bin"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), *(str(raw / n) for n in half)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        assert "quarantined" not in out
    loaded = run_query("SELECT file_name, status FROM source_files ORDER BY file_name", db)
    assert sorted(loaded["file_name"]) == sorted(names)
    assert set(loaded["status"]) <= {"loaded", "flagged"}


_READER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("SELECT count(*) FROM source_files").fetchall()
print("reading", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_reader_delays_a_load_briefly_and_the_load_completes(tmp_path: Path):
    import time

    from pipeline.extract import extract_file
    from pipeline.warehouse import load_results

    db = tmp_path / "wh.duckdb"
    load_results([extract_file(REPO / "raw" / "wujialing_2022_seed.txt")], db)
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(db), "1.5"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert reader.stdout.readline().strip() == "reading"
        started = time.monotonic()
        outcomes = load_results(
            [extract_file(REPO / "raw" / "sample_yanglidong_2022_report.txt")], db
        )
        waited = time.monotonic() - started
    finally:
        reader.wait(timeout=30)
    assert [o.status for o in outcomes] == ["loaded"]
    assert waited < 15  # waited for the reader, well within WAREHOUSE_LOCK_TIMEOUT
    assert run_query("SELECT count(*) AS n FROM source_files", db)["n"].iloc[0] == 2
