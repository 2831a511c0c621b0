"""Identity checks of a performance report (DOMAIN.md §2), recorded as passes and failures.

Tolerances: amounts are written to 0.01 万元, so a sum of n stated parts may differ from
a stated total by up to n × TOLERANCE_PER_ADDEND_WAN. A stated change % is checked
against the interval of change ÷ (current − change) obtained when each stated amount
moves by half its last unit (0.005 万元), widened by half a unit of the last digit the
percentage is written with (0.005 for 8.59 %, 0.05 for 146.5 %): the amounts themselves are
rounded, so a fixed tolerance would fail small bases (16 万元 with +9.51 → 146.45 %)
while a loose one would pass wrong figures.
"""

from __future__ import annotations

from pipeline.config import TOLERANCE_PER_ADDEND_WAN
from pipeline.models import EXPENDITURE_CATEGORIES, CheckResult, ExtractionResult

HALF_UNIT_WAN = TOLERANCE_PER_ADDEND_WAN / 2


def _sum_check(
    name: str, parts: list[float], total: float, label: str, locator: str
) -> CheckResult:
    tol = TOLERANCE_PER_ADDEND_WAN * len(parts)
    actual = round(sum(parts), 6)
    ok = abs(actual - total) <= tol + 1e-9
    msg = (
        f"{label}: 合计 sum {actual:.2f} vs 声明 stated {total:.2f} 万元 "
        f"(差 diff {actual - total:+.2f}, 容差 tolerance {tol:.2f})"
    )
    return CheckResult(name, ok, msg, "error", expected=total, actual=actual, locator=locator)


def _written(number: str, text: str) -> bool:
    """`number` occurs in text not right after a digit or a point (a plain search: a
    pattern per percentage would be compiled anew each time)."""
    i = text.find(number)
    while i != -1:
        if i == 0 or not (text[i - 1].isdecimal() or text[i - 1] == "."):
            return True
        i = text.find(number, i + 1)
    return False


def _pct_decimals(pct: float, sentence: str) -> int:
    """Decimals the percentage is written with in its sentence (else those of the value)."""
    compact = sentence.replace(" ", "")
    for d in (4, 3, 2, 1, 0):
        if _written(f"{abs(pct):.{d}f}%", compact):
            return d
    s = f"{abs(pct):g}"
    return len(s.split(".")[1]) if "." in s else 0


def _pct_interval(current: float, change: float) -> tuple[float, float] | None:
    values = []
    for dc in (-HALF_UNIT_WAN, HALF_UNIT_WAN):
        for dx in (-HALF_UNIT_WAN, HALF_UNIT_WAN):
            prior = (current + dc) - (change + dx)
            if prior <= 0:
                return None
            values.append((change + dx) / prior * 100)
    return min(values), max(values)


def check_report(result: ExtractionResult) -> list[CheckResult]:
    """The §2 identities for one report; a check whose inputs are missing is skipped."""
    out: list[CheckResult] = []
    total = result.value("final_total_wan")
    cats = [result.value(f"{c}_wan") for c in EXPENDITURE_CATEGORIES]
    if total is not None and all(v is not None for v in cats):
        loc = result.figures["final_total_wan"].provenance.locator
        out.append(
            _sum_check("categories_sum_to_total", cats, total, "六类支出之和 six categories", loc)
        )
    project = result.value("project_wan")
    projects = result.records.get("projects") or []
    if project is not None and projects and all(p.get("amount_wan") is not None for p in projects):
        loc = result.figures["project_wan"].provenance.locator
        # residual lines (其余项目…) are not projects, but their amounts are in the total
        residuals = result.records.get("project_residuals") or []
        parts = [p["amount_wan"] for p in [*projects, *residuals]]
        out.append(_sum_check("projects_sum_to_project", parts, project, "项目之和 projects", loc))
    gap, budget = result.value("budget_gap_wan"), result.value("budget_at_start_wan")
    if gap is not None and budget is not None and total is not None:
        loc = result.figures["budget_gap_wan"].provenance.locator
        diff = round(total - budget, 6)
        tol = TOLERANCE_PER_ADDEND_WAN * 2
        ok = abs(abs(gap) - abs(diff)) <= tol + 1e-9
        out.append(
            CheckResult(
                "budget_gap",
                ok,
                f"决算−年初预算 final − budget = {diff:.2f} vs 声明差额 stated gap {gap:.2f} 万元",
                "error",
                expected=diff,
                actual=gap,
                locator=loc,
            )
        )
    for row in result.records.get("expenditure") or []:
        cur, chg, pct = row.get("amount_wan"), row.get("change_wan"), row.get("change_pct")
        if cur is None or chg is None or pct is None:
            continue
        interval = _pct_interval(cur, chg)
        if interval is None:
            continue  # no prior-year base (new spending): the % is a convention, not a ratio
        half = 0.5 * 10 ** -_pct_decimals(pct, row.get("sentence") or "")
        lo, hi = interval[0] - half, interval[1] + half
        prior = cur - chg
        computed = round(chg / prior * 100, 4)
        ok = lo - 1e-9 <= pct <= hi + 1e-9
        out.append(
            CheckResult(
                f"change_pct_{row['category']}",
                ok,
                f"{row['category']}: 变动 change {chg:+.2f} ÷ 上年 prior {prior:.2f} = {computed:.2f}% "
                f"vs 声明 stated {pct:.2f}% (允许 allowed {lo:.2f}…{hi:.2f})",
                "warning",
                expected=computed,
                actual=pct,
                locator=row.get("locator", ""),
            )
        )
    return out
