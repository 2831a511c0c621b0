"""The zh schema (issue 13): Chinese table and column names generated from the registry,
each column equal to its English twin."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.metadata.zh import ZH_TABLES, _sources, zh_columns
from pipeline.warehouse import run_query


def test_the_issue_example_works(sample_db):
    frame = run_query(
        "SELECT 单位, 年度, 预算执行率 FROM zh.单位年度指标 ORDER BY 单位, 年度", sample_db
    )
    english = run_query(
        "SELECT unit_name, year, execution_ratio_pct FROM unit_year_metrics ORDER BY 1, 2",
        sample_db,
    )
    assert len(frame) == len(english) > 0
    assert frame.values.tolist() == english.values.tolist() or frame.equals(
        english.set_axis(frame.columns, axis=1)
    )


@pytest.mark.parametrize("name", sorted(ZH_TABLES))
def test_each_chinese_column_equals_its_english_twin(sample_db, name):
    columns = next(cols for n, _doc, cols in _sources() if n == name)
    pairs = zh_columns(columns)
    assert len({cn for _en, cn in pairs}) == len(pairs)
    con = duckdb.connect(str(sample_db), read_only=True)
    con.execute("SET threads = 1")  # one scan order for a view and its twin
    try:
        checks = " AND ".join(
            f'(e.{en} IS NOT DISTINCT FROM z."{cn}")' for en, cn in pairs if en != "sentence"
        )
        zh = ZH_TABLES[name]
        n, same = con.execute(
            f"""SELECT count(*), count(*) FILTER (WHERE {checks})
                FROM (SELECT row_number() OVER () AS i, * FROM main.{name}) AS e
                JOIN (SELECT row_number() OVER () AS i, * FROM zh."{zh}") AS z USING (i)"""
        ).fetchone()
        total = con.execute(f"SELECT count(*) FROM main.{name}").fetchone()[0]
        comments = con.execute(
            "SELECT count(*) FILTER (WHERE comment IS NULL) FROM duckdb_columns() "
            "WHERE schema_name = 'zh' AND table_name = ?",
            [zh],
        ).fetchone()[0]
    finally:
        con.close()
    assert n == total and same == n, name
    assert comments == 0


def test_describe_prints_comments_in_full(sample_db, capsys):
    from pipeline.cli import main

    assert main(["describe", "zh.单位年度指标", "--db", str(sample_db)]) == 0
    out = capsys.readouterr().out
    assert "预算执行率" in out and "execution_ratio_pct" in out
    assert main(["describe", "unit_year_metrics", "--db", str(sample_db)]) == 0
    out = capsys.readouterr().out
    assert "execution_ratio_pct" in out and "…" not in out
    assert main(["describe", "--db", str(sample_db)]) == 0
    listing = capsys.readouterr().out
    assert "单位年度指标" in listing and "__live" not in listing
    assert main(["describe", "no_such_table", "--db", str(sample_db)]) == 2
