"""Every view column, declared once. The views' SQL is written by hand (pipeline/sql) or
generated (pipeline.metadata.sql); their COMMENTs come from here, and a test checks that
each view has exactly the columns declared. A column named in COMMON means the same in
every view; a figure or metric name takes the registry's description.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.metadata.columns import CURRENT_COLUMNS, table_columns
from pipeline.metadata.figures import BY_NAME as FIGURES
from pipeline.metadata.model import Column, View
from pipeline.metadata.tables import BY_NAME as TABLES
from pipeline.metadata.view_docs import COMMON, METRIC_DOCS, SOURCE_DOC


def _doc(name: str, explicit: dict[str, str]) -> str:
    if name in explicit:
        return explicit[name]
    if name in COMMON:
        return COMMON[name]
    if name in METRIC_DOCS:
        return METRIC_DOCS[name]
    if name in FIGURES:
        return FIGURES[name].doc
    if name.endswith("_source"):
        return SOURCE_DOC
    raise KeyError(f"no description for view column {name!r}")


def view(name: str, doc: str, columns: str, **explicit: str) -> View:
    """A view declared by its column names (in order) and the descriptions not in COMMON."""
    cols = tuple(Column(c, "text", _doc(c, explicit)) for c in columns.split())
    return View(name, doc, cols)


def _table_doc(table: str, column: str) -> str:
    return next(c.doc for c in table_columns(TABLES[table]) if c.name == column)


def _current_views() -> tuple[View, ...]:
    out = []
    for t in TABLES.values():
        if t.fact or t.name in ("check_results", "document_issues"):
            cols = [
                Column(c, "text", COMMON.get(c) or _table_doc("source_files", c))
                for c in CURRENT_COLUMNS
            ]
            cols += list(table_columns(t))
            out.append(
                View(
                    f"current_{t.name}",
                    f"{t.name} 的当前版本（附单位、年度）/ {t.name} of current file versions, with unit and year",
                    tuple(cols),
                )
            )
    return tuple(out)


def _report_facts(name: str, doc: str) -> View:
    cols = [
        Column(c, "text", COMMON.get(c) or _table_doc("source_files", c))
        for c in [
            "source_id",
            "path",
            "file_name",
            "doc_type",
            "status",
            "is_current",
            "is_invented",
            "n_failed_checks",
            "unit_key",
            "unit_name",
            "division_code",
            "unit_resolution",
        ]
    ]
    cols.append(
        Column(
            "unit_name_as_written",
            "text",
            "单位名称（原文写法）/ unit name as the document writes it",
        )
    )
    cols += [Column(c, "text", COMMON[c]) for c in ("district", "district_code", "city")]
    cols += [Column(f.name, "text", f.doc) for f in FIGURES.values() if f.pivot]
    return View(name, doc, tuple(cols))


def _effective(table: str, doc: str) -> View:
    return View(f"{table}_effective", doc, tuple(table_columns(TABLES[table])))


REVIEW_VIEWS: tuple[View, ...] = (
    _effective(
        "report_figures",
        "生效的文档数据：分析人员更正值优先于同一文档同一字段的抽取值 / effective figures: an analyst's value replaces the extracted one of the same document and field",
    ),
    _effective(
        "check_results",
        "生效的校验结果：用更正值重新校验的结果优先 / effective check results: identities re-run with corrections replace the extracted ones",
    ),
    view(
        "review_links",
        "每个恒等式与核对项目涉及的报告字段（失败或不一致时列入复核）/ the report figures behind each identity and reconciled figure (listed for review on a failure or a difference)",
        "link_kind link_name field",
        link_kind="关联类别：check 校验 / reconciliation 核对 / link kind",
        link_name="校验或核对项目名 / check or reconciled figure",
        field="字段名 / field name",
    ),
    view(
        "review_queue",
        "复核队列：当前文档中需要人工确认或更正的数字（应有而空、恒等式未通过、与决算表不一致、单位未匹配、文档类型未知），每文档每字段一行 / review queue: every figure of a current document that needs a person (expected but empty, in a failed identity, differing from the workbook, unresolved unit, unknown document type), one row per document and figure",
        "district district_key year unit_key unit_name is_invented doc_type file_name path "
        "source_sha256 source_id figure value value_num issue reason locator sentence "
        "value_source",
        doc_type="文档类型 / document type",
        path="文件路径 / file path",
        source_sha256="文件内容SHA-256（更正按此适用于该版本）/ SHA-256 of the document: a correction applies to this version",
        figure="字段（或 check:校验名、doc_type）/ figure (or check:NAME, doc_type)",
        value="现值（空表示未读出）/ what is there (empty: not read)",
        value_num="现值（数值）/ the value as a number",
        issue="列入原因类别：missing 应有而空 / identity 恒等式 / reconciliation 核对 / unit 单位 / doc_type 文档类型 / why it is listed",
        reason="说明（校验或核对结果）/ the issue or check in words",
        locator="位置：标题路径或 工作表!单元格 / locator: heading path or sheet!cell",
        sentence="原文句子或单元格文本 / source sentence or cell text",
        value_source="现值来源：extracted 抽取 / analyst 更正 / where the value comes from",
    ),
)


VIEWS: tuple[View, ...] = (
    _report_facts(
        "report_facts",
        "每份文档一行的标量数据宽表（含历史版本）/ one row per document version with its scalar figures (history included)",
    ),
    _report_facts(
        "report_facts_current",
        "当前版本文档的标量数据宽表 / scalar figures of current document versions only",
    ),
    *_current_views(),
    view(
        "units",
        "单位（街道/乡镇），由已加载文档汇总 / units: subdistricts and townships, derived from the loaded documents",
        "unit_key unit_name division_code district district_code city city_code unit_resolution "
        "unit_kind is_invented has_invented_documents n_sources first_year last_year last_loaded_at",
        division_code="统计用区划代码（12位）/ official 12-digit division code",
        city_code="城市区划代码 / city division code",
        unit_resolution="区划名录匹配：resolved 已匹配 / ambiguous 同名多处 / not_found 名录中没有（按原文记录，需核实）/ division-list match: resolved, ambiguous, not_found (kept as written; an analyst should check it)",
        unit_kind="单位类型：街道 或 乡镇 / unit kind: 街道 (subdistrict) or 乡镇 (township)",
        is_invented="是否仅见于虚构样例文件 / named only by invented sample documents",
        has_invented_documents="是否有虚构样例文件（真实单位也可能有）/ some document naming the unit is invented sample data",
        n_sources="来源文件版本数 / number of document versions naming the unit",
        first_year="最早年度 / first year",
        last_year="最近年度 / last year",
        last_loaded_at="最近加载时间 / last document loaded at",
    ),
)


METRIC_VIEWS: tuple[View, ...] = (
    view(
        "unit_year_inputs",
        "指标输入（每单位每年一行，仅当前版本）：报告有的取报告，否则取决算表（年初预算取部门自评表）；*_source 标明来源 / metric inputs per unit-year (current versions only): the report where it states a figure, else the workbook (budget at start: else the department self-evaluation form); *_source names the document used",
        "unit_key unit_name year district district_code district_key city is_invented "
        "report_source_id workbook_source_id form_source_id report_file workbook_file "
        "final_total_wan final_total_source budget_at_start_wan budget_at_start_source "
        "basic_wan basic_source project_wan project_source gov_fund_wan gov_fund_source "
        "state_capital_wan state_capital_source social_insurance_wan social_insurance_source "
        "other_wan other_source staff_in_post personnel_wan office_wan three_public_wan "
        "three_public_budget_wan",
        final_total_wan="决算数（万元）：报告决算数，否则支出决算表本年支出合计 / final accounts: report 决算数, else 支出决算表 本年支出合计",
        budget_at_start_wan="年初预算数（万元）：报告，否则部门自评表 / budget at start: report, else the department form",
        basic_wan="基本支出（万元）：报告，否则一般公共预算财政拨款支出决算表 / basic: report, else the appropriation table",
        project_wan="项目支出（万元）：报告，否则一般公共预算财政拨款支出决算表 / project: report, else the appropriation table",
        other_wan="其他支出（万元）：报告，否则 支出合计 − 一般公共预算 − 政府性基金 − 国有资本经营 / other: report, else derived from the workbook",
        three_public_wan="三公经费决算数（万元）= 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 / three public expenses: the sum of its three lines",
    ),
    view(
        "unit_year_category_amounts",
        "每单位每年每支出类别一行（含 total），即指标所用金额与来源 / one row per unit-year and expenditure category (plus total): the amount the metrics use and its source",
        "unit_key unit_name year district district_key category amount_wan source",
    ),
    view(
        "unit_year_changes",
        "比上年增减：按仓库自身上一年计算 vs 报告声明，超出舍入容差（金额0.02万元、百分比0.05个百分点）即 differ / change on prior year per category: computed from the warehouse's own prior year beside the change the report states; differ when beyond rounding (0.02 万元 on the amount, 0.05 percentage points on the %)",
        "unit_key unit_name year district district_key category amount_wan source "
        "prior_amount_wan prior_source computed_change_wan computed_change_pct "
        "stated_change_wan stated_change_pct change_wan_difference change_pct_difference "
        "comparison change_disagrees",
        prior_amount_wan="上年金额（万元）/ prior-year amount",
        computed_change_wan="计算增减额（万元）= 本年 − 上年 / computed change = this year − prior year",
        computed_change_pct="计算增减率（%）；上年为0或缺失则为空 / computed change %; NULL when the prior year is 0 or missing",
        stated_change_wan="报告声明的增减额（万元）/ change the report states",
        stated_change_pct="报告声明的增减率（%）/ change % the report states",
        change_wan_difference="声明与计算增减额之差（万元）/ stated − computed change",
        change_pct_difference="声明与计算增减率之差（百分点）/ stated − computed change %",
        comparison="比较结果 / agree, differ, not_stated（报告未声明）, no_prior_year（仓库无上一年）, not_comparable",
        change_disagrees="声明与计算不一致（超出舍入）/ stated and computed change disagree beyond rounding",
    ),
    view(
        "indicator_achievement",
        "绩效指标完成情况：自评表同一行的目标值与实际值；报告目标仅当有且仅有一条同名同单位的成效数据时匹配，否则 not_comparable（宁缺勿猜）/ indicator achievement: targets vs actuals on the same self-evaluation-form row; a report target is matched only to the single achievement with the same indicator name (target text without comparator and value) and unit, otherwise not_comparable (never guessed)",
        "unit_key unit_name year source file_name source_id row_no indicator comparator "
        "target_value target_unit actual_value actual_unit target_text actual_text matched_by "
        "status not_comparable_reason",
        source="目标来源：form 自评表 / report 报告 / where the target is stated",
        indicator="指标 / indicator",
        comparator="比较符 / comparator: ≥ ≤ = > <",
        target_value="目标值 / target value",
        target_unit="目标值单位 / target unit",
        actual_value="实际完成值 / actual value",
        actual_unit="实际值单位 / actual unit",
        target_text="目标原文 / target as written",
        actual_text="完成情况原文 / actual as written",
        matched_by="目标与实际的匹配依据 / how target and actual were matched",
        status="达成 met / 未达成 not_met / 不可比 not_comparable（目标或实际未量化、单位不同、无比较符且不相等）",
        not_comparable_reason="不可比原因 / why the indicator is not comparable",
    ),
    view(
        "expected_fields",
        "每单位每年应有的字段（完整度分母）/ fields expected from each unit-year's report and workbook (the completeness denominator)",
        "doc_type field label",
        doc_type="文档类型 / document type",
        field="字段名 / field name",
        label="字段说明 / field label",
    ),
    view(
        "district_unit_years",
        "区县内已知单位 × 该区县有当前文档的年度，含是否报送 / units known in a district (any year) × the district's years with current documents, with what each delivered",
        "district district_key year unit_key unit_name has_report has_workbook has_form",
    ),
    view(
        "unit_year_completeness",
        "完整度 = 已有项 ÷ 应有项（2份文档：绩效报告、决算表 + expected_fields 中的字段），并列出缺失项；自评表不计入 / completeness = present ÷ expected items (2 documents: report and workbook, plus the fields in expected_fields), listing what is missing; the form is optional and not counted",
        "unit_key unit_name year district district_key n_expected n_present completeness_pct "
        "has_report has_workbook missing_documents missing_fields",
        n_expected="应有项数 / expected items",
        n_present="已有项数 / items present",
    ),
    view(
        "unit_year_metrics",
        "单位年度绩效指标（DOMAIN §5，仅当前版本；除数为0或缺失为空）/ metrics per unit-year (DOMAIN §5, current versions only; a zero or missing input gives NULL)",
        "unit_key unit_name year district district_code district_key city is_invented "
        "report_file workbook_file final_total_wan budget_at_start_wan basic_wan project_wan "
        "staff_in_post execution_ratio_pct budget_deviation_pct execution_source "
        "basic_share_pct project_share_pct share_source per_staff_wan per_staff_source "
        "personnel_wan personnel_share_pct personnel_source three_public_wan "
        "three_public_prior_wan three_public_change_wan three_public_change_pct "
        "three_public_source final_total_prior_wan final_total_change_wan "
        "final_total_change_pct n_changes_compared n_change_disagreements n_indicators "
        "n_indicators_met n_indicators_not_met n_indicators_not_comparable indicators_met_pct "
        "completeness_pct missing_documents missing_fields",
        execution_ratio_pct="预算执行率（%）= 决算数 ÷ 年初预算数 × 100 / execution ratio = final ÷ budget at start",
        budget_deviation_pct="预决算偏离度（%）= |决算数 − 年初预算数| ÷ 年初预算数 × 100 / budget deviation",
        execution_source="执行率与偏离度的来源（决算/预算）/ source of final and budget (report, workbook, form; a/b when different)",
        basic_share_pct="基本支出占比（%）= 基本支出 ÷ 决算数 / basic share of total expenditure",
        project_share_pct="项目支出占比（%）= 项目支出 ÷ 决算数 / project share of total expenditure",
        share_source="占比的来源 / source of the shares",
        per_staff_wan="人均支出（万元/人）= 决算数 ÷ 在职人数 / per-staff expenditure = total ÷ staff in post",
        per_staff_source="人均支出的来源 / source of per-staff expenditure",
        personnel_share_pct="人员经费占比（%）= 人员经费 ÷ (人员经费 + 公用经费)，均取自基本支出决算表 / personnel share of basic expenditure, both from the basic-expenditure table",
        personnel_source="人员经费占比的来源（决算表）/ source of the personnel share (workbook)",
        three_public_wan="三公经费决算数（万元）/ three public expenses (sum of its three lines)",
        three_public_prior_wan="上年三公经费（万元）/ prior-year three public expenses",
        three_public_change_wan="三公经费比上年增减额（万元）/ three-public change on the prior year",
        three_public_change_pct="三公经费比上年增减（%），按仓库上一年计算 / three-public change on the warehouse's prior year",
        three_public_source="三公经费来源（决算表）/ source of three public expenses (workbook)",
        final_total_prior_wan="上年决算数（万元）/ prior-year final total",
        final_total_change_wan="决算数比上年增减额（万元）/ final-total change on the prior year",
        final_total_change_pct="决算数比上年增减（%），按仓库上一年计算 / final-total change on the warehouse's prior year",
        n_changes_compared="可比较的增减类别数 / categories whose change could be compared",
        n_change_disagreements="声明增减与计算增减不一致的类别数（见 unit_year_changes）/ categories whose stated change disagrees with the computed one",
        n_indicators="指标数 / indicators",
        n_indicators_met="达成指标数 / indicators met",
        n_indicators_not_met="未达成指标数 / indicators not met",
        n_indicators_not_comparable="不可比指标数 / indicators not comparable",
        indicators_met_pct="指标达成率（%）= 达成 ÷ (达成 + 未达成)，不可比不计 / indicators met among the comparable ones",
        completeness_pct="完整度（%），见 unit_year_completeness / completeness",
    ),
    view(
        "metric_definitions",
        "参与区县比较的指标及类型（amount/count 可加总，ratio 不加总）/ metrics compared within a district and their kind (amounts and counts are summed, ratios are not)",
        "metric metric_kind label",
        label="指标说明 / metric label",
    ),
    view(
        "unit_year_metric_values",
        "单位年度指标长表（空值不列）/ unit-year metrics in long form (NULL values left out)",
        "unit_key unit_name year district district_key is_invented metric value",
    ),
    view(
        "district_metric_stats",
        "区县年度指标统计：单位数、合计（仅金额/人数）、均值、中位数、最小、最大、样本标准差、四分位 / per district-year and metric: units, sum (amounts and counts only), mean, median, min, max, sample stddev, quartiles",
        "district_key district year metric metric_kind n_units sum_value mean_value "
        "median_value min_value max_value stddev_value q1_value q3_value",
        sum_value="合计（仅金额与人数）/ sum (amounts and counts only)",
        min_value="最小值 / minimum",
        max_value="最大值 / maximum",
        stddev_value="样本标准差 / sample standard deviation",
        q1_value="下四分位数 / first quartile",
        q3_value="上四分位数 / third quartile",
    ),
    view(
        "district_comparison",
        "区县内比较：排名（值越大名次越前，并列同名次）、z 分数 =(值−均值)÷样本标准差、离群 = 超出 [Q1−1.5·IQR, Q3+1.5·IQR]（少于4个单位不判断）/ within-district comparison: rank (1 = largest, ties share a rank), z-score = (value − mean) ÷ sample stddev, outlier = outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR] (NULL with fewer than 4 units; IQR rather than |z| > 2 because one extreme value inflates the stddev of a small district and hides itself)",
        "district district_key year metric metric_kind unit_key unit_name is_invented value n_units "
        "median_value mean_value rank_desc z_score is_outlier",
        is_invented="该单位年度是否含虚构样例数据 / the unit-year includes invented sample data",
        rank_desc="区县内名次（1 = 最大）/ rank in the district, 1 = largest value",
        z_score="z 分数（样本标准差；不足2个单位或标准差为0为空）/ z-score (sample stddev; NULL below 2 units or zero spread)",
        is_outlier="是否离群（1.5倍四分位距规则）/ outlier by the 1.5 IQR rule",
    ),
    view(
        "district_reporting",
        "区县年度报送情况：已知单位（任一年度出现过）中有/无当前绩效报告、决算表的单位 / reporting per district-year: units known in the district in any year, how many have a current report or workbook, and which do not",
        "district_key district year n_units_known n_units_reported n_units_with_workbook "
        "units_not_reported units_without_workbook",
        n_units_with_workbook="有当前决算表的单位数 / units with a current workbook",
    ),
    view(
        "district_totals_by_category",
        "区县年度按支出类别汇总（与单位指标同一取数规则），附报送单位数与未报送单位 / district totals per expenditure category (same source rule as the unit metrics), with units reported and not reported",
        "district_key district year category total_wan n_units_with_amount n_from_report "
        "n_from_workbook n_units_known n_units_reported units_not_reported",
        n_units_with_amount="有该类金额的单位数 / units with an amount",
        n_from_report="取自报告的单位数 / units whose amount is the report's",
        n_from_workbook="取自决算表的单位数 / units whose amount is the workbook's",
    ),
    view(
        "district_totals_by_function",
        "区县年度按支出功能分类（类，3位代码）汇总，取自支出决算表本年支出合计 / district totals per functional class (3-digit code) from the 支出决算表 本年支出合计 account lines",
        "district_key district year class_code class_name total_wan n_units n_units_known "
        "units_without_workbook",
        class_code="功能分类（类）代码 / functional class code",
        class_name="功能分类（类）名称 / functional class name",
        n_units="有决算表的单位数 / units with a workbook",
    ),
)

#: Views materialized as tables (same names), refreshed per changed unit or district
#: (pipeline.warehouse.refresh): comparisons answer from a table, not a chain of views.
MATERIALIZED = {
    "unit_year_inputs": "unit",
    "unit_year_category_amounts": "unit",
    "unit_year_changes": "unit",
    "indicator_achievement": "unit",
    "district_unit_years": "district",
    "unit_year_completeness": "district",
    "unit_year_metrics": "unit",
    "unit_year_metric_values": "unit",
    "district_metric_stats": "district",
    "district_comparison": "district",
    "district_reporting": "district",
    "district_totals_by_category": "district",
    "district_totals_by_function": "district",
}

#: Every view, and view name → declaration.
ALL_VIEWS = tuple(
    replace(v, grain=MATERIALIZED.get(v.name)) for v in (*REVIEW_VIEWS, *VIEWS, *METRIC_VIEWS)
)
BY_NAME = {v.name: v for v in ALL_VIEWS}
