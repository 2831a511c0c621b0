"""Each correction row judged against the warehouse: the document version its hash names,
stale when that version is no longer current (or the figure moved), conflicting when two
rows disagree on one figure, and validated like an extracted figure (the report_figures
pandera model, amounts within MAX_AMOUNT_WAN) before it may apply."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.config import MAX_AMOUNT_WAN
from pipeline.metadata.figures import BY_NAME as FIGURES
from pipeline.review.corrections import CHECK_PREFIX
from pipeline.schemas import validate_frame

#: Offset of an analyst row's row_no when the document has no extracted row for the figure.
NEW_ROW_BASE = 1_000_000


def _documents(con: duckdb.DuckDBPyConnection, shas: list[str]) -> pd.DataFrame:
    """The version each hash names (a current one first) and the current version now."""
    return con.execute(
        """WITH named AS (
               SELECT sha256, source_id, file_name, path, unit_key, year, doc_type,
                      is_current AND load_status IN ('loaded', 'flagged') AS live
               FROM source_files WHERE list_contains($shas, sha256)
               QUALIFY row_number() OVER (PARTITION BY sha256
                                          ORDER BY is_current DESC, source_id DESC) = 1)
           SELECT n.*, c.source_id AS current_id, c.sha256 AS current_sha256
           FROM named AS n
           LEFT JOIN source_files AS c
             ON c.is_current AND c.load_status IN ('loaded', 'flagged')
            AND (c.path = n.path OR (c.unit_key = n.unit_key AND c.year = n.year
                                     AND c.doc_type = n.doc_type))
           QUALIFY row_number() OVER (PARTITION BY n.sha256
                                      ORDER BY (c.path = n.path) DESC, c.source_id DESC) = 1""",
        {"shas": shas},
    ).df()


def extracted_figures(con: duckdb.DuckDBPyConnection, ids: list[int]) -> pd.DataFrame:
    """Extracted figure rows of these versions (provenance the analyst row keeps)."""
    return con.execute(
        """SELECT source_id, field AS figure, row_no, unit, locator AS fig_locator, sentence,
                  char_start, char_end,
                  coalesce(CAST(value_num AS VARCHAR), value_text) AS extracted_value
           FROM report_figures
           WHERE source = 'extracted' AND list_contains($ids, source_id)""",
        {"ids": ids},
    ).df()


def _current_values(con: duckdb.DuckDBPyConnection, ids: list[int]) -> pd.DataFrame:
    return con.execute(
        """SELECT source_id AS current_id, field AS figure,
                  coalesce(CAST(value_num AS VARCHAR), value_text) AS current_value
           FROM report_figures_effective WHERE list_contains($ids, source_id)""",
        {"ids": ids},
    ).df()


def judge(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with source_id, file_name, old_value, current_value and their status:
    applied, confirmed, stale or rejected, each with its message."""
    out = frame.copy()
    for c in ("source_id", "file_name", "old_value", "current_value"):
        out[c] = None
    if out.empty:
        return out
    todo = out["status"] == ""
    docs = _documents(con, sorted(set(out.loc[todo, "source_sha256"])))
    docs = docs.set_index("sha256") if len(docs) else None
    ids = [] if docs is None else [int(i) for i in docs["source_id"]]
    current = [] if docs is None else [int(i) for i in docs["current_id"].dropna()]
    figs = extracted_figures(con, ids).set_index(["source_id", "figure"])
    now = _current_values(con, current).set_index(["current_id", "figure"])
    for i in out.index[todo]:
        _judge_row(out, i, docs, figs, now)
    _conflicts(out)
    _validate(out, figs)
    return out


def _judge_row(out: pd.DataFrame, i, docs, figs: pd.DataFrame, now: pd.DataFrame) -> None:
    sha, figure = out.at[i, "source_sha256"], out.at[i, "figure"]
    if docs is None or sha not in docs.index:
        out.loc[i, ["status", "message"]] = [
            "rejected",
            f"没有内容哈希为 {sha[:12]}… 的文件 the hash matches no file in the warehouse",
        ]
        return
    doc = docs.loc[sha]
    sid = int(doc["source_id"])
    out.at[i, "source_id"], out.at[i, "file_name"] = sid, doc["file_name"]
    fig = figs.loc[(sid, figure)] if (sid, figure) in figs.index else None
    # the extracted value; once the version is replaced its facts are gone: the sheet's value
    extracted = None if fig is None or pd.isna(fig["extracted_value"]) else fig["extracted_value"]
    out.at[i, "old_value"] = extracted if extracted is not None else (out.at[i, "value"] or None)
    if not doc["live"]:
        cur = doc["current_id"]
        value = None
        if pd.notna(cur) and (int(cur), figure) in now.index:
            value = now.loc[(int(cur), figure), "current_value"]
        out.at[i, "current_value"] = value
        newer = (
            f"当前版本 current version sha256 {str(doc['current_sha256'])[:12]}…"
            if pd.notna(cur)
            else "没有当前版本 no current version"
        )
        out.loc[i, ["status", "message"]] = [
            "stale",
            f"文件已变，更正未应用 the document changed since the review, not applied: "
            f"原值 old {out.at[i, 'old_value'] or '空 empty'}, 当前值 new {value or '空 empty'} "
            f"({newer})",
        ]
        return
    locator = "" if fig is None or pd.isna(fig["fig_locator"]) else str(fig["fig_locator"])
    if not figure.startswith(CHECK_PREFIX) and fig is not None and locator != out.at[i, "locator"]:
        out.loc[i, ["status", "message"]] = [
            "stale",
            f"位置已变 the figure's locator changed: {out.at[i, 'locator']!r} → {locator!r}",
        ]
        return
    has_value = pd.notna(out.at[i, "corrected_value"])
    out.at[i, "status"] = "applied" if has_value else "confirmed"


