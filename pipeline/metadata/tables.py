"""Every warehouse table, declared once: columns, types, Chinese and English descriptions,
checks. pipeline.schemas builds the pandera models from it and pipeline.metadata.sql the
CREATE TABLEs and COMMENTs (a new column is one line here)."""

from __future__ import annotations

from pipeline.metadata.figures import BY_NAME as FIGURES_BY_NAME
from pipeline.metadata.model import Column as C
from pipeline.metadata.model import Table, analyst_columns
from pipeline.models import DOC_TYPES, EXPENDITURE_CATEGORIES

#: Life-cycle status of a file version in source_files.
FILE_STATUSES = (
    "loaded",
    "flagged",
    "quarantined",
    "skipped",
    "superseded",
    "removed",
    "duplicate",
    "regressed",
)
#: Outcome of loading a file version (kept when the version is later superseded/removed);
#: a duplicate is not loaded (its content is already there under another path).
LOAD_STATUSES = ("loaded", "flagged", "quarantined", "duplicate")
#: What a run did with a file (load_log).
LOG_STATUSES = ("loaded", "flagged", "quarantined", "skipped", "duplicate", "regressed")
SEVERITIES = ("error", "warning", "info")
COMPARATORS = ("≥", "≤", "=", ">", "<")
CLASSIFICATIONS = ("functional", "economic")
VALUE_KINDS = ("number", "text", "bool", "json", "null")
#: Reconciliation outcomes.
RECONCILIATION_STATUSES = ("agree", "differ", "only_report", "only_workbook")
#: Where a figure or check result comes from: the extraction, or an analyst's correction.
FIGURE_SOURCES = ("extracted", "analyst")
#: What the review step did with a correction row (pipeline.review).
CORRECTION_STATUSES = ("applied", "confirmed", "stale", "rejected", "reverted")
#: How a document's unit was matched with the official division list (extract.identity).
UNIT_RESOLUTIONS = ("resolved", "ambiguous", "not_found")
YEAR_MIN, YEAR_MAX = 1990, 2100
SHA256_PATTERN = r"^[0-9a-f]{64}$"
#: 统计用区划代码: 12 digits.
DIVISION_CODE_PATTERN = r"^\d{12}$"
#: Classification codes: class 3 digits, item 5, sub-item 7 (DOMAIN.md §3).
CODE_PATTERN = r"^\d{3}(\d{2}){0,2}$"
NONEMPTY = {"min_value": 1}

#: Columns every fact table starts with, and the provenance columns it ends with.
FACT_HEAD = (
    C(
        "source_id",
        "bigint",
        "来源文件版本ID (source_files.source_id) / source file version id",
        null=False,
        checks=dict(ge=0),
    ),
    C(
        "row_no",
        "int",
        "文件内行序号 / row position within the document",
        null=False,
        checks=dict(ge=0),
    ),
)
FACT_TAIL = (
    C("locator", "text", "位置：标题路径或 工作表!单元格 / locator: heading path or sheet!cell"),
    C("sentence", "text", "原文句子或单元格文本 / source sentence or cell text"),
    C(
        "char_start",
        "int",
        "起始字符偏移 / start character offset in the normalized text",
        checks=dict(ge=0),
    ),
    C("char_end", "int", "结束字符偏移 / end character offset", checks=dict(ge=0)),
)


