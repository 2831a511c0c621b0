"""Assets built on the loaded warehouse: reconciliation, district metrics, and the analysts' files."""

import time

import dagster as dg

from assets.markdown import md_table, warn_check
from assets.resources import WarehouseResource
from pipeline import config, warehouse
from pipeline.export import data as export_data
from pipeline.export.html import write_reports
from pipeline.export.xlsx import WORKBOOK_NAME, write_workbook
from pipeline.warehouse.refresh import refresh_derived

GROUP = "analysis"


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb"},
    deps=["warehouse_tables", "review_corrections"],
    check_specs=[dg.AssetCheckSpec("report_matches_tables", asset="reconciliation")],
)
def reconciliation(context: dg.AssetExecutionContext, warehouse_db: WarehouseResource):
    """报告与决算表核对 — each report figure beside the same figure in the unit's final-accounts tables."""
    with warehouse_db.writing(context) as db:
        done = refresh_derived(db, parts=("reconciliation",))
    n = done.reconciliation_rows
    context.log.info(f"核对 reconciled {done.units} changed units ({n} rows)")
    per_unit_year = warehouse.run_query(
        """SELECT unit_name, year,
                  count(*) FILTER (WHERE status = 'agree') AS agree,
                  count(*) FILTER (WHERE status = 'differ') AS differ,
                  count(*) FILTER (WHERE status = 'only_report') AS only_report,
                  count(*) FILTER (WHERE status = 'only_workbook') AS only_workbook
           FROM reconciliation GROUP BY ALL ORDER BY unit_name, year""",
        db,
    )
    differ = warehouse.run_query(
        """SELECT unit_name, year, figure, report_value, workbook_value, difference,
                  report_locator, workbook_locator
           FROM reconciliation WHERE status = 'differ' ORDER BY unit_name, year, figure""",
        db,
    )
    yield dg.Output(None, metadata={"rows": n, "unit_years": md_table(per_unit_year)})
    yield warn_check(
        check_name="report_matches_tables",
        passed=differ.empty,
        description="报告数字与决算表一致（按单位-年度）report figures agree with the tables, per unit-year",
        metadata={
            "unit_years_with_differences": int(per_unit_year["differ"].gt(0).sum())
            if len(per_unit_year)
            else 0,
            "per_unit_year": md_table(per_unit_year),
            "differences": md_table(differ),
        },
    )


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=["warehouse_tables", "reconciliation"])
def district_metrics(context: dg.AssetExecutionContext, warehouse_db: WarehouseResource):
    """指标与比较表 — the metric and comparison tables (DOMAIN §5), refreshed for the units whose documents changed."""
    with warehouse_db.writing(context) as db:
        done = refresh_derived(db, parts=("tables",))
    context.log.info(
        f"指标 refreshed {done.units} units, {done.districts} districts"
        + (" (full rebuild)" if done.full else "")
    )
    snapshot = warehouse.run_query(
        "SELECT * FROM unit_year_metrics ORDER BY district, year, unit_name", db
    )
    return dg.MaterializeResult(
        metadata={
            "unit_years": len(snapshot),
            "refreshed_units": done.units,
            "refreshed_districts": done.districts,
            "refresh_seconds": dg.MetadataValue.json(
                {k: round(v, 3) for k, v in done.seconds.items()}
            ),
            "metrics": md_table(snapshot),
        }
    )


@dg.multi_asset(
    group_name=GROUP,
    specs=[
        dg.AssetSpec(
            "comparison_workbook",
            deps=["district_metrics"],
            kinds={"excel"},
            description="区县对比工作簿 — the Excel workbook analysts open: rankings, totals, series, "
            "reconciliation, completeness, quarantine (python -m pipeline export xlsx)",
        ),
        dg.AssetSpec(
            "district_reports",
            deps=["district_metrics"],
            kinds={"html"},
            description="区县报告 — one self-contained HTML report per district-year, printable "
            "(python -m pipeline export html)",
        ),
    ],
)
def analyst_exports(context: dg.AssetExecutionContext, warehouse_db: WarehouseResource):
    """The files analysts take away, rebuilt from the metric views after every load."""
    started = time.perf_counter()
    db = warehouse_db.db_path()
    data = export_data.load(db)
    out = config.export_dir(db)
    workbook = write_workbook(data, out / WORKBOOK_NAME)
    reports = write_reports(data, out)
    seconds = round(time.perf_counter() - started, 3)
    context.log.info(f"导出 exported {workbook} and {len(reports)} reports to {out} in {seconds} s")
    yield dg.MaterializeResult(
        asset_key="comparison_workbook",
        metadata={
            "path": dg.MetadataValue.path(str(workbook)),
            "district_years": len(data.district_years()),
            "seconds": seconds,
        },
    )
    yield dg.MaterializeResult(
        asset_key="district_reports",
        metadata={
            "folder": dg.MetadataValue.path(str(out)),
            "reports": dg.MetadataValue.json([p.name for p in reports]),
        },
    )
