"""`ogi`: extract one report, ingest many into DuckDB, query and export the warehouse.

Commands stay thin: the pipeline lives in `pipeline.run`, the database in `warehouse`. Output
meant for machines (--json, --csv, exports) goes to stdout untouched; progress, logs and errors
go to stderr.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(
    help="Turn 政府信息公开工作年度报告 (Open Government Information annual reports) into a validated "
    "DuckDB dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PROSE_SHOWN = 20
PIPE_WIDTH = 160
DbOption = Annotated[Path, typer.Option("--db", help="Warehouse file (DuckDB), e.g. ogi.duckdb.")]


def _err() -> Console:
    # soft_wrap: error lines stay one line each (grep-able) even when stderr is not a terminal
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _out() -> Console:
    """stdout console; when stdout is a file or pipe, tables get room instead of 80 columns."""
    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = PIPE_WIDTH
    return console


def _fail(message: str) -> typer.Exit:
    _err().print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(1)


def _setup_logging(console: Console, level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(message)s", force=True,
                        handlers=[RichHandler(console=console, show_path=False, markup=False)])


def _num(v: Decimal | None) -> str:
    if v is None:
        return ""
    return format(v.normalize() if v != v.to_integral_value() else v.quantize(Decimal(1)), "f")


def _text(v: Any) -> str:
    """A database value as plain text: exact decimals without trailing zeros, lists comma-joined."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return _num(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(_text(x) for x in v)
    return str(v)


def _json_default(o: Any) -> Any:
    """Decimals (e.g. in check operands) as JSON numbers."""
    if isinstance(o, Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    return str(o)


# ---------------------------------------------------------------- extract

@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A report: .pdf, .html/.htm, .docx, .txt/.md or an image.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full record as JSON (facts keyed "
                                          "<table>/<row>/<col>, e.g. applications/granted/total = "
                                          "（一）予以公开 × 总计).")] = False,
) -> None:
    """Run the pipeline on one file and print what it found (nothing is written)."""
    from pipeline.errors import ExtractionError
    from pipeline.record import to_json
    from pipeline.run import extract_path

    try:
        rec = extract_path(file)
    except ExtractionError as exc:
        raise _fail(f"{exc.source}: {exc.stage} failed: {exc.reason}") from None
    except OSError as exc:
        raise _fail(f"{file}: cannot read: {exc.strerror or exc}") from None
    if as_json:
        typer.echo(json.dumps(to_json(rec), ensure_ascii=False, indent=2, default=_json_default))
        return
    _print_record(rec)


def _print_record(rec: Any) -> None:
    out = _out()
    meta = Table(show_header=False, box=None)
    region = rec.region
    where = (" ".join(x for x in (region.province, region.prefecture, region.county) if x) if region else "")
    for label, value in (
        ("source", rec.source), ("title", rec.title), ("doc type", rec.doc_type), ("year", rec.year),
        ("body", rec.body), ("region", f"{region.adcode or '?'} {where}".strip() if region else None),
        ("template", rec.template), ("format", rec.format), ("needs OCR", rec.needs_ocr),
    ):
        meta.add_row(f"[bold]{label}[/bold]", escape(_text(value)))
    out.print(meta)
    tables = Table("table", "status", "cells", "reason", title="Standard tables")
    for t in rec.tables:
        colour = {"found": "green", "partial": "yellow"}.get(t.status, "red")
        tables.add_row(t.table, f"[{colour}]{t.status}[/{colour}]", str(t.n_cells), escape(t.reason or ""))
    out.print(tables)
    failed = [c for c in rec.checks if c.status == "fail"]
    uncertain = sum(1 for c in rec.checks if c.status == "uncertain")
    counts = [p for p in rec.prose_counts if p.is_count]  # shares ('增长103%') are listed in --json only
    out.print(f"facts: {len(rec.facts)}   checks: {len(rec.checks)} "
              f"([red]{len(failed)} failed[/red], {uncertain} uncertain)   prose counts: {len(counts)} "
              f"(+{len(rec.prose_counts) - len(counts)} ratios)   score tables: {len(rec.score_tables)}")
    for c in failed:
        out.print(f"  [red]✗[/red] {c.identity} {escape(c.subject)}: {escape(c.message)}")
    for p in counts[:PROSE_SHOWN]:
        out.print(f"  • {escape(p.phrase)} → {p.value.kind} {_num(p.value.number)} "
                  f"{escape(p.metric or '')} {escape(p.scope or '')}".rstrip())
    if len(counts) > PROSE_SHOWN:
        out.print(f"  … {len(counts) - PROSE_SHOWN} more prose counts (see --json)")
    for w in rec.warnings:
        out.print(f"  [yellow]warning:[/yellow] {escape(w)}")


