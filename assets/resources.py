"""Resources: where raw files are, and the DuckDB warehouse."""

from pathlib import Path

import dagster as dg

from pipeline import config


class RawFolder(dg.ConfigurableResource):
    """The drop folder that units' documents arrive in."""

    path: str = str(config.DEFAULT_RAW_DIR)

    def root(self) -> Path:
        """The folder as a Path."""
        return Path(self.path)


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file (default: $WAREHOUSE_PATH or warehouse/warehouse.duckdb)."""

    path: str = ""

    def db_path(self) -> Path:
        """Resolved path of the DuckDB file."""
        return Path(self.path) if self.path else config.warehouse_path()
