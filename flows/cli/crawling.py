"""`ogi crawl`, `ogi nightly`, `ogi serve`, `ogi sites validate`, `ogi demo`: the Prefect flows.

Prefect is imported only inside the commands, so `ogi extract` and friends stay fast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.console import err, out

REPO = Path(__file__).resolve().parents[2]
DEFAULT_REGISTRY = REPO / "sites" / "sites.yaml"
EXAMPLE_REGISTRY = REPO / "sites" / "example.yaml"
EXAMPLE_BASE = "http://127.0.0.1:8765"

RegistryOpt = Annotated[Path, typer.Option("--sites", help="Site registry (YAML), e.g. sites/sites.yaml.")]
DbOpt = Annotated[Path, typer.Option("--db", help="Warehouse file (DuckDB).")]
StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="Raw document store (content-addressed). Default: <db name>.raw next to the warehouse.")]
OnlyOpt = Annotated[list[str] | None, typer.Option("--site", help="Only this site id (repeatable).")]
DaskOpt = Annotated[int, typer.Option("--dask-workers", help="Parse on a local Dask cluster of N worker processes.")]
AddrOpt = Annotated[str | None, typer.Option(
    "--dask-address", help="Parse on an existing Dask cluster, e.g. tcp://scheduler:8786.")]


def _prefect_env() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _registry_or_exit(path: Path) -> Any:
    from flows.sites import RegistryError, load_registry

    try:
        return load_registry(path)
    except RegistryError as exc:
        for p in exc.problems:
            err().print(f"[red]error:[/red] {escape(p)}")
        raise typer.Exit(1) from None


def _print_summary(summary: dict[str, Any]) -> None:
    crawl, ingest = summary.get("crawl", summary), summary.get("ingest", {})
    t = Table(title=f"run {summary.get('run_id')}")
    t.add_column("what")
    t.add_column("count", justify="right")
    for k in ("sites", "pages", "fetches", "downloaded", "new", "changed", "unchanged"):
        if k in crawl:
            t.add_row(k, str(crawl[k]))
    if "errors" in crawl:
        t.add_row("fetch errors", str(len(crawl["errors"])))
    for k in ("parsed", "loaded", "failed"):
        if k in ingest:
            t.add_row(f"documents {k}", str(ingest[k]))
    out().print(t)
    for e in crawl.get("errors", []):
        err().print(f"[yellow]fetch:[/yellow] {escape(e)}")
    for site_id, warnings in crawl.get("warnings", {}).items():
        for w in warnings:
            err().print(f"[yellow]list not crawled whole ({escape(site_id)}):[/yellow] {escape(w)}")
    for url, e in ingest.get("parse_errors", {}).items():
        err().print(f"[yellow]parse:[/yellow] {escape(url)}: {escape(e)}")
    export = summary.get("export")
    if export:
        out().print(f"comparison CSV: {export.get('comparison_csv') or export}")


def register(app: typer.Typer) -> None:
    _register_sites(app)
    _register_flows(app)
    _register_demo(app)


def _register_sites(app: typer.Typer) -> None:
    sites_app = typer.Typer(help="The site registry (sites/sites.yaml).", no_args_is_help=True)
    app.add_typer(sites_app, name="sites")

    @sites_app.command("validate")
    def sites_validate(path: Annotated[Path, typer.Argument(help="Registry file.")] = DEFAULT_REGISTRY) -> None:
        """Check a site registry: required fields, URLs, hosts, region codes, patterns."""
        reg = _registry_or_exit(path)
        typer.echo(f"{path}: version {reg.version}, {len(reg.sites)} sites OK")


def _register_flows(app: typer.Typer) -> None:
    @app.command()
    def crawl(sites: RegistryOpt = DEFAULT_REGISTRY, db: DbOpt = Path("ogi.duckdb"), store: StoreOpt = None,
              site: OnlyOpt = None) -> None:
        """Crawl the registry's portals into the raw store and the fetch log (no parsing)."""
        _prefect_env()
        reg = _registry_or_exit(sites)
        from flows.nightly import crawl_flow

        _print_summary(crawl_flow(reg.sites, str(db), str(store) if store else None, site or None))

    @app.command()
    def nightly(sites: RegistryOpt = DEFAULT_REGISTRY, db: DbOpt = Path("ogi.duckdb"), store: StoreOpt = None,
                exports: Annotated[Path | None, typer.Option(help="Exports folder (default <db name>.exports).")]
                = None, site: OnlyOpt = None, dask_workers: DaskOpt = 0, dask_address: AddrOpt = None) -> None:
        """Crawl, ingest what changed (parse cache), refresh exports; prints the run summary."""
        _prefect_env()
        reg = _registry_or_exit(sites)
        from flows.nightly import nightly_flow

        summary = nightly_flow(reg.sites, str(db), str(store) if store else None, str(exports) if exports else None,
                               site or None, dask_workers=dask_workers, dask_address=dask_address)
        _print_summary(summary)

    @app.command()
    def serve(sites: RegistryOpt = DEFAULT_REGISTRY, db: DbOpt = Path("ogi.duckdb"),
              cron: Annotated[str, typer.Option(help="Cron schedule, in Asia/Shanghai time.")] = "0 2 * * *",
              name: Annotated[str, typer.Option(help="Deployment name.")] = "ogi-nightly",
              dask_address: AddrOpt = None) -> None:
        """Register the nightly deployment (cron, Asia/Shanghai) and run it when due (needs a Prefect server)."""
        _prefect_env()
        _registry_or_exit(sites)
        from prefect import serve as prefect_serve

        from flows.nightly import nightly_deployment

        prefect_serve(nightly_deployment(str(sites.resolve()), str(db.resolve()), cron, name, dask_address))


def _register_demo(app: typer.Typer) -> None:
    @app.command()
    def demo(db: DbOpt = Path("ogi.duckdb"),
             port: Annotated[int, typer.Option(help="Port of the local example portal (0: any free port).")] = 8765,
             exports: Annotated[Path, typer.Option(help="Where the comparison CSV goes.")] = Path("out")) -> None:
        """The nightly flow against an example portal served from examples/ on 127.0.0.1 (no internet)."""
        _prefect_env()
        from flows.portal import build_portal, serve_portal

        reg = _registry_or_exit(EXAMPLE_REGISTRY)
        try:
            server = serve_portal(build_portal(), port)
            base = server.__enter__()
        except OSError:
            server = serve_portal(build_portal(), 0)
            base = server.__enter__()
        try:
            sites = [s.with_base(EXAMPLE_BASE, base) for s in reg.sites]
            err().print(f"example portal serving examples/ at {base}")
            from flows.nightly import nightly_flow

            summary = nightly_flow(sites, str(db), None, str(exports))
        finally:
            server.__exit__(None, None, None)
        _print_summary(summary)
        from warehouse.connect import open_warehouse
        from warehouse.exports import documents_with_facts

        con = open_warehouse(db, read_only=True)
        try:
            rows = documents_with_facts(con)
        finally:
            con.close()
        t = Table(title="documents with standard tables")
        for c in ("region", "county", "prefecture", "year", "format", "facts", "failed checks", "needs OCR"):
            t.add_column(c)
        for r in rows:
            t.add_row(*["" if v is None else str(v) for v in r])
        out().print(t)
        if os.environ.get("OGI_DEMO_JSON"):
            typer.echo(json.dumps(summary, ensure_ascii=False, default=str))
