"""Document-type classification from the opening a real file has.

Real files open with a table of contents, site metadata, a cover page, a notice or a form
run into one line, so the type is read from the opening's title-like lines (short lines,
and the head of a run-on line), nothing dropped: the earliest wording that names a type
wins. Then flattened form labels, then body evidence. Otherwise `unknown`, with the reason.
"""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.models import Document

#: A flattened form shows its labels near the top; a report with an appended form does not.
FORM_HEAD_LINES = 60
#: Title-like lines: within the first lines, short, not a sentence.
_TITLE_LINES = 40
_TITLE_LINE_MAX = 80
#: A run-on line (a PDF or a form flattened into one line) is read for its first part.
_RUN_ON_HEAD = 300

_TITLE_RULES = [(t, re.compile(p)) for t, p in vocab.DOC_TYPE_TITLE]
_CITED = re.compile(vocab.DOC_TYPE_CITED)
_FISCAL_BODY = [re.compile(p) for p in vocab.FISCAL_REPORT_BODY]
_WEAK = {t: re.compile(p) for t, p in vocab.DOC_TYPE_TITLE_WEAK.items()}
_WEAK_EVIDENCE = {"fiscal_report": _FISCAL_BODY}
_BODY_RULES = (
    ("final_accounts_statement", [re.compile(p) for p in vocab.FINAL_ACCOUNTS_BODY]),
    ("budget_statement", [re.compile(p) for p in vocab.BUDGET_BODY]),
)


def _form_labels(lines: list[str]) -> list[str]:
    """Form labels that stand alone on a line (a form flattened one cell per line)."""
    labels = set(vocab.FORM_LABELS)
    return sorted({ln.strip() for ln in lines if ln.strip() in labels})


def title_text(opening: str) -> str:
    """The opening's title-like lines (and heads of run-on lines), joined by newlines."""
    out: list[str] = []
    for line in opening.split("\n")[:_TITLE_LINES]:
        if len(line) <= _TITLE_LINE_MAX and "。" not in line:
            out.append(line)
        elif len(line) > _TITLE_LINE_MAX * 2:
            out.append(line[:_RUN_ON_HEAD].split("。")[0])
    return "\n".join(out)


def title_type(title: str, body: str = "") -> tuple[str, str] | None:
    """(doc_type, wording) of the earliest type wording in the title text, not a cited one
    (a weak wording counts only with the body's evidence of its type)."""
    best: tuple[int, int, str, str] | None = None
    for order, (doc_type, rx) in enumerate(_TITLE_RULES):
        for m in rx.finditer(title):
            if _CITED.search(title, title.rfind("\n", 0, m.start()) + 1, m.start()):
                continue
            weak = _WEAK.get(doc_type)
            if (
                weak is not None
                and weak.fullmatch(m.group(0))
                and not any(rx2.search(body) for rx2 in _WEAK_EVIDENCE[doc_type])
            ):
                continue
            key = (m.start(), order, doc_type, m.group(0))
            if best is None or key < best:
                best = key
            break
    return (best[2], best[3]) if best else None


def classify(doc: Document, opening: str | None = None) -> tuple[str, str]:
    """Return (doc_type, reason) for a text document."""
    lines = doc.blocks or doc.text.splitlines()
    head = opening if opening is not None else "\n".join(lines[:FORM_HEAD_LINES])
    found = title_type(title_text(head), doc.text + "\n" + head)
    labels = _form_labels(head.split("\n")[:FORM_HEAD_LINES])
    # A report may carry an indicator table flattened one cell per line: its header cells
    # alone make a form only when the title does not name a report.
    own = [x for x in labels if x not in vocab.FORM_TABLE_LABELS]
    if len(labels) >= vocab.FORM_MIN_LABELS and (
        found is None or (own and found[0] == "performance_report")
    ):
        return (
            "performance_form",
            f"表格字段逐行出现 form labels one per line: {'、'.join(labels[:5])}",
        )
    if found is not None:
        doc_type, wording = found
        if doc_type == "final_accounts_statement" and any(
            rx.search(doc.text) for rx in _FISCAL_BODY
        ):
            return (
                "fiscal_report",
                f"标题“{wording}”且正文为全镇财政收支 township-wide fiscal wording",
            )
        return doc_type, f"标题含“{wording}” title contains '{wording}'"
    return _body_type(doc.text + "\n" + head)


def _body_type(text: str) -> tuple[str, str]:
    """No telling title (excerpts that start mid-document): the body's wording."""
    fiscal = [rx.pattern for rx in _FISCAL_BODY if rx.search(text)]
    if fiscal:
        return "fiscal_report", f"正文含全镇财政收支用语 body wording: {fiscal[0]}"
    for doc_type, rules in _BODY_RULES:
        hit = next((rx.pattern for rx in rules if rx.search(text)), None)
        if hit:
            return doc_type, f"正文含标题用语 body heading: {hit}"
    m = re.search(r"整体支出绩效|部门整体绩效", text)
    if m:
        return "performance_report", f"正文含“{m.group(0)}” body mentions '{m.group(0)}'"
    return "unknown", "未识别的文档类型：开头无文种用语 no wording naming a document type"
