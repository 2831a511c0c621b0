"""Report identity checks: pass on the seed figures, fail on planted mismatches, skip when
inputs are missing."""

from __future__ import annotations

import pytest

from pipeline.checks.report import check_report
from pipeline.models import ExtractionResult, Provenance

SEED_CATS = {
    "basic": (2400.49, 189.86, 8.59),
    "project": (2910.23, -228.24, -7.27),
    "gov_fund": (16.0, 9.51, 146.45),
    "state_capital": (38.45, 38.45, 100.0),
    "social_insurance": (0.0, None, None),
    "other": (72.55, -76.31, -51.26),
}
SEED_PROJECTS = [201.35, 465.40, 1452.90, 30.10, 299.68, 239.25, 80.44, 141.10]


def seed_result(**overrides) -> ExtractionResult:
    r = ExtractionResult(file="seed.txt", doc_type="performance_report")
    figures = {"final_total_wan": 5437.72, "budget_at_start_wan": 3338.72, "budget_gap_wan": 2099.0}
    rows = []
    for cat, (amount, chg, pct) in SEED_CATS.items():
        figures[f"{cat}_wan"] = amount
        rows.append(
            {
                "category": cat,
                "amount_wan": amount,
                "change_wan": chg,
                "change_pct": pct,
                "sentence": f"增长{abs(pct):g}%" if pct is not None else "",
                "locator": cat,
            }
        )
    figures.update(overrides)
    for name, value in figures.items():
        if value is not None:
            r.set(name, value, "万元", Provenance(locator=name))
    for row in rows:
        if f"{row['category']}_wan" in overrides:
            row["amount_wan"] = overrides[f"{row['category']}_wan"]
    r.records["expenditure"] = rows
    r.records["projects"] = [
        {"name": f"p{i}", "amount_wan": a} for i, a in enumerate(SEED_PROJECTS)
    ]
    return r


def by_name(results):
    return {c.check: c for c in results}


def test_seed_identities_all_pass():
    checks = by_name(check_report(seed_result()))
    assert set(checks) == {
        "categories_sum_to_total",
        "projects_sum_to_project",
        "budget_gap",
        "change_pct_basic",
        "change_pct_project",
        "change_pct_gov_fund",
        "change_pct_other",
    }
    assert all(c.passed for c in checks.values()), [c.message for c in checks.values()]
    # the rounding difference of the seed's projects is kept visible
    assert checks["projects_sum_to_project"].difference == pytest.approx(-0.01)


@pytest.mark.parametrize(
    ("overrides", "failing"),
    [
        ({"final_total_wan": 5438.72}, "categories_sum_to_total"),
        ({"other_wan": 72.65}, "categories_sum_to_total"),
        ({"project_wan": 2911.23}, "projects_sum_to_project"),
        ({"budget_gap_wan": 2100.0}, "budget_gap"),
    ],
)
def test_planted_mismatch_fails(overrides, failing):
    checks = by_name(check_report(seed_result(**overrides)))
    assert checks[failing].passed is False
    assert checks[failing].expected is not None and checks[failing].actual is not None


def test_planted_wrong_percentage_fails():
    r = seed_result()
    r.records["expenditure"][0]["change_pct"] = 8.69
    assert by_name(check_report(r))["change_pct_basic"].passed is False


def test_rounded_small_base_percentage_passes():
    # 16 万元 with +9.51: the exact ratio is 146.53 %, the stated 146.45 % is within rounding
    assert by_name(check_report(seed_result()))["change_pct_gov_fund"].passed


@pytest.mark.parametrize("missing", ["final_total_wan", "social_insurance_wan", "project_wan"])
def test_missing_inputs_skip(missing):
    checks = by_name(check_report(seed_result(**{missing: None})))
    if missing == "project_wan":
        assert "projects_sum_to_project" not in checks
    else:
        assert "categories_sum_to_total" not in checks


def test_no_prior_base_skips_percentage():
    # 国有资本经营 38.45 with +38.45: no prior-year base, 100% is a convention
    assert "change_pct_state_capital" not in by_name(check_report(seed_result()))


def test_failed_check_appears_in_contract_issues():
    r = seed_result(final_total_wan=5500.0)
    r.checks = check_report(r)
    issues = r.to_contract()["issues"]
    assert any(i["check"] == "categories_sum_to_total" for i in issues)
