"""Adversarial wording variants of DOMAIN.md §2 on small snippets: each gives the right value
or None, never a wrong value. Tables are given as the readers produce them: Word rows with
cells joined by ' | ', or flattened one cell per line."""

from __future__ import annotations

import docx
import pytest

from pipeline.checks import run_checks
from pipeline.extract import extract_file
from pipeline.extract.report import extract_text_document
from pipeline.models import Document, ExtractionResult
from pipeline.normalize import normalize_blocks

TITLE = "2022年度伍家岭街道办事处\n部门整体支出绩效评价报告"
BASIC = "2022年一般公共预算支出基本支出2400.49万元,比上年增加189.86万元,增长8.59%。"


def run(body: str, title: str = TITLE) -> ExtractionResult:
    blocks = normalize_blocks([title + "\n" + body])
    doc = Document(path="x.txt", text="\n".join(blocks), blocks=blocks, encoding="utf-8")
    return run_checks(extract_text_document(doc, ExtractionResult(file="x.txt")))


def value(body: str, field: str, title: str = TITLE):
    return run(body, title).to_contract().get(field)


# --- headings ---------------------------------------------------------------------------

HEADING_STYLES = [
    "一、基本支出情况",
    "(一)基本支出情况",
    "（一）基本支出情况",
    "1.基本支出情况",
    "1、基本支出情况",
    "1. 基本支出情况",
    "(1)基本支出情况",
    "（1）基本支出情况",
    "①基本支出情况",
    "⑴基本支出情况",
    "1.1 基本支出情况",
    "2.3.1基本支出情况",
    "第二部分 基本支出情况",
    "基本支出情况",  # numeral lost
    "七、基本支出情况",  # numeral skipped
]


@pytest.mark.parametrize("heading", HEADING_STYLES)
def test_heading_styles(heading):
    body = f"二、一般公共预算支出情况\n{heading}\n{BASIC}\n(二)项目支出情况\n项目支出2910.23万元。"
    result = run(body)
    assert result.value("basic_wan") == 2400.49
    assert result.value("basic_change_wan") == 189.86
    assert result.value("project_wan") == 2910.23
    assert "基本支出" in result.figures["basic_wan"].provenance.locator


@pytest.mark.parametrize(
    "mark", ["①", "⑴", "(1)", "（1）", "1.", "1、", "(一)", "一是", "其中", "其中:"]
)
def test_enumerated_project_lines(mark):
    body = (
        "(二)项目支出情况\n2022年项目支出50.00万元。\n"
        f"{mark}城市管理项目支出30.00万元,主要用于市容。\n"
        f"{mark.replace('1', '2').replace('一', '二').replace('①', '②').replace('⑴', '⑵')}"
        "公共服务项目支出20.00万元,主要用于救助。\n"
        "(三)政府性基金预算支出情况\n2022年无政府性基金预算支出。"
    )
    result = run(body)
    assert {p["name"]: p["amount_wan"] for p in result.records["projects"]} == {
        "城市管理": 30.0,
        "公共服务": 20.0,
    }


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "主要包括:治安巡防队员、流动人口协管员经费992.42万元、背街小巷清扫保洁经费787.95万元。",
            {"治安巡防队员、流动人口协管员经费": 992.42, "背街小巷清扫保洁经费": 787.95},
        ),
        (
            "其中乡村振兴衔接资金191.55万元,主要用于产业帮扶;城市管理项目资金20.00万元,主要用于市容。",
            {"乡村振兴衔接资金": 191.55, "城市管理": 20.0},
        ),
        ("其中:财政拨款150.00万元、其他资金50.00万元。", {}),  # funding sources, not projects
        ("主要包括:城市管理30.00万元、公共服务等。", {}),  # the list does not parse whole
    ],
)
def test_project_lists(line, expected):
    result = run(f"(二)项目支出情况\n2022年项目支出200.00万元。{line}")
    assert {p["name"]: p["amount_wan"] for p in result.records["projects"]} == expected


@pytest.mark.parametrize(
    "body",
    [
        # the first item follows the project total in the same sentence
        "2022年项目支出900.00万元,主要包括:1.城市管理经费612.35万元,主要用于市容;"
        "2.社区工作经费288.00万元,主要用于社区。",
        # a count with a colon introduces the list
        "2022年项目支出900.00万元。全年共实施项目2个:城市管理经费612.35万元,主要用于市容;"
        "社区工作经费288.00万元,主要用于社区。",
        # an excerpt's list line after the total's paragraph, not adding up to it
        "2022年项目支出2000.00万元。\n项目支出主要包括:(1)城市管理经费612.35万元,用于市容;"
        "(2)社区工作经费288.00万元,主要用于",
        # the paragraph announces the numbered lines after it; a residual is no project
        "2022年项目支出1000.00万元。主要项目支出情况如下:\n(1)城市管理经费6,123,500.00元,"
        "用于市容;\n(2)社区工作经费2,880,000.00元,实施社区微更新;\n"
        "其余项目1,000,000.00元,主要为零星支出。",
    ],
)
def test_project_list_introductions(body):
    result = run(f"(二)一般公共预算支出情况\n{body}")
    assert {p["name"]: p["amount_wan"] for p in result.records["projects"]} == {
        "城市管理经费": 612.35,
        "社区工作经费": 288.0,
    }


def test_lines_after_the_project_total_without_an_introduction_must_add_up():
    body = "(二)一般公共预算支出情况\n2022年项目支出2000.00万元。\n(1)道路改造投资300.00万元,实施改造。"
    assert run(body).records["projects"] == []


# --- boilerplate, TOC, widths, traditional + pinyin ----------------------------------------


@pytest.mark.parametrize(
    "prefix",
    [
        "发布时间:2023-01-01 来源:伍家岭街道 字体大小:大 中 小",
        "索引号:430105-2023-00012\n发布机构:伍家岭街道办事处\n生成日期:2023-03-01\n主题分类:财政",
        "来源:伍家岭街道   2023-03-01 09:00\n浏览量:12 | | | |",
    ],
)
def test_site_boilerplate_before_title(prefix):
    result = run("(一)基本支出情况\n" + BASIC, title=prefix + "\n" + TITLE)
    assert result.value("unit_name") == "伍家岭街道办事处"
    assert result.value("year") == 2022
    assert result.value("basic_wan") == 2400.49


@pytest.mark.parametrize(
    "toc",
    [
        "目录\n一、基本情况......1\n二、基本支出情况......2\n三、存在的问题......5",
        "目  录\n一、基本情况\n二、基本支出情况\n三、存在的问题",
        "一、基本情况…………………………1\n二、基本支出情况··········2",
    ],
)
def test_table_of_contents_is_dropped(toc):
    body = toc + "\n一、基本情况\n在职人员59人。\n二、基本支出情况\n" + BASIC
    result = run(body)
    assert result.value("basic_wan") == 2400.49
    assert result.value("staff_in_post") == 59


@pytest.mark.parametrize(
    "line",
    [
        "2022年基本支出2400.49万元,比上年增加189.86万元,增长8.59%。",
        "2022年基本支出２４００．４９万元，比上年增加１８９．８６万元，增长８．５９％。",
        "2022年基本支出2400.49萬元，比上年增加189.86萬元，增長8.59%。",
        "2022年基本支出 2400.49 万元 ，比上年增加 189.86 万元 ，增长 8.59 ％。",
    ],
)
def test_widths_and_traditional(line):
    result = run("（一）基本支出情況\n" + line)
    assert result.value("basic_wan") == 2400.49
    assert result.value("basic_change_wan") == 189.86
    assert result.value("basic_change_pct") == 8.59


