"""The review loop (issue 14): the queue, its workbook filled in and read back, corrections
applied, confirmed, stale, conflicting, reverted and rejected, on a real report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.config import PROJECT_ROOT
from pipeline.ingest import ingest_folder
from pipeline.review.queue import export_review, review_queue
from pipeline.warehouse import run_query

SEED = PROJECT_ROOT / "raw" / "wujialing_2022_seed.txt"
HEADER = "source_sha256,figure,locator,corrected_value,confirmed,reason,reviewer\n"


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path]:
    """The real seed report with its staff count dropped and its stated gap mistyped."""
    raw = tmp_path / "raw"
    raw.mkdir()
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("实有在职干部人数59人", "实有在职干部若干人")
    text = text.replace("相差2099万元", "相差2199万元")
    (raw / "report.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    ingest_folder(raw, db)
    return raw, db


def _queue(db: Path) -> dict[str, dict]:
    return {r["figure"]: r for r in review_queue(db).to_dict("records")}


def _csv(raw: Path, name: str, lines: list[str]) -> Path:
    folder = raw / "corrections"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _metric(db: Path, column: str):
    return run_query(f"SELECT {column} FROM unit_year_metrics", db).iloc[0, 0]


def _history(db: Path) -> list[tuple]:
    return [
        tuple(None if pd.isna(v) else v for v in r)
        for r in run_query(
            "SELECT figure, status, old_value, new_value, reviewer FROM corrections "
            "ORDER BY recorded_at, figure, status",
            db,
        ).itertuples(index=False)
    ]


def test_queue_lists_empty_and_failed_figures_with_provenance(world):
    _raw, db = world
    queue = _queue(db)
    assert queue["staff_in_post"]["issue"] == "missing" and pd.isna(queue["staff_in_post"]["value"])
    gap = queue["budget_gap_wan"]
    assert gap["issue"] == "identity" and "budget_gap" in gap["reason"]
    assert gap["value"] == "2199.0" and "2199" in gap["sentence"] and gap["locator"]
    assert len(gap["source_sha256"]) == 64
    # the corrections folder is never read as a document
    assert run_query("SELECT count(*) FROM source_files", db).iloc[0, 0] == 1


def test_workbook_round_trip_empty_to_corrected_then_removed(world):
    raw, db = world
    assert pd.isna(_metric(db, "per_staff_wan"))
    out = export_review(db, district="开福区", year=2022, out=raw.parent / "review.xlsx")
    wb = load_workbook(out)
    ws = wb.active
    header = [c.value for c in ws[4]]
    assert header[-4:] == ["corrected_value", "confirmed", "reason", "reviewer"]
    col = {k: i + 1 for i, k in enumerate(header)}
    row = next(
        r for r in range(5, ws.max_row + 1) if ws.cell(r, col["figure"]).value == "staff_in_post"
    )
    ws.cell(row, col["corrected_value"], 59)
    ws.cell(row, col["reason"], "原文第3段写明59人")
    ws.cell(row, col["reviewer"], "王分析")
    (raw / "corrections").mkdir()
    wb.save(raw / "corrections" / "review.xlsx")
    ingest_folder(raw, db)
    assert _metric(db, "per_staff_wan") == pytest.approx(5437.72 / 59)
    assert "staff_in_post" not in _queue(db)
    fig = run_query(
        "SELECT value_num, source, reviewer, review_reason, correction_file, correction_row "
        "FROM report_figures_effective WHERE field = 'staff_in_post'",
        db,
    ).iloc[0]
    assert (fig.value_num, fig.source, fig.reviewer) == (59, "analyst", "王分析")
    assert fig.correction_file.endswith("review.xlsx") and fig.correction_row == row
    assert _history(db) == [("staff_in_post", "applied", None, "59", "王分析")]
    # a second run with the same files changes nothing
    ingest_folder(raw, db)
    assert len(_history(db)) == 1
    # removing the file reverts to the extracted value (empty), the history keeps both
    (raw / "corrections" / "review.xlsx").unlink()
    ingest_folder(raw, db)
    assert "staff_in_post" in _queue(db)
    assert (
        run_query("SELECT count(*) FROM report_figures WHERE source = 'analyst'", db).iloc[0, 0]
        == 0
    )
    assert [h[1] for h in _history(db)] == ["applied", "reverted"]


def test_confirmed_flag_clears_but_failure_stays_then_correction_fixes_identity(world):
    raw, db = world
    sha = _queue(db)["budget_gap_wan"]["source_sha256"]
    loc = _queue(db)["budget_gap_wan"]["locator"]
    path = _csv(raw, "confirm.csv", [f"{sha},budget_gap_wan,{loc},,是,原文如此,李"])
    ingest_folder(raw, db)
    assert not {"budget_gap_wan", "final_total_wan", "budget_at_start_wan"} & set(_queue(db))
    check = run_query(
        "SELECT passed, confirmed_by FROM check_results WHERE check_name = 'budget_gap'", db
    )
    assert list(check.itertuples(index=False, name=None)) == [(False, "李")]
    # the analyst corrects the gap instead: the identity re-run with it holds
    path.write_text(HEADER + f"{sha},budget_gap_wan,{loc},2099,,原文笔误,李\n", encoding="utf-8")
    ingest_folder(raw, db)
    rows = run_query(
        "SELECT source, passed, confirmed_by FROM check_results WHERE check_name = 'budget_gap' "
        "ORDER BY source",
        db,
    )
    assert list(rows.itertuples(index=False, name=None)) == [
        ("analyst", True, None),
        ("extracted", False, None),
    ]
    assert "budget_gap_wan" not in _queue(db)
    assert [h[1] for h in _history(db)] == ["confirmed", "applied", "reverted"]


def test_changed_file_makes_the_correction_stale(world):
    raw, db = world
    q = _queue(db)["staff_in_post"]
    _csv(raw, "c.csv", [f"{q['source_sha256']},staff_in_post,{q['locator']},59,,补录,王"])
    ingest_folder(raw, db)
    assert _metric(db, "per_staff_wan") == pytest.approx(5437.72 / 59)
    report = raw / "report.txt"
    report.write_text(
        report.read_text(encoding="utf-8").replace("实有在职干部若干人", "实有在职干部人数58人"),
        encoding="utf-8",
    )
    ingest_folder(raw, db)
    assert _metric(db, "per_staff_wan") == pytest.approx(5437.72 / 58)
    last = run_query(
        "SELECT status, old_value, new_value, current_value, message FROM corrections WHERE is_latest",
        db,
    ).iloc[0]
    assert (last.status, last.new_value, last.current_value) == ("stale", "59", "58.0")
    assert "58" in last.message


def test_conflicting_corrections_are_both_rejected(world):
    raw, db = world
    q = _queue(db)["staff_in_post"]
    _csv(raw, "a.csv", [f"{q['source_sha256']},staff_in_post,{q['locator']},59,,a,甲"])
    _csv(raw, "b.csv", [f"{q['source_sha256']},staff_in_post,{q['locator']},60,,b,乙"])
    ingest_folder(raw, db)
    latest = run_query("SELECT status, message FROM corrections WHERE is_latest", db)
    assert list(latest["status"]) == ["rejected", "rejected"]
    assert all("conflicting" in m for m in latest["message"])
    assert (
        run_query("SELECT count(*) FROM report_figures WHERE source = 'analyst'", db).iloc[0, 0]
        == 0
    )
    assert "staff_in_post" in _queue(db)


def test_bad_rows_are_rejected_one_by_one_and_good_rows_apply(world):
    raw, db = world
    q = _queue(db)["staff_in_post"]
    sha, loc = q["source_sha256"], q["locator"]
    where = dict(run_query("SELECT field, locator FROM report_figures", db).itertuples(index=False))
    _csv(
        raw,
        "mixed.csv",
        [
            f"{sha},staff_in_post,{loc},59,,ok,王",
            f"{sha},budget_gap_wan,x,两千,,not a number,王",
            f"{sha},no_such_figure,,1,,unknown figure,王",
            f"{'0' * 64},basic_wan,,1,,no file,王",
            f"{sha},budget_at_start_wan,{where['budget_at_start_wan']},-3.5e9,,too big,王",
            f"{sha},retirees,{where['retirees']},2.5,,half a person,王",
        ],
    )
    folder = raw / "corrections"
    (folder / "wrong.csv").write_text("hash,value\nabc,1\n", encoding="utf-8")
    (folder / "list.yaml").write_text("- just text\n", encoding="utf-8")
    ingest_folder(raw, db)
    assert _metric(db, "per_staff_wan") == pytest.approx(5437.72 / 59)
    reasons = list(run_query("SELECT reason FROM quarantine ORDER BY reason", db)["reason"])
    text = "\n".join(reasons)
    assert len(reasons) == 7
    for words in ("not a number", "no such figure", "matches no file", "missing columns",
                  "not a correction row", "amount over", "schema"):  # fmt: skip
        assert words in text, words
    assert "第3行 row 3" in text  # the row of the file, header = row 1
    statuses = run_query("SELECT status, count(*) AS n FROM corrections GROUP BY ALL", db)
    assert dict(statuses.itertuples(index=False, name=None)) == {"applied": 1, "rejected": 7}
    # fixed files: their quarantine rows go
    for p in folder.iterdir():
        if p.name != "mixed.csv":
            p.unlink()
    _csv(raw, "mixed.csv", [f"{sha},staff_in_post,{loc},59,,ok,王"])
    ingest_folder(raw, db)
    assert run_query("SELECT count(*) FROM quarantine", db).iloc[0, 0] == 0
