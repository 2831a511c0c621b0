"""Self-evaluation forms (绩效自评表): funding block, goals, indicator table, total score."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pipeline import layouts as L
from pipeline.amounts import to_wan, wan_float
from pipeline.extract.cells import cell_text, is_number, parse_amount
from pipeline.extract.sheet import SheetInfo, clean_header, sheet_record
from pipeline.labels import norm_label, norm_text
from pipeline.models import ExtractionResult, Provenance
from pipeline.readers.excel import SheetGrid

_VALUE = re.compile(r"(-?\d+(?:\.\d+)?)")


def _header_key(v: Any, vocabulary: dict[str, list[str]]) -> str | None:
    h = re.sub(r"\([^)]*\)", "", clean_header(v))
    full = clean_header(v)
    for key, words in vocabulary.items():
        norms = {norm_label(w) for w in words}
        if h in norms or full in norms:
            return key
    return None


def _header_row(
    sheet: SheetGrid, vocabulary: dict[str, list[str]], start: int = 0, need: int = 3
) -> tuple[int, dict[str, int]] | None:
    for r in range(start, sheet.nrows):
        cols: dict[str, int] = {}
        for c in range(sheet.ncols):
            key = _header_key(sheet.value(r, c), vocabulary)
            if key and key not in cols:
                cols[key] = c
        if len(cols) >= need:
            return r, cols
    return None


def parse_indicator_value(text: Any) -> tuple[float | None, str | None]:
    """'≥90%' → (90.0, '%'); '完成4次' → (4.0, '次'); None when zero or several numbers."""
    if is_number(text):
        return float(text), None
    s = norm_text(text)
    nums = _VALUE.findall(s)
    if len(nums) != 1:
        return None, None
    m = re.search(r"-?\d+(?:\.\d+)?\s*(%|‰|[^\d\s,.;，。；、]{1,3})?", s)
    unit = m.group(1) if m and m.group(1) else None
    if unit and unit[0] in "以及或和且的":
        unit = None
    return float(nums[0]), unit


def _number(v: Any) -> float | None:
    if isinstance(v, str) and v.strip().endswith("%"):
        amount, _ = parse_amount(v.strip()[:-1])
        return float(amount) if amount is not None else None
    amount, how = parse_amount(v)
    return float(amount) if amount is not None and how == "ok" else None


def extract_form_sheet(
    sheet: SheetGrid, info: SheetInfo, kind: str, result: ExtractionResult
) -> None:
    """Read one self-evaluation form sheet into form_funding, form_indicators, texts, total_score."""
    result.set(
        "form_kind", kind, provenance=Provenance(locator=f"{sheet.name}!A1", sentence=info.title)
    )
    funding = result.records.setdefault("form_funding", [])
    indicators = result.records.setdefault("form_indicators", [])
    texts = result.records.setdefault("texts", [])
    ind_header = _header_row(sheet, L.FORM_INDICATOR_COLUMNS, need=4)
    fund_header = _header_row(sheet, L.FORM_FUNDING_COLUMNS, need=3)
    end_funding = ind_header[0] if ind_header else sheet.nrows
    if fund_header and fund_header[0] < end_funding:
        _read_funding(sheet, info, fund_header, end_funding, funding, result)
    else:
        result.add_issue("form_layout", f"{sheet.name}: 未找到资金情况表头 funding block not found")
    _read_goals(sheet, end_funding, texts)
    if ind_header:
        _read_indicators(sheet, ind_header, indicators, result)
    else:
        result.add_issue(
            "form_layout", f"{sheet.name}: 未找到绩效指标表头 indicator table not found"
        )


def _amount_unit(sheet: SheetGrid, info: SheetInfo, header_row: int) -> str | None:
    if info.amount_unit:
        return info.amount_unit
    for v in sheet.rows[header_row]:
        m = L.HEADER_UNIT_PATTERN.search(norm_text(cell_text(v)))
        if m:
            return m.group(1)
    return None


def _block_of(texts: list[str]) -> str | None:
    for block in ("total", "expenditure", "income"):
        labels = {norm_label(x) for x in L.FORM_FUNDING_BLOCKS[block]}
        if any(norm_label(t) in labels for t in texts):
            return block
    if any("收入性质" in t for t in texts):
        return "income"
    if any("支出性质" in t for t in texts):
        return "expenditure"
    return None


def _read_funding(
    sheet: SheetGrid,
    info: SheetInfo,
    header: tuple[int, dict[str, int]],
    end: int,
    out: list[dict],
    result: ExtractionResult,
) -> None:
    r0, cols = header
    unit = _amount_unit(sheet, info, r0)
    if unit is None:
        result.add_issue(
            "form_unit",
            f"{sheet.name}: 未注明金额单位，资金金额未读取 no amount unit stated; funding amounts not read",
        )
    first = min(cols.values())
    for r in range(r0 + 1, end):
        labels = [cell_text(sheet.filled(r, c)) for c in range(first)]
        labels = [t for t in labels if t]
        values = {k: sheet.value(r, c) for k, c in cols.items()}
        if not labels or not any(cell_text(v) for v in values.values()):
            continue
        if any(norm_label(t) in {norm_label(x) for x in L.FORM_GOAL_LABELS} for t in labels):
            break
        block = _block_of(labels)
        if block is None:
            continue
        row: dict[str, Any] = {"block": block, "line": labels[-1]}
        for key in ("budget_start_wan", "budget_full_year_wan", "executed_wan"):
            amount, _ = parse_amount(values.get(key)) if key in cols else (None, "blank")
            row[key] = (
                wan_float(to_wan(Decimal(amount), unit)) if amount is not None and unit else None
            )
        rate = _number(values.get("execution_rate_pct")) if "execution_rate_pct" in cols else None
        if rate is not None and rate <= 1.5:
            # a percent-formatted cell arrives as a fraction (0.955 for 95.5 %)
            full, done = row["budget_full_year_wan"], row["executed_wan"]
            if full and done is not None and abs(rate * 100 - done / full * 100) < 0.5:
                rate = round(rate * 100, 6)
            elif not (full and done is not None and abs(rate - done / full * 100) < 0.5):
                result.add_issue(
                    "form_rate",
                    f"{sheet.address(r, cols['execution_rate_pct'])}: 执行率 {rate} 是比例还是百分数无法确定 "
                    "execution rate ambiguous (fraction or percent); left empty",
                )
                rate = None
        row["execution_rate_pct"] = rate
        row["weight"] = _number(values.get("weight")) if "weight" in cols else None
        row["score"] = _number(values.get("score")) if "score" in cols else None
        loc_col = cols.get("executed_wan", first)
        out.append(
            sheet_record(sheet.name, sheet.address(r, loc_col), f"{labels[-1]} | 资金情况", **row)
        )
        if block == "total" and "budget_at_start_wan" not in result.figures:
            prov = Provenance(
                locator=sheet.address(r, loc_col), sentence=f"{labels[-1]} | 资金情况"
            )
            result.set("budget_at_start_wan", row["budget_start_wan"], "万元", prov)
            result.set("budget_full_year_wan", row["budget_full_year_wan"], "万元", prov)
            result.set("executed_wan", row["executed_wan"], "万元", prov)
            result.set("execution_rate_pct", row["execution_rate_pct"], "%", prov)


def _read_goals(sheet: SheetGrid, end: int, out: list[dict]) -> None:
    expected = {norm_label(x) for x in L.FORM_GOAL_EXPECTED}
    actual = {norm_label(x) for x in L.FORM_GOAL_ACTUAL}
    for r in range(min(end, sheet.nrows)):
        ce = ca = None
        for c in range(sheet.ncols):
            h = norm_label(cell_text(sheet.value(r, c)))
            if h in expected and ce is None:
                ce = c
            elif h in actual and ca is None:
                ca = c
        if ce is None or ca is None:
            continue
        for rr in range(r + 1, end):
            for kind, c in (("goal", ce), ("goal_actual", ca)):
                text = cell_text(sheet.value(rr, c))
                if text and not is_number(sheet.value(rr, c)):
                    out.append(sheet_record(None, sheet.address(rr, c), text, kind=kind, text=text))
        return


def _read_indicators(
    sheet: SheetGrid, header: tuple[int, dict[str, int]], out: list[dict], result: ExtractionResult
) -> None:
    r0, cols = header
    total_labels = {norm_label(x) for x in L.FORM_TOTAL_SCORE_LABELS}
    for r in range(r0 + 1, sheet.nrows):
        row_texts = [norm_label(cell_text(v)) for v in sheet.rows[r]]
        if any(t in total_labels for t in row_texts):
            score_col = cols.get("score")
            score = _number(sheet.value(r, score_col)) if score_col is not None else None
            if score is None:
                nums = [(c, v) for c, v in enumerate(sheet.rows[r]) if is_number(v)]
                score_col, score = (nums[-1][0], float(nums[-1][1])) if nums else (None, None)
            if score is not None and score_col is not None:
                weight_col = cols.get("weight")
                weight = _number(sheet.value(r, weight_col)) if weight_col is not None else None
                result.set(
                    "total_score",
                    score,
                    provenance=Provenance(
                        locator=sheet.address(r, score_col), sentence="总分 | 得分"
                    ),
                )
                if weight is not None:
                    result.set("total_weight", weight)
            break
        g = {
            k: sheet.filled(r, c) if k in ("level1", "level2") else sheet.value(r, c)
            for k, c in cols.items()
        }
        level3 = cell_text(g.get("level3"))
        weight = _number(g.get("weight"))
        if not level3 and weight is None:
            continue
        target_text = cell_text(g.get("target_text")) or None
        actual_text = cell_text(g.get("actual_text")) or None
        tv, tu = parse_indicator_value(g.get("target_text")) if target_text else (None, None)
        av, au = parse_indicator_value(g.get("actual_text")) if actual_text else (None, None)
        out.append(
            sheet_record(
                sheet.name,
                sheet.address(r, cols.get("score", cols.get("level3", 0))),
                f"{level3} | 得分",
                level1=cell_text(g.get("level1")) or None,
                level2=cell_text(g.get("level2")) or None,
                level3=level3 or None,
                target_text=target_text,
                actual_text=actual_text,
                target_value=tv,
                actual_value=av,
                unit=tu or au,
                weight=weight,
                score=_number(g.get("score")),
                deviation_reason=cell_text(g.get("deviation_reason")) or None,
            )
        )
    if "total_score" not in result.figures:
        result.set("total_score", None, note="总分 row not found")
        result.add_issue("form_layout", f"{sheet.name}: 未找到总分行 total-score row not found")
