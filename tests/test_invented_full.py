"""Invented full-length reports of real-world layouts, scored with the shared scoring rules."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from pipeline.extract import extract_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "invented_full"
SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"
#: Recall reached on these reports; a change may raise it, never lower it.
MIN_RECALL = 0.993


def _scorer():
    """The shared scoring script as a module (its FIELDS, same and norm_proj rules)."""
    if not SCORER.exists():
        pytest.skip(f"scoring script absent: {SCORER}")
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(sc, truth: list[dict]) -> tuple[int, int, int, list[str]]:
    """(correct, extracted, expected, wrong values) as score_extraction.py counts them."""
    correct = extracted = expected = 0
    wrong: list[str] = []
    for t in truth:
        got = extract_file(FIXTURES / t["file"]).to_contract()
        skip = set(t.get("skip", []))
        for f in sc.FIELDS:
            if f in skip or f not in t:
                continue
            tv, gv = t[f], got.get(f)
            expected += tv is not None
            extracted += gv is not None
            if tv is not None and gv is not None and sc.same(f, tv, gv):
                correct += 1
            elif gv is not None:
                wrong.append(f"{t['file']}: {f} truth={tv!r} got={gv!r}")
        if "projects" in t and "projects" not in skip:
            tp = {sc.norm_proj(p["name"]): p["amount_wan"] for p in t["projects"]}
            gp = {sc.norm_proj(p["name"]): p["amount_wan"] for p in got.get("projects") or []}
            expected += len(tp)
            extracted += len(gp)
            for name, amt in gp.items():
                if name in tp and sc.same("amount_wan", tp[name], amt):
                    correct += 1
                else:
                    wrong.append(f"{t['file']}: project {name} truth={tp.get(name)!r} got={amt}")
    return correct, extracted, expected, wrong


def test_invented_full_precision_and_recall():
    sc = _scorer()
    truth = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))
    assert all(t["file"].startswith("invented_full_") for t in truth)
    correct, extracted, expected, wrong = _score(sc, truth)
    assert wrong == [], "wrong values:\n" + "\n".join(wrong)
    assert correct == extracted
    assert correct / expected >= MIN_RECALL, f"recall {correct}/{expected}"


def _report(tmp_path, body: str):
    path = tmp_path / "r.txt"
    path.write_text(
        "2023年度东风街道办事处部门整体支出绩效自评报告\n一、基本情况\n" + body, encoding="utf-8"
    )
    return extract_file(path)


def test_difference_from_budget_is_not_the_budget(tmp_path):
    result = _report(tmp_path, "四、存在的问题\n决算数超过年初预算752.94万元。\n")
    assert result.value("budget_at_start_wan") is None


def test_label_then_none_is_zero(tmp_path):
    body = "二、支出情况\n4.国有资本经营预算支出:无。\n5.其他支出:无。\n"
    result = _report(tmp_path, body)
    assert result.value("state_capital_wan") == 0.0
    assert result.value("other_wan") == 0.0


def test_project_line_reads_actual_not_budget(tmp_path):
    body = (
        "二、支出情况\n2.项目支出1000.00万元,具体如下:\n"
        "(1)社区保障经费:全年预算870.00万元,实际支出856.40万元,主要用于社区;\n"
        "(2)平安建设经费:全年预算150.00万元,实际支出143.60万元,主要用于巡防。\n"
        "3.政府性基金预算支出20.00万元。\n"
    )
    projects = _report(tmp_path, body).records["projects"]
    assert [(p["name"], p["amount_wan"]) for p in projects] == [
        ("社区保障经费", 856.4),
        ("平安建设经费", 143.6),
    ]
