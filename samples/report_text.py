"""Render one invented unit-year as a performance self-evaluation report (.txt and .docx).

The wording varies along DOMAIN.md §2, driven by a seeded RNG: heading numbering (and
broken numbering), section-name synonyms, full/half-width punctuation, amounts in 万元 or
元, change wording, staff and community wording with their traps, site boilerplate, a
table of contents, and (in .docx) expenditure figures in a Word table. Variants are data
tables below; the code only picks from them. `Rendered.stated` records what the text
states, which is the truth the extractor is scored against.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from samples.district import ZERO, Project, Target, UnitYear

# ======================================================================================
# Wording tables
# ======================================================================================

#: Heading number formats: {cn} Chinese numeral, {n} digit, {p} parent digit, {c} circled,
#: {k} parenthesised digit character.
NUMBER_FORMATS = {
    "cn、": "{cn}、",
    "第cn部分": "第{cn}部分 ",
    "n.": "{n}.",
    "n. ": "{n}. ",
    "n、": "{n}、",
    "（cn）": "（{cn}）",
    "（n）": "（{n}）",
    "n.n": "{p}.{n} ",
    "circled": "{c}",
    "paren": "{k}",
}
#: (level-1, level-2, level-3) formats and their weights.
NUMBERING_SCHEMES = [
    (("cn、", "（cn）", "n."), 5),
    (("cn、", "（cn）", "n、"), 3),
    (("cn、", "（cn）", "（n）"), 2),
    (("第cn部分", "cn、", "（cn）"), 1),
    (("n.", "n.n", "（n）"), 1),
    (("n、", "（n）", "circled"), 1),
    (("cn、", "paren", "circled"), 1),
    (("n. ", "（cn）", "n."), 1),
]
#: Broken numbering seen in real reports: a run in another format, a skipped numeral, a
#: numeral lost, a numeral repeated.
NUMBERING_BREAKS = ["switch", "skip", "drop", "repeat"]

SECTION_NAMES = {
    "overview": ["基本情况", "部门概况", "部门（单位）基本情况", "单位基本情况", "部门基本概况"],
    "unit_basic": ["部门基本情况", "单位基本情况", "基本概况"],
    "duties": ["主要职能", "部门职能", "职能职责", "主要职责"],
    "organization": ["机构情况", "机构设置", "组织机构设置情况", "机构设置情况"],
    "staff": ["人员情况", "人员构成情况", "人员编制及实有情况"],
    "goals": [
        "部门年度整体支出绩效目标",
        "年度绩效目标",
        "部门整体支出绩效目标",
        "绩效目标设定情况",
    ],
    "general_budget": ["一般公共预算支出情况", "一般公共预算财政拨款支出情况"],
    "overall": ["部门整体支出情况", "整体支出情况", "部门整体支出总体情况"],
    "overall_table": ["支出总体情况", "部门支出总体情况", "整体支出决算情况"],
    "basic": ["基本支出情况", "基本支出"],
    "project": ["项目支出情况", "项目支出"],
    "gov_fund": ["政府性基金预算支出情况", "政府性基金支出情况"],
    "state_capital": ["国有资本经营预算支出情况", "国有资本经营预算支出"],
    "social_insurance": ["社会保险基金预算支出情况", "社会保险基金支出情况"],
    "other": ["其他支出情况", "其他资金支出情况"],
    "performance": [
        "部门整体支出绩效情况",
        "绩效目标完成情况",
        "部门整体支出绩效实现情况",
        "整体绩效情况",
    ],
    "problems": ["存在的问题及原因分析", "存在的问题", "存在问题及原因", "主要问题及原因"],
    "measures": ["下一步改进措施", "改进措施", "下一步工作计划及改进措施", "改进意见及措施"],
    "application": [
        "绩效自评结果拟应用和公开情况",
        "自评结果应用和公开情况",
        "绩效评价结果应用情况",
        "结果应用及公开",
    ],
}

BOILERPLATE = [
    ["发布时间：{pub}     来源：{short}     字体大小：大 中 小"],
    ["索引号：{index_no}", "发布机构：{name}", "生成日期：{pub}", "主题分类：财政、审计"],
    ["来源：{short}   {pub} {hh}:{mm}", "浏览量：{views} | | | |"],
    ["首页 > 政务公开 > 财政预决算 > 绩效评价", "【字体：大 中 小】  打印本页  关闭窗口"],
]
#: Titles: each a list of lines.
TITLES = [
    ["{year}年度{name}", "部门整体支出绩效评价报告"],
    ["{year}年度{short}部门整体支出绩效评价报告"],
    ["{short}部门整体支出绩效自评报告", "评价年度：{year}", "评价单位：{name}"],
    ["{district}{name}{year}年度部门整体支出绩效自评报告"],
    ["关于{name}{year}年度部门整体支出绩效自评情况的报告"],
]
INTROS = [
    "为进一步规范财政资金管理，强化部门责任意识，切实提高财政资金使用效益，根据财政部门的有关规定，"
    "我{self}积极开展{year}年度部门整体支出绩效评价工作，现将具体情况报告如下：",
    "根据《{district}财政局关于开展{year}年度部门整体支出绩效自评工作的通知》要求，我单位及时布置自评，"
    "成立自评工作小组，明确分工，落实责任，经查阅、核实有关账务及项目执行情况，形成本评价报告。"
    "现将{year}年度{name}整体支出绩效自评情况报告如下：",
    "按照预算绩效管理工作的统一部署，{name}对{year}年度部门整体支出开展了绩效自评，现将有关情况报告如下：",
]
DUTIES = {
    "subdistrict": [
        "中共{place}{short}工作委员会作为中共{place}委员会的派出机关，领导本地区经济、政治、文化、社会、"
        "生态文明建设等各项工作和基层社会治理；{place}{name}依法行使政府管理和服务职能。主要职责是："
        "（1）加强党的建设。（2）统筹区域发展。（3）组织公共服务。（4）实施公共管理。（5）维护公共安全。"
        "（6）监督执法管理。（7）动员社会参与。（8）保障社区自治。（9）完成区委、区政府交办的其他工作。",
        "{name}是{place}人民政府的派出机关，主要职能是：1、履行辖区党的建设职责。2、履行辖区经济发展职责。"
        "3、履行辖区公共服务职责。4、履行辖区公共管理职责。5、履行辖区公共安全职责。6、完成区委、区政府交办的其他任务。",
    ],
    "township": [
        "{place}{name}是一级地方政府，主要职能有：1.宣传贯彻落实党和国家各项方针政策和法律法规，执行上级的决议、决定。"
        "2.落实基层党建工作责任制，统筹推进基层党建工作。3.统筹制定辖区发展重大决策和建设规划。"
        "4.统筹负责辖区公共服务工作。5.统筹负责辖区综合治理、乡村振兴和生态环境保护工作。6.完成上级交办的其他工作。",
        "{name}隶属{place}，负责制定并组织实施全镇的经济和社会发展规划，维护当地社会治安和社会稳定，"
        "宣传贯彻执行党的路线、方针、政策，领导和管理经济、教育、文化、民政、武装等工作。",
    ],
}
ORGANIZATION = [
    "{year}年{self_name}设{bodies}{n_bodies}个内设机构；{affiliated}{n_aff}个事业单位；以及工会、共青团、妇联等组织。",
    "{self_name}内设{n_bodies}个机构，分别是：{bodies}；下设{n_aff}个二级机构，分别是：{affiliated}。",
]
#: Community sentences: {names} joined with 、 (names carry 社区), {n} the count (digits or
#: Chinese numerals), {v} villages. `count` says whether the truth count is stated.
COMMUNITY_FORMS = {
    "subdistrict": [
        "{self_name}下辖{bare_names}{n}个社区。",
        "{self_name}下辖{n}个社区。",
        "辖区{n}个基层群众性自治组织，分别是：{names}。",
        "辖区共有{names}。",
        "{self_name}现有社区{n}个，分别为{names}。",
    ],
    "township": [
        "{self_name}下辖{v}个行政村和{n}个社区。",
        "全镇辖{n}个社区、{v}个行政村。",
        "{self_name}下辖{n}个社区（{names}）和{v}个村。",
    ],
}
#: Staff paragraph pieces. Establishment and other categories are traps; the in-post
#: clause is the truth. {rl} = 退休/离退休.
STAFF_ESTABLISHMENT = [
    "核定编制{est}名，",
    "共有编制数{est}个，其中行政编制{est_a}个，事业编制{est_b}个。",
    "机构编制部门核定人数{est}人、",
    "",
]
STAFF_IN_POST = [
    "{year}年末本单位实有在职干部人数{staff}人",
    "截至{year}年12月{self_name}在职人员{staff}人",
    "年末在职人数{staff}人",
    "现有在职人员{staff}名",
    "{self_name}共有在职干部职工{staff}人",
]
STAFF_BREAKDOWN = [
    "（其中行政编制人员{admin}人，事业编制人员{inst}人）",
    "（含实行编外管理的大中专分配生{extra}人）",
    "",
]
RETIREES = ["，{rl}干部{ret}人", "、{rl}人数{ret}人", "，{rl}人员{ret}人（工资由社保统发）"]
STAFF_OTHERS = [
    "，外聘临时工人数{temp}人",
    "，另有政府雇员{temp_a}人，公益性岗位人员{temp}人",
    "",
]
COMMUNITY_RETIREES = ["，社区退休人员{cret}人（系历史原因形成）", "；另有社区退休人员{cret}人"]
STAFF_PRIOR = [
    "较{prev_year}年末人员变化的主要原因是：人员{move}，故{dir}{delta}人。",
    "{prev_year}年末在职人数为{staff_prev}人。",
    "",
]
STAFF_UNCHANGED = ["人员与上年末持平。", ""]
#: Joins left by omitted clauses, and their repair.
STAFF_CLEANUP = [
    ("，，", "，"),
    ("、，", "，"),
    ("。，", "。"),
    ("。、", "。"),
    ("，。", "。"),
    ("、。", "。"),
]

GOALS_OVERALL = [
    "{year}年部门整体支出绩效目标分为部门产出指标和部门效益指标。部门产出指标具体设置为：（1）质量指标："
    "保障机关干部及日常支出，确保各项工作任务顺利完成；（2）时效指标：{year}年年底完成所有任务目标；"
    "（3）成本指标：严格控制预算，成本节约率大于等于0%；（4）数量指标：重点工作办结率达100%。"
    "部门效益指标具体设置为：（1）社会公众及服务对象满意度：不断增强居民群众的获得感、幸福感和满意度；"
    "（2）社会效益指标：统筹抓好城市管理、安全生产、公共服务、基层党建等各项工作。",
    "围绕{year}年度重点工作，部门整体支出绩效目标为：保障机构正常运转，重点工作按期完成率100%，"
    "预算执行率不低于90%，服务对象满意度不低于90%。",
]
PROJECT_TARGETS_INTRO = [
    "其他项目支出绩效目标：",
    "各项目支出绩效目标如下：",
    "项目支出绩效目标：",
]
CLASS_LABELS = {"产出": "产出指标", "效益": "效益指标", "满意度": "满意度指标", "成本": "成本指标"}
COMPARATOR_WORDS = {
    "≥": ["大于等于", "≥", "不低于", "达到"],
    "=": ["达到", "为"],
    "≤": ["小于等于", "≤", "不高于"],
}
QUALITATIVE_TARGET = ["{indicator}明显", "有效保障{indicator}"]

#: Category leads: {amt}; the change clause follows.
CATEGORY_LEADS = {
    "basic": [
        "{year}年一般公共预算支出基本支出{amt}",
        "{year}年度基本支出{amt}",
        "本年度基本支出决算数为{amt}",
        "{year}年度一般公共预算财政拨款基本支出{amt}",
    ],
    "project": [
        "{year}年一般公共预算支出项目支出{amt}",
        "{year}年度项目支出{amt}",
        "本年度项目支出决算数为{amt}",
    ],
    "gov_fund": [
        "{year}年政府性基金预算支出{amt}，其中项目支出{amt}",
        "{year}年度政府性基金预算财政拨款支出{amt}",
    ],
    "state_capital": [
        "{year}年国有资本经营预算支出{amt}",
        "{year}年度国有资本经营预算财政拨款支出{amt}",
    ],
    "social_insurance": ["{year}年社会保险基金预算支出{amt}", "本年度社会保险基金预算支出{amt}"],
    "other": ["{year}年其他支出{amt}", "{year}年度其他资金支出{amt}"],
}
CATEGORY_NONE = {
    "gov_fund": [
        "{year}年无政府性基金预算支出。",
        "本单位{year}年度未安排政府性基金预算支出。",
        "{year}年政府性基金预算支出{zero}。",
    ],
    "state_capital": [
        "{year}年无国有资本经营预算支出。",
        "本单位无国有资本经营预算收支。",
        "{year}年国有资本经营预算支出{zero}。",
    ],
    "social_insurance": ["{year}年无社会保险基金预算支出。", "本单位不涉及社会保险基金预算支出。"],
    "other": ["{year}年无其他支出。", "{year}年其他支出{zero}。"],
}
CATEGORY_BASIC_TAIL = [
    "基本支出是为保障单位机构正常运转、完成日常工作任务而发生的各项支出，包括用于基本工资、津贴补贴、"
    "离退休干部生活补助等人员经费以及办公费、水电费、办公设备购置等日常公用经费。",
    "",
]
TABLE_LABELS = {
    "basic": "基本支出",
    "project": "项目支出",
    "gov_fund": "政府性基金预算支出",
    "state_capital": "国有资本经营预算支出",
    "social_insurance": "社会保险基金预算支出",
    "other": "其他支出",
}
#: Change wording: the comparison word, (amount verb, % verb) by direction, and forms.
CHANGE_PREPS = ["比上年", "较上年", "同比", "比{prev_year}年", "较上年决算数"]
CHANGE_VERBS = {
    "up": [("增加", "增长"), ("增加", "上升"), ("增长", "增长")],
    "down": [("减少", "下降"), ("减少", "降低"), ("下降", "下降")],
}
#: (form, states amount, states %)
CHANGE_FORMS = [
    ("{prep}{v1}{amt}，{v2}{pct}", True, True),
    ("{prep}{v1}{amt}，{v2}{pct}", True, True),
    ("{prep}{v1}{amt}（{v2}{pct}）", True, True),
    ("{prep}{v2}{pct}", False, True),
    ("{prep}{v1}{amt}", True, False),
]
CHANGE_FLAT = ["与上年持平", "与上年基本持平"]
REASON_FORMS = [
    "，{word}的主要原因是：{reason}",
    "，主要原因是{reason}",
    "；{word}的主要原因是：{reason}",
]
REASONS = {
    ("basic", "up"): [
        "工作人员工资福利待遇按财政统一标准调整",
        "在职人员增加及社会保障缴费基数调整",
    ],
    ("basic", "down"): ["人员调出及退休导致人员经费减少", "严格落实过紧日子要求，压减日常公用经费"],
    ("project", "up"): ["上级专项拨款增加", "新增民生实事项目，项目资金增加"],
    ("project", "down"): ["部分项目完工，项目资金减少", "全面压减非刚性、非重点项目支出"],
    ("gov_fund", "up"): ["政府性基金预算财政拨款收入增加"],
    ("gov_fund", "down"): ["政府性基金预算财政拨款收入减少"],
    ("state_capital", "up"): ["国有资本经营预算财政拨款收入增加"],
    ("state_capital", "down"): ["国有资本经营预算财政拨款收入减少"],
    ("social_insurance", "up"): ["参保人数增加"],
    ("social_insurance", "down"): ["参保人数减少"],
    ("other", "up"): ["其他收入增加"],
    ("other", "down"): ["其他收入减少"],
}
PROJECT_COUNT = [
    "{year}年申报项目共{k}个，包含{names}。",
    "本年度共实施项目{k}个。",
    "",
]
#: Project phrases: {name}, {amt}, {purpose}; the suffix after a name depends on whether it
#: already ends with 经费/资金.
PROJECT_ITEM = [
    "{name}{verb}{amt}，主要用于{purpose}",
    "{name}{verb}{amt}，用于{purpose}",
    "{name}{amt}，主要用于{purpose}",
]
PROJECT_LIST_STYLES = ["inline", "inline", "enumerated", "compact", "summary"]

OVERALL_SENTENCE = [
    "{year}年度部门整体支出{total}，各项支出及变动情况如下：",
    "{year}年度部门支出合计{total}，其中：",
    "本年度部门决算支出总额{total}，具体情况如下：",
]
TABLE_INTRO = ["各项支出及变动情况见下表：", "（金额单位：万元）"]
TABLE_HEADER = ["项目", "决算数（万元）", "比上年增减额（万元）", "增减率"]

ACHIEVEMENT_HEADINGS = {
    "party": ["党的建设全面加强", "党建引领坚强有力", "基层党建提质增效"],
    "economy": ["经济建设蹄疾步稳", "经济发展稳中有进", "营商环境持续优化"],
    "city": ["城市更加美丽宜居", "城市管理精细高效", "人居环境持续改善"],
    "rural": ["乡村振兴扎实推进", "农业农村稳步发展", "美丽乡村建设成效明显"],
    "safety": ["社会大局稳定有序", "安全底线牢牢守住", "平安建设成效显著"],
    "livelihood": ["民生福祉持续改善", "公共服务不断完善", "民生保障有力有效"],
}
ACHIEVEMENT_LEADS = [
    "{n}.{lead}。{sentence}。",
    "{n}、{lead}。{sentence}，{tail}。",
    "{sentence}，{tail}。",
]
ACHIEVEMENT_LEAD_TEXT = {
    "party": [
        "聚焦组织建设，把基础做强",
        "聚焦管党治党责任，把风纪抓好",
        "聚焦意识形态建设，把阵地守牢",
    ],
    "economy": ["经济指标稳中有升", "项目建设有序推进", "全力服务市场主体"],
    "city": ["全面提升城区品质", "强力推进违建整治", "扎实推进老旧小区改造"],
    "rural": ["持续改善农村人居环境", "巩固拓展脱贫攻坚成果", "稳定粮食生产"],
    "safety": ["严守安全生产红线", "从严防范化解重大风险", "扎实推进矛盾纠纷排查化解"],
    "livelihood": ["持续完善公共服务体系", "稳步提升社会保障能力", "丰富群众文化生活"],
}
ACHIEVEMENT_TAILS = [
    "取得了良好的社会效果",
    "群众获得感进一步增强",
    "各项工作顺利推进",
    "得到上级部门充分肯定",
]
PERFORMANCE_INTRO = [
    "本年度绩效目标完成情况如下：",
    "{year}年，在区委、区政府的坚强领导下，各项工作取得明显成效：",
    "",
]

BUDGET_AMOUNT_FORMS = [
    "{year}年初预算数为{budget}，决算数为{final}，年初预算数与年终决算数相差{gap}。",
    "本年度年初预算{budget}，全年决算支出{final}，决算数较年初预算{more_less}{gap}。",
    "{year}年度部门年初预算数{budget}，决算数{final}，差额{gap}。",
]
BUDGET_RATIO_FORMS = [
    "{year}年度决算数{final}，为年初预算的{ratio}%，预决算差异较大。",
    "全年决算支出{final}，执行数为年初预算的{ratio}%。",
]
BUDGET_PROBLEM_LEAD = ["部门年初预算数与决算数差异较大。", "预算编制的精准性有待提高。", ""]
BUDGET_REASON = [
    "产生差异的主要原因是年初预算仅根据体制财力编制，重点保障人员经费及基本运转，而决算是当年实际支出，"
    "包含预算追加及上级各部门的专项拨款支出。",
    "主要原因是年中追加了上级专项资金及各类临时性任务经费。",
]
OTHER_PROBLEMS = [
    "绩效目标设置不够细化，部分指标难以量化考核。",
    "项目支出进度前慢后快，年底集中支付现象仍然存在。",
    "绩效管理专业人员不足，绩效评价工作深度有待加强。",
]
MEASURES = [
    (
        "加强预算编制管理，夯实预算执行基础",
        "保证预算编制的真实性和完整性，量入为出、收支平衡，综合预算。",
    ),
    (
        "做好预算执行分析工作",
        "及时跟踪预算执行动态，重点研究执行过程中出现的问题，提高财政预算管理水平。",
    ),
    (
        "加强内部监督控制",
        "调派熟悉单位业务的财务人员担任内部审计监督职务，跟踪监督每一步的经费预算执行情况。",
    ),
    ("强化绩效目标管理", "细化量化绩效指标，做到目标明确、指标可考、结果可用。"),
    ("加快项目支出进度", "建立项目支出进度台账，按月通报，避免年底突击花钱。"),
]
APPLICATION = [
    "{year}年，我单位从预算绩效目标管理、专项资金管理、预算执行进度、绩效评价和资金分配使用等方面认真组织了自评。"
    "结果显示预算绩效目标管理合理，资金分配和使用按预算执行，没有发现违规行为。将根据财政相关要求进行公开，"
    "并运用到单位整体运行管理中，提高单位整体支出绩效水平。",
    "自评结果将按规定在政府门户网站公开，接受社会监督，并作为以后年度预算安排的重要依据。",
]

HALF_WIDTH = str.maketrans("，（）：；！？", ",():;!?")
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
CN_DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"

#: Document-level style probabilities.
P_HALF_WIDTH = 0.35
P_FULL_WIDTH_DIGITS = 0.03
P_BOILERPLATE = 0.35
P_TOC = 0.2
P_BREAKS = 0.4
P_NESTED = 0.45
P_TABLE = 0.5  # of nested documents: figures in a Word table in the .docx
P_FLAT_TABLE_TXT = 0.35  # of table documents: the .txt carries the table flattened
P_BUDGET_RATIO = 0.12
P_CITY_STATED = 0.85
P_CN_COUNT = 0.15
P_OMIT_ZERO_SOCIAL = 0.25
P_NO_RETIREES = 0.06
P_NO_STAFF = 0.04
P_NO_COMMUNITIES = 0.08
AMOUNT_STYLES = [("wan", 6), ("wan_sep", 2), ("yuan", 2), ("mixed", 1)]
#: Harder variants (real documents seen since): a whole document in full-width forms, a
#: mirror copy in traditional characters with pinyin, a digit lost from an amount, a table
#: whose figure disagrees with the text, a prior-year paragraph, staff counts in Chinese
#: numerals, projects named without amounts, a staff label/value table in the .docx.
P_FULL_WIDTH_ALL = 0.06
P_MIRROR = 0.07
P_LOST_DIGIT = 0.1
P_TABLE_DISAGREE = 0.25  # of table documents
P_PRIOR_PARAGRAPH = 0.2
P_STAFF_TABLE = 0.25
#: Layouts of the expenditure table: plain, with a 序号 column, in 元, a two-row merged
#: header, categories as columns instead of rows.
TABLE_LAYOUTS = ["plain", "seq", "yuan", "merged", "transposed"]


def cn_numeral(n: int) -> str:
    """1..99 in Chinese numerals (十一, 二十三)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def yuan_text(amount_wan: Decimal) -> str:
    """An amount in 万元 written in 元 with thousands separators (2400.49 → 24,004,900.00元)."""
    return f"{amount_wan * 10000:,.2f}元"


