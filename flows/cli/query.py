"""`ogi query`, `ogi export`: read the warehouse with SQL or write a table or view to a file (registered on the
main app by `register(app)`). Files follow the export convention of warehouse.exports (docs/exports.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from flows.cli.console import EXIT_NOTHING, DbOption, err, fail, open_db, out, usage_error

TABLE_LIMIT = 50


def query(
    db: DbOption,
    sql: Annotated[str | None, typer.Argument(
        help="SQL to run, e.g. \"SELECT year, count(*) FROM documents GROUP BY 1\"; - reads it from stdin.",
        show_default=False)] = None,
    file: Annotated[Path | None, typer.Option("-f", "--file", help="Read the SQL from this file.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="table | csv | json | parquet (needs --out). Default: from the --out suffix, else "
        "table.")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of stdout "
                                                  "(CSV files get a byte-order mark for Excel).")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", help=f"At most N rows, applied in the SQL; 0 for all. Default: {TABLE_LIMIT} for a table, all "
        "for csv/json/parquet. The total is printed to stderr.")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="Same as --format csv.")] = False,
) -> None:
    """Run SQL on a read-only connection (statements that write are refused) and print or write the result.

    A table fits the terminal: values are cut with '…' (headers never); when the columns do not fit side by
    side, each row is printed as a record, one column per line.
    """
    import duckdb

    from warehouse.exports import head, query_relation

    statement = _read_sql(sql, file)
    fmt = _format(fmt, as_csv, out_path)
    if limit is not None and limit < 0:
        raise usage_error("--limit must be 0 (all rows) or more")
    limit = (TABLE_LIMIT if fmt == "table" else 0) if limit is None else limit
    con = open_db(db)
    try:
        rel = query_relation(con, statement)
        if rel is None:
            return
        if fmt == "table":
            names, rows, total = head(rel, limit)
            _print_table(names, rows)
        else:
            total = _write(rel, fmt, out_path, limit)
        err().print(_total(total, limit))
    except duckdb.ProgrammingError as exc:  # does not parse, names nothing there, writes: the SQL is wrong
        raise usage_error(f"query failed: {exc}") from None
    except duckdb.Error as exc:  # the SQL is right but could not run (memory, a value it cannot convert)
        raise fail(f"query failed: {exc}", EXIT_NOTHING) from None
    finally:
        con.close()


def _read_sql(sql: str | None, file: Path | None) -> str:
    if (sql is None) == (file is None):
        raise usage_error("give the SQL either as an argument (- for stdin) or with -f FILE")
    if file is not None:
        try:
            sql = file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise usage_error(f"cannot read {file}: {exc.strerror}") from None
    elif sql == "-":
        sql = sys.stdin.read()
    if not (sql or "").strip():
        raise usage_error("the SQL is empty")
    return str(sql)


def _format(fmt: str | None, as_csv: bool, out_path: Path | None) -> str:
    from warehouse.exports import FORMATS, SUFFIX_FORMAT

    if as_csv:
        fmt = fmt or "csv"
    if fmt is None:
        fmt = SUFFIX_FORMAT.get(out_path.suffix.lower(), "csv") if out_path else "table"
    if fmt not in ("table", *FORMATS):
        raise usage_error(f"--format must be table, {', '.join(FORMATS)}; got {fmt!r}")
    if fmt == "parquet" and out_path is None:
        raise usage_error("--format parquet needs --out FILE")
    if fmt == "table" and out_path is not None:
        raise usage_error("--out writes csv, json or parquet; a table goes to the terminal")
    return fmt


def _print_table(names: list[str], rows: list[tuple]) -> None:
    from flows.cli.fit_table import render

    lines = render(names, rows, out().width)
    sys.stdout.write("".join(line + "\n" for line in lines))


def _write(rel, fmt: str, out_path: Path | None, limit: int) -> int:
    """Write the first `limit` rows (0: all); the total number of rows of the query."""
    from warehouse.exports import write_relation

    write_relation(rel.limit(limit) if limit else rel, out_path or sys.stdout.buffer, fmt)
    sys.stdout.flush()
    total = rel.aggregate("count(*)").fetchall()[0][0]
    if out_path is not None:
        err().print(f"wrote {min(total, limit or total):,} rows to {escape(str(out_path))}")
    return total


def _total(total: int | None, limit: int) -> str:
    if total is None:
        return f"first {limit} rows; --limit 0 for all"
    if limit and total > limit:
        return f"{limit:,} of {total:,} rows; --limit 0 for all"
    return f"{total:,} row{'' if total == 1 else 's'}"


def export(
    name: Annotated[str, typer.Argument(help="Table or view, e.g. facts, documents, fact_matrix.")],
    db: DbOption,
    out: Annotated[Path, typer.Option("--out", help="Output file; .csv, .json or .parquet decides the format.")],
) -> None:
    """Write a whole table or view to CSV (UTF-8 with BOM), JSON or Parquet (read-only); docs/exports.md."""
    from warehouse.exports import export_relation

    con = open_db(db)
    try:
        n = export_relation(con, name, out)
    except ValueError as exc:  # an unknown table or view, an output suffix it cannot write
        raise usage_error(str(exc)) from None
    finally:
        con.close()
    err().print(f"wrote {n} rows of {name} to {escape(str(out))}")


def register(app: typer.Typer) -> None:
    """Add `query` and `export` to the `ogi` app."""
    app.command("query")(query)
    app.command("export")(export)
