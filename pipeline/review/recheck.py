"""The identities of a corrected report re-run with its effective figures (the analyst's
values where given): the same check functions as at extraction (pipeline.checks.report),
on an extraction rebuilt from the warehouse."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.checks.report import check_report
from pipeline.models import ExtractionResult, Provenance


def _rebuilt(
    sid: int, figs: pd.DataFrame, exp: pd.DataFrame, proj: pd.DataFrame, checks: pd.DataFrame
) -> ExtractionResult:
    result = ExtractionResult(file=str(sid), doc_type="performance_report")
    for r in figs.itertuples(index=False):
        value = (
            r.value_num
            if pd.notna(r.value_num)
            else (r.value_text if pd.notna(r.value_text) else None)
        )
        result.set(r.field, value, None, Provenance(r.locator or "", r.sentence or ""))
    result.records["expenditure"] = [
        {k: (None if pd.isna(v) else v) for k, v in row.items()} for row in exp.to_dict("records")
    ]
    projects = [{"amount_wan": None if pd.isna(a) else a} for a in proj["amount_wan"]]
    result.records["projects"] = projects
    # residual lines (其余项目…) are not stored: the parts' sum the extraction checked says them
    stated = checks.loc[checks["check_name"] == "projects_sum_to_project", "actual"]
    known = [p["amount_wan"] for p in projects]
    if len(stated) and pd.notna(stated.iloc[0]) and all(a is not None for a in known):
        rest = round(float(stated.iloc[0]) - sum(known), 6)
        if abs(rest) > 1e-9:
            result.records["project_residuals"] = [{"amount_wan": rest}]
    return result


def recheck(con: duckdb.DuckDBPyConnection, ids: list[int]) -> pd.DataFrame:
    """check_results rows (source 'analyst') of these reports' identities re-run now."""
    if not ids:
        return pd.DataFrame()
    p = {"ids": ids}
    figs = con.execute(
        """SELECT source_id, field, value_num, value_text, locator, sentence
           FROM report_figures_effective WHERE list_contains($ids, source_id)""",
        p,
    ).df()
    exp = con.execute(
        """SELECT source_id, category, amount_wan, change_wan, change_pct, locator, sentence
           FROM expenditure WHERE list_contains($ids, source_id) ORDER BY source_id, row_no""",
        p,
    ).df()
    proj = con.execute(
        "SELECT source_id, amount_wan FROM projects WHERE list_contains($ids, source_id)", p
    ).df()
    checks = con.execute(
        """SELECT source_id, check_name, actual FROM check_results
           WHERE source = 'extracted' AND list_contains($ids, source_id)""",
        p,
    ).df()
    rows = []
    for sid in ids:
        result = _rebuilt(
            sid,
            figs[figs["source_id"] == sid],
            exp[exp["source_id"] == sid].drop(columns=["source_id"]),
            proj[proj["source_id"] == sid],
            checks[checks["source_id"] == sid],
        )
        for k, c in enumerate(check_report(result)):
            rows.append(
                {
                    "source_id": sid,
                    "row_no": k,
                    "check_name": c.check,
                    "passed": c.passed,
                    "severity": c.severity,
                    "message": "用更正值重新校验 re-run with the corrections: " + c.message,
                    "expected": c.expected,
                    "actual": c.actual,
                    "difference": c.difference,
                    "locator": c.locator,
                    "source": "analyst",
                }
            )
    return pd.DataFrame(rows)