def wan_text(amount_wan: Decimal, sep: bool = False, trim: bool = False) -> str:
    """An amount in 万元 as reports write it (optionally 1,867.48 and 16 for 16.00)."""
    if trim and amount_wan == amount_wan.to_integral_value():
        return f"{int(amount_wan):,}万元" if sep else f"{int(amount_wan)}万元"
    return f"{amount_wan:,.2f}万元" if sep else f"{amount_wan:.2f}万元"


def pct_text(pct: Decimal) -> str:
    """A percentage as reports write it: 8.59% and 100% (a whole number loses its decimals)."""
    if pct == pct.to_integral_value():
        return f"{int(pct)}%"
    return f"{pct:.2f}%"


#: Pinyin a mirror site inserts after some traditional characters (岳陽(yáng)).
MIRROR_PINYIN = {
    "陽": "yáng", "區": "qū", "處": "chù", "辦": "bàn", "關": "guān", "門": "mén",
    "經": "jīng", "費": "fèi", "決": "jué", "說": "shuō", "財": "cái", "資": "zī",
    "營": "yíng", "預": "yù", "撥": "bō", "務": "wù", "職": "zhí", "責": "zé",
    "構": "gòu", "設": "shè", "來": "lái", "員": "yuán", "條": "tiáo",
}  # fmt: skip


