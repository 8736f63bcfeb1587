"""A warehouse of the example corpus (and the shared corpus when present), built once per session."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from tests.support.paths import EXAMPLES, SHARED_CORPUS
from warehouse.connect import open_warehouse


@lru_cache(maxsize=1)
def _built(tmp_root: str) -> Path:
    from flows.local_files import find_files, ingest_files

    db = Path(tmp_root) / "w6.duckdb"
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
    src = _built(str(root))
    dst = tmp_path_factory.mktemp(name) / "w.duckdb"
    shutil.copy(src, dst)
    return dst
