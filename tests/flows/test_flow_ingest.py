"""The Prefect ingest flow, in ephemeral mode with its own PREFECT_HOME (first run takes ~12 s)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from extractors.errors import ExtractionError
from flows import local_files as ingest_mod
from pipeline.record import DocumentRecord
from tests.support.prefect import prefect_module
from tests.support.synthetic import synthetic_record

TABLES = ["documents", "facts", "table_status", "prose_counts", "checks", "score_tables", "score_items", "regions",
          "errors"]


@pytest.fixture(scope="module")
def flows_ingest(tmp_path_factory):
    """flows.ingest imported only after Prefect's environment points at a private, offline home."""
    with prefect_module(tmp_path_factory, "flows.ingest") as module:
        yield module


def fake_extract(path: Path) -> DocumentRecord:
    text = path.read_text("utf-8")
    if text.startswith("bad"):
        raise ExtractionError(str(path), "open pdf", "not a readable PDF")
    if text.startswith("crash"):
        raise ValueError("bug in an extractor")
    return synthetic_record(int(text), n_facts=15, source=str(path))


@pytest.fixture
def reports(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(ingest_mod, "default_extractor", lambda: fake_extract)
    src = tmp_path / "reports"
    src.mkdir()
    for i in range(3):
        (src / f"r{i}.txt").write_text(str(i))
    (src / "bad.pdf").write_text("bad")
    (src / "crash.txt").write_text("crash")
    return src


def snapshot(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        con.close()


def test_extract_task_returns_failures_instead_of_raising(flows_ingest, reports: Path):
    ok = flows_ingest.extract_task.fn(str(reports / "r1.txt"))
    assert ok.ok and ok.record is not None and ok.n_facts == 15
    bad = flows_ingest.extract_task.fn(str(reports / "bad.pdf"))
    assert (bad.ok, bad.stage, bad.reason, bad.record) == (False, "open pdf", "not a readable PDF", None)


def test_flow_loads_good_files_records_bad_ones_and_is_idempotent(flows_ingest, reports: Path, tmp_path: Path):
    db = tmp_path / "flow.duckdb"
    summary = flows_ingest.ingest_flow([str(reports), str(tmp_path / "missing")], str(db))
    assert sorted(summary["loaded"]) == [str(reports / f"r{i}.txt") for i in range(3)]
    assert summary["failed"] == {
        str(reports / "bad.pdf"): "open pdf failed: not a readable PDF",
        str(reports / "crash.txt"): "extract failed: ValueError: bug in an extractor",
    }
    assert summary["missing"] == [str(tmp_path / "missing")]
    first = snapshot(db)
    assert len(first["documents"]) == 3 and len(first["facts"]) == 45
    assert sorted((r[1], r[2]) for r in first["errors"]) == [
        (str(reports / "bad.pdf"), "open pdf"), (str(reports / "crash.txt"), "extract")]

    flows_ingest.ingest_flow([str(reports)], str(db))
    assert snapshot(db) == first


def test_a_task_that_prefect_fails_is_recorded_not_fatal(flows_ingest, reports: Path, tmp_path: Path, monkeypatch):
    def broken(path: str, extract=None):
        if path.endswith("r1.txt"):
            raise MemoryError("worker died")
        return original(path)

    original = flows_ingest.extract_file
    monkeypatch.setattr(flows_ingest, "extract_file", broken)
    summary = flows_ingest.ingest_flow([str(reports)], str(tmp_path / "flow.duckdb"))
    assert summary["failed"][str(reports / "r1.txt")] == "extract failed: MemoryError: worker died"
    assert sorted(summary["loaded"]) == [str(reports / "r0.txt"), str(reports / "r2.txt")]