TABLES: tuple[Table, ...] = (
    Table(
        "schema_info",
        "模式元数据 / schema metadata (version hash of the SQL files)",
        (
            C("key", "text", "键 / key", null=False),
            C("value", "text", "值 / value"),
        ),
        constraints=("PRIMARY KEY (key)",),
        validated=False,
    ),
    Table(
        "source_files",
        "来源文件版本：每个 (路径, SHA-256) 一行，含分类与加载状态 / source file versions: one row per (path, sha256) with classification and load status",
        (
            C(
                "source_id",
                "bigint",
                "文件版本ID（代理键）/ file version id (surrogate key)",
                null=False,
                checks=dict(ge=0, unique=True),
            ),
            C(
                "path",
                "text",
                "文件绝对路径 / absolute file path",
                null=False,
                checks=dict(str_length=NONEMPTY),
            ),
            C(
                "file_name",
                "text",
                "文件名 / file name",
                null=False,
                checks=dict(str_length=NONEMPTY),
            ),
            C(
                "sha256",
                "text",
                "文件内容SHA-256 / SHA-256 of the file bytes",
                null=False,
                checks=dict(str_matches=SHA256_PATTERN),
            ),
            C("size_bytes", "bigint", "文件大小（字节）/ file size in bytes", checks=dict(ge=0)),
            C(
                "doc_type",
                "text",
                "文档类型 / document type (performance_report, final_accounts_workbook, performance_form, ..., unknown, unreadable)",
                null=False,
                checks=dict(isin=DOC_TYPES),
            ),
            C("doc_type_reason", "text", "分类依据 / why the document got its type"),
            C(
                "source_format",
                "text",
                "按内容识别的文件格式（docx、pdf、doc、xlsx、xls、html、txt…）/ file format sniffed from the content",
            ),
            C("mtime", "timestamp", "文件修改时间 / file modification time when read"),
            C(
                "extractor_version",
                "text",
                "抽取程序版本（代码与数据的摘要；版本变化时重新抽取）/ extractor version: digest of the extraction code and data; a file read by another version is read again",
                frame=False,
            ),
            C("encoding", "text", "文本编码 / detected text encoding"),
            C(
                "n_figures",
                "int",
                "读出的数字个数（标量数字加明细行）：判断重新报送是否变差 / figures stated (numbers plus fact rows): how a re-delivery is judged",
                checks=dict(ge=0),
                frame=False,
            ),
            C(
                "status",
                "text",
                "状态 / status: loaded 已加载, flagged 有校验问题, quarantined 已隔离, skipped 跳过, superseded 已被取代, removed 已删除, duplicate 与另一文件内容相同（未加载）, regressed 重新报送但比当前版本差（保留为历史，未取代）",
                null=False,
                checks=dict(isin=FILE_STATUSES),
                frame=False,
            ),
            C(
                "load_status",
                "text",
                "加载结果（不随取代/删除改变）/ outcome of the load itself: loaded, flagged, quarantined or duplicate",
                checks=dict(isin=LOAD_STATUSES),
                frame=False,
            ),
            C("reason", "text", "状态原因 / reason for the status", frame=False),
            C(
                "load_reason",
                "text",
                "加载时的原因（标记或隔离）/ reason given at load time (flag or quarantine)",
                frame=False,
            ),
            C(
                "unit_key",
                "text",
                "单位键：12位统计用区划代码；名录中没有的单位为 名称|区县（未写区县时 名称||城市；从不只用名称）/ unit key joining a unit's documents: the 12-digit division code, or name|district (name||city when no district is written) for a unit the division list lacks, never the name alone",
                checks=dict(str_length=NONEMPTY),
            ),
            C(
                "unit_name",
                "text",
                "单位规范名称（区划名录的正式名称，统一为…街道办事处/…镇人民政府）/ canonical unit name: the official name from the division list, formal suffix",
                checks=dict(str_length=NONEMPTY),
            ),
            C(
                "division_code",
                "text",
                "单位的统计用区划代码（12位），未匹配为空 / the unit's 12-digit division code; NULL when not resolved",
                checks=dict(str_matches=DIVISION_CODE_PATTERN),
            ),
            C(
                "district",
                "text",
                "所属区县（区划名录的正式名称；未匹配时按原文）/ the unit's district: official from the division list, else as written",
            ),
            C(
                "district_code",
                "text",
                "所属区县的区划代码 / the district's division code",
                checks=dict(str_matches=DIVISION_CODE_PATTERN),
            ),
            C(
                "city",
                "text",
                "所属城市（地级或直辖市；区划名录，未匹配时按原文）/ the unit's city (prefecture or municipality): official, else as written",
            ),
            C(
                "city_code",
                "text",
                "所属城市的区划代码 / the city's division code",
                checks=dict(str_matches=DIVISION_CODE_PATTERN),
            ),
            C(
                "unit_resolution",
                "text",
                "区划名录匹配结果：resolved / ambiguous（同名多处，未取）/ not_found（名录中没有，按原文记录）/ how the unit matched the division list",
                checks=dict(isin=UNIT_RESOLUTIONS),
            ),
            C("year", "int", "年度 / fiscal year", checks=dict(ge=1990, le=2100)),
            C(
                "is_invented",
                "bool",
                "是否虚构样例（文件名前缀 sample_）/ invented sample document (file-name prefix sample_)",
                null=False,
            ),
            C(
                "is_latest_version",
                "bool",
                "是否该路径的最新内容 / holds the latest content seen at its path",
                null=False,
                frame=False,
            ),
            C(
                "is_current",
                "bool",
                "是否当前有效版本（对比视图只用当前版本）/ current version: used by current_* views",
                null=False,
                frame=False,
            ),
            C(
                "superseded_by",
                "bigint",
                "取代本文件的文件版本ID / source_id of the version that superseded this one",
                frame=False,
            ),
            C(
                "duplicate_of",
                "bigint",
                "内容相同的已有文件版本ID（status = duplicate）/ source_id of the byte-identical version already loaded",
                frame=False,
            ),
            C(
                "n_failed_checks",
                "int",
                "未通过的校验数 / number of failed checks",
                null=False,
                checks=dict(ge=0),
            ),
            C(
                "n_issues",
                "int",
                "抽取问题数 / number of extraction issues",
                null=False,
                checks=dict(ge=0),
            ),
            C(
                "first_seen_at",
                "timestamp",
                "首次发现时间 / first seen at",
                null=False,
                frame=False,
            ),
            C("loaded_at", "timestamp", "加载时间 / loaded at", frame=False),
            C(
                "status_changed_at",
                "timestamp",
                "状态变更时间 / status last changed at",
                null=False,
                frame=False,
            ),
        ),
        frame_unique=("path", "sha256"),
        constraints=("PRIMARY KEY (source_id)", "UNIQUE (path, sha256)"),
    ),
    Table(
        "report_figures",
        "文档标量数据（长表）/ scalar figures per document (long format)",
        (
            C(
                "field",
                "text",
                "字段名 / field name (e.g. final_total_wan, staff_in_post)",
                null=False,
                # a figure not declared in pipeline/metadata/figures.py is refused
                checks=dict(isin=tuple(FIGURES_BY_NAME)),
            ),
            C(
                "value_kind",
                "text",
                "值类型 / kind of value: number, text, bool, json, null",
                null=False,
                checks=dict(isin=VALUE_KINDS),
            ),
            C("value_num", "float", "数值 / numeric value (金额单位万元 / amounts in 10k yuan)"),
            C(
                "value_text",
                "text",
                "文本值或JSON / text value, or JSON for structured values (expenditure_by_class)",
            ),
            C("unit", "text", "单位 / unit of the value"),
            C("note", "text", "备注（值为空时说明原因）/ note, e.g. why the value was left empty"),
            *analyst_columns(
                FIGURE_SOURCES, "更正值优先于抽取值 an analyst value wins over the extracted one"
            ),
        ),
        fact=True,
        frame_unique=("source_id", "field"),
        checks=("year_in_range", "counts_whole_nonnegative", "value_matches_kind"),
    ),
    Table(
        "expenditure",
        "支出分类情况 / expenditure by category as the report states it",
        (
            C(
                "category",
                "text",
                "支出类别 / category: basic 基本支出, project 项目支出, gov_fund 政府性基金, state_capital 国有资本经营, social_insurance 社会保险基金, other 其他",
                null=False,
                checks=dict(isin=EXPENDITURE_CATEGORIES),
            ),
            C("amount_wan", "float", "金额（万元）/ amount (10k yuan)", checks=dict(ge=0)),
            C(
                "change_wan",
                "float",
                "比上年增减额（万元，带符号）/ change on prior year (10k yuan, signed)",
            ),
            C("change_pct", "float", "比上年增减率（%，带符号）/ change on prior year (%, signed)"),
            C("stated_none", "bool", "文中写明“无”该类支出 / stated as none in words"),
            C("reason", "text", "增减原因 / stated reason for the change"),
        ),
        fact=True,
        frame_unique=("source_id", "category"),
    ),
    Table(
        "projects",
        "项目支出明细 / projects with amount and purpose",
        (
            C(
                "name",
                "text",
                "项目名称 / project name",
                null=False,
                checks=dict(str_length=NONEMPTY),
            ),
            C("amount_wan", "float", "金额（万元）/ amount (10k yuan)", checks=dict(ge=0)),
            C("purpose", "text", "用途 / purpose"),
        ),
        fact=True,
    ),
    Table(
        "targets",
        "绩效目标与指标 / performance targets and indicators",
        (
            C(
                "project",
                "text",
                "所属项目（部门整体目标为空）/ project (null for unit-wide targets)",
            ),
            C("indicator_class", "text", "一级指标类别（产出/效益/满意度/成本）/ indicator class"),
            C(
                "indicator_subclass",
                "text",
                "二级指标（数量/质量/时效/成本…）/ indicator sub-class",
            ),
            C("text", "text", "指标原文 / indicator text"),
            C(
                "comparator",
                "text",
                "比较符 / comparator: ≥ ≤ = > <",
                checks=dict(isin=COMPARATORS),
            ),
            C("target_value", "float", "目标值 / target value"),
            C("target_unit", "text", "目标值单位 / target unit"),
        ),
        fact=True,
    ),
    Table(
        "achievements",
        "量化绩效成果 / quantified achievements",
        (
            C("indicator", "text", "指标 / indicator"),
            C("value", "float", "数值 / value"),
            C("unit", "text", "单位 / unit"),
            C("section", "text", "所在章节 / section"),
        ),
        fact=True,
    ),
    Table(
        "texts",
        "整段文本（问题、改进措施等）/ text kept whole (problems, improvements, ...)",
        (
            C(
                "kind",
                "text",
                "文本类别 / kind of text",
                null=False,
                checks=dict(str_length=NONEMPTY),
            ),
            C("text", "text", "文本 / text", null=False),
        ),
        fact=True,
    ),
    Table(
        "account_lines",
        "决算表科目行 / final-accounts table lines by classification code",
        (
            C(
                "table_name",
                "text",
                "表名 / table name (e.g. 支出决算表)",
                null=False,
                checks=dict(str_length=NONEMPTY),
            ),
            C(
                "classification",
                "text",
                "分类：functional 支出功能分类 / economic 支出经济分类",
                checks=dict(isin=CLASSIFICATIONS),
            ),
            C(
                "code",
                "text",
                "科目编码（文本，3/5/7位）/ classification code (text: 3, 5 or 7 digits)",
                checks=dict(str_matches=CODE_PATTERN),
            ),
            C(
                "level",
                "int",
                "层级：1类 2款 3项 / level: 1 class, 2 item, 3 sub-item",
                checks=dict(ge=1, le=3),
            ),
            C(
                "parent_code",
                "text",
                "上级科目编码 / parent code",
                checks=dict(str_matches=CODE_PATTERN),
            ),
            C("name", "text", "科目或行名称 / line name"),
            C(
                "column_name",
                "text",
                "列名 / column name (e.g. 基本支出)",
                null=False,
                checks=dict(str_length=NONEMPTY),
            ),
            C("amount_wan", "float", "金额（万元）/ amount (10k yuan)"),
            C("sheet", "text", "工作表名称 / worksheet name"),
        ),
        fact=True,
        checks=("level_matches_code", "parent_is_prefix", "code_unique_per_column"),
    ),
    Table(
        "three_public_lines",
        "“三公”经费支出决算 / three public expenses lines",
        (
            C("line", "text", "行标识 / line key", null=False, checks=dict(str_length=NONEMPTY)),
            C("name", "text", "行名称 / line name"),
            C("budget_wan", "float", "预算数（万元）/ budget (10k yuan)", checks=dict(ge=0)),
            C("final_wan", "float", "决算数（万元）/ final (10k yuan)", checks=dict(ge=0)),
            C("sheet", "text", "工作表名称 / worksheet name"),
        ),
        fact=True,
    ),
    Table(
        "form_funding",
        "绩效自评表资金情况 / self-evaluation form funding block",
        (
            C("block", "text", "分块（按收入/支出性质）/ block (by income or expenditure nature)"),
            C("line", "text", "行名称 / line", null=False, checks=dict(str_length=NONEMPTY)),
            C("budget_start_wan", "float", "年初预算数（万元）/ budget at start of year"),
            C("budget_full_year_wan", "float", "全年预算数（万元）/ full-year budget"),
            C("executed_wan", "float", "全年执行数（万元）/ executed"),
            C("execution_rate_pct", "float", "执行率（%）/ execution rate (%)", checks=dict(ge=0)),
            C("weight", "float", "分值 / weight", checks=dict(ge=0)),
            C("score", "float", "得分 / score", checks=dict(ge=0)),
            C("sheet", "text", "工作表名称 / worksheet name"),
        ),
        fact=True,
    ),
    Table(
        "form_indicators",
        "绩效自评表指标 / self-evaluation form indicators",
        (
            C("level1", "text", "一级指标 / level-1 indicator"),
            C("level2", "text", "二级指标 / level-2 indicator"),
            C("level3", "text", "三级指标 / level-3 indicator"),
            C("target_text", "text", "年度指标值原文 / target as written"),
            C("actual_text", "text", "实际完成值原文 / actual as written"),
            C("target_value", "float", "目标数值 / target value"),
            C("actual_value", "float", "实际数值 / actual value"),
            C("unit", "text", "单位 / unit"),
            C("weight", "float", "分值 / weight", checks=dict(ge=0)),
            C("score", "float", "得分 / score", checks=dict(ge=0)),
            C("deviation_reason", "text", "偏差原因分析及改进措施 / deviation reason and remedy"),
            C("sheet", "text", "工作表名称 / worksheet name"),
        ),
        fact=True,
    ),
    Table(
        "check_results",
        "校验结果（勾稽关系等）/ identity and consistency check results per document",
        (
            C(
                "source_id",
                "bigint",
                "来源文件版本ID (source_files.source_id) / source file version id",
                null=False,
                checks=dict(ge=0),
            ),
            C(
                "row_no",
                "int",
                "文件内行序号 / row position within the document",
                null=False,
                checks=dict(ge=0),
            ),
            C(
                "check_name",
                "text",
                "校验名称 / check name",
                null=False,
                checks=dict(str_length=NONEMPTY),
            ),
            C("passed", "bool", "是否通过 / passed", null=False),
            C(
                "severity",
                "text",
                "严重程度 / severity: error, warning, info",
                null=False,
                checks=dict(isin=SEVERITIES),
            ),
            C("message", "text", "说明 / message"),
            C("expected", "float", "期望值 / expected value"),
            C("actual", "float", "实际值 / actual value"),
            C("difference", "float", "差额（实际−期望）/ difference (actual − expected)"),
            C("locator", "text", "位置 / locator of the checked figures"),
            *analyst_columns(
                FIGURE_SOURCES, "用更正值重新校验 the identity re-run with the corrected values"
            ),
            C(
                "confirmed_by",
                "text",
                "确认人：分析人员确认原文确实如此，标记清除但失败记录保留 / reviewer who confirmed the document really says this: the flag clears, the failure stays on record",
                frame=False,
            ),
            C("confirmed_at", "timestamp", "确认时间 / confirmed at", frame=False),
        ),
    ),
    Table(
        "document_issues",
        "抽取问题（存疑、读取错误）/ extraction issues: doubts and read problems",
        (
            C(
                "source_id",
                "bigint",
                "来源文件版本ID (source_files.source_id) / source file version id",
                null=False,
                checks=dict(ge=0),
            ),
            C(
                "row_no",
                "int",
                "文件内行序号 / row position within the document",
                null=False,
                checks=dict(ge=0),
            ),
            C(
                "check_name",
                "text",
                "问题类别 / issue kind",
                null=False,
                checks=dict(str_length=NONEMPTY),
            ),
            C("severity", "text", "严重程度 / severity", null=False, checks=dict(isin=SEVERITIES)),
            C("message", "text", "说明 / message"),
        ),
    ),
    Table(
        "quarantine",
        "隔离文件 / quarantined documents (nothing of them is loaded)",
        (
            C("source_id", "bigint", "文件版本ID / file version id"),
            C("path", "text", "文件路径 / path", null=False),
            C("sha256", "text", "SHA-256", null=False),
            C("reason", "text", "隔离原因 / reason", null=False),
            C("details", "text", "失败明细（JSON行）/ failure cases (JSON lines)"),
            C("quarantined_at", "timestamp", "隔离时间 / quarantined at", null=False),
        ),
        validated=False,
    ),
    Table(
        "refresh_queue",
        "待刷新的单位：其文件在加载、删除或更正中变化，派生表（指标、比较、核对）尚未刷新 / units whose documents changed since the derived tables (metrics, comparisons, reconciliation) were refreshed",
        (
            C("unit_key", "text", "单位键 / unit key", null=False),
            C("queued_at", "timestamp", "加入时间 / queued at", null=False),
        ),
        constraints=("PRIMARY KEY (unit_key)",),
        validated=False,
    ),
    Table(
        "load_log",
        "加载日志：每次运行中每个文件的结果（含跳过）/ load log: what each run did with each file, skipped ones included",
        (
            C("logged_at", "timestamp", "记录时间 / when", null=False),
            C("path", "text", "文件路径 / path", null=False),
            C("file_name", "text", "文件名 / file name", null=False),
            C("sha256", "text", "SHA-256"),
            C(
                "status",
                "text",
                "结果 / outcome: loaded 已加载, flagged 有校验问题, quarantined 已隔离, skipped 未变化跳过, duplicate 内容重复, regressed 比当前版本差",
                null=False,
                checks=dict(isin=LOG_STATUSES),
            ),
            C("reason", "text", "原因 / reason"),
            C(
                "source_id",
                "bigint",
                "文件版本ID（跳过时为已有版本）/ file version id (the existing one when skipped)",
            ),
        ),
        validated=False,
    ),
    Table(
        "corrections",
        "分析人员更正的历史：每次运行中每个更正行的结果（应用、确认、过期、拒绝、撤销）/ history of analyst corrections: what each run did with each correction row (applied, confirmed, stale, rejected, reverted)",
        (
            C("recorded_at", "timestamp", "记录时间 / when this outcome was recorded", null=False),
            C(
                "row_key",
                "text",
                "更正行键（文件、行号与内容的摘要）/ digest of the correction file, row and content",
                null=False,
            ),
            C("correction_file", "text", "更正文件 / correction file", null=False),
            C("correction_row", "int", "更正文件中的行号 / row in the correction file"),
            C(
                "correction_sha256",
                "text",
                "更正文件的SHA-256 / SHA-256 of the correction file",
            ),
            C(
                "source_sha256",
                "text",
                "被更正文件的内容SHA-256（更正只适用于该版本）/ content hash of the corrected document: the correction applies to that version only",
            ),
            C("source_id", "bigint", "被更正文件版本ID / file version id corrected"),
            C("file_name", "text", "被更正文件名 / file name corrected"),
            C("figure", "text", "字段或项目 / figure (or check:NAME, doc_type)"),
            C("locator", "text", "位置 / locator"),
            C("old_value", "text", "原值（抽取值）/ old value: the extracted one"),
            C("new_value", "text", "更正值 / corrected value"),
            C(
                "current_value",
                "text",
                "过期时：当前版本的值 / when stale: the value of the current version",
            ),
            C("confirmed", "bool", "确认原文如此 / confirmed as the document says"),
            C("reviewer", "text", "更正人 / reviewer"),
            C("reason", "text", "原因 / reason"),
            C(
                "status",
                "text",
                "结果：applied 已应用, confirmed 已确认, stale 文件已变（未应用）, rejected 已拒绝, reverted 已撤销（行已删除）/ outcome",
                null=False,
                checks=dict(isin=CORRECTION_STATUSES),
            ),
            C("message", "text", "说明 / message"),
            C(
                "is_latest",
                "bool",
                "是否该更正行的最新结果 / the latest outcome of this correction row",
                null=False,
            ),
        ),
        validated=False,
    ),
    Table(
        "reconciliation",
        "报告与决算表核对 / reconciliation of report figures with the workbook of the same unit and year",
        (
            C(
                "unit_key",
                "text",
                "单位键（见 source_files.unit_key）/ unit key (see source_files.unit_key)",
                null=False,
                checks=dict(str_length=NONEMPTY),
            ),
            C(
                "unit_name",
                "text",
                "单位名称 / unit name",
                null=False,
                checks=dict(str_length=NONEMPTY),
            ),
            C("year", "int", "年度 / year", null=False, checks=dict(ge=1990, le=2100)),
            C("figure", "text", "核对项目 / figure", null=False, checks=dict(str_length=NONEMPTY)),
            C("report_value", "float", "报告数（万元）/ report value"),
            C("workbook_value", "float", "决算表数（万元）/ workbook value"),
            C("difference", "float", "差额 / difference"),
            C(
                "status",
                "text",
                "结果：一致/不一致/仅报告/仅决算表 / agree, differ, only in report, only in workbook",
                null=False,
                checks=dict(isin=RECONCILIATION_STATUSES),
            ),
            C("report_file", "text", "报告文件 / report file"),
            C("report_locator", "text", "报告位置 / report locator"),
            C("report_sentence", "text", "报告原文 / report sentence"),
            C("workbook_file", "text", "决算表文件 / workbook file"),
            C("workbook_locator", "text", "决算表位置 / workbook locator (sheet!cell)"),
            C("computed_at", "timestamp", "核对时间 / computed at", null=False, frame=False),
        ),
        frame_unique=("unit_key", "year", "figure"),
    ),
)

#: Table name → declaration, in creation order.
BY_NAME = {t.name: t for t in TABLES}
#: Tables holding facts of a file version (keyed by source_id), loaded from the frames.
FACT_TABLES = tuple(
    t.name for t in TABLES if t.fact or t.name in ("check_results", "document_issues")
)
