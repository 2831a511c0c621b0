"""Layout knowledge of final-accounts workbooks and self-evaluation forms, as data.

A new layout (another title wording, header synonym or row label) should be a change to
the tables below, not to the extraction code. All matching is done on `norm_label` text
(pipeline.labels): NFKC (full-width → half-width), no whitespace, no quotes, no list numbering.
"""

from __future__ import annotations

import re

# --- the nine tables -----------------------------------------------------------------

#: Canonical table key → Chinese title, classification of its codes, kind of grid.
TABLES: dict[str, dict] = {
    "income_expenditure_summary": {
        "title": "收入支出决算总表",
        "classification": None,
        "kind": "summary",
    },
    "income": {"title": "收入决算表", "classification": "functional", "kind": "coded"},
    "expenditure": {"title": "支出决算表", "classification": "functional", "kind": "coded"},
    "appropriation_summary": {
        "title": "财政拨款收入支出决算总表",
        "classification": None,
        "kind": "summary",
    },
    "gpb_expenditure": {
        "title": "一般公共预算财政拨款支出决算表",
        "classification": "functional",
        "kind": "coded",
    },
    "gpb_basic_expenditure": {
        "title": "一般公共预算财政拨款基本支出决算表",
        "classification": "economic",
        "kind": "coded",
    },
    "three_public": {
        "title": '一般公共预算财政拨款"三公"经费支出决算表',
        "classification": None,
        "kind": "three_public",
    },
    "gov_fund": {
        "title": "政府性基金预算财政拨款收入支出决算表",
        "classification": "functional",
        "kind": "coded",
    },
    "state_capital": {
        "title": "国有资本经营预算财政拨款支出决算表",
        "classification": "functional",
        "kind": "coded",
    },
}

#: Title synonyms (compared after norm_title, by containment). Tables are tried in this
#: order and the first hit wins, so the specific titles come before the ones they contain
#: (支出决算表 is inside every other expenditure title).
TABLE_SYNONYMS: list[tuple[str, list[str]]] = [
    ("three_public", ["三公经费", "三公"]),
    (
        "gov_fund",
        ["政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款支出决算表", "政府性基金"],
    ),
    ("state_capital", ["国有资本经营预算财政拨款支出决算表", "国有资本经营预算", "国有资本经营"]),
    (
        "gpb_basic_expenditure",
        [
            "一般公共预算财政拨款基本支出决算表",
            "一般公共预算基本支出决算表",
            "财政拨款基本支出决算表",
            "基本支出决算表",
        ],
    ),
    (
        "gpb_expenditure",
        [
            "一般公共预算财政拨款支出决算表",
            "一般公共预算支出决算表",
            "一般公共预算财政拨款支出表",
        ],
    ),
    (
        "appropriation_summary",
        ["财政拨款收入支出决算总表", "财政拨款收支决算总表", "财政拨款收支总表"],
    ),
    ("income_expenditure_summary", ["收入支出决算总表", "收支决算总表", "部门收支总表"]),
    ("income", ["收入决算表", "部门收入总表"]),
    ("expenditure", ["支出决算表", "部门支出总表"]),
]

#: Titles of self-evaluation forms (→ doc_type performance_form), with the form kind.
FORM_SYNONYMS: list[tuple[str, list[str]]] = [
    ("project", ["项目支出绩效自评表", "项目绩效自评表"]),
    (
        "department",
        ["部门整体支出绩效自评表", "整体支出绩效自评表", "绩效自评表", "绩效目标自评表"],
    ),
]


# --- headers -------------------------------------------------------------------------

#: Header words: a name used in the column rules → the texts that mean it.
HEADER_WORDS: dict[str, list[str]] = {
    "CODE": [
        "科目编码",
        "科目代码",
        "科目编号",
        "功能分类科目编码",
        "支出功能分类科目编码",
        "经济分类科目编码",
        "支出经济分类科目编码",
        "编码",
        "代码",
    ],
    "NAME": ["科目名称", "功能分类科目名称", "经济分类科目名称", "名称"],
    "ITEM": ["项目", "项目名称", "科目"],
    "LINE_NO": ["行次", "栏次", "序号"],
    "CLASS": ["类"],
    "KUAN": ["款"],
    "XIANG": ["项"],
    "SUBTOTAL": ["合计", "小计", "总计"],
    "AMOUNT": ["金额", "决算数", "本年决算数", "决算金额"],
    "BUDGET": ["预算数", "年初预算数", "全年预算数", "预算"],
    "FINAL": ["决算数", "决算", "实际支出"],
    "REVENUE_SIDE": ["收入"],
    "EXPENDITURE_SIDE": ["支出"],
}

