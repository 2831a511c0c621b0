"""The HTML district report: one self-contained file per district-year that opens offline.

No script, no font, no image is fetched: styles are inlined, charts are inline SVG, and a
Content-Security-Policy of `default-src 'none'` makes sure nothing else is ever loaded.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from pipeline.atomic import atomic_path
from pipeline.export.data import CATEGORY_ORDER, DistrictYear, ExportData, metric_kind, ranking_rows
from pipeline.export.html_parts import ProvenanceLinks, fmt, is_missing, table
from pipeline.export.html_style import CSS
from pipeline.export.labels import Label, value_label
from pipeline.export.provenance import Provenance
from pipeline.export.svg import Bar, Line, bar_chart, line_chart

#: Metrics drawn as trends over the years, per unit of the district.
TREND_METRICS = ("final_total_wan", "execution_ratio_pct", "three_public_wan")
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_UNSAFE_NAME = re.compile(r"[^\w\u3400-\u9fff.-]+")


def report_name(dy: DistrictYear, taken: set[str]) -> str:
    """File name of a district-year report (the district's name, its key when names repeat)."""
    name = f"report_{_UNSAFE_NAME.sub('_', dy.name)}_{dy.year}.html"
    if name in taken:
        name = f"report_{_UNSAFE_NAME.sub('_', dy.name)}_{_UNSAFE_NAME.sub('_', dy.key)}_{dy.year}.html"
    taken.add(name)
    return name


class _Report:
    def __init__(self, data: ExportData, dy: DistrictYear) -> None:
        self.data, self.dy, self.labels = data, dy, data.labels
        self.links = ProvenanceLinks(Provenance(data))
        self.metrics = data.of("metrics", dy)
        self.ranking = ranking_rows(data, dy)

    def value_link(self, row: object, metric: str, value: object) -> str:
        text = fmt(value, metric_kind(metric))
        label = self.labels.metric(metric)
        return self.links.link(text, row.unit_key, row.unit_name, row.year, metric, label)

    # ------------------------------------------------------------------ summary
    def summary(self) -> str:
        rep = self.data.of("reporting", self.dy)
        items = []
        if len(rep):
            r = rep.iloc[0]
            items.append(
                f"已知单位 {r.n_units_known} 个，{r.n_units_reported} 个报送了绩效报告，"
                f"{r.n_units_with_workbook} 个报送了决算表。"
            )
            if r.units_not_reported:
                items.append(f"<b>未报送绩效报告：</b>{escape(r.units_not_reported)}。")
            if r.units_without_workbook:
                items.append(f"<b>未报送决算表：</b>{escape(r.units_without_workbook)}。")
        dev = self.metrics.dropna(subset=["budget_deviation_pct"])
        dev = dev.sort_values("budget_deviation_pct", ascending=False).head(3)
        if len(dev):
            parts = [
                f"{escape(r.unit_name)} {self.value_link(r, 'budget_deviation_pct', r.budget_deviation_pct)}"
                for r in dev.itertuples()
            ]
            items.append("<b>预决算偏离度最大：</b>" + "、".join(parts) + "。")
        out = self.ranking[self.ranking["outlier"]]
        if len(out):
            parts = [
                f"{escape(r.metric_label)} {escape(r.unit_name)} "
                f"{self.value_link(r, r.metric, r.value)}（中位数 {fmt(r.median_value, metric_kind(r.metric))}）"
                for r in out.itertuples()
            ]
            items.append("<b>离群值：</b>" + "；".join(parts) + "。")
        else:
            items.append("没有离群值（单位少于4个时不判断）。")
        items += self._differences()
        return '<ul class="summary">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"

    def _differences(self) -> list[str]:
        recon = self.data.of("reconciliation", self.dy)
        differ = recon[recon["status"] == "differ"]
        items = []
        if len(differ):
            parts = [
                f"{escape(r.unit_name)} {escape(self.labels.category(r.figure))}：报告 "
                f"{fmt(r.report_value, 'wan')}，决算表 {fmt(r.workbook_value, 'wan')}（差 {fmt(r.difference, 'wan')}）"
                for r in differ.itertuples()
            ]
            items.append(f"<b>报告与决算表不一致 {len(differ)} 处：</b>" + "；".join(parts) + "。")
        else:
            items.append("报告与决算表核对：没有不一致。")
        only = recon[recon["status"].str.startswith("only_")]
        if len(only):
            items.append(f"只有一方有数（仅报告或仅决算表）{len(only)} 项，见下文核对表。")
        changes = self.data.frames["changes"]
        changes = changes[
            (changes["district_key"] == self.dy.key) & (changes["year"] == self.dy.year)
            & (changes["comparison"] == "differ")
        ]  # fmt: skip
        if len(changes):
            parts = [
                f"{escape(r.unit_name)} {escape(self.labels.category(r.category))}：声明 "
                f"{fmt(r.stated_change_wan, 'wan')}，计算 {fmt(r.computed_change_wan, 'wan')}"
                for r in changes.itertuples()
            ]
            items.append("<b>比上年增减与报告声明不一致：</b>" + "；".join(parts) + "。")
        files = self.data.frames["quarantine"]
        units = set(self.metrics["unit_key"])
        mine = files[files["unit_key"].isin(units) & (files["year"] == self.dy.year)]
        if len(mine):
            parts = [
                f"{escape(r.file_name)}（{escape(str(r.reason))[:120]}）" for r in mine.itertuples()
            ]
            items.append("<b>有问题的文件：</b>" + "；".join(parts) + "。")
        n_quar = int((files["status"] == "quarantined").sum())
        if n_quar:
            items.append(f"全库另有 {n_quar} 个文件被隔离（未加载），见工作簿“隔离与标记文件”。")
        return items

    # ------------------------------------------------------------------ sections
    def rankings(self) -> str:
        parts = []
        for _, rows in self.ranking.groupby("metric_order", sort=True):
            metric = rows["metric"].iloc[0]
            kind = metric_kind(metric)
            label = self.labels.metric(metric)
            bars = [
                Bar(
                    r.unit_name, float(r.value), fmt(r.value, kind), r.outlier,
                    self.links.href(fmt(r.value, kind), r.unit_key, r.unit_name, r.year, metric, label),
                )
                for r in rows.itertuples()
            ]  # fmt: skip
            median = rows["median_value"].iloc[0]
            svg = bar_chart(
                label.zh, bars, None if is_missing(median) else float(median), kind == "pct"
            )
            cells = [
                (
                    [
                        fmt(r.rank_desc, "count"), escape(r.unit_name), self.value_link(r, metric, r.value),
                        fmt(r.median_value, kind), fmt(r.z_score, "z"), "离群" if r.outlier else "",
                    ],
                    "outlier" if r.outlier else "",
                )
                for r in rows.itertuples()
            ]  # fmt: skip
            heads = [
                self.labels.column(c, "district_comparison") for c in ("rank_desc", "unit_name")
            ]
            heads += [Label("数值", label.en), self.labels.column("median_value")]
            heads += [
                self.labels.column("z_score", "district_comparison"),
                self.labels.column("outlier_mark"),
            ]
            parts.append(
                f'<figure id="m-{metric}"><h3>{escape(label.zh)} <span class="en">{escape(label.en)}</span></h3>'
                f"{svg}{table(heads, cells, {0, 2, 3, 4})}"
                f"<figcaption>{escape(label.note)}</figcaption></figure>"
            )
        return "".join(parts) or "<p>本年度没有可比较的指标。</p>"

    def trends(self) -> str:
        series = self.data.of_district("metrics", self.dy.key).sort_values(["unit_name", "year"])
        years = sorted(series["year"].unique())
        parts = []
        for metric in TREND_METRICS:
            label, kind = self.labels.metric(metric), metric_kind(metric)
            lines, cells = [], []
            for (_key, name), unit in series.groupby(["unit_key", "unit_name"], sort=False):
                by_year = {int(r.year): r for r in unit.itertuples()}
                values = [getattr(by_year.get(int(y)), metric, None) for y in years]
                lines.append(Line(name, [None if is_missing(v) else float(v) for v in values]))
                row = [escape(name)] + [
                    self.value_link(by_year[int(y)], metric, getattr(by_year[int(y)], metric))
                    if int(y) in by_year else "—"
                    for y in years
                ]  # fmt: skip
                cells.append((row, ""))
            svg = line_chart(
                f"{label.zh}（各单位，按年度）", [str(y) for y in years], lines, kind == "pct"
            )
            heads = [self.labels.column("unit_name")] + [Label(f"{y}年", str(y)) for y in years]
            parts.append(
                f'<figure id="t-{metric}"><h3>{escape(label.zh)} <span class="en">{escape(label.en)}</span></h3>'
                f"{svg}{table(heads, cells, set(range(1, len(years) + 1)))}</figure>"
            )
        return "".join(parts)

    def totals(self) -> str:
        cats = self.data.of("by_category", self.dy).copy()
        cats["order"] = cats["category"].map({c: i for i, c in enumerate(CATEGORY_ORDER)})
        rows = [
            ([escape(self.labels.category(r.category)), fmt(r.total_wan, "wan"), fmt(r.n_units_with_amount, "count")], "")
            for r in cats.sort_values("order").itertuples()
        ]  # fmt: skip
        cols = ("category_label", "total_wan", "n_units_with_amount")
        out = "<h3>按支出类别 by category</h3>" + table(
            [self.labels.column(c) for c in cols], rows, {1, 2}
        )
        funcs = self.data.of("by_function", self.dy)
        if len(funcs):
            rows = [
                ([escape(r.class_code), escape(r.class_name), fmt(r.total_wan, "wan"), fmt(r.n_units, "count")], "")
                for r in funcs.itertuples()
            ]  # fmt: skip
            cols = ("class_code", "class_name", "total_wan", "n_units")
            out += "<h3>按支出功能分类 by functional class</h3>"
            out += table([self.labels.column(c) for c in cols], rows, {2, 3})
        return out

    def reconciliation(self) -> str:
        recon = self.data.of("reconciliation", self.dy)
        recon = recon[recon["status"] != "agree"].sort_values(["status", "unit_name", "figure"])
        if recon.empty:
            return "<p>报告与决算表的数字全部一致 every report figure agrees with the tables.</p>"
        rows = [
            (
                [
                    escape(r.unit_name), escape(self.labels.category(r.figure)), fmt(r.report_value, "wan"),
                    fmt(r.workbook_value, "wan"), fmt(r.difference, "wan"), escape(value_label(r.status)),
                    _origin(r.report_file, r.report_locator, r.report_sentence),
                    _origin(r.workbook_file, r.workbook_locator, None),
                ],
                "differ" if r.status == "differ" else "outlier",
            )
            for r in recon.itertuples()
        ]  # fmt: skip
        cols = [
            "unit_name",
            "figure_label",
            "report_value",
            "workbook_value",
            "difference",
            "status_label",
        ]
        heads = [self.labels.column(c, "reconciliation") for c in cols]
        heads += [
            Label("报告出处", "report provenance"),
            Label("决算表出处", "workbook provenance"),
        ]
        return table(heads, rows, {2, 3, 4})

    def page(self) -> str:
        dy, data = self.dy, self.data
        invented = self.metrics["is_invented"].any()
        place = f"{dy.city} " if dy.city else ""
        warn = (
            '<p class="invented"><b>虚构样例：</b>本报告含虚构的演示数据（文件名以 sample_ 开头），'
            "数字不是真实数据。 This report includes invented sample data.</p>"
            if invented
            else ""
        )
        when = f"{data.loaded_at:%Y-%m-%d %H:%M}" if data.loaded_at else "—"
        sections = [
            ("summary", "摘要", "summary", self.summary()),
            ("ranking", "区县内指标排名", "rankings within the district", self.rankings()),
            ("trends", "多年趋势", "trends over the years", self.trends()),
            ("totals", "区县合计", "district totals", self.totals()),
            ("recon", "报告与决算表核对", "report vs tables", self.reconciliation()),
        ]
        nav = "".join(f'<a href="#{sid}">{escape(zh)}</a>' for sid, zh, _, _ in sections)
        body = "".join(
            f'<section id="{sid}"><h2>{escape(zh)} <span class="en">{escape(en)}</span></h2>{html}</section>'
            for sid, zh, en, html in sections
        )
        prov = self.links.render()
        return (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(place + dy.title)} 区县报告</title><style>{CSS}</style></head><body>"
            f"<header><h1>{escape(place + dy.title)} 街道乡镇部门整体支出绩效区县报告</h1>"
            f'<p class="meta">District report · 数据截至 data as of {when} · 导出 exported '
            f"{data.exported_at:%Y-%m-%d %H:%M} · 金额单位：万元</p>{warn}</header>"
            f'<nav>{nav}<a href="#prov">出处</a></nav>{body}'
            f'<section id="prov" class="prov"><h2>出处 <span class="en">provenance of every figure'
            f"</span></h2>{prov}</section>"
            f"<footer>数据仓库 warehouse: {escape(str(data.db_path))}</footer></body></html>"
        )


def _origin(file: object, locator: object, sentence: object) -> str:
    parts = [escape(str(x)) for x in (file, locator) if not is_missing(x) and x]
    text = " · ".join(parts)
    if not is_missing(sentence) and sentence:
        text += f'<span class="sent">{escape(str(sentence))}</span>'
    return text or "—"


def render_report(data: ExportData, dy: DistrictYear) -> str:
    """The HTML of one district-year report."""
    return _Report(data, dy).page()


def write_reports(data: ExportData, out_dir: str | Path) -> list[Path]:
    """One report file per district-year in `data`, each written atomically; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    paths = []
    for dy in data.district_years():
        path = out_dir / report_name(dy, taken)
        with atomic_path(path, prefix=".export-") as tmp:
            Path(tmp).write_text(render_report(data, dy), encoding="utf-8")
        paths.append(path)
    return paths
