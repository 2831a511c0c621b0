"""The unit's budget at the start of the year, its final total, the stated gap and ratio,
and amounts that may have lost their leading digit."""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.extract.prose_amounts import (
    actual_total,
    amount_wan,
    other_year_sentence,
    pick,
)
from pipeline.extract.sections import Sections
from pipeline.models import ExtractionResult

_WITH_CARRYOVER = re.compile(vocab.TOTAL_WITH_CARRYOVER)
_CARRYOVER = re.compile(vocab.CARRYOVER)
_BUDGET = [re.compile(rf"(?:{p}){vocab.LINK}{vocab.AMOUNT}") for p in vocab.BUDGET_AT_START]
_FINAL = [re.compile(rf"(?:{p}){vocab.LINK}{vocab.AMOUNT}") for p in vocab.FINAL_TOTAL]
_BUDGET_STATEMENT = [
    re.compile(rf"(?:{p}){vocab.LINK}{vocab.AMOUNT}") for p in vocab.BUDGET_STATEMENT_TOTAL
]
_FINAL_BESIDE_BUDGET = [
    re.compile(rf"(?:{p}){vocab.LINK}{vocab.AMOUNT}") for p in vocab.FINAL_TOTAL_BESIDE_BUDGET
]
_GAP = [re.compile(rf"(?:{p})\s*{vocab.AMOUNT}") for p in vocab.BUDGET_GAP]
_RATIO = re.compile(vocab.BUDGET_RATIO)
_LOST_DIGIT = re.compile(r"(?<=[,，])(?<!\d,)\d{3}(?:\.\d+)?\s*(?:万元|元|亿元)")
_RUN_ON = re.compile(vocab.STATEMENT_RUN_ON)
#: The 支出 clause of a run-on summary on its own, so its clause is judged, not the sentence's.
_RUN_ON_SPEND = re.compile(rf"(?:全年)?支出(?:合计)?(?:为)?\s*{vocab.AMOUNT}")


def scan_lost_digits(secs: Sections, result: ExtractionResult) -> None:
    """Flag amounts written right after a comma with three integer digits (',867.48万元')."""
    for m in _LOST_DIGIT.finditer(secs.text):
        result.add_issue(
            "lost_digit",
            f"金额可能缺失首位数字，未读取 amount may have lost a leading digit, not read: "
            f"'{secs.sentence(m.start())[:80]}'",
        )


def extract_totals(secs: Sections, result: ExtractionResult) -> None:
    """Budget at start of year, final total, stated gap and ratio."""
    year = result.value("year")
    text = secs.text
    budget_sentences: set[tuple[int, int]] = set()
    for name, rxs in (("budget_at_start_wan", _BUDGET), ("final_total_wan", _FINAL)):
        # Every wording at once: two wordings stating different totals leave it empty.
        ms = {m.start("num"): m for rx in rxs for m in rx.finditer(text)}
        if name == "final_total_wan":
            for rx in _FINAL_BESIDE_BUDGET:
                for m in rx.finditer(text):
                    if secs.sentence_span(m.start()) in budget_sentences:
                        ms.setdefault(m.start("num"), m)
        found = [m for _, m in sorted(ms.items()) if actual_total(secs, m, year)]
        if name == "final_total_wan":
            found = sorted(found + _run_on_totals(secs, year, ms), key=lambda m: m.start())
        if name == "budget_at_start_wan":
            picked = pick(result, secs, name, found, name) if found else None
            # The sentence of the unit's budget (one value, so not a project's among others).
            if picked is not None:
                budget_sentences = {secs.sentence_span(m.start()) for m in found}
            continue
        found = _without_carryover_totals(secs, found, result)
        if found:
            pick(result, secs, name, found, name)
    gaps = []
    for rx in _GAP:
        for m in rx.finditer(text):
            sent = secs.sentence(m.start())
            if "预算" in sent and "决算" in sent:
                gaps.append(m)
    if gaps:
        pick(result, secs, "budget_gap_wan", gaps, "stated gap")
    for m in _RATIO.finditer(text):
        sent = secs.sentence(m.start())
        if re.search(r"支出|决算", secs.clause_before(m.start()) or sent) and "收入" not in (
            secs.clause_before(m.start())
        ):
            result.set(
                "final_to_budget_pct",
                float(m.group("pct")),
                "%",
                secs.provenance(m.start(), m.end()),
                note="stated ratio of the final amount to the start-of-year budget",
            )
            break


def extract_budget_total(secs: Sections, result: ExtractionResult) -> None:
    """A budget statement's total budget, which is the unit's budget at the start of the year."""
    year = result.value("year")
    found = [
        m for rx in _BUDGET_STATEMENT for m in rx.finditer(secs.text) if actual_total(secs, m, year)
    ]
    if found:
        found.sort(key=lambda m: m.start())
        pick(result, secs, "budget_at_start_wan", found, "budget statement total")


def _run_on_totals(secs: Sections, year, seen: dict) -> list[re.Match[str]]:
    """The 支出 clause of a one-sentence summary after the unit's 收入 clause: the unit's
    total (its elliptical clause does not take the revenue line's qualifier)."""
    out = []
    for run_on in _RUN_ON.finditer(secs.text):
        m = _RUN_ON_SPEND.match(secs.text, run_on.start("label"))
        if m is None or m.start("num") in seen or other_year_sentence(secs, m.start(), year):
            continue
        out.append(m)
    return out


def _without_carryover_totals(secs: Sections, found: list, result: ExtractionResult) -> list:
    """Drop 支出总计 candidates when they may include carry-overs: a 总计 is 本年支出合计 plus
    年末结转和结余, so it is the year's expenditure only when no other total is given and
    every carry-over the text states is zero."""
    totals = [m for m in found if _WITH_CARRYOVER.search(m.group(0))]
    if not totals:
        return found
    others = [m for m in found if m not in totals]
    carried = [c for c in _CARRYOVER.finditer(secs.text) if (amount_wan(c) or 0) != 0]
    if others or carried:
        if carried and not others:
            result.add_issue(
                "final_total_wan",
                "支出总计含年末结转和结余，未作为决算支出 a 总计 that includes carry-overs is not "
                "the year's expenditure",
                "info",
            )
        return others
    return found
