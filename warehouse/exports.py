"""Every file the project exports, written one way (docs/exports.md), and the queries behind them: the
nightly comparison CSV, the demo's documents table, an analyst's query (`ogi query`) and a whole table or
view (`ogi export`); `ogi compare` (warehouse.compare) writes its frames through `write_frame`.

The convention, so that a file opens the same in Excel, pandas, R or Stata whichever command wrote it:
- CSV: UTF-8 with a byte-order mark in a file (Excel then reads the Chinese), none on stdout (pipes);
  NULL is an empty cell; lists and structs are JSON (`["approx_prose", "failed_check"]`).
- numbers: whole-number DECIMAL and HUGEINT (e.g. `sum()` of counts) as BIGINT, other DECIMALs (the
  warehouse's `facts.value` is DECIMAL(38,6)) as DOUBLE, so no reader gets Python Decimal objects.
- Parquet: the same columns and types, lists as Parquet lists. JSON: an array of objects, lists as arrays.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import duckdb
import pandas as pd

from warehouse.tabledefs import ident

FORMATS = ("csv", "json", "parquet")
SUFFIX_FORMAT = {".csv": "csv", ".json": "json", ".parquet": "parquet"}
BOM = "\ufeff".encode()
_NESTED = ("list", "struct", "map", "array", "union")
_BATCH = 10_000

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


def comparison_relation(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyRelation:
    """Per document, region × year and the METRICS, keyed on today's region code (the year's beside it)
    so a county that became a district stays one row series."""
    cols = ", ".join(f"max(f.value) FILTER (WHERE f.key = '{key}') AS {name}" for name, key in METRICS)
    return con.sql(
        f"""
        SELECT coalesce(d.region_code_current, d.region_code) AS region_code, d.region_code_in_year,
               d.province, d.prefecture, d.county, d.body_kind, d.year, d.doc_type, d.template,
               d.n_facts, d.n_failed_checks, d.needs_ocr, {cols}, d.source
        FROM documents d LEFT JOIN facts f USING (doc_id)
        GROUP BY ALL ORDER BY 1 NULLS LAST, d.year, d.source
        """)


def write_comparison(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """The nightly comparison CSV under the export convention; the number of rows written."""
    rel = comparison_relation(con)
    write_relation(rel, Path(out), "csv")
    return _count(rel)


def documents_with_facts(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """(region_code, county, prefecture, year, format, n_facts, n_failed_checks, needs_ocr) of the
    documents whose standard tables gave facts, by region and year."""
    return con.execute(
        "SELECT region_code, county, prefecture, year, format, n_facts, n_failed_checks, needs_ocr "
        "FROM documents WHERE n_facts > 0 ORDER BY region_code, year").fetchall()


def query_relation(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyRelation | None:
    """An analyst's statement as a lazy relation (a SELECT runs only when rows are fetched, so a limit
    reaches the SQL); None when it returns no result set. A statement that writes runs at once (and
    fails on a read-only connection)."""
    return con.sql(sql.strip().rstrip(";").strip())


def head(rel: duckdb.DuckDBPyRelation, limit: int, count: bool = True,
         ) -> tuple[list[str], list[tuple[Any, ...]], int | None]:
    """(names, at most `limit` rows (0: all), total rows): the limit is part of the SQL, so nothing past
    it is fetched; the total is counted only when there are more rows and `count` asks for it."""
    rows = (rel.limit(limit + 1) if limit else rel).fetchall()
    total: int | None = len(rows)
    if limit and len(rows) > limit:
        rows = rows[:limit]
        total = _count(rel) if count else None
    return list(rel.columns), rows, total


def _count(rel: duckdb.DuckDBPyRelation) -> int:
    return rel.aggregate("count(*)").fetchall()[0][0]


def convention(rel: duckdb.DuckDBPyRelation, fmt: str) -> duckdb.DuckDBPyRelation:
    """`rel` with its columns cast to the export convention for `fmt` (csv gets nested values as JSON)."""
    exprs = [_column(name, str(dtype), dtype.id, text=fmt == "csv") for name, dtype in zip(rel.columns, rel.dtypes)]
    return rel.project(", ".join(exprs))


def _column(name: str, type_name: str, type_id: str, text: bool) -> str:
    col = ident(name)
    if type_id == "decimal":
        scale = re.search(r",\s*(\d+)\)", type_name)
        type_id = "double" if scale and int(scale.group(1)) else "bigint"
        expr = f"CAST({col} AS {type_id.upper()})"
    elif type_id in ("hugeint", "uhugeint"):
        expr = f"CAST({col} AS BIGINT)"
    elif type_id == "null":  # a column of a frame that is all None
        expr = f"CAST({col} AS VARCHAR)"
    else:
        expr = col
    if text and type_id in _NESTED:
        expr = f"CAST(to_json({col}) AS VARCHAR)"
    elif text and type_id in ("double", "float"):  # 13, not 13.0: a count stored as DOUBLE reads as printed
        expr = (f"CASE WHEN isfinite({expr}) AND {expr} = round({expr}) AND abs({expr}) < 1e15 "
                f"THEN CAST(CAST({expr} AS BIGINT) AS VARCHAR) ELSE CAST({expr} AS VARCHAR) END")
    return f"{expr} AS {col}"


def write_relation(rel: duckdb.DuckDBPyRelation, out: Path | IO[bytes], fmt: str) -> None:
    """Write `rel` as csv, json or parquet to a file (CSV with a BOM) or a binary stream (no BOM)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    rel = convention(rel, fmt)
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            rel.write_parquet(str(out))
            return
        with out.open("wb") as fh:
            if fmt == "csv":
                fh.write(BOM)
            _write_stream(rel, fh, fmt)
    elif fmt == "parquet":
        raise ValueError("Parquet needs a file")
    else:
        _write_stream(rel, out, fmt)