def test_pinyin_mirror_identity():
    title = "岳陽(yáng)市岳陽(yáng)樓區(qū)五里牌街道辦事處2023年度部門整體支出績效評價報告"
    result = run("一、基本情況\n在職人員30人。", title=title)
    assert result.value("unit_name") == "五里牌街道办事处"
    assert result.value("district") == "岳阳楼区"
    assert result.value("city") == "岳阳市"
    assert result.value("year") == 2023


# --- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "wan"),
    [
        ("24,004,900.00元", 2400.49),
        ("24,004,912.00元", 2400.4912),
        ("24004912.35元", 2400.491235),
        ("2,400.49万元", 2400.49),
        ("0.24亿元", 2400.0),
        ("2400万元", 2400.0),
    ],
)
def test_amount_units_exact(written, wan):
    assert value(f"(一)基本支出情况\n2022年基本支出{written}。", "basic_wan") == wan


@pytest.mark.parametrize(
    ("body", "field", "expected"),
    [
        ("(二)项目支出情况\n2022年度项目支出合计2022.05万元。", "project_wan", 2022.05),
        ("(二)项目支出情况\n2022年度项目支出情况见附表,共2022个。", "project_wan", None),
        ("(二)项目支出情况\n2021年度项目支出合计2000.00万元。", "project_wan", None),
        ("2022年度决算支出合计2022万元。", "final_total_wan", 2022.0),
        ("(一)基本支出情况\n基本支出2022年。", "basic_wan", None),
    ],
)
def test_year_next_to_amount(body, field, expected):
    assert value(body, field) == expected


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("支出总计,867.48万元。", "final_total_wan"),
        ("(一)基本支出情况\n2022年基本支出,400.49万元,比上年增加189.86万元。", "basic_wan"),
        ("(二)项目支出情况\n其中城市管理项目支出,465.40万元,主要用于市容。", "project_wan"),
    ],
)
def test_lost_digit_never_read(body, field):
    result = run(body)
    assert result.value(field) is None
    assert any(i.check == "lost_digit" for i in result.issues)


# --- change on prior year --------------------------------------------------------------------

COMPARE = ["比上年", "较上年", "同比", "较上年决算数", "比2021年"]
VERBS = {"增加": 1, "增长": 1, "上升": 1, "减少": -1, "下降": -1, "降低": -1}


@pytest.mark.parametrize("compare", COMPARE)
@pytest.mark.parametrize(("verb", "sign"), list(VERBS.items()))
def test_change_wording(compare, verb, sign):
    body = f"(一)基本支出情况\n2022年基本支出2400.49万元,{compare}{verb}189.86万元,{verb}8.59%。"
    result = run(body)
    assert result.value("basic_wan") == 2400.49
    assert result.value("basic_change_wan") == sign * 189.86
    assert result.value("basic_change_pct") == sign * 8.59


@pytest.mark.parametrize(("verb", "sign"), list(VERBS.items()))
def test_change_only_pct(verb, sign):
    result = run(f"(一)基本支出情况\n2022年基本支出2400.49万元,同比{verb}8.59%。")
    assert result.value("basic_change_wan") is None
    assert result.value("basic_change_pct") == sign * 8.59


@pytest.mark.parametrize(
    "body",
    [
        "全年支出5437.72万元,为年初预算的116.9%。",
        "全年决算支出5437.72万元,执行数为年初预算的116.9%。",
        "本年度决算数5437.72万元,为年初预算的162.9%,年初预算执行良好。",
    ],
)
def test_budget_ratio_is_not_a_budget(body):
    result = run(body)
    assert result.value("budget_at_start_wan") is None
    assert result.value("final_total_wan") in (None, 5437.72)


@pytest.mark.parametrize(
    ("body", "field", "expected"),
    [
        ("本年度项目支出决算数为3681.94万元,较上年增长805.62万元。", "final_total_wan", None),
        ("2022年度部门整体支出9130.64万元,各项支出如下:", "final_total_wan", 9130.64),
        ("本年度部门决算支出总额5855.98万元,具体情况如下:", "final_total_wan", 5855.98),
        ("2022年度部门支出合计8744.73万元,其中:", "final_total_wan", 8744.73),
        ("全年决算支出5796.79万元。", "final_total_wan", 5796.79),
        ("三公经费决算数为10.00万元。", "final_total_wan", None),
        ("部门整体支出5000.00万元。全年决算支出5100.00万元。", "final_total_wan", None),
        ("本年度无政府性基金预算支出。", "gov_fund_wan", 0.0),
        ("本单位2022年度未安排政府性基金预算支出。", "gov_fund_wan", 0.0),
        ("本单位不涉及社会保险基金预算支出。", "social_insurance_wan", 0.0),
        ("2022年度其他资金支出90.97万元。", "other_wan", 90.97),
        ("商品和服务支出中其他支出5.00万元。", "other_wan", None),
    ],
)
def test_total_and_category_wordings(body, field, expected):
    assert value(body, field) == expected


# --- staff -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "expected"),
    [
        ("本单位编制数50个,实有在职人员48人,离退休人员20人。", "staff_in_post", 48),
        ("本单位编制数50个,实有在职人员48人,离退休人员20人。", "retirees", 20),
        ("本单位编制数50个,实有在职人员48人,离退休人员20人。", "staff_establishment", 50),
        ("核定编制50名,其中行政编制20名、事业编制30名。", "staff_in_post", None),
        ("离休人员2人,退休人员45人。", "retirees", 45),
        ("2021年末在职人员60人。", "staff_in_post", None),  # another year's, in a 2022 report
        ("截至2021年末,在职人员60人,2022年末在职人员58人。", "staff_in_post", 58),
        ("上年末在职人员60人。", "staff_in_post", None),
        ("社区工作人员86人,社区退休人员14人。", "staff_in_post", None),
        ("社区工作人员86人,社区退休人员14人。", "retirees", None),
        ("在职人员50人。另据统计在职人员52人。", "staff_in_post", None),  # conflict
        (
            "街道共有工作人员73人,其中行政编制25人、参公编制20人、事业编制26人。",
            "staff_in_post",
            73,  # the stated total, even though the parts sum to 71
        ),
        ("公益性岗位人员116人,政府雇员3人。", "staff_in_post", None),
        ("在职人员五十九人,退休人员四十七人。", "staff_in_post", 59),
    ],
)
def test_staff_traps(body, field, expected):
    assert value(body, field) == expected


# --- communities -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("街道下辖7个社区。", 7),
        ("街道下辖七个社区。", 7),
        ("街道现有社区十二个,分别为甲社区、乙社区。", 12),
        ("全镇辖5个社区、17个行政村。", 5),
        ("渚洲镇下辖十一个行政村和五个社区。", 5),
        (
            "辖区3个基层群众性自治组织,分别是:识字里社区、文艺新村社区、韭菜园社区,辖区总户数1万户。",
            3,
        ),
        ("辖区3个基层群众性自治组织,分别是:识字里社区、文艺新村社区。", None),
        ("辖区3个基层群众性自治组织。", None),
        ("街道下辖识字里社区、文艺新村社区、韭菜园社区。", 3),
        ("保障7个社区工作经费。", None),
        ("辖区面积5.4平方公里,设12个社区居委会,常住人口7.9万人。", 12),
        ("辖区设置3个社区服务站。", None),
        ("辖区共有社区居委会13个。", 13),
        ("街道下辖29个居民区(居委会)。", 29),
        ("辖区内有居民区32个、住宅小区57个。", None),
    ],
)
def test_communities(body, expected):
    assert run(body).value("communities_count") == expected


