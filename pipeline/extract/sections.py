"""Headings, sections and sentences of a normalized text: found by wording, not numerals."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline import vocab
from pipeline.models import Provenance

_NUMBERING = [(level, re.compile(rf"^\s*(?:{p})\s*")) for level, p in vocab.HEADING_NUMBERING]
_KINDS = {kind: re.compile(p) for kind, p in vocab.SECTION_HEADINGS.items()}
#: Length of the heading part of a line whose body continues after 。 or :.
_INLINE_HEADING_MAX = 30
_SENTENCE_SPLIT = re.compile(r"[。;!?\n]")
_NOT_HEADING = re.compile(vocab.HEADING_NOT_AMOUNT)
_TABLE_CAPTION = re.compile(vocab.TABLE_CAPTION)


@dataclass
class Heading:
    """A heading line (or the heading part of a line) and the section kinds it names."""

    level: int
    text: str
    start: int  # offset of the heading in the text
    body_start: int  # offset where its body starts
    kinds: set[str] = field(default_factory=set)


def _numbering(line: str) -> tuple[int, int] | None:
    """(level, length of the numbering) when the line starts with a heading number."""
    for level, rx in _NUMBERING:
        m = rx.match(line)
        if m and m.end() < len(line):
            return level, m.end()
    return None


def _kinds(text: str) -> set[str]:
    kinds = {kind for kind, rx in _KINDS.items() if rx.search(text)}
    exclusive = kinds & set(vocab.EXCLUSIVE_SECTIONS)
    return exclusive or kinds


def find_headings(text: str) -> list[Heading]:
    """Every heading of the text, in order, with its level guessed from the numbering style."""
    headings: list[Heading] = []
    pos = 0
    last_level = 1
    for line in text.split("\n"):
        start, stripped = pos, line.strip()
        pos += len(line) + 1
        if not stripped:
            continue
        num = _numbering(stripped)
        if num is not None:
            level, _ = num
            if _NOT_HEADING.search(re.split(r"[。:]", stripped, maxsplit=1)[0]):
                continue  # an enumerated item stating an amount, not a heading
            if len(stripped) <= vocab.HEADING_MAX_LEN and not stripped.endswith("。"):
                headings.append(
                    Heading(level, stripped, start, start + len(line), _kinds(stripped))
                )
                last_level = level
                continue
            head = re.split(r"[。:]", stripped, maxsplit=1)[0]
            if len(head) <= _INLINE_HEADING_MAX and len(head) < len(stripped):
                headings.append(Heading(level, head, start, start + len(head) + 1, _kinds(head)))
                last_level = level
            continue
        # An unnumbered line that is only a known section name (numbering lost).
        if (
            len(stripped) <= 30
            and not re.search(r"[。,;:]", stripped)
            and not _TABLE_CAPTION.search(stripped)
        ):
            kinds = _kinds(stripped)
            if kinds and kinds - {"general_budget"}:
                headings.append(Heading(last_level, stripped, start, start + len(line), kinds))
    return headings


class Sections:
    """Lookup of sections, heading paths and sentences over one normalized text."""

    def __init__(self, text: str):
        self.text = text
        self.headings = find_headings(text)

    def spans(self, kind: str, leaf: bool = False) -> list[tuple[int, int]]:
        """Body spans of sections whose heading names `kind`; a leaf section ends at the next
        heading of any level, otherwise at the next heading of the same or a higher level."""
        out: list[tuple[int, int]] = []
        for i, h in enumerate(self.headings):
            if kind not in h.kinds:
                continue
            end = len(self.text)
            for nxt in self.headings[i + 1 :]:
                if leaf or nxt.level <= h.level:
                    end = nxt.start
                    break
            out.append((h.body_start, end))
        return out

    def region(self, kind: str, stop_kinds: tuple[str, ...]) -> tuple[int, int] | None:
        """From the first heading naming `kind` to the next heading naming any of `stop_kinds`
        (numbering-independent, for sections whose sub-numbering is unreliable)."""
        for i, h in enumerate(self.headings):
            if kind in h.kinds:
                for nxt in self.headings[i + 1 :]:
                    if nxt.kinds & set(stop_kinds) and kind not in nxt.kinds:
                        return h.body_start, nxt.start
                return h.body_start, len(self.text)
        return None

    def locator(self, pos: int) -> str:
        """Heading path above an offset, e.g. '二、一般公共预算支出情况 > (一)基本支出情况'."""
        path: list[Heading] = []
        for h in self.headings:
            if h.start > pos:
                break
            while path and path[-1].level >= h.level:
                path.pop()
            path.append(h)
        return " > ".join(h.text for h in path)

    def sentence_span(self, pos: int) -> tuple[int, int]:
        """Start and end of the sentence holding an offset."""
        start = pos
        while start > 0 and not _SENTENCE_SPLIT.match(self.text[start - 1]):
            start -= 1
        m = _SENTENCE_SPLIT.search(self.text, pos)
        end = m.start() + (1 if m and m.group(0) != "\n" else 0) if m else len(self.text)
        return start, end

    def sentence(self, pos: int) -> str:
        """The sentence holding an offset."""
        s, e = self.sentence_span(pos)
        return self.text[s:e].strip()

    def provenance(self, start: int, end: int) -> Provenance:
        """Provenance of a span: heading path, its sentence, the offsets in the normalized text."""
        return Provenance(self.locator(start), self.sentence(start), start, end)

    def clause_before(self, pos: int) -> str:
        """Text from the start of the clause holding `pos` up to `pos`."""
        start = pos
        while start > 0 and self.text[start - 1] not in vocab.CLAUSE_END:
            start -= 1
        return self.text[start:pos]

    def sentence_before(self, pos: int) -> str:
        """Text from the start of the sentence holding `pos` up to `pos`."""
        return self.text[self.sentence_span(pos)[0] : pos]


def prov_keys(p: Provenance) -> dict:
    """The provenance keys every record row carries."""
    return {"locator": p.locator, "sentence": p.sentence, "start": p.start, "end": p.end}
