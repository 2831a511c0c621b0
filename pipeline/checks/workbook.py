"""Identities of final-accounts workbooks and self-evaluation forms (DOMAIN.md §3–4).

Failures are reported one by one (sheet, code, column and both numbers); a group of
identities that all hold is reported as one passing CheckResult with its count.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from pipeline import layouts as L
from pipeline.config import TOLERANCE_PER_ADDEND_WAN
from pipeline.labels import norm_label
from pipeline.models import CheckResult, ExtractionResult

_ROW = re.compile(r"!([A-Z]+)(\d+)$")


def _tol(n_addends: int) -> float:
    return TOLERANCE_PER_ADDEND_WAN * max(n_addends, 1) + 1e-9


def _r(x: float) -> float:
    return round(x, 6)


def _row_of(locator: str) -> int:
    m = _ROW.search(locator)
    return int(m.group(2)) if m else -1


def _unknown(records: Iterable[dict | None]) -> bool:
    """True when one of the cells was unreadable (amount left empty)."""
    return any(r is not None and r["amount_wan"] is None for r in records)


def _group_pass(
    check: str, failures: list[CheckResult], count: int, what: str
) -> list[CheckResult]:
    if failures:
        return failures
    if count == 0:
        return []
    return [CheckResult(check, True, f"{what}: {count} 项全部相符 all {count} hold", "info")]


def check_code_format(lines: list[dict]) -> list[CheckResult]:
    """Codes are 3/5/7 digits (economic 3/5), functional 2xx and economic 3xx/5xx."""
    failures, count = [], 0
    seen: set[tuple[str, str, str]] = set()
    for rec in lines:
        code = rec.get("code")
        if code is None or (rec["sheet"], code, rec["table_name"]) in seen:
            continue
        seen.add((rec["sheet"], code, rec["table_name"]))
        count += 1
        kind = rec.get("classification")
        lengths = (3, 5) if kind == "economic" else (3, 5, 7)
        prefixes = ("3", "5") if kind == "economic" else ("2",)
        problem = None
        if not code.isdigit() or len(code) not in lengths:
            problem = f"长度应为 {'/'.join(map(str, lengths))} 位 length must be {lengths}"
        elif not code.startswith(prefixes):
            problem = f"{kind} 科目应以 {'/'.join(prefixes)} 开头 must start with {prefixes}"
        if problem:
            failures.append(
                CheckResult(
                    "wb_code_format",
                    False,
                    f"{rec['sheet']}: 科目编码 {code} 格式错误 bad code format: {problem}",
                    locator=rec["locator"],
                )
            )
    return _group_pass("wb_code_format", failures, count, "科目编码格式 code format")


def check_hierarchy(lines: list[dict]) -> list[CheckResult]:
    """Each parent code equals the sum of its children, and 合计 the sum of the classes."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for rec in lines:
        if rec.get("classification") is not None:
            groups[(rec["table_name"], rec["sheet"])].append(rec)
    failures: list[CheckResult] = []
    count = 0
    for (_table, sheet), recs in groups.items():
        codes = {r["code"] for r in recs if r["code"]}
        by_col: dict[str, dict[str, dict]] = defaultdict(dict)
        totals: dict[str, list[dict]] = defaultdict(list)
        for r in recs:
            if r["code"]:
                by_col[r["column_name"]][r["code"]] = r
            elif norm_label(r["name"]) in L.TOTAL_ROW_LABELS:
                totals[r["column_name"]].append(r)
        # the code tree is the sheet's, the same for every column: built once
        families = _families(codes)
        classes = sorted(c for c in codes if len(c) == 3)
        for col in sorted(set(by_col) | set(totals)):
            cells = by_col.get(col, {})
            n, found = _check_families(sheet, col, cells, families)
            count, failures = count + n, failures + found
            n, found = _check_totals(sheet, col, cells, classes, totals.get(col, []))
            count, failures = count + n, failures + found
    return _group_pass("wb_hierarchy", failures, count, "上下级科目 parent = sum of children")


def _families(codes: set[str]) -> list[tuple[str, list[str]]]:
    """(class or 款 code, its direct children) for every code that has children."""
    out = []
    for parent in sorted(codes):
        if len(parent) not in (3, 5):
            continue
        children = sorted(c for c in codes if len(c) == len(parent) + 2 and c.startswith(parent))
        if children:
            out.append((parent, children))
    return out


