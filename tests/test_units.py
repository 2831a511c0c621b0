"""One spelling per unit: documents of one unit meet in the warehouse however they name it."""

import pytest

from pipeline.units import canonical_unit_name


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("伍家岭街道", "伍家岭街道办事处"),
        ("伍家岭街道办事处", "伍家岭街道办事处"),
        ("长沙市开福区伍家岭街道办事处", "伍家岭街道办事处"),
        ("新开镇政府", "新开镇人民政府"),
        ("岳阳县新开镇政府", "新开镇人民政府"),
        ("徐闻县前山镇人民政府", "前山镇人民政府"),
        ("重庆市铜梁区小林镇人民政府", "小林镇人民政府"),
        ("前山镇", "前山镇人民政府"),
        ("某某乡政府", "某某乡人民政府"),
        ("泾县溪口镇人民政府", "溪口镇人民政府"),  # one-character county names
        ("唐县峪口乡", "峪口乡人民政府"),
        # a 区 that is part of the name is not a prefix
        ("高新区街道办事处", "高新区街道办事处"),
        ("城关镇", "城关镇人民政府"),
        (None, None),
        ("  ", None),
    ],
)
def test_canonical_unit_name(written, key):
    assert canonical_unit_name(written) == key


def test_documents_naming_a_unit_differently_meet_in_the_warehouse(tmp_path):
    from test_schemas import make_result, make_workbook_result

    from pipeline.warehouse import load_results, run_query

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "report.txt").write_text("r", encoding="utf-8")
    (raw / "tables.xlsx").write_text("w", encoding="utf-8")
    report = make_result(raw / "report.txt")  # names 伍家岭街道
    workbook = make_workbook_result(raw / "tables.xlsx")
    workbook.set("unit_name", "长沙市开福区伍家岭街道办事处")
    db = tmp_path / "wh.duckdb"
    load_results([report, workbook], db)
    assert run_query("SELECT unit_name FROM units", db)["unit_name"].tolist() == [
        "伍家岭街道办事处"
    ]
    metrics = run_query("SELECT report_file, workbook_file FROM unit_year_metrics", db)
    assert metrics.values.tolist() == [["report.txt", "tables.xlsx"]]
    written = run_query("SELECT unit_name_as_written FROM report_facts ORDER BY source_id", db)[
        "unit_name_as_written"
    ].tolist()
    assert written == ["伍家岭街道", "长沙市开福区伍家岭街道办事处"]


def test_real_documents_of_one_unit_meet_on_its_code_and_namesakes_stay_apart(tmp_path):
    """Extracted for real: a report writing 伍家岭街道 and a workbook writing the full chain
    land on one unit (its division code); two 城关镇 of different counties stay two."""
    from workbook_factory import seed_workbook

    from pipeline.ingest import ingest_folder
    from pipeline.warehouse import run_query

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "report.txt").write_text(
        "伍家岭街道2022年度部门整体支出绩效自评报告\n一、部门概况\n伍家岭街道办事处位于开福区。",
        encoding="utf-8",
    )
    seed_workbook(raw, "tables.xlsx")  # 编制单位：长沙市开福区伍家岭街道办事处
    for county in ("清丰县", "南乐县"):  # 城关镇 exists in both (濮阳市)
        (raw / f"{county}.txt").write_text(
            f"{county}城关镇人民政府2022年度部门决算\n一、部门概况\n正文。", encoding="utf-8"
        )
    db = tmp_path / "wh.duckdb"
    ingest_folder(raw, db)
    units = run_query("SELECT unit_key, unit_name, district FROM units ORDER BY unit_key", db)
    assert units.values.tolist() == [
        ["410922100000", "城关镇人民政府", "清丰县"],
        ["410923100000", "城关镇人民政府", "南乐县"],
        ["430105006000", "伍家岭街道办事处", "开福区"],
    ]
    superseded = run_query("SELECT count(*) AS n FROM source_files WHERE status = 'superseded'", db)
    assert superseded["n"].iloc[0] == 0
    metrics = run_query("SELECT report_file, workbook_file FROM unit_year_inputs", db)
    assert ["report.txt", "tables.xlsx"] in metrics.values.tolist()