def _conflicts(out: pd.DataFrame) -> None:
    """Two live rows for one document and figure that disagree: both rejected."""
    live = out[out["status"].isin(["applied", "confirmed"])]
    for (_sid, figure), group in live.groupby(["source_id", "figure"]):
        says = {
            (v if pd.notna(v) else None, s)
            for v, s in zip(group["corrected_value"], group["status"], strict=True)
        }
        if len(says) < 2:
            continue
        where = "; ".join(
            f"{_name(f)} 第{r}行 row {r}: {v if pd.notna(v) else '确认 confirm'}"
            for f, r, v in zip(
                group["correction_file"],
                group["correction_row"],
                group["corrected_value"],
                strict=True,
            )
        )
        out.loc[group.index, ["status", "message"]] = [
            "rejected",
            f"同一数字的更正互相矛盾，均未应用 conflicting corrections of {figure}, none applied: {where}",
        ]


def _name(path: str) -> str:
    return str(path).rsplit("/", 1)[-1]


def analyst_rows(out: pd.DataFrame, figs: pd.DataFrame) -> pd.DataFrame:
    """report_figures rows (the frame columns) for the applied value corrections."""
    rows = []
    applied = out[(out["status"] == "applied") & out["corrected_value"].notna()]
    for k, (i, r) in enumerate(applied.iterrows()):
        sid, figure = int(r["source_id"]), r["figure"]
        fig = figs.loc[(sid, figure)] if (sid, figure) in figs.index else None
        old = r["old_value"] if r["old_value"] not in (None, "") else "空 empty"
        rows.append(
            {
                "_index": i,
                "source_id": sid,
                "row_no": NEW_ROW_BASE + k if fig is None else int(fig["row_no"]),
                "field": figure,
                "value_kind": "number",
                "value_num": float(r["corrected_value"]),
                "value_text": None,
                "unit": None if fig is None else fig["unit"],
                "note": f"分析人员更正 analyst correction: {old} → {r['new_value']}",
                "locator": r["locator"] or None,
                "sentence": None if fig is None else fig["sentence"],
                "char_start": None if fig is None else fig["char_start"],
                "char_end": None if fig is None else fig["char_end"],
                "reviewer": r["reviewer"] or None,
                "review_reason": r["reason"] or None,
                "correction_file": r["correction_file"],
                "correction_row": r["correction_row"],
            }
        )
    return pd.DataFrame(rows)


def _validate(out: pd.DataFrame, figs: pd.DataFrame) -> None:
    """pandera's report_figures model and the amount bound, row by row: a failing row is rejected."""
    rows = analyst_rows(out, figs)
    if rows.empty:
        return
    for j, r in rows.iterrows():
        kind = FIGURES[r["field"]].kind
        if kind == "amount" and abs(r["value_num"]) > MAX_AMOUNT_WAN:
            out.loc[r["_index"], ["status", "message"]] = [
                "rejected",
                f"金额超出范围 amount over {MAX_AMOUNT_WAN:g} 万元: {r['value_num']}",
            ]
            rows = rows.drop(index=j)
    frame = rows.drop(
        columns=["_index", "reviewer", "review_reason", "correction_file", "correction_row"]
    )
    # one pseudo document per row, so pandera rejects exactly the failing rows
    frame = frame.assign(source_id=range(len(frame))).reset_index(drop=True)
    for c in ("row_no", "char_start", "char_end"):
        frame[c] = pd.array(frame[c], dtype="Int64")
    for c in ("value_num",):
        frame[c] = pd.array(frame[c], dtype="Float64")
    for c in ("value_text", "unit", "note", "locator", "sentence"):
        frame[c] = frame[c].astype("object")
    _, failures = validate_frame("report_figures", frame)
    for pseudo, group in failures.groupby("source_id"):
        i = rows.iloc[int(pseudo)]["_index"]
        why = "; ".join(
            f"{c}: {f}" for c, f in zip(group["check"], group["failure_case"], strict=True)
        )
        out.loc[i, ["status", "message"]] = [
            "rejected",
            f"更正值未通过模式校验 fails the schema: {why}",
        ]
