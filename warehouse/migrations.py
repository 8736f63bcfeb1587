"""Ordered schema migrations of the tables, each applied once and recorded in `schema_migrations`.

DuckDB has no `PRAGMA user_version`, so the applied versions live in a table. Migration 1 builds
the schema from the definitions in `warehouse.schema`; a later change edits the definition *and*
appends a migration made with `add_column` (which uses `IF NOT EXISTS`, so a fresh database that
already got the column from migration 1 passes through it unchanged).

Views are not migrated: they hold no data, so `warehouse.views.refresh_views` recreates them from
today's SQL after the migrations whenever the file's recorded hashes differ (the descriptions of
migrations 1 and 4–6 name the views they once created).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb

from warehouse import crawl_tables, schema, tabledefs

log = logging.getLogger(__name__)


class SchemaTooNew(RuntimeError):
    """The file was written by a newer ogi-miner than this one."""


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


def add_column(table: str, column: tabledefs.Column) -> tuple[str, ...]:
    """Statements that add one documented column to an existing table."""
    return (
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {tabledefs.ident(column.name)} {column.sql_type}",
        f"COMMENT ON COLUMN {table}.{tabledefs.ident(column.name)} IS {tabledefs.quote(column.doc)}",
    )


def _initial() -> tuple[str, ...]:
    """Migration 1: every table but the two bookkeeping tables, which exist before any migration runs."""
    bookkeeping = (schema.SCHEMA_MIGRATIONS, schema.SCHEMA_VIEWS)
    return tuple(stmt for t in schema.TABLES if t not in bookkeeping for stmt in tabledefs.create_table_sql(t))


def _comparison() -> tuple[str, ...]:
    """Migration 4 (issue 6): the corrections table (the metric views come from warehouse.views)."""
    from warehouse.corrections import CORRECTIONS

    return tuple(tabledefs.create_table_sql(CORRECTIONS))


def _lasting_codes() -> tuple[str, ...]:
    """Migration 6 (issue 14): body kind, the report year's and today's region code, identity evidence; the
    views that key on today's code come from warehouse.views."""
    return (*(stmt for c in schema.IDENTITY_COLUMNS for stmt in add_column("documents", c)),
            f"COMMENT ON COLUMN documents.region_code IS {tabledefs.quote(schema.REGION_CODE.doc)}",
            f"COMMENT ON TABLE regions IS {tabledefs.quote(schema.REGIONS.doc)}")


def _pre2019_names() -> tuple[str, ...]:
    """Migration 7 (issue 15): 'pre2019' names the report forms before 2019 ('legacy' meant two things):
    the statistics-cell table and the harmonised values' source kind are renamed, their docs refreshed."""
    comments = tuple(stmt for t in schema.PRE2019_TABLES for stmt in tabledefs.create_table_sql(t)
                     if stmt.startswith("COMMENT"))
    return ("ALTER TABLE IF EXISTS legacy_stat_cells RENAME TO pre2019_stat_cells",
            "UPDATE harmonised_facts SET source_kind = 'pre2019_table' WHERE source_kind = 'legacy_table'",
            *comments)


def _revocable_corrections() -> tuple[str, ...]:
    """Migration 8 (issue 17): what a correction did (correct, add, accept) and its revocation; older rows were
    all corrections. The view facts_effective (warehouse.metric_views) skips revoked ones."""
    from warehouse.corrections import ACTION_COLUMNS, CORRECTIONS

    return (*(stmt for c in ACTION_COLUMNS for stmt in add_column("corrections", c)),
            "UPDATE corrections SET action = 'correct' WHERE action IS NULL",
            f"COMMENT ON TABLE corrections IS {tabledefs.quote(CORRECTIONS.doc)}")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema: documents, facts, table_status, prose_counts, checks, score tables, "
                 "regions, errors, fact_matrix view", _initial()),
    Migration(2, "OCR provenance on facts: bbox (cell box in image pixels) and image",
              tuple(stmt for c in schema.OCR_COLUMNS for stmt in add_column("facts", c))),
    Migration(3, "crawling: fetch_log, crawl_documents (raw store index), parse_cache, flow_runs",
              tuple(stmt for t in crawl_tables.CRAWL_TABLES for stmt in tabledefs.create_table_sql(t))),
    Migration(4, "comparison: corrections table; facts_effective, metrics_doc, metric_units, cross_year_checks, "
                 "metrics_body_year, metrics_region_year views", _comparison()),
    Migration(5, "pre-2019 reports: pre2019_stat_cells and harmonised_facts tables; harmonised_doc and "
                 "panel_body_year views",
              tuple(stmt for t in schema.PRE2019_TABLES for stmt in tabledefs.create_table_sql(t))),
    Migration(6, "lasting region codes: documents.body_kind, region_code_in_year, region_code_current, "
                 "region_code_note, identity_evidence; fact_matrix and the metric and panel views key on today's "
                 "code", _lasting_codes()),
    Migration(7, "pre-2019 names: legacy_stat_cells renamed pre2019_stat_cells, harmonised_facts.source_kind "
                 "'legacy_table' renamed 'pre2019_table'", _pre2019_names()),
    Migration(8, "revocable corrections: corrections.action (correct, add, accept), revoked_at, revoked_by, "
                 "revoke_reason (`ogi review undo`)", _revocable_corrections()),
    Migration(9, "documents that are not reports: documents.not_report_reason",
              add_column("documents", schema.NOT_REPORT_REASON)),
    Migration(10, "run status: flow_runs.status ('ok', 'partial', 'failed')",
              (*add_column("flow_runs", crawl_tables.RUN_STATUS),
               f"COMMENT ON TABLE flow_runs IS {tabledefs.quote(crawl_tables.FLOW_RUNS.doc)}")),
)

# Applied in ascending version order (versions are appended concurrently, gaps allowed).
MIGRATIONS = tuple(sorted(MIGRATIONS, key=lambda m: m.version))
LATEST = MIGRATIONS[-1].version


def utcnow() -> datetime:
    """Now in UTC without a zone: the bookkeeping tables' TIMESTAMP columns hold naive UTC."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the file has the table (bookkeeping tables are missing from files older than them)."""
    return con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND database_name = current_database()", [name]
    ).fetchall()[0][0] > 0


def applied_versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Versions recorded in the file (empty when the table does not exist yet)."""
    if not table_exists(con, schema.SCHEMA_MIGRATIONS.name):
        return []
    return [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every pending migration, each in its own transaction; returns the versions applied."""
    done = set(applied_versions(con))
    if done and max(done) > LATEST:
        raise SchemaTooNew(f"warehouse schema version {max(done)} is newer than this ogi-miner ({LATEST})")
    if not done:
        for stmt in tabledefs.create_table_sql(schema.SCHEMA_MIGRATIONS):
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
                "INSERT INTO schema_migrations VALUES (?, ?, ?)", [m.version, utcnow(), m.description]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        log.info("applied warehouse migration %d: %s", m.version, m.description)
        applied.append(m.version)
    return applied
