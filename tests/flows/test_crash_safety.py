"""Killing an ingest (SIGKILL) mid-batch leaves no half document; a re-run equals a clean run.

A second writer gets a clear "in use" error instead of a corrupt file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from tests.support.paths import EXAMPLES, REPO

N_COPIES = 12
FACT_COLUMNS = "doc_id, key, value, value_kind, raw_text, flags, validation_status"


def make_corpus(folder: Path) -> None:
    """Distinct documents (different bytes, same content) so each is its own warehouse row."""
    folder.mkdir()
    for i in range(N_COPIES):
        shutil.copy(EXAMPLES / "xuanwei_2021.html", folder / f"x{i:02d}.html")
        with (folder / f"x{i:02d}.html").open("ab") as fh:
            fh.write(f"<!-- copy {i} -->".encode())
        text = (EXAMPLES / "qingtongxia_2019.txt").read_bytes() + f"\n副本 {i}\n".encode()
        (folder / f"q{i:02d}.txt").write_bytes(text)


def ingest_cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(db), "--batch-size", "2"]


def facts_of(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT {FACT_COLUMNS} FROM facts ORDER BY doc_id, key").fetchall()
    finally:
        con.close()


def test_sigkill_mid_batch_then_rerun(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    db = tmp_path / "killed.duckdb"
    env = {**os.environ, "COLUMNS": "200"}
    proc = subprocess.Popen(ingest_cmd(corpus, db), cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            env=env, text=True)
    loaded = 0
    deadline = time.monotonic() + 120
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        loaded += line.count("loaded ")
        if loaded >= 5:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert loaded >= 5 and proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"

    con = duckdb.connect(str(db))
    try:
        partial = con.execute(
            "SELECT d.doc_id FROM documents d LEFT JOIN (SELECT doc_id, count(DISTINCT key) n FROM facts GROUP BY 1) f "
            "USING (doc_id) WHERE coalesce(f.n, 0) <> d.n_facts").fetchall()
        n_docs = con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
        orphans = con.execute("SELECT count(*) FROM facts WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
                              ).fetchall()[0][0]
    finally:
        con.close()
    assert partial == [] and orphans == 0
    assert n_docs < 2 * N_COPIES  # it really stopped part-way

    subprocess.run(ingest_cmd(corpus, db), cwd=REPO, check=True, capture_output=True, env=env)
    clean = tmp_path / "clean.duckdb"
    subprocess.run(ingest_cmd(corpus, clean), cwd=REPO, check=True, capture_output=True, env=env)
    assert facts_of(db) == facts_of(clean)


def test_second_writer_is_told_the_warehouse_is_in_use(tmp_path):
    db = tmp_path / "busy.duckdb"
    script = f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = subprocess.run(ingest_cmd(EXAMPLES, db), check=False, cwd=REPO, capture_output=True, text=True)
        assert result.returncode != 0
        assert "in use" in result.stderr
    finally:
        holder.kill()
        holder.wait()
