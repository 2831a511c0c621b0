"""Identity of a document: its unit, district and city, resolved against the division list.

Rules (each emitted field satisfies one):
- unit_name: a township-level mention that resolves to exactly one official division, its
  chain agreeing (伍家岭街道 under 开福区); emitted in its official form with the formal
  suffix (东坡乡 → 东坡傣族乡人民政府). A name several divisions share is settled by the
  places the text names, or left empty with an issue. A name the list lacks is emitted as
  written only from a label or the title, and only when no real place written with it
  denies it (an invented or new unit, flagged `not_found`).
- district / city: a county / prefecture the text names that is the resolved unit's own
  (short forms and old names resolved; 湘西州 → 湘西土家族苗族自治州).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import vocab
from pipeline.divisions import Division, Gazetteer, gazetteer, official_kind
from pipeline.extract.places import Mention, find_mentions
from pipeline.extract.sections import Sections
from pipeline.extract.written_identity import extract_written_identity
from pipeline.models import ExtractionResult, Provenance

_LABEL = re.compile(
    rf"(?:{'|'.join(vocab.UNIT_FIELD_LABELS)})\s*[:|]?\s*(?:\d+\s*-\s*)?(?P<value>[^\s|,;。]*)"
)
_PARENT_SHAPES = [re.compile(p) for p in vocab.PARENT_PLACE_SHAPES]
_ZONE = re.compile(vocab.FUNCTIONAL_ZONE)
_TITLE_LINE_MAX = 80
_TITLE_LINES = 40
#: Formal suffix per official township kind (the unit is the government or office).
_FORMAL = {"街道": "街道办事处", "镇": "镇人民政府", "乡": "乡人民政府", "苏木": "苏木人民政府"}


@dataclass
class Placed:
    """A mention and where it was read (the opening's line, or the body's offsets)."""

    mention: Mention
    role: str  # label | title | opening | body
    provenance: Provenance


@dataclass
class Resolution:
    """The document's unit: resolved, ambiguous or not found, with the reason."""

    status: str
    placed: Placed | None = None
    division: Division | None = None
    reason: str = ""
    denied_by: Mention | None = None


def extract_identity(text: str, secs: Sections, result: ExtractionResult, opening: str) -> None:
    """Fill unit_name, district and city (year first: old names depend on it)."""
    gz = gazetteer()
    placed = _placed_opening(opening, find_mentions(opening, gz)) + [
        Placed(m, "body", secs.provenance(m.start, m.end)) for m in find_mentions(text, gz)
    ]
    res = resolve_unit(placed, gz, (opening, text))
    result.set("unit_resolution", res.status, note=res.reason or None)
    if res.division is not None and res.placed is not None:
        _set_resolved(result, res, placed, gz)
        return
    if res.status == "ambiguous":
        result.add_issue("unit_name", res.reason)
        return
    if res.denied_by is not None:
        result.add_issue("unit_name", res.reason)
        _set_places_denied(result, res.denied_by, placed, gz)
        return
    extract_written_identity(text, secs, result)
    _check_written(result, gz)


def _check_written(result: ExtractionResult, gz: Gazetteer) -> None:
    """A unit name the list lacks stands as written only when no real place written with it
    denies it: a real county has no such township (an invented or misread name)."""
    name = result.value("unit_name")
    if not name:
        result.figures.pop("unit_resolution", None)
        return
    chain = "".join(v for k in ("city", "district") if (v := result.value(k)))
    real = [m for m in find_mentions(chain, gz) if m.level in (2, 3) and not m.weak]
    if real:
        places = "".join(m.written for m in real)
        result.set("unit_name", None, note=f"{places}无此乡级区划 not a township of {places}")
        result.add_issue(
            "unit_name",
            f"“{name}”不是{places}的乡级区划 not a township of {places} in the division list",
        )
        for field, level in (("district", 3), ("city", 2)):
            prov = result.figures[field].provenance if field in result.figures else Provenance()
            result.figures.pop(field, None)
            for m in real:
                one = _unique(m.candidates) if m.level == level else None
                if one is not None:  # the official form (湘西州 → 湘西土家族苗族自治州)
                    result.set(field, _name_at(m, one, result.value("year")), None, prov)
        return
    result.set("unit_resolution", "not_found")
    result.add_issue(
        "unit_name",
        f"单位不在区划名录中，按原文记录 not in the division list ({gz.source}), "
        f"kept as written: {name}",
        "info",
    )


