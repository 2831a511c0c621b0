"""Every scalar figure a document can give, declared once (report_figures.field), with the
reconciliation of report figures against the workbook and the metrics compared within a
district. A new figure is one entry here plus its extraction rule; a new metric one entry
in METRICS plus its formula in create_metrics.sql."""

from __future__ import annotations

from pipeline.metadata.model import Figure as F
from pipeline.metadata.model import Metric, Reconciled
from pipeline.models import EXPENDITURE_CATEGORIES


def report(label: str) -> tuple[tuple[str, str], ...]:
    """Expected in a performance report, with its label in the completeness list."""
    return (("performance_report", label),)


def workbook(label: str) -> tuple[tuple[str, str], ...]:
    """Expected in a final-accounts workbook, with its label in the completeness list."""
    return (("final_accounts_workbook", label),)


FIGURES: tuple[F, ...] = (
    # identity
    F("unit_name", "text", "单位名称（正式名称）/ unit name (official form)", pivot=False),
    F(
        "unit_name_written",
        "text",
        "单位名称（原文写法）/ unit name as the document writes it",
        pivot=False,
    ),
    F(
        "division_key",
        "text",
        "区划名录中的单位键 / the unit's key in the division list",
        pivot=False,
    ),
    F("division_code", "text", "统计用区划代码 / 12-digit division code", pivot=False),
    F(
        "unit_resolution",
        "text",
        "区划名录匹配 / how the unit matched the division list",
        pivot=False,
    ),
    F("district", "text", "所属区县 / district", pivot=False, expected=report("所属区县 district")),
    F("city", "text", "所属城市 / city", pivot=False, expected=report("所属城市 city")),
    F("source_amount_unit", "text", "原表金额单位 / amount unit the workbook states"),
    F("year", "year", "年度 / fiscal year"),
    # staff and organisation
    F(
        "staff_in_post",
        "count",
        "在职人数 / staff in post",
        expected=report("在职人数 staff in post"),
    ),
    F(
        "retirees",
        "count",
        "退休人数（离退休合计或退休）/ retirees",
        expected=report("退休人数 retirees"),
    ),
    F(
        "retirees_kind",
        "text",
        "退休人数口径：离退休 或 退休 / which count retirees is",
        pivot=False,
    ),
    F("retired_staff", "count", "退休人数 / retired staff (退休)", pivot=False),
    F("retired_incl_lixiu_staff", "count", "离退休人数 / retired incl. 离休", pivot=False),
    F("staff_establishment", "count", "编制数 / staff establishment (编制)", pivot=False),
    F(
        "communities_count",
        "count",
        "社区数 / communities governed",
        expected=report("社区数 communities"),
    ),
    F("internal_bodies_count", "count", "内设机构数 / internal bodies", pivot=False),
    F(
        "affiliated_institutions_count",
        "count",
        "所属事业单位数 / affiliated institutions",
        pivot=False,
    ),
    # budget and final accounts
    F(
        "budget_at_start_wan",
        "amount",
        "年初预算数（万元）/ budget at start of year",
        expected=report("年初预算数 budget at start"),
    ),
    F("budget_full_year_wan", "amount", "全年预算数（万元）/ full-year budget", pivot=False),
    F(
        "final_total_wan",
        "amount",
        "决算数（万元）/ final accounts total",
        expected=report("决算数 final accounts"),
    ),
    F(
        "budget_gap_wan",
        "amount",
        "决算与年初预算之差（万元）/ stated gap final − budget",
        pivot=False,
    ),
    F(
        "final_to_budget_pct",
        "pct",
        "决算为年初预算的百分比 / stated final ÷ budget (%)",
        pivot=False,
    ),
    F("executed_wan", "amount", "全年执行数（万元）/ executed", pivot=False),
    F("execution_rate_pct", "pct", "执行率（%）/ execution rate", pivot=False),
    # the six categories as a report states them, and their stated changes
    F(
        "basic_wan",
        "amount",
        "基本支出（万元）/ basic expenditure",
        expected=report("基本支出 basic"),
    ),
    F(
        "project_wan",
        "amount",
        "项目支出（万元）/ project expenditure",
        expected=report("项目支出 project"),
    ),
    F(
        "gov_fund_wan",
        "amount",
        "政府性基金支出（万元）/ government funds",
        expected=report("政府性基金 government funds") + workbook("政府性基金 本年支出"),
    ),
    F(
        "state_capital_wan",
        "amount",
        "国有资本经营支出（万元）/ state capital",
        expected=report("国有资本经营 state capital") + workbook("国有资本经营 本年支出"),
    ),
    F(
        "social_insurance_wan",
        "amount",
        "社会保险基金支出（万元）/ social insurance fund",
        expected=report("社会保险基金 social insurance"),
    ),
    F(
        "other_wan",
        "amount",
        "其他支出（万元）/ other expenditure",
        expected=report("其他支出 other"),
    ),
    *(
        F(f"{cat}_{k}", kind, f"{zh}比上年增减{unit} / {en} change on prior year{eu}", pivot=False)
        for cat, zh, en in (
            ("basic", "基本支出", "basic"),
            ("project", "项目支出", "project"),
            ("gov_fund", "政府性基金", "government funds"),
            ("state_capital", "国有资本经营", "state capital"),
            ("social_insurance", "社会保险基金", "social insurance"),
            ("other", "其他支出", "other"),
        )
        for k, kind, unit, eu in (
            ("change_wan", "amount", "额（万元）", " (10k yuan)"),
            ("change_pct", "pct", "率（%）", " (%)"),
        )
    ),
    # the final-accounts workbook
    F(
        "expenditure_total_wan",
        "amount",
        "支出决算表 本年支出合计（万元）/ 支出决算表 total",
        expected=workbook("支出决算表 本年支出合计"),
    ),
    F(
        "expenditure_basic_wan",
        "amount",
        "支出决算表 基本支出（万元）/ 支出决算表 basic",
        expected=workbook("支出决算表 基本支出"),
    ),
    F(
        "expenditure_project_wan",
        "amount",
        "支出决算表 项目支出（万元）/ 支出决算表 project",
        expected=workbook("支出决算表 项目支出"),
    ),
    F(
        "gpb_total_wan",
        "amount",
        "一般公共预算财政拨款支出合计（万元）/ general-budget appropriation total",
        expected=workbook("一般公共预算财政拨款支出 合计"),
    ),
    F(
        "gpb_basic_wan",
        "amount",
        "一般公共预算财政拨款基本支出（万元）/ appropriation basic",
        expected=workbook("一般公共预算财政拨款 基本支出"),
    ),
    F(
        "gpb_project_wan",
        "amount",
        "一般公共预算财政拨款项目支出（万元）/ appropriation project",
        expected=workbook("一般公共预算财政拨款 项目支出"),
    ),
    F(
        "personnel_wan",
        "amount",
        "人员经费（万元）/ personnel costs",
        expected=workbook("人员经费 personnel"),
    ),
    F(
        "office_wan",
        "amount",
        "公用经费（万元）/ office costs",
        expected=workbook("公用经费 office"),
    ),
    F(
        "revenue_total_wan",
        "amount",
        "本年收入合计（万元）/ revenue total",
        expected=workbook("本年收入合计 revenue"),
    ),
    F(
        "three_public_budget_wan",
        "amount",
        "三公经费预算数（万元）/ three public expenses, budget",
        expected=workbook("三公经费 预算数"),
    ),
    F(
        "three_public_final_wan",
        "amount",
        "三公经费决算数（万元）/ three public expenses, final",
        expected=workbook("三公经费 决算数"),
    ),
    F(
        "expenditure_by_class",
        "json",
        "按功能分类支出（JSON）/ expenditure by functional class",
        expected=workbook("按功能分类支出 by functional class"),
    ),
    # self-evaluation forms
    F(
        "form_kind",
        "text",
        "自评表类别（部门整体/项目）/ form kind: department or project",
        pivot=False,
    ),
    F("total_score", "number", "自评总分 / total score", pivot=False),
    F("total_weight", "number", "总分值 / total weight", pivot=False),
)

