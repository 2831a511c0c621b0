"""Score extraction over a fixture folder with the shared scoring rules (../shared/tools)."""

import importlib.util
import json
from pathlib import Path

import pytest

from pipeline.extract import extract_file

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"


def scorer():
    """The shared scoring script as a module (its FIELDS, same and norm_proj rules)."""
    if not SCORER.exists():
        pytest.skip(f"scoring script absent: {SCORER}")
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_folder(folder: Path) -> tuple[int, int, int, list[str]]:
    """(correct, extracted, expected, wrong values) as score_extraction.py counts them."""
    sc = scorer()
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    correct = extracted = expected = 0
    wrong: list[str] = []
    for t in truth:
        got = extract_file(folder / t["file"]).to_contract()
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
