"""Quantified achievements and whole-text sections (problems, improvements, …)."""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.extract.sections import Sections, prov_keys
from pipeline.models import ExtractionResult

_QUANTITY = re.compile(
    rf"(?<![\d.\-])(?P<val>\d+(?:\.\d+)?)\s*(?P<unit>{vocab.ACHIEVEMENT_UNITS})(?![\d{vocab.CJK}]*[年月日号])"
)
_TRIM = re.compile(vocab.ACHIEVEMENT_LABEL_TRIM)
_TEXT_KINDS = ("problems", "improvements", "results_application", "functions")


def extract_achievements(secs: Sections, result: ExtractionResult) -> None:
    """Numbers with units in the performance section, each with a short label and its sentence."""
    rows: list[dict] = []
    text = secs.text
    for s, e in secs.spans("performance"):
        for m in _QUANTITY.finditer(text, s, e):
            before = secs.clause_before(m.start())
            label = before.split("、")[-1]
            if len(label.strip()) < 4:
                label = before
            label = _TRIM.sub("", label.strip())[-24:]
            if len(label) < 2 or re.fullmatch(r"[\d\s\-.]+", label):
                continue
            unit = m.group("unit")
            rows.append(
                {
                    "indicator": label,
                    "value": float(m.group("val")),
                    "unit": unit,
                    "section": secs.locator(m.start()),
                    **prov_keys(secs.provenance(m.start(), m.end())),
                }
            )
    result.records["achievements"] = rows


def extract_texts(secs: Sections, result: ExtractionResult) -> None:
    """Problems, improvements, results application and functions, each kept whole."""
    rows: list[dict] = []
    for kind in _TEXT_KINDS:
        for s, e in secs.spans(kind, leaf=(kind == "functions")):
            body = secs.text[s:e].strip()
            if body:
                rows.append({"kind": kind, "text": body, **prov_keys(secs.provenance(s, e))})
    result.records["texts"] = rows
