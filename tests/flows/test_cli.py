"""`ogi` commands through Typer's CliRunner: ingest, query, export, dictionary, extract."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.support.paths import REPO
from tests.support.stand_in import use_fake_pipeline
from tests.support.synthetic import load_synthetic

runner = CliRunner()
GARBAGE = b"\x00\x01\x02 this is not a PDF \xff\xfe"


def _pipeline_importable() -> bool:
    try:
        import pipeline.run  # noqa: F401
    except ImportError:
        return False
    return True


needs_pipeline = pytest.mark.skipif(not _pipeline_importable(), reason="pipeline.run is not importable yet")


@pytest.fixture
def fake_pipeline(monkeypatch):
    use_fake_pipeline(monkeypatch)


@pytest.fixture
def db(fresh_db: Path) -> Path:
    return load_synthetic(fresh_db, n_docs=3, n_facts=10)


def table_rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------- ingest (stand-in pipeline)

def test_ingest_loads_the_good_files_and_records_the_bad_one(tmp_path: Path, fresh_db: Path, fake_pipeline):
    src = tmp_path / "reports"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("1")
    (src / "sub" / "b.md").write_text("2")
    (src / "bad.txt").write_text("bad")
    (src / "a.truth.json").write_text("{}")
    (src / ".hidden.txt").write_text("bad")
    db = fresh_db
    result = runner.invoke(app, ["ingest", str(src), "--db", str(db)])
    assert result.exit_code == 1, result.output  # some files failed, the rest were loaded
    assert "Ingest summary" in result.stdout
    assert "a.txt" in result.stdout and "sub/b.md" in result.stdout
    assert f"error: {src / 'bad.txt'}: detect format failed: garbage" in result.stderr
    assert "ingested 2 of 3 files" in result.stderr
    assert table_rows(db, "SELECT source FROM documents ORDER BY 1") == [(str(src / "a.txt"),), (str(src / "sub" / "b.md"),)]
    assert table_rows(db, "SELECT source, stage, reason FROM errors") == [(str(src / "bad.txt"), "detect format", "garbage")]


def test_ingesting_twice_leaves_identical_tables(tmp_path: Path, fresh_db: Path, fake_pipeline):
    src = tmp_path / "reports"
    src.mkdir()
    for i in range(4):
        (src / f"r{i}.txt").write_text(str(i))
    (src / "bad.txt").write_text("bad")
    db = fresh_db
    tables = ["documents", "facts", "table_status", "prose_counts", "checks", "score_tables", "score_items",
              "regions", "errors"]

    def snapshot() -> dict[str, list[tuple]]:
        return {t: sorted(table_rows(db, f"SELECT * FROM {t}"), key=repr) for t in tables}

    assert runner.invoke(app, ["ingest", str(src), "--db", str(db), "--batch-size", "2"]).exit_code == 1
    first = snapshot()
    assert runner.invoke(app, ["ingest", str(src), "--db", str(db)]).exit_code == 1
    assert snapshot() == first


def test_ingest_of_relative_and_absolute_paths_prints_its_summary(tmp_path: Path, fresh_db: Path, fake_pipeline,
                                                                 monkeypatch: pytest.MonkeyPatch):
    """Regression (issue 17): `ogi ingest examples /abs/path/corpus` loaded every file, then died printing
    the summary with `ValueError: Can't mix absolute and relative paths`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "here").mkdir()
    (tmp_path / "here" / "a.txt").write_text("1")
    there = tmp_path / "there"
    there.mkdir()
    (there / "b.txt").write_text("2")
    result = runner.invoke(app, ["ingest", "here", str(there), "--db", str(fresh_db)])
    assert result.exit_code == 0, result.output
    assert "here/a.txt" in result.stdout and "there/b.txt" in result.stdout
    assert "ingested 2 of 2 files" in result.stderr


# ---------------------------------------------------------------- query / export

