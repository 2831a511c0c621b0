"""The `zh` schema: every view and the main tables again, under Chinese table and column
names generated from the registry's declarations (a column's Chinese name is the Chinese
part of its description unless named here), so `SELECT 单位, 预算执行率 FROM
zh.单位年度指标` works. Each zh view is a plain projection of its English twin.
"""

from __future__ import annotations

import re

from pipeline.metadata.columns import table_columns
from pipeline.metadata.model import Column
from pipeline.metadata.tables import BY_NAME as TABLES
from pipeline.metadata.views import ALL_VIEWS

#: English table or view → its Chinese name in the zh schema.
ZH_TABLES = {
    "source_files": "来源文件",
    "report_figures": "文档数据",
    "check_results": "校验结果",
    "document_issues": "抽取问题",
    "quarantine": "隔离文件",
    "load_log": "加载日志",
    "reconciliation": "报告与决算表核对",
    "report_facts": "文档数据宽表",
    "report_facts_current": "当前文档数据宽表",
    "current_report_figures": "当前文档数据",
    "current_expenditure": "当前支出类别",
    "current_projects": "当前项目",
    "current_targets": "当前绩效目标",
    "current_achievements": "当前目标完成情况",
    "current_texts": "当前文本段落",
    "current_account_lines": "当前决算科目",
    "current_three_public_lines": "当前三公经费",
    "current_form_funding": "当前自评表资金",
    "current_form_indicators": "当前自评表指标",
    "current_check_results": "当前校验结果",
    "current_document_issues": "当前抽取问题",
    "units": "单位",
    "unit_year_inputs": "单位年度输入",
    "unit_year_category_amounts": "单位年度类别金额",
    "unit_year_changes": "单位年度增减",
    "indicator_achievement": "绩效指标完成情况",
    "expected_fields": "应有字段",
    "district_unit_years": "区县单位年度",
    "unit_year_completeness": "单位年度完整度",
    "unit_year_metrics": "单位年度指标",
    "metric_definitions": "指标定义",
    "unit_year_metric_values": "单位年度指标长表",
    "district_metric_stats": "区县指标统计",
    "district_comparison": "区县内比较",
    "district_reporting": "区县报送情况",
    "district_totals_by_category": "区县按类别合计",
    "district_totals_by_function": "区县按功能分类合计",
    "report_figures_effective": "生效文档数据",
    "check_results_effective": "生效校验结果",
    "review_links": "复核关联字段",
    "review_queue": "复核队列",
    "corrections": "更正历史",
}
#: Columns whose description's Chinese part is not the name a person would type.
ZH_COLUMNS = {
    "unit_name": "单位",
    "unit_name_as_written": "单位名称原文",
    "district": "区县",
    "city": "城市",
    "year": "年度",
}
_LATIN_TAIL = re.compile(r"\s+[A-Za-z].*$")


def zh_name(column: Column) -> str:
    """A column's Chinese name in the zh schema."""
    if column.name in ZH_COLUMNS:
        return ZH_COLUMNS[column.name]
    return _LATIN_TAIL.sub("", column.zh_name).strip() or column.name


def zh_columns(columns: list[Column]) -> list[tuple[str, str]]:
    """(English, Chinese) per column; a Chinese name two columns share gets the English
    name after it, so every name stays unique and findable."""
    names = [zh_name(c) for c in columns]
    seen: dict[str, int] = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    return [
        (c.name, n if seen[n] == 1 else f"{n}（{c.name}）")
        for c, n in zip(columns, names, strict=True)
    ]


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sources() -> list[tuple[str, str, list[Column]]]:
    """(English name, doc, columns) of every view and named table."""
    out = [(v.name, v.doc, list(v.columns)) for v in ALL_VIEWS]
    for name in ZH_TABLES:
        if name in TABLES:
            t = TABLES[name]
            out.append((name, t.doc, table_columns(t)))
    return out


def zh_schema_sql() -> str:
    """CREATE SCHEMA zh and one Chinese-named view per English table or view, with comments."""
    out = ["CREATE SCHEMA IF NOT EXISTS zh;"]
    for name, doc, columns in _sources():
        zh = ZH_TABLES[name]
        pairs = zh_columns(columns)
        select = ",\n    ".join(f'{en} AS "{cn}"' for en, cn in pairs)
        out.append(f'CREATE OR REPLACE VIEW zh."{zh}" AS SELECT\n    {select}\nFROM main.{name};')
        out.append(f'COMMENT ON VIEW zh."{zh}" IS {_q(f"{doc}（英文名 {name}）")};')
        for (_en, cn), c in zip(pairs, columns, strict=True):
            out.append(f'COMMENT ON COLUMN zh."{zh}"."{cn}" IS {_q(f"{c.doc}（{c.name}）")};')
    return "\n".join(out) + "\n"
