"""Opening the warehouse file: migrated and its views refreshed when writable, read-only for queries and exports.

DuckDB allows one read-write process per file and reports a held lock as a generic IO error;
callers get `WarehouseBusy` with a message a user can act on instead.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import duckdb

from warehouse.migrations import LATEST, applied_versions, migrate
from warehouse.views import VIEWS, refresh_views, stale_views

log = logging.getLogger(__name__)

# Files already warned about in this process: a command opening one file many times says it once.
_WARNED_STALE: set[Path] = set()


class WarehouseError(RuntimeError):
    """The warehouse file cannot be used as asked."""


class WarehouseMissing(WarehouseError):
    """No file where the warehouse was said to be (a read-only open never creates one)."""


class WarehouseBusy(WarehouseError):
    """Another process holds DuckDB's lock on the file."""


def open_warehouse(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Connect to the warehouse at `path`.

    Read-write connections create the file if needed, apply pending migrations and recreate views whose
    SQL is not the code's; read-only connections never change the file, refuse one that does not exist or
    is not migrated, and warn (once per file) when its views are older than the code.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseMissing(f"no warehouse at {path} (create it with `ogi ingest --db {path} ...`)")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            pid = re.search(r"PID (\d+)", str(exc))
            held = f" (PID {pid.group(1)})" if pid else ""
            raise WarehouseBusy(f"warehouse {path} is in use by another process{held}") from exc
        raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc
    if read_only:
        versions = applied_versions(con)
        if not versions or max(versions) < LATEST:
            con.close()
            raise WarehouseError(
                f"warehouse {path} has schema version {max(versions, default=0)}, expected {LATEST}: "
                "open it once read-write (e.g. `ogi ingest`) to migrate it"
            )
        stale = stale_views(con)
        if stale and path.resolve() not in _WARNED_STALE:
            _WARNED_STALE.add(path.resolve())
            which = "all its views" if {v.name for v in VIEWS} <= set(stale) else "views " + ", ".join(stale)
            log.warning("warehouse %s has %s from an older ogi-miner: queries of them use the old definitions "
                        "until the file is opened once read-write (e.g. `ogi ingest`), which refreshes them",
                        path, which)
    else:
        migrate(con)
        refresh_views(con)
    return con


def database_path(con: duckdb.DuckDBPyConnection) -> str | None:
    """The file behind `con` (None for an in-memory database): where files beside the warehouse go."""
    rows = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return rows[0][0] if rows and rows[0][0] else None
