"""The Excel comparison workbook read back with openpyxl: sheets, headers, formats, charts and
figures equal to the warehouse's; and one real LibreOffice conversion of it to PDF."""

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from pipeline.cli import main
from pipeline.export import export_xlsx
from pipeline.warehouse import run_query

LONG_SHEETS = (
    "指标排名",
    "多年序列",
    "增减核对",
    "报告与决算表核对",
    "完整度",
    "报送情况",
    "隔离与标记文件",
)


@pytest.fixture(scope="module")
def workbook_path(sample_db: Path, tmp_path_factory) -> Path:
    return export_xlsx(sample_db, out=tmp_path_factory.mktemp("xlsx") / "对比.xlsx")


@pytest.fixture(scope="module")
def wb(workbook_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(workbook_path)


def _headers(ws, row: int) -> list[str]:
    return [c.value for c in ws[row] if c.value is not None]


def _block(ws, title: str) -> tuple[int, int]:
    """(first, last) data row of the metric block whose section line starts with `title`."""
    for row in range(1, ws.max_row + 1):
        value = ws.cell(row, 1).value
        if isinstance(value, str) and value.startswith(title + " · "):
            first = row + 3
            last = first
            while ws.cell(last + 1, 2).value:
                last += 1
            return first, last
    raise AssertionError(f"no block {title}")


def test_sheets_headers_formats_and_filters(wb):
    names = wb.sheetnames
    assert names[0] == "封面"
    assert {"开福区2022", "沁川区2021", "沁川区2022", "沁川区2023", "澜汀区2023", "趋势图"} <= set(
        names
    )
    assert set(LONG_SHEETS) <= set(names)
    cover = "\n".join(str(c.value) for row in wb["封面"].iter_rows() for c in row if c.value)
    assert "数据截至" in cover and "虚构样例单位" in cover and "昶矶街道办事处" in cover
    assert "伍家岭街道办事处" in cover  # a real unit with an invented workbook is named too
    for name in LONG_SHEETS:
        ws = wb[name]
        zh, en = _headers(ws, 3), _headers(ws, 4)
        assert len(zh) == len(en) > 3, name
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in zh), (name, zh)
        assert ws.freeze_panes == "A5" and ws.auto_filter.ref.startswith("A4:"), name
    ranking = wb["指标排名"]
    assert _headers(ranking, 3)[:8] == [
        "所属区县", "年度", "指标", "区县内名次", "单位名称", "数值", "区县中位数", "z 分数",
    ]  # fmt: skip
    formats = {}
    for row in ranking.iter_rows(min_row=5, values_only=False):
        formats.setdefault(row[11].value, row[5].number_format)
    assert formats["execution_ratio_pct"] == "0.0%" and formats["final_total_wan"] == "#,##0.00"
    assert formats["staff_in_post"] == "#,##0"
    rules = [r.formula[0] for cf in ranking.conditional_formatting for r in cf.rules]
    assert any("离群" in f for f in rules) and any("ABS(" in f for f in rules)
    recon_rules = [
        r.formula[0] for cf in wb["报告与决算表核对"].conditional_formatting for r in cf.rules
    ]
    assert any("differ" in f for f in recon_rules)
    assert wb["报告与决算表核对"].column_dimensions["K"].width >= 30  # sentences fit, wrapped