def _check_families(
    sheet: str, col: str, cells: dict[str, dict], families: list[tuple[str, list[str]]]
) -> tuple[int, list[CheckResult]]:
    failures, count = [], 0
    for parent, children in families:
        present = [c for c in children if c in cells]
        if parent not in cells and not present:
            continue
        if _unknown([cells.get(parent), *(cells[c] for c in present)]):
            continue  # a bad cell: named in its own issue, the sum cannot be checked
        count += 1
        expected = _r(sum(cells[c]["amount_wan"] for c in present))
        actual = cells[parent]["amount_wan"] if parent in cells else 0.0
        if abs(actual - expected) > _tol(len(children)):
            loc = cells[parent]["locator"] if parent in cells else cells[present[0]]["locator"]
            failures.append(
                CheckResult(
                    "wb_hierarchy",
                    False,
                    f"{sheet}: 科目 {parent} 列 {col} = {actual}，下级合计 {expected} "
                    f"parent {parent} column {col} is {actual}, its children "
                    f"({', '.join(children)}) sum to {expected}",
                    expected=expected,
                    actual=actual,
                    locator=loc,
                )
            )
    return count, failures


def _check_totals(
    sheet: str, col: str, cells: dict[str, dict], classes: list[str], totals: list[dict]
) -> tuple[int, list[CheckResult]]:
    failures, count = [], 0
    present = [c for c in classes if c in cells]
    for total in totals:
        if _unknown([total, *(cells[c] for c in present)]):
            continue
        count += 1
        expected = _r(sum(cells[c]["amount_wan"] for c in present))
        actual = total["amount_wan"]
        if abs(actual - expected) > _tol(len(present)):
            failures.append(
                CheckResult(
                    "wb_hierarchy",
                    False,
                    f"{sheet}: 合计行 列 {col} = {actual}，各类合计 {expected} total row "
                    f"column {col} is {actual}, the classes ({', '.join(present)}) sum "
                    f"to {expected}",
                    expected=expected,
                    actual=actual,
                    locator=total["locator"],
                )
            )
    return count, failures


def check_row_identities(lines: list[dict]) -> list[CheckResult]:
    """On every row: 本年支出合计 = 基本支出 + 项目支出 (+ the other parts), per ROW_IDENTITIES."""
    rows: dict[tuple[str, str, int], dict[str, dict]] = defaultdict(dict)
    for rec in lines:
        if rec["table_name"] in L.ROW_IDENTITIES:
            rows[(rec["table_name"], rec["sheet"], _row_of(rec["locator"]))][rec["column_name"]] = (
                rec
            )
    failures, count = [], 0
    for (table, sheet, _row), cols in rows.items():
        for total_col, parts in L.ROW_IDENTITIES[table]:
            present = [p for p in parts if p in cols]
            if total_col not in cols or not present:
                continue
            if _unknown([cols[total_col], *(cols[p] for p in present)]):
                continue
            count += 1
            total = cols[total_col]
            expected = _r(sum(cols[p]["amount_wan"] for p in present))
            actual = total["amount_wan"]
            if abs(actual - expected) > _tol(len(present)):
                label = total["code"] or total["name"]
                failures.append(
                    CheckResult(
                        "wb_row_identity",
                        False,
                        f"{sheet}: {label} 行 {total_col} = {actual}，{'+'.join(present)} = "
                        f"{expected} row {label}: {total_col} is {actual}, "
                        f"{' + '.join(present)} is {expected}",
                        expected=expected,
                        actual=actual,
                        locator=total["locator"],
                    )
                )
    return _group_pass("wb_row_identity", failures, count, "行内合计 row totals")


def check_summary_balance(lines: list[dict]) -> list[CheckResult]:
    """Both summary tables balance: 收入总计 = 支出总计."""
    from pipeline.extract.sheet import summary_line

    results = []
    for table in ("income_expenditure_summary", "appropriation_summary"):
        recs = [
            r
            for r in lines
            if r["table_name"] == table and summary_line(r["name"]) == "grand_total"
        ]
        revenue = [
            r for r in recs if r["column_name"] in ("revenue", "revenue_amount", "revenue_total")
        ]
        expenditure = [
            r
            for r in recs
            if r["column_name"] in ("expenditure", "expenditure_total", "expenditure_amount")
        ]
        if not revenue or not expenditure:
            if recs or any(r["table_name"] == table for r in lines):
                results.append(
                    CheckResult(
                        "wb_summary_balance",
                        False,
                        f"{L.TABLES[table]['title']}: 未找到收入总计和支出总计 grand totals of both "
                        "sides not found; balance not checked",
                        severity="warning",
                    )
                )
            continue
        rev, exp = revenue[0], expenditure[0]
        if _unknown([rev, exp]):
            continue
        ok = abs(rev["amount_wan"] - exp["amount_wan"]) <= _tol(1)
        results.append(
            CheckResult(
                "wb_summary_balance",
                ok,
                f"{rev['sheet']}: 收入总计 {rev['amount_wan']} {'=' if ok else '≠'} 支出总计 "
                f"{exp['amount_wan']} revenue grand total vs expenditure grand total",
                severity="info" if ok else "error",
                expected=rev["amount_wan"],
                actual=exp["amount_wan"],
                locator=exp["locator"],
            )
        )
    return results


