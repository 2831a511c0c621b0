"""Plain data carried from readers through extraction to the warehouse."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Document types (see ../shared/corpus/README.md).
DOC_TYPES = (
    "performance_report",
    "performance_form",
    "project_evaluation",
    "final_accounts_statement",
    "fiscal_report",
    "budget_statement",
    "final_accounts_workbook",
    "unknown",
    "unreadable",
)

#: Scalar fields of the `extract` contract, in output order.
REPORT_FIELDS = (
    "unit_name",
    "district",
    "city",
    "year",
    "staff_in_post",
    "retirees",
    "communities_count",
    "budget_at_start_wan",
    "final_total_wan",
    "basic_wan",
    "project_wan",
    "gov_fund_wan",
    "state_capital_wan",
    "social_insurance_wan",
    "other_wan",
)

#: The six expenditure categories of a report, in the order reports state them.
EXPENDITURE_CATEGORIES = (
    "basic",
    "project",
    "gov_fund",
    "state_capital",
    "social_insurance",
    "other",
)


@dataclass
class Provenance:
    """Where a figure was read: a heading path or sheet!cell, the sentence or cell text, offsets."""

    locator: str = ""
    sentence: str = ""
    start: int | None = None
    end: int | None = None


@dataclass
class Figure:
    """One scalar figure; value None means not found or not sure (then `note` says why)."""

    name: str
    value: Any = None
    unit: str | None = None
    provenance: Provenance = field(default_factory=Provenance)
    note: str | None = None


@dataclass
class Issue:
    """Something an analyst should know about a document (extraction doubt, read problem)."""

    check: str
    severity: str  # "error" | "warning" | "info"
    message: str


@dataclass
class CheckResult:
    """Outcome of one identity or consistency check on one document."""

    check: str
    passed: bool
    message: str
    severity: str = "error"
    expected: float | None = None
    actual: float | None = None
    locator: str = ""

    @property
    def difference(self) -> float | None:
        """actual − expected when both are known."""
        if self.expected is None or self.actual is None:
            return None
        return round(self.actual - self.expected, 6)


@dataclass
class Document:
    """A read document: normalized text as blocks (paragraphs / table rows) in order."""

    path: str
    text: str
    blocks: list[str] = field(default_factory=list)
    encoding: str | None = None
    raw_text: str | None = None
    #: Where each block came from ('第3页第12行' for a PDF), when the format knows more
    #: than the text does; None for .txt/.docx.
    origins: list[str] | None = None


@dataclass
class ExtractionResult:
    """Everything extracted from one file, with provenance, ready for validation and loading."""

    file: str
    sha256: str = ""
    doc_type: str = "unknown"
    doc_type_reason: str = ""
    encoding: str | None = None
    #: What the bytes are (txt, docx, doc, pdf, html, mhtml, xlsx, xls, csv …), whatever
    #: the file's extension says.
    source_format: str | None = None
    figures: dict[str, Figure] = field(default_factory=dict)
    #: Tabular facts by kind ("projects", "expenditure", "targets", "achievements",
    #: "texts", "account_lines", ...): each row a dict holding its own provenance keys
    #: (locator, sentence, start, end).
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    checks: list[CheckResult] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def value(self, name: str) -> Any:
        """The value of a scalar figure, or None."""
        fig = self.figures.get(name)
        return None if fig is None else fig.value

    def set(
        self,
        name: str,
        value: Any,
        unit: str | None = None,
        provenance: Provenance | None = None,
        note: str | None = None,
    ) -> None:
        """Record a scalar figure (value None with a note records an unsure figure)."""
        self.figures[name] = Figure(name, value, unit, provenance or Provenance(), note)

    def add_issue(self, check: str, message: str, severity: str = "warning") -> None:
        """Attach an issue to the document."""
        self.issues.append(Issue(check, severity, message))

    def failed_checks(self) -> list[CheckResult]:
        """Checks that did not pass."""
        return [c for c in self.checks if not c.passed]

    def to_contract(self) -> dict[str, Any]:
        """The JSON object the `extract` command prints for this file."""
        out: dict[str, Any] = {
            "file": self.file,
            "doc_type": self.doc_type,
            "source_format": self.source_format,
        }
        for name in REPORT_FIELDS:
            out[name] = self.value(name)
        for name, fig in self.figures.items():
            if name not in out:
                out[name] = fig.value
        out["projects"] = [
            {"name": p.get("name"), "amount_wan": p.get("amount_wan")}
            for p in self.records.get("projects", [])
        ]
        out["issues"] = [asdict(i) for i in self.issues] + [
            {"check": c.check, "severity": c.severity, "message": c.message}
            for c in self.failed_checks()
        ]
        return out
