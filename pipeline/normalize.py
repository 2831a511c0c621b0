"""Text normalization applied before extraction.

Canonical form: half-width digits, Latin letters and the punctuation ``,:;()%!?``
(full-width ``，：；（）％`` become these); ``。、“”《》`` stay as they are; simplified
characters; no mirror-site pinyin, bookmarks, web-page chrome or table-of-contents
lines; no thousands separators; Chinese count numerals as digits (七个社区 → 7个社区).
Provenance offsets produced by the extractor refer to this normalized text
(Document.text); Document.raw_text keeps the decoded original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from pipeline import vocab

_BOOKMARK = re.compile(vocab.BOOKMARK)
_PINYIN = re.compile(vocab.PINYIN_RUN)
_TOC_LINE = re.compile(vocab.TOC_LINE)
_TOC_TITLE = re.compile(vocab.TOC_TITLE)
_TOC_LEADER = re.compile(r"^(.*?)[\.。…·・．_\-—]{4,}\s*\d{1,3}\s*$")
# A thousands-separated number; removed only where it is clearly one number.
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_AMOUNT_AFTER = re.compile(r"\s*(?:万元|亿元|元|万)")
_CN_COUNT = re.compile(
    rf"(?<![{vocab.CN_NUMERAL}第])([{vocab.CN_NUMERAL}]+)(?=(?:{'|'.join(vocab.COUNT_WORDS)}))"
)
_CN_COUNT_AFTER = re.compile(
    rf"((?:{'|'.join(vocab.COUNT_AFTER_WORDS)}))([{vocab.CN_NUMERAL}]+)(?=个)"
)
_CN_YEAR = re.compile(vocab.CN_YEAR)
_BOILERPLATE = re.compile(
    r"(?:^|[\s|])(?:" + "|".join(re.escape(k) for k in vocab.BOILERPLATE_KEYS) + ")"
)
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009]+")


def _fullwidth_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        ch = chr(code)
        if ch not in vocab.FULLWIDTH_KEEP:
            table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "
    # Other look-alikes of the canonical punctuation.
    for src, dst in {"﹪": "%", "﹕": ":", "﹔": ";", "﹐": ",", "︰": ":", "．": "."}.items():
        table[ord(src)] = dst
    return table


_FULLWIDTH = _fullwidth_table()


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation to half-width (。、“”《》 kept)."""
    return text.translate(_FULLWIDTH)


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (OpenCC t2s)."""
    return _t2s().convert(text)


def strip_pinyin(text: str) -> str:
    """Remove mirror-site pinyin runs: 岳陽(yáng) → 岳陽."""
    return _PINYIN.sub("", text)


def strip_thousands(text: str) -> str:
    """Remove thousands separators from numbers that are clearly one amount."""

    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        groups = s.split(".")[0].count(",")
        followed_by_unit = _AMOUNT_AFTER.match(text, m.end()) is not None
        if "." in s or groups >= 2 or followed_by_unit:
            return s.replace(",", "")
        return s

    return _THOUSANDS.sub(repl, text)


def _cn_int(word: str) -> str:
    """A Chinese numeral as digits, or the word unchanged when it is not a whole number."""
    import cn2an

    try:
        value = cn2an.cn2an(word, "smart")
    except (ValueError, KeyError, IndexError):
        return word
    return str(int(value)) if value == int(value) else word


def cn_counts_to_digits(text: str) -> str:
    """Chinese numerals that count things (七个社区, 四十七人, 社区十二个) to digits."""
    text = _CN_COUNT.sub(lambda m: _cn_int(m.group(1)), text)
    return _CN_COUNT_AFTER.sub(lambda m: m.group(1) + _cn_int(m.group(2)), text)


def cn_years_to_digits(text: str) -> str:
    """Years written in Chinese numerals to digits (二〇二三年度 → 2023年度)."""
    return _CN_YEAR.sub(lambda m: "".join(vocab.CN_YEAR_DIGITS[c] for c in m.group(1)), text)


def is_boilerplate(line: str) -> bool:
    """True for a short line of web-page chrome (发布时间, 来源, 浏览量, 索引号 …)."""
    s = line.strip()
    if not s or len(s) > vocab.BOILERPLATE_MAX_LEN or "。" in s:
        return False
    return _BOILERPLATE.search(s) is not None


def _toc_entry(line: str) -> str:
    """The title of a TOC line without its dot leader and page number."""
    m = _TOC_LEADER.match(line.strip())
    return m.group(1).strip() if m else line.strip()


def _drop_toc(lines: list[str]) -> list[str]:
    """Drop a 目录 block (entries until the first entry starts again) and dot-leader lines."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _TOC_TITLE.match(lines[i]):
            j = i + 1
            entries: list[str] = []
            while j < len(lines):
                line = lines[j].strip()
                leader = _TOC_LINE.match(line) is not None
                if not leader and (len(line) > vocab.TOC_ENTRY_MAX_LEN or "。" in line):
                    break
                # The block ends where its first entry starts again as a real heading.
                if not leader and entries and line == entries[0]:
                    break
                entries.append(_toc_entry(line))
                j += 1
            i = j
            continue
        if not _TOC_LINE.match(lines[i].strip()):
            out.append(lines[i])
        i += 1
    return out


