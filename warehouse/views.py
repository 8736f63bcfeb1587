"""Every view of the warehouse in dependency order, and the refresher that gives a file the code's views.

Tables change only through migrations; a view holds no data, so a file should always have the views of
the installed code. Each view's statements (`tabledefs.create_view_sql`) are hashed and the hashes recorded in
`schema_views`. A read-write open recreates *all* views when any recorded hash differs (DuckDB fixes a
view's columns when it is created, so the views built on a changed one must be recreated too) and does
nothing when they match: a current file costs one catalog query.
"""

from __future__ import annotations

import hashlib
import logging

import duckdb

from warehouse import metric_views, panel, schema, tabledefs
from warehouse.migrations import table_exists, utcnow

log = logging.getLogger(__name__)

# Dependency order: each view reads only tables and the views before it.
VIEWS: tuple[tabledefs.ViewDef, ...] = (*schema.VIEWS, *metric_views.VIEWS, *panel.VIEWS)


def view_hashes() -> dict[str, str]:
    """sha256 of each view's CREATE and COMMENT statements: its version, which changes when its SQL or docs do."""
    return {v.name: hashlib.sha256("\n".join(tabledefs.create_view_sql(v)).encode()).hexdigest() for v in VIEWS}


def _recorded(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Recorded hashes of the views the file really holds (empty for a file from before schema_views)."""
    if not table_exists(con, schema.SCHEMA_VIEWS.name):
        return {}
    return dict(con.execute(
        "SELECT s.name, s.sql_sha256 FROM schema_views s JOIN duckdb_views() v "
        "ON v.view_name = s.name AND v.database_name = current_database()"
    ).fetchall())


def stale_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Views whose SQL in the file is not the code's (missing or differently hashed), and recorded views the
    code no longer has; empty when the file is current."""
    recorded, code = _recorded(con), view_hashes()
    return [n for n, h in code.items() if recorded.get(n) != h] + [n for n in recorded if n not in code]


def refresh_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Recreate every view, in one transaction, when any is stale; returns the stale ones (none: nothing done).

    Recorded views the code no longer has are dropped; views a user made and nothing recorded are left alone.
    """
    stale = stale_views(con)
    if not stale:
        return []
    code = view_hashes()
    con.execute("BEGIN TRANSACTION")
    try:
        for stmt in tabledefs.create_table_sql(schema.SCHEMA_VIEWS):
            con.execute(stmt)
        for name in stale:
            if name not in code:
                con.execute(f"DROP VIEW IF EXISTS {tabledefs.ident(name)}")
        for v in VIEWS:
            for stmt in tabledefs.create_view_sql(v):
                con.execute(stmt)
        con.execute("DELETE FROM schema_views")
        now = utcnow()
        con.executemany("INSERT INTO schema_views VALUES (?, ?, ?)", [[n, h, now] for n, h in code.items()])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    log.info("recreated the warehouse views from this ogi-miner's SQL (out of date: %s)", ", ".join(stale))
    return stale