# --- other document types ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("2022年度伍家岭街道办事处部门决算", "final_accounts_statement"),
        ("伍家岭街道办事处2022年度部门决算情况说明", "final_accounts_statement"),
        ("2022年度城市管理项目支出绩效自评报告", "project_evaluation"),
        ("重庆市铜梁区小林镇人民政府\n2022年决算报告", "fiscal_report"),
        ("岳阳县2021年度部门整体支出绩效评价自评表", "performance_form"),
    ],
)
def test_other_document_types_are_not_read_as_reports(title, doc_type):
    result = run("(一)基本支出情况\n" + BASIC + "\n项目支出2910.23万元。", title=title)
    assert result.doc_type == doc_type
    assert result.value("basic_wan") is None
    assert result.value("project_wan") is None


# --- tables: Word rows -----------------------------------------------------------------------

CATEGORY_ROWS = [
    "基本支出 | 2225.36 | 131.22 | 6.27%",
    "项目支出 | 4340.15 | 461.66 | 11.90%",
    "政府性基金预算支出 | 141.93 | -52.13 | -26.86%",
    "国有资本经营预算支出 | 14.26 | -2.96 | -17.19%",
    "社会保险基金预算支出 | 0.00 | — | —",
    "其他支出 | 90.97 | 90.97 | 100%",
    "合计 | 6812.67",
]
SIX = {
    "basic_wan": 2225.36,
    "project_wan": 4340.15,
    "gov_fund_wan": 141.93,
    "state_capital_wan": 14.26,
    "social_insurance_wan": 0.0,
    "other_wan": 90.97,
    "final_total_wan": 6812.67,
}


def _table(caption: str, header: str, rows: list[str]) -> str:
    return "(一)支出总体情况\n" + "\n".join(x for x in [caption, header, *rows] if x)


@pytest.mark.parametrize(
    ("caption", "header"),
    [
        ("", "项目 | 决算数(万元) | 比上年增减额(万元) | 增减率"),
        ("(金额单位:万元)", "项目 | 决算数 | 比上年增减额 | 增减率"),
        ("单位:万元", "项目 | 2022年决算数 | 比上年增减 | 增减率(%)"),
        ("(万元)", "支出项目 | 金额 | 增减额 | 增长率"),
    ],
)
def test_category_table(caption, header):
    result = run(_table(caption, header, CATEGORY_ROWS))
    got = {k: result.value(k) for k in SIX}
    assert got == SIX
    assert result.value("basic_change_wan") == 131.22
    assert result.value("gov_fund_change_pct") == -26.86
    assert "basic_wan" in result.figures and result.figures["basic_wan"].provenance.start


def test_category_table_in_yuan():
    rows = ["基本支出 | 24,004,900.00", "项目支出 | 29,102,300.00", "合计 | 53,107,200.00"]
    result = run(_table("金额单位:元", "项目 | 决算数", rows))
    assert result.value("basic_wan") == 2400.49
    assert result.value("project_wan") == 2910.23
    assert result.value("final_total_wan") == 5310.72


@pytest.mark.parametrize(
    ("caption", "header"),
    [
        ("", "项目 | 决算数 | 比上年增减额 | 增减率"),  # no unit stated anywhere
        ("单位:元", "项目 | 决算数(万元) | 增减额 | 增减率"),  # caption and header disagree
        ("(金额单位:万元)", "项目 | 决算数 | 决算金额 | 增减率"),  # two amount columns
        ("(金额单位:万元)", "项目 | 2021年决算数 | 增减额 | 增减率"),  # another year's column
        ("三公经费支出情况(万元)", "项目 | 决算数 | 增减额 | 增减率"),  # another table
    ],
)
def test_category_table_unsure_is_not_read(caption, header):
    result = run(_table(caption, header, CATEGORY_ROWS))
    for field in SIX:
        assert result.value(field) is None, field


def test_headerless_two_column_table_needs_a_stated_unit():
    rows = ["基本支出 | 2400.49", "项目支出 | 2910.23"]
    assert run("\n".join(["单位:万元", *rows])).value("basic_wan") == 2400.49
    assert run("\n".join(["(一)支出情况", *rows])).value("basic_wan") is None


def test_table_and_prose_disagree():
    body = _table("(金额单位:万元)", "项目 | 决算数", ["基本支出 | 2225.36", "项目支出 | 4340.15"])
    result = run("(一)基本支出情况\n2022年基本支出2300.00万元。\n" + body)
    assert result.value("basic_wan") is None
    assert any(i.check == "basic_wan" for i in result.issues)
    assert result.value("project_wan") == 4340.15


def test_table_and_prose_agree_across_units():
    body = _table("(金额单位:万元)", "项目 | 决算数", ["基本支出 | 2225.36", "项目支出 | 4340.15"])
    result = run("(一)基本支出情况\n2022年基本支出22,253,600.00元。\n" + body)
    assert result.value("basic_wan") == 2225.36


def test_budget_and_final_in_a_table():
    rows = [
        "项目 | 年初预算数 | 决算数 | 差额",
        "基本支出 | 2000.00 | 2400.49 | 400.49",
        "项目支出 | 1338.72 | 3037.23 | 1698.51",
        "合计 | 3338.72 | 5437.72 | 2099.00",
    ]
    result = run("单位:万元\n" + "\n".join(rows))
    assert result.value("budget_at_start_wan") == 3338.72
    assert result.value("final_total_wan") == 5437.72
    assert result.value("basic_wan") == 2400.49


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [
                "项目名称 | 金额(万元) | 主要用途",
                "城市管理 | 465.40 | 市容环境卫生",
                "公共服务 | 1452.90 | 社会救助",
                "合计 | 1918.30",
            ],
            {"城市管理": 465.4, "公共服务": 1452.9},
        ),
        (["项目名称 | 金额 | 主要用途", "城市管理 | 465.40 | 市容环境卫生"], {}),  # no unit
        # a 序号 column is dropped; the name is in the next one
        (["序号 | 项目名称 | 金额(万元)", "1 | 城市管理 | 465.40"], {"城市管理": 465.4}),
    ],
)
def test_project_table(rows, expected):
    result = run("(二)项目支出情况\n2022年项目支出1918.30万元。\n" + "\n".join(rows))
    assert {p["name"]: p["amount_wan"] for p in result.records["projects"]} == expected


@pytest.mark.parametrize(
    ("rows", "field", "expected"),
    [
        (["人员编制 | 128 | 实有人数 | 185"], "staff_in_post", 185),
        (["人员编制 | 128 | 实有人数 | 185"], "staff_establishment", 128),
        (["编制数 | 50 | 在职人数 | 48 | 退休人数 | 20"], "retirees", 20),
        (["编制数 | 50 | 在职人数 | 48 | 离退休人数 | 20"], "retirees", 20),
        (["2021年末在职人数 | 60", "2022年末在职人数 | 58"], "staff_in_post", 58),
        (["在职人数 | 48"], "retirees", None),
        (["社区工作者人数 | 86"], "staff_in_post", None),
        (["在职人数 | 48.5"], "staff_in_post", None),
    ],
)
def test_staff_key_value_rows(rows, field, expected):
    assert value("一、基本情况\n" + "\n".join(rows), field) == expected


def test_staff_table_disagrees_with_prose():
    result = run("一、基本情况\n在职人员50人。\n在职人数 | 48")
    assert result.value("staff_in_post") is None


# --- tables flattened one cell per line --------------------------------------------------------

FLAT = [
    "项目",
    "决算数(万元)",
    "比上年增减额(万元)",
    "增减率",
    "基本支出",
    "3449.67",
    "107.21",
    "3.21%",
    "项目支出",
    "5083.70",
    "707.27",
    "16.16%",
    "政府性基金预算支出",
    "148.83",
    "40.93",
    "37.93%",
    "国有资本经营预算支出",
    "0.00",
    "—",
    "—",
    "社会保险基金预算支出",
    "0.00",
    "—",
    "—",
    "其他支出",
    "62.53",
    "-28.32",
    "-31.17%",
    "合计",
    "8744.73",
]


