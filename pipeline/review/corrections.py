"""Correction files read into one frame, row by row: the filled-in review sheet (.xlsx), or a
CSV/YAML with the same columns. A row the analyst left untouched (no corrected value, not
confirmed) is no correction; a row that cannot be read is rejected with its reason and the
good rows still count."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.hashing import file_sha256
from pipeline.metadata.figures import BY_NAME as FIGURES

#: The columns a correction file must have (the review sheet's English header row).
KEY_COLUMNS = ("source_sha256", "figure", "locator")
ANALYST_COLUMNS = ("corrected_value", "confirmed", "reason", "reviewer")
REQUIRED = (*KEY_COLUMNS, *ANALYST_COLUMNS)
#: Columns of the frame read_corrections returns.
FRAME_COLUMNS = [
    "correction_file",
    "correction_sha256",
    "correction_row",
    "row_key",
    *KEY_COLUMNS,
    "value",
    "corrected_value",
    "new_value",
    "confirmed",
    "reason",
    "reviewer",
    "status",
    "message",
]
YES = {"是", "y", "yes", "true", "1", "确认", "√", "✓"}
NO = {"否", "n", "no", "false", "0", ""}
#: Figures that are not values but may be confirmed (a check, the document type).
CHECK_PREFIX = "check:"
CONFIRM_ONLY = ("doc_type",)
NUMERIC_KINDS = ("amount", "count", "year", "pct", "number")


@dataclass(frozen=True)
class RawRow:
    """One row as the file gives it (all text), with its row number in the file."""

    row: int | None
    cells: dict[str, str]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(path: Path) -> list[RawRow]:
    """Rows below the header row that names source_sha256 (the English header of the sheet)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            header: list[str] | None = None
            out: list[RawRow] = []
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [_text(v) for v in row]
                if header is None:
                    if "source_sha256" in cells:
                        header = cells
                    continue
                if any(cells):
                    out.append(RawRow(i, dict(zip(header, cells, strict=False))))
            if header is not None:
                return out if out else []
        raise ValueError("没有含 source_sha256 表头的工作表 no sheet has a source_sha256 header")
    finally:
        wb.close()


def _csv_rows(path: Path) -> list[RawRow]:
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"缺少列 missing columns: {', '.join(missing)}")
    return [
        RawRow(i, {k: _text(v) for k, v in r.items() if k is not None})
        for i, r in enumerate(reader, start=2)
        if any(_text(v) for v in r.values())
    ]


def _yaml_rows(path: Path) -> list[RawRow]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    if isinstance(data, dict):
        data = data.get("corrections", data)
    if not isinstance(data, list):
        raise ValueError("YAML 应为更正行的列表 YAML must be a list of correction rows")
    out = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            out.append(RawRow(i, {"__bad__": repr(item)}))
            continue
        out.append(RawRow(i, {str(k): _text(v) for k, v in item.items()}))
    return out


READERS = {".xlsx": _xlsx_rows, ".csv": _csv_rows, ".yaml": _yaml_rows, ".yml": _yaml_rows}


def parse_number(text: str) -> float | None:
    """A corrected value as a number (thousands separators and full-width digits allowed)."""
    cleaned = text.replace(",", "").replace("，", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-"))
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _row_key(file: str, row: RawRow) -> str:
    content = json.dumps([file, row.row, *(row.cells.get(c, "") for c in REQUIRED)])
    return hashlib.sha256(content.encode()).hexdigest()[:32]


def _judge(cells: dict[str, str]) -> tuple[str, str, float | None, bool | None]:
    """(status, message, number, confirmed) of one row before the warehouse is consulted:
    status '' (fine so far), 'skip' (untouched) or 'rejected'."""
    if "__bad__" in cells:
        return "rejected", f"不是一行更正 not a correction row: {cells['__bad__']}", None, None
    value, confirmed = cells.get("corrected_value", ""), cells.get("confirmed", "").lower()
    if confirmed not in YES and confirmed not in NO:
        return (
            "rejected",
            f"confirmed 应为 是 或 否 must be 是 or 否, not {confirmed!r}",
            None,
            None,
        )
    is_confirmed = confirmed in YES
    if not value and not is_confirmed:
        return "skip", "", None, None
    figure = cells.get("figure", "")
    known = figure in FIGURES or figure in CONFIRM_ONLY or figure.startswith(CHECK_PREFIX)
    if not known:
        return "rejected", f"没有这个字段 no such figure: {figure!r}", None, is_confirmed
    if not cells.get("source_sha256"):
        return "rejected", "缺少 source_sha256 the content hash is empty", None, is_confirmed
    if not value:
        return "", "", None, True
    number = parse_number(value)
    if number is None:
        return "rejected", f"更正值不是数字 corrected value is not a number: {value!r}", None, None
    if figure not in FIGURES or FIGURES[figure].kind not in NUMERIC_KINDS:
        return (
            "rejected",
            f"{figure} 不是数值字段，只能确认 is not a numeric figure: confirm it (是) instead",
            None,
            is_confirmed,
        )
    return "", "", number, is_confirmed


def read_file(path: Path) -> tuple[list[dict], str | None]:
    """The rows of one correction file as dicts of FRAME_COLUMNS, and a file-level error."""
    name, sha = str(path), file_sha256(path)
    reader = READERS.get(path.suffix.lower())
    try:
        if reader is None:
            raise ValueError(f"不支持的更正文件 unsupported correction file type {path.suffix}")
        rows = reader(path)
    except Exception as exc:  # any unreadable file is one rejection, the others still apply
        return [], f"无法读取更正文件 cannot read correction file: {exc}"
    if rows and not any("__bad__" in r.cells for r in rows):
        missing = [c for c in REQUIRED if c not in rows[0].cells]
        if missing:
            return [], f"缺少列 missing columns: {', '.join(missing)}"
    out = []
    for r in rows:
        status, message, number, confirmed = _judge(r.cells)
        if status == "skip":
            continue
        cells = r.cells
        out.append(
            {
                "correction_file": name,
                "correction_sha256": sha,
                "correction_row": r.row,
                "row_key": _row_key(name, r),
                **{c: cells.get(c, "") for c in KEY_COLUMNS},
                "value": cells.get("value", ""),
                "corrected_value": number,
                "new_value": cells.get("corrected_value", ""),
                "confirmed": bool(confirmed),
                "reason": cells.get("reason", ""),
                "reviewer": cells.get("reviewer", ""),
                "status": status,
                "message": message,
            }
        )
    return out, None


def read_corrections(paths: list[Path]) -> pd.DataFrame:
    """Every correction row of these files; unreadable files give one rejected row each."""
    rows: list[dict] = []
    for path in paths:
        got, error = read_file(path)
        if error:
            rows.append(
                {
                    **dict.fromkeys(FRAME_COLUMNS, ""),
                    "correction_file": str(path),
                    "correction_sha256": file_sha256(path),
                    "correction_row": None,
                    "row_key": hashlib.sha256(f"{path}|file".encode()).hexdigest()[:32],
                    "corrected_value": None,
                    "confirmed": False,
                    "status": "rejected",
                    "message": error,
                }
            )
        rows += got
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    frame["correction_row"] = frame["correction_row"].astype("Int64")
    frame["corrected_value"] = frame["corrected_value"].astype("Float64")
    frame["confirmed"] = frame["confirmed"].astype("boolean")
    return frame
