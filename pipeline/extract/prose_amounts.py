"""An amount stated in prose: its value in 万元, whether it is the report year's actual
figure (not a budget, a part's or another year's), and setting a figure when candidates agree."""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline import vocab
from pipeline.amounts import parse_number, to_wan, wan_float
from pipeline.extract.sections import Sections

_NOT_ACTUAL = re.compile(vocab.AMOUNT_NOT_ACTUAL)
_YEAR_IN = re.compile(r"(20\d{2})\s*年")
_QUALIFIED = re.compile(vocab.TOTAL_QUALIFIERS)
_INHERITED = re.compile(vocab.TOTAL_QUALIFIERS_INHERITED)
_DIFFERENCE = re.compile(vocab.TOTAL_DIFFERENCE_BEFORE)
#: What an elliptical clause holds before its label: nothing, or only 其中 / 另 and marks.
_BARE_CLAUSE = re.compile(r"^[\s,:、]*(?:其中|另|以及|和)?[\s,:、]*$")
_NONE = {c: re.compile(p) for c, p in vocab.CATEGORY_NONE.items()}
_SECTION_NONE = re.compile(vocab.CATEGORY_SECTION_NONE)


def amount_wan(m: re.Match[str]) -> Decimal | None:
    """The amount of an AMOUNT match in 万元; None when its leading digit may be lost."""
    start = m.start("num")
    text = m.string
    if start > 0 and text[start - 1] in ",，" and len(m.group("num").split(".")[0]) == 3:
        return None
    value = parse_number(m.group("num"))
    return None if value is None else to_wan(value, m.group("unit"))


def _previous_clause(secs: Sections, pos: int) -> str:
    """The clause before the one holding `pos`, within its sentence ('' at a sentence start)."""
    start = pos - len(secs.clause_before(pos))
    if start <= 0 or secs.text[start - 1] in vocab.SENTENCE_END:
        return ""
    return secs.clause_before(start - 1)


def actual(secs: Sections, pos: int, year: int | None) -> bool:
    """False when the clause before an amount labels it as budget or another year's."""
    before = secs.clause_before(pos)
    if _NOT_ACTUAL.search(before):
        return False
    # 年初预算2905.40万元,其中基本支出1402.15万元,项目支出…: bare clauses split the figure
    # that opened their sentence.
    if _BARE_CLAUSE.match(before) and _NOT_ACTUAL.search(secs.sentence_before(pos)):
        return False
    years = {int(y) for y in _YEAR_IN.findall(before)}
    return not (year is not None and years and year not in years) and not other_year_sentence(
        secs, pos, year
    )


def other_year_sentence(secs: Sections, pos: int, year: int | None) -> bool:
    """True when the sentence before an amount names only other years than the report's
    (2021年度,基本支出X万元,项目支出Y万元: a prior-year paragraph, every clause of it)."""
    years = {int(y) for y in _YEAR_IN.findall(secs.sentence_before(pos))}
    return year is not None and bool(years) and year not in years


def pick(result, secs, name, matches, note_ctx: str):
    """Set a figure from candidate matches when they agree; else leave it empty with a note."""
    values = [(amount_wan(m), m) for m in matches]
    values = [(v, m) for v, m in values if v is not None]
    if not values:
        return None
    distinct = sorted({v for v, _ in values})
    if len(distinct) > 1:
        note = f"{note_ctx}: 多个不同金额 conflicting amounts {[float(v) for v in distinct]}"
        result.set(name, None, "万元", note=note)
        result.add_issue(name, note)
        return None
    v, m = values[0]
    result.set(name, wan_float(v), "万元", secs.provenance(m.start(), m.end()))
    return m


def actual_total(secs, m, year) -> bool:
    """False for another year's total or a part's (三公经费年初预算数, 收入决算数 …)."""
    # The label itself counts: 项目支出决算数 is matched from 支出决算数.
    before = secs.clause_before(m.start()) + secs.text[m.start() : m.start("num")]
    if re.search(vocab.PRIOR_YEAR, before) or _QUALIFIED.search(before):
        return False
    if _DIFFERENCE.search(secs.clause_before(m.start())):
        return False
    # "三公"经费年初预算数8.50万元,决算数6.12万元: the bare clause is the 三公 figure's.
    clause = secs.clause_before(m.start())
    if _BARE_CLAUSE.match(clause) and _INHERITED.search(_previous_clause(secs, m.start())):
        return False
    years = {int(y) for y in _YEAR_IN.findall(before)}
    if year is not None and years and year not in years:
        return False
    return not other_year_sentence(secs, m.start(), year)


def none_stated(secs: Sections, cat: str) -> re.Match[str] | None:
    """Where the text says a category had none: its own section's whole body (无。), or a
    none wording anywhere (无政府性基金预算支出, 社会保险基金预算支出:无数据)."""
    if cat not in _NONE:
        return None
    for s, e in secs.spans(cat, leaf=True):
        m = _SECTION_NONE.match(secs.text, s, e)
        if m is not None and m.end() >= e - 1:
            return m
    return _NONE[cat].search(secs.text)