def test_flat_table():
    result = run("(一)支出总体情况\n" + "\n".join(FLAT) + "\n基本支出增长的主要原因是人员增加。")
    assert result.value("basic_wan") == 3449.67
    assert result.value("other_change_pct") == -31.17
    assert result.value("state_capital_wan") == 0.0
    assert result.value("final_total_wan") == 8744.73


def test_flat_table_short_total_must_add_up():
    lines = [*FLAT[:-1], "9999.99"]
    assert run("\n".join(lines)).value("final_total_wan") is None


def test_flat_table_with_a_missing_cell_is_not_misread():
    # The 政府性基金 change cell is missing: every later cell would shift by one.
    lines = FLAT[:14] + FLAT[15:]
    result = run("\n".join(lines))
    for field in ("gov_fund_wan", "state_capital_wan", "other_wan", "final_total_wan"):
        assert result.value(field) in (None, SIX.get(field), 0.0, 148.83), field
    assert result.value("other_wan") is None


def test_flat_form_key_values():
    body = "一、部门(单位)基本概况\n联系人\n张三\n人员编制\n128\n实有人数\n185\n职能职责概述"
    assert value(body, "staff_in_post") == 185


# --- .docx end to end ----------------------------------------------------------------------------


def test_docx_table_end_to_end(tmp_path):
    d = docx.Document()
    d.add_paragraph("2023年度昶矶街道办事处部门整体支出绩效自评报告")
    d.add_paragraph("(一)支出总体情况")
    d.add_paragraph("(金额单位:万元)")
    header = ["项目", "决算数", "比上年增减额", "增减率"]
    rows = [r.split(" | ") for r in CATEGORY_ROWS]
    table = d.add_table(rows=1 + len(rows), cols=4)
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    for r, cells in enumerate(rows, start=1):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    # A merged label cell must not shift the values under their headers.
    merged = table.cell(len(rows), 1).merge(table.cell(len(rows), 3))
    merged.text = "6812.67"
    path = tmp_path / "r.docx"
    d.save(str(path))
    result = extract_file(path)
    assert {k: result.value(k) for k in SIX} == SIX


def test_adjusted_budget_column_is_not_the_start_budget():
    rows = [
        "项目 | 调整预算数 | 决算数",
        "基本支出 | 2000.00 | 2400.49",
        "项目支出 | 1338.72 | 3037.23",
        "合计 | 3338.72 | 5437.72",
    ]
    result = run("单位:万元\n" + "\n".join(rows))
    assert result.value("budget_at_start_wan") is None
    assert result.value("final_total_wan") == 5437.72


# --- harder generator variants (序号 column, categories as columns, prior-year paragraph) ---

CAT_ROWS = [
    ("基本支出", "2400.49"),
    ("项目支出", "2910.23"),
    ("政府性基金预算支出", "16.00"),
]


def test_sequence_column_is_dropped():
    rows = ["序号 | 项目 | 决算数(万元)"]
    rows += [f"{i} | {name} | {v}" for i, (name, v) in enumerate(CAT_ROWS, 1)]
    rows.append(" | 合计 | 5326.72")
    result = run("二、部门整体支出情况\n" + "\n".join(rows))
    assert result.value("basic_wan") == 2400.49
    assert result.value("final_total_wan") == 5326.72


def test_sequence_column_flattened():
    cells = ["序号", "项目", "决算数(万元)"]
    for i, (name, v) in enumerate(CAT_ROWS, 1):
        cells += [str(i), name, v]
    result = run("二、部门整体支出情况\n" + "\n".join(cells))
    assert result.value("project_wan") == 2910.23


@pytest.mark.parametrize("flat", [False, True])
def test_categories_as_columns(flat):
    header = ["项目", *(n for n, _ in CAT_ROWS), "合计"]
    values = ["决算数(万元)", *(v for _, v in CAT_ROWS), "5326.72"]
    changes = ["比上年增减额(万元)", "189.86", "-10.00", "0.00"]  # 合计 cell left empty
    if flat:
        body = "\n".join(header + values + changes)
    else:
        body = "\n".join(" | ".join(r) for r in (header, values, changes))
    result = run("二、部门整体支出情况\n" + body)
    assert result.value("basic_wan") == 2400.49
    assert result.value("gov_fund_wan") == 16.0
    assert result.value("final_total_wan") == 5326.72


def test_a_label_with_several_values_is_not_a_key_value_pair():
    # a row of a table with categories as columns: 决算数 is not the unit's total
    body = "单位:万元\n决算数 | 1912.49 | 3626.24\n"
    assert value(body, "final_total_wan") is None


@pytest.mark.parametrize(
    "prior",
    [
        "2021年度,伍家岭街道基本支出2210.63万元,项目支出2500.00万元,部门决算支出合计4710.63万元。",
        "2021年决算数为4710.63万元,其中基本支出2210.63万元、项目支出2500.00万元。",
    ],
)
def test_prior_year_paragraph_is_not_read(prior):
    body = f"二、一般公共预算支出情况\n{prior}\n{BASIC}\n存在的问题\n2022年度决算数为5437.72万元。"
    result = run(body)
    assert result.value("basic_wan") == 2400.49
    assert result.value("final_total_wan") == 5437.72
    only_prior = run(f"二、一般公共预算支出情况\n{prior}")
    assert only_prior.value("basic_wan") is None
    assert only_prior.value("final_total_wan") is None


@pytest.mark.parametrize(
    "table",
    [
        # a merged two-row header the table reader does not take: its row still counts
        "项目 | 本年决算 | 比上年增减\n| 金额(万元) | 金额(万元) | 幅度(%)\n基本支出 | 2450.49 | 189.86 | 8.59%",
        "项目\n本年决算\n比上年增减\n金额(万元)\n金额(万元)\n幅度(%)\n基本支出\n2450.49\n189.86\n8.59%",
    ],
)
def test_an_unread_table_row_that_disagrees_empties_the_figure(table):
    result = run(f"二、部门整体支出情况\n{table}\n{BASIC}")
    assert result.value("basic_wan") is None
    agree = table.replace("2450.49", "2400.49")
    assert run(f"二、部门整体支出情况\n{agree}\n{BASIC}").value("basic_wan") == 2400.49


# --- wordings met in invented excerpts of other provinces' layouts -----------------------

STATEMENT_TITLE = "2023年度观音桥街道办事处部门决算公开"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # 支出总计 includes 年末结转和结余: 本年支出合计 is the year's expenditure.
        ("2023年度收入总计9736.52万元,支出总计9736.52万元。本年支出合计9287.64万元。", 9287.64),
        # Only a 总计, with a carry-over other than zero stated: not read.
        ("2023年度支出总计5634.81万元,其中年末结转和结余547.52万元。", None),
        # Only a 总计 and no carry-over: it is the total.
        ("2023年度收入总计6567.06万元,支出总计6567.06万元。", 6567.06),
    ],
)
def test_expenditure_total_with_carry_over_is_not_the_final_total(body, expected):
    assert value(body, "final_total_wan", STATEMENT_TITLE) == expected


def test_bare_clause_takes_over_the_three_public_qualifier():
    body = "2022年度决算数为2998.76万元。“三公”经费年初预算数为12.00万元,决算数为9.85万元。"
    assert value(body, "final_total_wan") == 2998.76


def test_split_of_the_start_budget_is_not_the_actual_split():
    body = (
        "2022年部门年初预算2905.40万元,其中基本支出1402.15万元,项目支出1503.25万元。\n"
        "2022年度部门支出3268.15万元,其中:基本支出1456.82万元;项目支出1811.33万元。"
    )
    r = run(body)
    assert (r.value("basic_wan"), r.value("project_wan")) == (1456.82, 1811.33)


