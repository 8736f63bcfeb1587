"""Exit statuses that scripts and cron can rely on (issue 17).

0 everything asked for was done, 1 some documents or sites failed (the rest was done), 2 the command
was asked wrongly (a path or site id that does not exist, an option value out of range), 3 nothing
could be done. Also `ogi --version` and what `ogi serve` says about the Prefect server it reports to.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.run_status import crawl_status, ingest_status, nightly_status
from tests.support.paths import REPO
from tests.support.stand_in import use_fake_pipeline
from warehouse.connect import open_warehouse
from warehouse.crawl_log import record_run
from warehouse.crawl_tables import FLOW_RUNS

runner = CliRunner()
EXAMPLE_REGISTRY = REPO / "sites" / "example.yaml"


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_pipeline(monkeypatch)


def _folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (root / name).write_text(content, "utf-8")
    return root


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


# ---------------------------------------------------------------- ogi --help, --version

def test_help_documents_the_exit_statuses():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.replace("│", " ").split())
    for line in ("Exit status", "0 everything asked for was done", "1 some documents or sites failed",
                 "2 the command was asked wrongly", "3 nothing could be done"):
        assert line in text


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_names_the_package_and_the_parser(flag: str):
    from importlib.metadata import version

    from pipeline.run import PARSER_VERSION

    result = runner.invoke(app, [flag])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"ogi-miner {version('ogi-miner')} (parser {PARSER_VERSION})"


# ---------------------------------------------------------------- ogi ingest

@pytest.mark.parametrize(("files", "status", "line"), [
    ({"a.txt": "1", "b.txt": "2"}, 0, "ingested 2 of 2 files"),
    ({"a.txt": "1", "bad.txt": "bad"}, 1, "ingested 1 of 2 files"),
    ({"bad.txt": "bad", "worse.txt": "bad"}, 3, "ingested 0 of 2 files"),
])
def test_ingest_status_says_whether_all_some_or_no_files_loaded(tmp_path: Path, fresh_db: Path, fake_pipeline,
                                                                files: dict[str, str], status: int, line: str):
    result = runner.invoke(app, ["ingest", str(_folder(tmp_path / "in", files)), "--db", str(fresh_db)])
    assert result.exit_code == status, result.output
    assert line in result.stderr


def test_ingest_of_a_folder_without_reports_has_nothing_to_do(tmp_path: Path, fresh_db: Path, fake_pipeline):
    folder = _folder(tmp_path / "in", {"README.md": "notes", "a.truth.json": "{}"})
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(fresh_db)])
    assert result.exit_code == 3, result.output
    assert "no input files found" in result.stderr


def test_ingest_of_a_path_that_does_not_exist_is_a_usage_error_and_loads_nothing(tmp_path: Path, fresh_db: Path,
                                                                                 fake_pipeline):
    folder = _folder(tmp_path / "in", {"a.txt": "1"})
    result = runner.invoke(app, ["ingest", str(folder), str(tmp_path / "typo"), "--db", str(fresh_db)])
    assert result.exit_code == 2, result.output
    assert f"error: {tmp_path / 'typo'}: no such file or folder" in result.stderr
    assert _count(fresh_db, "SELECT count(*) FROM documents") == 0


@pytest.mark.parametrize("option", [["--timeout", "0"], ["--batch-size", "0"], ["--memory-mb", "0"],
                                    ["--workers", "0"]])
def test_ingest_option_values_out_of_range_are_usage_errors(tmp_path: Path, fresh_db: Path, fake_pipeline,
                                                            option: list[str]):
    folder = _folder(tmp_path / "in", {"a.txt": "1"})
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(fresh_db), *option])
    assert result.exit_code == 2, result.output
    assert _count(fresh_db, "SELECT count(*) FROM documents") == 0


# ---------------------------------------------------------------- ogi extract, ogi evaluate

def test_extract_of_a_missing_file_is_a_usage_error(tmp_path: Path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2 and f"error: {tmp_path / 'nope.pdf'}: no such file or folder" in result.stderr


def test_extract_of_a_file_that_cannot_be_read_has_nothing_to_show(tmp_path: Path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"\x00\x01\x02 this is not a PDF \xff\xfe")
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 3 and str(bad) in result.stderr and result.stdout == ""


def test_evaluate_statuses(tmp_path: Path):
    assert runner.invoke(app, ["evaluate", str(tmp_path / "nope")]).exit_code == 2
    no_truth = _folder(tmp_path / "no_truth", {"a.txt": "no truth file beside me"})
    result = runner.invoke(app, ["evaluate", str(no_truth)])
    assert result.exit_code == 3 and "no document with a truth file" in result.stderr


# ---------------------------------------------------------------- ogi crawl / nightly: site ids, registry

@pytest.mark.parametrize("command", ["crawl", "nightly"])
def test_an_unknown_site_is_a_usage_error_naming_the_known_ones(tmp_path: Path, command: str):
    """Regression (issue 17): `ogi nightly --site <typo>` ran 0 sites without a word and exited 0."""
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, [command, "--sites", str(EXAMPLE_REGISTRY), "--db", str(db),
                                 "--site", "example-portal", "--site", "exmple-portal"])
    assert result.exit_code == 2, result.output
    err = " ".join(result.stderr.split())
    assert "unknown site exmple-portal" in err and "did you mean example-portal" in err
    assert "the registry has: example-portal" in err
    assert not db.exists()  # nothing was done


def test_a_registry_that_does_not_validate_is_a_usage_error_for_crawl(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 2\nsites: []\n", "utf-8")
    result = runner.invoke(app, ["crawl", "--sites", str(bad), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2 and "version must be 1" in result.stderr


# ---------------------------------------------------------------- run status of crawl / nightly summaries

def _crawl(sites: int, failed: int) -> dict:
    return {"sites": sites, "sites_failed": {f"s{i}": "HTTP 404" for i in range(failed)}}


def test_run_status_of_crawl_ingest_and_nightly_summaries():
    assert crawl_status(_crawl(2, 0)) == "ok"
    assert crawl_status(_crawl(2, 1)) == "partial"
    assert crawl_status(_crawl(2, 2)) == "failed"
    assert ingest_status({"parsed": 0, "loaded": 0, "failed": 0}) == "ok"
    assert ingest_status({"parsed": 3, "loaded": 2, "failed": 1}) == "partial"
    assert ingest_status({"parsed": 2, "loaded": 0, "failed": 2}) == "failed"
    fine = {"parsed": 2, "loaded": 2, "failed": 0}
    exported = {"comparison_csv": "c.csv", "rows": 2}
    assert nightly_status({"crawl": _crawl(2, 0), "ingest": fine, "export": exported}) == "ok"
    assert nightly_status({"crawl": _crawl(2, 1), "ingest": fine, "export": exported}) == "partial"
    assert nightly_status({"crawl": _crawl(2, 2), "ingest": fine, "export": exported}) == "failed"
    assert nightly_status({"crawl": _crawl(2, 0), "ingest": {"parsed": 1, "loaded": 0, "failed": 1},
                           "export": exported}) == "partial"
    assert nightly_status({"crawl": _crawl(2, 0), "ingest": fine, "export": {"error": "disk full"}}) == "partial"


def test_flow_runs_status_column_is_added_to_an_older_warehouse(tmp_path: Path, fresh_db: Path):
    """A warehouse from before migration 10 gains flow_runs.status, documented; its old runs keep NULL."""
    con = duckdb.connect(str(fresh_db))
    con.execute("ALTER TABLE flow_runs DROP COLUMN status")
    con.execute("DELETE FROM schema_migrations WHERE version = 10")
    con.execute("INSERT INTO flow_runs VALUES ('old', 'nightly', now(), now(), '{}')")
    con.close()
    con = open_warehouse(fresh_db)
    try:
        record_run(con, "new", "nightly", datetime(2026, 1, 1), {"status": "partial", "crawl": _crawl(2, 1)})
        assert con.execute("SELECT run_id, status FROM flow_runs ORDER BY run_id").fetchall() == [
            ("new", "partial"), ("old", None)]
        doc = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'flow_runs' "
                          "AND column_name = 'status'").fetchall()[0][0]
        assert doc == next(c.doc for c in FLOW_RUNS.columns if c.name == "status")
        summary = json.loads(con.execute("SELECT summary FROM flow_runs WHERE run_id = 'new'").fetchall()[0][0])
        assert summary["crawl"]["sites_failed"] == {"s0": "HTTP 404"}
    finally:
        con.close()


# ---------------------------------------------------------------- ogi serve

def test_serve_without_a_prefect_api_says_it_uses_a_temporary_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Regression (issue 17): without PREFECT_API_URL, `ogi serve` silently used a temporary server with no UI."""
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    args = ["serve", "--sites", str(EXAMPLE_REGISTRY), "--db", str(tmp_path / "w.duckdb"), "--dry-run"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    err = " ".join(result.stderr.split())
    assert "temporary local Prefect server" in err and "no UI" in err
    assert "prefect server start" in err and "PREFECT_API_URL=http://127.0.0.1:4200/api" in err
    assert "ogi-nightly" in result.stdout and "0 2 * * *" in result.stdout
    monkeypatch.setenv("PREFECT_API_URL", "http://10.0.0.5:4200/api")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "http://10.0.0.5:4200/api" in result.stderr and "temporary" not in result.stderr
    assert not (tmp_path / "w.duckdb").exists()
