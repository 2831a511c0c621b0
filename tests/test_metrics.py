"""Metric views (pipeline/sql/create_metrics.sql) on hand-computed fixtures in a real DuckDB."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.models import ExtractionResult, Provenance
from pipeline.warehouse import load_results, run_query

CITY, DISTRICT, SMALL = "长沙市", "开福区", "样例区"


def _result(path: Path, doc_type: str, unit: str, year: int, district: str) -> ExtractionResult:
    r = ExtractionResult(file=str(path), doc_type=doc_type)
    r.sha256 = hashlib.sha256(f"{path}/{doc_type}".encode()).hexdigest()
    r.set("unit_name", unit)
    r.set("year", year)
    r.set("district", district)
    r.set("city", CITY)
    return r


def report(
    tmp: Path,
    unit: str,
    year: int,
    *,
    district: str = DISTRICT,
    final: float | None = None,
    budget: float | None = None,
    basic: float | None = None,
    project: float | None = None,
    staff: int | None = None,
    changes: dict[str, tuple[float | None, float | None]] | None = None,
    targets: list[dict] | None = None,
) -> ExtractionResult:
    """A performance report with the given figures (None = not stated)."""
    r = _result(tmp / f"{unit}_{year}_report.txt", "performance_report", unit, year, district)
    for name, value in (
        ("final_total_wan", final),
        ("budget_at_start_wan", budget),
        ("basic_wan", basic),
        ("project_wan", project),
        ("staff_in_post", staff),
    ):
        if value is not None:
            r.set(name, value, "万元", Provenance("七、存在的问题", f"{name} {value}"))
    amounts = {"basic": basic, "project": project}
    r.records["expenditure"] = [
        {
            "category": cat,
            "amount_wan": amounts.get(cat),
            "change_wan": wan,
            "change_pct": pct,
            "stated_none": False,
            "locator": "二、一般公共预算支出情况",
        }
        for cat, (wan, pct) in (changes or {}).items()
    ]
    r.records["targets"] = targets or []
    return r


def workbook(
    tmp: Path,
    unit: str,
    year: int,
    *,
    district: str = DISTRICT,
    total: float,
    basic: float,
    project: float,
    personnel: float | None = None,
    office: float | None = None,
    three_public: tuple[float, float, float] | None = None,
    classes: dict[str, float] | None = None,
) -> ExtractionResult:
    """A final-accounts workbook: appropriation split, basic-expenditure table, 三公, classes."""
    r = _result(tmp / f"{unit}_{year}_fa.xlsx", "final_accounts_workbook", unit, year, district)
    for name, value in (
        ("expenditure_total_wan", total),
        ("gpb_basic_wan", basic),
        ("gpb_project_wan", project),
        ("gpb_total_wan", round(basic + project, 2)),
        ("gov_fund_wan", 0.0),
        ("state_capital_wan", 0.0),
        ("personnel_wan", personnel),
        ("office_wan", office),
    ):
        if value is not None:
            r.set(name, value, "万元", Provenance("支出决算表!C6", str(value)))
    if three_public:
        r.records["three_public_lines"] = [
            {"line": line, "name": line, "final_wan": v, "sheet": "三公"}
            for line, v in zip(
                ("overseas_travel", "vehicle_total", "reception"), three_public, strict=True
            )
        ]
    r.records["account_lines"] = [
        {
            "table_name": "expenditure",
            "classification": "functional",
            "code": code,
            "level": 1,
            "name": f"{code}类",
            "column_name": "total",
            "amount_wan": amount,
            "sheet": "支出决算表",
        }
        for code, amount in (classes or {}).items()
    ]
    return r


def form(tmp: Path, unit: str, year: int, rows: list[tuple[str, float, float, str]]):
    """A department self-evaluation form with indicator rows (target text, target, actual, unit)."""
    r = _result(tmp / f"{unit}_{year}_form.xlsx", "performance_form", unit, year, DISTRICT)
    r.set("form_kind", "department")
    r.records["form_indicators"] = [
        {
            "level1": "产出指标",
            "level3": f"指标{i}",
            "target_text": text,
            "target_value": target,
            "actual_value": actual,
            "unit": unit_,
        }
        for i, (text, target, actual, unit_) in enumerate(rows)
    ]
    return r


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """One warehouse for the module: the seed unit, a small district over two years."""
    tmp = tmp_path_factory.mktemp("metrics")
    path = tmp / "wh.duckdb"
    results = [
        # the seed: DOMAIN §2 figures (staff 59), its workbook (人员经费 2210.00 / 公用经费 190.49)
        report(tmp, "伍家岭街道办事处", 2022, final=5437.72, budget=3338.72, basic=2400.49,
               project=2910.23, staff=59),
        workbook(tmp, "伍家岭街道办事处", 2022, total=5437.72, basic=2400.49, project=2910.23,
                 personnel=2210.00, office=190.49, three_public=(0.0, 2.51, 1.30),
                 classes={"201": 3000.00, "208": 2437.72}),
        form(tmp, "伍家岭街道办事处", 2022, [
            ("≥4000件", 4000, 4277, "件"),
            ("≥99%", 99, 98, "%"),
            ("100%", 100, 98, "%"),
            ("100%", 100, 100, "%"),
        ]),
        # 样例东: only a workbook (figures from the workbook, no budget → no execution ratio)
        workbook(tmp, "样例东街道办事处", 2022, total=2837.86, basic=1580.36, project=1212.30,
                 personnel=1406.51, office=173.85, three_public=(0.0, 10.0, 13.7),
                 classes={"201": 2000.00, "212": 837.86}),
        # a small district: per-staff 10, 20, 30 in 2022; 丙 has no report in 2023
        report(tmp, "甲街道办事处", 2021, district=SMALL, final=90, budget=100, basic=50,
               project=40, staff=10),
        report(tmp, "甲街道办事处", 2022, district=SMALL, final=100, budget=0, basic=55,
               project=45, staff=10, changes={"basic": (5.0, 10.0), "project": (5.0, 12.5)}),
        report(tmp, "乙街道办事处", 2021, district=SMALL, final=180, budget=200, basic=100,
               project=80, staff=10),
        report(tmp, "乙街道办事处", 2022, district=SMALL, final=200, budget=250, basic=110,
               project=90, staff=10, changes={"basic": (12.0, 10.0)}),
        report(tmp, "丙街道办事处", 2022, district=SMALL, final=300, budget=300, basic=150,
               project=150, staff=10),
        report(tmp, "甲街道办事处", 2023, district=SMALL, final=110, budget=100, basic=60,
               project=50, staff=11),
        report(tmp, "乙街道办事处", 2023, district=SMALL, final=220, budget=200, basic=120,
               project=100, staff=11),
    ]  # fmt: skip
    outcomes = load_results(results, path)
    assert {o.status for o in outcomes} == {"loaded"}, [o.reason for o in outcomes]
    return path


def metrics(db: Path, unit: str, year: int) -> dict:
    frame = run_query(
        f"SELECT * FROM unit_year_metrics WHERE unit_name = '{unit}' AND year = {year}", db
    )
    assert len(frame) == 1
    return frame.iloc[0].to_dict()


def test_seed_metrics_hand_computed(db):
    m = metrics(db, "伍家岭街道办事处", 2022)
    assert round(m["execution_ratio_pct"], 2) == 162.87  # 5437.72 ÷ 3338.72
    assert round(m["budget_deviation_pct"], 2) == 62.87  # 2099 ÷ 3338.72
    assert round(m["basic_share_pct"], 2) == 44.15  # 2400.49 ÷ 5437.72
    assert round(m["project_share_pct"], 2) == 53.52  # 2910.23 ÷ 5437.72
    assert round(m["per_staff_wan"], 2) == 92.16  # 5437.72 ÷ 59
    assert round(m["personnel_share_pct"], 2) == 92.06  # 2210 ÷ (2210 + 190.49)
    assert m["three_public_wan"] == pytest.approx(3.81)
    assert (m["execution_source"], m["share_source"], m["per_staff_source"]) == (
        "report",
        "report",
        "report",
    )
    assert m["personnel_source"] == "workbook"


def test_workbook_fills_in_and_missing_inputs_give_null(db):
    m = metrics(db, "样例东街道办事处", 2022)
    assert m["final_total_wan"] == pytest.approx(2837.86)
    assert m["share_source"] == "workbook"
    assert round(m["basic_share_pct"], 2) == 55.69  # 1580.36 ÷ 2837.86
    # no report: no budget and no staff → NULL, never 0
    for col in ("execution_ratio_pct", "budget_deviation_pct", "per_staff_wan", "execution_source"):
        assert m[col] is None or m[col] != m[col], col
    # budget 0 → division by zero → NULL
    zero = metrics(db, "甲街道办事处", 2022)
    assert (
        zero["execution_ratio_pct"] != zero["execution_ratio_pct"]
        or zero["execution_ratio_pct"] is None
    )


def test_rank_and_z_score_in_small_district(db):
    frame = run_query(
        """SELECT unit_name, value, rank_desc, z_score, is_outlier, n_units, median_value
           FROM district_comparison
           WHERE district = '样例区' AND year = 2022 AND metric = 'per_staff_wan'
           ORDER BY rank_desc""",
        db,
    )
    assert list(frame["unit_name"]) == ["丙街道办事处", "乙街道办事处", "甲街道办事处"]
    assert list(frame["value"]) == [30.0, 20.0, 10.0]
    assert list(frame["rank_desc"]) == [1, 2, 3]
    # mean 20, sample stddev 10
    assert [round(z, 6) for z in frame["z_score"]] == [1.0, 0.0, -1.0]
    assert frame["median_value"].iloc[0] == 20.0
    assert frame["is_outlier"].isna().all()  # fewer than 4 units: not judged
    stats = run_query(
        """SELECT sum_value, min_value, max_value FROM district_metric_stats
           WHERE district = '样例区' AND year = 2022 AND metric = 'final_total_wan'""",
        db,
    ).iloc[0]
    assert (stats["sum_value"], stats["min_value"], stats["max_value"]) == (600.0, 100.0, 300.0)


def test_outlier_rule_iqr(tmp_path):
    db = tmp_path / "wh.duckdb"
    finals = [100, 101, 102, 103, 500]  # 500 is beyond Q3 + 1.5·IQR = 103 + 3
    load_results(
        [
            report(
                tmp_path, f"单位{i}街道办事处", 2022, final=f, basic=f / 2, project=f / 2, staff=1
            )
            for i, f in enumerate(finals)
        ],
        db,
    )
    frame = run_query(
        """SELECT value, is_outlier FROM district_comparison
           WHERE metric = 'final_total_wan' ORDER BY value""",
        db,
    )
    assert list(frame["is_outlier"]) == [False, False, False, False, True]


def test_stated_vs_computed_change_flag(db):
    frame = run_query(
        """SELECT unit_name, category, computed_change_wan, stated_change_wan, comparison,
                  change_disagrees
           FROM unit_year_changes
           WHERE district = '样例区' AND year = 2022 AND category IN ('basic', 'project')
           ORDER BY unit_name, category""",
        db,
    )
    rows = {(r.unit_name, r.category): r for r in frame.itertuples()}
    # 甲 basic 50 → 55: +5, +10 % as stated
    assert rows[("甲街道办事处", "basic")].comparison == "agree"
    assert rows[("甲街道办事处", "project")].comparison == "agree"  # 40 → 45: +12.5 %
    # 乙 basic 100 → 110: the report states +12 (10 %): the amount disagrees
    r = rows[("乙街道办事处", "basic")]
    assert (r.computed_change_wan, r.stated_change_wan) == (10.0, 12.0)
    assert r.comparison == "differ" and r.change_disagrees
    assert rows[("乙街道办事处", "project")].comparison == "not_stated"
    # 丙 has no 2021: nothing to compute from
    first = run_query(
        "SELECT DISTINCT comparison FROM unit_year_changes WHERE unit_name = '丙街道办事处'", db
    )
    assert list(first["comparison"]) == ["no_prior_year"]
    assert metrics(db, "乙街道办事处", 2022)["n_change_disagreements"] == 1


def test_district_totals_equal_sum_of_units(db):
    totals = run_query(
        """SELECT district, year, category, total_wan, n_units_with_amount
           FROM district_totals_by_category WHERE category IN ('total', 'basic')""",
        db,
    )
    units = run_query(
        """SELECT district, year, sum(final_total_wan) AS total, sum(basic_wan) AS basic,
                  count(*) AS n
           FROM unit_year_metrics GROUP BY ALL""",
        db,
    )
    for u in units.itertuples():
        t = totals[(totals["district"] == u.district) & (totals["year"] == u.year)]
        assert t.loc[t["category"] == "total", "total_wan"].item() == pytest.approx(u.total)
        assert t.loc[t["category"] == "basic", "total_wan"].item() == pytest.approx(u.basic)
        assert t.loc[t["category"] == "total", "n_units_with_amount"].item() == u.n
    by_class = run_query(
        """SELECT class_code, total_wan, n_units FROM district_totals_by_function
           WHERE district = '开福区' AND year = 2022 ORDER BY class_code""",
        db,
    )
    assert by_class.to_dict("list") == {
        "class_code": ["201", "208", "212"],
        "total_wan": [5000.0, 2437.72, 837.86],
        "n_units": [2, 1, 1],
    }
    assert by_class["total_wan"].sum() == pytest.approx(5437.72 + 2837.86)


def test_units_that_did_not_report_are_listed(db):
    frame = run_query(
        """SELECT year, n_units_known, n_units_reported, units_not_reported
           FROM district_reporting WHERE district = '样例区' ORDER BY year""",
        db,
    )
    assert frame.to_dict("list") == {
        "year": [2021, 2022, 2023],
        "n_units_known": [3, 3, 3],
        "n_units_reported": [2, 3, 2],
        "units_not_reported": ["丙街道办事处", "", "丙街道办事处"],
    }
    kaifu = run_query(
        "SELECT units_not_reported FROM district_reporting WHERE district = '开福区'", db
    )
    assert kaifu["units_not_reported"].item() == "样例东街道办事处"  # workbook only


def test_completeness(db):
    frame = run_query(
        """SELECT unit_name, year, n_expected, n_present, completeness_pct, missing_documents,
                  missing_fields
           FROM unit_year_completeness
           WHERE (unit_name = '伍家岭街道办事处' AND year = 2022)
              OR (unit_name = '丙街道办事处' AND year = 2021)
           ORDER BY unit_name""",
        db,
    )
    expected = run_query("SELECT count(*) AS n FROM expected_fields", db)["n"].item() + 2
    seed, absent = frame.iloc[1], frame.iloc[0]
    assert seed["unit_name"] == "伍家岭街道办事处"
    assert seed["n_expected"] == expected
    assert seed["missing_documents"] == ""
    assert "report.retirees" in seed["missing_fields"]
    assert "workbook.revenue_total_wan" in seed["missing_fields"]
    assert seed["completeness_pct"] == pytest.approx(100 * seed["n_present"] / expected)
    # 丙 is known in 样例区 but delivered nothing for 2021
    assert absent["completeness_pct"] == 0
    assert absent["missing_documents"] == "final_accounts_workbook, performance_report"


def test_indicator_achievement(db):
    frame = run_query(
        """SELECT target_text, comparator, status, not_comparable_reason
           FROM indicator_achievement WHERE source = 'form' ORDER BY row_no""",
        db,
    )
    assert list(frame["comparator"].fillna("")) == ["≥", "≥", "", ""]
    assert list(frame["status"]) == ["met", "not_met", "not_comparable", "met"]
    assert "comparator" in frame["not_comparable_reason"].iloc[2]
    m = metrics(db, "伍家岭街道办事处", 2022)
    assert (m["n_indicators_met"], m["n_indicators_not_met"]) == (2, 1)
    assert m["indicators_met_pct"] == pytest.approx(200 / 3)


def test_a_real_report_beside_an_invented_workbook_is_marked_invented(tmp_path):
    """Invented figures must never pass for real ones, even mixed into a real unit-year."""
    from test_schemas import make_result, make_workbook_result

    from pipeline.warehouse import load_results, run_query

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "real_report.txt").write_text("r", encoding="utf-8")
    (raw / "sample_tables.xlsx").write_text("w", encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    load_results(
        [make_result(raw / "real_report.txt"), make_workbook_result(raw / "sample_tables.xlsx")], db
    )
    metrics = run_query("SELECT is_invented, workbook_file FROM unit_year_metrics", db)
    assert metrics.values.tolist() == [[True, "sample_tables.xlsx"]]
    ranked = run_query("SELECT DISTINCT is_invented FROM district_comparison", db)
    assert ranked["is_invented"].tolist() == [True]
    unit = run_query("SELECT is_invented, has_invented_documents FROM units", db)
    assert unit.values.tolist() == [[False, True]]