def test_year_in_chinese_numerals():
    r = run(
        "一、基本情况\n辖区共有社区6个。",
        title="书院镇人民政府\n二〇二三年度部门整体支出绩效自评报告",
    )
    assert r.value("year") == 2023


def test_none_stated_for_a_second_category_after_and():
    body = "本单位未安排政府性基金预算支出,无国有资本经营预算支出和社会保险基金预算支出。"
    r = run(body)
    assert (r.value("state_capital_wan"), r.value("social_insurance_wan")) == (0.0, 0.0)


@pytest.mark.parametrize(
    "body",
    [
        "(二)项目支出情况\n2022年共实施项目2个,其中:社区运转经费支出286.00万元,主要用于社区;城市管理经费支出412.36万元,主要用于保洁。",
        "(二)项目支出情况\n2022年项目支出698.36万元。其中:社区运转经费286.00万元;城市管理经费412.36万元;公共服务经费2",
        "(二)项目支出情况\n2022年项目支出698.36万元,主要包括:社区运转经费286.00万元、城市管理经费412.36万元等。",
    ],
)
def test_project_enumerations(body):
    projects = {p["name"]: p["amount_wan"] for p in run(body).to_contract()["projects"]}
    assert projects == {"社区运转经费": 286.0, "城市管理经费": 412.36}


def test_category_total_is_not_a_project_named_xiangmu():
    body = "其中:基本支出1326.45万元;项目支出2071.76万元,比上年减少120.47万元。"
    assert run(body).to_contract()["projects"] == []


def test_sentence_year_dates_every_staff_clause():
    body = "2021年末街道在职人员56人,离退休人员37人。2022年末街道在职人员58人,离退休人员39人。"
    r = run(body)
    assert (r.value("staff_in_post"), r.value("retirees")) == (58, 39)


@pytest.mark.parametrize(
    ("body", "expected"),
    [("全乡干部职工48人。", 48), ("街道实有在编人员91人。", 91), ("行政编制在编人员14人。", None)],
)
def test_staff_wordings(body, expected):
    assert value(body, "staff_in_post") == expected


# --- projects listed after the project-total sentence ---------------------------------

_TOTAL_THEN_LINES = (
    "二、支出情况\n"
    "2022年项目支出300.00万元,比上年减少10.00万元,下降3.23%。\n"
    "(1)社区保障经费{a}万元;\n"
    "(2)环境整治经费{b}万元。\n"
)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("200.00", "100.00", [("社区保障经费", 200.0), ("环境整治经费", 100.0)]),
        # they do not add up to the total: the lines may be anything with an amount
        ("200.00", "90.00", []),
    ],
)
def test_lines_after_the_project_total_are_projects_only_if_they_sum_to_it(a, b, expected):
    result = run(_TOTAL_THEN_LINES.format(a=a, b=b))
    got = [(p["name"], p["amount_wan"]) for p in result.to_contract()["projects"]]
    assert got == expected
    if not expected:
        assert any(i.check == "projects" for i in result.issues)


# --- self-evaluation form flattened one cell per line ---------------------------------------

FORM_TITLE = (
    "部门整体支出绩效自评表\n(2023年度)\n部门名称\n埠村街道办事处\n主管部门\n章丘区人民政府"
)
FUNDING_HEADERS = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]


def _funding(rows: list[list[str]], caption: str = "年度预算执行情况(万元)", headers=None) -> str:
    cells = [caption, *(headers or FUNDING_HEADERS)]
    for row in rows:
        cells += row
    return "\n".join([*cells, "年度总体目标", "预期目标"])


TOTAL_ROW = ["年度资金总额", "4,315.62", "5,208.90", "5,126.47", "10", "98.42%", "9.8"]
BASIC_ROW = ["其中:基本支出", "2,106.30", "2,230.15", "2,230.15", "-", "100%", "-"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (_funding([TOTAL_ROW, BASIC_ROW]), 4315.62),
        (_funding([TOTAL_ROW], caption="年度预算执行情况(单位:万元)"), 4315.62),
        # the caption above a sub-caption and the label header cell
        (_funding([TOTAL_ROW], caption="年度预算资金(万元)\n(部门整体支出)\n资金类别"), 4315.62),
        # a unit further up belongs to something else: not taken
        (_funding([TOTAL_ROW], caption="预算资金(万元)\n(部门整体支出)\n说明\n资金类别"), None),
        (_funding([["合计", "431.5", "520.8", "512.6", "10", "98.43%", "9.8"]]), 431.5),
        (
            _funding([["年度资金总额", "43156200.00", "52089000.00", "-", "10", "-", "9"]], "(元)"),
            4315.62,
        ),
        # A value lost (the row is short): nothing is read from that row.
        (_funding([["年度资金总额", "4,315.62", "5,208.90", "5,126.47", "10", "9.8"]]), None),
        # More values than headers: the columns are not what the headers say.
        (_funding([[*TOTAL_ROW, "1"]]), None),
        # The stated rate contradicts the columns (headers in another order).
        (
            _funding([["年度资金总额", "5,208.90", "4,315.62", "5,126.47", "10", "98.42%", "9.8"]]),
            None,
        ),
        # No unit stated.
        (_funding([TOTAL_ROW], caption="年度预算执行情况"), None),
        # Empty budget cell.
        (_funding([["年度资金总额", "-", "5,208.90", "5,126.47", "10", "98.42%", "9.8"]]), None),
    ],
)
def test_form_funding_block(body, expected):
    result = run(body, FORM_TITLE).to_contract()
    assert result["doc_type"] == "performance_form"
    assert result.get("budget_at_start_wan") == expected
    # 全年执行数 is execution, not necessarily the final accounts: never read as the total.
    assert result.get("final_total_wan") is None


EXPENDITURE = ["年度支出情况(万元)", "支出合计", "基本支出", "项目支出", "结转下年"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["3,489.77", "1,352.68", "2,137.09", "72.63"], 3489.77),
        (["3,489.77", "1,352.68", "2,137.09"], None),  # a value lost
        (["3,562.40", "1,352.68", "2,137.09", "72.63"], None),  # total ≠ basic + project
    ],
)
def test_form_expenditure_block(values, expected):
    body = "\n".join(
        ["编制人数", "96", "在职人数", "88", *EXPENDITURE, *values, "部门整体支出绩效指标"]
    )
    result = run(body, FORM_TITLE).to_contract()
    assert result["doc_type"] == "performance_form"
    assert result.get("final_total_wan") == expected
    assert result.get("budget_at_start_wan") is None


# --- county prefixes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "unit", "district"),
    [
        # 泾县 and 唐县 have no 溪口镇 / 峪口乡 in the division list (the names are real
        # elsewhere): the unit stays empty, the real county is still the district
        ("泾县溪口镇人民政府2023年度部门整体支出绩效自评报告", None, "泾县"),
        ("唐县峪口乡2023年度部门整体支出绩效自评报告", None, "唐县"),
        ("徐闻县前山镇人民政府2023年度部门整体支出绩效自评报告", "前山镇人民政府", "徐闻县"),
    ],
)
def test_county_prefix_is_the_district_not_part_of_the_unit(title, unit, district):
    got = run(BASIC, title=title).to_contract()
    assert (got["unit_name"], got["district"]) == (unit, district)


def test_a_county_name_missing_its_first_character_does_not_hide_the_district():
    # real_03 writes 闻县前山镇人民政府 once (a dropped 徐): still one district
    title = "徐闻县前山镇人民政府2024年度部门整体支出绩效自评报告"
    got = run("闻县前山镇人民政府为徐闻县财政局下的行政单位。\n" + BASIC, title=title)
    assert got.to_contract()["district"] == "徐闻县"