@lru_cache(maxsize=2)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def mirror_text(text: str) -> str:
    """A mirror copy: traditional characters with pinyin after some of them."""
    trad = _opencc("s2t").convert(text)
    return "".join(ch + f"({MIRROR_PINYIN[ch]})" if ch in MIRROR_PINYIN else ch for ch in trad)


def mirror_roundtrips(text: str) -> bool:
    """True when the traditional copy converts back to exactly this text (so truth holds)."""
    return _opencc("t2s").convert(_opencc("s2t").convert(text)) == text


def _f(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


# ======================================================================================
# Document model
# ======================================================================================


@dataclass
class Block:
    """One paragraph-level piece of a report; `only` limits it to 'txt' or 'docx'."""

    kind: str  # boiler | title | heading | para | table | toc
    text: str = ""
    level: int = 0
    rows: list[list[str]] | None = None
    only: str | None = None
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r1, c1, r2, c2)


@dataclass
class Rendered:
    """A rendered report: blocks for both formats and the figures the text states."""

    blocks: list[Block]
    stated: dict
    style: dict = field(default_factory=dict)
    #: Truth that differs by format ({"docx": {"basic_wan": None}}): a figure only one
    #: format's table garbles.
    by_format: dict[str, dict] = field(default_factory=dict)
    doc_type: str = "performance_report"
    skip: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The .txt rendering (one block per line); a mirror copy in traditional + pinyin."""
        text = (
            "\n".join(b.text for b in self.blocks if b.only != "docx" and b.kind != "table") + "\n"
        )
        return mirror_text(text) if self.style.get("mirror") else text

    def truth(self, fmt: str) -> dict:
        """What the text of one format states."""
        return {**self.stated, **self.by_format.get(fmt, {})}


class _Writer:
    """Accumulates blocks; owns the numbering and the amount formatting of one document."""

    def __init__(self, rng: random.Random, style: dict) -> None:
        self.rng = rng
        self.style = style
        self.blocks: list[Block] = []
        self.counters = [0, 0, 0]
        self.l1_index = 0
        self.toc: list[str] = []
        self.lost_field: str | None = None
        self.by_format: dict[str, dict] = {}

    # -- numbering ---------------------------------------------------------------------
    def _token(self, level: int) -> str:
        fmt = self.style["scheme"][level - 1]
        brk = self.style["break"]
        if level == 1 and brk and brk[1] == self.l1_index:
            if brk[0] == "drop":
                return ""
            if brk[0] == "switch":
                fmt = brk[2]
        if level == 1 and brk and brk[0] == "switch" and brk[1] < self.l1_index <= brk[1] + brk[3]:
            fmt = brk[2]
        n, p = self.counters[level - 1], self.counters[max(0, level - 2)]
        return NUMBER_FORMATS[fmt].format(
            cn=cn_numeral(n), n=n, p=p, c=CIRCLED[(n - 1) % 20], k=PARENTHESISED[(n - 1) % 20]
        )

    def heading(self, level: int, key: str | None = None, text: str | None = None) -> None:
        """Add a numbered heading: a synonym of section `key`, or literal `text`."""
        name = text if text is not None else self.rng.choice(SECTION_NAMES[key])
        brk = self.style["break"]
        if level == 1:
            self.l1_index += 1
            step = 1
            if brk and brk[1] == self.l1_index:
                step = {"skip": 2, "repeat": 0}.get(brk[0], 1)
            self.counters[0] += step
        else:
            self.counters[level - 1] += 1
        for lower in range(level, 3):
            self.counters[lower] = 0
        token = self._token(level)
        self.blocks.append(Block("heading", token + name, level))
        if level == 1:
            self.toc.append(token + name)

    def para(self, text: str, only: str | None = None) -> None:
        """Add a body paragraph."""
        if text:
            self.blocks.append(Block("para", text, only=only))

    def item_token(self, n: int) -> str:
        """Numbering for an enumerated item under a level-2 heading."""
        return NUMBER_FORMATS[self.style["scheme"][2]].format(
            cn=cn_numeral(n),
            n=n,
            p=self.counters[1],
            c=CIRCLED[(n - 1) % 20],
            k=PARENTHESISED[(n - 1) % 20],
        )

    # -- amounts -----------------------------------------------------------------------
    def amt(self, amount: Decimal) -> str:
        """Format an amount in the document's amount style."""
        style = self.style["amounts"]
        if style == "mixed":
            style = self.rng.choice(["wan", "yuan"])
        if style == "yuan":
            return yuan_text(amount)
        return wan_text(amount, sep=style == "wan_sep", trim=self.style["trim"])

    def lost(self, amount: Decimal) -> str:
        """An amount whose leading digit the source lost (1,867.48 → ',867.48万元')."""
        return wan_text(amount, sep=True)[1:]

    def count(self, n: int) -> str:
        """A count as digits or, sometimes, in Chinese numerals."""
        return cn_numeral(n) if self.style["cn_counts"] and n < 100 else str(n)


