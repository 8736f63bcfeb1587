"""Ordered schema migrations, each applied once and recorded in `schema_migrations`.

DuckDB has no `PRAGMA user_version`, so the applied versions live in a table. Migration 1 builds
the schema from the definitions in `warehouse.schema`; a later change edits the definition *and*
appends a migration made with `add_column` (which uses `IF NOT EXISTS`, so a fresh database that
already got the column from migration 1 passes through it unchanged).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb

from warehouse import schema

log = logging.getLogger(__name__)


class SchemaTooNew(RuntimeError):
    """The file was written by a newer ogi-miner than this one."""


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


def add_column(table: str, column: schema.Column) -> tuple[str, ...]:
    """Statements that add one documented column to an existing table."""
    return (
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {schema.ident(column.name)} {column.sql_type}",
        f"COMMENT ON COLUMN {table}.{schema.ident(column.name)} IS {schema.quote(column.doc)}",
    )


def _initial() -> tuple[str, ...]:
    stmts: list[str] = []
    for t in schema.TABLES:
        if t is not schema.SCHEMA_MIGRATIONS:
            stmts += schema.create_table_sql(t)
    for v in schema.VIEWS:
        stmts += schema.create_view_sql(v)
    return tuple(stmts)


def _identity_columns() -> tuple[str, ...]:
    """The documents columns of migration 6 (body kind, the year's and today's region code, identity
    evidence). Migration 4 adds them too: its views are built from today's SQL, which reads them, so a
    file from before migration 4 must have them first (IF NOT EXISTS makes the second add a no-op)."""
    return tuple(stmt for c in schema.IDENTITY_COLUMNS for stmt in add_column("documents", c))


def _comparison() -> tuple[str, ...]:
    """Migration 4 (issue 6): the corrections table and the metric views of warehouse.metrics."""
    from warehouse.corrections import CORRECTIONS
    from warehouse.metrics import VIEWS as METRIC_VIEWS

    stmts = [*_identity_columns(), *schema.create_table_sql(CORRECTIONS)]
    for v in METRIC_VIEWS:
        stmts += schema.create_view_sql(v)
    return tuple(stmts)


def _legacy() -> tuple[str, ...]:
    """Migration 5 (issue 8): legacy statistics cells, harmonised values, the harmonised panel views."""
    from warehouse.panel import VIEWS as PANEL_VIEWS

    stmts = [stmt for t in schema.LEGACY_TABLES for stmt in schema.create_table_sql(t)]
    for v in PANEL_VIEWS:
        stmts += schema.create_view_sql(v)
    return tuple(stmts)


def _lasting_codes() -> tuple[str, ...]:
    """Migration 6 (issue 14): body kind, the report year's and today's region code, identity evidence; every
    view that keys on region_code is rebuilt to key on today's code."""
    from warehouse.metrics import VIEWS as METRIC_VIEWS
    from warehouse.panel import VIEWS as PANEL_VIEWS

    stmts = [*_identity_columns(),
             f"COMMENT ON COLUMN documents.region_code IS {schema.quote(schema.REGION_CODE.doc)}",
             f"COMMENT ON TABLE regions IS {schema.quote(schema.REGIONS.doc)}"]
    for v in (*schema.VIEWS, *METRIC_VIEWS, *PANEL_VIEWS):
        stmts += schema.create_view_sql(v)
    return tuple(stmts)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema: documents, facts, table_status, prose_counts, checks, score tables, "
                 "regions, errors, fact_matrix view", _initial()),
    Migration(2, "OCR provenance on facts: bbox (cell box in image pixels) and image",
              tuple(stmt for c in schema.OCR_COLUMNS for stmt in add_column("facts", c))),
    Migration(3, "crawling: fetch_log, crawl_documents (raw store index), parse_cache, flow_runs",
              tuple(stmt for t in schema.CRAWL_TABLES for stmt in schema.create_table_sql(t))),
    Migration(4, "comparison: corrections table; facts_effective, metrics_doc, metric_units, cross_year_checks, "
                 "metrics_body_year, metrics_region_year views", _comparison()),
    Migration(5, "pre-2019 reports: legacy_stat_cells and harmonised_facts tables; harmonised_doc and "
                 "panel_body_year views", _legacy()),
    Migration(6, "lasting region codes: documents.body_kind, region_code_in_year, region_code_current, "
                 "region_code_note, identity_evidence; fact_matrix and the metric and panel views key on today's "
                 "code", _lasting_codes()),
)

# Applied in ascending version order (versions are appended concurrently, gaps allowed).
MIGRATIONS = tuple(sorted(MIGRATIONS, key=lambda m: m.version))
LATEST = MIGRATIONS[-1].version


def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def applied_versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Versions recorded in the file (empty when the table does not exist yet)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations' "
        "AND database_name = current_database()"
    ).fetchall()[0][0]
    if not exists:
        return []
    return [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every pending migration, each in its own transaction; returns the versions applied."""
    done = set(applied_versions(con))
    if done and max(done) > LATEST:
        raise SchemaTooNew(f"warehouse schema version {max(done)} is newer than this ogi-miner ({LATEST})")
    if not done:
        for stmt in schema.create_table_sql(schema.SCHEMA_MIGRATIONS):
            con.execute(stmt)
    applied = []
    for m in MIGRATIONS:
        if m.version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in m.statements:
                con.execute(stmt)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)", [m.version, _utcnow(), m.description]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        log.info("applied warehouse migration %d: %s", m.version, m.description)
        applied.append(m.version)
    return applied
