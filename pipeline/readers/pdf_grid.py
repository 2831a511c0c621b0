"""Ruled tables from pypdfium2's own drawing: rule segments → cells → text per cell.

A table printed with cell borders draws them as thin paths (a line, or a filled thin
rectangle). Horizontal and vertical rules that touch form one table; the rules' positions
give the grid's rows and columns, a boundary missing inside the grid makes a merged cell,
and each cell's text is the text layer within its box. This is what pdfplumber's `lines`
strategy does, without parsing the page a second time (scripts/bench_pdf.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.readers.pdf_tables import FoundTable, continues, join_rows, tidy

#: Rules closer than this (points) are one rule; a rule thinner than THIN is a line.
SNAP = 1.5
THIN = 2.5
MIN_RULE = 4.0


@dataclass
class _Rule:
    pos: float  # y of a horizontal rule, x of a vertical one (points from the top/left)
    start: float
    end: float


def _rules(page, height: float) -> tuple[list[_Rule], list[_Rule]]:
    """Horizontal and vertical rules of the page (top-left origin)."""
    import pypdfium2.raw as raw

    hs: list[_Rule] = []
    vs: list[_Rule] = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        y0, y1 = height - top, height - bottom
        if h <= THIN and w >= MIN_RULE:
            hs.append(_Rule((y0 + y1) / 2, left, right))
        elif w <= THIN and h >= MIN_RULE:
            vs.append(_Rule((left + right) / 2, y0, y1))
        elif w > THIN and h > THIN and raw.FPDFPath_CountSegments(obj.raw) <= 5:
            # a stroked rectangle: its four edges
            hs += [_Rule(y0, left, right), _Rule(y1, left, right)]
            vs += [_Rule(left, y0, y1), _Rule(right, y0, y1)]
    return _merge(hs), _merge(vs)


def _merge(rules: list[_Rule]) -> list[_Rule]:
    """Collinear rules that overlap or touch become one."""
    out: list[_Rule] = []
    for r in sorted(rules, key=lambda r: (round(r.pos / SNAP), r.start)):
        last = out[-1] if out else None
        if last and abs(last.pos - r.pos) <= SNAP and r.start <= last.end + SNAP:
            last.end = max(last.end, r.end)
        else:
            out.append(_Rule(r.pos, r.start, r.end))
    return out


def _touch(h: _Rule, v: _Rule) -> bool:
    return h.start - SNAP <= v.pos <= h.end + SNAP and v.start - SNAP <= h.pos <= v.end + SNAP


def _groups(hs: list[_Rule], vs: list[_Rule]) -> list[tuple[list[_Rule], list[_Rule]]]:
    """Sets of rules that touch each other: one per table."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touch(h, v):
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[_Rule], list[_Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _positions(rules: list[_Rule]) -> list[float]:
    out: list[float] = []
    for p in sorted(r.pos for r in rules):
        if not out or p - out[-1] > SNAP:
            out.append(p)
    return out


def _covered(rules: list[_Rule], pos: float, mid: float) -> bool:
    return any(abs(r.pos - pos) <= SNAP and r.start - SNAP <= mid <= r.end + SNAP for r in rules)


def _cells(hs, vs, ys, xs) -> list[tuple[int, int, int, int]]:
    """Merged-cell ranges (r0, c0, r1, c1) of the grid: atomic cells joined where no rule parts them."""
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for r in range(nr):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(nc):
            xmid = (xs[c] + xs[c + 1]) / 2
            if c + 1 < nc and not _covered(vs, xs[c + 1], ymid):
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < nr and not _covered(hs, ys[r + 1], xmid):
                parent[find((r + 1, c))] = find((r, c))
    spans: dict[tuple[int, int], list[int]] = {}
    for r, c in parent:
        s = spans.setdefault(find((r, c)), [r, c, r, c])
        s[0], s[1], s[2], s[3] = min(s[0], r), min(s[1], c), max(s[2], r), max(s[3], c)
    return sorted(tuple(s) for s in spans.values())


def ruled_tables(page, textpage, page_no: int, height: float) -> list[FoundTable]:
    """The ruled tables of one page, top to bottom, as FoundTables (rows, merges, box)."""
    hs, vs = _rules(page, height)
    found: list[FoundTable] = []
    for ghs, gvs in sorted(_groups(hs, vs), key=lambda g: min(h.pos for h in g[0])):
        ys, xs = _positions(ghs), _positions(gvs)
        if len(ys) < 3 or len(xs) < 2:
            continue
        rows = [[""] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        merged = []
        for r0, c0, r1, c1 in _cells(ghs, gvs, ys, xs):
            text = textpage.get_text_bounded(
                left=xs[c0] + 0.5,
                bottom=height - ys[r1 + 1] + 0.5,
                right=xs[c1 + 1] - 0.5,
                top=height - ys[r0] - 0.5,
            )
            rows[r0][c0] = tidy(text.replace("\r\n", "\n"))
            if r1 > r0 or c1 > c0:
                merged.append(((r0, c0), (r1, c1)))
        rows, merged = _compact(rows, merged)
        if len(rows) >= 2:
            found.append(FoundTable(page_no, len(found) + 1, ys[0], ys[-1], rows, merged))
    return found


def _compact(rows: list[list[str]], merged):
    """Drop empty rows and join a wrapped row's continuation, keeping merges aligned."""
    out: list[list[str]] = []
    where: dict[int, int] = {}
    for r, row in enumerate(rows):
        if out and continues(out[-1], row):
            out[-1] = join_rows(out[-1], row)
        elif any(row) or any(r0 <= r <= r1 for (r0, _), (r1, _) in merged):
            out.append(row)
        where[r] = max(len(out) - 1, 0)
    moved = [((where[r0], c0), (where[r1], c1)) for (r0, c0), (r1, c1) in merged]
    return out, [m for m in moved if m[0] != m[1]]