#: Columns that identify a row rather than hold an amount.
IDENTITY_COLUMNS = ("code", "name", "label", "code_class", "code_kuan", "code_xiang", "line_no")

#: Rules for identity columns (tried first in every table): pattern → canonical.
IDENTITY_RULES: list[tuple[tuple[str, ...], str]] = [
    (("CLASS",), "code_class"),
    (("KUAN",), "code_kuan"),
    (("XIANG",), "code_xiang"),
    (("CODE",), "code"),
    (("NAME",), "name"),
    (("LINE_NO",), "line_no"),
    (("ITEM",), "label"),
]

#: Amount-column rules per table: a pattern is an ordered sequence of header words (or
#: literal texts) that must occur, in that order, in the column's header path. The
#: longest matching pattern wins, so 本年支出/基本支出 beats 本年支出.
COLUMN_RULES: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "income": [
        (("本年收入合计",), "revenue_total"),
        (("收入合计",), "revenue_total"),
        (("SUBTOTAL",), "revenue_total"),
        (("财政拨款收入",), "fiscal_appropriation"),
        (("财政拨款",), "fiscal_appropriation"),
        (("上级补助收入",), "superior_subsidy"),
        (("事业收入",), "business_revenue"),
        (("经营收入",), "operating_revenue"),
        (("附属单位上缴收入",), "affiliated_remittance"),
        (("其他收入",), "other_revenue"),
    ],
    "expenditure": [
        (("本年支出合计",), "total"),
        (("支出合计",), "total"),
        (("SUBTOTAL",), "total"),
        (("基本支出",), "basic"),
        (("项目支出",), "project"),
        (("上缴上级支出",), "remit_superior"),
        (("经营支出",), "operating"),
        (("对附属单位补助支出",), "subsidy_affiliated"),
    ],
    "gpb_expenditure": [
        (("基本支出", "人员经费"), "basic_personnel"),
        (("基本支出", "公用经费"), "basic_office"),
        (("本年支出", "SUBTOTAL"), "total"),
        (("本年支出", "基本支出"), "basic"),
        (("本年支出", "项目支出"), "project"),
        (("本年支出合计",), "total"),
        (("SUBTOTAL",), "total"),
        (("基本支出",), "basic"),
        (("项目支出",), "project"),
        (("本年支出",), "total"),
    ],
    "gpb_basic_expenditure": [
        (("人员经费",), "personnel"),
        (("公用经费",), "office"),
        (("SUBTOTAL",), "total"),
        (("AMOUNT",), "amount"),
    ],
    "gov_fund": [
        (("本年支出", "基本支出"), "basic"),
        (("本年支出", "项目支出"), "project"),
        (("年初结转和结余",), "carryover_start"),
        (("年末结转和结余",), "carryover_end"),
        (("本年收入",), "revenue"),
        (("本年支出",), "total"),
        (("基本支出",), "basic"),
        (("项目支出",), "project"),
        (("SUBTOTAL",), "total"),
    ],
    "state_capital": [
        (("本年支出", "基本支出"), "basic"),
        (("本年支出", "项目支出"), "project"),
        (("年初结转和结余",), "carryover_start"),
        (("年末结转和结余",), "carryover_end"),
        (("本年收入",), "revenue"),
        (("本年支出合计",), "total"),
        (("本年支出",), "total"),
        (("基本支出",), "basic"),
        (("项目支出",), "project"),
        (("SUBTOTAL",), "total"),
    ],
    # Summary tables: the side (revenue / expenditure) comes from the block, see SUMMARY_SIDES.
    "income_expenditure_summary": [
        (("AMOUNT",), "amount"),
        (("SUBTOTAL",), "amount"),
    ],
    "appropriation_summary": [
        (("一般公共预算财政拨款",), "gpb"),
        (("一般公共预算",), "gpb"),
        (("政府性基金预算财政拨款",), "gov_fund"),
        (("政府性基金",), "gov_fund"),
        (("国有资本经营预算财政拨款",), "state_capital"),
        (("国有资本经营",), "state_capital"),
        (("SUBTOTAL",), "total"),
        (("AMOUNT",), "amount"),
    ],
}

