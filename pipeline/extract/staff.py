"""Staff, retirees, communities and organisation counts of the 基本情况 section."""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.extract.derived import derive_retirees
from pipeline.extract.sections import Sections
from pipeline.models import ExtractionResult

_STAFF = [re.compile(p) for p in vocab.STAFF_IN_POST]
_RETIRED = re.compile(vocab.RETIRED)
_RETIRED_ALL = re.compile(vocab.RETIRED_AND_LIXIU)
_ESTABLISHMENT = [re.compile(p) for p in vocab.ESTABLISHMENT]
_OTHERS = re.compile(rf"(?:{vocab.STAFF_OTHERS})[{vocab.CJK}]{{0,2}}$")
_PRIOR = re.compile(vocab.PRIOR_YEAR)
_YEAR_IN = re.compile(r"(20\d{2})\s*年")
_DATE_CLAUSE = re.compile(vocab.DATE_CLAUSE)
_DATED_YEAR = re.compile(vocab.DATED_YEAR)
_COMMUNITIES = [re.compile(p) for p in vocab.COMMUNITIES]
_COMMUNITY_BODIES = re.compile(vocab.COMMUNITY_BODIES)
_UNIT_COMMUNITIES = re.compile(vocab.UNIT_COMMUNITIES)
_COMMUNITY_LIST = re.compile(vocab.COMMUNITY_LIST)
_LIST_SEPARATOR = re.compile(vocab.COMMUNITY_LIST_SEPARATOR)
_INTERNAL = [re.compile(p) for p in vocab.INTERNAL_BODIES]
_AFFILIATED = [re.compile(p) for p in vocab.AFFILIATED]


def _is_prior(secs: Sections, pos: int, year: int | None) -> bool:
    """True when the clause before `pos` labels the figure as another year's."""
    before = secs.clause_before(pos)
    if _PRIOR.search(before):
        return True
    years = {int(y) for y in _YEAR_IN.findall(before)}
    if not years and pos - len(before) > 0:
        # 截至2021年末,在职人员60人: the clause before only dates this one.
        date = _DATE_CLAUSE.match(secs.clause_before(pos - len(before) - 1))
        if date is not None:
            years = {int(date.group("y"))}
    if not years:
        # 2022年末在职人员56人,离退休人员37人: the sentence's year dates every clause of it.
        years = {int(y) for y in _DATED_YEAR.findall(secs.sentence_before(pos))}
    return year is not None and bool(years) and year not in years


def _find_count(
    rxs, secs: Sections, text: str, year: int | None, others_check: bool = True
) -> tuple[list[tuple[int, re.Match[str]]], str | None]:
    """Matches of the first pattern that yields any, as (value, match); conflicts noted."""
    for rx in rxs:
        found: list[tuple[int, re.Match[str]]] = []
        for m in rx.finditer(text):
            if _is_prior(secs, m.start(), year):
                continue
            if others_check and _OTHERS.search(secs.clause_before(m.start())):
                continue
            n = m.group("n") or (m.groupdict().get("n2"))
            found.append((int(n), m))
        if found:
            values = sorted({v for v, _ in found})
            if len(values) > 1:
                return found, f"多个不同数值 conflicting values {values} for /{rx.pattern[:40]}/"
            return found, None
    return [], None


def _set_count(result, secs, name, rxs, text, year, others_check=True) -> None:
    found, conflict = _find_count(rxs, secs, text, year, others_check)
    if conflict:
        result.set(name, None, "人", note=conflict)
        result.add_issue(name, conflict)
        return
    if found:
        value, m = found[0]
        result.set(name, value, None, secs.provenance(m.start(), m.end()))


def extract_staff(secs: Sections, result: ExtractionResult) -> None:
    """Staff in post, retirees (退休 and 离退休 apart), establishment."""
    year = result.value("year")
    text = secs.text
    _set_count(result, secs, "staff_in_post", _STAFF, text, year)
    _set_count(result, secs, "staff_establishment", _ESTABLISHMENT, text, year)
    _set_count(result, secs, "retired_staff", [_RETIRED], text, year)
    _set_count(result, secs, "retired_incl_lixiu_staff", [_RETIRED_ALL], text, year)
    derive_retirees(result)


def extract_organisation(secs: Sections, result: ExtractionResult) -> None:
    """Communities governed, internal bodies, affiliated institutions."""
    text = secs.text
    year = result.value("year")
    _set_count(result, secs, "internal_bodies_count", _INTERNAL, text, year, False)
    _set_count(result, secs, "affiliated_institutions_count", _AFFILIATED, text, year, False)
    found, conflict = _find_count(_COMMUNITIES, secs, text, year, False)
    if conflict:
        result.set("communities_count", None, note=conflict)
        result.add_issue("communities_count", conflict)
        return
    if found:
        value, m = found[0]
        result.set("communities_count", value, None, secs.provenance(m.start("n"), m.end()))
        return
    for m in _COMMUNITY_BODIES.finditer(text):
        n = int(m.group("n"))
        names = _listed_names(text, m.end())
        prov = secs.provenance(m.start("n"), m.end())
        if names and len(names) == n and all(x.endswith("社区") for x in names):
            result.set("communities_count", n, None, prov)
            result.records.setdefault("communities", []).extend(
                {"name": x, **_pk(prov)} for x in names
            )
            return
        result.add_issue(
            "communities_count",
            f"辖区{n}个自治组织但所列社区名称数为{len(names)} listed names do not confirm the count",
            "info",
        )
    for m in _COMMUNITY_LIST.finditer(text):
        names = _LIST_SEPARATOR.split(m.group("list"))
        prov = secs.provenance(m.start("list"), m.end("list"))
        result.set("communities_count", len(names), None, prov, note="counted from the list")
        return


def extract_unit_communities(secs: Sections, result: ExtractionResult) -> None:
    """Communities the unit itself is said to govern (学院街道办事处辖区9个社区), when every
    such statement agrees: a project evaluation's other counts may be the project's scope."""
    year = result.value("year")
    found = [
        m for m in _UNIT_COMMUNITIES.finditer(secs.text) if not _is_prior(secs, m.start(), year)
    ]
    values = {int(m.group("n")) for m in found}
    if len(values) == 1:
        m = found[0]
        result.set("communities_count", values.pop(), None, secs.provenance(m.start("n"), m.end()))
    elif values:
        note = f"多个不同数值 conflicting community counts {sorted(values)}"
        result.set("communities_count", None, note=note)
        result.add_issue("communities_count", note)


def _listed_names(text: str, pos: int) -> list[str]:
    """Names listed after 分别是: up to the end of the enumeration."""
    seg = re.split(r"[。;\n]", text[pos : pos + 400], maxsplit=1)[0]
    seg = re.sub(r"^[,:\s]*(?:分别(?:是|为)|包括|即|有)?[:\s]*", "", seg)
    first = seg.split(",")[0]
    return [x.strip() for x in re.split(r"、|(?<=社区)(?:以及|和|及|与)", first) if x.strip()]


def _pk(p) -> dict:
    return {"locator": p.locator, "sentence": p.sentence, "start": p.start, "end": p.end}
