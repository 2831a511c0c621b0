"""The year a document reports on: a labelled field, a year bound to the title's document
words, or the body's most frequent YYYY年度. A date (2025-09-04) is never a year."""

from __future__ import annotations

import re
from collections import Counter

from pipeline import vocab
from pipeline.extract.sections import Sections
from pipeline.models import ExtractionResult, Provenance

_LABEL = re.compile(rf"(?:{'|'.join(vocab.YEAR_LABELS)})\s*[:|]?\s*(?P<y>20\d{{2}})")
_BOUND = [re.compile(p) for p in vocab.YEAR_BOUND_TO_TITLE]
_YEAR_DU = re.compile(r"(?<!\d)(?P<y>20\d{2})\s*年度")
_PIPES = re.compile(r"\s*\|\s*")
_TITLE_LINE_MAX = 80
_TITLE_LINES = 40


def extract_year(text: str, secs: Sections, result: ExtractionResult, opening: str) -> None:
    """Set `year` when one rule gives it."""
    # a '|' row (a form flattened with cell separators) reads as its cells
    lines = [_PIPES.sub(" ", ln).strip() for ln in opening.split("\n")]
    for i, line in enumerate(lines):
        m = _LABEL.search(line)
        if m is not None:
            _set(result, int(m.group("y")), _prov(i, line), "标注的年度 labelled year")
            return
    titles = [
        (i, ln)
        for i, ln in enumerate(lines[:_TITLE_LINES])
        if len(ln) <= _TITLE_LINE_MAX and "。" not in ln
    ]
    # run-on openings (a PDF or a form flattened into one line): the line's first part
    heads = titles + [
        (i, ln[: _TITLE_LINE_MAX * 2])
        for i, ln in enumerate(lines[:3])
        if len(ln) > _TITLE_LINE_MAX
    ]
    for scope, note in (
        (heads, "标题中的年度 year of the title"),
        (list(enumerate(lines)), "文首与文种相连的年度 year bound to the document words"),
    ):
        for i, line in scope:
            y = _bound_year(line)
            if y is not None:
                _set(result, y, _prov(i, line), note)
                return
    for source in (text, opening):
        found = list(_YEAR_DU.finditer(source))
        top = Counter(y.group("y") for y in found).most_common(2)
        if top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] > top[1][1]):
            y = next(y for y in found if y.group("y") == top[0][0])
            prov = (
                secs.provenance(y.start("y"), y.end("y"))
                if source is text
                else _prov(opening.count("\n", 0, y.start()), y.string[y.start() : y.end()])
            )
            _set(result, int(y.group("y")), prov, "最常见的“YYYY年度” most frequent year")
            return


def _bound_year(line: str) -> int | None:
    hits = [(m.start(), int(m.group("y"))) for rx in _BOUND for m in rx.finditer(line)]
    return min(hits)[1] if hits else None


def _prov(i: int, line: str) -> Provenance:
    return Provenance(f"文首第{i + 1}行 opening line {i + 1}", line[:200], None, None)


def _set(result: ExtractionResult, year: int, prov: Provenance, note: str) -> None:
    result.set("year", year, None, prov, note=note)
