"""Identity, document types and figures in the shapes real openings have (issue 8).

Each case is a trap seen in ../shared/corpus or the held-out set: a fragment of prose that
looks like a unit, a short or old name, an ambiguous one, an opening that is a table of
contents, a cover page, a notice or a form run into one line.
"""

from __future__ import annotations

import socket

import pytest

from pipeline.extract import extract_file


def run(tmp_path, text: str, name: str = "doc.txt"):
    """Extract a text document written to tmp_path; returns the contract dict and the result."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = extract_file(path)
    return result.to_contract(), result


def issues(result, check: str = "unit_name") -> list[str]:
    return [i.message for i in result.issues if i.check == check]


# --- resolution against the division list --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "district", "city"),
    [
        # a dateline glued to the name (a traditional-character mirror): the list tells where
        # the name starts
        (
            "——2022年7月27日在板芙鎮第十七屆人民代表大會\n第三次會議上\n各位代表:\n"
            "我受鎮人民政府委托,向大會報告我鎮2022年預算調整方案草案。",
            "板芙镇人民政府",
            None,
            None,
        ),
        # a verb glued to the county (设置萧县…), the city only inside a document number
        (
            "目 录\n第一部分 萧县龙城镇人民政府概况\n第二部分 萧县龙城镇人民政府2023年度部门决算表\n"
            "根据中共宿州市委办公室、宿州市人民政府办公室《关于印发〈萧县人民政府机构改革方案〉的通知》"
            "(宿办秘〔2010〕17号)精神,设置萧县龙城镇人民政府。",
            "龙城镇人民政府",
            "萧县",
            "宿州市",
        ),
        # a 范文 site's title (请欣赏乡镇…) is no unit; the body names the real one
        (
            "乡镇部门绩效自评报告\n笔构网\n2025-09-04报告\n"
            "请欣赏乡镇部门绩效自评报告(精选6篇),由笔构网整理。\n乡镇部门绩效自评报告 篇1\n"
            "一、部门基本情况\n大埔县大东镇人民政府在县委、县政府的坚强领导下,统筹城乡发展。",
            "大东镇人民政府",
            "大埔县",
            None,
        ),
        # short forms: an ethnic township without its 傣族, a prefecture written 湘西州
        (
            "武定县东坡乡人民政府2023年度部门整体支出绩效自评报告\n一、部门概况",
            "东坡傣族乡人民政府",
            "武定县",
            None,
        ),
        (
            "湘西州凤凰县两林乡人民政府2022年度部门决算\n一、部门概况",
            "两林乡人民政府",
            "凤凰县",
            "湘西土家族苗族自治州",
        ),
        # a name shared by several divisions, settled by the county the text names
        (
            "武定县田心乡人民政府2022年度部门决算\n一、部门概况",
            "田心乡人民政府",
            "武定县",
            None,
        ),
        # a municipality's district merged later (江北区 → 两江新区 in 2025): a 2023 document
        (
            "重庆市江北区观音桥街道办事处2023年度部门决算公开\n一、职能职责",
            "观音桥街道办事处",
            "江北区",
            "重庆市",
        ),
        # a county renamed in 2016 (郫县 → 郫都区): the name in force in 2015
        (
            "2015年度郫县唐昌镇人民政府部门决算\n一、部门概况",
            "唐昌镇人民政府",
            "郫县",
            None,
        ),
        (
            "2018年度郫县唐昌镇人民政府部门决算\n一、部门概况",
            "唐昌镇人民政府",
            "郫都区",
            None,
        ),
    ],
)
def test_names_resolve_to_official_divisions(tmp_path, text, unit, district, city):
    got, _ = run(tmp_path, text)
    assert (got["unit_name"], got["district"], got["city"]) == (unit, district, city)
    assert got["unit_resolution"] == "resolved"


def test_resolved_unit_carries_its_division_code(tmp_path):
    got, _ = run(tmp_path, "长沙市开福区伍家岭街道办事处2022年度部门整体支出绩效自评报告\n正文。")
    assert got["division_code"] == "430105006000"
    got, _ = run(tmp_path, "2015年度郫县唐昌镇人民政府部门决算\n正文。")
    assert got["division_code"].startswith("510117")  # the current 郫都区 code


def test_a_name_several_divisions_share_is_left_empty_with_an_issue(tmp_path):
    got, result = run(tmp_path, "田心乡人民政府2022年度部门决算\n一、部门概况\n正文。")
    assert got["unit_name"] is None and got["unit_resolution"] == "ambiguous"
    assert any("田心" in m and "divisions" in m for m in issues(result))


def test_a_name_a_real_county_does_not_have_is_never_emitted(tmp_path):
    got, result = run(
        tmp_path, "九江市濂溪区莲城街道办事处2023年度部门整体支出绩效自评报告\n一、部门概况"
    )
    assert got["unit_name"] is None
    assert (got["district"], got["city"]) == ("濂溪区", "九江市")
    assert any("濂溪区" in m for m in issues(result))


def test_an_invented_unit_in_an_invented_district_stays_as_written_and_flagged(tmp_path):
    got, result = run(
        tmp_path, "澄州市沁川区蘅畈镇人民政府2021年度部门整体支出绩效评价报告\n正文。"
    )
    assert (got["unit_name"], got["district"], got["city"]) == (
        "蘅畈镇人民政府",
        "沁川区",
        "澄州市",
    )
    assert got["unit_resolution"] == "not_found"
    assert any("not in the division list" in m for m in issues(result))


@pytest.mark.parametrize(
    "text",
    [
        "关于统筹城乡发展的实施意见\n各乡镇要推进新城镇建设。",
        "请欣赏乡镇部门绩效自评报告(精选6篇)\n正文。",
        "16日在杭州市召开了全市工作会议。\n会议要求各乡镇抓好落实。",
    ],
)
def test_prose_fragments_are_not_units(tmp_path, text):
    got, _ = run(tmp_path, text)
    assert got["unit_name"] is None


def test_extraction_reads_the_division_list_offline(tmp_path, monkeypatch):
    """No network at any point: the list comes from installed packages, rebuilt from scratch."""
    from pipeline import divisions

    def refuse(*_args, **_kwargs):
        raise OSError("network access during extraction")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("BUDGETPERF_CACHE", str(tmp_path / "cache"))
    divisions.gazetteer.cache_clear()
    try:
        got, _ = run(tmp_path, "长沙市开福区伍家岭街道办事处2022年度部门决算\n正文。")
    finally:
        divisions.gazetteer.cache_clear()
    assert got["division_code"] == "430105006000"
    assert list((tmp_path / "cache").glob("divisions_*.pickle"))


# --- document types from real openings -----------------------------------------------------

TOC_STATEMENT = (
    "目 录\n第一部分 单位概况\n一、部门职责\n第二部分 2022年度部门决算表\n一、收入支出决算总表\n"
    "第三部分 2022年度部门决算情况说明\n第四部分 名词解释\n第五部分 附件\n"
    "附件:1.2022年度项目支出绩效自评表\n第一部分 单位概况\n一、部门职责\n负责辖区经济社会发展。"
)


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        (TOC_STATEMENT, "final_accounts_statement"),
        # a cover page with 单位名称 / 编制日期 fields, then the budget's table of contents
        (
            "永宁县闽宁镇人民政府\n2023年部门预算\n单位名称：永宁县闽宁镇人民政府\n"
            "编制日期：2023年2月16日\n目  录\n第一部分 部门概况\n十一、部门整体支出绩效目标表",
            "budget_statement",
        ),
        # a notice first (附件3 before the report)
        (
            "关于成立三河镇2023年度部门整体支出绩效评价工作领导小组的通知\n各办、站、所:\n"
            "为做好评价工作,决定成立领导小组。\n附件3\n"
            "肥西县三河镇人民政府2023年度部门整体支出绩效自评报告\n一、部门概况",
            "performance_report",
        ),
        # a doc-sharing site's header
        (
            "上传人：张三  文档编号：DOC-2024-0183  上传时间：2024-05-12\n第1页/共16页\n"
            "尚志市亚布力镇2023年度部门整体支出绩效自评报告\n一、部门基本情况",
            "performance_report",
        ),
        # a mirror copy in traditional characters with pinyin
        (
            "襄陽(yáng)市樊城區(qū)米公街道辦事處2022年度決算公開\n一、部門基本情況",
            "final_accounts_statement",
        ),
        # a project form run into one line after document metadata
        (
            "Administrator WPS_1620714378 1 2021-03-02T08:11:09Z 12.00 0 0 False False False "
            "附件2 项目支出绩效自评表 （2021年度） 项目名称 灵源街道社区居家养老服务照料中心运营补助 "
            "主管部门 晋江市灵源街道办事处 实施单位 晋江市灵源街道办事处 项目资金 （万元） 年初预算数",
            "project_evaluation",
        ),
        # a township fiscal report to the 镇人大, opening with site metadata
        (
            "索引号:\n公开主体:\n上海市崇明区长兴镇人民政府\n发布日期:\n2023-02-24\n各位代表:\n"
            "我受长兴镇人民政府委托,现将本镇2022年财政预算执行情况和2023年财政预算(草案)提请审议。",
            "fiscal_report",
        ),
        ("关于召开2023年第一次全体会议的通知\n各单位:\n定于下周一召开会议。", "unknown"),
    ],
)
def test_document_types_from_real_openings(tmp_path, text, doc_type):
    got, result = run(tmp_path, text)
    assert got["doc_type"] == doc_type, result.doc_type_reason
    assert result.doc_type_reason


def test_a_toc_first_statement_takes_its_year_from_the_toc(tmp_path):
    got, _ = run(tmp_path, TOC_STATEMENT)
    assert got["year"] == 2022


def test_a_repost_date_is_not_the_year(tmp_path):
    got, _ = run(tmp_path, "乡镇部门绩效自评报告\n笔构网\n2025-09-04报告\n一、部门基本情况\n正文。")
    assert got["year"] is None


# --- figures in the real shapes --------------------------------------------------------------

RUN_ON = (
    "重庆市万州区铁峰乡人民政府\n2022年度决算公开说明\n二、收入支出决算总体情况说明\n"
    "2022年本单位收入2,854.36万元,其中财政拨款收入2811.48万元,政府性基金收入42.88万元,"
    "支出2854.36万元,其中财政拨款支出2811.48万元,政府性基金支出42.88万元,无结转结余,"
    "收入较上年减少20565.34万元,同比减少87.81%。"
)


def test_a_statement_summary_in_one_run_on_sentence(tmp_path):
    got, _ = run(tmp_path, RUN_ON)
    assert got["doc_type"] == "final_accounts_statement"
    assert (got["final_total_wan"], got["gov_fund_wan"]) == (2854.36, 42.88)


def test_a_prior_year_run_on_sentence_is_not_this_year(tmp_path):
    got, _ = run(tmp_path, RUN_ON.replace("2022年本单位收入", "2021年本单位收入"))
    assert got["final_total_wan"] is None


def test_totals_stated_jointly_with_thousands_separators(tmp_path):
    text = (
        "寿光市古城街道办事处2023年度部门决算\n一、收入支出决算总体情况说明\n"
        "2023年度收、支总计均为6,958.20万元。与2022年度相比,收、支总计各增加523.47万元。"
        "年初结转和结余0万元,年末结转和结余0万元。"
    )
    got, _ = run(tmp_path, text)
    assert got["final_total_wan"] == 6958.2


@pytest.mark.parametrize(
    ("section", "category"),
    [
        ("(四)国有资本经营预算支出情况\n无。", "state_capital_wan"),
        ("(五)社会保险基金预算支出情况\n社会保险基金预算支出:无数据;", "social_insurance_wan"),
        ("(六)其他支出情况\n其他支出:未发生。", "other_wan"),
        (
            "(五)社会保险基金预算支出情况\n本单位不涉及社会保险基金预算,无数据。",
            "social_insurance_wan",
        ),
        ("(三)政府性基金预算支出情况\n2023年政府性基金预算支出0.00万元。", "gov_fund_wan"),
    ],
)
def test_none_in_any_wording_is_zero(tmp_path, section, category):
    text = (
        "瓦房店市岭东街道办事处2023年度部门整体支出绩效评价报告\n二、部门整体支出情况\n"
        "(一)基本支出情况\n2023年基本支出1,028.76万元。\n" + section
    )
    got, _ = run(tmp_path, text)
    assert got[category] == 0


PROJECT_FORM_CELLS = [
    "项目支出绩效自评表",
    "（2022年度）",
    "项目名称",
    "大营镇农村生活垃圾治理项目",
    "主管部门",
    "枣强县大营镇人民政府",
    "项目资金",
    "（万元）",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "年度资金总额",
    "85.00",
    "85.00",
    "82.46",
    "10",
    "97.01%",
    "9.70",
    "其中：当年财政拨款",
    "85.00",
    "85.00",
    "82.46",
    "—",
    "—",
    "—",
    "年度总体目标",
    "项目全年预算850,000.00元，实际支出824,600.00元。",
    "总分",
    "100",
    "97.7",
]


@pytest.mark.parametrize("layout", ["one cell per line", "pipes", "run-on"])
def test_project_forms_in_every_layout(tmp_path, layout):
    cells = PROJECT_FORM_CELLS
    if layout == "one cell per line":
        text = "\n".join(cells)
    elif layout == "pipes":
        rows = [cells[:2], cells[2:4], cells[4:6], cells[6:14], cells[14:21], cells[21:28]]
        text = "\n".join("| " + " | ".join(r) + " |" for r in rows) + "\n" + "\n".join(cells[28:])
    else:
        text = "WPS_1 2022-04-18T02:36:51Z False " + " ".join(cells)
    got, result = run(tmp_path, text)
    assert got["doc_type"] == "project_evaluation"
    # the form's 万元 amount (the prose gives the same money in 元)
    assert got["projects"] == [{"name": "大营镇农村生活垃圾治理项目", "amount_wan": 82.46}]
    assert result.value("total_score") == 97.7
    funding = result.records["form_funding"]
    assert funding[0]["budget_start_wan"] == 85.0 and funding[0]["execution_rate_pct"] == 97.01


def test_a_project_form_with_an_empty_total_row_takes_its_one_funded_row(tmp_path):
    text = (
        "附件: 项目支出绩效自评表 (2022年度) 项目名称 委托业务项目 主管部门 219-池州市贵池区棠溪镇人民政府 "
        "项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 0 0 0 10 0 0 "
        "其中:本年财政拨款 90 89.974 89.974 上年结转资金 其他资金 年度总体目标 预期目标 实际完成情况 "
        "本项目共申请预算资金90万元。"
    )
    got, _ = run(tmp_path, text)
    assert got["projects"] == [{"name": "委托业务项目", "amount_wan": 89.974}]


def test_a_form_whose_rate_disagrees_with_its_amounts_gives_no_project_amount(tmp_path):
    cells = [c if c != "97.01%" else "85.00%" for c in PROJECT_FORM_CELLS]
    got, result = run(tmp_path, "\n".join(cells))
    assert got["projects"] == []
    assert issues(result, "projects")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # a change is not the total
        ("2022年度决算公开说明\n支出较上年减少20571.2万元,同比减少87.82%。", "final_total_wan"),
        # a ratio to the budget is not the budget
        (
            "2022年决算报告\n全镇本级一般公共预算支出1,867.48万元,为年初预算的120.9%。",
            "budget_at_start_wan",
        ),
        # a document number with a lost bracket is no amount
        ("2021年度部门决算\n依据离政办发〔2014130号文件。", "final_total_wan"),
    ],
)
def test_near_miss_sentences_give_no_value(tmp_path, text, field):
    got, _ = run(tmp_path, text)
    assert got[field] is None


@pytest.mark.parametrize(
    ("text", "unit", "district"),
    [
        # a real namesake (莆田市秀屿区湄洲镇) is not taken for a unit the text places elsewhere
        (
            "澄州市棠溪区湄洲镇人民政府2023年度部门整体支出绩效自评报告\n正文。",
            "湄洲镇人民政府",
            "棠溪区",
        ),
        (
            "蓼泉镇部门整体支出绩效自评报告\n评价单位：蓼泉镇人民政府\n"
            "蓼泉镇人民政府隶属澄州市沁港区，负责全镇经济和社会发展。",
            "蓼泉镇人民政府",
            "沁港区",
        ),
    ],
)
def test_a_namesake_elsewhere_is_not_the_unit(tmp_path, text, unit, district):
    got, _ = run(tmp_path, text)
    assert got.get("division_code") is None and got["unit_resolution"] == "not_found"
    assert got["unit_name"] == unit and got["district"] == district


def test_a_namesake_of_another_kind_needs_the_text_to_name_its_county(tmp_path):
    # the list has 湄洲镇 (莆田), not 湄洲街道: with no place written it is not that town
    got, _ = run(tmp_path, "湄洲街道办事处2023年度部门决算\n一、部门概况\n正文。")
    assert got.get("division_code") is None
    got, _ = run(tmp_path, "莆田市秀屿区湄洲街道办事处2023年度部门决算\n正文。")
    assert got["division_code"] == "350305108000"  # the county written: the 镇 it was or became
