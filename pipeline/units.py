"""One spelling per unit, so that a unit's documents meet across files, formats and years."""

from __future__ import annotations

import re

from pipeline import layouts as L
from pipeline.labels import norm_text

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
    s = norm_text(text)
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


#: Columns of a unit's identity in source_files, in order.
IDENTITY_COLUMNS = (
    "unit_key",
    "unit_name",
    "division_code",
    "district",
    "district_code",
    "city",
    "city_code",
    "unit_resolution",
)


def unit_key(name: str | None, division_code: str | None, district=None, city=None) -> str | None:
    """The warehouse key of a unit: its 12-digit division code. A unit the division list
    lacks is keyed by its name and district (and by its city only when no district is
    written, as one document may name the city and another not); with no place at all it
    gets no key: a name alone never identifies a unit."""
    if division_code:
        return division_code
    if not name or not (district or city):
        return None
    return f"{name}|{district}" if district else f"{name}||{city}"


def unit_identity(values: dict) -> dict:
    """The identity columns of a document from its extracted figures (unit_name, division_key,
    division_code, district, city, unit_resolution): the division list's official parents
    for a resolved unit, the document's own places otherwise."""
    name = canonical_unit_name(values.get("unit_name"))
    out = dict.fromkeys(IDENTITY_COLUMNS)
    if not name:
        return out
    out.update(unit_name=name, unit_resolution=values.get("unit_resolution"))
    key = values.get("division_key")
    if key:
        from pipeline.divisions import gazetteer

        gz = gazetteer()
        d = gz.by_key.get(key)
        if d is not None:
            county, prefecture = gz.at_level(d, 3), gz.city_of(d)
            out.update(
                division_code=d.code,
                district=county.name if county else values.get("district"),
                district_code=county.code if county else None,
                city=prefecture.name if prefecture else values.get("city"),
                city_code=prefecture.code if prefecture else None,
            )
    if out["district"] is None and out["city"] is None:
        out.update(district=values.get("district"), city=values.get("city"))
    out["unit_key"] = unit_key(name, out["division_code"], out["district"], out["city"])
    return out


#: Document types that are not a unit's: they create no unit or unit-year record.
NOT_A_UNIT_DOCUMENT = ("unknown", "unreadable")


def document_unit(result) -> dict:
    """The unit identity of an ExtractionResult, as source_files and reconciliation key it
    (none for a document that is not a unit's: unknown or unreadable)."""
    if result.doc_type in NOT_A_UNIT_DOCUMENT:
        return dict.fromkeys(IDENTITY_COLUMNS)
    values = {}
    for k in ("unit_name", "division_key", "district", "city", "unit_resolution"):
        v = result.value(k)
        values[k] = v.strip() or None if isinstance(v, str) else None
    return unit_identity(values)
