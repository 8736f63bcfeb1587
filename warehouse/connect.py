"""Opening the warehouse file: migrated when writable, read-only for queries and exports.

DuckDB allows one read-write process per file and reports a held lock as a generic IO error;
callers get `WarehouseBusy` with a message a user can act on instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from warehouse.migrations import LATEST, applied_versions, migrate


class WarehouseError(RuntimeError):
    """The warehouse file cannot be used as asked."""


class WarehouseBusy(WarehouseError):
    """Another process holds DuckDB's lock on the file."""


def open_warehouse(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Connect to the warehouse at `path`.

    Read-write connections create the file if needed and apply pending migrations; read-only
    connections never change the file and refuse one that does not exist or is not migrated.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path} (create it with `ogi ingest --db {path} ...`)")
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
    else:
        migrate(con)
    return con
