"""pandera schemas and ExtractionResult → DataFrame conversion (pure, no warehouse)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from formats_factory import SEED_TRUTH

from pipeline.models import CheckResult, ExtractionResult, Provenance
from pipeline.schemas import FAILURE_COLUMNS, SCHEMAS, columns_of, validate_frame, validate_frames
from pipeline.tables import RECORD_KINDS, result_to_frames, results_to_frames

#: the seed's figures as a record of the resolved unit (staff and retirees changed on purpose)
SEED_FIGURES = {
    **{k: v for k, v in SEED_TRUTH.items() if k != "doc_type"},
    "unit_name": "伍家岭街道",
    "staff_in_post": 60,
    "retirees": 31,
    # resolved against the division list, as the extractor does (pipeline.extract.identity)
    "division_key": "430105006000",
    "division_code": "430105006000",
    "unit_resolution": "resolved",
}
SEED_CATEGORIES = {
    "basic": 2400.49,
    "project": 2910.23,
    "gov_fund": 16.0,
    "state_capital": 38.45,
    "social_insurance": 0.0,
    "other": 72.55,
}


def _prov(i: int = 0) -> dict:
    return {"locator": "三、支出情况", "sentence": f"句子{i}", "start": 10 * i, "end": 10 * i + 8}


def make_result(
    path: str | Path = "raw/wujialing_2022.txt",
    figures: dict | None = None,
    sha256: str = "",
    doc_type: str = "performance_report",
    n_projects: int = 8,
) -> ExtractionResult:
    """A hand-built report result shaped like the seed (DOMAIN.md §2)."""
    r = ExtractionResult(file=str(path), sha256=sha256, doc_type=doc_type, doc_type_reason="标题")
    for name, value in {**SEED_FIGURES, **(figures or {})}.items():
        r.set(name, value, "万元" if name.endswith("_wan") else None, Provenance("一、", "s", 1, 5))
    r.records["expenditure"] = [
        {
            "category": cat,
            "amount_wan": amount,
            "change_wan": 189.86 if cat == "basic" else None,
            "change_pct": 8.59 if cat == "basic" else None,
            "stated_none": cat == "social_insurance",
            "reason": "人员经费增加" if cat == "basic" else None,
            **_prov(i),
        }
        for i, (cat, amount) in enumerate(SEED_CATEGORIES.items())
    ]
    r.records["projects"] = [
        {"name": f"项目{i}", "amount_wan": 100.0 + i, "purpose": "社区治理", **_prov(i)}
        for i in range(n_projects)
    ]
    r.records["targets"] = [
        {
            "project": None,
            "indicator_class": "满意度",
            "indicator_subclass": "服务对象满意度",
            "text": "群众满意度≥90%",
            "comparator": "≥",
            "target_value": 90,
            "target_unit": "%",
            **_prov(),
        }
    ]
    r.records["achievements"] = [
        {
            "indicator": "12345热线受理工单",
            "value": 4277,
            "unit": "件",
            "section": "绩效情况",
            **_prov(),
        }
    ]
    r.records["texts"] = [{"kind": "problems", "text": "预算编制不够精准。", **_prov()}]
    r.checks = [
        CheckResult("categories_sum_to_total", True, "ok", expected=5437.72, actual=5437.72),
        CheckResult("projects_sum", True, "rounding", expected=2910.23, actual=2910.22),
    ]
    return r


def make_workbook_result(path: str | Path = "raw/sample_wujialing_2022.xlsx") -> ExtractionResult:
    """A hand-built final-accounts workbook result with account and three-public lines."""
    r = ExtractionResult(file=str(path), doc_type="final_accounts_workbook")
    r.set("unit_name", "伍家岭街道")
    r.set("division_key", "430105006000")
    r.set("unit_resolution", "resolved")
    r.set("year", 2022)
    r.set("source_amount_unit", "万元")
    r.set("expenditure_total_wan", 5437.72)
    r.set("expenditure_by_class", {"201": 3000.0, "208": 2437.72})
    lines = [
        ("201", 1, None, "一般公共服务支出", 3000.0),
        ("20103", 2, "201", "政府办公厅（室）及相关机构事务", 3000.0),
        ("2010301", 3, "20103", "行政运行", 3000.0),
        ("208", 1, None, "社会保障和就业支出", 2437.72),
    ]
    r.records["account_lines"] = [
        {
            "table_name": "支出决算表",
            "classification": "functional",
            "code": code,
            "level": level,
            "parent_code": parent,
            "name": name,
            "column_name": "本年支出合计",
            "amount_wan": amount,
            "sheet": "公开03表",
            "locator": f"公开03表!E{8 + i}",
            "sentence": name,
            "start": None,
            "end": None,
        }
        for i, (code, level, parent, name, amount) in enumerate(lines)
    ]
    r.records["three_public_lines"] = [
        {"line": "total", "name": "合计", "budget_wan": 5.0, "final_wan": 4.2, "sheet": "三公"},
        {"line": "hospitality", "name": "公务接待费", "budget_wan": 5.0, "final_wan": 4.2},
    ]
    return r


# --------------------------------------------------------------------------- conversion


def test_result_to_frames_shapes_and_keys():
    frames = result_to_frames(make_result(), source_id=7)
    assert list(frames) == list(SCHEMAS)
    for table, frame in frames.items():
        assert list(frame.columns) == columns_of(table), table
    assert len(frames["report_figures"]) == len(SEED_FIGURES)
    assert len(frames["expenditure"]) == 6 and len(frames["projects"]) == 8
    assert set(frames["projects"]["source_id"]) == {7}
    assert frames["projects"]["row_no"].tolist() == list(range(8))
    assert frames["expenditure"]["char_end"].tolist()[1] == 18  # 'end' renamed, value kept
    assert frames["account_lines"].empty and list(frames["account_lines"].columns)


def test_results_to_frames_numbers_rows_per_document():
    frames = results_to_frames([make_result(n_projects=3), make_result(n_projects=2)], [10, 20])
    projects = frames["projects"]
    assert projects["source_id"].tolist() == [10, 10, 10, 20, 20]
    assert projects["row_no"].tolist() == [0, 1, 2, 0, 1]
    assert frames["source_files"]["source_id"].tolist() == [10, 20]


def test_figure_values_are_typed():
    r = make_result(figures={"final_total_wan": Decimal("5437.72"), "note_only": None})
    r.set("expenditure_by_class", {"201": 1.5})
    figs = result_to_frames(r)["report_figures"].set_index("field")
    assert figs.loc["final_total_wan", "value_kind"] == "number"
    assert figs.loc["final_total_wan", "value_num"] == pytest.approx(5437.72)
    assert figs.loc["unit_name", "value_text"] == "伍家岭街道"
    assert figs.loc["note_only", "value_kind"] == "null"
    assert figs.loc["expenditure_by_class", "value_text"] == '{"201": 1.5}'


def test_invented_flag_from_file_name():
    frames = results_to_frames([make_result("raw/sample_x.txt"), make_result("raw/x.txt")])
    assert frames["source_files"]["is_invented"].tolist() == [True, False]


# --------------------------------------------------------------------------- validation


def test_seed_and_workbook_validate_cleanly():
    frames = results_to_frames([make_result(sha256="a" * 64), make_workbook_result()])
    frames["source_files"].loc[1, "sha256"] = "b" * 64
    valid, failures = validate_frames(frames)
    assert failures.empty, failures.to_string()
    assert list(failures.columns) == FAILURE_COLUMNS
    assert valid["account_lines"]["code"].tolist() == ["201", "20103", "2010301", "208"]
    assert str(valid["expenditure"]["amount_wan"].dtype) == "Float64"


def _frames_with(table: str, column: str, value, row: int = 0) -> dict[str, pd.DataFrame]:
    frames = results_to_frames([make_result(sha256="a" * 64), make_workbook_result()])
    frames["source_files"].loc[1, "sha256"] = "b" * 64
    frame = frames[table].astype({column: "object"})
    frame.loc[row, column] = value
    frames[table] = frame
    return frames


BAD_VALUES = [
    ("report_figures", "value_num", 3022.0, 3, "year_in_range"),  # row 3 is the year
    ("report_figures", "value_num", -1.0, 4, "counts_whole_nonnegative"),  # staff_in_post
    ("report_figures", "value_num", 60.5, 4, "counts_whole_nonnegative"),
    ("source_files", "year", 1989, 0, "greater_than_or_equal_to"),
    ("source_files", "sha256", "not-a-hash", 0, "str_matches"),
    ("source_files", "doc_type", "memo", 0, "isin"),
    ("expenditure", "category", "misc", 0, "isin"),
    ("expenditure", "category", "project", 0, "multiple_fields_uniqueness"),
    ("expenditure", "amount_wan", float("inf"), 0, "amounts_finite"),
    ("expenditure", "amount_wan", "abc", 0, "coerce_dtype"),
    ("projects", "amount_wan", -5.0, 0, "greater_than_or_equal_to"),
    ("projects", "name", "", 0, "str_length"),
    ("projects", "char_start", 50, 0, "offsets_ordered"),
    ("targets", "comparator", "≈", 0, "isin"),
    ("account_lines", "code", "20103011", 2, "str_matches"),
    ("account_lines", "code", "2010301.0", 2, "str_matches"),
    ("account_lines", "level", 2, 0, "level_matches_code"),
    ("account_lines", "parent_code", "202", 1, "parent_is_prefix"),
    ("account_lines", "code", "208", 0, "code_unique_per_column"),
    ("account_lines", "classification", "fund", 0, "isin"),
    ("three_public_lines", "final_wan", -1.0, 0, "greater_than_or_equal_to"),
    ("check_results", "severity", "fatal", 0, "isin"),
]


@pytest.mark.parametrize(("table", "column", "value", "row", "check"), BAD_VALUES)
def test_bad_value_fails_only_its_document(table, column, value, row, check):
    frames = _frames_with(table, column, value, row)
    bad_id = frames[table].loc[row, "source_id"]
    valid, failures = validate_frames(frames)
    assert not failures.empty
    assert failures["check"].astype(str).str.contains(check, regex=False).any(), (
        failures.to_string()
    )
    assert set(failures["source_id"]) == {bad_id}
    # the failing document is gone from every table, the other one is intact
    for t, frame in valid.items():
        assert bad_id not in set(frame["source_id"]), t
    assert len(valid["source_files"]) == 1


def test_unknown_column_is_a_failure():
    frames = result_to_frames(make_result(sha256="a" * 64))
    frames["projects"]["surprise"] = 1
    valid, failures = validate_frame("projects", frames["projects"])
    assert valid.empty
    assert (failures["source_id"] == 0).all()


def test_integer_code_is_accepted_as_text():
    r = make_workbook_result()
    r.records["account_lines"][0]["code"] = 201
    frames = result_to_frames(r)
    valid, failures = validate_frame("account_lines", frames["account_lines"])
    assert failures.empty
    assert valid["code"].iloc[0] == "201"


def test_every_record_kind_has_a_schema():
    assert set(RECORD_KINDS) <= set(SCHEMAS)


def test_reconciliation_statuses_match_the_reconciler():
    from pipeline.metadata.reconciliation import reconciliation_sql
    from pipeline.metadata.tables import RECONCILIATION_STATUSES

    text = reconciliation_sql()
    assert all(f"'{status}'" in text for status in RECONCILIATION_STATUSES)