@pytest.mark.parametrize(
    ("body", "district", "city"),
    [
        # the unit is the agency of the 市 written before it: a county-level city
        ("绵江镇人民政府是瑞金市人民政府的派出机关。", "瑞金市", None),
        # no statement of the government above: the lone 市 is left undecided
        ("绵江镇人民政府负责辖区事务。", None, None),
        # a prefecture-level city without districts is no county-level city
        ("绵江镇人民政府是东莞市人民政府的派出机关。", None, "东莞市"),
    ],
)
def test_county_level_city_before_the_unit(body, district, city):
    title = (
        "东莞市" if "东莞" in body else "瑞金市"
    ) + "绵江镇人民政府\n2021年度部门整体支出绩效自评报告"
    got = run(body + "\n" + BASIC, title=title).to_contract()
    assert (got["district"], got["city"]) == (district, city)


@pytest.mark.parametrize(
    ("head", "city"),
    [
        ("沈阳市大东区人民政府\n按照《沈阳市大东区财政局的通知》要求。\n", "沈阳市"),
        ("沈阳市大东区人民政府\n", None),  # written once: the start may hold other words
        ("首页沈阳市大东区人民政府\n按照《沈阳市大东区财政局的通知》要求。\n", None),
        ("沈阳市大东区人民政府\n抚顺市大东区财政局\n", None),  # two cities: not read
    ],
)
def test_city_written_before_the_known_district(head, city):
    title = head + "大东区望花南街道办事处2021年度部门整体支出绩效自评报告"
    assert run(BASIC, title=title).to_contract()["city"] == city


# --- final-accounts statements -------------------------------------------------------------

STATEMENT_TITLE = "建华街道办事处\n2023年度部门决算情况说明"
STATEMENT = (
    "一、收入支出决算总体情况说明\n"
    "收入总计3,486.72万元;支出总计3,486.72万元,包括本年支出合计3,371.08万元,"
    "年末结转和结余115.64万元。\n"
    "二、支出决算情况说明\n"
    "2023年本年支出合计3,371.08万元,其中:基本支出1,642.37万元;项目支出1,728.71万元。"
    "按资金来源分:财政拨款支出3,315.90万元,其他资金支出55.18万元。\n"
    "三、一般公共预算财政拨款支出决算情况说明\n"
    "2023年度一般公共预算财政拨款支出3,165.90万元,占本年支出合计的93.91%。"
    "其中:基本支出1,642.37万元,项目支出1,523.53万元。\n"
    "一般公共预算财政拨款支出年初预算为2,480.00万元,支出决算为3,165.90万元。\n"
    "四、政府性基金预算财政拨款收入支出决算情况说明\n"
    "2023年度政府性基金预算财政拨款收入150.00万元,支出150.00万元,全部为项目支出。\n"
    "五、国有资本经营预算财政拨款支出决算情况说明\n"
    "本单位2023年度没有使用国有资本经营预算财政拨款安排的支出。\n"
)


def test_statement_reads_the_appropriation_split_and_the_year_total():
    got = run(STATEMENT, title=STATEMENT_TITLE).to_contract()
    assert got["doc_type"] == "final_accounts_statement"
    assert (got["final_total_wan"], got["basic_wan"], got["project_wan"]) == (
        3371.08,
        1642.37,
        1523.53,
    )
    assert (got["gov_fund_wan"], got["state_capital_wan"], got["other_wan"]) == (150.0, 0.0, 55.18)


def test_statement_split_that_does_not_add_up_is_not_read():
    body = STATEMENT.replace("项目支出1,523.53万元", "项目支出1,500.00万元")
    got = run(body, title=STATEMENT_TITLE).to_contract()
    assert (got["basic_wan"], got["project_wan"]) == (None, None)
    # 其他资金支出 closes the total only with the appropriation total, which still holds
    assert got["other_wan"] == 55.18


def test_statement_other_funds_not_closing_the_total_are_not_read():
    body = STATEMENT.replace("其他资金支出55.18万元", "其他资金支出60.00万元")
    assert run(body, title=STATEMENT_TITLE).to_contract()["other_wan"] is None


@pytest.mark.parametrize(
    ("title", "unit", "district", "city"),
    [
        # a municipality (上 opens place stop words) and the district's government before the unit
        ("上海市浦东新区人民政府陆家嘴街道办事处", "陆家嘴街道办事处", "浦东新区", "上海市"),
        ("长沙市开福区人民政府伍家岭街道办事处", "伍家岭街道办事处", "开福区", "长沙市"),
        # one place name: the municipality exemption is for the exact name only
        ("上海街道办事处", "上海街道办事处", None, None),
    ],
)
def test_admin_chain_with_municipality_and_district_government(title, unit, district, city):
    got = run(BASIC, title=title + "\n2023年度部门整体支出绩效评价报告").to_contract()
    assert (got["unit_name"], got["district"], got["city"]) == (unit, district, city)


# --- flattened project table with a rate column and a residual row --------------------------

FLAT_PROJECTS = (
    "(二)项目支出情况\n2022年项目支出1,000.00万元,明细见表1。\n表1 项目支出情况表\n单位:万元\n"
    "序号\n项目名称\n年初预算\n调整后预算\n实际支出\n执行率\n"
    "1\n社区运行保障经费\n600.00\n620.00\n612.35\n98.77%\n"
    "2\n城市管理及环境整治\n300.00\n380.00\n373.25\n98.22%\n"
    "3\n其他零星项目\n20.00\n15.00\n14.40\n96.00%\n"
    "合计\n920.00\n1,015.00\n1,000.00\n98.52%\n"
)


def test_flat_project_table_with_rate_column_and_residual_row():
    result = run(FLAT_PROJECTS)
    assert {p["name"]: p["amount_wan"] for p in result.records["projects"]} == {
        "社区运行保障经费": 612.35,
        "城市管理及环境整治": 373.25,
    }


def test_residual_in_a_project_list_is_skipped_not_read():
    body = "(二)项目支出情况\n2022年项目支出200.00万元。主要包括:城市管理100.00万元、公共服务50.00万元、其余项目50.00万元。"
    assert {p["name"]: p["amount_wan"] for p in run(body).records["projects"]} == {
        "城市管理": 100.0,
        "公共服务": 50.0,
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "(五)其他支出\n使用其他资金(单位房屋出租收入及上年结余)安排的支出209.30万元,主要用于维修。",
            209.3,
        ),
        ("(五)其他支出\n其他资金安排的支出209.30万元。", 209.3),
        # the start-of-year budget split is no expenditure
        ("2022年年初预算800.00万元,其中基本支出300.00万元,其他资金安排的支出20.00万元。", None),
    ],
)
def test_other_funds_named_by_their_use(body, expected):
    assert value(body, "other_wan") == expected


# --- residual lines of a project list ------------------------------------------------------


def test_a_residual_line_is_not_a_project_but_counts_in_the_project_sum():
    body = (
        "二、支出情况\n"
        "(二)项目支出情况\n"
        "2022年项目支出300.00万元。\n"
        "(1)社区保障经费200.00万元;\n"
        "(2)环境整治经费60.00万元;\n"
        "其余项目400,000.00元,主要为零星支出。\n"
    )
    result = run(body)
    names = [p["name"] for p in result.to_contract()["projects"]]
    assert names == ["社区保障经费", "环境整治经费"]
    assert [r["amount_wan"] for r in result.records["project_residuals"]] == [40.0]
    sums = [c for c in result.checks if c.check == "projects_sum_to_project"]
    assert sums and sums[0].passed


# --- unit names in flattened forms, compounds, 城… districts -------------------------------


def test_unit_name_on_the_line_after_its_form_label():
    title = "兰州市城关区2022年度部门整体支出绩效自评表"
    body = "部门(单位)名称\n\n兰州市城关区酒泉路街道办事处\n年度目标\n新增城镇就业620人\n"
    got = run(body, title=title).to_contract()
    assert (got["unit_name"], got["district"], got["city"]) == (
        "酒泉路街道办事处",
        "城关区",
        "兰州市",
    )


