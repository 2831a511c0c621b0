"""Excel reader: grids anchored at A1, merges, hidden rows and sheets, .xls, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from workbook_factory import sheet_workbook

from pipeline.readers import ReadError
from pipeline.readers.excel import a1, column_letter, read_workbook, xlsx_hidden_rows

XLS = Path(__file__).resolve().parent / "fixtures" / "sample_xls_final_accounts.xls"


def test_column_letters_and_addresses():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
    assert a1(6, 2) == "C7"


def test_grid_is_anchored_at_a1_with_merges_and_hidden_rows(tmp_path):
    path = sheet_workbook(
        tmp_path / "g.xlsx",
        {"表": [[None], [None, None, "标题"], [None, "2010301", 12.5], [None, "x", None, 7]]},
        merges={"表": ["C2:D2"]},
        hidden_rows={"表": [3]},
    )
    grid = read_workbook(path)
    sheet = grid.sheets[0]
    assert grid.format == "xlsx" and sheet.name == "表"
    assert sheet.value(1, 2) == "标题" and sheet.address(1, 2) == "表!C2"
    assert sheet.value(2, 1) == "2010301" and sheet.value(2, 2) == 12.5
    assert sheet.value(1, 3) == "" and sheet.filled(1, 3) == "标题"
    assert sheet.is_merge_follower(1, 3) and not sheet.is_merge_follower(1, 2)
    assert sheet.hidden_rows == {2}
    assert sheet.row_is_blank(0) and not sheet.row_is_blank(3)
    assert sheet.value(99, 99) == ""


def test_hidden_sheet_is_flagged(tmp_path):
    path = sheet_workbook(tmp_path / "h.xlsx", {"a": [["x"]], "b": [["y"]]}, hidden_sheets=("b",))
    sheets = {s.name: s for s in read_workbook(path).sheets}
    assert not sheets["a"].hidden and sheets["b"].hidden


def test_hidden_rows_scan_maps_sheet_names(tmp_path):
    path = sheet_workbook(
        tmp_path / "m.xlsx",
        {"一": [["a"], ["b"]], "二&<三>": [["c"], ["d"], ["e"]]},
        hidden_rows={"二&<三>": [2, 3]},
    )
    assert xlsx_hidden_rows(path) == {"一": set(), "二&<三>": {1, 2}}


def test_legacy_xls_fixture_reads_with_merges():
    grid = read_workbook(XLS)
    assert grid.format == "xls" and not grid.hidden_rows_supported
    names = [s.name for s in grid.sheets]
    assert names == [
        "公开03表支出决算表",
        "公开05表一般公共预算财政拨款支出决算表",
        "公开07表三公经费",
        "填表说明",
    ]
    sheet = grid.sheets[0]
    assert sheet.value(0, 0) == "支出决算表"
    assert ((2, 2), (2, 4)) in sheet.merged
    assert sheet.filled(2, 3) == "本年支出"
    assert sheet.value(6, 0) == 201.0  # a code stored as a number


@pytest.mark.parametrize(
    ("name", "content"),
    [("bad.xlsx", b"this is not a zip"), ("bad.xls", b"garbage"), ("empty.xlsx", b"")],
)
def test_corrupt_file_raises_read_error_in_both_languages(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_workbook(path)
    msg = str(info.value)
    assert "无法读取工作簿" in msg and "cannot read workbook" in msg and name in msg


def test_truncated_xlsx_raises_read_error(tmp_path):
    good = sheet_workbook(tmp_path / "good.xlsx", {"a": [["x"]]})
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(good.read_bytes()[:400])
    with pytest.raises(ReadError):
        read_workbook(bad)


def test_missing_file_and_wrong_suffix(tmp_path):
    with pytest.raises(ReadError, match="cannot open file"):
        read_workbook(tmp_path / "nope.xlsx")
    (tmp_path / "a.csv").write_text("x")
    with pytest.raises(ReadError, match="not an Excel workbook"):
        read_workbook(tmp_path / "a.csv")
