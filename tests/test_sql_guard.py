"""The read-only SQL: every statement that only reads runs, every other one is refused in plain
words, the connection itself cannot touch files, and the prompt and --excel CSV work."""

import io
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from pipeline.shell import run_shell
from pipeline.snapshot import snapshot_differences, warehouse_snapshot
from pipeline.sqlguard import check_read_only, main_verb
from pipeline.warehouse import Warehouse, WarehouseError, run_query

PIVOT = "PIVOT unit_year_metrics ON year USING sum(final_total_wan) GROUP BY unit_name"

ALLOWED = [
    "SELECT count(*) FROM units",
    "WITH x AS (SELECT 1 AS a) SELECT * FROM x",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
    "FROM units LIMIT 1",
    "VALUES (1, 2)",
    PIVOT,
    PIVOT.replace("ON year", "ON year IN (2021, 2022)"),
    f"WITH p AS ({PIVOT}) SELECT * FROM p",
    f"SELECT * FROM ({PIVOT})",
    f"({PIVOT})",
    f"-- a comment first\n{PIVOT};",
    "UNPIVOT (SELECT unit_name, basic_wan, project_wan FROM unit_year_metrics) "
    "ON basic_wan, project_wan INTO NAME k VALUE v",
    "DESCRIBE units",
    "DESCRIBE SELECT 1 AS a",
    "SUMMARIZE units",
    "SUMMARIZE SELECT unit_name FROM units",
    "SHOW TABLES",
    "SHOW ALL TABLES",
    "SHOW units",
    "PRAGMA table_info('units')",
    "PRAGMA show_tables",
    "PRAGMA version",
    "CALL pragma_table_info('units')",
    "EXPLAIN SELECT 1",
    "EXPLAIN ANALYZE SELECT count(*) FROM units",
]

REFUSED = [
    ("INSERT INTO quarantine VALUES (1, 'x', 'y', 'z', NULL, now())", "change the warehouse"),
    ("UPDATE source_files SET status = 'loaded'", "change the warehouse"),
    ("DELETE FROM projects", "change the warehouse"),
    ("DROP TABLE projects", "change the warehouse"),
    ("CREATE TABLE t AS SELECT 1", "change the warehouse"),
    ("CREATE TEMP TABLE t AS SELECT 1", "change the warehouse"),
    ("ALTER TABLE projects ADD COLUMN x INTEGER", "change the warehouse"),
    ("CREATE VIEW v AS SELECT 1", "change the warehouse"),
    ("CREATE MACRO m(a) AS a + 1", "change the warehouse"),
    ("WITH x AS (SELECT 1) INSERT INTO texts SELECT * FROM texts", "change the warehouse"),
    (f"CREATE TABLE t AS {PIVOT}", "change the warehouse"),
    (f"INSERT INTO texts {PIVOT}", "change the warehouse"),
    ("VACUUM", "change the warehouse"),
    ("COPY units TO 'units.csv'", "--csv"),
    (f"COPY ({PIVOT}) TO 'pivot.csv'", "--csv"),
    ("EXPORT DATABASE 'dump'", "--csv"),
    ("EXPLAIN ANALYZE COPY units TO 'units.csv'", "--csv"),
    ("ATTACH 'other.duckdb' AS other", "databases"),
    ("DETACH other", "databases"),
    ("USE memory", "databases"),
    ("INSTALL httpfs", "extensions"),
    ("LOAD httpfs", "extensions"),
    ("SET threads = 1", "settings"),
    ("RESET threads", "settings"),
    ("SET VARIABLE x = 1", "settings"),
    ("PRAGMA threads = 4", "settings"),
    ("PRAGMA enable_profiling", "only report"),
    ("BEGIN TRANSACTION", "read-only"),
    ("SELECT 1; DROP TABLE projects", "one statement"),
]


@pytest.mark.parametrize("sql", ALLOWED)
def test_read_only_statements_run(sample_db: Path, sql: str):
    assert len(run_query(sql, sample_db).columns) >= 1


