"""What a chunk's load does to each document, decided in one place from the documents and
the warehouse's current state: new or reused ids, duplicates, replaced path versions,
re-deliveries judged regressed or revising, and the conflicts between two versions.

Re-delivery rule (issue 10). A document re-delivered for a unit, year and document type
that already has a current version is **regressed** — loaded, kept as history, not made
current — when, against that current version, it
  (a) states less than half as much (numeric figures and fact rows, validate.states_figures),
  (b) fails an identity check the current version passes, or
  (c) is under REGRESSED_SIZE_SHARE of its size in the same format (a fragment), or
  (d) has extraction errors (cells or passages it cannot read) where the current has none.
Otherwise it becomes current and the older version is superseded; each figure both state
with different values is a `conflict` check of the new version, which is then flagged as
revised, so an analyst sees every revision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Document types a unit delivers once per year: a second one is a re-delivery.
REDELIVERY_DOC_TYPES = ("performance_report", "final_accounts_workbook", "final_accounts_statement")
#: A re-delivery under this share of the current version's size (same format) is a fragment.
REGRESSED_SIZE_SHARE = 0.3
#: Two amounts closer than this are the same figure (rounding to 0.01 万元).
SAME_VALUE = 0.005


@dataclass
class Doc:
    """One document as the plan sees it: a chunk document or a current one in the warehouse."""

    key: int  # batch index (chunk documents) or source_id (warehouse documents)
    path: str
    sha256: str
    file_name: str
    doc_type: str
    unit_key: str | None
    year: int | None
    status: str  # the decision: loaded | flagged | quarantined
    reason: str
    n_figures: int
    failed_checks: tuple[str, ...]
    passed_checks: tuple[str, ...]
    size_bytes: int | None
    source_format: str | None
    figures: dict[str, tuple] = field(default_factory=dict)  # field → (num, text, locator)
    source_id: int | None = None
    n_errors: int = 0


@dataclass
class Outcome:
    """The plan for one chunk document."""

    status: str  # loaded | flagged | quarantined | duplicate | regressed
    reason: str
    is_current: bool = True
    duplicate_of: int | None = None
    conflicts: list[dict] = field(default_factory=list)
    supersedes: list[int] = field(default_factory=list)  # warehouse source_ids it replaces


def loadable(doc: Doc) -> bool:
    """Its facts enter the warehouse (not quarantined)."""
    return doc.status in ("loaded", "flagged")


def regressed_reasons(new: Doc, current: Doc) -> list[str]:
    """Why `new` is clearly worse than the current version (empty when it is not)."""
    out = []
    if current.n_figures and new.n_figures * 2 < current.n_figures:
        out.append(f"数字少于一半 states {new.n_figures} figures against {current.n_figures}")
    lost = sorted(set(new.failed_checks) & set(current.passed_checks))
    if lost:
        out.append(
            f"未通过当前版本通过的校验 fails what the current version passes: {', '.join(lost)}"
        )
    if (
        new.source_format == current.source_format
        and new.size_bytes is not None
        and current.size_bytes
        and new.size_bytes < REGRESSED_SIZE_SHARE * current.size_bytes
    ):
        out.append(f"仅为当前版本的片段 a fragment: {new.size_bytes} of {current.size_bytes} bytes")
    if new.n_errors and not current.n_errors:
        out.append(
            f"有无法读取的单元格或段落 {new.n_errors} extraction errors (unreadable cells), "
            "the current version has none"
        )
    return out


def conflicts(new: Doc, old: Doc) -> list[dict]:
    """One conflict per figure both versions state with different values."""
    out = []
    for name in sorted(set(new.figures) & set(old.figures)):
        (n_num, n_text, n_loc), (o_num, o_text, o_loc) = new.figures[name], old.figures[name]
        if n_num is not None and o_num is not None:
            differ = abs(n_num - o_num) > SAME_VALUE
        else:
            differ = n_text != o_text and None not in (n_text, o_text)
        if differ:
            out.append(
                {
                    "figure": name,
                    "old": o_num if o_num is not None else o_text,
                    "new": n_num if n_num is not None else n_text,
                    "old_locator": o_loc,
                    "new_locator": n_loc,
                    "old_file": old.file_name,
                }
            )
    return out


def plan_chunk(docs: list[Doc], current: dict[tuple, Doc], by_sha: dict[str, int]) -> list[Outcome]:
    """The outcome of every chunk document, in chunk order (a later one may supersede an
    earlier one of the same chunk). Every doc has its source_id already; `current` maps
    (unit_key, year, doc_type) to the warehouse's current version, `by_sha` a content hash
    to the source_id holding it under another path."""
    current = dict(current)
    seen_sha: dict[str, int] = dict(by_sha)
    outcomes: list[Outcome] = []
    for doc in docs:
        first = seen_sha.get(doc.sha256)
        if doc.sha256 and first is not None and first != doc.source_id:
            outcomes.append(
                Outcome(
                    "duplicate",
                    f"与已有文件内容相同，未重复加载 byte-identical to source_id {first}",
                    is_current=False,
                    duplicate_of=first,
                )
            )
            continue
        if doc.sha256 and doc.source_id is not None:
            seen_sha[doc.sha256] = doc.source_id
        outcomes.append(_judge(doc, current))
    return outcomes


def _judge(doc: Doc, current: dict[tuple, Doc]) -> Outcome:
    """A loadable re-delivery against the current version of its unit-year."""
    out = Outcome(doc.status, doc.reason, is_current=True)
    if not loadable(doc) or doc.doc_type not in REDELIVERY_DOC_TYPES:
        return out
    if not doc.unit_key or doc.year is None:
        return out
    group = (doc.unit_key, doc.year, doc.doc_type)
    old = current.get(group)
    if old is None or (old.path == doc.path and old.sha256 == doc.sha256):
        current[group] = doc
        return out
    why = regressed_reasons(doc, old)
    if why:
        reason = f"比当前版本差，未取代 regressed against {old.file_name}: " + "; ".join(why)
        return Outcome("regressed", reason, is_current=False)
    out.conflicts = conflicts(doc, old)
    if out.conflicts:
        revised = (
            f"修订 revised: {len(out.conflicts)} figures differ from {old.file_name} "
            f"({', '.join(c['figure'] for c in out.conflicts[:5])})"
        )
        out.status = "flagged"
        out.reason = f"{doc.reason} | {revised}" if doc.reason else revised
    if old.source_id is not None and old.source_id != doc.source_id:
        out.supersedes.append(old.source_id)
    current[group] = doc
    return out
