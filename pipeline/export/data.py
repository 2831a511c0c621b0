"""Everything the exports show, read from the warehouse views in one short read-only session.

Districts are keyed by `district_key` (the district's division code, else its name) and
labelled by `district`; units by `unit_key`. All frames are read at once and the connection
closed before any file is built, so an export never holds the warehouse for long.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.export.labels import Labels
from pipeline.models import EXPENDITURE_CATEGORIES
from pipeline.warehouse import Warehouse, WarehouseError

#: Label of the units whose documents name no district.
UNKNOWN_DISTRICT = "未知区县"
#: Expenditure categories in the order of the report's sections (DOMAIN §2).
CATEGORY_ORDER = (*EXPENDITURE_CATEGORIES, "total")

#: One query per frame. Views are read whole and joined here: the metric views are costly to
#: evaluate (district_comparison recomputes unit_year_metrics), so each is read once.
QUERIES: dict[str, str] = {
    "metrics": "SELECT * FROM unit_year_metrics",
    "reporting": "SELECT * FROM district_reporting",
    "ranking": """
        SELECT district, year, metric, metric_kind, rank_desc, unit_key, unit_name, value,
               median_value, mean_value, n_units, z_score, is_outlier, is_invented
        FROM district_comparison""",
    "by_category": "SELECT * FROM district_totals_by_category",
    "by_function": "SELECT * FROM district_totals_by_function ORDER BY class_code",
    "changes": """
        SELECT * FROM unit_year_changes
        WHERE stated_change_wan IS NOT NULL OR stated_change_pct IS NOT NULL
           OR computed_change_wan IS NOT NULL""",
    "reconciliation": "SELECT * FROM reconciliation",
    "completeness": "SELECT * FROM unit_year_completeness",
    "inputs": """
        SELECT unit_key, year, report_source_id, workbook_source_id, form_source_id,
               final_total_source, budget_at_start_source, basic_source, project_source
        FROM unit_year_inputs""",
    "quarantine": """
        SELECT s.file_name, s.status, s.doc_type, s.reason, s.path, s.loaded_at, s.unit_key,
               s.unit_name, s.year
        FROM source_files AS s
        WHERE s.is_latest_version AND s.status IN ('quarantined', 'flagged')
        ORDER BY s.status DESC, s.file_name""",
    "units": "SELECT * FROM units ORDER BY district, unit_name",
}


def _keyed(raw: dict[str, pd.DataFrame]) -> None:
    """Give the frames keyed by unit-year their district_key (and district, city) from the metrics."""
    metrics = raw["metrics"]
    where = metrics[["unit_key", "year", "district_key", "district"]]
    raw["ranking"] = (
        raw["ranking"].drop(columns=["district"]).merge(where, on=["unit_key", "year"], how="left")
    )
    raw["reconciliation"] = raw["reconciliation"].merge(where, on=["unit_key", "year"], how="left")
    city = metrics.groupby("district_key", dropna=False)["city"].first().rename("city")
    raw["reporting"] = raw["reporting"].merge(city, on="district_key", how="left")
    # a unit whose district no document names still belongs somewhere in the exports
    for frame in raw.values():
        if "district_key" in frame:
            frame["district_key"] = frame["district_key"].fillna("").astype(str)
        if "district" in frame:
            frame["district"] = frame["district"].fillna(UNKNOWN_DISTRICT)


@dataclass(frozen=True)
class DistrictYear:
    """One district (by key, with its name and city) in one year."""

    key: str
    name: str
    city: str
    year: int

    @property
    def title(self) -> str:
        """'沁川区 2022年'."""
        return f"{self.name} {self.year}年"


@dataclass
class ExportData:
    """The frames of one export, the labels, and when the data were loaded."""

    db_path: Path
    labels: Labels
    frames: dict[str, pd.DataFrame]
    figures: pd.DataFrame
    three_public: pd.DataFrame
    loaded_at: datetime | None
    exported_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def district_years(self) -> list[DistrictYear]:
        """The district-years in scope, by district name then year."""
        rep = self.frames["reporting"].sort_values(["district", "district_key", "year"])
        return [
            DistrictYear(str(r.district_key), str(r.district), str(r.city or ""), int(r.year))
            for r in rep.itertuples()
        ]

    def of(self, name: str, dy: DistrictYear) -> pd.DataFrame:
        """Rows of one frame for one district-year."""
        frame = self.frames[name]
        return frame[(frame["district_key"] == dy.key) & (frame["year"] == dy.year)]

    def of_district(self, name: str, key: str) -> pd.DataFrame:
        """Rows of one frame for one district, every year."""
        frame = self.frames[name]
        return frame[frame["district_key"] == key]

    def invented_units(self) -> pd.DataFrame:
        """Units named only by invented files, and real units with some invented document."""
        units = self.frames["units"]
        return units[units["has_invented_documents"]]


def metric_kind(metric: str) -> str:
    """Number kind of a metric's values: percentages, 万元 amounts or counts."""
    if metric.endswith("_pct"):
        return "pct"
    return "count" if metric == "staff_in_post" else "wan"