def resolve_text_identity(result: ExtractionResult, text: str, prov: Provenance) -> None:
    """Set unit_name, district and city from a unit named in one cell or field (a workbook's
    编制单位), resolved against the list; a name the list lacks stays as written only as the
    text-document rules allow it (see extract_identity)."""
    from pipeline.units import split_unit

    gz = gazetteer()
    city, district, unit = split_unit(text)
    for field, value in (("unit_name", unit), ("district", district), ("city", city)):
        if value:
            result.set(field, value, None, prov)
        else:
            result.figures.pop(field, None)
    placed = [Placed(m, "label", prov) for m in find_mentions(text, gz)]
    res = resolve_unit(placed, gz, (text,))
    if res.division is not None and res.placed is not None:
        for field in ("unit_name", "district", "city"):
            result.figures.pop(field, None)
        result.set("unit_resolution", res.status, note=res.reason or None)
        _set_resolved(result, res, placed, gz)
        return
    if res.status == "ambiguous" or res.denied_by is not None:
        for field in ("unit_name", "district", "city"):
            result.figures.pop(field, None)
        result.set("unit_resolution", res.status)
        result.add_issue("unit_name", res.reason)
        if res.denied_by is not None:
            _set_places_denied(result, res.denied_by, placed, gz)
        return
    _check_written(result, gz)


def _placed_opening(opening: str, mentions: list[Mention]) -> list[Placed]:
    """Opening mentions with their role: a labelled field's value, a title-like line."""
    out: list[Placed] = []
    starts: list[int] = []
    pos = 0
    lines = opening.split("\n")
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    label_spans: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        for m in _LABEL.finditer(line):
            if m.group("value"):
                label_spans.append((starts[i] + m.start("value"), starts[i] + m.end("value")))
            elif i + 1 < len(lines):  # a form flattened one cell per line: value below
                label_spans.append((starts[i + 1], starts[i + 1] + len(lines[i + 1])))
    for m in mentions:
        i = max(j for j, st in enumerate(starts) if st <= m.start)
        line = lines[i]
        if any(a <= m.start and m.end <= b for a, b in label_spans):
            role = "label"
        elif i < _TITLE_LINES and len(line) <= _TITLE_LINE_MAX and "。" not in line:
            role = "title"
        else:
            role = "opening"
        prov = Provenance(f"文首第{i + 1}行 opening line {i + 1}", line[:200], None, None)
        out.append(Placed(m, role, prov))
    return out


def resolve_unit(placed: list[Placed], gz: Gazetteer, texts: tuple[str, ...] = ()) -> Resolution:
    """Choose the document's own unit among its township mentions and resolve it; `texts`
    are searched for the sentences that name the unit's own parent."""
    towns = [p for p in placed if p.mention.level == 4]
    chosen = _chosen(towns)
    if chosen is None:
        return Resolution("not_found", reason="正文未见区划名录中的单位 no listed unit named")
    core = chosen.mention.core
    same = [p.mention for p in towns if p.mention.core == core]
    cands = _narrow_by_chains(chosen.mention, same)
    if not cands:
        # The county written before it does not have it (an invented name, or a move the
        # list records only under the new county): a guess could merge two units.
        denied = next(m.conflict for m in same if m.conflict is not None)
        return Resolution(
            "not_found",
            chosen,
            reason=f"“{chosen.mention.written}”不是{denied.written}的乡级区划 "
            f"not a township of {denied.written} in the division list",
            denied_by=denied,
        )
    chained = any(m.parent is not None for m in same)
    if not chained and any(m.unknown_parent for m in same):
        return Resolution(
            "not_found",
            chosen,
            reason=f"“{chosen.mention.written}”写在名录中没有的地名之后，不取同名区划 written after "
            "a place the division list does not have: its namesake in the list is not taken",
        )
    contrary = [] if chained else _contrary_parents(texts, cands, gz)
    if contrary:
        return Resolution(
            "not_found",
            chosen,
            reason=f"正文称其隶属{contrary[0]}，与名录中的同名区划不符 the text places it under "
            f"{contrary[0]}, not where the division list has its namesake",
        )
    supported = chained
    if len(cands) > 1 or not chained:
        narrowed = _narrow_by_context(cands, placed, gz)
        supported = (
            supported or len(narrowed) < len(cands) or _has_named_ancestor(narrowed, placed, gz)
        )
        cands = narrowed
    if len(cands) == 1:
        d = cands[0]
        if official_kind(d.name, 4) != chosen.mention.kind and not supported:
            return Resolution(
                "not_found",
                chosen,
                reason=f"“{chosen.mention.written}”与名录中的{d.name}类别不同且正文未写其区县 "
                f"the list's {d.name} is of another kind and the text names none of its places",
            )
        return Resolution("resolved", chosen, d)
    names = "、".join(sorted({_path(gz, d) for d in cands})[:6])
    return Resolution(
        "ambiguous",
        chosen,
        reason=f"同名区划不止一个且正文未写明所属区县 “{chosen.mention.written}” matches "
        f"{len(cands)} divisions and the text names none of their counties: {names}",
    )


