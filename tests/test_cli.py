"""The `extract` command contract: one JSON line per input, never stopping on a bad file."""

import json
import shutil
from pathlib import Path

from pipeline.cli import main
from pipeline.models import REPORT_FIELDS

REPO = Path(__file__).resolve().parent.parent
CONTRACT_KEYS = {"file", "doc_type", *REPORT_FIELDS, "projects", "issues"}


def _lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_extract_prints_one_line_per_file_in_input_order(tmp_path: Path, capsys):
    seed = shutil.copy(REPO / "raw" / "wujialing_2022_seed.txt", tmp_path / "seed.txt")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    missing = tmp_path / "missing.txt"
    assert main(["extract", str(broken), str(seed), str(missing)]) == 0
    out = _lines(capsys)
    assert [o["file"] for o in out] == [str(broken), str(seed), str(missing)]
    assert all(o.keys() >= CONTRACT_KEYS for o in out)
    assert [o["doc_type"] for o in out] == ["unreadable", "performance_report", "unreadable"]
    assert out[0]["issues"] and out[2]["issues"]
    seed_line = out[1]
    assert seed_line["final_total_wan"] == 5437.72 and seed_line["year"] == 2022
    assert len(seed_line["projects"]) == 8 and seed_line["issues"] == []


def test_extract_expands_a_folder(tmp_path: Path, capsys):
    shutil.copy(REPO / "raw" / "wujialing_2022_seed.txt", tmp_path / "a.txt")
    (tmp_path / "~$lock.xlsx").write_bytes(b"lock")
    assert main(["extract", str(tmp_path)]) == 0
    assert [Path(o["file"]).name for o in _lines(capsys)] == ["a.txt"]
