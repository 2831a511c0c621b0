"""A final-accounts statement's spending by source of funds (general public budget, government
funds, state capital, other) and its basic/project split, from its prose."""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline import vocab
from pipeline.amounts import wan_float
from pipeline.config import TOLERANCE_PER_ADDEND_WAN
from pipeline.extract.prose_amounts import (
    actual,
    amount_wan,
    none_stated,
    pick,
)
from pipeline.extract.sections import Sections
from pipeline.models import ExtractionResult

#: Categories whose amount a basic/project sentence may carry as a sub-part (其中项目支出16万元).
_GPB_TOTAL = re.compile(vocab.STATEMENT_GPB_TOTAL + vocab.AMOUNT)
_GPB_PART = {
    c: re.compile(
        rf"(?:(?<![\u4e00-\u9fff])|(?<=包括)|(?<=包含))(?:其中)?:?\s*(?:{p}){vocab.LINK}{vocab.AMOUNT}"
    )
    for c, p in (("basic", "基本支出"), ("project", "项目支出"))
}
_STATEMENT_GOV_FUND = re.compile(vocab.STATEMENT_GOV_FUND + vocab.AMOUNT)
_STATEMENT_STATE_CAPITAL = re.compile(vocab.STATEMENT_STATE_CAPITAL + vocab.AMOUNT)
_STATEMENT_OTHER = re.compile(vocab.STATEMENT_OTHER + vocab.AMOUNT)
_ALL_TOTAL = re.compile(vocab.STATEMENT_ALL_TOTAL + vocab.AMOUNT)
_REVENUE_TOTAL = re.compile(vocab.STATEMENT_REVENUE_TOTAL + vocab.AMOUNT)
_REVENUE_LINES = {
    k: re.compile(rf"(?:{p})(?:为|:)?\s*{vocab.AMOUNT}")
    for k, p in vocab.STATEMENT_REVENUE_LINES.items()
}
_CARRYOVER_IN = re.compile(vocab.STATEMENT_CARRYOVER_IN)
_RUN_ON = re.compile(vocab.STATEMENT_RUN_ON)
_RUN_ON_FUND = re.compile(vocab.STATEMENT_RUN_ON_FUND + vocab.AMOUNT)


def extract_statement_categories(secs: Sections, result: ExtractionResult) -> None:
    """A final-accounts statement's figures comparable with a report's (DOMAIN §3): basic and
    project from the 一般公共预算财政拨款 paragraph when they add up to its total, the
    government-fund spending, a stated none, and 其他资金支出 when it closes the total."""
    year = result.value("year")
    text = secs.text
    tolerance = Decimal(str(TOLERANCE_PER_ADDEND_WAN * 2))
    gpb_totals, found = _statement_splits(secs, _GPB_TOTAL, year)
    if len(found) == 1:
        for cat, m in zip(("basic", "project"), next(iter(found.values())), strict=True):
            result.set(
                f"{cat}_wan", wan_float(amount_wan(m)), "万元", secs.provenance(m.start(), m.end())
            )
    elif not found:
        _all_source_split(secs, result, gpb_totals, year)
    gov = [m for m in _STATEMENT_GOV_FUND.finditer(text) if actual(secs, m.start(), year)]
    for run_on in _RUN_ON.finditer(text):  # 支出X万元,其中…政府性基金支出Z万元 in the summary
        end = secs.sentence_span(run_on.start("num"))[1]
        gov += [
            m
            for m in _RUN_ON_FUND.finditer(text, run_on.end(), end)
            if actual(secs, m.start(), year) and m.start("num") not in {g.start("num") for g in gov}
        ]
    if gov:
        pick(result, secs, "gov_fund_wan", gov, "statement gov_fund")
    capital = [m for m in _STATEMENT_STATE_CAPITAL.finditer(text) if actual(secs, m.start(), year)]
    if capital:
        pick(result, secs, "state_capital_wan", capital, "statement state_capital")
    for cat in ("gov_fund", "state_capital"):
        if f"{cat}_wan" not in result.figures:
            n = none_stated(secs, cat)
            if n is not None:
                prov = secs.provenance(n.start(), n.end())
                result.set(f"{cat}_wan", 0.0, "万元", prov, note="stated as none")
    other = [m for m in _STATEMENT_OTHER.finditer(text) if actual(secs, m.start(), year)]
    known = [result.value(f"{c}_wan") for c in ("final_total", "gov_fund", "state_capital")]
    if len(other) == 1 and len(gpb_totals) == 1 and None not in known:
        rest = Decimal(str(known[0])) - next(iter(gpb_totals)) - Decimal(str(known[1]))
        rest -= Decimal(str(known[2]))
        v = amount_wan(other[0])
        if v is not None and abs(v - rest) <= tolerance:
            m = other[0]
            result.set("other_wan", wan_float(v), "万元", secs.provenance(m.start(), m.end()))