def _chosen(towns: list[Placed]) -> Placed | None:
    """The mention naming the document's unit: a labelled field or the title first, then
    the body's most written formal or chained name (when one name leads)."""
    for role in ("label", "title"):
        hit = next((p for p in towns if p.role == role), None)
        if hit is not None:
            return hit
    strong = [p for p in towns if p.mention.formal or p.mention.parent or p.mention.conflict]
    counts: dict[str, int] = {}
    for p in strong:
        counts[p.mention.core] = counts.get(p.mention.core, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return next(p for p in strong if p.mention.core == ranked[0][0])


def _narrow_by_chains(chosen: Mention, same: list[Mention]) -> list[Division]:
    """The chosen name's divisions, narrowed by every chain the same name is written in."""
    keys = chosen.division_keys()
    chained = [m for m in same if m.parent is not None]
    for m in chained:
        keys &= m.division_keys()
    if not chained and any(m.conflict is not None for m in same):
        return []
    return [d for d in chosen.candidates if d.key in keys]


def _named_keys(placed: list[Placed]) -> set[str]:
    """Keys of the upper-level divisions the text names (one-character names only in chains)."""
    return {
        d.key
        for p in placed
        if p.mention.level < 4 and (not p.mention.weak or p.mention.children)
        for d in p.mention.candidates
    }


def _narrow_by_context(
    cands: list[Division], placed: list[Placed], gz: Gazetteer
) -> list[Division]:
    """Keep the divisions with an ancestor the text names elsewhere (新开镇 … 岳阳县)."""
    named = _named_keys(placed)
    kept = [d for d in cands if any(a.key in named for a in gz.ancestors(d))]
    return kept or cands


def _contrary_parents(texts, cands: list[Division], gz: Gazetteer) -> list[str]:
    """Places the text names as the unit's parent (隶属…, 是…人民政府的派出机关) that none of
    the candidates lies in: an unknown place, or a known one of another branch."""
    out = []
    for text in texts:
        for rx in _PARENT_SHAPES:
            for m in rx.finditer(text):
                name = m.group("name")
                keys = {
                    d.key for pm in find_mentions(name, gz) if pm.level < 4 for d in pm.candidates
                }
                if _ZONE.search(name):
                    continue
                if not any(a.key in keys for d in cands for a in gz.ancestors(d)):
                    out.append(name)
    return out


def _has_named_ancestor(cands: list[Division], placed: list[Placed], gz: Gazetteer) -> bool:
    named = _named_keys(placed)
    return any(a.key in named for d in cands for a in gz.ancestors(d))


def _path(gz: Gazetteer, d: Division) -> str:
    return "".join(a.name for a in reversed(gz.ancestors(d))) + d.name


def formal_name(d: Division) -> str:
    """The official name written as the unit itself: 伍家岭街道 → 伍家岭街道办事处."""
    kind = official_kind(d.name, 4)
    return d.name[: len(d.name) - len(kind)] + _FORMAL[kind] if kind in _FORMAL else d.name


def _set_resolved(result: ExtractionResult, res: Resolution, placed: list[Placed], gz) -> None:
    d, chosen = res.division, res.placed
    note = "区划名录 official division list" + (f"; {res.reason}" if res.reason else "")
    result.set("unit_name", formal_name(d), None, chosen.provenance, note=note)
    if chosen.mention.written != formal_name(d):
        result.set("unit_name_written", chosen.mention.written, None, chosen.provenance)
    result.set("division_key", d.key, None, chosen.provenance, note=gz.source)
    if d.code:
        result.set("division_code", d.code, None, chosen.provenance, note=gz.source)
    if d.abolished:
        result.add_issue("unit_name", f"该乡级区划已撤销 {d.name} has been abolished", "info")
    _set_places(result, placed, gz, gz.at_level(d, 3), gz.city_of(d))


def _set_places_denied(result: ExtractionResult, denied: Mention, placed, gz) -> None:
    """For a name the list lacks, the real county (and its city) written before it."""
    one = _unique(denied.candidates)
    if one is None:
        return
    county = one if one.level == 3 else None
    _set_places(result, placed, gz, county, gz.city_of(one))


def _set_places(result, placed, gz, county, city) -> None:
    """District and city: the unit's own, when the text names them."""
    year = result.value("year")
    for name, division, level in (("district", county, 3), ("city", city, None)):
        if division is None:
            continue
        hit = _named(placed, level or division.level, division.key)
        if hit is not None:
            note = "区划名录 official division list"
            result.set(name, _name_at(hit.mention, division, year), None, hit.provenance, note=note)


def _named(placed: list[Placed], level: int, key: str) -> Placed | None:
    """The first mention of this division, chained ones first."""
    hits = [p for p in placed if p.mention.level == level and key in p.mention.division_keys()]
    hits.sort(key=lambda p: (not p.mention.children, p.role == "body"))
    return hits[0] if hits else None


def _name_at(m: Mention, d: Division, year: int | None) -> str:
    """The official name when the document was written: an old name (郫县) stays while it
    was in force, the current one otherwise."""
    alias = next((c for c in m.candidates if c.key == d.key and c.old_name), None)
    if alias is not None and year and alias.renamed_in and year < alias.renamed_in:
        return alias.old_name
    return d.name


def _unique(divs: list[Division]) -> Division | None:
    keys = {d.key for d in divs}
    return divs[0] if len(keys) == 1 else None
