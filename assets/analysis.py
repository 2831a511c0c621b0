"""Assets built on the loaded warehouse: reconciliation of reports with tables, district metrics."""

import dagster as dg

from assets.ingest import _md_table
from assets.resources import WarehouseResource
from pipeline import reconcile, warehouse

GROUP = "analysis"


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb"},
    deps=["warehouse_tables"],
    check_specs=[dg.AssetCheckSpec("report_matches_tables", asset="reconciliation")],
)
def reconciliation(context: dg.AssetExecutionContext, warehouse_db: WarehouseResource):
    """报告与决算表核对 — each report figure beside the same figure in the unit's final-accounts tables."""
    with warehouse_db.writing(context) as db:
        n = reconcile.reconcile_current(db)
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
    yield dg.Output(None, metadata={"rows": n, "unit_years": _md_table(per_unit_year)})
    yield dg.AssetCheckResult(
        check_name="report_matches_tables",
        passed=differ.empty,
        severity=dg.AssetCheckSeverity.WARN,
        description="报告数字与决算表一致（按单位-年度）report figures agree with the tables, per unit-year",
        metadata={
            "unit_years_with_differences": int(per_unit_year["differ"].gt(0).sum())
            if len(per_unit_year)
            else 0,
            "per_unit_year": _md_table(per_unit_year),
            "differences": _md_table(differ),
        },
    )


@dg.asset(group_name=GROUP, kinds={"duckdb"}, deps=["warehouse_tables", "reconciliation"])
def district_metrics(context: dg.AssetExecutionContext, warehouse_db: WarehouseResource):
    """指标快照 — the metric views (DOMAIN §5) as shown in the UI: every unit-year measured."""
    db = warehouse_db.db_path()
    snapshot = warehouse.run_query(
        "SELECT * FROM unit_year_metrics ORDER BY district, year, unit_name", db
    )
    return dg.MaterializeResult(
        metadata={
            "unit_years": len(snapshot),
            "metrics": _md_table(snapshot),
        }
    )
