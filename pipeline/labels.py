"""Normalising labels for comparison (NFKC, no spaces, quotes or list numbering) and matching a
sheet name or title against the table and form synonyms of pipeline.layouts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.layouts import FORM_SYNONYMS, TABLE_SYNONYMS

_QUOTES = re.compile(r"[\"'“”‘’「」『』〝〞]")
_SPACE = re.compile(r"\s+")
#: Leading list numbering: 一、 (一) 1. 1、 (1) ① 其中: — stripped before matching labels.
_NUMBERING = re.compile(
    r"^(?:其中[:：]?|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+(?:\.\d+)*[、.．]|[①-⑳])+"
)
#: Table-number prefixes in sheet names and titles: 公开01表, 财决05表, 附表3, 表1, 01.
_TABLE_PREFIX = re.compile(
    r"^(?:(?:公开|财决|附|决算)表?\d{1,2}表?|表\d{1,2}|\d{1,2}(?=[-_.、:]))(?:-\d+)?[-_.、:]?"
)


# cached: workbooks repeat the same labels hundreds of times; typed, since 1 == 1.0 == True
# hash alike but print differently
@lru_cache(maxsize=1 << 16, typed=True)
def norm_text(text: object) -> str:
    """NFKC, no whitespace, no quotes: the base form for every comparison."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    return _QUOTES.sub("", _SPACE.sub("", s))


@lru_cache(maxsize=1 << 16, typed=True)
def norm_label(text: object) -> str:
    """norm_text plus list numbering (一、 (1) 1. 其中:) removed: for row labels and headers."""
    return _NUMBERING.sub("", norm_text(text))


def norm_title(text: object) -> str:
    """A sheet name or title reduced for table matching: no prefix, year, 明细 or parentheses."""
    s = re.sub(r"(?:19|20)\d{2}年度?", "", norm_text(text))
    s = _TABLE_PREFIX.sub("", s)
    s = s.replace("明细表", "表").replace("情况表", "表")
    return s


def match_table(text: object) -> str | None:
    """The canonical table key a sheet name or title names, or None."""
    s = norm_title(text)
    if not s:
        return None
    for key, synonyms in TABLE_SYNONYMS:
        for syn in synonyms:
            if norm_title(syn) in s:
                return key
    return None


def match_form(text: object) -> str | None:
    """'department' or 'project' when the text names a self-evaluation form, else None."""
    s = norm_title(text)
    for kind, synonyms in FORM_SYNONYMS:
        if any(norm_title(syn) in s for syn in synonyms):
            return kind
    return None