def _write_stream(rel: duckdb.DuckDBPyRelation, fh: IO[bytes], fmt: str) -> None:
    if fmt == "csv":  # DuckDB's writer (quotes only where needed), through a private temporary file
        with tempfile.TemporaryDirectory(prefix="ogi-export-") as tmp:
            path = Path(tmp) / "out.csv"
            rel.write_csv(str(path), header=True)
            with path.open("rb") as src:
                shutil.copyfileobj(src, fh)
        return
    fh.write(b"[")
    for i, record in enumerate(_records(rel.to_arrow_reader(_BATCH))):
        fh.write((",\n" if i else "\n").encode() + json.dumps(record, ensure_ascii=False, default=_json).encode())
    fh.write(b"\n]\n")


def _records(batches: Any) -> Iterator[dict[str, Any]]:
    for batch in batches:
        yield from batch.to_pylist()


def _json(o: Any) -> Any:
    """Dates and times as ISO text, anything else DuckDB returns as its text."""
    return o.isoformat() if hasattr(o, "isoformat") else str(o)


def write_frame(df: pd.DataFrame, out: Path | IO[bytes], fmt: str | None = None) -> None:
    """A pandas frame (e.g. `ogi compare`'s) under the same convention; format from the suffix if not given."""
    fmt = fmt or (SUFFIX_FORMAT.get(out.suffix.lower(), "csv") if isinstance(out, Path) else "csv")
    with duckdb.connect() as mem:
        mem.register("frame", df)
        write_relation(mem.table("frame"), out, fmt)


def relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names of the warehouse's tables and (non-internal) views."""
    return {n for (n,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() UNION "
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database()"
    ).fetchall()}


def export_relation(con: duckdb.DuckDBPyConnection, name: str, out: Path) -> int:
    """Write table or view `name` whole to `out` (.csv, .json or .parquet); the number of rows written.

    Raises ValueError naming the problem for an unknown relation or output suffix."""
    fmt = SUFFIX_FORMAT.get(out.suffix.lower())
    if fmt is None:
        raise ValueError(f"{out}: output must end in .csv or .parquet (or .json)")
    known = relations(con)
    if name not in known:
        raise ValueError(f"no table or view named {name!r} (have: {', '.join(sorted(known))})")
    rel = con.table(name)
    write_relation(rel, out, fmt)
    return _count(rel)
