"""Queries behind the exports: the nightly comparison CSV, the demo's documents table, an analyst's
read-only query (`ogi query`) and a whole table or view to a file (`ogi export`).

`ogi compare` (warehouse.compare) is the richer, documented export; these are quick looks kept
stable for whoever reads the nightly files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from warehouse.tabledefs import ident, quote

EXPORT_FORMATS = {".csv": "FORMAT csv, HEADER", ".parquet": "FORMAT parquet"}

# comparison CSV column → canonical fact key (normalizers/standard_tables.yaml)
METRICS = (
    ("new_applications", "applications/new_received/total"),
    ("applications_total", "applications/total/total"),
    ("granted", "applications/granted/total"),
    ("partially_granted", "applications/partially_granted/total"),
    ("carried_forward", "applications/carried_forward/total"),
    ("reconsiderations", "review_litigation/review/total"),
    ("lawsuits", "review_litigation/litigation_direct/total"),
)


def comparison(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(header, rows): per document, region × year and the METRICS, keyed on today's region code
    (the year's beside it) so a county that became a district stays one row series."""
    cols = ", ".join(f"max(f.value) FILTER (WHERE f.key = '{key}') AS {name}" for name, key in METRICS)
    rows = con.execute(
        f"""
        SELECT coalesce(d.region_code_current, d.region_code) AS region_code, d.region_code_in_year,
               d.province, d.prefecture, d.county, d.body_kind, d.year, d.doc_type, d.template,
               d.n_facts, d.n_failed_checks, d.needs_ocr, {cols}, d.source
        FROM documents d LEFT JOIN facts f USING (doc_id)
        GROUP BY ALL ORDER BY 1 NULLS LAST, d.year, d.source
        """).fetchall()
    return [c[0] for c in con.description], rows


def documents_with_facts(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """(region_code, county, prefecture, year, format, n_facts, n_failed_checks, needs_ocr) of the
    documents whose standard tables gave facts, by region and year."""
    return con.execute(
        "SELECT region_code, county, prefecture, year, format, n_facts, n_failed_checks, needs_ocr "
        "FROM documents WHERE n_facts > 0 ORDER BY region_code, year").fetchall()


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple[Any, ...]]] | None:
    """(column names, rows) of an analyst's statement; None when it returns no result set."""
    cur = con.execute(sql)
    if cur.description is None:
        return None
    return [d[0] for d in cur.description], cur.fetchall()


def relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names of the warehouse's tables and (non-internal) views."""
    return {n for (n,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() UNION "
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database()"
    ).fetchall()}


def export_relation(con: duckdb.DuckDBPyConnection, name: str, out: Path) -> int:
    """Write table or view `name` whole to `out` (.csv or .parquet); the number of rows written.

    Raises ValueError naming the problem for an unknown relation or output suffix."""
    fmt = EXPORT_FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ValueError(f"{out}: output must end in .csv or .parquet")
    known = relations(con)
    if name not in known:
        raise ValueError(f"no table or view named {name!r} (have: {', '.join(sorted(known))})")
    n = con.execute(f"SELECT count(*) FROM {ident(name)}").fetchall()[0][0]
    con.execute(f"COPY (SELECT * FROM {ident(name)}) TO {quote(str(out))} ({fmt})")
    return n
