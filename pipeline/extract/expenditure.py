"""Budget, final total, the six expenditure categories with their changes, and projects."""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline import vocab
from pipeline.amounts import parse_number, to_wan, wan_float
from pipeline.config import TOLERANCE_PER_ADDEND_WAN
from pipeline.extract.sections import Sections, prov_keys
from pipeline.models import EXPENDITURE_CATEGORIES, ExtractionResult

_AMOUNT = re.compile(vocab.AMOUNT)
_NOT_ACTUAL = re.compile(vocab.AMOUNT_NOT_ACTUAL)
_YEAR_IN = re.compile(r"(20\d{2})\s*年")
_QUALIFIED = re.compile(vocab.TOTAL_QUALIFIERS)
_INHERITED = re.compile(vocab.TOTAL_QUALIFIERS_INHERITED)
_DIFFERENCE = re.compile(vocab.TOTAL_DIFFERENCE_BEFORE)
_WITH_CARRYOVER = re.compile(vocab.TOTAL_WITH_CARRYOVER)
_CARRYOVER = re.compile(vocab.CARRYOVER)
_LEAD_IN = re.compile(vocab.PROJECT_LEAD_IN)
_LIST_LEAD = re.compile(vocab.PROJECT_LIST_LEAD)
_LIST_OPENER = re.compile(vocab.PROJECT_LIST_OPENER)
_LIST_INTRO_END = re.compile(vocab.PROJECT_LIST_INTRO_END)
_ITEM_LINE = re.compile(vocab.PROJECT_ITEM_LINE)
_LIST_TAIL = re.compile(vocab.LIST_TAIL)
#: What an elliptical clause holds before its label: nothing, or only 其中 / 另 and marks.
_BARE_CLAUSE = re.compile(r"^[\s,:、]*(?:其中|另|以及|和)?[\s,:、]*$")
_LABEL_AMOUNT = {
    c: re.compile(rf"(?:{p}){vocab.LINK}{vocab.AMOUNT}") for c, p in vocab.CATEGORY_LABELS.items()
}
_LABEL_ONLY = {c: re.compile(p) for c, p in vocab.CATEGORY_LABELS.items()}
_NONE = {c: re.compile(p) for c, p in vocab.CATEGORY_NONE.items()}
_SECTION_NONE = re.compile(vocab.CATEGORY_SECTION_NONE)
_CHANGE_AMOUNT = re.compile(vocab.CHANGE_AMOUNT)
_CHANGE_PCT = re.compile(vocab.CHANGE_PCT)
_REASON = re.compile(vocab.REASON)
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
_PROJECT_LINE = [re.compile(p) for p in vocab.PROJECT_LINE]
_PROJECT_STOP = re.compile(vocab.PROJECT_NAME_STOP)
_RESIDUAL = re.compile(vocab.PROJECT_RESIDUAL)
_RESIDUAL_LINE = re.compile(vocab.PROJECT_RESIDUAL_LINE)
_PROJECT_COUNT = re.compile(vocab.PROJECT_COUNT)
_ENUM_PREFIX = re.compile(vocab.ENUM_PREFIX)
_LIST_INTRO = re.compile(vocab.PROJECT_LIST_INTRO)
_LIST_ITEM = re.compile(vocab.PROJECT_LIST_ITEM)
_LINE_NUMBERING = re.compile(vocab.LINE_NUMBERING)
_LOST_DIGIT = re.compile(r"(?<=[,，])(?<!\d,)\d{3}(?:\.\d+)?\s*(?:万元|元|亿元)")
_DECREASE = ("减少", "下降", "降低", "降幅")
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
#: The 支出 clause of a run-on summary on its own, so its clause is judged, not the sentence's.
_RUN_ON_SPEND = re.compile(rf"(?:全年)?支出(?:合计)?(?:为)?\s*{vocab.AMOUNT}")
_RUN_ON_FUND = re.compile(vocab.STATEMENT_RUN_ON_FUND + vocab.AMOUNT)
_FUND_LABELS = re.compile(r"政府性基金|国有资本经营|社会保险基金")


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


def _actual(secs: Sections, pos: int, year: int | None) -> bool:
    """False when the clause before an amount labels it as budget or another year's."""
    before = secs.clause_before(pos)
    if _NOT_ACTUAL.search(before):
        return False
    # 年初预算2905.40万元,其中基本支出1402.15万元,项目支出…: bare clauses split the figure
    # that opened their sentence.
    if _BARE_CLAUSE.match(before) and _NOT_ACTUAL.search(secs.sentence_before(pos)):
        return False
    years = {int(y) for y in _YEAR_IN.findall(before)}
    return not (year is not None and years and year not in years) and not _other_year_sentence(
        secs, pos, year
    )


