"""`ogi compare`, `ogi chart`, `ogi review`: comparisons across units and years, charts, and the review
of flagged numbers (registered on the main app by `register(app)`)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.console import err, fail, out, text

DbOption = Annotated[Path, typer.Option("--db", help="Warehouse file (DuckDB), e.g. ogi.duckdb.")]
YearOption = Annotated[str | None, typer.Option("--year", help="A year (2024) or an inclusive range (2019-2024).")]
RegionOption = Annotated[str | None, typer.Option(
    "--region", help="Province, prefecture or county name (江苏省, 淮安市), or comma-separated region codes "
    "(a prefecture/province code also selects the units under it).")]
LevelOption = Annotated[str, typer.Option(
    "--level", help="county | prefecture | province | department | government (the three government "
    "levels) | all.")]


def _open(db: Path, read_only: bool = True):
    from warehouse.connect import WarehouseError, open_warehouse

    try:
        return open_warehouse(db, read_only=read_only)
    except WarehouseError as exc:
        raise fail(str(exc)) from None


def _selection(year, region, level, metrics, default=None):
    from warehouse.compare import CompareError, Selection, parse_metrics, parse_years
    from warehouse.metrics import HEADLINE

    try:
        return Selection(years=parse_years(year), region=region, level=level,
                         metrics=parse_metrics(metrics, default or HEADLINE))
    except CompareError as exc:
        raise fail(str(exc)) from None


def compare_cmd(
    db: DbOption,
    year: YearOption = None,
    region: RegionOption = None,
    level: LevelOption = "county",
    metrics: Annotated[str | None, typer.Option(
        "--metrics", help="Comma-separated metric names (docs/metrics.md); default: the headline metrics "
        "(with --panel: the headline harmonised metrics).")] = None,
    panel: Annotated[bool, typer.Option("--panel", help="Wide unit × year table instead of one row per "
                                        "unit × year, from 2008 on: harmonised metrics (pre-2019 statistics "
                                        "tables, prose, standard tables) with their source and flags per "
                                        "year.")] = False,
    out: Annotated[list[Path] | None, typer.Option(
        "--out", help="Output file(s); .parquet writes Parquet, anything else CSV (UTF-8 with BOM). "
        "Repeat for both. Default: CSV on stdout.")] = None,
) -> None:
    """Compare metrics across units (counties, prefectures, departments) and years.

    Tidy output: one row per unit × year with region codes and names, each metric with its status,
    year-over-year change and ranks within province and prefecture, failed-input counts, flags and the
    source document id. Columns are documented in docs/metrics.md.
    """
    from warehouse.compare import PANEL_DEFAULT, CompareError, compare, write
    from warehouse.compare import panel as make_panel

    sel = _selection(year, region, level, metrics, PANEL_DEFAULT if panel else None)
    con = _open(db)
    try:
        df = make_panel(con, sel) if panel else compare(con, sel)
    except CompareError as exc:
        raise fail(str(exc)) from None
    finally:
        con.close()
    if not out:
        df.to_csv(sys.stdout, index=False)
    for path in out or []:
        write(df, path)
        err().print(f"wrote {len(df)} rows to {escape(str(path))}")
    if df.empty:
        err().print("[yellow]no units match[/yellow]")


def chart_cmd(
    db: DbOption,
    metric: Annotated[str, typer.Option("--metric", help="Metric to chart (docs/metrics.md).")],
    out: Annotated[Path, typer.Option("--out", help="Output path without suffix: writes OUT.png and OUT.html.")],
    kind: Annotated[str, typer.Option("--kind", help="bar (ranked across units, one year: the latest of "
                                      "--year) | lines (small multiples over the years).")] = "bar",
    year: YearOption = None,
    region: RegionOption = None,
    level: LevelOption = "county",
    title: Annotated[str | None, typer.Option("--title", help="Chart title.")] = None,
) -> None:
    """Chart a metric: PNG (matplotlib, CJK font) and interactive HTML (plotly, works offline)."""
    from flows.charts import ranked_bar, small_multiples
    from warehouse.compare import CompareError, compare

    if kind not in ("bar", "lines"):
        raise fail("--kind must be bar or lines")
    sel = _selection(year, region, level, [metric])
    con = _open(db)
    try:
        df = compare(con, sel)
    except CompareError as exc:
        raise fail(str(exc)) from None
    finally:
        con.close()
    if df.empty:
        raise fail("no units match")
    out = out.with_suffix("") if out.suffix in (".png", ".html") else out
    if kind == "bar":
        last = int(df["year"].max())
        drawn = ranked_bar(df[df["year"] == last], metric, out, title)
        n = len(drawn["labels"])
    else:
        drawn = small_multiples(df, metric, out, title)
        n = len(drawn)
    err().print(f"wrote {escape(str(out))}.png and .html ({n} series)")


review_app = typer.Typer(help="Review flagged numbers and failed checks; record corrections.",
                         no_args_is_help=False, invoke_without_command=True)


@review_app.callback()
def review_list(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option("--db", help="Warehouse file (DuckDB).")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document (doc_id prefix).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many items.")] = 200,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """List flagged facts, failed checks, failed cross-year checks and conflicting harmonised values with
    the raw text and source location (page, element, cell; the OCR crop when recorded). Subcommands record
    and list corrections."""
    if ctx.invoked_subcommand is not None:
        return
    if db is None:
        raise fail("--db is required")
    from warehouse.corrections import REVIEW_COLUMNS, review_items

    con = _open(db)
    try:
        items = review_items(con, doc, limit, db_path=db)
    finally:
        con.close()
    if as_csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(REVIEW_COLUMNS)
        w.writerows([text(it[c]) for c in REVIEW_COLUMNS] for it in items)
        return
    table = Table("item", "doc", "body / year", "key", "raw", "value", "status", "detail", "location")
    for it in items:
        loc = ", ".join(x for x in (
            Path(it["source"] or "").name, f"p.{it['page']}" if it["page"] else "", it["element"] or "",
            f"cell {it['cell_row']},{it['cell_col']}" if it["cell_row"] is not None else "",
            f"crop {it['crop']}" if it["crop"] else "") if x)
        value = text(it["value"])
        if it["corrected"]:
            value += f" → {text(it['value_in_effect'])} (corrected)"
        table.add_row(*(escape(x) for x in (
            it["item"], it["doc_id"][:12], f"{it['body'] or ''} {it['year'] or ''}", it["key"] or "",
            it["raw_text"] or "", value, it["status"] or "", it["detail"] or "", loc)))
    out().print(table)
    err().print(f"{len(items)} item{'s' if len(items) != 1 else ''}; record a fix with "
                     "`ogi review correct DOC KEY --value V --reason TEXT --db ...`")


@review_app.command("correct")
def review_correct(
    doc: Annotated[str, typer.Argument(help="Document: doc_id or sha256 prefix (see `ogi review`).")],
    key: Annotated[str, typer.Argument(help="Fact key, e.g. review_litigation/review/total.")],
    value: Annotated[str, typer.Option("--value", help="Corrected value; 'blank' or 'na' to mark it absent.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (required; listed with the correction).")],
    db: DbOption,
    who: Annotated[str | None, typer.Option("--who", help="Who made the correction.")] = None,
) -> None:
    """Record a correction. The extracted value stays in facts; views use the corrected one and mark it.
    Corrections are keyed by the document's content hash, so they survive re-ingest."""
    import getpass

    from warehouse.corrections import CorrectionError, add_correction

    con = _open(db, read_only=False)
    try:
        c = add_correction(con, doc, key, value, reason, who or getpass.getuser())
    except CorrectionError as exc:
        raise fail(str(exc)) from None
    finally:
        con.close()
    err().print(f"correction {c.correction_id}: {escape(c.doc_id[:12])} {escape(c.key)} = "
                        f"{escape(text(c.value))} ({escape(c.reason)})")


@review_app.command("corrections")
def review_corrections(
    db: DbOption,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """List the corrections with their reasons (in_effect: the latest one for its document and key)."""
    from warehouse.corrections import list_corrections

    con = _open(db)
    try:
        rows = list_corrections(con)
    finally:
        con.close()
    names = ["correction_id", "doc_id", "body", "year", "key", "previous_value", "value", "value_kind", "reason",
             "who", "corrected_at", "in_effect"]
    if as_csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(names)
        w.writerows([text(r[n]) for n in names] for r in rows)
        return
    table = Table(*names)
    for r in rows:
        table.add_row(*(escape(text(r[n]) if n != "doc_id" else r[n][:12]) for n in names))
    out().print(table)


def register(app: typer.Typer) -> None:
    """Add `compare`, `chart` and `review` to the `ogi` app."""
    app.command("compare")(compare_cmd)
    app.command("chart")(chart_cmd)
    app.add_typer(review_app, name="review")
