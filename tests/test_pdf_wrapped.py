"""Text copied from a PDF: hard wraps every 30–40 characters and page furniture.

Every figure read from a wrapped copy must equal the figure read from the original or be
missing, never differ; normal documents must read exactly as before.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipeline.extract import extract_file
from pipeline.normalize import is_page_furniture, normalize_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "reports"  # beside the clone in CI; may be absent
SEED = ROOT / "raw" / "wujialing_2022_seed.txt"  # the repo's copy of the real seed
FULL = ROOT / "tests" / "fixtures" / "invented_full"
EXCERPTS = ROOT / "tests" / "fixtures" / "invented_excerpts"


def pdf_wrap(
    text: str,
    width: int,
    *,
    per_page: int = 38,
    furniture: str = "dash",
    by_chars: bool = False,
    indent: bool = False,
) -> str:
    """Lay text out like a PDF copy: lines cut at `width` columns (a CJK character takes 2,
    or every character 1 with `by_chars`), a page number and the title repeated between pages."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    lines: list[str] = []
    for para in paragraphs:
        cur, used = ("\u3000\u3000", 4) if indent else ("", 0)
        for ch in para:
            w = 1 if by_chars else (2 if unicodedata.east_asian_width(ch) in "WF" else 1)
            if used + w > width:
                lines.append(cur)
                cur, used = "", 0
            cur += ch
            used += w
        lines.append(cur)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    out: list[str] = []
    for k, page in enumerate(pages, 1):
        if k > 1:
            out.append(paragraphs[0])  # running header: the report title
        out.extend(page)
        out.append(f"- {k} -" if furniture == "dash" else f"第 {k} 页 共 {len(pages)} 页")
        out.append("")
    return "\n".join(out)


def _contract(path: Path) -> dict:
    return extract_file(path).to_contract()


def _differences(original: dict, wrapped: dict) -> list[str]:
    """Fields and projects the wrapped copy reads differently (missing is allowed)."""
    bad = []
    for key in set(original) | set(wrapped):
        if key in ("file", "issues", "projects"):
            continue
        if wrapped.get(key) is not None and wrapped.get(key) != original.get(key):
            bad.append(f"{key}: {original.get(key)!r} -> {wrapped.get(key)!r}")
    before = {p["name"]: p["amount_wan"] for p in original.get("projects") or []}
    for p in wrapped.get("projects") or []:
        if before.get(p["name"]) != p["amount_wan"]:
            bad.append(f"project {p['name']}: {before.get(p['name'])!r} -> {p['amount_wan']}")
    return bad


DOCS = [
    SEED,
    *(
        p
        for p in (
            CORPUS / "real_01_furong_wenyilu_2020.txt",
            CORPUS / "real_03_xuwen_qianshan_2024.txt",
        )
        if p.exists()
    ),
    *sorted(FULL.glob("*.txt")),
    *(
        EXCERPTS / name
        for name in (
            "invented_02_sc_chengdu_jinjiang_shuyuan_2023.txt",
            "invented_04_hn_shaoyang_longhui_xiaoxi_2022.txt",
            "invented_14_sc_meishan_pengshan_qinglong_2022.txt",
            "invented_18_js_nanjing_gulou_hunanlu_2023_yuan.txt",
            "invented_22_hn_hengyang_zhengxiang_huaxin_2022.txt",
        )
    ),
]
LAYOUTS = [
    {"width": 60},
    {"width": 68, "furniture": "page", "indent": True},
    {"width": 80},
    {"width": 34, "by_chars": True},
]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name[:24])
def test_wrapped_copy_never_reads_a_different_value(path, tmp_path):
    original = _contract(path)
    text = path.read_text(encoding="utf-8")
    for layout in LAYOUTS:
        copy = tmp_path / f"wrapped_{layout['width']}.txt"
        copy.write_text(pdf_wrap(text, **layout), encoding="utf-8")
        wrapped = _contract(copy)
        assert _differences(original, wrapped) == [], layout


def test_seed_wrapped_reads_every_figure():
    original = _contract(SEED)
    copy_text = pdf_wrap(SEED.read_text(encoding="utf-8"), 60, furniture="page", indent=True)
    tmp = Path("/tmp") / "pdf_wrapped_seed_test.txt"
    tmp.write_text(copy_text, encoding="utf-8")
    try:
        wrapped = _contract(tmp)
    finally:
        tmp.unlink()
    assert {k: v for k, v in wrapped.items() if k not in ("file", "issues")} == {
        k: v for k, v in original.items() if k not in ("file", "issues")
    }


PARAGRAPH = (
    "2022年一般公共预算支出基本支出2,400.49万元，比上年增加189.86万元，增长8.59%，"
    "主要原因是工作人员工资福利待遇按财政统一标准调整。项目支出2910.23万元，"
    "比上年减少228.24万元，下降7.27%。年初预算数为3338.72万元，决算数为5437.72万元，"
    "全年预算数为38,615,240.00元，辖区共有社区12个，在职人员59人，退休干部47人。"
)
AMOUNTS = (
    "2400.49万元",
    "189.86万元",
    "8.59%",
    "2910.23万元",
    "228.24万元",
    "7.27%",
    "3338.72万元",
    "5437.72万元",
    "38615240.00元",
    "社区12个",
    "59人",
    "47人",
)


@pytest.mark.parametrize("width", range(50, 84, 3))
def test_numbers_split_across_lines_are_rejoined(width):
    text = normalize_text(pdf_wrap(PARAGRAPH * 3, width))
    for amount in AMOUNTS:
        assert text.count(amount) == 3, (amount, text)


def _filled(head: str, tail: str, width: int = 64) -> str:
    """A line of exactly `width` columns: head, filler characters, tail."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in head + tail)
    return head + "文" * ((width - used) // 2) + " " * ((width - used) % 2) + tail


def test_two_figures_are_never_joined_into_one():
    lines = [_filled("这是", "宽度") for _ in range(5)]
    lines += [
        _filled("两个数额分别为", "2400.49"),
        "16万元，另有说明。",
        _filled("表格中的数字列为", " 2400.4 2910.2"),
        "3万元，其后仍有说明。",
        _filled("说明", "比上年增加1"),
        "89.86万元。",
    ]
    text = normalize_text("\n".join(lines))
    assert "2400.4916" not in text
    assert "2910.23" not in text
    assert "增加189.86万元" in text


def test_headings_and_list_items_stay_on_their_own_lines():
    lines = [_filled("这是", "宽度") for _ in range(5)]
    lines += ["二、一般公共预算支出情况", _filled("这是", "宽度"), "(一)基本支出情况", "1.基本支出"]
    out = normalize_text("\n".join(lines)).splitlines()
    assert "二、一般公共预算支出情况" in out
    assert "(一)基本支出情况" in out
    assert "1.基本支出" in out


@pytest.mark.parametrize("line", ["- 3 -", "— 12 —", "第 3 页 共 12 页", "第3页", "3/12"])
def test_page_furniture(line):
    assert is_page_furniture(line)


@pytest.mark.parametrize("line", ["128", "2400.49", "一、基本情况", "3月12日"])
def test_not_page_furniture(line):
    assert not is_page_furniture(line)


def test_flattened_form_is_not_joined():
    path = CORPUS / "real_06_yueyangxian_xinkai_2021.txt"
    if not path.exists():
        pytest.skip(f"development corpus absent: {path}")
    form = path.read_text(encoding="utf-8")
    lines = normalize_text(form).splitlines()
    assert "人员编制" in lines and "128" in lines and "实有人数" in lines