def _other_year_sentence(secs: Sections, pos: int, year: int | None) -> bool:
    """True when the sentence before an amount names only other years than the report's
    (2021年度,基本支出X万元,项目支出Y万元: a prior-year paragraph, every clause of it)."""
    years = {int(y) for y in _YEAR_IN.findall(secs.sentence_before(pos))}
    return year is not None and bool(years) and year not in years


def _pick(result, secs, name, matches, note_ctx: str):
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
        found = [m for _, m in sorted(ms.items()) if _actual_total(secs, m, year)]
        if name == "final_total_wan":
            found = sorted(found + _run_on_totals(secs, year, ms), key=lambda m: m.start())
        if name == "budget_at_start_wan":
            picked = _pick(result, secs, name, found, name) if found else None
            # The sentence of the unit's budget (one value, so not a project's among others).
            if picked is not None:
                budget_sentences = {secs.sentence_span(m.start()) for m in found}
            continue
        found = _without_carryover_totals(secs, found, result)
        if found:
            _pick(result, secs, name, found, name)
    gaps = []
    for rx in _GAP:
        for m in rx.finditer(text):
            sent = secs.sentence(m.start())
            if "预算" in sent and "决算" in sent:
                gaps.append(m)
    if gaps:
        _pick(result, secs, "budget_gap_wan", gaps, "stated gap")
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
        m
        for rx in _BUDGET_STATEMENT
        for m in rx.finditer(secs.text)
        if _actual_total(secs, m, year)
    ]
    if found:
        found.sort(key=lambda m: m.start())
        _pick(result, secs, "budget_at_start_wan", found, "budget statement total")


def _run_on_totals(secs: Sections, year, seen: dict) -> list[re.Match[str]]:
    """The 支出 clause of a one-sentence summary after the unit's 收入 clause: the unit's
    total (its elliptical clause does not take the revenue line's qualifier)."""
    out = []
    for run_on in _RUN_ON.finditer(secs.text):
        m = _RUN_ON_SPEND.match(secs.text, run_on.start("label"))
        if m is None or m.start("num") in seen or _other_year_sentence(secs, m.start(), year):
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


def _actual_total(secs, m, year) -> bool:
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
    return not _other_year_sentence(secs, m.start(), year)


def _change(secs: Sections, start: int, end: int) -> tuple[dict, int]:
    """Stated change after an amount, within its sentence: amount, %, reason."""
    s_end = secs.sentence_span(start)[1]
    # The change of this category: stop at the next category amount in the sentence.
    seg_end = s_end
    for rx in _LABEL_AMOUNT.values():
        for nxt in rx.finditer(secs.text, end, s_end):
            if not secs.text[max(0, nxt.start() - 3) : nxt.start()].endswith(("其中", "其中:")):
                seg_end = min(seg_end, nxt.start())
                break
    out: dict = {"change_wan": None, "change_pct": None, "reason": None}
    m = _CHANGE_AMOUNT.search(secs.text, end, seg_end)
    if m is not None:
        v = amount_wan(m)
        if v is not None:
            out["change_wan"] = wan_float(-v if m.group("dir") in _DECREASE else v)
    p = _CHANGE_PCT.search(secs.text, end, seg_end)
    if p is not None:
        pct = float(p.group("pct"))
        out["change_pct"] = -pct if p.group("dir") in _DECREASE else pct
    # The reason often follows in the next sentence of the same paragraph.
    para_end = secs.text.find("\n", end)
    para_end = len(secs.text) if para_end < 0 else para_end
    r = _REASON.search(secs.text, end, para_end)
    if r is not None:
        out["reason"] = r.group("reason").strip()
    return out, seg_end


