"""README.md runs as written: the quickstart is exactly two commands (their recipes checked, the demo run
into a temporary folder), and the "Use the warehouse" section's shell, Python, R and Stata snippets work
against a small warehouse built here (SQL blocks run through DuckDB; R and Stata are not installed: their SQL runs
through DuckDB, the files and columns they read are checked)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.support.paths import REPO
from tests.support.synthetic import load_synthetic
from tests.support.warehouse import migrated_copy

README = (REPO / "README.md").read_text(encoding="utf-8")
WAREHOUSE_SECTION = "Use the warehouse from DuckDB, pandas, Polars, R and Stata"
BIN = Path(sys.executable).parent


def blocks(section: str) -> list[tuple[str, str]]:
    """(language, code) of the fenced blocks under `## section` (up to the next `## ` heading)."""
    start = README.index(f"\n## {section}\n")
    end = README.find("\n## ", start + 1)
    text = README[start:end if end > 0 else None]
    return re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


def commands(code: str) -> list[str]:
    """The shell commands of a block: continuation lines joined, comment-only lines dropped."""
    lines = code.replace("\\\n", " ").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def test_the_quickstart_is_two_make_commands_with_the_recipes_it_promises():
    (lang, code), *_ = blocks("Quickstart")
    assert lang == "bash"
    assert [shlex.split(c, comments=True) for c in commands(code)] == [["make", "demo"], ["make", "test"]]
    dry = subprocess.run(["make", "-n", "demo", "test", f"VENV={BIN.parent}"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    assert re.search(r"bin/ogi demo --db \S+ --exports out", dry)
    assert "ruff check ." in dry and "-m pytest" in dry


def test_make_notebooks_installs_jupyter_and_opens_the_notebooks():
    assert "make notebooks" in README
    dry = subprocess.run(["make", "-n", "notebooks", f"VENV={BIN.parent}"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    assert "pip install --quiet jupyterlab" in dry and "jupyter lab notebooks/" in dry


@pytest.mark.slow
def test_the_demo_runs_as_make_demo_runs_it(tmp_path: Path):
    """The demo recipe, on a free port, in a temporary folder (its warehouse and exports land there)."""
    dry = subprocess.run(["make", "-n", "demo", f"VENV={BIN.parent}", f"DB={tmp_path / 'ogi.duckdb'}"], cwd=REPO,
                         capture_output=True, text=True, check=True).stdout
    (line,) = [x for x in dry.splitlines() if "ogi demo" in x]
    res = subprocess.run(shlex.split(line) + ["--port", "0"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=600, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    assert (tmp_path / "out" / "comparison.csv").is_file()
    con = duckdb.connect(str(tmp_path / "ogi.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM documents WHERE n_facts > 0").fetchall()[0][0] > 0
    con.close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ogi.duckdb (4 county reports) and per_year.sql, where the section's shell commands ran."""
    work = tmp_path_factory.mktemp("readme")
    load_synthetic(migrated_copy(tmp_path_factory, work / "ogi.duckdb"), n_docs=4, n_facts=60)
    (work / "per_year.sql").write_text("SELECT year, count(*) AS n FROM documents GROUP BY year\n", encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    for lang, code in blocks(WAREHOUSE_SECTION):
        for command in commands(code) if lang == "bash" else []:
            _run_shell(command, work, env)
    return work


def _run_shell(command: str, cwd: Path, env: dict[str, str]) -> None:
    if command.startswith("duckdb ") and shutil.which("duckdb") is None:  # the CLI is optional: same SQL
        args = shlex.split(command, comments=True)
        con = duckdb.connect(str(cwd / args[-2]), read_only=True)
        assert con.sql(args[-1]).fetchall()
        con.close()
        return
    res = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=cwd, env=env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert res.returncode == 0, f"{command}\n{res.stderr}"


@pytest.mark.slow
def test_the_warehouse_snippets_run(workdir: Path):
    """The shell commands ran (in the fixture); the Python snippets run on what they wrote."""
    assert {"bash", "python", "r", "stata"} <= {lang for lang, _ in blocks(WAREHOUSE_SECTION)}
    assert len(pd.read_parquet(workdir / "counties.parquet")) > 0
    for lang, code in blocks(WAREHOUSE_SECTION):
        if lang == "python":
            res = subprocess.run([sys.executable, "-c", code], cwd=workdir, capture_output=True, text=True,
                                 timeout=120, check=False)
            assert res.returncode == 0, f"{code}\n{res.stderr}"


@pytest.mark.slow
def test_the_sql_r_and_stata_snippets_read_what_exists(workdir: Path):
    con = duckdb.connect(str(workdir / "ogi.duckdb"), read_only=True)
    for lang, code in blocks(WAREHOUSE_SECTION):
        if lang == "sql":
            con.sql(code).fetchall()
        if lang == "r":
            assert '"ogi.duckdb"' in code
            for sql in re.findall(r'"(SELECT [^"]+)"', code):
                assert con.sql(sql).fetchall(), sql
            for name in re.findall(r'read_\w+\("([^"]+)"\)', code):
                assert (workdir / name).is_file(), name
        if lang == "stata":
            (name,) = re.findall(r'using "([^"]+)"', code)
            table = pd.read_csv(workdir / name, encoding="utf-8-sig")
            assert "county" in set(table[re.search(r"keep if (\w+) ==", code).group(1)])
            for var in re.search(r"summarize (.+)", code).group(1).split():
                assert var in table.columns, var
    con.close()
