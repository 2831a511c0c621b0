"""Normalization: one canonical form for every variation of DOMAIN.md §2."""

from __future__ import annotations

import pytest

from pipeline.normalize import (
    cn_counts_to_digits,
    is_boilerplate,
    normalize_line,
    normalize_text,
    strip_pinyin,
    strip_thousands,
    to_halfwidth,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("２４００．４９万元", "2400.49万元"),
        ("增长８．５９％", "增长8.59%"),
        ("（一）基本支出：", "(一)基本支出:"),
        ("一、基本情况，下辖；", "一、基本情况,下辖;"),
        ("“外卖快递小哥红色之家”。", "“外卖快递小哥红色之家”。"),
    ],
)
def test_halfwidth(raw, expected):
    assert to_halfwidth(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("24,004,900.00元", "24004900.00元"),
        ("1,867.48万元", "1867.48万元"),
        ("1,756万元", "1756万元"),
        ("支出总计,867.48万元", "支出总计,867.48万元"),  # a lost digit stays visible
        ("分别为12,345", "分别为12,345"),  # not clearly one number: left alone
    ],
)
def test_thousands(raw, expected):
    assert strip_thousands(raw) == expected


def test_traditional_and_pinyin():
    raw = "岳陽(yáng)市岳陽(yáng)樓區(qū)五里牌街道辦事處2023年度決算公開"
    assert normalize_line(raw) == "岳阳市岳阳楼区五里牌街道办事处2023年度决算公开"
    assert strip_pinyin("說(shuō)明(一)") == "說明(一)"
    assert strip_pinyin("二级机构(a)") == "二级机构(a)"  # no tone mark: not pinyin


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("下辖七个社区", "下辖7个社区"),
        ("退休干部四十七人", "退休干部47人"),
        ("社区十四名退休人员", "社区14名退休人员"),
        ("内设五个内设机构", "内设5个内设机构"),
        ("一是取消职能", "一是取消职能"),
        ("第一部分", "第一部分"),
    ],
)
def test_chinese_count_numerals(raw, expected):
    assert cn_counts_to_digits(raw) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("发布时间 : 2021-04-21     来源:文艺路街道     字体大小:", True),
        ("来源:新开镇   2022-09-28 20:14", True),
        ("浏览量:1 | | | |", True),
        ("索引号:430102-000-2022-0001", True),
        ("资金来源:财政拨款,用于保障日常运转,确保各项工作顺利开展。", False),
        ("一、基本情况", False),
    ],
)
def test_boilerplate(line, expected):
    assert is_boilerplate(line) is expected


def test_toc_with_dot_leaders_and_bookmarks_removed():
    raw = "\n".join(
        [
            "目  录",
            "一、基本情况........................1",
            "二、一般公共预算支出情况…………3",
            "一、基本情况",
            "[bookmark: _GoBack]下辖7个社区。",
        ]
    )
    assert normalize_text(raw) == "一、基本情况\n下辖7个社区。"


def test_toc_block_without_leaders_is_dropped():
    raw = "\n".join(
        [
            "目录",
            "第一部分 单位概况",
            "一、部门职责",
            "第一部分 单位概况",
            "一、部门职责",
            "本部门负责辖区内公共服务。",
        ]
    )
    assert normalize_text(raw).splitlines() == [
        "第一部分 单位概况",
        "一、部门职责",
        "本部门负责辖区内公共服务。",
    ]
