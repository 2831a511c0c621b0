"""A unit name as written, for units the official division list lacks (invented sample
units, a unit created after the list's date): read only from a labelled field or the title,
with the district and city of the chain written before it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import vocab
from pipeline.extract.sections import Sections
from pipeline.models import ExtractionResult

C = vocab.CJK
_LEFT = "|".join(
    [rf"(?<![{C}])"]
    + [f"(?<={w})" for w in vocab.LEFT_CONTEXT]
    + [r"(?<=\d年)(?!度)", r"(?<=\d\s年)(?!度)"]
)
_ADMIN = (
    rf"(?P<prov>[{C}]{{2,7}}?(?:省|自治区))?"
    rf"(?P<city>[{C}]{{2,5}}?(?:{vocab.ADMIN_SUFFIX_CITY}))?"
    # 1 character before 县/区 is a whole county name too (泾县, 唐县, 城区)
    rf"(?P<district>[{C}]{{1,5}}?(?:{vocab.ADMIN_SUFFIX_DISTRICT}))?"
    # 浦东新区人民政府滨江街道办事处: the district's government written before the unit
    r"(?:(?<=[区县市])人民政府)?"
)
_UNIT = re.compile(
    rf"(?:{_LEFT}){_ADMIN}(?P<core>[{C}]{{2,6}}?)(?P<suffix>{'|'.join(vocab.UNIT_SUFFIXES)})"
    rf"(?!{vocab.UNIT_NOT_FOLLOWED_BY})"
)
_NEXT = re.compile(vocab.WRITTEN_UNIT_NEXT)
_CORE_STOP = re.compile(rf"^(?:{vocab.UNIT_CORE_STOP})|(?:{vocab.UNIT_CORE_STOP})$|年|度|的")
_PLACE_STOP = re.compile(rf"^(?:{vocab.PLACE_STOP})|(?:{vocab.PLACE_STOP_END})$")
_LEFT_WORD = re.compile("^(?:" + "|".join(vocab.LEFT_CONTEXT) + ")")
_FULL_SUFFIX = ("街道办事处", "镇人民政府", "乡人民政府", "镇政府", "乡政府")
# the value may follow on the next line: forms flattened one cell per line
_LABEL = re.compile(rf"(?:{'|'.join(vocab.UNIT_LABELS)})\s*:?\s*(?P<value>[^\s|]+)")
_CHAIN = re.compile(vocab.PLACE_CHAIN)
_PARENT = re.compile(vocab.PARENT_GOVERNMENT)
_WEAK_PLACE = re.compile(
    "(?:"
    + "|".join(f"(?<={w})" for w in vocab.PLACE_LEFT_CONTEXT)
    + rf")(?P<name>[{C}]{{2,4}}?)(?P<suffix>市|区|县)"
    + rf"(?:(?=[^{C}])|(?={vocab.PLACE_FOLLOW})|(?<=(?:{vocab.PLACE_STRONG_LEFT})..市)|(?<=(?:{vocab.PLACE_STRONG_LEFT})...市))"
)


@dataclass
class UnitCandidate:
    """One place where the text names a subdistrict or township."""

    core: str
    suffix: str
    city: str | None
    district: str | None
    start: int
    end: int
    source: str  # label | title | body


def title_lines(lines: list[str], limit: int = 6) -> list[str]:
    """Lines of the title area: the first lines before a long prose line or a heading."""
    out: list[str] = []
    for line in lines[:limit]:
        if len(line) > 60 or re.match(r"^(?:[一二三四五六七八九十]+、|\(一\)|1[.、])", line):
            break
        out.append(line)
    return out


def _valid_place(name: str | None) -> bool:
    if name and name.removesuffix("市") in vocab.MUNICIPALITIES:
        return True
    if name and any(w in name[1:] for w in vocab.LEFT_CONTEXT):
        return False  # 日在杭州: a context word inside the name, the match began too early
    return bool(name) and not _PLACE_STOP.match(name) and not re.search(r"\d|年", name)


def unit_candidates(text: str, start: int = 0, end: int | None = None, source: str = "body"):
    """Every unit name in text[start:end], tried at every position a name can start."""
    end = len(text) if end is None else end
    out: list[UnitCandidate] = []
    seen_ends: set[int] = set()
    for pos in range(start, end):
        if not ("\u4e00" <= text[pos] <= "\u9fff"):
            continue
        m = _UNIT.match(text, pos, end)
        if m is None or m.end() in seen_ends:
            continue
        core = m.group("core")
        if _CORE_STOP.search(core):
            continue
        city, district = m.group("city"), m.group("district")
        first = m.group("prov") or city or district or core
        if _LEFT_WORD.match(first):
            continue  # 中共长沙市…: the name starts after the context word
        if (city and not _valid_place(city)) or (district and not _valid_place(district)):
            continue
        if m.group("suffix") not in (*_FULL_SUFFIX, "街道办") and not _NEXT.match(text, m.end()):
            continue  # 统筹城乡发展, 请欣赏乡镇…: prose, not a name
        seen_ends.add(m.end())
        out.append(
            UnitCandidate(core, m.group("suffix"), city, district, m.start(), m.end(), source)
        )
    return out


def _best_suffix(core: str, cands: list[UnitCandidate]) -> str:
    suffixes = [c.suffix for c in cands if c.core == core]
    return max(suffixes, key=len)


def extract_written_identity(text: str, secs: Sections, result: ExtractionResult) -> None:
    """Fill unit_name, district and city from a labelled field or the title area."""
    lines = text.split("\n")
    title = title_lines(lines)
    title_end = min(len(text), sum(len(x) + 1 for x in title))
    cands: list[UnitCandidate] = []
    for m in _LABEL.finditer(text):
        cands += unit_candidates(text, m.start("value"), m.end("value"), "label")
    cands += unit_candidates(text, 0, title_end, "title")
    anchored = [c for c in cands if c.source in ("label", "title")]
    # the body only adds chains (澄州市沁川区蘅畈镇人民政府) for the name the title gives
    cands += unit_candidates(text, title_end)
    if not anchored:
        return
    chosen = anchored[0]
    name = chosen.core + _best_suffix(chosen.core, cands)
    result.set("unit_name", name, None, secs.provenance(chosen.start, chosen.end))
    _place(text, secs, result, chosen.core, cands)


def _place(text, secs, result, core, cands) -> None:
    """District and city from the admin chain written before the unit name."""
    same = [c for c in cands if c.core == core]
    # A lone 市 before a subdistrict may be a county-level city or a prefecture: skip it.
    districts = _drop_tails({c.district for c in same if c.district})
    cities = {c.city for c in same if c.city and c.district}
    if len(districts) == 1:
        c = next(c for c in same if c.district in districts)
        result.set("district", c.district, None, secs.provenance(c.start, c.end))
    if len(cities) == 1:
        c = next(c for c in same if c.city and c.district)
        result.set("city", c.city, None, secs.provenance(c.start, c.end))
    if districts and cities:
        return
    # A city + district chain (隶属澄州市沁川区): taken when the text has one such pair.
    chains = {
        (m.group("city"), m.group("district")): m
        for m in _CHAIN.finditer(text)
        if _valid_place(m.group("city")[:-1])
        and _valid_place(m.group("district")[:-1])
        and not _other_city_before(text, m.group("district"), m.group("city"))
    }
    if len(chains) == 1:
        (city, district), m = next(iter(chains.items()))
        if not districts or districts == {district}:
            if not districts:
                result.set("district", district, None, secs.provenance(m.start(), m.end()))
                districts = {district}
            if not cities:
                result.set("city", city, None, secs.provenance(m.start(), m.end()))
                cities = {city}
    if not districts:
        districts = _county_level_city(text, secs, result, same)
    if districts and cities:
        return
    if len(districts) == 1 and not cities:
        cities = _city_before(text, secs, result, next(iter(districts)))
    if districts and cities:
        return
    # Fall back to bare mentions such as 位于长沙市 / 是芙蓉区的.
    weak: dict[str, dict[str, int]] = {"市": {}, "district": {}}
    for m in _WEAK_PLACE.finditer(text):
        name = m.group("name") + m.group("suffix")
        if not _valid_place(m.group("name")) or name in districts:
            continue  # a county-level city taken as the district is not also the city
        key = "市" if m.group("suffix") == "市" else "district"
        weak[key].setdefault(name, m.start())
    if not cities and len(weak["市"]) == 1:
        name, pos = next(iter(weak["市"].items()))
        result.set("city", name, None, secs.provenance(pos, pos + len(name)))
    if not districts and len(weak["district"]) == 1:
        name, pos = next(iter(weak["district"].items()))
        result.set("district", name, None, secs.provenance(pos, pos + len(name)))


def _other_city_before(text: str, district: str, city: str) -> bool:
    """Another reading of the city written before the district (首页沈阳市大东区 beside
    《沈阳市大东区…》): the boundary is uncertain, so neither is taken."""
    rx = re.compile(vocab.CITY_BEFORE_DISTRICT.format(district=re.escape(district)), re.M)
    return any(m.group("city") != city for m in rx.finditer(text))


def _city_before(text, secs, result, district: str) -> set[str]:
    """The city written right before the district (沈阳市大东区人民政府), taken when it is
    written the same way at least twice: a boundary such as a line start may sit before
    other words (首页沈阳市), which one occurrence cannot tell apart."""
    rx = re.compile(vocab.CITY_BEFORE_DISTRICT.format(district=re.escape(district)), re.M)
    found = [m for m in rx.finditer(text) if _valid_place(m.group("city")[:-1])]
    names = {m.group("city") for m in found}
    if len(names) != 1 or len(found) < 2:
        return set()
    m = found[0]
    result.set("city", m.group("city"), None, secs.provenance(m.start("city"), m.end("city")))
    return {m.group("city")}


def _county_level_city(text, secs, result, same) -> set[str]:
    """A 市 written right before the unit (瑞金市绵江镇) whose government the unit is the agency
    of (是瑞金市人民政府的派出机关) is a county-level city: the district level, not the city."""
    parents = {m.group("name"): m for m in _PARENT.finditer(text)}
    if len(parents) != 1:
        return set()
    name, m = next(iter(parents.items()))
    if name in vocab.CITIES_WITHOUT_DISTRICTS or not any(
        c.city == name and not c.district for c in same
    ):
        return set()
    result.set("district", name, None, secs.provenance(m.start("name"), m.end("name")))
    return {name}


def _drop_tails(names: set[str]) -> set[str]:
    """Names that are not the tail of a longer one: 闻县 (a dropped 徐) is 徐闻县."""
    return {n for n in names if not any(o != n and o.endswith(n) for o in names)}