@pytest.mark.parametrize("phrase", ["新增城镇就业620人", "城镇居民医疗保险", "乡镇企业扶持"])
def test_a_compound_with_zhen_or_xiang_is_not_a_unit(phrase):
    title = "2022年度部门整体支出绩效自评报告"
    assert run(phrase + "。\n" + BASIC, title=title).to_contract()["unit_name"] is None


# --- blind2 mechanisms: bare final-total wordings, all-source statement splits, place chains,
# --- retiree remarks, 为零, project lists after 主要用于 and lists cut by the text's end --------

BUDGET_SENTENCE = (
    "2022年度部门整体支出年初预算1,876.50万元,预算调整后为2,043.18万元,{label}2,041.92万元。"
)


@pytest.mark.parametrize("label", ["实际支出", "决算支出", "全年执行数"])
def test_bare_final_wording_in_the_unit_budget_sentence(label):
    body = "三、预算执行情况\n" + BUDGET_SENTENCE.format(label=label)
    assert value(body, "final_total_wan") == 2041.92


def test_final_total_worded_jue_suan_zong_zhi_chu():
    body = "三、预算执行情况\n2022年度部门决算总支出3,286.47万元,其中基本支出1,512.30万元。"
    assert value(body, "final_total_wan") == 3286.47


def test_bare_actual_spending_outside_the_budget_sentence_is_not_the_total():
    # a project's outturn, in a sentence that does not state the unit's budget
    body = (
        "三、预算执行情况\n2022年度年初预算1,876.50万元。\n"
        "社区阵地建设项目调整预算为120.00万元,实际支出118.40万元。"
    )
    assert value(body, "final_total_wan") is None


ALL_SOURCE_STATEMENT = (
    "一、收入决算情况说明\n"
    "本年收入合计2,736.58万元,其中:一般公共预算财政拨款收入{gpb}万元;"
    "政府性基金预算财政拨款收入{fund}万元;其他收入{other}万元。\n"
    "二、支出决算情况说明\n"
    "本年支出合计2,736.58万元,其中:基本支出1,402.17万元,占51.24%;项目支出1,334.41万元。\n"
)


@pytest.mark.parametrize(
    ("gpb", "fund", "other", "expected"),
    [
        ("2,736.58", "0", "0", (1402.17, 1334.41)),  # general budget only: both
        # government funds came in too: they may pay running costs as well, nothing is read
        ("2,636.58", "100.00", "0", (None, None)),
        ("2,636.58", "0", "100.00", (None, None)),  # other income may pay running costs
        ("2,600.00", "100.00", "0", (None, None)),  # lines not adding up: cannot tell
    ],
)
def test_statement_all_source_split_read_by_the_revenue_sources(gpb, fund, other, expected):
    body = ALL_SOURCE_STATEMENT.format(gpb=gpb, fund=fund, other=other)
    got = run(body, title=STATEMENT_TITLE).to_contract()
    assert (got["basic_wan"], got["project_wan"]) == expected


def test_statement_all_source_split_with_carry_over_is_not_wholly_general_budget():
    body = ALL_SOURCE_STATEMENT.format(gpb="2,736.58", fund="0", other="0") + (
        "年初结转和结余50.00万元。\n"
    )
    got = run(body, title=STATEMENT_TITLE).to_contract()
    assert (got["basic_wan"], got["project_wan"]) == (None, None)


@pytest.mark.parametrize(
    ("body", "city"),
    [
        ("黄合少镇人民政府是呼和浩特市赛罕区所属的一级地方政府。", "呼和浩特市"),
        # 赛罕区 lies in 呼和浩特市: another city written before it is not the unit's
        ("根据《哈尔滨市赛罕区财政局关于开展绩效自评工作的通知》要求。", None),
        ("包头市赛罕区人民政府\n根据《呼和浩特市赛罕区财政局的通知》要求。", "呼和浩特市"),
    ],
)
def test_city_inside_a_longer_phrase(body, city):
    title = "赛罕区黄合少镇人民政府2021年度部门整体支出绩效自评报告"
    assert run(body + "\n" + BASIC, title=title).to_contract()["city"] == city


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("在编在岗人员96人;退休人员(在镇财政供养)58人。", 58),
        ("在编在岗人员96人;退休人员(含离休人员)58人。", None),  # a 离退休 count
    ],
)
def test_retirees_with_a_bracketed_remark(sentence, expected):
    assert value("一、基本情况\n" + sentence, "retirees") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("3.国有资本经营预算支出为零。", 0.0), ("3.国有资本经营预算支出为零增长。", None)],
)
def test_category_stated_as_zero_in_words(sentence, expected):
    assert value("四、其他支出情况\n" + sentence, "state_capital_wan") == expected


def test_projects_listed_after_zhu_yao_yong_yu():
    body = (
        "(二)项目支出情况\n2024年项目支出1,611.88万元,主要用于社区工作经费978.60万元、"
        "环境卫生保洁外包服务费386.20万元、综合治理及网格化管理经费247.08万元。"
    )
    assert {p["name"]: p["amount_wan"] for p in run(body).records["projects"]} == {
        "社区工作经费": 978.6,
        "环境卫生保洁外包服务费": 386.2,
        "综合治理及网格化管理经费": 247.08,
    }


def test_basic_spending_used_for_economic_classes_is_not_a_project_list():
    body = (
        "(二)项目支出情况\n基本支出1,000.00万元,主要用于工资福利支出800.00万元、"
        "商品和服务支出200.00万元。项目支出500.00万元。"
    )
    assert run(body).records.get("projects", []) == []


def test_project_list_after_yong_yu_colon_on_separate_clauses():
    body = (
        "(二)项目支出情况\n全镇项目支出5,512.30万元,主要用于:村级组织运转补助2,386.50万元;"
        "农村公路养护3,125.80万元。"
    )
    assert {p["name"]: p["amount_wan"] for p in run(body).records["projects"]} == {
        "村级组织运转补助": 2386.5,
        "农村公路养护": 3125.8,
    }


def test_project_list_cut_by_the_end_of_the_text():
    body = (
        "(二)项目支出情况\n项目支出1,774.17万元。项目支出主要包括:社区工作者薪酬经费826.40万元、"
        "城市环境卫生整治经费312.55万元、老旧小区"
    )
    rows = run(body).records["projects"]
    assert {p["name"]: p["amount_wan"] for p in rows} == {
        "社区工作者薪酬经费": 826.4,
        "城市环境卫生整治经费": 312.55,
    }


def test_project_list_with_an_unread_tail_inside_the_text_is_not_read():
    body = (
        "(二)项目支出情况\n项目支出1,774.17万元。项目支出主要包括:社区工作者薪酬经费826.40万元、"
        "城市环境卫生整治经费312.55万元、老旧小区改造。\n(三)政府性基金支出情况\n无。"
    )
    assert run(body).records.get("projects", []) == []


# --- retirees headline, places after a date ---------------------------------------------


def test_retirees_take_the_stated_lixiu_and_retired_total_and_keep_both_parts():
    body = "一、基本情况\n年末实有在职人员56人,离退休人员41人(其中离休1人、退休40人)。\n" + BASIC
    result = run(body)
    assert result.value("retirees") == 41
    assert (result.value("retired_incl_lixiu_staff"), result.value("retired_staff")) == (41, 40)


def test_a_date_before_the_place_chain_is_not_part_of_the_city():
    # the title names no unit: the chain after the date (…16日在杭州市临安区…) is the only source
    title = "2023年财政预算执行情况报告"
    body = "——2024年1月16日在杭州市临安区太湖源镇第十八届人民代表大会第四次会议上\n"
    got = run(body, title=title).to_contract()
    assert (got["unit_name"], got["district"], got["city"]) == (
        "太湖源镇人民政府",
        "临安区",
        "杭州市",
    )


