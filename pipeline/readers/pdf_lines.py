"""Printed lines of a PDF page: boxes, reading order, and where the page broke a line.

A line's box comes from its characters' loose boxes (font ascent to descent), so lines of
one type size share a height. A line the page width broke reaches the right edge of the
text block and ends mid-sentence, and its continuation starts at the left edge; a centred
title may wrap in the middle of the page; a run in another font (“ ” set in a Latin font)
may sit at the end of the text layer's line and is put back by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from pipeline import vocab
from pipeline.normalize import normalize_line
from pipeline.readers.pdf_tables import tidy

_FINAL = re.compile(vocab.PDF_SENTENCE_FINAL)


@dataclass
class Line:
    """One printed line: its text and box (points, origin at the page's top left)."""

    text: str
    raw: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0

    @property
    def height(self) -> float:
        """Height of the line's box."""
        return max(self.bottom - self.top, 1.0)


#: Characters often set in a second (Latin) font whose run the text layer may emit after
#: the rest of the line: quotes, dashes, ellipsis (General Punctuation).
_OTHER_FONT = re.compile("[\u2000-\u206f]")


def page_lines(textpage, height: float) -> list[Line]:
    """The page's text lines with the box from their first to last character."""
    text = textpage.get_text_range()
    aligned = len(text) == textpage.count_chars()  # char index = string index
    lines: list[Line] = []
    pos = 0
    for raw_line in text.split("\r\n"):
        start, pos = pos, pos + len(raw_line) + 2
        t = tidy(raw_line)
        if not t or not aligned:
            lines.append(Line(t))
            continue
        ink = [start + k for k, ch in enumerate(raw_line) if ch.strip()]
        if _OTHER_FONT.search(raw_line):
            # loose boxes span the font's ascent to descent: one height per type size
            boxes = {i: textpage.get_charbox(i, loose=True) for i in ink}
            if _out_of_order([boxes[i] for i in ink]):
                t = _by_position([text[i] for i in ink], [boxes[i] for i in ink])
        else:
            boxes = {i: textpage.get_charbox(i, loose=True) for i in (ink[0], ink[-1])}
        first, last = boxes[ink[0]], boxes[ink[-1]]
        lines.append(
            Line(
                t,
                raw_line,
                min(b[0] for b in boxes.values()),
                max(b[2] for b in boxes.values()),
                height - max(first[3], last[3]),
                height - min(first[1], last[1]),
            )
        )
    return lines


def _by_position(chars: list[str], boxes: list[tuple[float, float, float, float]]) -> str:
    """The line's characters left to right; a space only where ASCII words stand apart."""
    out = ""
    prev = None
    for b, ch in sorted(zip(boxes, chars, strict=True), key=lambda x: x[0][0]):
        apart = prev is not None and b[0] - prev[2] > 0.25 * max(b[3] - b[1], 1.0)
        if apart and ch.isascii() and out[-1:].isascii() and out[-1:].isalnum():
            out += " "
        out += ch
        prev = b
    return tidy(out)


def _out_of_order(boxes: list[tuple[float, float, float, float]]) -> bool:
    """True when a character starts clearly left of the one before it (not a line wrap)."""
    return any(b[0] < a[0] - max(a[3] - a[1], 1.0) for a, b in pairwise(boxes))


@dataclass
class Margins:
    left: float
    right: float
    height: float


def margins(lines: list[Line]) -> Margins | None:
    """The text block's left and right edges and the usual line height of a page."""
    boxes = [o for o in lines if o.x1 > o.x0]
    if not boxes:
        return None
    heights = sorted(o.height for o in boxes)
    return Margins(min(o.x0 for o in boxes), max(o.x1 for o in boxes), heights[len(heights) // 2])


def _wrapped(prev: Line, pm: Margins, cur: Line, cm: Margins) -> bool:
    """`prev` was broken by the page width (it reaches the right edge, ends mid-sentence)
    and `cur` continues it (starts at the left edge, same type size)."""
    if abs(prev.height - cur.height) > 0.3 * pm.height or cur.x0 > cm.left + 0.8 * cur.height:
        return False
    # Full: the next line's first word would not have fitted (CJK line breaking also
    # moves a word with the punctuation that may not start a line), or the line ends
    # within a tenth of the text width of the right edge.
    room = pm.right - prev.x1
    tight = room <= _first_word_width(cur) + 0.6 * prev.height
    end = normalize_line(prev.text)
    if _FINAL.search(end):
        # A full line ending '主要包括:' is one paragraph with what follows when that runs
        # on to the right edge too (a list's items are short lines of their own).
        return tight and end[-1:] == ":" and cm.right - cur.x1 <= 0.05 * (cm.right - cm.left)
    return tight or room <= 0.12 * (pm.right - pm.left)


_WORD = re.compile(r"^(?:[0-9A-Za-z.,%%\-+≥≤]+|.)[,.;:!?%%)\]、。，；：！？）》”’]*")


def _first_word_width(ln: Line) -> float:
    """Estimated width of the first word of a line (CJK one em, Latin about half)."""
    m = _WORD.match(ln.text)
    word = m.group(0) if m else ln.text[:1]
    em = ln.height * 0.85
    return sum(em if ord(ch) > 0x2E80 else 0.6 * em for ch in word)


def _centred_pair(prev: Line, cur: Line, m: Margins) -> bool:
    """Two lines of one centred title (a title wrapped in the middle of the page)."""

    def centred(ln: Line) -> bool:
        return (
            abs((ln.x0 - m.left) - (m.right - ln.x1)) < 2 * ln.height and ln.x0 > m.left + ln.height
        )

    return (
        centred(prev)
        and centred(cur)
        and abs(prev.height - cur.height) < 0.2 * prev.height
        and 0 <= cur.top - prev.bottom < 0.8 * prev.height
        and not _FINAL.search(normalize_line(prev.text))
        and len(prev.text) + len(cur.text) <= 60
    )


def joins(last: tuple[Line, Margins], cur: Line, m: Margins, page: int, line_no: int) -> bool:
    """`cur` continues the previous printed line: same baseline, a wrap, or a centred title."""
    prev, pm = last
    if cur.x1 <= cur.x0:
        return False
    if abs(cur.top - prev.top) < 0.3 * cur.height and cur.x0 > prev.x1:
        return True  # one printed line the text layer split at a wide gap or a tab
    return _wrapped(prev, pm, cur, m) or (
        page == 1 and line_no <= 8 and _centred_pair(prev, cur, m)
    )


def glue(a: str, b: str) -> str:
    """Two pieces of one wrapped line: a space only between two ASCII words."""
    return a + (" " if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() else "") + b