@lru_cache(maxsize=1 << 16)
def normalize_line(line: str) -> str:
    """Normalize one line (no line-level dropping); cached, as a document's lines are
    normalized again when wrapped lines are joined and for its opening, and site
    boilerplate repeats across documents."""
    s = unicodedata.normalize("NFC", line)
    s = _BOOKMARK.sub("", s)
    s = s.replace("\ufeff", "").replace("\u200b", "")
    s = to_halfwidth(s)
    s = strip_pinyin(s)
    s = to_simplified(s)
    s = strip_thousands(s)
    s = cn_years_to_digits(s)
    s = cn_counts_to_digits(s)
    s = _SPACES.sub(" ", s)
    return s.strip()


def normalize_blocks(blocks: list[str]) -> list[str]:
    """Normalize blocks (lines or table rows); drops boilerplate, TOC and empty blocks."""
    raws = [
        raw
        for block in blocks
        for raw in block.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    norms = [normalize_line(raw) for raw in raws]
    joined = unwrap_lines(raws, norms)
    if joined is not None:
        # Joined lines are normalized whole, as they would be had they never been split.
        raws = joined
        norms = [normalize_line(raw) for raw in raws]
    lines = [line for line in norms if line and not is_boilerplate(line)]
    return _drop_toc(lines)


# --- text copied from a PDF ------------------------------------------------------------

_FURNITURE = [re.compile(p) for p in vocab.PAGE_FURNITURE]
_FINAL = re.compile(vocab.PDF_SENTENCE_FINAL)
_HEADING_START = re.compile(
    "^(?:"
    + "|".join(p for _, p in vocab.HEADING_NUMBERING)
    + r"|[一二三四五六七八九十]+是|第[一二三四五六七八九十\d]+(?:部分|章|条))"
)
_NUMBER_THEN_UNIT = re.compile(rf"^[\d.,]+\s*(?:{vocab.PDF_NUMBER_UNIT})")
_TAIL_NUMBER = re.compile(r"[\d.,]*[\d.]$")
_HEAD_NUMBER = re.compile(r"^[\d.][\d.,]*")
_ONE_NUMBER = re.compile(r"\d*(?:\.\d+)?|\d+\.?|\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_UNIT_START = re.compile(rf"^\s*(?:{vocab.PDF_NUMBER_UNIT})")
_INDENT = re.compile(r"^(?:[ \u3000\u00a0]{2,}|\t)")
_CJK_CHAR = re.compile(f"[{vocab.CJK}]")


def is_page_furniture(line: str) -> bool:
    """True for a page-number line of a PDF copy (- 3 -, 第3页共12页, 3/12)."""
    return any(rx.match(line) for rx in _FURNITURE)


@cache
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _display_width(line: str) -> int:
    """Columns a line takes on a page: CJK and full-width characters count 2."""
    return len(line) if line.isascii() else sum(map(_char_width, line))


def _layout(raw: str) -> str:
    """A raw line as laid out on the page: indent kept, mirror-site pinyin removed."""
    return strip_pinyin(raw.rstrip())


def _tolerance(width: int) -> int:
    """How much shorter than the wrap width a wrapped line may be (justification, indent)."""
    return max(4, round(width * 0.1))


def _wrap_width(raws: list[str], norms: list[str]):
    """(width function, wrap width) when many lines stop at one width mid-sentence, else None.

    The evidence is lines of exactly one width (±1) that a continuation follows: not a
    sentence end, not a heading, not a table row, and no heading on the next line.
    Headings and table-of-contents lines of equal length are not evidence.
    """
    kept = [(_layout(r), n) for r, n in zip(raws, norms, strict=True) if n]
    kept = [(r, n) for r, n in kept if not is_page_furniture(n)]
    lines = [n for _, n in kept]
    wrapped_like = [
        not _FINAL.search(n)
        and "|" not in n
        and _HEADING_START.match(n) is None
        and (k + 1 < len(lines) and _HEADING_START.match(lines[k + 1]) is None)
        for k, n in enumerate(lines)
    ]
    best = None
    for measure, scale in ((_display_width, 1), (len, 2)):
        # Widths of the text as laid out on the page, indent included (before
        # full-width punctuation became half-width).
        widths = [measure(r) for r, _ in kept]
        floor = vocab.PDF_MIN_WIDTH // scale
        tally: dict[int, int] = {}
        for w, ok in zip(widths, wrapped_like, strict=True):
            if ok and w >= floor:
                tally[w] = tally.get(w, 0) + 1
        for w in tally:
            near = tally[w] + tally.get(w - 1, 0) + tally.get(w - 2, 0)
            long = sum(1 for x in widths if x >= w / 2)
            if near < vocab.PDF_MIN_WRAPPED_LINES or near < vocab.PDF_MIN_WRAPPED_SHARE * long:
                continue
            if best is None or near > best[0]:
                best = (near, measure, w)
    return None if best is None else (best[1], best[2])


def _number_split_ok(prev: str, nxt: str) -> bool:
    """A number split across the break may be rejoined: it then reads as one number
    followed by a unit. Two figures whose separator the copy lost never pass (a complete
    amount with two decimals, a table row of numbers, no unit after the joined number)."""
    tail = _TAIL_NUMBER.search(prev)
    head = _HEAD_NUMBER.match(nxt)
    if tail is None or head is None:
        return True
    t, h = tail.group(0), head.group(0).rstrip(",.")
    if not h or re.search(r"\.\d{2,}$", t) or re.search(r"\d\s+[\d.,]+$", prev):
        return False
    rest = nxt[len(h) :]
    return _ONE_NUMBER.fullmatch(t + h) is not None and _UNIT_START.match(rest) is not None


def _starts_block(nxt: str, raw: str) -> bool:
    """The next line opens something of its own: a heading, list item, indented paragraph."""
    if _INDENT.match(raw):
        return True
    return _HEADING_START.match(nxt) is not None and _NUMBER_THEN_UNIT.match(nxt) is None


def _running_lines(norms: list[str], furniture: list[bool]) -> set[int]:
    """Indexes of running headers/footers: a repeated line next to a page number."""
    counts: dict[str, int] = {}
    for n in norms:
        counts[n] = counts.get(n, 0) + 1
    repeated = {
        n
        for n, c in counts.items()
        if c >= vocab.PDF_RUNNING_MIN_REPEATS and len(n) >= 6 and _CJK_CHAR.search(n)
    }
    drop: set[int] = set()
    for i, n in enumerate(norms):
        if n not in repeated:
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(norms) and (not norms[j] or norms[j] in repeated):
                j += step
            if 0 <= j < len(norms) and furniture[j]:
                drop.add(i)
                break
    return drop


def unwrap_lines(raws: list[str], norms: list[str]) -> list[str] | None:
    """Raw lines of a PDF copy with page furniture dropped and hard wraps rejoined;
    None when there is nothing to do (the document is not a PDF copy)."""
    furniture = [bool(n) and is_page_furniture(n) for n in norms]
    wrap = _wrap_width(raws, norms)
    if wrap is None and not any(furniture):
        return None
    dropped = set(_running_lines(norms, furniture)) | {i for i, f in enumerate(furniture) if f}
    out: list[str] = []
    last = ("", "")  # (raw, normalized) last physical line of out[-1]
    gap = False  # a blank line (no page break) since the last line
    in_break = False  # page furniture since the last line
    for i, (raw, norm) in enumerate(zip(raws, norms, strict=True)):
        if i in dropped:
            in_break = True
            continue
        if not norm:
            gap = True
            continue
        if wrap is not None and out and (in_break or not gap) and _joins(last, (raw, norm), wrap):
            end = last[1][-1]
            sep = " " if end.isascii() and end.isalpha() and norm[0].isascii() else ""
            out[-1] = out[-1].rstrip() + sep + raw.strip()
        else:
            out.append(raw)
        last, gap, in_break = (raw, norm), False, False
    return out


def _joins(prev_line: tuple[str, str], next_line: tuple[str, str], wrap) -> bool:
    """The line `prev` (raw, normalized) was wrapped by the page and `nxt` continues it."""
    measure, width = wrap
    (prev_raw, prev), (raw, nxt) = prev_line, next_line
    if measure(_layout(prev_raw)) < width - _tolerance(width) or _FINAL.search(prev):
        return False
    # A table row ('a | b | c') wider than the page continues with the rest of a cell.
    if "|" in nxt or _TOC_LINE.match(prev) or is_boilerplate(prev):
        return False
    if _starts_block(nxt, raw) or is_boilerplate(nxt):
        return False
    # Numbers are compared as written (separators kept), not as normalized per line.
    return _number_split_ok(to_halfwidth(prev_raw).strip(), to_halfwidth(raw).strip())


def normalize_opening(raw: str, max_lines: int = vocab.OPENING_MAX_LINES) -> str:
    """The first lines of a document normalized with nothing dropped: a table of contents,
    site metadata and cover fields are where its type, unit and year are often stated."""
    lines: list[str] = []
    for raw_line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = normalize_line(raw_line[: vocab.OPENING_MAX_LINE_CHARS])
        if line:
            lines.append(line)
            if len(lines) >= max_lines:
                break
    return "\n".join(lines)


def normalize_text(text: str) -> str:
    """Normalize a whole text; lines joined by newlines."""
    return "\n".join(normalize_blocks([text]))
