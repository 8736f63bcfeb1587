"""Warehouses built once per session and copied per test: an empty migrated one (migrating a new file costs
about a second), and one of the example corpus (and the shared corpus when present)."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from tests.support.paths import EXAMPLES, SHARED_CORPUS
from warehouse.connect import open_warehouse


@lru_cache(maxsize=1)
def _migrated(tmp_root: str) -> Path:
    db = Path(tmp_root) / "empty.duckdb"
    open_warehouse(db).close()
    return db


def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.getbasetemp() / "migrated_base"
    root.mkdir(exist_ok=True)
    return _migrated(str(root))


def migrated_copy(tmp_path_factory: pytest.TempPathFactory, dst: Path) -> Path:
    """An empty, fully migrated warehouse at `dst`, copied from one migrated once per session."""
    shutil.copy(_template(tmp_path_factory), dst)
    return dst


@lru_cache(maxsize=1)
def _built(tmp_root: str, template: str) -> Path:
    from flows.local_files import find_files, ingest_files

    db = Path(tmp_root) / "w6.duckdb"
    shutil.copy(template, db)
    paths = [EXAMPLES] + ([SHARED_CORPUS] if SHARED_CORPUS.is_dir() else [])
    files, _ = find_files(paths)
    con = open_warehouse(db)
    try:
        ingest_files(con, files)
    finally:
        con.close()
    return db


def warehouse_copy(tmp_path_factory: pytest.TempPathFactory, name: str = "copy") -> Path:
    """A private copy of the example + shared-corpus warehouse (built once per session)."""
    root = tmp_path_factory.getbasetemp() / "w6_base"
    root.mkdir(exist_ok=True)
    src = _built(str(root), str(_template(tmp_path_factory)))
    dst = tmp_path_factory.mktemp(name) / "w.duckdb"
    shutil.copy(src, dst)
    return dst