# ---------------------------------------------------------------- ingest

@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders. Folders are searched "
                                                "recursively for .pdf .html .htm .docx .txt .md .png .jpg .jpeg "
                                                "and files whose bytes say PDF/DOCX/HTML/image; hidden files, "
                                                "README.* and *.truth.json are skipped.")],
    db: DbOption,
    batch_size: Annotated[int, typer.Option(help="Documents loaded per transaction.")] = 50,
    timeout: Annotated[float, typer.Option(help="Seconds one document may take before it is given up.")] = 60.0,
    memory_mb: Annotated[int, typer.Option(help="Memory (MB) one document's reader may use.")] = 2048,
) -> None:
    """Extract every report under PATHS and load it into the warehouse (replacing older rows).

    Each file is read in a child process within --timeout and --memory-mb, so a hostile or broken
    file cannot hang or exhaust the run. A failing file is reported and recorded in the `errors`
    table; exit status 1 only if nothing loaded.
    """
    from pipeline.guard import Limits, guarded_extract
    from warehouse.connect import WarehouseError, open_warehouse
    from warehouse.ingest import default_extractor, discover, ingest_files, new_run_id

    err = _err()
    _setup_logging(err)
    files, missing = discover(paths)
    for p in missing:
        err.print(f"[red]error:[/red] {escape(str(p))}: no such file or folder")
    if not files:
        raise _fail("no input files found")
    try:
        con = open_warehouse(db)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    run_id = new_run_id()
    logging.getLogger(__name__).info("run %s: %d files into %s", run_id, len(files), db)
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True)
    try:
        with progress:
            task = progress.add_task("extracting", total=len(files))
            limits, reader = Limits(timeout_s=timeout, memory_mb=memory_mb), default_extractor()
            results = ingest_files(con, files, run_id, batch_size=batch_size,
                                   extract=lambda path: guarded_extract(path, limits, reader),
                                   on_extracted=lambda r: progress.advance(task))
    finally:
        con.close()
    _print_ingest_summary(results)
    for r in results:
        if not r.ok:
            err.print(f"[red]error:[/red] {escape(r.source)}: {escape(r.error or '')}")
    n_ok = sum(r.ok for r in results)
    err.print(f"ingested {n_ok} of {len(results)} files into {escape(str(db))} (run {run_id})")
    if n_ok == 0:
        raise typer.Exit(1)


def _print_ingest_summary(results: list[Any]) -> None:
    """One row per file; paths shown relative to the files' common folder to keep the table narrow."""
    sources = [Path(r.source) for r in results]
    root = Path(os.path.commonpath([p.parent for p in sources])) if sources else Path()
    table = Table(title=f"Ingest summary ({root})")
    table.add_column("file", overflow="fold", min_width=12)
    for name in ("doc type", "year", "region", "template", "facts", "failed checks"):
        table.add_column(name, overflow="fold")
    table.add_column("error", overflow="fold")
    for r, path in zip(results, sources):
        table.add_row(escape(str(path.relative_to(root)) if path.is_relative_to(root) else str(path)), r.doc_type or "", _text(r.year), escape(r.region or ""), r.template or "",
                      str(r.n_facts) if r.ok else "", str(r.n_failed_checks) if r.ok else "",
                      f"[red]{escape(r.stage)} failed[/red]" if r.stage else "")
    _out().print(table)


# ---------------------------------------------------------------- query / export

