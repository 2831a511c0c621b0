"""Invented opening excerpts of real-world layouts, scored with the shared scoring rules."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from pipeline.extract import extract_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "invented_excerpts"
SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"
#: Recall reached on these excerpts; a change may raise it, never lower it.
MIN_RECALL = 0.977


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


def test_invented_excerpts_precision_and_recall():
    sc = _scorer()
    truth = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))
    assert all(t["file"].startswith("invented_") for t in truth)
    correct, extracted, expected, wrong = _score(sc, truth)
    assert wrong == [], "wrong values:\n" + "\n".join(wrong)
    assert correct == extracted
    assert correct / expected >= MIN_RECALL, f"recall {correct}/{expected}"


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