def test_figures_equal_the_warehouse(wb, sample_db: Path):
    ws = wb["沁川区2022"]
    first, last = _block(ws, "预算执行率（%）")
    cells = [
        (ws.cell(r, 2).value, ws.cell(r, 3).value, ws.cell(r, 1).value)
        for r in range(first, last + 1)
    ]
    expected = run_query(
        """SELECT unit_name, value, rank_desc FROM district_comparison
           WHERE district = '沁川区' AND year = 2022 AND metric = 'execution_ratio_pct'
           ORDER BY rank_desc, unit_name""",
        sample_db,
    )
    assert [c[0] for c in cells] == list(expected["unit_name"])
    assert [c[2] for c in cells] == list(expected["rank_desc"])
    for (_, value, _), want in zip(cells, expected["value"], strict=True):
        assert value * 100 == pytest.approx(want)  # stored as a fraction, shown as 0.0%
    assert ws.cell(first, 3).number_format == "0.0%"
    totals = run_query(
        "SELECT category, total_wan FROM district_totals_by_category WHERE district = '沁川区' AND year = 2022",
        sample_db,
    ).set_index("category")["total_wan"]
    sheet = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 40) if ws.cell(r, 1).value}
    assert sheet["决算数"] == pytest.approx(totals["total"])
    assert sheet["基本支出"] == pytest.approx(totals["basic"])
    recon = wb["报告与决算表核对"]
    rows = [[c.value for c in r] for r in recon.iter_rows(min_row=5)]
    differ = [r for r in rows if r[7] and "differ" in r[7]]
    want = run_query(
        "SELECT unit_name, figure, difference FROM reconciliation WHERE status = 'differ'",
        sample_db,
    )
    assert sorted((r[1], r[6]) for r in differ) == sorted(
        zip(want["unit_name"], want["difference"], strict=True)
    )
    assert all(r[10] for r in differ) and all(
        "!" in r[12] for r in differ
    )  # sentence and sheet!cell
    quarantine = [[c.value for c in r] for r in wb["隔离与标记文件"].iter_rows(min_row=5)]
    broken = next(r for r in quarantine if r[0] == "broken_report.docx")
    assert "quarantined" in broken[1] and broken[3]


def test_native_charts_with_the_right_series(wb):
    ws = wb["沁川区2022"]
    charts = ws._charts
    titles = {c.title.tx.rich.p[0].r[0].t for c in charts}
    assert len(titles) == len(charts) >= 10  # one chart per metric
    first, last = _block(ws, "预算执行率（%）")
    chart = next(c for c in charts if c.title.tx.rich.p[0].r[0].t == "预算执行率（%）")
    assert type(chart).__name__ == "BarChart" and chart.type == "bar"
    assert chart.series[0].val.numRef.f == f"'沁川区2022'!$C${first}:$C${last}"
    assert chart.series[0].cat.strRef.f == f"'沁川区2022'!$B${first}:$B${last}"
    trends = wb["趋势图"]._charts
    series = wb["多年序列"]
    header = [c.value for c in series[3]]
    key = header.index("单位键") + 1
    units = {series.cell(r, key).value for r in range(5, series.max_row + 1)} - {None}
    assert len(trends) == len(units) and all(type(c).__name__ == "LineChart" for c in trends)
    assert all(len(c.series) == 4 for c in trends)
    col = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header.index("决算数（万元）")]
    assert all(c.series[0].val.numRef.f.startswith(f"'多年序列'!${col}$") for c in trends)


def test_export_command_and_scope(sample_db: Path, tmp_path: Path, capsys):
    out = tmp_path / "one.xlsx"
    assert main(["export", "xlsx", "--db", str(sample_db), "--district", "澜汀区", "--year", "2022",
                 "--out", str(out)]) == 0  # fmt: skip
    assert capsys.readouterr().out.strip() == str(out)
    names = openpyxl.load_workbook(out).sheetnames
    assert "澜汀区2022" in names and not [n for n in names if n.startswith("沁川区")]
    assert main(["export", "xlsx", "--db", str(sample_db), "--district", "无此区"]) == 2
    assert "nothing to export" in capsys.readouterr().err


def test_libreoffice_converts_the_workbook_to_pdf(workbook_path: Path, tmp_path: Path):
    """Opens cleanly in LibreOffice: a headless conversion to PDF succeeds (one run)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        message = "LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    profile = tmp_path / "lo-profile"  # its own profile: another soffice may be running
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(workbook_path)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / (workbook_path.stem + ".pdf")
    assert done.returncode == 0 and pdf.is_file(), done.stdout + done.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 50_000