def test_query_prints_a_table_and_csv(db: Path):
    result = runner.invoke(app, ["query", "--db", str(db), "SELECT year, count(*) AS n FROM documents GROUP BY 1"])
    assert result.exit_code == 0, result.output
    assert "year" in result.stdout and "2019" in result.stdout
    result = runner.invoke(app, ["query", "--db", str(db), "--csv",
                                 "SELECT key, value, flags FROM facts WHERE value_kind = 'number' ORDER BY key LIMIT 3"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["key", "value", "flags"] and len(rows) == 4
    assert all("." not in r[1] for r in rows[1:])  # exact integers, no '12.000000'


def test_query_refuses_to_write(db: Path):
    result = runner.invoke(app, ["query", "--db", str(db), "DELETE FROM facts"])
    assert result.exit_code == 2  # a statement that writes is asked wrongly
    assert "read-only" in result.stderr
    assert table_rows(db, "SELECT count(*) FROM facts") == [(30,)]


def test_query_on_a_missing_warehouse_fails_clearly(tmp_path: Path):
    """A --db naming no file is a usage error (2), like any path that does not exist."""
    result = runner.invoke(app, ["query", "--db", str(tmp_path / "none.duckdb"), "SELECT 1"])
    assert result.exit_code == 2 and "no warehouse" in result.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_a_warehouse_that_cannot_be_opened_is_nothing_done(tmp_path: Path):
    """A file that is not a warehouse (or is locked, or too old to read) leaves nothing to do: 3."""
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("not a database")
    result = runner.invoke(app, ["query", "--db", str(bogus), "SELECT 1"])
    assert result.exit_code == 3 and "cannot open warehouse" in result.stderr


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_export_writes_the_whole_table(db: Path, tmp_path: Path, suffix: str):
    out = tmp_path / f"facts{suffix}"
    result = runner.invoke(app, ["export", "facts", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    reader = "read_csv_auto" if suffix == ".csv" else "read_parquet"
    assert duckdb.sql(f"SELECT count(*) FROM {reader}('{out}')").fetchall() == [(30,)]


def test_export_a_view_and_reject_unknown_names_and_formats(db: Path, tmp_path: Path):
    assert runner.invoke(app, ["export", "fact_matrix", "--db", str(db), "--out", str(tmp_path / "m.csv")]).exit_code == 0
    result = runner.invoke(app, ["export", "facts; DROP TABLE facts", "--db", str(db), "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "no table or view" in result.stderr
    result = runner.invoke(app, ["export", "facts", "--db", str(db), "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and ".csv or .parquet" in result.stderr


# ---------------------------------------------------------------- dictionary

def test_dictionary_prints_and_checks(tmp_path: Path):
    result = runner.invoke(app, ["dictionary"])
    assert result.exit_code == 0 and "## Table `facts`" in result.stdout and "（一）予以公开 × 总计" in result.stdout
    assert runner.invoke(app, ["dictionary", "--check"]).exit_code == 0
    stale = tmp_path / "dd.md"
    stale.write_text("old", "utf-8")
    assert runner.invoke(app, ["dictionary", "--check", "--out", str(stale)]).exit_code == 1
    assert runner.invoke(app, ["dictionary", "--out", str(stale)]).exit_code == 0
    assert runner.invoke(app, ["dictionary", "--check", "--out", str(stale)]).exit_code == 0


# ---------------------------------------------------------------- the real pipeline

@needs_pipeline
def test_ingest_a_folder_with_one_corrupt_file(tmp_path: Path, fresh_db: Path):
    src = tmp_path / "reports"
    src.mkdir()
    (src / "report.html").write_bytes((REPO / "tests" / "fixtures" / "html" / "gbk_report.html").read_bytes())
    (src / "bad.pdf").write_bytes(GARBAGE)
    db = fresh_db
    result = runner.invoke(app, ["ingest", str(src), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert f"error: {src / 'bad.pdf'}:" in result.stderr
    assert table_rows(db, "SELECT source, stage FROM errors") == [(str(src / "bad.pdf"), "detect format")]
    docs = table_rows(db, "SELECT source, doc_type, year, n_facts FROM documents")
    assert len(docs) == 1 and docs[0][0] == str(src / "report.html") and docs[0][3] > 0
    assert table_rows(db, "SELECT count(*) FROM facts") == [(docs[0][3],)]


@needs_pipeline
def test_extract_json_is_the_record_contract(tmp_path: Path):
    result = runner.invoke(app, ["extract", str(REPO / "tests" / "fixtures" / "html" / "gbk_report.html"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["doc_type"] == "annual_report" and data["facts"]
    assert "某县" in result.stdout  # ensure_ascii=False
    summary = runner.invoke(app, ["extract", str(REPO / "tests" / "fixtures" / "html" / "gbk_report.html")])
    assert summary.exit_code == 0 and "Standard tables" in summary.stdout and "facts:" in summary.stdout


@needs_pipeline
def test_extract_summary_counts_prose_counts_not_shares(tmp_path: Path):
    """'同比增长103%' is a share: the summary line and its list show counts only, the share is a ratio."""
    page = tmp_path / "r.txt"
    page.write_text("某县人民政府2023年政府信息公开工作年度报告\n"
                    "2023年，全县主动公开政府信息1520条，同比增长103%。\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    assert "prose counts: 1 (+1 ratios)" in result.stdout
    shown = result.stdout.replace(str(page), "r.txt")  # the temp folder's name may hold any digits
    assert "1520" in shown and "103" not in shown


@needs_pipeline
def test_extract_names_the_file_and_reason_on_failure(tmp_path: Path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(GARBAGE)
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 3
    assert str(bad) in result.stderr and "failed" in result.stderr
    assert result.stdout == ""


def test_ingest_into_a_warehouse_locked_by_another_process(tmp_path: Path, db: Path, fake_pipeline):
    (tmp_path / "a.txt").write_text("1")
    code = f"import duckdb, sys; c = duckdb.connect({str(db)!r}); print('locked', flush=True); sys.stdin.read()"
    holder = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(db)])
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert result.exit_code == 3  # nothing could be loaded
    assert f"warehouse {db} is in use by another process" in result.stderr


def test_run_summary_prints_the_warning_of_a_list_not_crawled_whole(capsys):
    """A site whose list says it has more pages than were reached is named on the terminal, not only in logs."""
    from flows.cli.crawling import _print_summary

    _print_summary({"run_id": "r1", "crawl": {"sites": 1, "pages": 2, "warnings": {
        "capped": ["list http://x/index.html says it has 3 pages (createPageHTML); 2 reached: stopped at max_pages=2"]}}})
    err = capsys.readouterr().err
    assert "capped" in err and "says it has 3 pages" in err
