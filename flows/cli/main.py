"""`ogi`: extract one report, ingest many into DuckDB, query and export the warehouse.

Commands stay thin: the pipeline lives in `pipeline.run`, the database in `warehouse`. Output
meant for machines (--json, --csv, exports) goes to stdout untouched; progress, logs and errors
go to stderr.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows.cli.console import (
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    DbOption,
    err,
    fail,
    json_default,
    num,
    open_db,
    out,
    setup_logging,
    text,
)

app = typer.Typer(
    help="Turn 政府信息公开工作年度报告 (Open Government Information annual reports) into a validated "
    "DuckDB dataset.\n\n"
    "Exit status, the same for every command:\n\n"
    f"{EXIT_OK} everything asked for was done;\n\n"
    f"{EXIT_PARTIAL} some documents or sites failed (the rest was done and loaded; the errors are on stderr, "
    "in the `errors` table and in `flow_runs`), or a check (`--check`, `evaluate`, `sites validate`) "
    "found a difference;\n\n"
    f"{EXIT_USAGE} the command was asked wrongly: a path or site id that does not exist, an unknown fact key, "
    "an option value out of range;\n\n"
    f"{EXIT_NOTHING} nothing could be done (no input found, every file or site failed).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PROSE_SHOWN = 20


def _print_version(value: bool) -> None:
    """`--version`: the package and the parser version (records carry the latter as parser_version)."""
    if not value:
        return
    from importlib.metadata import PackageNotFoundError, version

    from pipeline.run import PARSER_VERSION

    try:
        package = version("ogi-miner")
    except PackageNotFoundError:  # run from a checkout that was never installed
        package = "(not installed)"
    typer.echo(f"ogi-miner {package} (parser {PARSER_VERSION})")
    raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[bool, typer.Option("--version", "-V", is_eager=True, callback=_print_version,
                                               help="Print the ogi-miner and parser versions and exit.")] = False,
) -> None:
    pass


def _paths_exist(paths: list[Path]) -> None:
    """A path that does not exist is a usage error (status 2), raised before anything is done."""
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        err().print(f"[red]error:[/red] {escape(str(p))}: no such file or folder")
    if missing:
        raise typer.Exit(EXIT_USAGE)


# ---------------------------------------------------------------- extract

@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A report: .pdf, .html/.htm, .docx, .txt/.md or an image.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full record as JSON (facts keyed "
                                          "<table>/<row>/<col>, e.g. applications/granted/total = "
                                          "（一）予以公开 × 总计).")] = False,
) -> None:
    """Run the pipeline on one file and print what it found (nothing is written).

    Exit status 3 when the file cannot be read, 2 when it does not exist.
    """
    from extractors.errors import ExtractionError
    from flows.local_files import extract_path
    from pipeline.record import to_json

    _paths_exist([file])
    try:
        rec = extract_path(file)
    except ExtractionError as exc:
        raise fail(f"{exc.source}: {exc.stage} failed: {exc.reason}", EXIT_NOTHING) from None
    except OSError as exc:
        raise fail(f"{file}: cannot read: {exc.strerror or exc}", EXIT_NOTHING) from None
    if as_json:
        typer.echo(json.dumps(to_json(rec), ensure_ascii=False, indent=2, default=json_default))
        return
    _print_record(rec)


def _print_record(rec: Any) -> None:
    console = out()
    meta = Table(show_header=False, box=None)
    region = rec.region
    where = (" ".join(x for x in (region.province, region.prefecture, region.county) if x) if region else "")
    for label, value in (
        ("source", rec.source), ("title", rec.title), ("doc type", rec.doc_type), ("year", rec.year),
        ("body", rec.body), ("region", f"{region.adcode or '?'} {where}".strip() if region else None),
        ("template", rec.template), ("format", rec.format), ("needs OCR", rec.needs_ocr),
    ):
        meta.add_row(f"[bold]{label}[/bold]", escape(text(value)))
    console.print(meta)
    tables = Table("table", "status", "cells", "reason", title="Standard tables")
    for t in rec.tables:
        colour = {"found": "green", "partial": "yellow"}.get(t.status, "red")
        tables.add_row(t.table, f"[{colour}]{t.status}[/{colour}]", str(t.n_cells), escape(t.reason or ""))
    console.print(tables)
    failed = [c for c in rec.checks if c.status == "fail"]
    uncertain = sum(1 for c in rec.checks if c.status == "uncertain")
    counts = [p for p in rec.prose_counts if p.is_count]  # shares ('增长103%') are listed in --json only
    console.print(f"facts: {len(rec.facts)}   checks: {len(rec.checks)} "
              f"([red]{len(failed)} failed[/red], {uncertain} uncertain)   prose counts: {len(counts)} "
              f"(+{len(rec.prose_counts) - len(counts)} ratios)   score tables: {len(rec.score_tables)}")
    for c in failed:
        console.print(f"  [red]✗[/red] {c.identity} {escape(c.subject)}: {escape(c.message)}")
    for p in counts[:PROSE_SHOWN]:
        console.print(f"  • {escape(p.phrase)} → {p.value.kind} {num(p.value.number)} "
                  f"{escape(p.metric or '')} {escape(p.scope or '')}".rstrip())
    if len(counts) > PROSE_SHOWN:
        console.print(f"  … {len(counts) - PROSE_SHOWN} more prose counts (see --json)")
    for w in rec.warnings:
        console.print(f"  [yellow]warning:[/yellow] {escape(w)}")


# ---------------------------------------------------------------- ingest

@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders. Folders are searched "
                                                "recursively for .pdf .html .htm .docx .txt .md .png .jpg .jpeg "
                                                "and files whose bytes say PDF/DOCX/HTML/image; hidden files, "
                                                "README.* and *.truth.json are skipped.")],
    db: DbOption,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents loaded per transaction.")] = 50,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds one document may take before it is given up.")
                       ] = 60.0,
    memory_mb: Annotated[int, typer.Option(min=64, help="Memory (MB) one document's reader may use.")] = 2048,
    workers: Annotated[int, typer.Option(min=1, help="Files read at once, each in its own child process "
                                         "(e.g. the number of cores).")] = 1,
) -> None:
    """Extract every report under PATHS and load it into the warehouse (replacing older rows).

    Each file is read in a child process within --timeout and --memory-mb, so a hostile or broken
    file cannot hang or exhaust the run; --workers N reads N files at once, loaded in the same order.
    A failing file is reported and recorded in the `errors` table, and the others are loaded. Exit
    status: 0 all loaded, 1 some files failed, 2 a path does not exist (nothing is loaded), 3 no
    report file found or none loaded.
    """
    from flows import local_files as lf
    from flows.sandbox import Limits, guarded_extract

    console = err()
    setup_logging(console)
    _paths_exist(paths)
    files, _ = lf.find_files(paths)
    if not files:
        raise fail("no input files found", EXIT_NOTHING)
    con = open_db(db, read_only=False)
    run_id = lf.new_run_id()
    logging.getLogger(__name__).info("run %s: %d files into %s", run_id, len(files), db)
    if len(files) >= lf.WARM_UP_FILES:
        lf.warm_up_readers()
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True)
    try:
        with progress:
            task = progress.add_task("extracting", total=len(files))
            limits, reader = Limits(timeout_s=timeout, memory_mb=memory_mb), lf.default_extractor()
            results = lf.ingest_files(con, files, run_id, batch_size=batch_size,
                                      extract=lambda path: guarded_extract(path, limits, reader),
                                      on_extracted=lambda r: progress.advance(task), workers=workers)
    finally:
        con.close()
    _print_ingest_summary(results)
    for r in results:
        if not r.ok:
            console.print(f"[red]error:[/red] {escape(r.source)}: {escape(r.error or '')}")
    n_ok = sum(r.ok for r in results)
    console.print(f"ingested {n_ok} of {len(results)} files into {escape(str(db))} (run {run_id})")
    if n_ok < len(results):
        raise typer.Exit(EXIT_PARTIAL if n_ok else EXIT_NOTHING)


def _under_common_folder(sources: list[str]) -> tuple[str, list[str]]:
    """The files' common folder (relative to the working directory when under it) and each file's path
    in it. Paths given relative and absolute are mixed, so the folder is found among absolute paths."""
    paths = [Path(s).absolute() for s in sources]
    root = Path(os.path.commonpath([p.parent for p in paths])) if paths else Path.cwd()
    shown = str(root.relative_to(Path.cwd())) if root.is_relative_to(Path.cwd()) else str(root)
    return shown, [str(p.relative_to(root)) for p in paths]


def _print_ingest_summary(results: list[Any]) -> None:
    """One row per file; paths shown relative to the files' common folder to keep the table narrow."""
    root, names = _under_common_folder([r.source for r in results])
    table = Table(title=f"Ingest summary ({root})")
    table.add_column("file", overflow="fold", min_width=12)
    for name in ("doc type", "year", "region", "template", "facts", "failed checks"):
        table.add_column(name, overflow="fold")
    table.add_column("error", overflow="fold")
    for r, name in zip(results, names):
        table.add_row(escape(name), r.doc_type or "", text(r.year), escape(r.region or ""), r.template or "",
                      str(r.n_facts) if r.ok else "", str(r.n_failed_checks) if r.ok else "",
                      f"[red]{escape(r.stage)} failed[/red]" if r.stage else "")
    out().print(table)


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
            raise fail(f"{path} is out of date: run `ogi dictionary --out {path}`")
        err().print(f"{path} is up to date")
        return
    if out is None:
        typer.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, "utf-8")
    err().print(f"wrote {escape(str(out))}")


