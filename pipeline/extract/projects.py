"""The projects a report lists (lead-in sentences, numbered lists, one project a line) with
their amounts, and residual lines that are not projects."""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.amounts import wan_float
from pipeline.config import TOLERANCE_PER_ADDEND_WAN
from pipeline.extract.prose_amounts import (
    amount_wan,
)
from pipeline.extract.sections import Sections, prov_keys
from pipeline.models import ExtractionResult

_AMOUNT = re.compile(vocab.AMOUNT)
_LEAD_IN = re.compile(vocab.PROJECT_LEAD_IN)
_LIST_LEAD = re.compile(vocab.PROJECT_LIST_LEAD)
_LIST_OPENER = re.compile(vocab.PROJECT_LIST_OPENER)
_LIST_INTRO_END = re.compile(vocab.PROJECT_LIST_INTRO_END)
_ITEM_LINE = re.compile(vocab.PROJECT_ITEM_LINE)
_LIST_TAIL = re.compile(vocab.LIST_TAIL)
_LABEL_ONLY = {c: re.compile(p) for c, p in vocab.CATEGORY_LABELS.items()}
_PROJECT_LINE = [re.compile(p) for p in vocab.PROJECT_LINE]
_PROJECT_STOP = re.compile(vocab.PROJECT_NAME_STOP)
_RESIDUAL = re.compile(vocab.PROJECT_RESIDUAL)
_RESIDUAL_LINE = re.compile(vocab.PROJECT_RESIDUAL_LINE)
_PROJECT_COUNT = re.compile(vocab.PROJECT_COUNT)
_ENUM_PREFIX = re.compile(vocab.ENUM_PREFIX)
_LIST_INTRO = re.compile(vocab.PROJECT_LIST_INTRO)
_LIST_ITEM = re.compile(vocab.PROJECT_LIST_ITEM)
_LINE_NUMBERING = re.compile(vocab.LINE_NUMBERING)


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
