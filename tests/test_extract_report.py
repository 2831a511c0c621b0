"""Extraction of text reports: every seed figure from .txt, .docx and GB18030, and the
wording variations of DOMAIN.md §2 on small snippets."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats_factory import SEED_TRUTH

from pipeline.checks import run_checks
from pipeline.classify import classify
from pipeline.extract import extract_file
from pipeline.extract.report import extract_text_document
from pipeline.models import Document, ExtractionResult
from pipeline.normalize import normalize_blocks

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "raw" / "wujialing_2022_seed.txt"
SEED_DOCX = ROOT / "raw" / "wujialing_2022_seed.docx"
CORPUS = ROOT / ".." / "shared" / "corpus" / "reports"

SEED = {**SEED_TRUTH, "budget_gap_wan": 2099.0}
SEED_PROJECTS = {
    "背街小巷清扫保洁经费": 201.35,
    "城市管理": 465.40,
    "公共服务": 1452.90,
    "两保人员经费": 30.10,
    "其他事务": 299.68,
    "社会管理": 239.25,
    "协管员工资保险经费": 80.44,
    "治安巡防队员、流动人口协管员经费": 141.10,
}
SEED_CHANGES = {
    "basic": (189.86, 8.59),
    "project": (-228.24, -7.27),
    "gov_fund": (9.51, 146.45),
    "state_capital": (38.45, 100.0),
    "other": (-76.31, -51.26),
}

_CACHE: dict[str, object] = {}


def _seed_result(kind: str, tmp_path_factory):
    if kind not in _CACHE:
        if kind == "txt":
            path = SEED_TXT
        elif kind == "docx":
            path = SEED_DOCX
        else:
            path = tmp_path_factory.mktemp("gb") / "wujialing_2022_seed_gb18030.txt"
            path.write_bytes(SEED_TXT.read_text(encoding="utf-8").encode("gb18030"))
        _CACHE[kind] = extract_file(path)
    return _CACHE[kind]


@pytest.mark.parametrize("kind", ["txt", "docx", "gb18030"])
@pytest.mark.parametrize(("field", "value"), list(SEED.items()))
def test_seed_figure(kind, field, value, tmp_path_factory):
    result = _seed_result(kind, tmp_path_factory)
    got = result.to_contract()[field]
    if isinstance(value, float):
        assert got == pytest.approx(value, abs=1e-9)
    else:
        assert got == value


@pytest.mark.parametrize("kind", ["txt", "docx", "gb18030"])
def test_seed_projects_changes_and_provenance(kind, tmp_path_factory):
    result = _seed_result(kind, tmp_path_factory)
    assert {p["name"]: p["amount_wan"] for p in result.records["projects"]} == SEED_PROJECTS
    rows = {r["category"]: r for r in result.records["expenditure"]}
    for cat, (chg, pct) in SEED_CHANGES.items():
        assert (rows[cat]["change_wan"], rows[cat]["change_pct"]) == (chg, pct)
    assert rows["social_insurance"]["stated_none"] is True
    assert rows["basic"]["reason"] == "工作人员工资福利待遇按财政统一标准调整"
    fig = result.figures["basic_wan"]
    assert "基本支出" in fig.provenance.locator
    assert "2400.49万元" in fig.provenance.sentence
    text = result.figures["basic_wan"].provenance
    assert text.start is not None and text.end > text.start
    assert result.figures["retirees"].provenance.sentence.find("退休干部47人") >= 0
    assert all(c.passed for c in result.checks), [c.message for c in result.checks]
    assert result.to_contract()["issues"] == []


def test_seed_records_targets_achievements_texts(tmp_path_factory):
    result = _seed_result("txt", tmp_path_factory)
    targets = result.records["targets"]
    sat = [t for t in targets if t["project"] == "城市管理" and t["indicator_class"] == "满意度"]
    assert sat and sat[0]["comparator"] == "≥" and sat[0]["target_value"] == 90.0
    assert sat[0]["target_unit"] == "%"
    dept = [t for t in targets if t["project"] is None and t["indicator_subclass"] == "数量"]
    assert dept and dept[0]["indicator_class"] == "产出" and dept[0]["target_value"] == 100.0
    ach = {(a["value"], a["unit"]) for a in result.records["achievements"]}
    assert (4277.0, "件") in ach and (97.48, "%") in ach
    kinds = {t["kind"] for t in result.records["texts"]}
    assert {"problems", "improvements", "results_application", "functions"} <= kinds
    for kind in ("projects", "expenditure", "targets", "achievements", "texts"):
        for row in result.records[kind]:
            assert {"locator", "sentence", "start", "end"} <= row.keys()


# --- wording variations on snippets ------------------------------------------------------

TITLE = "2022年度伍家岭街道办事处\n部门整体支出绩效评价报告"


def run(body: str, title: str = TITLE) -> ExtractionResult:
    blocks = normalize_blocks([title + "\n" + body])
    doc = Document(path="x.txt", text="\n".join(blocks), blocks=blocks, encoding="utf-8")
    return run_checks(extract_text_document(doc, ExtractionResult(file="x.txt")))


@pytest.mark.parametrize(
    ("body", "field", "value"),
    [
        (
            "(一)基本支出情况\n2022年基本支出24,004,900.00元,比上年增加1,898,600.00元。",
            "basic_wan",
            2400.49,
        ),
        (
            "(一)基本支出情况\n基本支出2400.49万元,较上年减少10.00万元,下降0.41%。",
            "basic_change_wan",
            -10.0,
        ),
        (
            "(一)基本支出情况\n基本支出2400.49万元,较上年减少10.00万元,下降0.41%。",
            "basic_change_pct",
            -0.41,
        ),
        ("(一)基本支出情况\n基本支出2400.49万元,同比降低3.5%。", "basic_change_pct", -3.5),
        ("(一)基本支出情况\n基本支出2400.49万元,同比增长3.5%。", "basic_change_pct", 3.5),
        ("(一)基本支出情况\n基本支出2400.49万元,同比增长3.5%。", "basic_change_wan", None),
        (
            "五、社会保险基金预算支出情况\n本年度无社会保险基金预算支出。",
            "social_insurance_wan",
            0.0,
        ),
        ("四、国有资本经营预算支出情况\n我街道无国有资本经营预算收支。", "state_capital_wan", 0.0),
        ("2022年初预算数为3338.72万元,决算数为5437.72万元。", "budget_at_start_wan", 3338.72),
        ("2022年初预算数为3338.72万元,决算数为5437.72万元。", "final_total_wan", 5437.72),
        ("全年支出5437.72万元,为年初预算的116.9%。", "budget_at_start_wan", None),
        ("全年支出5437.72万元,为年初预算的116.9%。", "final_to_budget_pct", 116.9),
        ("支出总计,867.48万元。", "final_total_wan", None),
        ("上年决算数为5000.00万元。", "final_total_wan", None),
    ],
)
def test_amount_wordings(body, field, value):
    assert run(body).to_contract().get(field) == value


def test_year_next_to_amount_is_not_an_amount():
    title = "2024年度伍家岭街道办事处\n部门整体支出绩效评价报告"
    result = run("(二)项目支出情况\n2024年度项目支出合计2024.05万元,其中2023年结转。", title)
    assert result.value("project_wan") == 2024.05
    result = run("(二)项目支出情况\n2024年度项目支出情况见附表。", title)
    assert result.value("project_wan") is None
    result = run("(二)项目支出情况\n2023年度项目支出合计2000.00万元。", title)
    assert result.value("project_wan") is None  # another year's figure


def test_lost_digit_is_flagged():
    result = run("支出总计,867.48万元,由一般公共预算支出构成。")
    assert result.value("final_total_wan") is None
    assert any(i.check == "lost_digit" for i in result.issues)


def test_conflicting_amounts_left_empty_with_note():
    result = run("基本支出2400.49万元。另据统计,基本支出2500.00万元。")
    assert result.value("basic_wan") is None
    assert "conflicting" in (result.figures["basic_wan"].note or "")


@pytest.mark.parametrize(
    ("body", "field", "value"),
    [
        ("2022年末本单位实有在职干部人数59人,退休干部47人,社区退休人员14人。", "staff_in_post", 59),
        ("2022年末本单位实有在职干部人数59人,退休干部47人,社区退休人员14人。", "retirees", 47),
        ("核定编制96人、年末在职人数86人、离退休人数48人、外聘临时工人数18人。", "retirees", 48),
        (
            "核定编制96人、年末在职人数86人、离退休人数48人、外聘临时工人数18人。",
            "retirees_kind",
            "离退休",
        ),
        ("核定编制96人、年末在职人数86人、离退休人数48人。", "staff_in_post", 86),
        ("核定编制96人、年末在职人数86人、离退休人数48人。", "staff_establishment", 96),
        ("共有编制数50个,其中行政编制13个,事业编制37个。", "staff_in_post", None),
        (
            "街道共有工作人员73人,其中行政编制25人、参公编制20人、事业编制26人。",
            "staff_in_post",
            73,
        ),
        ("2021年末在职人员60人,2022年末在职人员59人。", "staff_in_post", 59),
        ("上年在职人员60人。", "staff_in_post", None),
        ("保障社区14名退休人员工资。", "retirees", None),
        ("在职人员五十九人,退休干部四十七人。", "retirees", 47),
    ],
)
def test_staff_wordings(body, field, value):
    assert run(body).to_contract().get(field) == value


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ("伍家岭街道下辖蒋家垅、陡岭、科大佳园、花城、紫荆园、浏阳河、建湘新村7个社区。", 7),
        ("街道下辖七个社区。", 7),
        (
            "辖区7个基层群众性自治组织,分别是:识字里社区、文艺新村社区、韭菜园社区、湘府社区、"
            "南元宫社区、乔庄社区、东广济桥社区,辖区总户数13449户。",
            7,
        ),
        ("辖区3个基层群众性自治组织,分别是:识字里社区、文艺新村社区。", None),
        ("街道下辖识字里社区、文艺新村社区、韭菜园社区。", 3),
        ("保障社区14名退休人员及7个社区工作经费。", None),
    ],
)
def test_communities(body, value):
    assert run(body).value("communities_count") == value


def test_broken_numbering_sections_found_by_name():
    body = "\n".join(
        [
            "一、基本情况",
            "(2) 一般公共预算支出情况",
            "3、 基本支出情况",
            "2022年基本支出100.00万元,比上年增加10.00万元,增长11.11%。",
            "七、项目支出情况",
            "2022年项目支出50.00万元。其中城市管理项目支出30.00万元,主要用于市容;公共服务项目支出20.00万元,主要用于救助。",
            "① 政府性基金预算支出情况",
            "2022年政府性基金预算支出5.00万元,其中项目支出5.00万元。",
        ]
    )
    result = run(body)
    assert result.value("basic_wan") == 100.0
    assert result.value("project_wan") == 50.0
    assert result.value("gov_fund_wan") == 5.0
    assert {p["name"]: p["amount_wan"] for p in result.records["projects"]} == {
        "城市管理": 30.0,
        "公共服务": 20.0,
    }


def test_traditional_pinyin_fullwidth_report():
    title = "2022年度伍家嶺(lǐng)街道辦事處\n部門整體支出績效評價報告"
    body = (
        "（一）基本支出情況\n2022年基本支出２４００．４９萬元，比上年增加189.86萬元，增長8.59％。"
    )
    result = run(body, title=title)
    assert result.value("unit_name") == "伍家岭街道办事处"
    assert result.value("basic_wan") == 2400.49
    assert result.value("basic_change_pct") == 8.59


def test_toc_and_boilerplate_do_not_disturb():
    title = "发布时间:2023-01-01 来源:伍家岭街道 字体大小:大 中 小\n" + TITLE
    body = (
        "目录\n一、基本情况......1\n二、支出情况......2\n一、基本情况\n2022年末本单位在职人员59人。"
    )
    result = run(body, title=title)
    assert result.value("staff_in_post") == 59
    assert result.value("unit_name") == "伍家岭街道办事处"


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        (TITLE, "performance_report"),
        ("2022年度伍家岭街道办事处部门决算", "final_accounts_statement"),
        ("重庆市铜梁区小林镇人民政府\n2022年决算报告", "fiscal_report"),
        ("2022年度城市管理项目支出绩效自评报告", "project_evaluation"),
        ("关于召开会议的通知", "unknown"),
    ],
)
def test_classify_titles(title, doc_type):
    blocks = normalize_blocks([title + "\n正文。"])
    assert classify(Document("x", "\n".join(blocks), blocks))[0] == doc_type


def test_other_types_not_read_as_reports():
    body = "全镇本级一般公共预算支出1,867.48万元,为年初预算的120.9%。\n基本支出100万元。"
    result = run(body, title="重庆市铜梁区小林镇人民政府\n2022年决算报告")
    assert result.doc_type == "fiscal_report"
    assert result.value("basic_wan") is None
    assert (result.value("unit_name"), result.value("district"), result.value("city")) == (
        "小林镇人民政府",
        "铜梁区",
        "重庆市",
    )


CORPUS_EXPECT = [
    (
        "real_01_furong_wenyilu_2020.txt",
        {
            "staff_in_post": 50,
            "retirees": 44,
            "communities_count": 7,
            "city": "长沙市",
            "district": "芙蓉区",
        },
    ),
    (
        "real_03_xuwen_qianshan_2024.txt",
        {"unit_name": "前山镇人民政府", "year": 2024, "retirees": 48},
    ),
    ("real_06_yueyangxian_xinkai_2021.txt", {"doc_type": "performance_form", "staff_in_post": 185}),
    (
        "real_08_yuzhong_nanjimen_2023_juesuan.txt",
        {"doc_type": "final_accounts_statement", "final_total_wan": 6567.06},
    ),
    (
        "real_12_yueyanglou_wulipai_2023_juesuan.txt",
        {"unit_name": "五里牌街道办事处", "district": "岳阳楼区"},
    ),
    (
        "real_16_tongliang_xiaolin_2022_juesuan_report.txt",
        {"doc_type": "fiscal_report", "final_total_wan": None},
    ),
]


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not present")
@pytest.mark.parametrize(("name", "expect"), CORPUS_EXPECT)
def test_corpus_excerpts(name, expect):
    got = extract_file(CORPUS / name).to_contract()
    for key, value in expect.items():
        assert got[key] == value, key


@pytest.mark.parametrize(
    ("body", "field", "value"),
    [
        ("三公经费年初预算数为10.00万元。", "budget_at_start_wan", None),
        ("一般公共预算财政拨款支出决算数为5000.00万元。", "final_total_wan", None),
        (
            "2022年度支出总额5000.00万元,其中:基本支出2000.00万元,项目支出3000.00万元。",
            "final_total_wan",
            5000.0,
        ),
        (
            "2022年度支出总额5000.00万元,其中:基本支出2000.00万元,项目支出3000.00万元。",
            "basic_wan",
            2000.0,
        ),
        (
            "2022年度支出总额5000.00万元,其中:基本支出2000.00万元,项目支出3000.00万元。",
            "project_wan",
            3000.0,
        ),
        ("本单位在编在岗人员52人。", "staff_in_post", 52),
        ("离休人员2人、退休人员45人。", "retirees", 45),
    ],
)
def test_totals_and_parts(body, field, value):
    assert run(body).to_contract().get(field) == value
