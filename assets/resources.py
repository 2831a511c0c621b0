"""Resources: where raw files are, and the DuckDB warehouse with its one-writer lock."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from assets.runs import fail_dead_runs, stamp_run
from pipeline import config
from pipeline.faults import pause_point
from pipeline.writer_lock import writer_lock


class RawFolder(dg.ConfigurableResource):
    """The drop folder that units' documents arrive in (default: $RAW_DIR, else raw/)."""

    path: str = ""

    def root(self) -> Path:
        """The folder as a Path."""
        # read when used, not when defined: `make run RAW_DIR=…` and `make ui` set it per process
        return Path(self.path) if self.path else config.raw_dir()


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file (default: $WAREHOUSE_PATH or warehouse/warehouse.duckdb)."""

    path: str = ""

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """At the start of a run: record its process, and fail runs whose process died."""
        instance, run_id = context.instance, context.run_id
        if instance is None or run_id is None:
            return
        stamp_run(instance, run_id)
        fail_dead_runs(instance, context.log.info if context.log else print)

    def db_path(self) -> Path:
        """Resolved path of the DuckDB file."""
        return Path(self.path) if self.path else config.warehouse_path()

    @contextmanager
    def writing(self, context: dg.AssetExecutionContext) -> Iterator[Path]:
        """Hold the warehouse writer lock for this step (says at INFO whom it waits for)."""
        step = context.asset_key.to_user_string()
        with writer_lock(
            self.db_path(), run_id=context.run_id, what=step, on_wait=context.log.info
        ):
            # the run we waited for may have been killed: do not leave it shown as running
            fail_dead_runs(context.instance, context.log.info)
            pause_point(f"{step}.locked")
            yield self.db_path()