def _open_read_only(db: Path) -> Any:
    from warehouse.connect import WarehouseError, open_warehouse

    try:
        return open_warehouse(db, read_only=True)
    except WarehouseError as exc:
        raise _fail(str(exc)) from None


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run, e.g. \"SELECT year, count(*) FROM documents GROUP BY 1\".")],
    db: DbOption,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """Run SQL on a read-only connection (statements that write are refused) and print the result."""
    import duckdb

    con = _open_read_only(db)
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
    except duckdb.Error as exc:
        raise _fail(f"query failed: {exc}") from None
    finally:
        con.close()
    if as_csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(names)
        w.writerows([_text(v) for v in row] for row in rows)
        return
    table = Table(*names)
    for row in rows:
        table.add_row(*(escape(_text(v)) for v in row))
    _out().print(table)
    _err().print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


@app.command()
def export(
    name: Annotated[str, typer.Argument(help="Table or view, e.g. facts, documents, fact_matrix.")],
    db: DbOption,
    out: Annotated[Path, typer.Option("--out", help="Output file; .csv or .parquet decides the format.")],
) -> None:
    """Write a whole table or view to CSV or Parquet (read-only)."""
    from warehouse.schema import ident, quote

    formats = {".csv": "FORMAT csv, HEADER", ".parquet": "FORMAT parquet"}
    fmt = formats.get(out.suffix.lower())
    if fmt is None:
        raise _fail(f"{out}: output must end in .csv or .parquet")
    con = _open_read_only(db)
    try:
        known = {n for (n,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() UNION "
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database()"
        ).fetchall()}
        if name not in known:
            raise _fail(f"no table or view named {name!r} (have: {', '.join(sorted(known))})")
        n = con.execute(f"SELECT count(*) FROM {ident(name)}").fetchall()[0][0]
        con.execute(f"COPY (SELECT * FROM {ident(name)}) TO {quote(str(out))} ({fmt})")
    finally:
        con.close()
    _err().print(f"wrote {n} rows of {name} to {escape(str(out))}")


# ---------------------------------------------------------------- dictionary

@app.command()
def dictionary(
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of stdout.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the file (default docs/data_dictionary.md) "
                                        "differs from the schema.")] = False,
) -> None:
    """Print the data dictionary: every table and column, and every canonical fact key with its 中文 label."""
    from warehouse.dictionary import DEFAULT_PATH, render

    text = render()
    if check:
        path = out or DEFAULT_PATH
        current = path.read_text("utf-8") if path.exists() else ""
        if current != text:
            raise _fail(f"{path} is out of date: run `ogi dictionary --out {path}`")
        _err().print(f"{path} is up to date")
        return
    if out is None:
        typer.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, "utf-8")
    _err().print(f"wrote {escape(str(out))}")


# ---------------------------------------------------------------- evaluate

@app.command()
def evaluate(
    paths: Annotated[list[Path], typer.Argument(help="Documents or folders with <name>.truth.json beside them.")],
    truth_dir: Annotated[list[Path] | None, typer.Option("--truth-dir", help="Further folders holding truth files.")
                         ] = None,
) -> None:
    """Compare extraction with truth files (cells as printed, metadata, prose counts, failed checks)."""
    from pipeline.errors import ExtractionError
    from pipeline.evaluate import evaluate as score
    from pipeline.evaluate import format_table, load_truth, truth_path_for
    from pipeline.run import extract_path
    from warehouse.ingest import discover

    rows = []
    files, missing = discover(paths)
    for path in missing:
        _err().print(f"[red]error:[/red] {escape(str(path))} does not exist")
    for path in files:
        truth = truth_path_for(path, list(truth_dir or []) + [p / "truth" / "seeds" for p in paths if p.is_dir()])
        if truth is None:
            continue
        try:
            rows.append(score(extract_path(path), load_truth(truth)))
        except ExtractionError as exc:
            _err().print(f"[red]error:[/red] {escape(str(exc))}")
    typer.echo(format_table(rows))
    if not rows:
        raise _fail("no document with a truth file found")
    if not all(r.perfect and not r.prose_missing for r in rows):
        raise typer.Exit(1)


# Commands of later stages register here, one line each (kept at the end: no import cycles).
from pipeline.cli_compare import register as _register_compare; _register_compare(app)  # noqa: I001
from pipeline.cli_flows import register as _register_flows; _register_flows(app)  # noqa: I001


if __name__ == "__main__":
    app()