# ======================================================================================
# Rendering
# ======================================================================================


def choose_style(rng: random.Random) -> dict:
    """Draw the document-level choices of one report."""
    schemes, weights = zip(*NUMBERING_SCHEMES, strict=True)
    scheme = rng.choices(schemes, weights)[0]
    brk = None
    if rng.random() < P_BREAKS:
        kind = rng.choice(NUMBERING_BREAKS)
        alt = rng.choice([f for f in ("（n）", "n、", "n.", "（cn）") if f != scheme[0]])
        brk = (kind, rng.randint(2, 5), alt, rng.randint(0, 4))
    styles, sw = zip(*AMOUNT_STYLES, strict=True)
    nested = rng.random() < P_NESTED
    table = nested and rng.random() < P_TABLE
    return {
        "scheme": scheme,
        "break": brk,
        "half_width": rng.random() < P_HALF_WIDTH,
        "full_width_digits": rng.random() < P_FULL_WIDTH_DIGITS,
        "boilerplate": rng.random() < P_BOILERPLATE,
        "toc": rng.random() < P_TOC,
        "nested": nested,
        "table": table,
        "flat_table_txt": table and rng.random() < P_FLAT_TABLE_TXT,
        "amounts": rng.choices(styles, sw)[0],
        "trim": rng.random() < 0.5,
        "budget_ratio": rng.random() < P_BUDGET_RATIO,
        "city_stated": rng.random() < P_CITY_STATED,
        "cn_counts": rng.random() < P_CN_COUNT,
        "omit_zero_social": rng.random() < P_OMIT_ZERO_SOCIAL,
        "no_retirees": rng.random() < P_NO_RETIREES,
        "no_staff": rng.random() < P_NO_STAFF,
        "no_communities": rng.random() < P_NO_COMMUNITIES,
        "change_prep": rng.choice(CHANGE_PREPS),
        "change_verbs": rng.randrange(3),
        "project_list": rng.choice(PROJECT_LIST_STYLES),
        "full_width_all": rng.random() < P_FULL_WIDTH_ALL,
        "mirror": rng.random() < P_MIRROR,
        "lost_digit": rng.random() < P_LOST_DIGIT,
        "table_layout": rng.choice(TABLE_LAYOUTS),
        "table_disagree": table and rng.random() < P_TABLE_DISAGREE,
        "prior_paragraph": rng.random() < P_PRIOR_PARAGRAPH,
        "staff_table": rng.random() < P_STAFF_TABLE,
    }


