"""The invented sample district: deterministic, self-consistent, labelled, truthful."""

from __future__ import annotations

import importlib.util
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.amounts import parse_number, to_wan
from pipeline.config import INVENTED_PREFIX, is_invented
from pipeline.normalize import cn_counts_to_digits, strip_pinyin, to_halfwidth, to_simplified
from samples.district import CITY_NAMES, ZERO, build_district, pct_change
from samples.report_text import (
    FULL_WIDTH_ALL,
    FULL_WIDTH_DIGITS,
    OTHER_KINDS,
    render_report,
    wan_text,
    yuan_text,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS_TRUTH = ROOT.parent / "shared" / "corpus" / "truth.json"


def _script():
    spec = importlib.util.spec_from_file_location(
        "generate_sample_district", ROOT / "scripts" / "generate_sample_district.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample_set(tmp_path_factory):
    out = tmp_path_factory.mktemp("district")
    truth = _script().generate(out, units=4, years=(2021, 2022, 2023), seed=7, plant_rate=0.3)
    return out, truth


def test_same_seed_same_bytes(tmp_path):
    gen = _script().generate
    gen(tmp_path / "a", units=3, years=(2022, 2023), seed=5)
    gen(tmp_path / "b", units=3, years=(2022, 2023), seed=5)
    gen(tmp_path / "c", units=3, years=(2022, 2023), seed=6)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:  # .docx too: zip timestamps and core properties are fixed
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "truth.json").read_bytes() != (
        tmp_path / "c" / "truth.json"
    ).read_bytes()


def test_smaller_set_is_a_prefix_of_a_larger_one():
    small = build_district(3, [2022], seed=3)
    large = build_district(12, [2022], seed=3)
    assert [u.name for u in small.units] == [u.name for u in large.units[:3]]
    assert [uy.categories for uy in small.unit_years] == [
        uy.categories for uy in large.unit_years[:3]
    ]


def test_figures_reconcile_unless_planted():
    district = build_district(40, [2021, 2022, 2023], seed=11, plant_rate=0.2)
    assert len({u.slug for u in district.units}) == 40
    assert all(u.is_invented for u in district.units)
    by_key = {(uy.unit.slug, uy.year): uy for uy in district.unit_years}
    for uy in district.unit_years:
        planted = {p["check"] for p in uy.planted}
        for amount in [
            *uy.categories.values(),
            uy.budget_at_start,
            *(p.amount_wan for p in uy.projects),
        ]:
            assert amount == amount.quantize(Decimal("0.01")) and amount >= 0
        if "categories_sum" not in planted:
            assert uy.final_total_stated == sum(uy.categories.values(), ZERO)
        project_sum = sum((p.amount_wan for p in uy.projects), ZERO)
        if "projects_sum" in planted:
            assert abs(project_sum - uy.categories["project"]) > Decimal("0.5")
        else:
            assert abs(project_sum - uy.categories["project"]) <= Decimal("0.01")
        if not planted & {"budget_gap", "categories_sum"}:
            assert uy.gap_stated == uy.final_total_stated - uy.budget_at_start
        prior = by_key.get((uy.unit.slug, uy.year - 1))
        if prior is not None:  # changes derive from the previous generated year
            assert uy.prev_categories == prior.categories
        for cat, ch in uy.changes.items():
            if cat == "basic" and planted & {"change_pct", "prior_year_change"}:
                continue
            assert ch.amount == uy.categories[cat] - uy.prev_categories[cat]
            assert ch.pct == pct_change(ch.amount, uy.prev_categories[cat])
        if "staff_parts" not in planted:
            assert uy.staff_admin + uy.staff_institution == uy.staff_in_post


def test_seed_change_rounding_matches_the_real_report():
    # 伍家岭 2022: 基本支出 2400.49, 比上年增加189.86万元, 增长8.59%
    assert pct_change(Decimal("189.86"), Decimal("2400.49") - Decimal("189.86")) == Decimal("8.59")
    assert pct_change(Decimal("38.45"), ZERO) == Decimal("100.00")


def test_yuan_conversion_is_exact():
    assert yuan_text(Decimal("2400.49")) == "24,004,900.00元"
    assert wan_text(Decimal("1867.48"), sep=True) == "1,867.48万元"
    assert wan_text(Decimal("16.00"), trim=True) == "16万元"
    rng = random.Random(0)
    for _ in range(500):
        wan = Decimal(rng.randint(0, 10**8)) / 100
        text = yuan_text(wan)
        assert to_wan(parse_number(text[:-1]), "元") == wan


def test_files_are_labelled_invented(sample_set):
    out, truth = sample_set
    files = [p for p in out.iterdir() if p.name != "truth.json"]
    assert files and all(p.name.startswith(INVENTED_PREFIX) and is_invented(p) for p in files)
    assert {t["file"] for t in truth} == {p.name for p in files}
    assert all(t["is_invented"] for t in truth)
    assert {p.suffix for p in files} == {".txt", ".docx"}


def test_truth_has_the_corpus_format(sample_set):
    out, truth = sample_set
    assert json.loads((out / "truth.json").read_text(encoding="utf-8")) == truth
    if CORPUS_TRUTH.exists():
        corpus_keys = set().union(*(t.keys() for t in json.loads(CORPUS_TRUTH.read_text("utf-8"))))
        for t in truth:
            assert corpus_keys <= t.keys()
    types = {"performance_report", *OTHER_KINDS}
    for t in truth:
        assert t["doc_type"] in types
        assert set(t["skip"]) <= set(t)
        for p in t["projects"]:
            assert set(p) == {"name", "amount_wan"}


def _amount_forms(value: float) -> list[str]:
    d = Decimal(str(value)).quantize(Decimal("0.01"))
    forms = [wan_text(d), wan_text(d, sep=True), yuan_text(d)]
    if d == d.to_integral_value():
        forms += [wan_text(d, trim=True), wan_text(d, sep=True, trim=True)]
    return forms


def test_truth_matches_the_generated_text(sample_set):
    out, truth = sample_set
    for t in truth:
        if not t["file"].endswith(".txt") or t["doc_type"] != "performance_report":
            continue
        text = (out / t["file"]).read_text(encoding="utf-8")
        # back from full-width forms, mirror copies and counts in Chinese numerals
        text = to_simplified(strip_pinyin(text)).translate(
            {v: k for k, v in FULL_WIDTH_ALL.items()}
        )
        text = cn_counts_to_digits(text.translate({v: k for k, v in FULL_WIDTH_DIGITS.items()}))
        core = t["unit_name"].removesuffix("办事处").removesuffix("人民政府")
        assert core in text and str(t["year"]) in text and t["district"] in text
        if t["city"] is None:  # an unstated city must not leak in anywhere
            assert not any(city in text for city in CITY_NAMES)
        else:
            assert t["city"] in text
        for field in ("budget_at_start_wan", "final_total_wan", "basic_wan", "project_wan"):
            if t[field] is not None:
                flat = f"\n{Decimal(str(t[field])):.2f}\n"  # a table flattened to text
                assert any(f in text for f in _amount_forms(t[field])) or flat in text, field
        for p in t["projects"]:
            assert p["name"] in text
            assert any(f in text for f in _amount_forms(p["amount_wan"])), p
        for field in ("staff_in_post", "retirees"):
            if t[field] is not None:
                assert f"{t[field]}人" in text or f"{t[field]}名" in text, field
        cats = [
            t[f"{c}_wan"]
            for c in ("basic", "project", "gov_fund", "state_capital", "social_insurance", "other")
        ]
        planted = {p["check"] for p in t["planted"]}
        if "categories_sum" not in planted and t["final_total_wan"] and t["basic_wan"]:
            total = sum(Decimal(str(c)) for c in cats if c is not None)
            assert total == Decimal(str(t["final_total_wan"])).quantize(Decimal("0.01"))


def test_docx_has_heading_styles(sample_set):
    from docx import Document

    out, truth = sample_set
    docx_files = [t["file"] for t in truth if t["file"].endswith(".docx")]
    doc = Document(str(out / docx_files[0]))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles


def test_some_docx_carry_the_figures_in_a_word_table():
    district = build_district(30, [2022], seed=2)
    rendered = [render_report(uy, 2) for uy in district.unit_years]
    with_table = [r for r in rendered if any(b.kind == "table" for b in r.blocks)]
    assert with_table and len(with_table) < len(rendered)
    for r in with_table:
        tables = [b for b in r.blocks if b.kind == "table"]
        assert all(t.only == "docx" for t in tables)
        cells = {to_halfwidth(c) for t in tables for row in t.rows for c in row}
        basic = r.truth("docx")["basic_wan"]
        if basic is not None and r.style["table"]:
            d = Decimal(str(basic))
            assert f"{d:.2f}" in cells or f"{d * 10000:,.2f}" in cells


def test_other_document_types_are_mixed_in(sample_set):
    out, truth = sample_set
    others = [t for t in truth if t["doc_type"] != "performance_report"]
    assert others
    for t in others:
        assert t["projects"] == [] and t["basic_wan"] is None
        if t["file"].endswith(".txt") and t["staff_in_post"] is not None:
            text = (out / t["file"]).read_text(encoding="utf-8")
            text = cn_counts_to_digits(to_simplified(strip_pinyin(text)))
            assert f"{t['staff_in_post']}人" in text


def test_workbooks_are_written_with_the_sample_prefix(tmp_path):
    truth = _script().generate(tmp_path, units=1, years=(2022,), seed=4, workbooks=True)
    books = [t for t in truth if t["doc_type"] == "final_accounts_workbook"]
    assert len(books) == 1 and books[0]["file"].startswith(INVENTED_PREFIX)
    assert (tmp_path / books[0]["file"]).is_file()
    report = next(t for t in truth if t["doc_type"] == "performance_report")
    assert books[0]["gov_fund_wan"] == report["gov_fund_wan"]
