"""Start the ingest job in its own process, as `make run` does, on any raw folder and warehouse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The `dg` next to the running Python (the project's .venv).
DG = Path(sys.executable).with_name("dg")


def prepare_instance(home: Path) -> Path:
    """A DAGSTER_HOME holding the project's dagster.yaml (as `make run` sets it up)."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    return home


def write_run_config(path: Path, raw_dir: Path, db_path: Path) -> Path:
    """Run config: INFO console log (as run_config.yaml), this raw folder and this warehouse."""
    config = {
        "loggers": {"console": {"config": {"log_level": "INFO"}}},
        "resources": {
            "raw_folder": {"config": {"path": str(raw_dir)}},
            "warehouse_db": {"config": {"path": str(db_path)}},
        },
    }
    # JSON is YAML: no yaml dependency needed here
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path


def start_ingest(
    home: Path, run_config: Path, env: dict[str, str] | None = None, **popen: object
) -> subprocess.Popen:
    """`dg launch --job ingest_raw_files` in a new process (stdout and stderr merged)."""
    full_env = {**os.environ, "DAGSTER_HOME": str(home), **(env or {})}
    return subprocess.Popen(
        [str(DG), "launch", "--job", "ingest_raw_files", "--config", str(run_config)],
        cwd=REPO,
        env=full_env,
        stdout=popen.pop("stdout", subprocess.PIPE),
        stderr=subprocess.STDOUT,
        text=True,
        **popen,
    )
