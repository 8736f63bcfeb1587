"""Queries behind the nightly flow's exports: the comparison CSV and the demo's documents table.

`ogi compare` (warehouse.compare) is the richer, documented export; these are quick looks kept
stable for whoever reads the nightly files.
"""

from __future__ import annotations

from typing import Any

import duckdb

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
