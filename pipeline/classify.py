"""Document-type classification of a normalized text document."""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.models import Document

#: Lines that make up the title area.
TITLE_LINES = 8
#: A flattened form shows its labels near the top; a report with an appended form does not.
FORM_HEAD_LINES = 60

_TITLE_RULES = [(t, re.compile(p)) for t, p in vocab.DOC_TYPE_TITLE]
_FISCAL_BODY = [re.compile(p) for p in vocab.FISCAL_REPORT_BODY]
_FINAL_BODY = [re.compile(p) for p in vocab.FINAL_ACCOUNTS_BODY]


def _form_labels(lines: list[str]) -> list[str]:
    """Form labels that stand alone on a line (a form flattened one cell per line)."""
    labels = set(vocab.FORM_LABELS)
    return sorted({ln.strip() for ln in lines if ln.strip() in labels})


def classify(doc: Document) -> tuple[str, str]:
    """Return (doc_type, reason) for a text document."""
    lines = doc.blocks or doc.text.splitlines()
    title = "\n".join(lines[:TITLE_LINES])
    labels = _form_labels(lines[:FORM_HEAD_LINES])
    # A report may carry an indicator table flattened one cell per line: its header cells
    # alone make a form only when the title does not call the document a report.
    own = [x for x in labels if x not in vocab.FORM_TABLE_LABELS]
    if len(labels) >= vocab.FORM_MIN_LABELS and (own or not re.search(vocab.REPORT_TITLE, title)):
        return (
            "performance_form",
            f"表格字段逐行出现 form labels one per line: {'、'.join(labels[:5])}",
        )
    for doc_type, rx in _TITLE_RULES:
        m = rx.search(title)
        if m is None:
            continue
        if (
            doc_type == "performance_report"
            and re.search(r"项目(?:支出)?绩效", title)
            and not re.search(r"整体", title)
        ):
            continue
        if doc_type == "final_accounts_statement" and any(
            rx2.search(doc.text) for rx2 in _FISCAL_BODY
        ):
            return (
                "fiscal_report",
                f"标题“{m.group(0)}”且正文为全镇财政收支 township-wide fiscal wording",
            )
        return doc_type, f"标题含“{m.group(0)}” title contains '{m.group(0)}'"
    # No telling title (excerpts that start mid-document): look at the body.
    fiscal = [rx.pattern for rx in _FISCAL_BODY if rx.search(doc.text)]
    if fiscal:
        return "fiscal_report", f"正文含全镇财政收支用语 body wording: {fiscal[0]}"
    final = [rx.pattern for rx in _FINAL_BODY if rx.search(doc.text)]
    if final:
        return "final_accounts_statement", f"正文含决算说明标题 body heading: {final[0]}"
    m = re.search(r"整体支出绩效|部门整体绩效", doc.text)
    if m:
        return "performance_report", f"正文含“{m.group(0)}” body mentions '{m.group(0)}'"
    return "unknown", "未识别的文档类型 no known title or body wording"