def render_report(uy: UnitYear, seed: int) -> Rendered:
    """Render one unit-year; the same (unit-year, seed) always gives the same blocks."""
    rng = random.Random(f"{seed}/report/{uy.unit.slug}/{uy.year}")
    style = choose_style(rng)
    planted = {p["check"] for p in uy.planted}
    if "budget_gap" in planted:
        style["budget_ratio"] = False  # a planted gap must be visible
    w = _Writer(rng, style)
    u = uy.unit
    self_word = "街道" if u.kind == "subdistrict" else "镇"
    place = (u.city if style["city_stated"] else "") + u.district
    ctx = {
        "year": uy.year,
        "prev_year": uy.year - 1,
        "name": u.name,
        "short": u.short_name,
        "self": self_word,
        "self_name": u.short_name,
        "district": u.district,
        "place": place,
    }
    stated: dict = {
        "unit_name": u.name,
        "district": u.district,
        "city": u.city if style["city_stated"] else None,
        "year": uy.year,
        "changes": {},
        "traps": [],
    }
    if str(uy.categories["basic"]).startswith(str(uy.year)):
        stated["traps"].append(f"basic expenditure {uy.categories['basic']} reads like the year")

    # -- front matter ------------------------------------------------------------------
    if style["boilerplate"]:
        pub = f"{uy.year + 1}-{rng.randint(3, 9):02d}-{rng.randint(1, 28):02d}"
        extra = {
            "pub": pub,
            "index_no": f"{rng.randint(10**8, 10**9 - 1)}/{uy.year + 1}-{rng.randint(1, 999):05d}",
            "hh": f"{rng.randint(8, 18):02d}",
            "mm": f"{rng.randint(0, 59):02d}",
            "views": rng.randint(1, 500),
        }
        for line in rng.choice(BOILERPLATE):
            w.blocks.append(Block("boiler", line.format(**ctx, **extra)))
    for line in rng.choice(TITLES):
        w.blocks.append(Block("title", line.format(**ctx)))
    toc_at = len(w.blocks)
    w.para(rng.choice(INTROS).format(**ctx))

    # -- 基本情况 -------------------------------------------------------------------------
    w.heading(1, "overview")
    w.heading(2, "unit_basic")
    w.blocks.append(Block("heading", w.item_token(1) + rng.choice(SECTION_NAMES["duties"]), 3))
    w.para(rng.choice(DUTIES[u.kind]).format(**ctx))
    w.blocks.append(
        Block("heading", w.item_token(2) + rng.choice(SECTION_NAMES["organization"]), 3)
    )
    org = rng.choice(ORGANIZATION).format(
        **ctx,
        bodies="、".join(u.internal_bodies),
        n_bodies=len(u.internal_bodies),
        affiliated="、".join(u.affiliated_bodies),
        n_aff=len(u.affiliated_bodies),
    )
    community, stated["communities_count"] = _communities(w, uy, ctx, stated["traps"])
    w.para(community + org if rng.random() < 0.6 else org + community)
    w.blocks.append(Block("heading", w.item_token(3) + rng.choice(SECTION_NAMES["staff"]), 3))
    staff_text, stated["staff_in_post"], stated["retirees"] = _staff(w, uy, ctx, stated["traps"])
    if style["staff_table"] and stated["staff_in_post"] and stated["retirees"]:
        # the .docx states the staff as a label/value table, the .txt as prose
        w.para(staff_text, only="txt")
        w.blocks.append(Block("table", rows=_staff_rows(w, uy), only="docx"))
        stated["traps"].append("docx: staff in a label/value table")
    else:
        w.para(staff_text)

    # -- 绩效目标 ---------------------------------------------------------------------------
    w.heading(1 if rng.random() < 0.5 else 2, "goals")
    w.para(rng.choice(GOALS_OVERALL).format(**ctx))
    w.para(rng.choice(PROJECT_TARGETS_INTRO))
    for i, p in enumerate(uy.projects, 1):
        w.para(f"（{i}）{p.name}：" + _targets_text(rng, p.targets))

    # -- 支出情况 ---------------------------------------------------------------------------
    cats = uy.categories
    # a lost digit garbles one amount of 1000万元 or more, stated once (basic or the total)
    lost = None
    if style["lost_digit"]:
        options = [k for k in ("basic", "final") if _lost_ok(uy, k, style)]
        lost = rng.choice(options) if options else None
    w.lost_field = lost
    if lost:
        stated["traps"].append(f"{lost} amount written with its leading digit lost")
    visible = dict.fromkeys(cats, True)
    if cats["social_insurance"] == 0 and style["omit_zero_social"]:
        visible["social_insurance"] = False
    if style["nested"]:
        w.heading(1, "overall")
        _prior_paragraph(w, uy, ctx, stated)
        if style["table"]:
            _table_section(w, uy, ctx, visible, stated)
        else:
            for cat in cats:
                if visible[cat]:
                    w.heading(2, cat)
                    _category_paras(w, uy, ctx, cat, stated)
    else:
        w.heading(1, "general_budget")
        _prior_paragraph(w, uy, ctx, stated)
        for cat in ("basic", "project"):
            w.heading(2, cat)
            _category_paras(w, uy, ctx, cat, stated)
        for cat in ("gov_fund", "state_capital", "social_insurance", "other"):
            if visible[cat]:
                w.heading(1, cat)
                _category_paras(w, uy, ctx, cat, stated)
    for cat in cats:
        stated[f"{cat}_wan"] = _f(cats[cat]) if visible[cat] else None
    if lost == "basic":
        stated["basic_wan"] = None
    stated["projects"] = (
        []
        if style["project_list"] == "summary"
        else [{"name": p.name, "amount_wan": _f(p.amount_wan)} for p in uy.projects]
    )

    # -- 绩效情况 ---------------------------------------------------------------------------
    w.heading(1, "performance")
    w.para(rng.choice(PERFORMANCE_INTRO).format(**ctx))
    groups: dict[str, list] = {}
    for a in uy.achievements:
        groups.setdefault(a.group, []).append(a)
    for group, items in groups.items():
        w.heading(2, text=rng.choice(ACHIEVEMENT_HEADINGS[group]))
        form = rng.choice(ACHIEVEMENT_LEADS)  # one item style per group, as in real reports
        leads = rng.sample(ACHIEVEMENT_LEAD_TEXT[group], len(ACHIEVEMENT_LEAD_TEXT[group]))
        for n, a in enumerate(items, 1):
            w.para(
                form.format(
                    n=n,
                    lead=leads[(n - 1) % len(leads)],
                    sentence=a.sentence,
                    tail=rng.choice(ACHIEVEMENT_TAILS),
                )
            )

    # -- 存在的问题 -------------------------------------------------------------------------
    w.heading(1, "problems")
    w.para(rng.choice(BUDGET_PROBLEM_LEAD))
    final = uy.final_total_stated
    if style["budget_ratio"]:
        ratio = (final / uy.budget_at_start * 100).quantize(Decimal("0.1"))
        final_text = w.lost(final) if lost == "final" else w.amt(final)
        w.para(rng.choice(BUDGET_RATIO_FORMS).format(**ctx, final=final_text, ratio=ratio))
        stated["budget_at_start_wan"] = None
    else:
        gap = uy.gap_stated
        w.para(
            rng.choice(BUDGET_AMOUNT_FORMS).format(
                **ctx,
                budget=w.amt(uy.budget_at_start),
                final=w.lost(final) if lost == "final" else w.amt(final),
                gap=w.amt(abs(gap)),
                more_less="增加" if gap >= 0 else "减少",
            )
            + rng.choice(BUDGET_REASON)
        )
        stated["budget_at_start_wan"] = _f(uy.budget_at_start)
    stated["final_total_wan"] = None if lost == "final" else _f(final)
    w.para(rng.choice(OTHER_PROBLEMS))

    # -- 改进措施 / 结果应用 ------------------------------------------------------------------
    w.heading(1, "measures")
    for n, (head, body) in enumerate(rng.sample(MEASURES, 3), 1):
        w.para(f"{n}.{head}" if rng.random() < 0.5 else f"{n}、{head}")
        w.para(body)
    w.heading(1, "application")
    w.para(rng.choice(APPLICATION).format(**ctx))

    if style["toc"]:
        toc = [Block("toc", "目录")] + [
            Block("toc", f"{h}{'…' * rng.randint(6, 20)}{i + 1}") for i, h in enumerate(w.toc)
        ]
        w.blocks[toc_at:toc_at] = toc
    _apply_punctuation(w.blocks, style)
    if style["mirror"] and not all(mirror_roundtrips(b.text) for b in w.blocks):
        style["mirror"] = False  # the truth must survive the conversion back
    if style["mirror"]:
        stated["traps"].append("txt: mirror copy in traditional characters with pinyin")
    return Rendered(w.blocks, stated, style, by_format=w.by_format)


def _lost_ok(uy: UnitYear, key: str, style: dict) -> bool:
    """A lost digit is planted only where that amount is stated once, in prose."""
    amount = uy.categories["basic"] if key == "basic" else uy.final_total_stated
    if amount < 1000 or style["table"]:
        return False
    return key != "basic" or not style["prior_paragraph"]


PRIOR_PARAGRAPHS = [
    "{prev_year}年度，{short}基本支出{basic}，项目支出{project}，部门决算支出合计{total}。",
    "{prev_year}年决算数为{total}，其中基本支出{basic}、项目支出{project}。",
    "上年度（{prev_year}年）部门整体支出{total}，其中：基本支出{basic}；项目支出{project}。",
]


def _prior_paragraph(w: _Writer, uy: UnitYear, ctx: dict, stated: dict) -> None:
    """A paragraph of the prior year's figures inside the report year's section (a trap)."""
    if not w.style["prior_paragraph"]:
        return
    prev = uy.prev_categories
    total = sum(prev.values(), ZERO)
    if total == 0:
        return
    w.para(
        w.rng.choice(PRIOR_PARAGRAPHS).format(
            **ctx, basic=w.amt(prev["basic"]), project=w.amt(prev["project"]), total=w.amt(total)
        )
    )
    stated["traps"].append(f"prior-year paragraph ({uy.year - 1}) in the expenditure section")


def _staff_rows(w: _Writer, uy: UnitYear) -> list[list[str]]:
    """A staff label/value table (in-post, establishment, retirees, a prior-year trap)."""
    rows = [
        ["年末在职人数", str(uy.staff_in_post), "编制数", str(uy.establishment)],
        [f"{uy.unit.retiree_label}人数", str(uy.retirees), "外聘人员", str(uy.temp_staff)],
    ]
    if w.rng.random() < 0.5:
        rows.append([f"{uy.year - 1}年末在职人数", str(uy.staff_prev), "", ""])
    return rows


def _communities(w: _Writer, uy: UnitYear, ctx: dict, traps: list[str]) -> tuple[str, int | None]:
    if w.style["no_communities"]:
        return "", None
    forms = COMMUNITY_FORMS[uy.unit.kind]
    form = w.rng.choice(forms)
    names = [c + "社区" if not c.endswith("社区") else c for c in uy.communities]
    text = form.format(
        **ctx,
        n=w.count(len(names)),
        v=w.count(len(uy.villages)),
        names="、".join(names),
        bare_names="、".join(uy.communities),
    )
    if "{v}" in form:
        traps.append(f"{len(uy.villages)} villages (村) are not communities")
    return text, len(names)


