"""Chinese and English labels for exported columns and values, read from the warehouse.

Metric names come from the `metric_definitions` view, expenditure categories from
`expected_fields`, column names from the column COMMENTs (`duckdb_columns()`, written
"中文 / English"). Only what the warehouse does not describe is written here
(`EXTRA_COLUMNS`, `VALUE_LABELS`), so a label is never typed twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import duckdb

#: Columns the exports add or that no table or view comments: (中文, English).
EXTRA_COLUMNS: dict[str, tuple[str, str]] = {
    "metric": ("指标", "metric"),
    "metric_label": ("指标", "metric"),
    "value": ("数值", "value"),
    "median_value": ("区县中位数", "district median"),
    "mean_value": ("区县均值", "district mean"),
    "n_units": ("单位数", "units"),
    "outlier_mark": ("离群", "outlier"),
    "invented_mark": ("虚构样例", "invented"),
    "category": ("支出类别", "expenditure category"),
    "category_label": ("支出类别", "expenditure category"),
    "figure_label": ("核对项目", "figure"),
    "total_wan": ("合计（万元）", "total (10k yuan)"),
    "n_units_with_amount": ("有数单位数", "units with an amount"),
    "n_from_report": ("取自报告", "from reports"),
    "n_from_workbook": ("取自决算表", "from workbooks"),
    "n_units_known": ("已知单位数", "units known"),
    "n_units_reported": ("报送报告单位数", "units with a report"),
    "n_units_with_workbook": ("报送决算表单位数", "units with a workbook"),
    "units_not_reported": ("未报送报告的单位", "units without a report"),
    "units_without_workbook": ("未报送决算表的单位", "units without a workbook"),
    "class_code": ("功能分类科目代码", "functional class code"),
    "class_name": ("功能分类科目", "functional class"),
    "amount_wan": ("本年数（万元）", "this year (10k yuan)"),
    "prior_amount_wan": ("上年数（万元）", "prior year (10k yuan)"),
    "source": ("取数来源", "source"),
    "status_label": ("结果", "result"),
    "comparison_label": ("比较结果", "comparison"),
    "n_expected": ("应有项数", "items expected"),
    "n_present": ("已有项数", "items present"),
    "has_report": ("有绩效报告", "has report"),
    "has_workbook": ("有决算表", "has workbook"),
    "status": ("状态", "status"),
    "doc_type": ("文档类型", "document type"),
}

#: Codes shown to analysts in Chinese, with the code kept after it for filters and SQL.
VALUE_LABELS: dict[str, str] = {
    "agree": "一致",
    "differ": "不一致",
    "only_report": "仅报告有",
    "only_workbook": "仅决算表有",
    "not_stated": "报告未声明",
    "no_prior_year": "无上年数据",
    "not_comparable": "不可比",
    "quarantined": "已隔离",
    "flagged": "已标记",
    "report": "报告",
    "workbook": "决算表",
    "form": "自评表",
}

_CJK = re.compile(r"[\u3400-\u9fff]")
_SLASH = re.compile(r"\s?/\s")
_PAREN = re.compile(r"（([^（）]*)）")
_ZH_CUT = re.compile(r"\s*(?:=|：|:|，|；|,)")
_EN_CUT = re.compile(r"\s*(?: = |;|: |, )")


def text_width(text: str) -> int:
    """Display width: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def split_bilingual(text: str) -> tuple[str, str]:
    """'中文 / English' or '中文English' → (中文, English)."""
    text = (text or "").strip()
    for match in reversed(list(_SLASH.finditer(text))):
        tail = text[match.end() :]
        if tail and not _CJK.search(tail):
            return text[: match.start()].strip(), tail.strip()
    # '决算数（万元）final accounts': English starts at the first letter after the last CJK text
    last = max((m.end() for m in re.finditer(r"[^\x00-\x7f]", text)), default=0)
    if last and re.match(r"\s*[A-Za-z]", text[last:]):
        return text[:last].strip(), text[last:].strip()
    return (text, "") if _CJK.search(text) else ("", text)


def short_zh(text: str) -> str:
    """A header-sized Chinese label: explanations in brackets and after = ： ， dropped."""

    def keep_unit(match: re.Match) -> str:
        inner = match.group(1)
        return match.group(0) if len(inner) <= 5 and not re.search(r"[=；，、\s]", inner) else ""

    return _ZH_CUT.split(_PAREN.sub(keep_unit, text), maxsplit=1)[0].strip()


def short_en(text: str) -> str:
    """A header-sized English label."""
    head = _EN_CUT.split(text, maxsplit=1)[0].strip()
    if head.count("(") > head.count(")"):
        head = head[: head.rfind("(")].strip()  # the cut fell inside a bracket
    return re.sub(r"\s*\([^)]{14,}\)$", "", head)


@dataclass(frozen=True)
class Label:
    """A column's header in Chinese and English, and its full description (for a note)."""

    zh: str
    en: str
    note: str = ""


class Labels:
    """Every label the exports need, read once from one warehouse connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.metrics: dict[str, str] = dict(
            con.execute("SELECT metric, label FROM metric_definitions").fetchall()
        )
        self.metric_order = list(self.metrics)
        self.metric_kind: dict[str, str] = dict(
            con.execute("SELECT metric, metric_kind FROM metric_definitions").fetchall()
        )
        self.fields: dict[str, str] = dict(
            con.execute(
                "SELECT field, label FROM expected_fields WHERE doc_type = 'performance_report'"
            ).fetchall()
        )
        rows = con.execute(
            """SELECT table_name, column_name, comment FROM duckdb_columns()
               WHERE schema_name = 'main' AND comment IS NOT NULL AND comment <> ''"""
        ).fetchall()
        self.comments = {(t, c): text for t, c, text in rows}
        # a column described on a base table describes the same name in the views over it
        self.by_name: dict[str, str] = {}
        for _t, c, text in sorted(rows, key=lambda r: (r[0].startswith("current_"), r[0])):
            self.by_name.setdefault(c, text)

    def metric(self, metric: str) -> Label:
        """Label of a metric of metric_definitions (falls back to the code)."""
        zh, en = split_bilingual(self.metrics.get(metric, metric))
        return Label(zh or metric, en or metric, self.by_name.get(metric, ""))

    def category(self, category: str) -> str:
        """Chinese name of an expenditure category or reconciliation figure (basic, total …)."""
        field = "final_total_wan" if category in ("total", "final_total") else f"{category}_wan"
        zh, _ = split_bilingual(self.fields.get(field, category))
        return zh or category

    def column(self, column: str, table: str | None = None) -> Label:
        """Header of a column: metric label, else its COMMENT, else EXTRA_COLUMNS, else the name."""
        comment = self.comments.get((table, column)) if table else None
        if column in self.metrics:
            label = self.metric(column)
            return Label(label.zh, label.en, comment or label.note)
        if column in EXTRA_COLUMNS and not comment:
            zh, en = EXTRA_COLUMNS[column]
            return Label(zh, en)
        comment = comment or self.by_name.get(column)
        if not comment:
            return Label(column, column)
        zh, en = split_bilingual(comment)
        return Label(short_zh(zh) or column, short_en(en) or column, comment)


def value_label(code: object) -> str:
    """'不一致 differ' for a known code, the value itself otherwise."""
    if isinstance(code, str) and code in VALUE_LABELS:
        return f"{VALUE_LABELS[code]} {code}"
    return "" if code is None else str(code)
