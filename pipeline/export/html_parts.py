"""Pieces of the HTML report: number formats, tables, and the links from figures to their origin."""

from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape

from pipeline.export.labels import Label
from pipeline.export.provenance import Origin, Provenance


def is_missing(value: object) -> bool:
    """None, NaN or pandas NA."""
    if value is None:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"
    except (TypeError, ValueError):
        return False


def fmt(value: object, kind: str) -> str:
    """A figure as printed: 万元 with two decimals, % with one, counts whole, '—' when empty."""
    if is_missing(value):
        return "—"
    v = float(value)
    if kind == "pct":
        return f"{v:.1f}%"
    if kind == "count":
        return f"{v:,.0f}"
    if kind == "z":
        return f"{v:.2f}"
    return f"{v:,.2f}"


def header(labels: Iterable[Label]) -> str:
    """A table head: Chinese label with the English one below it."""
    cells = "".join(
        f'<th title="{escape(lb.note)}">{escape(lb.zh)}<span class="en">{escape(lb.en)}</span></th>'
        for lb in labels
    )
    return f"<thead><tr>{cells}</tr></thead>"


def table(labels: list[Label], rows: list[tuple[list[str], str]], numeric: set[int]) -> str:
    """A table of already-escaped cell HTML; rows are (cells, css class of the row)."""
    body = []
    for cells, css in rows:
        tds = "".join(
            f'<td class="n">{c}</td>' if j in numeric else f"<td>{c}</td>"
            for j, c in enumerate(cells)
        )
        body.append(f'<tr class="{css}">{tds}</tr>' if css else f"<tr>{tds}</tr>")
    return f"<table>{header(labels)}<tbody>{''.join(body)}</tbody></table>"


def origin_text(o: Origin) -> str:
    """'file · locator' for a tooltip."""
    return " · ".join(x for x in (o.file, o.locator) if x)


class ProvenanceLinks:
    """Numbers the figures of a report and lists, at its end, where each one comes from."""

    def __init__(self, provenance: Provenance) -> None:
        self.provenance = provenance
        self.index: dict[tuple[str, int, str], int] = {}
        self.entries: list[tuple[str, str, str, list[Origin]]] = []
        self.notes: dict[int, str] = {}

    def href(
        self, text: str, unit_key: str, unit_name: str, year: int, metric: str, label: Label
    ) -> str:
        """'#p-N': the anchor of the figure's provenance entry (made on first use)."""
        key = (unit_key, int(year), metric)
        if key not in self.index:
            origins = self.provenance.metric_origins(unit_key, int(year), metric)
            self.entries.append((f"{unit_name} {year}年", label.zh, text, origins))
            self.index[key] = len(self.entries)
            self.notes[len(self.entries)] = label.note
        return f"#p-{self.index[key]}"

    def link(
        self, text: str, unit_key: str, unit_name: str, year: int, metric: str, label: Label
    ) -> str:
        """The figure as a link to its provenance entry (tooltip: file and place)."""
        if text == "—":
            return text
        target = self.href(text, unit_key, unit_name, year, metric, label)
        origins = self.entries[int(target[3:]) - 1][3]
        tip = "；".join(origin_text(o) for o in origins) or "见出处 see provenance"
        return f'<a class="v" href="{target}" title="{escape(tip)}">{escape(text)}</a>'

    def render(self) -> str:
        """The numbered list of provenance entries."""
        notes = self.notes
        items = []
        for n, (who, what, text, origins) in enumerate(self.entries, start=1):
            parts = [f"<b>{escape(who)} · {escape(what)}：{escape(text)}</b>"]
            if notes.get(n):
                parts.append(f'<span class="loc">{escape(notes[n])}</span>')
            for o in origins:
                value = fmt(o.value, o.kind) if not is_missing(o.value) else ""
                sentence = f'<span class="sent">{escape(o.sentence)}</span>' if o.sentence else ""
                parts.append(
                    f"<div>{escape(o.label)} {escape(value)} — {escape(o.file)}"
                    f' <span class="loc">{escape(o.locator)}</span>{sentence}</div>'
                )
            if not origins:
                parts.append(
                    '<div class="loc">由仓库视图计算，无单一出处（见 unit_year_metrics 及其输入视图）'
                    " computed by the warehouse views; no single source sentence</div>"
                )
            items.append(f'<li id="p-{n}">{"".join(parts)}</li>')
        return f'<ol class="prov">{"".join(items)}</ol>'