#: Figure name → declaration.
BY_NAME = {f.name: f for f in FIGURES}

#: Report figure ↔ workbook (DOMAIN.md §3): 基本/项目 = the 一般公共预算财政拨款支出决算表's;
#: 政府性基金 and 国有资本经营 = their tables' 本年支出; 决算数 = 支出决算表 本年支出合计;
#: 其他 = that total − 一般公共预算 − 政府性基金 − 国有资本经营.
RECONCILED: tuple[Reconciled, ...] = (
    Reconciled("basic", "basic_wan", ("gpb_basic_wan",)),
    Reconciled("project", "project_wan", ("gpb_project_wan",)),
    Reconciled("gov_fund", "gov_fund_wan", ("gov_fund_wan",)),
    Reconciled("state_capital", "state_capital_wan", ("state_capital_wan",)),
    Reconciled(
        "other",
        "other_wan",
        ("expenditure_total_wan", "gpb_total_wan", "gov_fund_wan", "state_capital_wan"),
    ),
    Reconciled("final_total", "final_total_wan", ("expenditure_total_wan",)),
)

#: Metrics compared within a district and year (unit_year_metrics columns).
METRICS: tuple[Metric, ...] = (
    Metric("final_total_wan", "amount", "决算数（万元）final accounts (10k yuan)"),
    Metric("budget_at_start_wan", "amount", "年初预算数（万元）budget at start (10k yuan)"),
    Metric("basic_wan", "amount", "基本支出（万元）basic expenditure"),
    Metric("project_wan", "amount", "项目支出（万元）project expenditure"),
    Metric("staff_in_post", "count", "在职人数 staff in post"),
    Metric("three_public_wan", "amount", "三公经费（万元）three public expenses"),
    Metric("execution_ratio_pct", "ratio", "预算执行率（%）execution ratio"),
    Metric("budget_deviation_pct", "ratio", "预决算偏离度（%）budget deviation"),
    Metric("basic_share_pct", "ratio", "基本支出占比（%）basic share"),
    Metric("project_share_pct", "ratio", "项目支出占比（%）project share"),
    Metric("per_staff_wan", "ratio", "人均支出（万元/人）per-staff expenditure"),
    Metric("personnel_share_pct", "ratio", "人员经费占基本支出比（%）personnel share"),
    Metric("three_public_change_pct", "ratio", "三公经费比上年增减（%）three-public change"),
    Metric("final_total_change_pct", "ratio", "决算数比上年增减（%）final total change"),
    Metric("indicators_met_pct", "ratio", "指标达成率（%）indicators met"),
    Metric("completeness_pct", "ratio", "完整度（%）completeness"),
)

#: The report figures each identity of pipeline.checks.report reads: a failed identity puts
#: them in the review queue (a check not named here is listed once, as check:NAME).
CHECK_FIGURES: dict[str, tuple[str, ...]] = {
    "categories_sum_to_total": (
        "final_total_wan",
        *(f"{c}_wan" for c in EXPENDITURE_CATEGORIES),
    ),
    "projects_sum_to_project": ("project_wan",),
    "budget_gap": ("budget_gap_wan", "final_total_wan", "budget_at_start_wan"),
}