#: Side-by-side layout: a column block whose header names one of these gives its amount
#: column this canonical name (人员经费 | 公用经费 blocks of the basic-expenditure table).
BLOCK_COLUMNS: dict[str, str] = {"人员经费": "personnel", "公用经费": "office"}

#: Summary tables: a block headed 收入 is the revenue side, 支出 the expenditure side (any
#: element of a column's header path, after norm_label). Unnamed blocks: income left, spending right.
SUMMARY_SIDES: dict[str, str] = {
    "收入": "revenue",
    "收入项目": "revenue",
    "项目(收入)": "revenue",
    "收入方": "revenue",
    "支出": "expenditure",
    "支出项目": "expenditure",
    "项目(支出)": "expenditure",
    "支出方": "expenditure",
}

#: Columns and summary lines that may hold a negative amount (a deficit carried over);
#: anywhere else a negative amount is a bad cell.
NEGATIVE_ALLOWED_COLUMNS = ("carryover_start", "carryover_end")
NEGATIVE_ALLOWED_LINES = ("carryover_start", "carryover_end")

#: Row-level identities (check: total column = sum of the part columns on every row).
ROW_IDENTITIES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "expenditure": [
        ("total", ("basic", "project", "remit_superior", "operating", "subsidy_affiliated"))
    ],
    "gpb_expenditure": [
        ("total", ("basic", "project")),
        ("basic", ("basic_personnel", "basic_office")),
    ],
    "gov_fund": [("total", ("basic", "project"))],
    "state_capital": [("total", ("basic", "project"))],
    "gpb_basic_expenditure": [("total", ("personnel", "office"))],
    "income": [
        (
            "revenue_total",
            (
                "fiscal_appropriation",
                "superior_subsidy",
                "business_revenue",
                "operating_revenue",
                "affiliated_remittance",
                "other_revenue",
            ),
        )
    ],
}

# --- row labels ----------------------------------------------------------------------

#: Labels of a coded table's total row (合计) → it holds the table's totals.
TOTAL_ROW_LABELS = [
    "合计",
    "总计",
    "本年支出合计",
    "本年收入合计",
    "支出合计",
    "收入合计",
    "人员经费合计",
    "公用经费合计",
    "本年合计",
]

#: Lines of the two summary tables: canonical key → labels (after norm_label).
SUMMARY_LINES: dict[str, list[str]] = {
    "gpb_revenue": ["一般公共预算财政拨款收入", "一般公共预算财政拨款"],
    "gov_fund_revenue": ["政府性基金预算财政拨款收入", "政府性基金预算财政拨款"],
    "state_capital_revenue": ["国有资本经营预算财政拨款收入", "国有资本经营预算财政拨款"],
    "superior_subsidy": ["上级补助收入"],
    "business_revenue": ["事业收入"],
    "operating_revenue": ["经营收入"],
    "affiliated_remittance": ["附属单位上缴收入"],
    "other_revenue": ["其他收入"],
    "revenue_total": ["本年收入合计", "收入合计", "本年收入小计"],
    "expenditure_total": ["本年支出合计", "支出合计", "本年支出小计"],
    "carryover_start": ["年初结转和结余", "年初财政拨款结转和结余", "上年结转和结余"],
    "carryover_end": ["年末结转和结余", "年末财政拨款结转和结余"],
    "grand_total": ["总计", "收入总计", "支出总计"],
}

#: Summary lines that only the income side has, and those only the spending side has (the
#: row labels tell the sides apart when the headers do not).
SUMMARY_REVENUE_LINES = (
    "gpb_revenue",
    "gov_fund_revenue",
    "state_capital_revenue",
    "superior_subsidy",
    "business_revenue",
    "operating_revenue",
    "affiliated_remittance",
    "other_revenue",
    "revenue_total",
    "carryover_start",
)
SUMMARY_EXPENDITURE_LINES = ("expenditure_total", "carryover_end")

