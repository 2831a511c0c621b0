"""Not a report, not a record (issue 10): what creates no unit or unit-year record."""

from __future__ import annotations

from pipeline.ingest import ingest_folder
from pipeline.warehouse import run_query


def _load(tmp_path, files: dict[str, str]):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in files.items():
        (raw / name).write_text(text, encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    ingest_folder(raw, db)
    return db


def test_non_reports_are_stored_with_their_reason_but_make_no_unit(tmp_path):
    db = _load(
        tmp_path,
        {
            # a meeting notice that names a real unit
            "notice.txt": "伍家岭街道办事处关于召开2023年第一次全体会议的通知\n各社区:\n定于下周一开会。",
            # JSON renamed .txt
            "data.txt": '{"unit": "伍家岭街道", "year": 2023}',
        },
    )
    files = run_query("SELECT file_name, doc_type, status, unit_key, reason FROM source_files", db)
    assert set(files["doc_type"]) == {"unknown"}
    assert set(files["status"]) == {"flagged"}
    assert files["unit_key"].isna().all()
    assert all("unrecognised document type" in r for r in files["reason"])
    assert run_query("SELECT count(*) AS n FROM units", db)["n"].iloc[0] == 0


def test_a_report_with_no_figures_or_no_unit_and_year_is_flagged(tmp_path):
    db = _load(
        tmp_path,
        {
            "empty.txt": "伍家岭街道2022年度部门整体支出绩效自评报告\n一、部门概况\n街道负责辖区管理。",
            "nameless.txt": "部门整体支出绩效自评报告\n一、部门概况\n本单位支出合计100.00万元。",
        },
    )
    files = run_query("SELECT file_name, status, unit_key, reason FROM source_files ORDER BY 1", db)
    empty, nameless = files.to_dict("records")
    assert empty["status"] == "flagged" and "states no figures" in empty["reason"]
    assert nameless["status"] == "flagged" and not isinstance(nameless["unit_key"], str)
    assert "no recognisable unit or year" in nameless["reason"]
    assert run_query("SELECT count(*) AS n FROM unit_year_inputs", db)["n"].iloc[0] == 1
