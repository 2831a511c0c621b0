"""The registry is the one source: generated SQL, models and docs agree with the warehouse."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from pipeline.metadata.docs import data_dictionary
from pipeline.metadata.figures import BY_NAME as FIGURES
from pipeline.metadata.views import ALL_VIEWS
from pipeline.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
_CJK = re.compile("[\u4e00-\u9fff]")
_LATIN = re.compile("[A-Za-z]{3}")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("registry") / "wh.duckdb"
    with Warehouse(path).connect():
        pass
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_every_view_has_exactly_its_declared_columns_with_comments(con):
    actual = {
        r[0]
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
        ).fetchall()
    }
    # a materialized view is a table of its name, built from the view NAME__live
    from pipeline.metadata.sql import DERIVED_TABLES

    declared = {f"{v.name}__live" if v.grain else v.name for v in ALL_VIEWS}
    assert actual == declared | {f"{t}__live" for t in DERIVED_TABLES}
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {v.name for v in ALL_VIEWS if v.grain} <= tables
    for v in ALL_VIEWS:
        cols = con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [v.name],
        ).fetchall()
        assert [c for c, _ in cols] == [c.name for c in v.columns], v.name
        # Chinese and English both
        assert all(
            comment and _CJK.search(comment) and _LATIN.search(comment) for _, comment in cols
        ), v.name


def test_every_figure_the_extractor_can_give_is_declared():
    """A figure name outside the registry would be refused by validation (report_figures)."""
    from pipeline.schemas import SCHEMAS

    allowed = next(
        c.statistics["allowed_values"]
        for c in SCHEMAS["report_figures"].to_schema().columns["field"].checks
        if c.name == "isin"
    )
    assert set(allowed) == set(FIGURES)


def test_the_data_dictionary_is_up_to_date():
    committed = (ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == data_dictionary(), (
        "docs/data_dictionary.md is stale: python -m pipeline.metadata.docs > docs/data_dictionary.md"
    )