def check_three_public(lines: list[dict]) -> list[CheckResult]:
    """The 三公 total equals its lines (and vehicle total its purchase + operation), both columns."""
    by_line = {r["line"]: r for r in lines}
    results = []
    for total_line, parts in L.THREE_PUBLIC_SUMS.items():
        if total_line not in by_line:
            continue
        use = list(parts)
        if total_line == "total" and "vehicle_total" not in by_line:
            use = ["overseas_travel", "vehicle_purchase", "vehicle_operation", "reception"]
        present = [p for p in use if p in by_line]
        if not present:
            continue
        for side in ("budget_wan", "final_wan"):
            actual = by_line[total_line][side]
            if actual is None:
                continue
            expected = _r(sum(by_line[p][side] or 0.0 for p in present))
            ok = abs(actual - expected) <= _tol(len(present))
            results.append(
                CheckResult(
                    "wb_three_public_total",
                    ok,
                    f"{by_line[total_line]['sheet']}: 三公 {total_line} {side} = {actual}，"
                    f"{'+'.join(present)} = {expected}",
                    severity="info" if ok else "error",
                    expected=expected,
                    actual=actual,
                    locator=by_line[total_line]["locator"],
                )
            )
    return results


def check_form(
    funding: list[dict], indicators: list[dict], total_score: float | None
) -> list[CheckResult]:
    """Scores do not exceed weights; the total score is the sum of the scores."""
    failures, count = [], 0
    rows: Iterable[tuple[str, dict]] = [("funding", r) for r in funding] + [
        ("indicator", r) for r in indicators
    ]
    for kind, r in rows:
        if r.get("score") is None or r.get("weight") is None:
            continue
        count += 1
        if r["score"] > r["weight"] + 1e-9:
            label = r.get("level3") or r.get("line")
            failures.append(
                CheckResult(
                    "form_score_weight",
                    False,
                    f"{r['sheet']}: {kind} {label!r} 得分 {r['score']} 超过分值 {r['weight']} "
                    f"score exceeds weight",
                    expected=r["weight"],
                    actual=r["score"],
                    locator=r["locator"],
                )
            )
    results = _group_pass("form_score_weight", failures, count, "得分≤分值 score ≤ weight")
    if total_score is not None:
        fund_scores = [r["score"] for r in funding if r.get("score") is not None]
        fund_total = [
            r["score"] for r in funding if r.get("score") is not None and r["block"] == "total"
        ]
        funding_part = sum(fund_total) if fund_total else sum(fund_scores)
        expected = _r(
            funding_part + sum(r["score"] for r in indicators if r.get("score") is not None)
        )
        ok = abs(total_score - expected) <= 0.01 + 1e-9
        results.append(
            CheckResult(
                "form_total_score",
                ok,
                f"总分 {total_score} {'=' if ok else '≠'} 各项得分之和 {expected} total score vs sum of scores",
                severity="info" if ok else "error",
                expected=expected,
                actual=total_score,
            )
        )
    return results


def check_workbook(result: ExtractionResult) -> list[CheckResult]:
    """All workbook and form identities of one extraction (passes and failures)."""
    lines = result.records.get("account_lines", [])
    out: list[CheckResult] = []
    if lines:
        out += check_code_format(lines)
        out += check_hierarchy(lines)
        out += check_row_identities(lines)
        out += check_summary_balance(lines)
    if result.records.get("three_public_lines"):
        out += check_three_public(result.records["three_public_lines"])
    funding = result.records.get("form_funding", [])
    indicators = result.records.get("form_indicators", [])
    if funding or indicators:
        out += check_form(funding, indicators, result.value("total_score"))
    return out
