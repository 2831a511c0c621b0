"""The check stage: accounting identities and consistency checks over an extraction.

Run after extraction (pipeline.extract.extract_file calls it as its own step): a report's
identities (categories, projects, gap, change), a workbook's and a form's (hierarchy,
summary balance, 三公, scores). Each check result, passed or not, is kept.
"""

from __future__ import annotations

from pipeline.models import ExtractionResult


def run_checks(result: ExtractionResult) -> ExtractionResult:
    """Add the checks its document type has to an extraction; returns it."""
    from pipeline.checks.report import check_report
    from pipeline.checks.workbook import check_workbook

    if result.doc_type == "performance_report":
        result.checks.extend(check_report(result))
    elif (
        result.records.get("account_lines")
        or result.records.get("form_funding")
        or (result.records.get("form_indicators") or result.records.get("three_public_lines"))
    ):
        result.checks.extend(check_workbook(result))
    return result
