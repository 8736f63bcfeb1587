"""`ogi query`: tables that fit the terminal, --limit applied in SQL with the total on stderr, SQL from a
file or stdin, and --format csv|json|parquet under the export convention (docs/exports.md)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from flows.cli import app
from tests.support.synthetic import load_synthetic
from warehouse.connect import open_warehouse

runner = CliRunner()
WIDE = "SELECT * FROM facts ORDER BY doc_id, key"


@pytest.fixture
def db(fresh_db: Path) -> Path:
    """3 documents × 40 facts = 120 rows of a 22-column table."""
    return load_synthetic(fresh_db, n_docs=3, n_facts=40)


def query(*args: str, stdin: str | None = None, columns: int = 80):
    return runner.invoke(app, ["query", *args], input=stdin, env={"COLUMNS": str(columns)})


def test_a_wide_table_fits_the_terminal_and_never_truncates_a_header(db: Path):
    res = query("--db", str(db), "SELECT doc_id, key, value, value_kind, raw_text, flags FROM facts")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    header = lines[0].split()
    assert header == ["doc_id", "key", "value", "value_kind", "raw_text", "flags"]
    assert "…" in res.stdout  # long doc ids are truncated, not wrapped


def test_too_many_columns_for_the_width_become_records(db: Path):
    res = query("--db", str(db), "--limit", "2", WIDE)
    assert res.exit_code == 0, res.output
    assert all(cell_len(line) <= 80 for line in res.stdout.splitlines())
    assert res.stdout.count("RECORD") == 2
    for name in ("doc_id", "validation_status", "label_printed", "confidence"):
        assert f"\n{name} " in res.stdout  # every column name, whole, at the start of a line


def test_limit_defaults_to_50_with_the_total_on_stderr(db: Path):
    res = query("--db", str(db), "--format", "csv", "--limit", "50", WIDE)
    assert res.exit_code == 0, res.output
    assert len(pd.read_csv(io.StringIO(res.stdout))) == 50
    assert "50 of 120 rows; --limit 0 for all" in res.stderr
    res = query("--db", str(db), "SELECT key FROM facts", columns=200)
    assert res.stdout.count("\n") == 50 + 2  # header, rule, 50 rows
    assert "50 of 120 rows" in res.stderr
    res = query("--db", str(db), "--limit", "0", "SELECT key FROM facts ORDER BY key")
    assert res.stdout.count("\n") == 120 + 2 and "120 rows" in res.stderr


def test_the_limit_keeps_the_querys_order(db: Path):
    res = query("--db", str(db), "--format", "json", "--limit", "3", "SELECT key FROM facts ORDER BY key DESC")
    keys = [r["key"] for r in json.loads(res.stdout)]
    assert keys == sorted(keys, reverse=True) and len(keys) == 3


def test_the_limit_is_applied_in_sql():
    """The rows past the limit are never fetched: a query whose 51st row would fail still prints 50."""
    import duckdb

    from warehouse.exports import head

    con = duckdb.connect()
    rel = con.sql("SELECT CASE WHEN i < 1000 THEN i ELSE error('fetched too far') END AS i FROM range(100000) t(i)")
    names, rows, total = head(rel, 50, count=False)
    assert names == ["i"] and len(rows) == 50 and total is None


def test_sql_from_a_file_and_from_stdin(db: Path, tmp_path: Path):
    sql = tmp_path / "q.sql"
    sql.write_text("-- documents per year\nSELECT count(*) AS n FROM documents;\n", encoding="utf-8")
    res = query("--db", str(db), "-f", str(sql), "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"n": 3}]
    res = query("--db", str(db), "--format", "json", "-", stdin="SELECT 7 AS seven")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"seven": 7}]
    res = query("--db", str(db), "-f", str(sql), "SELECT 1")
    assert res.exit_code == 2 and "either" in res.stderr
    assert query("--db", str(db)).exit_code == 2


def test_formats_follow_the_export_convention(db: Path, tmp_path: Path):
    sql = "SELECT key, value, flags, sum(cell_row) OVER () AS rows_sum FROM facts ORDER BY key"
    pq = tmp_path / "q.parquet"
    res = query("--db", str(db), "--format", "parquet", "--out", str(pq), sql)
    assert res.exit_code == 0, res.output
    df = pd.read_parquet(pq)
    assert len(df) == 120  # machine formats get every row unless --limit says otherwise
    assert str(df["value"].dtype) == "float64" and str(df["rows_sum"].dtype) == "int64"  # no Decimal objects
    csv = tmp_path / "q.csv"
    assert query("--db", str(db), "--out", str(csv), sql).exit_code == 0  # the suffix gives the format
    assert csv.read_bytes()[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(csv, encoding="utf-8-sig")
    assert list(back.columns) == ["key", "value", "flags", "rows_sum"]
    flagged = [json.loads(f) for f in back["flags"].dropna()]
    assert all(isinstance(f, list) for f in flagged) and flagged
    res = query("--db", str(db), "--format", "json", "--limit", "1", "SELECT ['a', 'b'] AS l, 1.50::DECIMAL(9,2) AS d")
    assert json.loads(res.stdout) == [{"l": ["a", "b"], "d": 1.5}]
    assert not query("--db", str(db), "--format", "csv", sql).stdout.startswith("\ufeff")  # no BOM in a pipe


def test_bad_options_are_usage_errors(db: Path):
    assert query("--db", str(db), "--format", "xlsx", "SELECT 1").exit_code == 2
    res = query("--db", str(db), "--format", "parquet", "SELECT 1")
    assert res.exit_code == 2 and "--out" in res.stderr
    assert query("--db", str(db), "--limit", "-1", "SELECT 1").exit_code == 2


def test_export_follows_the_convention(db: Path, tmp_path: Path):
    """`ogi export`: Parquet values arrive in pandas as numbers (they were Decimal objects), CSV has a BOM and
    JSON lists, and the nightly comparison CSV is written the same way."""
    pq, csv, js = tmp_path / "f.parquet", tmp_path / "f.csv", tmp_path / "f.json"
    for path in (pq, csv, js):
        res = runner.invoke(app, ["export", "facts", "--db", str(db), "--out", str(path)])
        assert res.exit_code == 0, res.output
    df = pd.read_parquet(pq)
    assert str(df["value"].dtype) == "float64" and str(df["confidence"].dtype) == "float64"
    assert csv.read_bytes()[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(csv, encoding="utf-8-sig")
    assert list(back.columns) == list(df.columns) and str(back["value"].dtype) == "float64"
    assert all(isinstance(json.loads(f), list) for f in back["flags"].dropna())
    assert len(pd.read_json(js)) == len(df) == 120

    from warehouse.exports import write_comparison

    con = open_warehouse(db, read_only=True)
    try:
        n = write_comparison(con, tmp_path / "comparison.csv")
    finally:
        con.close()
    assert (tmp_path / "comparison.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    assert len(pd.read_csv(tmp_path / "comparison.csv", encoding="utf-8-sig")) == n == 3


@pytest.mark.parametrize("sql", ["DELETE FROM facts", "SELEC 1", "SELECT nope FROM facts"])
def test_sql_that_cannot_run_is_a_usage_error(db, sql):
    """A statement that writes, does not parse or names what is not there: exit 2, the reason on stderr."""
    res = query("--db", str(db), sql)
    assert res.exit_code == 2 and "query failed" in res.stderr


def test_exporting_an_unknown_table_is_a_usage_error(db, tmp_path):
    res = runner.invoke(app, ["export", "factz", "--db", str(db), "--out", str(tmp_path / "f.csv")])
    assert res.exit_code == 2 and "no table or view named 'factz'" in res.stderr
    assert not (tmp_path / "f.csv").exists()
