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
from functools import lru_cache

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


def normalize_line(line: str) -> str:
    """Normalize one line (no line-level dropping)."""
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
    lines: list[str] = []
    for block in blocks:
        for raw in block.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            line = normalize_line(raw)
            if line and not is_boilerplate(line):
                lines.append(line)
    return _drop_toc(lines)


def normalize_text(text: str) -> str:
    """Normalize a whole text; lines joined by newlines."""
    return "\n".join(normalize_blocks([text]))