def extract_categories(secs: Sections, result: ExtractionResult) -> None:
    """The six expenditure categories: section first, then a unique whole-text match."""
    year = result.value("year")
    text = secs.text
    rows: list[dict] = []
    for cat in EXPENDITURE_CATEGORIES:
        name = f"{cat}_wan"
        m = None
        for s, e in secs.spans(cat, leaf=True):
            cand = [
                x for x in _LABEL_AMOUNT[cat].finditer(text, s, e) if _actual(secs, x.start(), year)
            ]
            cand = [x for x in cand if amount_wan(x) is not None]
            if cand:
                m = cand[0]
                break
        if m is not None:
            v = amount_wan(m)
            result.set(name, wan_float(v), "万元", secs.provenance(m.start(), m.end()))
        else:
            cand = [
                x
                for x in _LABEL_AMOUNT[cat].finditer(text)
                if _actual(secs, x.start(), year) and not _sub_part(secs, cat, x)
            ]
            m = _pick(result, secs, name, cand, f"{cat} whole text") if cand else None
        stated_none = False
        if m is None and result.value(name) is None and name not in result.figures:
            n = _stated_none(secs, cat)
            if n is not None:
                result.set(
                    name, 0.0, "万元", secs.provenance(n.start(), n.end()), note="stated as none"
                )
                stated_none = True
        if m is None and not stated_none:
            continue
        row = {
            "category": cat,
            "amount_wan": result.value(name),
            "change_wan": None,
            "change_pct": None,
            "stated_none": stated_none,
            "reason": None,
        }
        if m is not None:
            change, _ = _change(secs, m.start(), m.end())
            row.update(change)
            for key in ("change_wan", "change_pct"):
                if change[key] is not None:
                    result.set(f"{cat}_{key}", change[key], "万元" if key == "change_wan" else "%")
        prov = result.figures[name].provenance
        row.update(prov_keys(prov))
        rows.append(row)
    result.records["expenditure"] = rows


def _stated_none(secs: Sections, cat: str) -> re.Match[str] | None:
    """Where the text says a category had none: its own section's whole body (无。), or a
    none wording anywhere (无政府性基金预算支出, 社会保险基金预算支出:无数据)."""
    if cat not in _NONE:
        return None
    for s, e in secs.spans(cat, leaf=True):
        m = _SECTION_NONE.match(secs.text, s, e)
        if m is not None and m.end() >= e - 1:
            return m
    return _NONE[cat].search(secs.text)


def _sub_part(secs: Sections, cat: str, m: re.Match[str]) -> bool:
    """A basic/project amount that is a sub-part of a fund amount earlier in its sentence."""
    return cat in ("basic", "project") and bool(
        _FUND_LABELS.search(secs.sentence_before(m.start()))
    )


def extract_projects(secs: Sections, result: ExtractionResult) -> None:
    """Each project's name, amount and purpose, from the project-expenditure section."""
    text = secs.text
    spans = secs.spans("project", leaf=True)
    para_end = None  # set when the projects are read around the project-total sentence
    if not spans:
        fig = result.figures.get("project_wan")
        if fig is None or fig.provenance.start is None:
            return
        # No own section: the paragraph holding the project total.
        s = text.rfind("\n", 0, fig.provenance.start) + 1
        e = text.find("\n", fig.provenance.end)
        para_end = len(text) if e < 0 else e
        spans = [(s, _list_end(secs, para_end))]
    # 主要项目支出情况如下: closing the total's paragraph announces the lines after it.
    intro = para_end is not None and bool(_LIST_INTRO_END.search(text[spans[0][0] : para_end]))
    rows: list[dict] = []
    stated_count = None
    for s, e in spans:
        body = text[s:e]
        c = _PROJECT_COUNT.search(body)
        if c is not None:
            stated_count = int(c.group("n") or c.group("n2"))
        pos = s
        for seg in re.split(r"([;。\n])", body):
            seg_start = pos
            pos += len(seg)
            if len(seg) <= 1:
                continue
            row = _project_row(secs, seg, seg_start)
            lead = _LEAD_IN.match(seg)
            if row is None and lead is not None and not _AMOUNT.search(seg, 0, lead.end()):
                # 2023年共实施项目4个,其中:A支出286万元: the lead clause only introduces it.
                row = _project_row(secs, seg[lead.end() :], seg_start + lead.end())
            lead = _LIST_LEAD.match(seg)
            if row is None and lead is not None:
                # 项目支出2574.78万元,主要包括:1.A612.35万元: the first item follows the lead.
                row = _project_row(secs, seg[lead.end() :], seg_start + lead.end())
            if row is None and rows:
                row = _residual_line(secs, seg, seg_start)
            if row is not None:
                rows.append(row)
            else:
                rows.extend(_project_list(secs, seg, seg_start, result))
        if rows:
            break
    following = [
        r
        for r in rows
        if para_end is not None
        and (r["start"] or 0) > para_end
        and not (intro or _opened_list(secs, r))
    ]
    if following and not _sums_to_project_total(rows, result):
        # lines after the total's paragraph are projects only if they add up to it: an
        # achievement line with an amount would otherwise pass for a project
        result.add_issue(
            "projects",
            "总额段落后的列表与项目支出合计不符，未作为项目读取 lines after the project total do "
            f"not sum to it; not read as projects: {[r['name'] for r in following]}",
        )
        rows = [r for r in rows if r not in following]
    rows = split_residuals(rows, result)
    names = [r["name"] for r in rows]
    if len(set(names)) != len(names):
        result.add_issue("projects", f"项目名称重复 duplicate project names: {names}")
    if stated_count is not None and rows and stated_count != len(rows):
        result.add_issue(
            "projects",
            f"声明项目数{stated_count}与列出的{len(rows)}个不符 stated project count differs",
            "info",
        )
    result.records["projects"] = rows