# --- blind-3 mechanisms: 社区居民委员会, unit-governed communities in a project evaluation,
# 包括基本支出 in a statement, a stated state-capital amount, 决算总支出 beside the budget,
# 主要项目: leads and 重点项目情况 headings, 市北区 --------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("指导辖区12个社区居民委员会开展居民自治。", 12),
        ("辖区12个社区居民参加议事活动。", None),  # residents, not committees
    ],
)
def test_communities_counted_as_shequ_jumin_weiyuanhui(sentence, expected):
    assert value("一、基本情况\n" + sentence + "\n" + BASIC, "communities_count") == expected


PROJECT_EVAL_TITLE = "学院街道2023年度社区惠民资金项目支出绩效自评报告"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("宜昌市西陵区学院街道办事处辖区9个社区共申报惠民项目46个。", 9),
        # the project's coverage, not the unit's communities
        ("本项目覆盖辖区内5个社区,改造老旧小区12个。", None),
        ("学院街道辖区9个社区申报项目;学院街道辖区7个社区完成验收。", None),  # conflict
    ],
)
def test_project_evaluation_reads_only_the_units_own_community_count(sentence, expected):
    body = "一、项目基本情况\n" + sentence
    result = run(body, title=PROJECT_EVAL_TITLE)
    assert result.doc_type == "project_evaluation"
    assert result.to_contract().get("communities_count") == expected


def test_statement_split_after_bao_kuo_and_a_stated_state_capital_amount():
    body = (
        "四、财政拨款支出决算总体情况说明\n2023年度财政拨款支出总计5,120.64万元，其中：一般公共"
        "预算财政拨款支出4,914.64万元，包括基本支出2,406.18万元、项目支出2,508.46万元；政府性"
        "基金预算财政拨款支出206.00万元；国有资本经营预算财政拨款支出0万元。\n"
        "二、支出决算情况说明\n本年支出合计5,120.64万元，其中：基本支出2,406.18万元；"
        "项目支出2,714.46万元。\n"
    )
    got = run(body, title=STATEMENT_TITLE).to_contract()
    assert (got["basic_wan"], got["project_wan"], got["state_capital_wan"]) == (
        2406.18,
        2508.46,
        0.0,
    )


def test_statement_split_after_bao_kuo_that_does_not_add_up_is_not_read():
    body = (
        "四、财政拨款支出决算总体情况说明\n2023年度一般公共预算财政拨款支出4,914.64万元，包括"
        "基本支出2,406.18万元、项目支出2,714.46万元。\n"
        "国有资本经营预算财政拨款支出10.00万元；国有资本经营预算财政拨款支出12.00万元。\n"
    )
    got = run(body, title=STATEMENT_TITLE).to_contract()
    assert (got["basic_wan"], got["project_wan"], got["state_capital_wan"]) == (None,) * 3


def test_final_total_worded_jue_suan_zong_zhi_chu_beside_the_budget():
    body = "二、部门整体支出情况\n2022年度街道年初预算2,640.00万元,决算总支出3,578.21万元,其中:"
    assert value(body, "final_total_wan") == 3578.21
    other = "二、部门整体支出情况\n2022年度社区项目决算总支出312.00万元。"
    assert value(other, "final_total_wan") is None


def test_projects_after_a_zhu_yao_xiang_mu_colon_lead():
    body = (
        "(二)项目支出\n2022年项目支出1,430.80万元,比上年增加312.50万元,主要是疫情防控支出增加。"
        "主要项目:疫情防控经费628.90万元;社区运转及惠民资金390.00万元;"
        "城市管理及环境卫生经费411.90万元。"
    )
    rows = run(body).records["projects"]
    assert {p["name"]: p["amount_wan"] for p in rows} == {
        "疫情防控经费": 628.9,
        "社区运转及惠民资金": 390.0,
        "城市管理及环境卫生经费": 411.9,
    }


def test_projects_under_a_zhong_dian_xiang_mu_heading_even_when_cut():
    total = (
        "二、单位整体支出情况\n\n(二)支出结构。2023年基本支出1,312.40万元,较上年增加58.62万元;"
        "项目支出1,155.65万元,较上年减少136.20万元。\n\n"
    )
    items = (
        "社区综合服务经费支出286.20万元,用于9个社区办公经费;城市管理及环境卫生经费支出412.58万元,"
        "用于辖区道路保洁;创文巩卫经费支出"
    )
    rows = run(total + "(三)重点项目情况。" + items).records["projects"]
    assert {p["name"]: p["amount_wan"] for p in rows} == {
        "社区综合服务经费": 286.2,
        "城市管理及环境卫生经费": 412.58,
    }
    # the same lines under an achievements heading do not sum to the total: not projects
    assert run(total + "(三)主要成效。" + items).records.get("projects", []) == []


@pytest.mark.parametrize(
    ("sentence", "district"),
    [
        ("青岛市市北区辽宁路街道办事处是市北区人民政府的派出机关。", "市北区"),
        ("青岛市市南区八大关街道办事处是市南区人民政府的派出机关。", "市南区"),
    ],
)
def test_district_named_shi_bei_or_shi_nan(sentence, district):
    got = run("一、部门概况\n" + sentence, title="部门整体支出绩效评价报告").to_contract()
    assert (got["district"], got["city"]) == (district, "青岛市")


@pytest.mark.parametrize(
    ("prose", "table"),
    [
        ("离退休人员41人(其中离休1人、退休40人)。", "离退休人数 | 41\n退休人数 | 40"),
        ("退休人员40人。", "退休人数 | 40"),
    ],
)
def test_retirees_follow_one_precedence_from_prose_and_from_a_table(prose, table):
    """The same facts give the same retirees whether prose or a table states them."""
    head = "一、基本情况\n(一)人员情况\n"
    from_prose = run(head + "年末实有在职人员56人," + prose + "\n" + BASIC)
    from_table = run(
        head + "年末实有在职人员56人。\n人员情况表\n项目 | 人数\n" + table + "\n" + BASIC
    )
    assert from_prose.value("retirees") == from_table.value("retirees") is not None
    assert from_prose.value("retirees_kind") == from_table.value("retirees_kind")


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("街道下辖新华社区、和平社区和东风社区。", 3),  # 和 before the last: it counts
        ("街道下辖新华社区、和平社区、东风社区及红旗社区。", 4),
        ("辖区4个社区居委会:新华社区、和平社区、东风社区和红旗社区。", 4),
    ],
)
def test_a_community_list_ending_with_he_counts_the_last(sentence, count):
    assert run("一、基本情况\n" + sentence + "\n" + BASIC).value("communities_count") == count


@pytest.mark.parametrize("dash", ["—", "-", "——", "－", "：", ""])
def test_general_budget_row_labels_with_any_dash_map_to_basic_and_project(dash):
    body = (
        "一、基本情况\n二、支出情况\n表1 支出情况表\n单位:万元\n项目 | 决算数\n"
        f"一般公共预算支出{dash}基本支出 | 2400.49\n一般公共预算支出{dash}项目支出 | 2910.23\n"
        "合计 | 5310.72\n"
    )
    result = run(body)
    assert (result.value("basic_wan"), result.value("project_wan")) == (2400.49, 2910.23)


def test_an_expenditure_table_row_not_understood_leaves_an_issue():
    body = (
        "一、基本情况\n二、支出情况\n表1 支出情况表\n单位:万元\n项目 | 决算数\n"
        "基本支出 | 2400.49\n项目支出 | 2910.23\n专项转移性支出 | 12.00\n合计 | 5322.72\n"
    )
    result = run(body)
    assert any(
        "专项转移性支出" in i.message for i in result.issues if i.check == "expenditure_table"
    )
