"""The descriptions shared by view columns: columns that mean the same wherever they appear
(data, read by pipeline.metadata.views)."""

from __future__ import annotations

from pipeline.metadata.figures import METRICS
from pipeline.metadata.tables import BY_NAME as TABLES

_SOURCE = TABLES["source_files"]
METRIC_DOCS = {m.name: m.doc for m in METRICS}
SOURCE_DOC = "取数来源：report 报告 / workbook 决算表 / form 自评表（a/b 表示分子分母来源不同）/ which document gave it: report, workbook or form (a/b when numerator and denominator differ)"

#: Columns that mean the same wherever they appear.
COMMON: dict[str, str] = {
    "unit_key": _SOURCE.column("unit_key").doc,
    "unit_name": "单位名称（区划名录的正式名称）/ unit name (official, from the division list)",
    "year": "年度 / fiscal year",
    "district": "所属区县 / district or county",
    "district_code": "区县区划代码 / district division code",
    "district_key": "区县键：区划代码，名录中没有时为名称 / district key: its division code, else its name",
    "city": "所属城市 / city",
    "is_invented": "是否含虚构样例数据：任一来源文件为虚构样例即为真 / true when any document feeding it is invented sample data",
    "file_name": "文件名 / file name",
    "source_id": "来源文件版本ID / source file version id",
    "row_no": "文件内行序号 / row position within the document",
    "metric": "指标名（见 metric_definitions）/ metric name (see metric_definitions)",
    "metric_kind": "指标类型：amount 金额 / count 人数 / ratio 比率 / metric kind",
    "value": "指标值 / metric value",
    "n_units": "单位数 / number of units",
    "category": "支出类别（basic 基本, project 项目, gov_fund 政府性基金, state_capital 国有资本经营, social_insurance 社会保险基金, other 其他, total 合计）/ expenditure category",
    "amount_wan": "金额（万元）/ amount (10k yuan)",
    "source": SOURCE_DOC,
    "report_file": "绩效报告文件名 / performance report file",
    "workbook_file": "决算表文件名 / final-accounts workbook file",
    "report_source_id": "绩效报告文件版本ID / report file version id",
    "workbook_source_id": "决算表文件版本ID / workbook file version id",
    "form_source_id": "部门自评表文件版本ID / department form file version id",
    "n_units_known": "区县已知单位数（任一年度出现过）/ units known in the district (any year)",
    "n_units_reported": "有当前绩效报告的单位数 / units with a current report",
    "units_not_reported": "未报送绩效报告的单位 / units without a current report",
    "units_without_workbook": "未报送决算表的单位 / units without a current workbook",
    "has_report": "有当前绩效报告 / has a current performance report",
    "has_workbook": "有当前决算表 / has a current final-accounts workbook",
    "has_form": "有当前部门自评表 / has a current department form",
    "missing_documents": "缺失文档 / missing documents",
    "missing_fields": "缺失字段 / missing fields (report.x, workbook.y)",
    "completeness_pct": "完整度（%）/ share of expected documents and fields present",
    "median_value": "区县中位数 / district median",
    "mean_value": "区县均值 / district mean",
    "total_wan": "合计（万元）/ total (10k yuan)",
    "personnel_wan": "人员经费（万元）/ personnel costs",
    "office_wan": "公用经费（万元）/ office costs",
    "three_public_budget_wan": "三公经费预算数（万元）/ three public expenses, budget",
}