def _statement_splits(secs: Sections, rx: re.Pattern, year) -> tuple[set, dict]:
    """The totals `rx` states and the basic/project splits that add up to one of them, each
    read from the total's paragraph."""
    text = secs.text
    tolerance = Decimal(str(TOLERANCE_PER_ADDEND_WAN * 2))
    found: dict[tuple, tuple] = {}
    totals: set[Decimal] = set()
    for m in rx.finditer(text):
        total = amount_wan(m)
        if total is None or not actual(secs, m.start(), year):
            continue
        totals.add(total)
        para_end = text.find("\n", m.end())
        para_end = len(text) if para_end < 0 else para_end
        parts = {}
        for cat, part_rx in _GPB_PART.items():
            ms = [
                x
                for x in part_rx.finditer(text, m.end(), para_end)
                if actual(secs, x.start(), year)
            ]
            vals = {amount_wan(x) for x in ms}
            if len(vals) == 1 and None not in vals:
                parts[cat] = ms[0]
        if len(parts) != 2:
            continue
        basic, project = amount_wan(parts["basic"]), amount_wan(parts["project"])
        # The split of this total, not of another figure the paragraph mentions.
        if abs(basic + project - total) <= tolerance:
            found[(basic, project)] = (parts["basic"], parts["project"])
    return totals, found


def _revenue_funds(secs: Sections, year) -> set[str] | None:
    """The funds with non-zero revenue in the year (gpb / fund / other), when the revenue lines
    after a single 本年收入合计 add up to it; None when that cannot be told."""
    text = secs.text
    tolerance = Decimal(str(TOLERANCE_PER_ADDEND_WAN * 4))
    totals = [m for m in _REVENUE_TOTAL.finditer(text) if actual(secs, m.start(), year)]
    if len({amount_wan(m) for m in totals}) != 1 or amount_wan(totals[0]) is None:
        return None
    m = totals[0]
    para_end = text.find("\n", m.end())
    para_end = len(text) if para_end < 0 else para_end
    funds, total = set(), Decimal(0)
    for kind, rx in _REVENUE_LINES.items():
        for x in rx.finditer(text, m.end(), para_end):
            v = amount_wan(x)
            if v is None:
                return None
            total += v
            if v:
                funds.add(kind)
    if abs(total - amount_wan(m)) > tolerance:
        return None
    return funds


def _all_source_split(secs: Sections, result: ExtractionResult, gpb_totals: set, year) -> None:
    """Basic and project from the all-source 本年支出合计 split when nothing but general-budget
    appropriations paid them: a stated 一般公共预算财政拨款支出 equal to that total, or
    general-budget revenue only and no carry-over."""
    totals, found = _statement_splits(secs, _ALL_TOTAL, year)
    if len(totals) != 1 or len(found) != 1:
        return
    (total,) = totals
    tolerance = Decimal(str(TOLERANCE_PER_ADDEND_WAN * 2))
    funds = _revenue_funds(secs, year)
    carried = [c for c in _CARRYOVER_IN.finditer(secs.text) if (amount_wan(c) or 0) != 0]
    gpb_only = any(abs(t - total) <= tolerance for t in gpb_totals) or (
        funds == {"gpb"} and not carried
    )
    # Not when government funds or state capital also came in: they may pay running costs
    # too (DOMAIN §3's fund table has a 基本支出 column), so the split is not the report's.
    if not gpb_only:
        return
    cats = ("basic", "project")
    for cat, m in zip(("basic", "project"), next(iter(found.values())), strict=True):
        if cat in cats:
            result.set(
                f"{cat}_wan", wan_float(amount_wan(m)), "万元", secs.provenance(m.start(), m.end())
            )
