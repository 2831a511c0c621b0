"""Where each exported figure comes from: file, heading path or sheet!cell, and the sentence.

A metric is traced to the inputs it is computed from (DOMAIN §5), each input to the document
`unit_year_inputs` took it from (its *_source column and source ids) and then to that
document's row in `report_figures` (or the three lines of the 三公 table).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.export.data import ExportData

#: Inputs of each metric, as `unit_year_metrics` computes it (prior year: the same input a year back).
METRIC_INPUTS: dict[str, tuple[str, ...]] = {
    "final_total_wan": ("final_total",),
    "budget_at_start_wan": ("budget_at_start",),
    "basic_wan": ("basic",),
    "project_wan": ("project",),
    "staff_in_post": ("staff_in_post",),
    "three_public_wan": ("three_public",),
    "execution_ratio_pct": ("final_total", "budget_at_start"),
    "budget_deviation_pct": ("final_total", "budget_at_start"),
    "basic_share_pct": ("basic", "final_total"),
    "project_share_pct": ("project", "final_total"),
    "per_staff_wan": ("final_total", "staff_in_post"),
    "personnel_share_pct": ("personnel", "office"),
    "three_public_change_pct": ("three_public", "three_public@prior"),
    "final_total_change_pct": ("final_total", "final_total@prior"),
}
#: The report_figures field each input is read from, per source document type.
INPUT_FIELDS: dict[str, dict[str, str]] = {
    "final_total": {"report": "final_total_wan", "workbook": "expenditure_total_wan"},
    "budget_at_start": {"report": "budget_at_start_wan", "form": "budget_at_start_wan"},
    "basic": {"report": "basic_wan", "workbook": "gpb_basic_wan"},
    "project": {"report": "project_wan", "workbook": "gpb_project_wan"},
    "staff_in_post": {"report": "staff_in_post"},
    "personnel": {"workbook": "personnel_wan"},
    "office": {"workbook": "office_wan"},
}
#: Which *_source column of unit_year_inputs says where an input came from (else fixed).
SOURCE_COLUMNS = {
    "final_total": "final_total_source",
    "budget_at_start": "budget_at_start_source",
    "basic": "basic_source",
    "project": "project_source",
}
FIXED_SOURCE = {
    "staff_in_post": "report",
    "personnel": "workbook",
    "office": "workbook",
    "three_public": "workbook",
}
INPUT_LABELS = {
    "final_total": "决算数",
    "budget_at_start": "年初预算数",
    "basic": "基本支出",
    "project": "项目支出",
    "staff_in_post": "在职人数",
    "personnel": "人员经费",
    "office": "公用经费",
    "three_public": "三公经费",
}
_SOURCE_IDS = {
    "report": "report_source_id",
    "workbook": "workbook_source_id",
    "form": "form_source_id",
}


@dataclass(frozen=True)
class Origin:
    """One input figure as a document states it."""

    label: str
    year: int
    value: float | None
    file: str
    locator: str
    sentence: str
    kind: str = "wan"  # how to print the value: wan (two decimals) or count


def _text(value: object) -> str:
    """A text cell of a frame; '' for None or NaN."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


class Provenance:
    """Looks up the origins of figures in one export's data."""

    def __init__(self, data: ExportData) -> None:
        self.inputs = data.frames["inputs"].set_index(["unit_key", "year"])
        self.figures = data.figures.set_index(["source_id", "field"])
        self.lines = data.three_public

    def _source_id(self, row: pd.Series, source: str | None) -> int | None:
        column = _SOURCE_IDS.get(source or "")
        value = row.get(column) if column else None
        return int(value) if value is not None and pd.notna(value) else None

    def input_origins(self, unit_key: str, year: int, name: str) -> list[Origin]:
        """Where one input of one unit-year was read (several rows for the 三公 lines)."""
        if (unit_key, year) not in self.inputs.index:
            return []
        row = self.inputs.loc[(unit_key, year)]
        source = row.get(SOURCE_COLUMNS[name]) if name in SOURCE_COLUMNS else FIXED_SOURCE[name]
        sid = self._source_id(row, source if isinstance(source, str) else None)
        if sid is None:
            return []
        label = f"{INPUT_LABELS[name]}（{year}年）"
        if name == "three_public":
            lines = self.lines[self.lines["source_id"] == sid]
            return [
                Origin(
                    f"{label} {_text(r.name) or r.line}",
                    year,
                    r.final_wan,
                    _text(r.file_name),
                    _text(r.locator),
                    _text(r.sentence),
                )
                for r in lines.itertuples()
            ]
        field = INPUT_FIELDS[name].get(source)
        if field is None or (sid, field) not in self.figures.index:
            return []
        fig = self.figures.loc[(sid, field)]
        if isinstance(fig, pd.DataFrame):
            fig = fig.iloc[0]
        return [
            Origin(
                label,
                year,
                fig["value_num"],
                str(fig["file_name"]),
                str(fig["locator"] or ""),
                str(fig["sentence"] or ""),
            )
        ]

    def metric_origins(self, unit_key: str, year: int, metric: str) -> list[Origin]:
        """Origins of every input of a metric (empty for metrics with no single source)."""
        out: list[Origin] = []
        for name in METRIC_INPUTS.get(metric, ()):
            base, _, prior = name.partition("@")
            out += self.input_origins(unit_key, year - 1 if prior else year, base)
        return out