#: Lines of the 三公 table: canonical key → labels (after norm_label).
THREE_PUBLIC_LINES: dict[str, list[str]] = {
    "total": ["合计", "总计", "三公经费合计", "三公经费支出合计", "三公经费"],
    "overseas_travel": ["因公出国(境)费", "因公出国(境)费用", "因公出国境费", "因公出国费"],
    "vehicle_total": [
        "公务用车购置及运行费",
        "公务用车购置及运行维护费",
        "公务用车购置和运行费",
        "公务用车购置及运行维护费用",
        "公务用车费",
    ],
    "vehicle_purchase": ["公务用车购置费", "购置费", "车辆购置费"],
    "vehicle_operation": ["公务用车运行费", "公务用车运行维护费", "运行费", "运行维护费"],
    "reception": ["公务接待费", "接待费"],
}

#: Parts of each 三公 sum (checked on budget and final).
THREE_PUBLIC_SUMS: dict[str, tuple[str, ...]] = {
    "total": ("overseas_travel", "vehicle_total", "reception"),
    "vehicle_total": ("vehicle_purchase", "vehicle_operation"),
}

#: Rows that end or annotate a table rather than hold data.
FOOTNOTE_PREFIXES = ("注", "备注", "说明", "填表人", "单位负责人", "财务负责人", "制表")

#: A footnote containing one of these says the table is empty on purpose (空表).
EMPTY_TABLE_MARKERS = ("空表", "无此项", "没有", "无相关", "无政府性基金", "无国有资本")

# --- unit / year rows ----------------------------------------------------------------

UNIT_LABELS = ("编制单位", "编制部门", "填报单位", "单位名称", "部门名称", "预算单位")
AMOUNT_UNIT_PATTERN = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)")
HEADER_UNIT_PATTERN = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
YEAR_PATTERN = re.compile(r"((?:19|20)\d{2})\s*年")
FILE_YEAR_PATTERN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
#: City / district prefixes split off a unit name (长沙市开福区伍家岭街道办事处).
CITY_PATTERN = re.compile(r"^(.{2,6}?(?:市|自治州|州|盟|地区))(?=.{2,}?(?:区|县|旗))")
DISTRICT_PATTERN = re.compile(r"^(.{1,6}?(?:区|县|旗|县级市))(?=.{3,})")
#: Unit-name endings that let a file name supply the unit.
UNIT_SUFFIXES = ("办事处", "人民政府", "街道", "镇", "乡")

# --- self-evaluation form ------------------------------------------------------------

#: Funding-block header words → canonical column.
FORM_FUNDING_COLUMNS: dict[str, list[str]] = {
    "budget_start_wan": ["年初预算数", "年初预算", "年初预算数(万元)"],
    "budget_full_year_wan": ["全年预算数", "全年预算", "调整后预算数", "全年预算数(A)"],
    "executed_wan": ["全年执行数", "全年执行", "执行数", "实际支出数", "全年执行数(B)"],
    "execution_rate_pct": ["执行率", "预算执行率", "执行率(B/A)"],
    "weight": ["分值"],
    "score": ["得分"],
}

#: Funding-block row labels → block.
FORM_FUNDING_BLOCKS: dict[str, list[str]] = {
    "total": ["年度资金总额", "资金总额", "年度预算资金总额", "合计", "总计"],
    "income": [
        "按收入性质分",
        "一般公共预算",
        "一般公共预算拨款",
        "政府性基金",
        "政府性基金预算",
        "国有资本经营预算",
        "财政专户",
        "财政专户管理资金",
        "单位资金",
        "其他资金",
        "上年结转",
    ],
    "expenditure": ["按支出性质分", "基本支出", "项目支出"],
}

#: Indicator-table header words → canonical column.
FORM_INDICATOR_COLUMNS: dict[str, list[str]] = {
    "level1": ["一级指标"],
    "level2": ["二级指标"],
    "level3": ["三级指标", "指标名称"],
    "target_text": ["年度指标值", "指标值", "预期指标值", "年度目标值", "目标值"],
    "actual_text": ["实际完成值", "实际完成", "完成值", "全年实际值"],
    "weight": ["分值"],
    "score": ["得分"],
    "deviation_reason": [
        "偏差原因分析及改进措施",
        "偏差原因分析及改进",
        "偏差原因",
        "未完成原因分析",
        "原因分析",
    ],
}

FORM_GOAL_LABELS = ("年度总体目标", "总体目标", "年度目标", "绩效目标")
FORM_GOAL_EXPECTED = ("预期目标", "年度目标")
FORM_GOAL_ACTUAL = ("实际完成情况", "实际完成", "完成情况")
FORM_TOTAL_SCORE_LABELS = ("总分", "合计得分", "总得分", "自评总分")