def _staff(
    w: _Writer, uy: UnitYear, ctx: dict, traps: list[str]
) -> tuple[str, int | None, int | None]:
    rng = w.rng
    est_a = rng.randint(uy.establishment // 4, uy.establishment // 2)
    values = {
        **ctx,
        "est": uy.establishment,
        "est_a": est_a,
        "est_b": uy.establishment - est_a,
        "staff": uy.staff_in_post,
        "staff_prev": uy.staff_prev,
        "admin": uy.staff_admin,
        "inst": uy.staff_institution,
        "extra": uy.staff_extra,
        "temp": uy.temp_staff,
        "temp_a": rng.randint(1, 6),
        "rl": uy.unit.retiree_label,
        "ret": uy.retirees,
        "cret": uy.community_retirees,
        "delta": abs(uy.staff_in_post - uy.staff_prev),
        "dir": "增加" if uy.staff_in_post > uy.staff_prev else "减少",
        "move": "调入" if uy.staff_in_post > uy.staff_prev else "调出及退休",
    }
    if w.style["cn_counts"]:
        # counts in Chinese numerals (五十九人): every count under 100 of the paragraph
        for key in ("est", "est_a", "est_b", "staff", "staff_prev", "ret", "temp", "delta"):
            values[key] = w.count(values[key])
    planted_parts = any(p["check"] == "staff_parts" for p in uy.planted)
    staff_stated = not w.style["no_staff"] or planted_parts
    parts = [rng.choice(STAFF_ESTABLISHMENT)]
    if staff_stated:
        parts.append(rng.choice(STAFF_IN_POST))
        parts.append(STAFF_BREAKDOWN[0] if planted_parts else rng.choice(STAFF_BREAKDOWN))
    ret_stated = not w.style["no_retirees"]
    if ret_stated:
        parts.append(rng.choice(RETIREES))
    if uy.community_retirees:
        parts.append(rng.choice(COMMUNITY_RETIREES))
    parts.append(rng.choice(STAFF_OTHERS))
    parts.append("。")
    if staff_stated:
        if uy.staff_in_post == uy.staff_prev:
            parts.append(rng.choice(STAFF_UNCHANGED))
        else:
            parts.append(rng.choice(STAFF_PRIOR))
    joined = "".join(parts)
    if "{est}" in joined:
        traps.append(f"编制 {uy.establishment} is not staff in post")
    if "{cret}" in joined:
        traps.append(f"社区退休人员 {uy.community_retirees} are not retirees")
    if "{temp}" in joined:
        traps.append(f"temporary/other staff {uy.temp_staff} are not in post")
    if "{staff_prev}" in joined:
        traps.append(f"prior-year label: {uy.year - 1}年末 {uy.staff_prev} staff")
    text = joined.format(**values)
    # a sentence that begins with a comma (no establishment, no in-post clause) reads badly
    for bad, good in STAFF_CLEANUP:
        text = text.replace(bad, good)
    text = text.lstrip("，、")
    return text, uy.staff_in_post if staff_stated else None, uy.retirees if ret_stated else None


def _targets_text(rng: random.Random, targets: list[Target]) -> str:
    by_class: dict[str, list[str]] = {}
    for t in targets:
        if t.value is None:
            phrase = rng.choice(QUALITATIVE_TARGET).format(indicator=t.indicator)
        else:
            phrase = f"{t.indicator}{rng.choice(COMPARATOR_WORDS[t.comparator])}{t.value}{t.unit}"
        by_class.setdefault(t.indicator_class, []).append(phrase)
    classes = list(by_class)
    rng.shuffle(classes)
    return (
        "；".join(
            f"{CIRCLED[i]}{CLASS_LABELS[c]}：{'，'.join(by_class[c])}"
            for i, c in enumerate(classes)
        )
        + "。"
    )


def _change_clause(w: _Writer, uy: UnitYear, ctx: dict, cat: str, stated: dict) -> str:
    ch = uy.changes[cat]
    planted = {p["check"] for p in uy.planted}
    if ch.amount == 0:
        stated["changes"][cat] = {"amount_wan": 0.0, "pct": 0.0 if ch.pct is not None else None}
        return "，" + w.rng.choice(CHANGE_FLAT)
    direction = "up" if ch.amount > 0 else "down"
    v1, v2 = CHANGE_VERBS[direction][w.style["change_verbs"]]
    form, has_amt, has_pct = w.rng.choice(CHANGE_FORMS)
    if cat == "basic" and planted & {"change_pct", "prior_year_change"}:
        form, has_amt, has_pct = CHANGE_FORMS[0]  # the planted figures must be stated
    if ch.pct is None:
        form, has_amt, has_pct = CHANGE_FORMS[4]
    clause = form.format(
        prep=w.style["change_prep"].format(**ctx),
        v1=v1,
        v2=v2,
        amt=w.amt(abs(ch.amount)),
        pct=pct_text(abs(ch.pct)) if ch.pct is not None else "",
    )
    stated["changes"][cat] = {
        "amount_wan": _f(ch.amount) if has_amt else None,
        "pct": _f(ch.pct) if has_pct else None,
    }
    reason = w.rng.choice(REASONS[(cat, direction)])
    word = v2 if has_pct else v1
    return "，" + clause + w.rng.choice(REASON_FORMS).format(word=word, reason=reason)


def _category_paras(w: _Writer, uy: UnitYear, ctx: dict, cat: str, stated: dict) -> None:
    amount = uy.categories[cat]
    if amount == 0 and cat in CATEGORY_NONE:
        w.para(w.rng.choice(CATEGORY_NONE[cat]).format(**ctx, zero=w.amt(ZERO)))
        stated["changes"][cat] = None
        return
    amt = w.lost(amount) if cat == "basic" and w.lost_field == "basic" else w.amt(amount)
    lead = w.rng.choice(CATEGORY_LEADS[cat]).format(**ctx, amt=amt)
    text = lead + _change_clause(w, uy, ctx, cat, stated) + "。"
    if cat == "basic":
        text += w.rng.choice(CATEGORY_BASIC_TAIL)
    if cat != "project":
        w.para(text)
        return
    _project_paras(w, uy, ctx, text)


def _project_phrase(p: Project, amt: str, form: str) -> str:
    verb = "支出" if p.name.endswith(("经费", "资金", "项目")) else "项目支出"
    return form.format(name=p.name, verb=verb, amt=amt, purpose=p.purpose)


def _project_paras(w: _Writer, uy: UnitYear, ctx: dict, lead: str) -> None:
    rng = w.rng
    names = "、".join(p.name for p in uy.projects)
    count = rng.choice(PROJECT_COUNT).format(**ctx, k=w.count(len(uy.projects)), names=names)
    style = w.style["project_list"]
    if style == "inline":
        form = rng.choice(PROJECT_ITEM)
        items = "；".join(_project_phrase(p, w.amt(p.amount_wan), form) for p in uy.projects)
        w.para(lead + count + "其中" + items + "。")
    elif style == "compact":
        items = "、".join(f"{p.name}{w.amt(p.amount_wan)}" for p in uy.projects)
        w.para(lead + count + f"主要包括：{items}。")
    elif style == "summary":
        # named without their amounts: a careful reader lists no projects
        shown = "、".join(p.name for p in uy.projects[:3])
        more = "等" if len(uy.projects) > 3 else "共"
        w.para(
            lead + f"主要用于{shown}{more}{w.count(len(uy.projects))}个项目，"
            f"共计{w.amt(uy.categories['project'])}。"
        )
    else:
        w.para(lead + count)
        form = rng.choice(PROJECT_ITEM)
        for n, p in enumerate(uy.projects, 1):
            w.para(w.item_token(n) + _project_phrase(p, w.amt(p.amount_wan), form) + "。")


def _table_cell(amount: Decimal, layout: str) -> str:
    return f"{amount * 10000:,.2f}" if layout == "yuan" else f"{amount:.2f}"


def _table_rows(w: _Writer, uy: UnitYear, visible: dict, garble: dict[str, str]) -> list:
    """The expenditure table in the document's layout; `garble` replaces category cells."""
    layout = w.style["table_layout"]
    unit = "元" if layout == "yuan" else "万元"
    body = []
    for cat, amount in uy.categories.items():
        if not visible[cat]:
            continue
        ch = uy.changes[cat]
        change = "—" if amount == 0 and ch.amount == 0 else _table_cell(ch.amount, layout)
        pct = "—" if ch.pct is None else pct_text(ch.pct)
        body.append([TABLE_LABELS[cat], garble.get(cat, _table_cell(amount, layout)), change, pct])
    total = ["合计", _table_cell(uy.final_total_stated, layout), "", ""]
    header = ["项目", f"决算数（{unit}）", f"比上年增减额（{unit}）", "增减率"]
    if layout == "seq":
        return [["序号", *header]] + [[str(i), *r] for i, r in enumerate(body, 1)] + [["", *total]]
    if layout == "merged":
        top = ["项目", "本年决算", "比上年增减", ""]
        return [top, ["", "金额（万元）", "金额（万元）", "幅度（%）"], *body, total]
    if layout == "transposed":
        cols = list(zip(header, *body, total, strict=True))
        return [list(c) for c in cols]
    return [header, *body, total]


def _table_section(w: _Writer, uy: UnitYear, ctx: dict, visible: dict, stated: dict) -> None:
    """Figures in a Word table (docx); the .txt gets prose or the table flattened."""
    rng = w.rng
    w.heading(2, "overall_table")
    w.para(rng.choice(OVERALL_SENTENCE).format(**ctx, total=w.amt(uy.final_total_stated)))
    layout = w.style["table_layout"]
    basic = uy.categories["basic"]
    garble: dict[str, str] = {}
    garbled = None
    if w.style["lost_digit"] and basic >= 1000:
        full = f"{basic * 10000:,.2f}" if layout == "yuan" else f"{basic:,.2f}"
        garble["basic"] = full[full.index(",") :]  # the first digit group lost
        garbled = "lost digit"
    elif w.style["table_disagree"]:
        garble["basic"] = _table_cell(basic + Decimal(rng.randint(1000, 9999)) / 100, layout)
        garbled = "disagrees with the text"
    rows = _table_rows(w, uy, visible, garble)
    reasons = []
    for cat in uy.categories:
        ch = uy.changes[cat]
        if visible[cat] and ch.amount != 0:
            direction = "up" if ch.amount > 0 else "down"
            verb = CHANGE_VERBS[direction][0][1]
            reasons.append(
                f"{TABLE_LABELS[cat]}{verb}的主要原因是{rng.choice(REASONS[(cat, direction)])}"
            )
    intro = ["各项支出及变动情况见下表："] if layout == "yuan" else TABLE_INTRO
    w.para(rng.choice(intro), only="docx")
    merges = [(0, 2, 0, 3), (0, 0, 1, 0)] if layout == "merged" else []
    w.blocks.append(Block("table", rows=rows, only="docx", merges=merges))
    reason_text = "；".join(reasons) + "。" if reasons else ""
    flat = w.style["flat_table_txt"]
    if flat:
        for row in rows:
            for cell in row:
                if cell or layout != "merged":
                    w.para(cell or " ", only="txt")
        w.para(reason_text)
    else:
        w.para(reason_text, only="docx")
        # the .txt states the same figures in prose; `scratch` keeps the docx's change
        # record (from the table) rather than the prose's wording choices
        scratch: dict = {"changes": {}}
        for cat in uy.categories:
            if visible[cat] and cat != "project":
                before = len(w.blocks)
                _category_paras(w, uy, ctx, cat, scratch)
                for b in w.blocks[before:]:
                    b.only = "txt"
    if garbled:
        if garbled == "disagrees with the text":
            w.para(f"其中基本支出{w.amt(basic)}。")
        w.by_format["docx"] = {"basic_wan": None}
        if flat:
            w.by_format["txt"] = {"basic_wan": None}
        stated["traps"].append(f"table basic cell {garbled}")
    for cat, amount in uy.categories.items():
        if visible[cat]:
            ch = uy.changes[cat]
            stated["changes"][cat] = (
                None
                if amount == 0 and ch.amount == 0
                else {"amount_wan": _f(ch.amount), "pct": _f(ch.pct)}
            )
    w.heading(2, "project")
    lead = rng.choice(CATEGORY_LEADS["project"]).format(**ctx, amt=w.amt(uy.categories["project"]))
    lead += _change_clause(w, uy, ctx, "project", {"changes": {}}) + "。"
    _project_paras(w, uy, ctx, lead)


FULL_WIDTH_ALL = {c: c + 0xFEE0 for c in range(0x21, 0x7F) if chr(c) != "|"}


def _apply_punctuation(blocks: list[Block], style: dict) -> None:
    table = None
    if style.get("full_width_all"):
        table = dict(FULL_WIDTH_ALL)
    elif style["half_width"]:
        table = dict(HALF_WIDTH)
    if style["full_width_digits"]:
        table = {**(table or {}), **FULL_WIDTH_DIGITS}
    if not table:
        return
    for b in blocks:
        b.text = b.text.translate(table)
        if b.rows:
            b.rows = [[c.translate(table) for c in row] for row in b.rows]


# ======================================================================================
# Other document types found in the same folders (DOMAIN.md §2): a 部门决算 statement, a
# township's fiscal report, a project self-evaluation. Each states what a careful reader
# records for that type (the corpus truth of real_08, real_16 and the like).
# ======================================================================================

#: Kinds of other documents, the unit kinds that publish them, and the file-name tag.
OTHER_KINDS = {
    "final_accounts_statement": (("subdistrict", "township"), "juesuan"),
    "fiscal_report": (("township",), "fiscal_report"),
    "project_evaluation": (("subdistrict", "township"), "project_eval"),
}
STATEMENT_TITLES = [
    ["{city}{district}{name}{year}年度部门决算"],
    ["{year}年度{city}{district}{name}部门决算"],
    ["{district}{name}", "{year}年度部门决算情况说明"],
]
FISCAL_TITLES = [
    ["{city}{district}{name}", "{year}年决算报告"],
    ["{district}{name}{year}年度财政决算报告"],
]
PROJECT_EVAL_TITLES = [
    ["{district}{name}{year}年度{project}项目支出绩效自评报告"],
    ["{year}年度{project}项目绩效自评报告", "评价单位：{city}{district}{name}"],
]
#: Fields a statement or fiscal report carries, but whose meaning differs from a report's
#: (a statement's 基本支出 covers every fund; a fiscal report is the whole township's).
STATEMENT_SKIP = [
    "basic_wan",
    "project_wan",
    "gov_fund_wan",
    "state_capital_wan",
    "social_insurance_wan",
    "other_wan",
]
FISCAL_SKIP = [
    "budget_at_start_wan",
    "final_total_wan",
    "gov_fund_wan",
    "other_wan",
    "social_insurance_wan",
    "state_capital_wan",
]


def other_kinds(uy: UnitYear) -> list[str]:
    """Other document kinds this unit may publish."""
    return [k for k, (kinds, _) in OTHER_KINDS.items() if uy.unit.kind in kinds]


def _other_base(uy: UnitYear, style: dict) -> tuple[dict, dict]:
    u = uy.unit
    ctx = {
        "year": uy.year,
        "prev_year": uy.year - 1,
        "name": u.name,
        "short": u.short_name,
        "district": u.district,
        "city": u.city if style["city_stated"] else "",
    }
    stated = {
        "unit_name": u.name,
        "district": u.district,
        "city": u.city if style["city_stated"] else None,
        "year": uy.year,
        "staff_in_post": None,
        "retirees": None,
        "communities_count": None,
        "budget_at_start_wan": None,
        "final_total_wan": None,
        **{f"{c}_wan": None for c in uy.categories},
        "projects": [],
        "changes": {},
        "traps": [],
    }
    return ctx, stated


def render_other(uy: UnitYear, seed: int, kind: str) -> Rendered:
    """Render one unit-year as another document type; the truth a careful reader writes."""
    rng = random.Random(f"{seed}/{kind}/{uy.unit.slug}/{uy.year}")
    style = choose_style(rng)
    style.update(table=False, nested=False, staff_table=False)
    w = _Writer(rng, style)
    ctx, stated = _other_base(uy, style)
    if kind == "final_accounts_statement":
        skip = _statement(w, uy, ctx, stated)
    elif kind == "fiscal_report":
        skip = _fiscal(w, uy, ctx, stated)
    else:
        skip = _project_evaluation(w, uy, ctx, stated)
    if not any(uy.unit.city in b.text for b in w.blocks):
        stated["city"] = None  # the chosen title does not name the city
    _apply_punctuation(w.blocks, style)
    if style["mirror"] and not all(mirror_roundtrips(b.text) for b in w.blocks):
        style["mirror"] = False
    return Rendered(w.blocks, stated, style, doc_type=kind, skip=skip)


def _statement(w: _Writer, uy: UnitYear, ctx: dict, stated: dict) -> list[str]:
    rng = w.rng
    u = uy.unit
    for line in rng.choice(STATEMENT_TITLES):
        w.blocks.append(Block("title", line.format(**ctx)))
    if rng.random() < 0.5:
        w.blocks.append(Block("toc", "目录"))
        for line in ("第一部分 部门概况", "第二部分 部门决算表", "第三部分 部门决算情况说明"):
            w.blocks.append(Block("toc", line))
    w.blocks.append(Block("heading", f"第一部分 {u.short_name}概况", 1))
    w.blocks.append(Block("heading", "一、职能职责", 2))
    w.para(rng.choice(DUTIES[u.kind]).format(**ctx, self_name=u.short_name, place=u.district))
    w.blocks.append(Block("heading", "二、机构设置", 2))
    a = rng.randint(uy.staff_in_post // 4, uy.staff_in_post // 2)
    parts_off = rng.random() < 0.3  # the parts need not add up (real_08: 25+20+26 ≠ 73)
    b = uy.staff_in_post - a - (rng.randint(1, 3) if parts_off else 0)
    staff = w.count(uy.staff_in_post)
    text = (
        f"{u.name}内设{len(u.internal_bodies)}个办公室：{'、'.join(u.internal_bodies)}。"
        f"下设{len(u.affiliated_bodies)}个二级单位：{'、'.join(u.affiliated_bodies)}。"
        f"{u.short_name}共有工作人员{staff}人，其中行政编制{a}人、事业编制{b}人"
    )
    stated["staff_in_post"] = uy.staff_in_post
    if rng.random() < 0.5:
        text += f"，{u.retiree_label}人员{uy.retirees}人"
        stated["retirees"] = uy.retirees
    w.para(text + "。")
    w.blocks.append(Block("heading", f"第三部分 {uy.year}年度部门决算情况说明", 1))
    total = uy.final_total
    prev = sum(uy.prev_categories.values(), ZERO)
    diff = total - prev
    verb = ("增加", "增长") if diff >= 0 else ("减少", "下降")
    pct = f"{abs(diff) / prev * 100:.2f}%" if prev else ""
    change = f"较上年决算数{verb[0]}{w.amt(abs(diff))}" + (f"，{verb[1]}{pct}" if pct else "")
    w.blocks.append(Block("heading", "一、收入支出决算总体情况说明", 2))
    w.para(f"{uy.year}年度收入总计{w.amt(total)}，支出总计{w.amt(total)}。收支{change}。")
    w.blocks.append(Block("heading", "二、收入决算情况说明", 2))
    w.para(
        f"{uy.year}年度收入合计{w.amt(total)}，{change}。其中：财政拨款收入{w.amt(total)}，"
        f"占100.00%；事业收入0.00万元，占0.00%；其他收入0.00万元，占0.00%。"
    )
    w.blocks.append(Block("heading", "三、支出决算情况说明", 2))
    basic = uy.categories["basic"]
    w.para(
        f"{uy.year}年度支出合计{w.amt(total)}，{change}。其中：基本支出{w.amt(basic)}，"
        f"占{basic / total * 100:.2f}%；项目支出{w.amt(total - basic)}，"
        f"占{(total - basic) / total * 100:.2f}%。"
    )
    stated["final_total_wan"] = _f(total)
    stated["traps"].append("final-accounts statement: its 基本/项目支出 cover every fund")
    return list(STATEMENT_SKIP)


def _fiscal(w: _Writer, uy: UnitYear, ctx: dict, stated: dict) -> list[str]:
    rng = w.rng
    for line in rng.choice(FISCAL_TITLES):
        w.blocks.append(Block("title", line.format(**ctx)))
    revenue = Decimal(rng.randint(5000, 90000)) / 100
    transfer = uy.final_total - revenue if uy.final_total > revenue else uy.final_total
    spend = revenue + transfer
    w.blocks.append(Block("heading", "一、预算收支决算情况", 1))
    w.blocks.append(Block("heading", "（一）一般公共预算收支情况", 2))
    w.para(
        f"全镇本级一般公共预算收入实现{w.amt(revenue)}，为年初预算的{rng.randint(90, 130)}.{rng.randint(0, 9)}%，"
        f"比上年增长{rng.randint(1, 20)}.{rng.randint(0, 9)}%。加上上级补助、上年结转等{w.amt(transfer)}，"
        f"收入总计{w.amt(spend)}。"
    )
    w.para(
        f"全镇本级一般公共预算支出{w.amt(spend)}，为年初预算的{rng.randint(100, 140)}.{rng.randint(0, 9)}%，"
        f"比上年降低{rng.randint(1, 30)}.{rng.randint(0, 9)}%。支出总计{w.amt(spend)}，当年实现收支平衡。"
    )
    w.blocks.append(Block("heading", "（二）政府性基金预算收支情况", 2))
    gf = uy.categories["gov_fund"]
    w.para(f"全镇政府性基金支出{w.amt(gf)}，支出总计{w.amt(gf)}。当年实现收支平衡。")
    w.blocks.append(Block("heading", "（三）国有资本经营预算收支情况", 2))
    w.para("我镇无国有资本经营预算收支。")
    w.blocks.append(Block("heading", f"二、{uy.year}年地方财力及平衡情况", 1))
    w.para(f"全镇一般公共预算财力{w.amt(spend)}，由一般公共预算收入{w.amt(revenue)}等构成。")
    stated["traps"].append("township-wide fiscal report, not a department's report")
    return list(FISCAL_SKIP)


def _project_evaluation(w: _Writer, uy: UnitYear, ctx: dict, stated: dict) -> list[str]:
    rng = w.rng
    p = rng.choice(uy.projects)
    for line in rng.choice(PROJECT_EVAL_TITLES):
        w.blocks.append(Block("title", line.format(**ctx, project=p.name)))
    w.blocks.append(Block("heading", "一、项目基本情况", 1))
    w.para(f"{p.name}由{uy.unit.name}组织实施，主要用于{p.purpose}。")
    w.blocks.append(Block("heading", "二、项目资金使用及管理情况", 1))
    budget = p.amount_wan + Decimal(rng.randint(0, 5000)) / 100
    w.para(
        f"该项目年初预算数{w.amt(budget)}，全年预算数{w.amt(budget)}，全年执行数{w.amt(p.amount_wan)}，"
        f"执行率{p.amount_wan / budget * 100:.2f}%。项目支出{w.amt(p.amount_wan)}。"
    )
    w.blocks.append(Block("heading", "三、项目绩效目标完成情况", 1))
    w.para(_targets_text(rng, p.targets))
    w.blocks.append(Block("heading", "四、存在的问题及改进措施", 1))
    w.para(rng.choice(OTHER_PROBLEMS))
    stated["traps"].append("project self-evaluation: the project's budget is not the unit's")
    return []


# ======================================================================================
# .docx
# ======================================================================================

#: Fixed zip timestamp so the same report gives the same .docx bytes.
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def docx_bytes(rendered: Rendered, year: int) -> bytes:
    """Render as .docx: headings in Heading styles, tables as Word tables; deterministic bytes."""
    from docx import Document

    doc = Document()
    props = doc.core_properties
    props.author = "sample generator (invented data)"
    props.comments = "Invented sample data (sample_ prefix); not a real unit's report."
    props.created = props.modified = datetime(year + 1, 3, 1)
    props.last_modified_by = "sample generator"
    props.revision = 1
    for b in rendered.blocks:
        if b.only == "txt":
            continue
        if b.kind in ("title", "heading"):
            # set the style id directly: python-docx's lookup by style name scans all
            # styles per call and would dominate the time of large benchmark sets
            para = doc.add_paragraph(b.text)
            para._p.get_or_add_pPr().style = "Title" if b.kind == "title" else f"Heading{b.level}"
        elif b.kind == "table" and b.rows:
            table = doc.add_table(rows=len(b.rows), cols=len(b.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(b.rows):
                cells = table.rows[r].cells
                for c, value in enumerate(row):
                    cells[c].text = value
            for r1, c1, r2, c2 in b.merges:
                keep = table.cell(r1, c1).text
                table.cell(r1, c1).merge(table.cell(r2, c2)).text = keep
        else:
            doc.add_paragraph(b.text)
    raw = io.BytesIO()
    doc.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(
                zipfile.ZipInfo(info.filename, _ZIP_DATE),
                src.read(info.filename),
                zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def write_report(rendered: Rendered, path: Path, year: int) -> None:
    """Write the rendering to `path` as .txt (UTF-8) or .docx, by suffix."""
    if path.suffix == ".docx":
        path.write_bytes(docx_bytes(rendered, year))
    else:
        path.write_text(rendered.text(), encoding="utf-8")