def _opened_list(secs: Sections, row: dict) -> bool:
    """The row stands on a line that opens a list of projects (项目支出主要包括:…)."""
    start = secs.text.rfind("\n", 0, row["start"] or 0) + 1
    return bool(_LIST_OPENER.match(_LINE_NUMBERING.sub("", secs.text[start : row["start"] or 0])))


def _residual_line(secs: Sections, seg: str, offset: int) -> dict | None:
    """其余项目2,400,000.00元… after listed projects: the rest of the total, not a project."""
    m = _RESIDUAL_LINE.match(seg)
    v = amount_wan(m) if m is not None else None
    if v is None:
        return None
    prov = secs.provenance(offset + m.start("name"), offset + m.end("unit"))
    name = m.group("name")
    return {
        "name": name,
        "amount_wan": wan_float(v),
        "purpose": None,
        **prov_keys(prov),
        "residual": True,
    }


def split_residuals(rows: list[dict], result: ExtractionResult) -> list[dict]:
    """Projects without the residual lines (其余项目…), which go to records["project_residuals"]
    so that the projects-sum check still counts their amounts."""
    residuals = [{k: v for k, v in r.items() if k != "residual"} for r in rows if r.get("residual")]
    if residuals:
        result.records.setdefault("project_residuals", []).extend(residuals)
    return [r for r in rows if not r.get("residual")]


def _sums_to_project_total(rows: list[dict], result: ExtractionResult) -> bool:
    """The listed amounts add up to the stated project total (rounding allowed per item)."""
    total = result.value("project_wan")
    if total is None or any(r["amount_wan"] is None for r in rows):
        return False
    tolerance = TOLERANCE_PER_ADDEND_WAN * len(rows) + 1e-9
    return abs(sum(r["amount_wan"] for r in rows) - total) <= tolerance


def _list_end(secs: Sections, end: int) -> int:
    """End of the lines that follow a project-total paragraph and list its projects ((1)A
    支出X万元 …): up to a heading, a blank line or a line opening another category."""
    text = secs.text
    heads = {h.start for h in secs.headings}
    pos = end
    for _ in range(vocab.PROJECT_LIST_MAX_LINES):
        if pos >= len(text):
            break
        nxt = text.find("\n", pos + 1)
        nxt = len(text) if nxt < 0 else nxt
        raw = text[pos + 1 : nxt]
        # (1)社区保障经费:…870.00万元 reads as an inline heading; with an amount it is an item.
        if pos + 1 in heads and not _AMOUNT.search(raw):
            break
        line = _LINE_NUMBERING.sub("", raw)
        if not line.strip() or any(
            rx.match(line) for c, rx in _LABEL_ONLY.items() if c != "project"
        ):
            break
        pos = nxt
    return pos


def clean_name(name: str) -> str:
    """A listed item's name without enumeration marks (①, (1), 一是, 其中 …) and separators."""
    prev = None
    name = name.strip(" 、,:的")
    while prev != name:
        prev, name = name, _ENUM_PREFIX.sub("", name).strip(" 、,:的")
    return name


