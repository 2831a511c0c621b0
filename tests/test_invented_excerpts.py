"""Invented opening excerpts of real-world layouts, scored with the shared scoring rules."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_file


@pytest.mark.parametrize(
    ("ending", "field"),
    [("年末实有人数9", "staff_in_post"), ("其他支出合计1", "other_wan")],
)
def test_text_ending_mid_number_is_not_read(tmp_path, ending, field):
    path = tmp_path / "cut.txt"
    path.write_text(
        "2023年度建设街道办事处部门整体支出绩效自评报告\n一、基本情况\n"
        f"街道核定编制45名,退休人员29人,{ending}",
        encoding="utf-8",
    )
    result = extract_file(path)
    assert result.value(field) is None
    assert any(i.check == "truncated" for i in result.issues)
