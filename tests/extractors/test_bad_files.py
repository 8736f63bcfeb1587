"""Hostile and broken files: each gives an error naming the file and why; nothing else stops.

The files come from scripts/make_bad_files.py (generated into a temporary folder, never committed).
"""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from extractors.errors import ExtractionError
from flows.sandbox import Limits, guarded_extract
from tests.support.paths import REPO
from tests.support.scripts import load_script

make_bad_files = load_script(REPO / "scripts" / "make_bad_files.py")

LIMITS = Limits(timeout_s=30, memory_mb=2048)
MEMORY_CEILING_MB = 2048


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    out = tmp_path_factory.mktemp("bad")
    return out, make_bad_files.write_bad_files(out)


@pytest.mark.parametrize("name", sorted(make_bad_files.EXPECTED))
def test_each_bad_file_gives_a_clear_error(bad_dir, name):
    folder, expected = bad_dir
    path = folder / name
    if expected[name] == "ok":
        rec = guarded_extract(path, LIMITS)
        assert rec.facts, f"{name} should still be read"
        return
    with pytest.raises(ExtractionError) as err:
        guarded_extract(path, LIMITS)
    assert err.value.source.endswith(name) and name in str(err.value)
    assert err.value.reason and "Traceback" not in err.value.reason


def test_children_stay_under_the_memory_ceiling(bad_dir):
    folder, expected = bad_dir
    for name in expected:
        try:
            guarded_extract(folder / name, LIMITS)
        except ExtractionError:
            pass
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < MEMORY_CEILING_MB, f"a reader child used {peak_mb:.0f} MB"


def test_time_limit_kills_a_slow_reader(tmp_path):
    def slow(path):  # stands in for a reader stuck on a pathological file
        import time

        time.sleep(30)

    (tmp_path / "slow.txt").write_text("二、主动公开政府信息情况", "utf-8")
    with pytest.raises(ExtractionError) as err:
        guarded_extract(tmp_path / "slow.txt", Limits(timeout_s=1), slow)
    assert "1 s limit" in err.value.reason


def test_memory_limit_stops_a_greedy_reader(tmp_path):
    def greedy(path):
        return bytearray(4 * 1024 * 1024 * 1024)  # 4 GB

    (tmp_path / "greedy.txt").write_text("x", "utf-8")
    with pytest.raises(ExtractionError) as err:
        guarded_extract(tmp_path / "greedy.txt", Limits(memory_mb=512), greedy)
    assert "memory" in err.value.reason


def test_ingest_of_a_folder_with_bad_files_loads_the_good_ones(bad_dir, tmp_path, fresh_db):
    import shutil

    import duckdb
    from typer.testing import CliRunner

    from flows.cli import app
    from tests.support.paths import EXAMPLES

    folder, expected = bad_dir
    mixed = tmp_path / "mixed"
    shutil.copytree(folder, mixed)
    for good in ("xuanwei_2021.html", "shuyang_2023.pdf"):
        shutil.copy(EXAMPLES / good, mixed / good)
    db = fresh_db
    result = CliRunner().invoke(app, ["ingest", str(mixed), "--db", str(db), "--timeout", "30"])
    assert result.exit_code == 1, result.output  # the bad files failed, the good ones loaded
    con = duckdb.connect(str(db), read_only=True)
    try:
        errors = {r[0].rsplit("/", 1)[-1] for r in con.execute("SELECT source FROM errors").fetchall()}
        loaded = {r[0].rsplit("/", 1)[-1] for r in con.execute("SELECT source FROM documents").fetchall()}
    finally:
        con.close()
    assert errors == {n for n, e in expected.items() if e == "error"}
    assert {"xuanwei_2021.html", "shuyang_2023.pdf", "gbk_declared_utf8.html"} <= loaded