# ---------------------------------------------------------------- evaluate

@app.command()
def evaluate(
    paths: Annotated[list[Path], typer.Argument(help="Documents or folders with <name>.truth.json beside them.")],
    truth_dir: Annotated[list[Path] | None, typer.Option("--truth-dir", help="Further folders holding truth files.")
                         ] = None,
) -> None:
    """Compare extraction with truth files (cells as printed, metadata, prose counts, failed checks).

    Exit status 1 when a document differs from its truth or cannot be read, 3 when no document has one.
    """
    from extractors.errors import ExtractionError
    from flows.evaluate import evaluate as score
    from flows.evaluate import format_table, load_truth, truth_path_for
    from flows.local_files import extract_path, find_files

    _paths_exist([*paths, *(truth_dir or [])])
    rows, unread = [], 0
    files, _ = find_files(paths)
    for path in files:
        truth = truth_path_for(path, list(truth_dir or []) + [p / "truth" / "seeds" for p in paths if p.is_dir()])
        if truth is None:
            continue
        try:
            rows.append(score(extract_path(path), load_truth(truth)))
        except (ExtractionError, OSError) as exc:
            unread += 1
            err().print(f"[red]error:[/red] {escape(path.name)}: {escape(str(exc))}")
    typer.echo(format_table(rows))
    if not rows:
        raise fail("no document with a truth file found" if not unread else "no document with a truth file could "
                   "be read", EXIT_NOTHING)
    if unread or not all(r.perfect and not r.prose_missing for r in rows):
        raise typer.Exit(EXIT_PARTIAL)
