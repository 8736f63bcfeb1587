"""`ogi ingest --workers N`: the same warehouse rows as one file at a time, failures kept per file."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from extractors.errors import ExtractionError
from flows import local_files as ingest_mod
from flows.cli import app
from flows.local_files import FileResult, extracted_in_order
from pipeline.record import DocumentRecord
from tests.support.paths import REPO
from tests.support.synthetic import synthetic_record

runner = CliRunner()
RUN_DEPENDENT = {"run_id"}  # and every timestamp column: when a row was loaded differs between warehouses


def warehouse_rows(db: Path) -> dict[str, list[tuple]]:
    """Every content table's rows, sorted, without the columns that say when or in which run."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        rows = {}
        for t in tables:
            cols = [c for c, kind in con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [t]).fetchall() if c not in RUN_DEPENDENT and "TIMESTAMP" not in kind]
            rows[t] = sorted(con.execute(f'SELECT {", ".join(cols)} FROM "{t}"').fetchall(), key=repr)
        return rows
    finally:
        con.close()


def test_results_come_back_in_input_order_with_bounded_concurrency():
    running, most, started = [0], [0], [0]
    lock = threading.Lock()

    def extract(path: Path) -> DocumentRecord:
        with lock:
            running[0] += 1
            started[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.002 * (int(path.name) % 5))  # later files often finish first
        with lock:
            running[0] -= 1
        return synthetic_record(int(path.name), n_facts=3, source=str(path))

    files = [Path(str(i)) for i in range(40)]
    results = extracted_in_order(files, extract, workers=3)
    out: list[FileResult] = [next(results)]
    assert started[0] <= 6  # memory stays bounded: at most 2 × workers files ahead of the loader
    out += list(results)
    assert [r.source for r in out] == [str(f) for f in files]
    assert all(r.ok and r.n_facts == 3 for r in out)
    assert most[0] <= 3


def slow_or_bad(path: Path) -> DocumentRecord:
    """Stand-in reader (run in the sandbox's child): 'slow' files hang, 'bad' ones fail."""
    text = path.read_text("utf-8")
    if text == "slow":
        time.sleep(30)
    if text == "bad":
        raise ExtractionError(str(path), "detect format", "garbage")
    return synthetic_record(int(text), n_facts=8, source=str(path))


def test_a_hanging_and_a_bad_file_fail_alone_with_two_workers(tmp_path: Path, fresh_db: Path, monkeypatch):
    monkeypatch.setattr(ingest_mod, "default_extractor", lambda: slow_or_bad)
    src = tmp_path / "reports"
    src.mkdir()
    for i in range(6):
        (src / f"r{i}.txt").write_text(str(i))
    monkeypatch.setattr(ingest_mod, "WARM_UP_FILES", 100)  # the real readers are not used here
    (src / "r2_bad.txt").write_text("bad")
    (src / "r3_slow.txt").write_text("slow")
    result = runner.invoke(app, ["ingest", str(src), "--db", str(fresh_db), "--workers", "2", "--timeout", "2"])
    assert result.exit_code == 1, result.output  # some files failed, the rest loaded
    assert "ingested 6 of 8 files" in result.stderr
    errors = warehouse_rows(fresh_db)["errors"]
    assert [(s, st) for s, st, _ in errors] == [(str(src / "r2_bad.txt"), "detect format"),
                                                (str(src / "r3_slow.txt"), "extract")]
    assert "longer than the 2 s limit" in errors[1][2]
    assert len(warehouse_rows(fresh_db)["documents"]) == 6


def test_exit_status_is_unchanged_when_every_file_fails(tmp_path: Path, fresh_db: Path, monkeypatch):
    monkeypatch.setattr(ingest_mod, "default_extractor", lambda: slow_or_bad)
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("bad")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(fresh_db), "--workers", "2"])
    assert result.exit_code == 3  # nothing could be done
    assert "ingested 0 of 3 files" in result.stderr
    assert runner.invoke(app, ["ingest", str(tmp_path), "--db", str(fresh_db), "--workers", "0"]).exit_code == 2


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Real reports of each text format plus a corrupt PDF, through the real pipeline."""
    src = tmp_path / "reports"
    src.mkdir()
    for name in ("xuanwei_2021.html", "hongze_2022.md", "qingtongxia_2019.txt", "shiping_2022.docx",
                 "zhaotong_2020_traditional.html", "corrupt_truncated.pdf"):
        (src / name).write_bytes((REPO / "examples" / name).read_bytes())
    (src / "gbk_report.html").write_bytes((REPO / "tests" / "fixtures" / "html" / "gbk_report.html").read_bytes())
    return src


def test_two_workers_give_the_same_warehouse_as_one(mixed_folder: Path, tmp_path: Path, fresh_db: Path,
                                                    monkeypatch):
    one, two = fresh_db, tmp_path / "two.duckdb"
    two.write_bytes(one.read_bytes())
    serial = runner.invoke(app, ["ingest", str(mixed_folder), "--db", str(one), "--batch-size", "3"])
    monkeypatch.setattr(ingest_mod, "WARM_UP_FILES", 1)  # and children forked from a warmed-up parent
    parallel = runner.invoke(app, ["ingest", str(mixed_folder), "--db", str(two), "--batch-size", "3",
                                   "--workers", "2"])
    assert serial.exit_code == parallel.exit_code == 1, parallel.output  # the corrupt PDF failed
    assert serial.stdout == parallel.stdout  # the same per-file summary, in the same order
    rows = warehouse_rows(one)
    assert len(rows["documents"]) == 6 and len(rows["errors"]) == 1 and rows["facts"]
    assert warehouse_rows(two) == rows
    again = runner.invoke(app, ["ingest", str(mixed_folder), "--db", str(two), "--workers", "2"])
    assert again.exit_code == 1 and warehouse_rows(two) == rows


def test_warming_up_reads_each_bundled_example_in_this_process(monkeypatch):
    seen: list[str] = []

    def extract(path: Path) -> DocumentRecord:
        seen.append(path.name)
        return synthetic_record(1, n_facts=1, source=str(path))

    monkeypatch.setattr(ingest_mod, "extract_path", extract)
    ingest_mod.warm_up_readers()
    assert seen == list(ingest_mod.WARM_UP_EXAMPLES)
