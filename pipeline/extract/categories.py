"""The six expenditure categories a report's prose states, with their changes and reasons."""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.amounts import wan_float
from pipeline.extract.prose_amounts import actual, amount_wan, none_stated, pick
from pipeline.extract.sections import Sections, prov_keys
from pipeline.models import EXPENDITURE_CATEGORIES, ExtractionResult

_LABEL_AMOUNT = {
    c: re.compile(rf"(?:{p}){vocab.LINK}{vocab.AMOUNT}") for c, p in vocab.CATEGORY_LABELS.items()
}
_CHANGE_AMOUNT = re.compile(vocab.CHANGE_AMOUNT)
_CHANGE_PCT = re.compile(vocab.CHANGE_PCT)
_REASON = re.compile(vocab.REASON)
_DECREASE = ("减少", "下降", "降低", "降幅")
_FUND_LABELS = re.compile(r"政府性基金|国有资本经营|社会保险基金")


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
                x for x in _LABEL_AMOUNT[cat].finditer(text, s, e) if actual(secs, x.start(), year)
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
                if actual(secs, x.start(), year) and not _sub_part(secs, cat, x)
            ]
            m = pick(result, secs, name, cand, f"{cat} whole text") if cand else None
        stated_none = False
        if m is None and result.value(name) is None and name not in result.figures:
            n = none_stated(secs, cat)
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


def _sub_part(secs: Sections, cat: str, m: re.Match[str]) -> bool:
    """A basic/project amount that is a sub-part of a fund amount earlier in its sentence."""
    return cat in ("basic", "project") and bool(
        _FUND_LABELS.search(secs.sentence_before(m.start()))
    )
