"""Place mentions in a text, found with the official division list, and the chains they form.

A mention is a known core written before a suffix (伍家岭 + 街道办事处, 湘西 + 州, 萧 + 县). The
list tells what a name is, so prose glued to a name (设置萧县, 日在板芙镇) does not become
part of it. A written chain (长沙市开福区伍家岭街道) narrows each mention to the divisions
whose parents agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline import vocab
from pipeline.divisions import Division, Gazetteer, official_kind

_CJK = re.compile(f"[{vocab.CJK}]")
_SUFFIXES: list[tuple[str, tuple[int, ...], str, bool]] = [
    (w, (4,), kind, formal) for w, kind, formal in vocab.UNIT_WRITTEN_SUFFIXES
] + [(w, levels, kind, False) for w, levels, kind in vocab.PLACE_WRITTEN_SUFFIXES]
_SUFFIX_INFO = {w: (lv, k, f) for w, lv, k, f in _SUFFIXES}
_SUFFIX_RX = re.compile(
    "(?=(" + "|".join(sorted({re.escape(w) for w, *_ in _SUFFIXES}, key=len, reverse=True)) + "))"
)
_COMPOUND = re.compile(vocab.UNIT_COMPOUND_AFTER)
_ZONE = re.compile(vocab.FUNCTIONAL_ZONE)


@dataclass(eq=False)
class Mention:
    """One written name of a division, with the divisions it can be."""

    start: int
    end: int
    level: int
    core: str
    suffix: str
    kind: str  # the official kind the written suffix stands for
    formal: bool  # written as the government or office itself (镇人民政府, 街道办事处)
    candidates: list[Division]
    parent: Mention | None = None  # the mention written right before it in a chain
    children: list[Mention] = field(default_factory=list)
    #: a place written right before it that none of its divisions lies in (江北区观音桥街道
    #: when the list has 观音桥 under 两江新区, or a name the county does not have)
    conflict: Mention | None = None
    #: written from a boundary: a line start, punctuation, a parent place, 位于/隶属 …
    bounded: bool = False
    #: written right after a place the list does not know (澄州市棠溪区湄洲街道): the text
    #: puts the unit somewhere the list's namesake is not
    unknown_parent: bool = False

    @property
    def written(self) -> str:
        """The name as written."""
        return self.core + self.suffix

    @property
    def weak(self) -> bool:
        """A one-character core (萧县, 城区) names a place only from a boundary or in a chain
        (泾县溪口镇, not 主城区)."""
        return len(self.core) < 2 and not self.bounded

    def division_keys(self) -> set[str]:
        """Keys of the current divisions this mention can be."""
        return {d.key for d in self.candidates}


def _hits(text: str, gz: Gazetteer, s: int, e: int, suffix: str) -> list[Mention]:
    levels, kind, formal = _SUFFIX_INFO[suffix]
    out: list[Mention] = []
    for k in range(1, vocab.DIVISION_MAX_CORE + 1):
        if s - k < 0 or not _CJK.match(text, s - k):
            break
        core = text[s - k : s]
        for level in levels:
            if level == 4 and k < vocab.UNIT_MIN_CORE:
                continue
            found = _same_kind_first(gz.lookup(core, level), level, kind)
            if found:
                out.append(Mention(s - k, e, level, core, suffix, kind, formal, found))
    return out


def _same_kind_first(found: list[Division], level: int, kind: str) -> list[Division]:
    """Distinct divisions of the written kind (县 is not 区, 长沙市 is not 长沙县); a township
    of another kind too, the 镇 a 乡 or the 街道 a 镇 became, after those of its own kind."""
    seen: dict[str, Division] = {}
    for d in found:
        if d.key not in seen or (seen[d.key].old_name and not d.old_name):
            seen[d.key] = d
    if level == 4:
        return sorted(seen.values(), key=lambda d: official_kind(d.name, 4) != kind)
    return [
        d for d in seen.values() if _kind_fits(official_kind(d.old_name or d.name, level), kind)
    ]


def _kind_fits(official: str, written: str) -> bool:
    return official == written or official == "自治" + written


def find_mentions(text: str, gz: Gazetteer) -> list[Mention]:
    """Every place mention in the text, with chains linked (parent → child)."""
    mentions: list[Mention] = []
    for m in _SUFFIX_RX.finditer(text):
        suffix = m.group(1)
        s, e = m.start(), m.start() + len(suffix)
        for hit in _hits(text, gz, s, e, suffix):
            if hit.level == 4 and not hit.formal and _COMPOUND.match(text, e):
                continue  # 城镇就业, 乡镇企业: a compound word, not the unit
            mentions.append(hit)
    mentions = _drop_shadowed(mentions)
    ends = {m.end for m in mentions if m.level < 4}
    for m in mentions:
        m.bounded = m.start in ends or _boundary_before(text, m.start)
        if m.level == 4:
            m.unknown_parent = _unknown_place_before(text, m.start, ends)
    _link_chains(text, mentions, gz)
    return mentions


def _unknown_place_before(text: str, pos: int, ends: set[int]) -> bool:
    """A place-like word (…区, …县, …市, …旗) right before a township name that is no known
    division: not a functional zone (高新区, 经济开发区), which the list files under a county."""
    for end in _glue_starts(text, pos):
        if end in ends:
            return False
        if end > 1 and text[end - 1] in vocab.PLACE_END_CHARS and _CJK.match(text, end - 2):
            word = text[max(0, end - 8) : end]
            return not _ZONE.search(word)
    return False


def _boundary_before(text: str, pos: int) -> bool:
    if pos == 0 or not _CJK.match(text, pos - 1):
        return True
    return any(text.endswith(w, 0, pos) for w in vocab.PLACE_LEFT_CONTEXT)


def _drop_shadowed(mentions: list[Mention]) -> list[Mention]:
    """Of two readings ending at the same place, the longer real name wins (大新城镇 over
    新城镇 inside it)."""
    by_end: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        key = (m.end, m.level)
        if key not in by_end or m.start < by_end[key].start:
            by_end[key] = m
    return sorted(by_end.values(), key=lambda m: (m.start, m.end))


def _link_chains(text: str, mentions: list[Mention], gz: Gazetteer) -> None:
    """Link each mention to one written right before it whose divisions are its parents,
    and narrow both to the divisions that agree; a disagreeing one is kept as a conflict."""
    by_end: dict[int, list[Mention]] = {}
    for m in mentions:
        by_end.setdefault(m.end, []).append(m)
    for m in mentions:
        before = [
            p
            for pos in _glue_starts(text, m.start)
            for p in by_end.get(pos, [])
            if p.level < m.level and p is not m
        ]
        for p in before:
            kids = [d for d in m.candidates if _under(gz, d, p.candidates)]
            if kids:
                m.parent, m.candidates = p, kids
                p.children.append(m)
                p.candidates = [d for d in p.candidates if _above(gz, d, kids)]
                break
        else:
            # the nearest upper place: a county over a prefecture, a prefecture over a province
            strong = [p for p in before if not p.weak]  # 主城区 is not the county 城区
            m.conflict = max(strong, key=lambda p: p.level) if strong else None


def _glue_starts(text: str, start: int) -> list[int]:
    """Positions a parent may end at: right before `start`, or before 人民政府/spaces."""
    out = [start]
    for glue in ("人民政府", "政府", " "):
        if text.endswith(glue, 0, start):
            out.append(start - len(glue))
    return out


def _under(gz: Gazetteer, d: Division, parents: list[Division]) -> bool:
    keys = {p.key for p in parents}
    return any(a.key in keys for a in gz.ancestors(gz.current(d)))


def _above(gz: Gazetteer, p: Division, kids: list[Division]) -> bool:
    return any(p.key in {a.key for a in gz.ancestors(gz.current(k))} for k in kids)