def ranking_rows(data: ExportData, dy: DistrictYear) -> pd.DataFrame:
    """The district-year's ranking rows in metric order, with outlier and invented marks."""
    frame = data.of("ranking", dy).copy()
    order = {m: i for i, m in enumerate(data.labels.metric_order)}
    frame["metric_order"] = frame["metric"].map(order)
    frame = frame.sort_values(["metric_order", "rank_desc", "unit_name"])
    # NULL (fewer than 4 units) is not an outlier
    frame["outlier"] = frame["is_outlier"].fillna(False).astype(bool)
    frame["outlier_mark"] = frame["outlier"].map(lambda v: "离群" if v else "")
    frame["invented_mark"] = frame["is_invented"].map(lambda v: "虚构" if v else "")
    frame["metric_label"] = frame["metric"].map(lambda m: data.labels.metric(m).zh)
    return frame


def _scope(frame: pd.DataFrame, district: str | None, year: int | None) -> pd.DataFrame:
    if district is not None and "district_key" in frame:
        frame = frame[(frame["district_key"] == district) | (frame["district"] == district)]
    if year is not None and "year" in frame:
        frame = frame[frame["year"] == year]
    return frame.reset_index(drop=True)


def _figures(con: duckdb.DuckDBPyConnection, source_ids: list[int]) -> tuple[pd.DataFrame, ...]:
    """Provenance rows (report_figures, 三公 lines) of the documents feeding the metrics."""
    figures = con.execute(
        """SELECT source_id, field, value_num, unit, locator, sentence, file_name, doc_type
           FROM current_report_figures
           WHERE list_contains($ids, source_id) AND value_kind = 'number'""",
        {"ids": source_ids},
    ).df()
    lines = con.execute(
        """SELECT source_id, line, name, final_wan, locator, sentence, file_name
           FROM current_three_public_lines WHERE list_contains($ids, source_id)
           ORDER BY source_id, row_no""",
        {"ids": source_ids},
    ).df()
    return figures, lines


def load(
    db_path: str | Path | None = None, district: str | None = None, year: int | None = None
) -> ExportData:
    """Read every frame for the districts and years asked for (None: all)."""
    wh = Warehouse(db_path)
    with wh.connect(read_only=True) as con:
        try:
            labels = Labels(con)
            raw = {name: con.execute(sql).df() for name, sql in QUERIES.items()}
            _keyed(raw)
            loaded = con.execute(
                "SELECT max(loaded_at) FROM source_files WHERE is_current"
            ).fetchone()[0]
        except duckdb.CatalogException as exc:
            raise WarehouseError(
                f"数据仓库为空 warehouse has no tables yet: {wh.path}. Run `make run`."
            ) from exc
        frames = {}
        for name, frame in raw.items():
            if name in ("metrics", "changes"):
                # the series and its changes cover every year of the districts in scope
                frame = _scope(frame, district, None)
            elif name not in ("quarantine", "units", "inputs"):
                frame = _scope(frame, district, year)
            frames[name] = frame
        ids = frames["inputs"][["report_source_id", "workbook_source_id", "form_source_id"]]
        source_ids = sorted({int(v) for v in ids.to_numpy().ravel() if pd.notna(v)})
        figures, lines = _figures(con, source_ids)
    if frames["reporting"].empty and (district is not None or year is not None):
        what = " ".join(str(x) for x in (district, year) if x is not None)
        raise WarehouseError(
            f"没有可导出的区县年度 nothing to export for {what}: the warehouse has no current "
            "documents there (SELECT * FROM district_reporting lists what it has)."
        )
    return ExportData(wh.path, labels, frames, figures, lines, loaded)