def test_pivot_without_in_gives_one_column_per_year(sample_db: Path):
    frame = run_query(PIVOT, sample_db)
    assert {"2021", "2022", "2023"} <= {str(c) for c in frame.columns}
    seed = frame[frame["unit_name"] == "伍家岭街道办事处"].iloc[0]
    assert seed["2022"] == pytest.approx(5437.72)


@pytest.mark.parametrize(("sql", "why"), REFUSED)
def test_other_statements_are_refused_in_plain_words(sample_db, tmp_path, monkeypatch, sql, why):
    monkeypatch.chdir(tmp_path)  # a COPY that slipped through would write here
    before = warehouse_snapshot(sample_db)
    with pytest.raises(WarehouseError) as err:
        run_query(sql, sample_db)
    message = str(err.value)
    assert why in message
    if "one statement" not in why:
        assert "read-only" in message and "只读" in message
    assert snapshot_differences(before, warehouse_snapshot(sample_db)) == []
    assert list(tmp_path.iterdir()) == []


def test_main_verb_sees_past_with_and_brackets():
    assert main_verb(f"WITH a AS (SELECT 1), b(x) AS MATERIALIZED (SELECT 2) {PIVOT}") == "PIVOT"
    assert main_verb("((SELECT 1))") == "SELECT"
    assert main_verb("WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a") == "INSERT"
    assert check_read_only(f"{PIVOT};").rstrip(";") == PIVOT


def test_the_connection_itself_cannot_touch_files(sample_db: Path, tmp_path: Path):
    """Second layer: whatever the classifier let through, read-only connections have no file access."""
    target = tmp_path / "out.csv"
    with Warehouse(sample_db).connect(read_only=True) as con:
        for sql in (
            f"COPY units TO '{target}'",
            "SELECT * FROM read_csv('/etc/passwd')",
            "SELECT * FROM glob('/etc/*')",
            f"ATTACH '{tmp_path / 'x.duckdb'}' AS x",
        ):
            with pytest.raises(duckdb.Error, match="disabled by configuration"):
                con.execute(sql)
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET enable_external_access = true")
    assert not target.exists()
    with pytest.raises(WarehouseError, match="disabled by configuration"):
        run_query("SELECT * FROM read_text('/etc/hostname')", sample_db)


def test_csv_for_excel_has_a_bom(sample_db: Path, capsysbinary):
    sql = "SELECT unit_name, year FROM unit_year_metrics ORDER BY unit_name, year LIMIT 3"
    assert main(["sql", sql, "--csv", "--db", str(sample_db)]) == 0
    plain = capsysbinary.readouterr().out
    assert main(["sql", sql, "--csv", "--excel", "--db", str(sample_db)]) == 0
    excel = capsysbinary.readouterr().out
    assert excel.startswith(b"\xef\xbb\xbf") and not plain.startswith(b"\xef\xbb\xbf")
    assert excel.decode("utf-8-sig").replace("\r\n", "\n") == plain.decode("utf-8")
    assert "单位" not in excel.decode("utf-8-sig").splitlines()[0]  # header: column names
    assert main(["sql", sql, "--json", "--excel", "--db", str(sample_db)]) == 2


def test_shell_runs_statements_with_the_same_guard(sample_db: Path):
    script = (
        "SELECT unit_name, year\nFROM unit_year_metrics\nWHERE unit_name = '伍家岭街道办事处';\n"
        ".mode csv\n"
        f"{PIVOT};\n"
        "COPY units TO 'x.csv';\n"
        ".schema units\n"
        ".tables\n"
        ".quit\n"
        "SELECT 'never run';\n"
    )
    out = io.StringIO()
    assert run_shell(sample_db, io.StringIO(script), out) == 0
    text = out.getvalue()
    assert "伍家岭街道办事处 │ 2022" in text  # the table format first
    assert "伍家岭街道办事处,,5437.72," in text  # then CSV
    assert "错误 error: 只允许只读查询 only read-only statements" in text and "--csv" in text
    assert "unit_key,VARCHAR," in text and "unit_year_metrics,table," in text
    assert "__live" not in text
    assert "never run" not in text
    missing = io.StringIO()
    assert run_shell(sample_db.parent / "none.duckdb", io.StringIO(""), missing) == 2
    assert "make run" in missing.getvalue()
