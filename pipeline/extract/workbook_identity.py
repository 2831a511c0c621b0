"""Which unit and year a workbook belongs to: its sheets' 编制单位 rows, their titles and the
file name, in that order of trust; a conflict is an issue."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import layouts as L
from pipeline.extract.identity import resolve_text_identity
from pipeline.extract.sheet import SheetInfo
from pipeline.labels import norm_text
from pipeline.models import ExtractionResult, Provenance
from pipeline.readers.excel import SheetGrid
from pipeline.units import split_unit

#: Unit sources in order of trust (issue 3: 编制单位 row, title, file name).
_TRUST = ("unit_row", "title", "file_name")


@dataclass
class Candidates:
    """The units and years the sheets and the file name state, each with its trust."""

    units: list[tuple[int, str, str]] = field(default_factory=list)  # (trust, text, locator)
    years: list[tuple[int, int, str]] = field(default_factory=list)


def _unit_from_title(text: str) -> str | None:
    s = norm_text(text)
    m = re.match(r"^(.{2,30}?(?:街道办事处|办事处|人民政府|街道|镇|乡))(?=\d|$|部门|本级)", s)
    return m.group(1) if m else None


def collect_identity(info: SheetInfo, cand: Candidates, sheet: SheetGrid) -> None:
    """Add the unit and years a sheet's top rows state."""
    if info.unit_text:
        cand.units.append((0, info.unit_text, info.unit_locator))
    elif info.title and _unit_from_title(info.title):
        cand.units.append(
            (1, _unit_from_title(info.title) or "", sheet.address(info.title_row or 0, 0))
        )
    for source, year, loc in info.years:
        cand.years.append((_TRUST.index(source), year, loc))


def file_identity(path: Path, cand: Candidates) -> None:
    """Add the year and unit the file name states (least trusted)."""
    stem = path.stem
    m = L.FILE_YEAR_PATTERN.search(stem)
    if m:
        cand.years.append((2, int(m.group(1)), path.name))
    unit = _unit_from_title(re.sub(r"^sample_", "", stem))
    if unit:
        cand.units.append((2, unit, path.name))


def _same_unit(a: str, b: str) -> bool:
    ua, ub = split_unit(a)[2], split_unit(b)[2]
    return ua == ub or ua in ub or ub in ua


def set_identity(result: ExtractionResult, cand: Candidates) -> None:
    """Set unit and year from the most trusted source; a conflict is an issue."""
    if cand.units:
        best = min(cand.units, key=lambda x: x[0])
        for trust, text, loc in cand.units:
            if not _same_unit(text, best[1]):
                result.add_issue(
                    "workbook_identity",
                    f"单位名称不一致 unit conflict: {best[1]!r} ({best[2]}, {_TRUST[best[0]]}) vs "
                    f"{text!r} ({loc}, {_TRUST[trust]})",
                    severity="error" if trust == best[0] else "warning",
                )
        same_rank = {t for tr, t, _ in cand.units if tr == best[0]}
        if len({split_unit(t)[2] for t in same_rank}) > 1 and not all(
            _same_unit(t, best[1]) for t in same_rank
        ):
            result.set("unit_name", None, note="conflicting unit names")
        else:
            prov = Provenance(locator=best[2], sentence=best[1])
            resolve_text_identity(result, norm_text(best[1]), prov)
    if cand.years:
        best_y = min(cand.years, key=lambda x: x[0])
        conflict = [y for y in cand.years if y[1] != best_y[1]]
        for trust, year, loc in conflict:
            result.add_issue(
                "workbook_identity",
                f"年度不一致 year conflict: {best_y[1]} ({best_y[2]}, {_TRUST[best_y[0]]}) vs "
                f"{year} ({loc}, {_TRUST[trust]})",
                severity="error" if trust == best_y[0] else "warning",
            )
        if any(t == best_y[0] for t, _, _ in conflict):
            result.set("year", None, note="conflicting years at the same level of trust")
        else:
            result.set("year", best_y[1], provenance=Provenance(locator=best_y[2]))