def _project_list(
    secs: Sections, seg: str, offset: int, result: ExtractionResult | None = None
) -> list[dict]:
    """Projects of a 主要包括:A341.09万元、B958.44万元 list. Items are delimited by their
    amounts (a name may hold 、); the items must cover the whole list, or none is read. Items
    separated by commas (A168.00万元,B215.40万元) could be a clause run of other figures: they
    are read only when they add up to the project total."""
    m = _LIST_INTRO.search(seg)
    if m is None:
        return []
    body = _LIST_TAIL.sub("", seg[m.end() :].rstrip("。; "))
    rows: list[dict] = []
    pos = 0
    for im in _LIST_ITEM.finditer(body):
        if im.start() != pos:
            return []
        pos = im.end()
        name = clean_name(im.group("name"))
        v = amount_wan(im)
        residual = bool(_RESIDUAL.search(name)) and v is not None
        if not residual and (len(name) < 2 or _PROJECT_STOP.search(name) or v is None):
            return []
        start = offset + m.end() + im.start("name")
        prov = secs.provenance(start, offset + m.end() + im.end("unit"))
        row = {"name": name, "amount_wan": wan_float(v), "purpose": None, **prov_keys(prov)}
        # 其余项目30万元: not a project, but its amount belongs to the project total
        rows.append({**row, "residual": True} if residual else row)
    if pos != len(body) and not _cut_by_text_end(secs, body[pos:], offset + len(seg)):
        return []
    if sum(not r.get("residual") for r in rows) < 2:
        return []
    commas = any(im.group("sep") == "," for im in _LIST_ITEM.finditer(body))
    if commas and (result is None or not _sums_to_project_total(rows, result)):
        return []
    return rows


def _cut_by_text_end(secs: Sections, tail: str, seg_end: int) -> bool:
    """The unread tail of a list is an item cut off where the text stops (an excerpt ending
    …、老旧小区): the complete items before it stand, the cut one is not read."""
    return not secs.text[seg_end:].strip() and not re.search(r"\d", tail)


def _project_row(secs: Sections, seg: str, offset: int) -> dict | None:
    stripped = seg.lstrip()
    lead = len(seg) - len(stripped)
    enum = _ENUM_PREFIX.match(stripped)
    if enum is not None:  # (1)社区工作经费100.94万元: the name starts after the mark
        lead += enum.end()
        stripped = stripped[enum.end() :]
    # Numbered items also read as name + amount + any wording; bare lines need a known one.
    rxs = [*_PROJECT_LINE, _ITEM_LINE] if enum is not None else _PROJECT_LINE
    for rx in rxs:
        m = rx.match(stripped)
        if m is None:
            continue
        name = clean_name(m.group("name"))
        residual = bool(_RESIDUAL.search(name))
        if not residual and (len(name) < 2 or _PROJECT_STOP.search(name)):
            return None
        v = amount_wan(m)
        if v is None:
            return None
        start = offset + lead + m.start("name")
        end = offset + lead + m.end("unit")
        prov = secs.provenance(start, end)
        purpose = m.group("purpose").strip(" ,") or None
        row = {"name": name, "amount_wan": wan_float(v), "purpose": purpose, **prov_keys(prov)}
        return {**row, "residual": True} if residual else row
    return None


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
    gov = [m for m in _STATEMENT_GOV_FUND.finditer(text) if _actual(secs, m.start(), year)]
    for run_on in _RUN_ON.finditer(text):  # 支出X万元,其中…政府性基金支出Z万元 in the summary
        end = secs.sentence_span(run_on.start("num"))[1]
        gov += [
            m
            for m in _RUN_ON_FUND.finditer(text, run_on.end(), end)
            if _actual(secs, m.start(), year)
            and m.start("num") not in {g.start("num") for g in gov}
        ]
    if gov:
        _pick(result, secs, "gov_fund_wan", gov, "statement gov_fund")
    capital = [m for m in _STATEMENT_STATE_CAPITAL.finditer(text) if _actual(secs, m.start(), year)]
    if capital:
        _pick(result, secs, "state_capital_wan", capital, "statement state_capital")
    for cat in ("gov_fund", "state_capital"):
        if f"{cat}_wan" not in result.figures:
            n = _stated_none(secs, cat)
            if n is not None:
                prov = secs.provenance(n.start(), n.end())
                result.set(f"{cat}_wan", 0.0, "万元", prov, note="stated as none")
    other = [m for m in _STATEMENT_OTHER.finditer(text) if _actual(secs, m.start(), year)]
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
        if total is None or not _actual(secs, m.start(), year):
            continue
        totals.add(total)
        para_end = text.find("\n", m.end())
        para_end = len(text) if para_end < 0 else para_end
        parts = {}
        for cat, part_rx in _GPB_PART.items():
            ms = [
                x
                for x in part_rx.finditer(text, m.end(), para_end)
                if _actual(secs, x.start(), year)
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
    totals = [m for m in _REVENUE_TOTAL.finditer(text) if _actual(secs, m.start(), year)]
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
