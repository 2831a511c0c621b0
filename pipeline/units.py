"""One spelling per unit, so that a unit's documents meet across files, formats and years."""

from __future__ import annotations

import re

from pipeline import layouts as L

#: Written suffix → the formal one; longest first so 街道办事处 is not read as 街道.
SUFFIX_CANON = (
    ("街道办事处", "街道办事处"),
    ("街道办", "街道办事处"),
    ("街道", "街道办事处"),
    ("镇人民政府", "镇人民政府"),
    ("镇政府", "镇人民政府"),
    ("镇", "镇人民政府"),
    ("乡人民政府", "乡人民政府"),
    ("乡政府", "乡人民政府"),
    ("乡", "乡人民政府"),
)
#: A core shorter than this is not a name (e.g. what is left of 高新区街道 after 高新区).
MIN_CORE = 2


def split_unit(text: str) -> tuple[str | None, str | None, str]:
    """'长沙市开福区伍家岭街道办事处' → ('长沙市', '开福区', '伍家岭街道办事处')."""
    s = L.norm_text(text)
    city = district = None
    m = L.CITY_PATTERN.match(s)
    if m and _has_core(s[m.end() :]):
        city, s = m.group(1), s[m.end() :]
    m = L.DISTRICT_PATTERN.match(s)
    if m and _has_core(s[m.end() :]):
        district, s = m.group(1), s[m.end() :]
    return city, district, s


def _split_suffix(name: str) -> tuple[str, str | None]:
    for written, formal in SUFFIX_CANON:
        if name.endswith(written):
            return name[: -len(written)], formal
    return name, None


def _has_core(rest: str) -> bool:
    core, suffix = _split_suffix(rest)
    return suffix is None or len(core) >= MIN_CORE


def canonical_unit_name(name: str | None) -> str | None:
    """The warehouse key of a unit: no city/district prefix, the formal suffix (伍家岭街道 → 伍家岭街道办事处)."""
    if not name or not str(name).strip():
        return None
    unit = split_unit(str(name))[2]
    core, formal = _split_suffix(unit)
    if formal is None or len(core) < MIN_CORE or re.search(r"\d", core):
        return unit
    return core + formal
