# Two commands for a new user: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster_home
# The drop folder and the warehouse: `make run RAW_DIR=/path/to/district/files
# WAREHOUSE_PATH=/path/to/warehouse.duckdb` (defaults raw/ and warehouse/warehouse.duckdb,
# see pipeline/config.py); the sensor of `make ui` watches RAW_DIR too.
export RAW_DIR WAREHOUSE_PATH

.PHONY: setup run test lint format ui bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@echo "== 安装依赖 installing the project into $(VENV) (first run: about a minute) =="
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $(DAGSTER_HOME)/dagster.yaml

run: setup $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dg launch --job ingest_raw_files --config run_config.yaml
	$(BIN)/python -m pipeline summary

test: setup
	$(BIN)/ruff check pipeline assets samples tests scripts
	$(BIN)/ruff format --check pipeline assets samples tests scripts
	$(BIN)/python -m pytest

format: setup
	$(BIN)/ruff format pipeline assets samples tests scripts
	$(BIN)/ruff check --fix pipeline assets samples tests scripts

# dagster dev in its own process group so one Ctrl-C stops all of it (assets/ui.py says why)
ui: setup $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m assets.ui

bench: setup
	$(BIN)/python scripts/bench_extraction.py

clean:
	rm -rf $(VENV) .dagster_home warehouse/*.duckdb*

.PHONY: samples queries

# Regenerate the invented sample files in raw/ (sample_*), byte-identical on every run.
samples: setup
	$(BIN)/python scripts/make_samples.py raw

# Rewrite README "Queries" with each example query and its output on a fresh warehouse of raw/.
queries: setup
	$(BIN)/python scripts/render_queries.py
