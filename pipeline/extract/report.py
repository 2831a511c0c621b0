"""Extraction of text documents (.txt/.docx): classify, then read the figures the type carries."""

from __future__ import annotations

import re

from pipeline.classify import classify
from pipeline.extract.achievements import extract_achievements, extract_texts
from pipeline.extract.categories import extract_categories
from pipeline.extract.form_text import apply_form_tables, extract_project_form
from pipeline.extract.identity import extract_identity
from pipeline.extract.projects import extract_projects
from pipeline.extract.report_tables import apply_amount_tables, apply_staff_tables
from pipeline.extract.sections import Sections
from pipeline.extract.staff import (
    extract_organisation,
    extract_staff,
    extract_unit_communities,
)
from pipeline.extract.statement_categories import extract_statement_categories
from pipeline.extract.targets import extract_targets
from pipeline.extract.totals import extract_budget_total, extract_totals, scan_lost_digits
from pipeline.extract.year import extract_year
from pipeline.models import Document, ExtractionResult
from pipeline.normalize import normalize_opening

#: A number a prose line ends on (支出合计1), with no unit or punctuation after it; a line
#: that is only a table value ('项目支出 | 2910.23', a flattened cell) is complete.
_TRAILING_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff:])\s*\d[\d.,]*$")


def extract_text_document(doc: Document, result: ExtractionResult) -> ExtractionResult:
    """Classify a read document and fill `result` with the figures its type carries."""
    result.encoding = doc.encoding
    opening = normalize_opening(doc.raw_text) if doc.raw_text else doc.text
    result.doc_type, result.doc_type_reason = classify(doc, opening)
    text = _without_truncated_number(doc.text, result)
    secs = Sections(text)
    extract_year(text, secs, result, opening)
    extract_identity(text, secs, result, opening)
    scan_lost_digits(secs, result)
    kind = result.doc_type
    if kind == "performance_report":
        extract_staff(secs, result)
        apply_staff_tables(secs, result)
        extract_organisation(secs, result)
        extract_totals(secs, result)
        extract_categories(secs, result)
        extract_projects(secs, result)
        apply_amount_tables(secs, result)
        extract_targets(secs, result)
        extract_achievements(secs, result)
        extract_texts(secs, result)
    elif kind in ("final_accounts_statement", "performance_form"):
        # Staff and the stated total are comparable with a report; a statement's categories
        # are read only from its appropriation figures (its 本年支出合计 split covers other funds).
        extract_staff(secs, result)
        apply_staff_tables(secs, result)
        extract_organisation(secs, result)
        if kind == "final_accounts_statement":
            extract_totals(secs, result)
            result.figures.pop("budget_at_start_wan", None)
            extract_statement_categories(secs, result)
        else:
            apply_form_tables(secs, result)
    elif kind == "budget_statement":
        # staff and communities as the unit planned them; the total budget is its budget at
        # the start of the year (none of its figures is an outturn)
        extract_staff(secs, result)
        apply_staff_tables(secs, result)
        extract_organisation(secs, result)
        extract_budget_total(secs, result)
    elif kind == "project_evaluation":
        extract_unit_communities(secs, result)
        extract_project_form(secs, result)
    _drop_empty(result)
    return result


def _without_truncated_number(text: str, result: ExtractionResult) -> str:
    """The text without a number it ends on: an excerpt cut mid-number ('实有人数9' of 92)
    would otherwise be read as a whole figure. Offsets before the cut are unchanged."""
    m = _TRAILING_NUMBER.search(text)
    if m is None:
        return text
    result.add_issue(
        "truncated",
        f"文本止于数字中间，末尾数字未读取 text ends mid-number, '{m.group(0)}' not read",
        "info",
    )
    return text[: m.start()]


def _drop_empty(result: ExtractionResult) -> None:
    """Empty figures stay only when they carry a note (an unsure figure is flagged, not lost)."""
    for name in [n for n, f in result.figures.items() if f.value is None and not f.note]:
        del result.figures[name]
