"""`ogi compare`, `ogi chart`: comparisons across units and years and their charts (registered on the main app
by `register(app)`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from flows.cli.console import EXIT_NOTHING, DbOption, err, fail, open_db, usage_error

YearOption = Annotated[str | None, typer.Option("--year", help="A year (2024) or an inclusive range (2019-2024).")]
RegionOption = Annotated[str | None, typer.Option(
    "--region", help="Province, prefecture or county name (江苏省, 淮安市), or comma-separated region codes "
    "(a prefecture/province code also selects the units under it).")]
LevelOption = Annotated[str, typer.Option(
    "--level", help="county | prefecture | province | department | government (the three government "
    "levels) | all.")]


def _selection(year, region, level, metrics, default=None):
    from warehouse.compare import CompareError, Selection, parse_metrics, parse_years
    from warehouse.metrics import HEADLINE

    try:
        return Selection(years=parse_years(year), region=region, level=level,
                         metrics=parse_metrics(metrics, default or HEADLINE))
    except CompareError as exc:  # an unknown metric, a year that is no year
        raise usage_error(str(exc)) from None


def compare_cmd(
    db: DbOption,
    year: YearOption = None,
    region: RegionOption = None,
    level: LevelOption = "county",
    metrics: Annotated[str | None, typer.Option(
        "--metrics", help="Comma-separated metric names (docs/metrics.md); default: the headline metrics "
        "(with --panel: the headline harmonised metrics).")] = None,
    form: Annotated[str, typer.Option(
        "--form", help="wide: one row per unit × year, six columns per metric | long: one row per unit × year × "
        "metric (metric, value, status, yoy, yoy_rel, ranks).")] = "wide",
    panel: Annotated[bool, typer.Option("--panel", help="Wide unit × year table instead of one row per "
                                        "unit × year, from 2008 on: harmonised metrics (pre-2019 statistics "
                                        "tables, prose, standard tables) with their source and flags per "
                                        "year.")] = False,
    out: Annotated[list[Path] | None, typer.Option(
        "--out", help="Output file(s); .parquet writes Parquet, .json JSON, anything else CSV (UTF-8 with BOM); "
        "docs/exports.md. Repeat for several. Default: CSV on stdout.")] = None,
) -> None:
    """Compare metrics across units (counties, prefectures, departments) and years.

    Wide output: one row per unit × year with region codes and names, each metric with its status,
    year-over-year change and ranks within province and prefecture, failed-input counts, flags and the
    source document id; --form long puts one metric on each row. Columns are documented in docs/metrics.md.
    """
    from warehouse.compare import FORMS, PANEL_DEFAULT, CompareError, compare, long_form
    from warehouse.compare import panel as make_panel
    from warehouse.exports import write_frame

    if form not in FORMS:
        raise usage_error(f"--form must be {' or '.join(FORMS)}, got {form!r}")
    if panel and form != "wide":
        raise usage_error("--panel is the wide unit × year table; use --form long without --panel")
    sel = _selection(year, region, level, metrics, PANEL_DEFAULT if panel else None)
    con = open_db(db)
    try:
        df = make_panel(con, sel) if panel else compare(con, sel)
    except CompareError as exc:  # an unknown level, a harmonised metric without --panel
        raise usage_error(str(exc)) from None
    finally:
        con.close()
    if df.empty:  # no header-only file that a script would take for an answer
        raise fail("no units match the selection: nothing written", EXIT_NOTHING)
    if form == "long":
        df = long_form(df, sel.metrics)
    if not out:
        write_frame(df, sys.stdout.buffer, "csv")
    for path in out or []:
        write_frame(df, path)  # format from the suffix: .parquet, .json, anything else CSV
        err().print(f"wrote {len(df)} rows to {escape(str(path))}")


def chart_cmd(
    db: DbOption,
    metric: Annotated[str, typer.Option("--metric", help="Metric to chart (docs/metrics.md).")],
    out: Annotated[Path, typer.Option("--out", help="Output path without suffix: writes OUT.png and OUT.html.")],
    kind: Annotated[str, typer.Option("--kind", help="bar (units ranked, one panel per year of --year) | "
                                      "lines (small multiples over the years, one panel per unit).")] = "bar",
    year: YearOption = None,
    region: RegionOption = None,
    level: LevelOption = "county",
    title: Annotated[str | None, typer.Option("--title", help="Chart title instead of the metric's Chinese "
                                              "name; the year(s) are added.")] = None,
) -> None:
    """Chart a metric: PNG (matplotlib, CJK font) and interactive HTML (plotly, works offline)."""
    from flows.charts import ranked_bar, small_multiples
    from warehouse.compare import CompareError, compare

    if kind not in ("bar", "lines"):
        raise usage_error("--kind must be bar or lines")
    sel = _selection(year, region, level, [metric])
    con = open_db(db)
    try:
        df = compare(con, sel)
    except CompareError as exc:
        raise usage_error(str(exc)) from None
    finally:
        con.close()
    if df.empty:
        raise fail("no units match the selection: nothing drawn", EXIT_NOTHING)
    out = out.with_suffix("") if out.suffix in (".png", ".html") else out
    if kind == "bar":
        drawn = ranked_bar(df, metric, out, title)
        years = list(drawn["panels"])
        what = f"one panel per year: {', '.join(map(str, years))}" if len(years) > 1 else f"year {years[0]}"
    else:
        drawn = small_multiples(df, metric, out, title)
        what = f"{len(drawn['series'])} units"
    err().print(f"wrote {escape(str(out))}.png and .html ({what}): {escape(drawn['title'])}")


def register(app: typer.Typer) -> None:
    """Add `compare` and `chart` to the `ogi` app."""
    app.command("compare")(compare_cmd)
    app.command("chart")(chart_cmd)
