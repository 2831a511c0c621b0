"""Charts as inline SVG written in Python: they render offline, print sharply and set Chinese
text with the page's fonts (no JavaScript, no chart library)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from pipeline.export.labels import text_width

#: Colour-blind-safe palette (Tableau 10); amber marks outliers.
PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip
BAR, OUTLIER, MEDIAN = "#4e79a7", "#e8a33d", "#555555"
WIDTH = 680
CHAR_PX = 6.8  # one half-width character at 13 px; a CJK character counts two


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value, whether it is an outlier, and where its figure comes from."""

    label: str
    value: float
    text: str
    outlier: bool = False
    href: str = ""


@dataclass(frozen=True)
class Line:
    """One line of a trend chart: a name and a value (or None) per x position."""

    name: str
    values: list[float | None]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (0 included)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        high = low + 1
    raw = (high - low) / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(low / step) * step
    ticks, t = [], start
    while t <= high + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def _tick_text(value: float, percent: bool) -> str:
    if percent:
        return f"{value:g}%"
    return f"{value:,.0f}" if abs(value) >= 10 or value == 0 else f"{value:g}"


def _svg(width: float, height: float, label: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>' + "".join(body) + "</svg>"
    )


def bar_chart(
    title: str, bars: list[Bar], median: float | None = None, percent: bool = False
) -> str:
    """Horizontal bars in the given order (rank 1 first), a dashed line at the median."""
    label_px = max([text_width(b.label) for b in bars] + [8]) * CHAR_PX + 12
    left, right, top, row = label_px, 86, 22, 24
    height = top + row * len(bars) + 30
    plot = WIDTH - left - right
    values = [b.value for b in bars]
    ticks = nice_ticks(min(values, default=0), max(values, default=1))
    lo, hi = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * plot

    # the title is the heading above the chart (and the SVG's accessible name)
    body = []
    for t in ticks:
        body.append(
            f'<line class="grid" x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top - 4}" '
            f'y2="{height - 26}"/><text class="tick" x="{x(t):.1f}" y="{height - 12}" '
            f'text-anchor="middle">{escape(_tick_text(t, percent))}</text>'
        )
    for i, b in enumerate(bars):
        y = top + i * row
        x0, x1 = sorted((x(0), x(b.value)))
        fill = OUTLIER if b.outlier else BAR
        bar = (
            f'<rect class="bar" x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 1):.1f}" '
            f'height="{row - 8}" fill="{fill}"><title>{escape(b.label)}: {escape(b.text)}'
            f"</title></rect>"
        )
        if b.href:
            bar = f'<a href="{escape(b.href)}">{bar}</a>'
        body.append(
            f'<text class="lbl" x="{left - 6:.0f}" y="{y + row / 2 + 4:.0f}" '
            f'text-anchor="end">{escape(b.label)}</text>{bar}'
            f'<text class="val" x="{x1 + 4:.1f}" y="{y + row / 2 + 4:.0f}">{escape(b.text)}</text>'
        )
    if median is not None and len(bars) > 1:
        body.append(
            f'<line class="median" x1="{x(median):.1f}" x2="{x(median):.1f}" y1="{top - 4}" '
            f'y2="{height - 26}" stroke="{MEDIAN}"/>'
            f'<text class="tick" x="{x(median) + 3:.1f}" y="{top - 8}">中位数 median</text>'
        )
    return _svg(WIDTH, height, title, body)


def line_chart(title: str, xs: list[str], lines: list[Line], percent: bool = False) -> str:
    """Lines over the x positions (years), one colour per line, legend below."""
    left, right, top, plot_h = 64, 20, 14, 200
    values = [v for ln in lines for v in ln.values if v is not None]
    ticks = nice_ticks(min(values, default=0), max(values, default=1))
    lo, hi = ticks[0], ticks[-1]
    plot_w = WIDTH - left - right
    step = plot_w / max(len(xs), 1)

    def px(i: int) -> float:
        return left + step * (i + 0.5)

    def py(v: float) -> float:
        return top + plot_h - (v - lo) / (hi - lo) * plot_h

    per_row = 3
    legend_rows = math.ceil(len(lines) / per_row)
    height = top + plot_h + 34 + 20 * legend_rows
    body = []
    for t in ticks:
        body.append(
            f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{py(t):.1f}" '
            f'y2="{py(t):.1f}"/><text class="tick" x="{left - 6}" y="{py(t) + 4:.1f}" '
            f'text-anchor="end">{escape(_tick_text(t, percent))}</text>'
        )
    for i, label in enumerate(xs):
        body.append(
            f'<text class="tick" x="{px(i):.1f}" y="{top + plot_h + 18}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for k, ln in enumerate(lines):
        colour = PALETTE[k % len(PALETTE)]
        points = [(px(i), py(v)) for i, v in enumerate(ln.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
            body.append(f'<polyline class="series" points="{path}" stroke="{colour}"/>')
        for (a, b), v in zip(points, [v for v in ln.values if v is not None], strict=True):
            body.append(
                f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(ln.name)}: {v:,.2f}</title></circle>"
            )
        lx = left + (k % per_row) * (plot_w / per_row)
        ly = top + plot_h + 40 + (k // per_row) * 20
        body.append(
            f'<rect x="{lx:.0f}" y="{ly - 9}" width="14" height="4" fill="{colour}"/>'
            f'<text class="lbl" x="{lx + 20:.0f}" y="{ly - 4}">{escape(ln.name)}</text>'
        )
    return _svg(WIDTH, height, title, body)
