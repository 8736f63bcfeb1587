"""`ogi query`, `ogi export`: read the warehouse with SQL or write a table or view to a file (registered on the
main app by `register(app)`)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.console import DbOption, err, fail, open_db, out, text


def query(
    sql: Annotated[str, typer.Argument(help="SQL to run, e.g. \"SELECT year, count(*) FROM documents GROUP BY 1\".")],
    db: DbOption,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """Run SQL on a read-only connection (statements that write are refused) and print the result."""
    import duckdb

    from warehouse.exports import run_query

    con = open_db(db)
    try:
        result = run_query(con, sql)
    except duckdb.Error as exc:
        raise fail(f"query failed: {exc}") from None
    finally:
        con.close()
    if result is None:
        return
    names, rows = result
    if as_csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(names)
        w.writerows([text(v) for v in row] for row in rows)
        return
    table = Table(*names)
    for row in rows:
        table.add_row(*(escape(text(v)) for v in row))
    out().print(table)
    err().print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def export(
    name: Annotated[str, typer.Argument(help="Table or view, e.g. facts, documents, fact_matrix.")],
    db: DbOption,
    out: Annotated[Path, typer.Option("--out", help="Output file; .csv or .parquet decides the format.")],
) -> None:
    """Write a whole table or view to CSV or Parquet (read-only)."""
    from warehouse.exports import export_relation

    con = open_db(db)
    try:
        n = export_relation(con, name, out)
    except ValueError as exc:
        raise fail(str(exc)) from None
    finally:
        con.close()
    err().print(f"wrote {n} rows of {name} to {escape(str(out))}")


def register(app: typer.Typer) -> None:
    """Add `query` and `export` to the `ogi` app."""
    app.command("query")(query)
    app.command("export")(export)
