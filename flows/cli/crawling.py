"""`ogi crawl`, `ogi nightly`, `ogi serve`, `ogi sites validate`, `ogi demo`: the Prefect flows.

Prefect is imported only inside the commands, so `ogi extract` and friends stay fast. A run's
status (`flows.run_status`) is its exit status: 0 ok, 1 partial (a site or document failed), 3
failed (every site failed); an unknown site id or a registry that does not validate is 2.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.console import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, err, out, usage_error

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


def _registry_or_exit(path: Path, code: int = EXIT_USAGE) -> Any:
    """The registry at `path`, or exit with `code` after naming every problem in it."""
    from flows.sites import RegistryError, load_registry

    try:
        return load_registry(path)
    except RegistryError as exc:
        for p in exc.problems:
            err().print(f"[red]error:[/red] {escape(p)}")
        raise typer.Exit(code) from None


def _selected(path: Path, only: list[str] | None) -> list[Any]:
    """The registry's sites named by `--site` (all without it); an unknown id is a usage error, before any work."""
    from flows.sites import UnknownSite, select_sites

    try:
        return select_sites(_registry_or_exit(path).sites, only)
    except UnknownSite as exc:
        raise usage_error(str(exc)) from None


EXIT_FOR_STATUS = {"ok": EXIT_OK, "partial": EXIT_PARTIAL, "failed": EXIT_NOTHING}


def _exit_with_status(summary: dict[str, Any]) -> None:
    """Exit 1 or 3 when the run was partial or failed (its status is stored in flow_runs too)."""
    code = EXIT_FOR_STATUS[summary["status"]]
    if code != EXIT_OK:
        err().print(f"[red]run {summary.get('run_id')}: {summary['status']}[/red]")
        raise typer.Exit(code)


def _print_summary(summary: dict[str, Any]) -> None:
    crawl, ingest = summary.get("crawl", summary), summary.get("ingest", {})
    t = Table(title=f"run {summary.get('run_id')}")
    t.add_column("what")
    t.add_column("count", justify="right")
    for k in ("sites", "pages", "fetches", "downloaded", "new", "changed", "unchanged"):
        if k in crawl:
            t.add_row(k, str(crawl[k]))
    if "sites_failed" in crawl:
        t.add_row("sites failed", str(len(crawl["sites_failed"])))
    if "errors" in crawl:
        t.add_row("fetch errors", str(len(crawl["errors"])))
    for k in ("parsed", "loaded", "failed"):
        if k in ingest:
            t.add_row(f"documents {k}", str(ingest[k]))
    out().print(t)
    for site_id, why in crawl.get("sites_failed", {}).items():
        err().print(f"[red]site failed:[/red] {escape(site_id)}: {escape(why)}")
    for e in crawl.get("errors", []):
        err().print(f"[yellow]fetch:[/yellow] {escape(e)}")
    for site_id, warnings in crawl.get("warnings", {}).items():
        for w in warnings:
            err().print(f"[yellow]list not crawled whole ({escape(site_id)}):[/yellow] {escape(w)}")
    for url, e in ingest.get("parse_errors", {}).items():
        err().print(f"[yellow]parse:[/yellow] {escape(url)}: {escape(e)}")
    export = summary.get("export")
    if export:
        out().print(f"comparison CSV: {escape(str(export.get('comparison_csv') or export))}")


def register(app: typer.Typer) -> None:
    _register_sites(app)
    _register_flows(app)
    _register_demo(app)


def _register_sites(app: typer.Typer) -> None:
    sites_app = typer.Typer(help="The site registry (sites/sites.yaml).", no_args_is_help=True)
    app.add_typer(sites_app, name="sites")

    @sites_app.command("validate")
    def sites_validate(path: Annotated[Path, typer.Argument(help="Registry file.")] = DEFAULT_REGISTRY) -> None:
        """Check a site registry: required fields, URLs, hosts, region codes, patterns (exit 1 if it has problems)."""
        reg = _registry_or_exit(path, EXIT_PARTIAL)
        typer.echo(f"{path}: version {reg.version}, {len(reg.sites)} sites OK")


def _register_flows(app: typer.Typer) -> None:
    @app.command()
    def crawl(sites: RegistryOpt = DEFAULT_REGISTRY, db: DbOpt = Path("ogi.duckdb"), store: StoreOpt = None,
              site: OnlyOpt = None) -> None:
        """Crawl the registry's portals into the raw store and the fetch log (no parsing).

        Exit status 1 when a site failed (none of its start pages could be fetched), 3 when every one did.
        """
        _prefect_env()
        chosen = _selected(sites, site)
        from flows.nightly import crawl_flow

        summary = crawl_flow(chosen, str(db), str(store) if store else None)
        _print_summary(summary)
        _exit_with_status(summary)

    @app.command()
    def nightly(sites: RegistryOpt = DEFAULT_REGISTRY, db: DbOpt = Path("ogi.duckdb"), store: StoreOpt = None,
                exports: Annotated[Path | None, typer.Option(help="Exports folder (default <db name>.exports).")]
                = None, site: OnlyOpt = None, dask_workers: DaskOpt = 0, dask_address: AddrOpt = None) -> None:
        """Crawl, ingest what changed (parse cache), refresh exports; prints the run summary.

        Exit status 1 when a site, a document or the export failed (the rest was done), 3 when every site
        failed; the status is stored with the run in `flow_runs`.
        """
        _prefect_env()
        chosen = _selected(sites, site)
        from flows.nightly import nightly_flow

        summary = nightly_flow(chosen, str(db), str(store) if store else None, str(exports) if exports else None,
                               dask_workers=dask_workers, dask_address=dask_address)
        _print_summary(summary)
        _exit_with_status(summary)

    @app.command()
    def serve(sites: RegistryOpt = DEFAULT_REGISTRY, db: DbOpt = Path("ogi.duckdb"),
              cron: Annotated[str, typer.Option(help="Cron schedule, in Asia/Shanghai time.")] = "0 2 * * *",
              name: Annotated[str, typer.Option(help="Deployment name.")] = "ogi-nightly",
              dask_address: AddrOpt = None,
              dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be served and which Prefect "
                                                    "server the runs report to, then exit.")] = False) -> None:
        """Register the nightly deployment (cron, Asia/Shanghai) and run it when due, until stopped.

        Runs report to the Prefect server at PREFECT_API_URL (environment or Prefect profile); without
        one, to a temporary local server with no UI that is gone when `ogi serve` stops.
        """
        _prefect_env()
        _registry_or_exit(sites)
        from prefect.settings import Settings  # read now: the environment and the active profile

        err().print(prefect_api_notice(Settings().api.url))
        out().print(f"deployment {escape(name)}: the nightly flow at cron '{escape(cron)}' (Asia/Shanghai) over "
                    f"{escape(str(sites))} into {escape(str(db))}")
        if dry_run:
            return
        from prefect import serve as prefect_serve

        from flows.nightly import nightly_deployment

        prefect_serve(nightly_deployment(str(sites.resolve()), str(db.resolve()), cron, name, dask_address))


LOCAL_API = "http://127.0.0.1:4200/api"


def prefect_api_notice(api_url: str | None) -> str:
    """What `ogi serve` says about where its runs are recorded: a temporary server keeps nothing to look at."""
    if api_url:
        return f"runs report to the Prefect server at {escape(api_url)}"
    return ("[yellow]warning:[/yellow] PREFECT_API_URL is not set: runs report to a temporary local Prefect server "
            "with no UI, and their history is gone when `ogi serve` stops. To watch them, start a server in "
            f"another shell (`prefect server start`, UI at http://127.0.0.1:4200) and run `PREFECT_API_URL={LOCAL_API} "
            f"ogi serve` (or set it once: `prefect config set PREFECT_API_URL={LOCAL_API}`).")


def _register_demo(app: typer.Typer) -> None:
    @app.command()
    def demo(db: DbOpt = Path("ogi.duckdb"),
             port: Annotated[int, typer.Option(help="Port of the local example portal (0: any free port).")] = 8765,
             exports: Annotated[Path, typer.Option(help="Where the comparison CSV goes.")] = Path("out")) -> None:
        """The nightly flow against an example portal served from examples/ on 127.0.0.1 (no internet).

        One attachment is a deliberately truncated PDF: its parse error is shown, and does not make the
        exit status 1 as another failure would.
        """
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
        _exit_with_status({**summary, "status": _demo_status(summary)})


DEMO_BROKEN = "/P020220110.pdf"  # the example portal's deliberately truncated attachment (flows/portal.py)


def _demo_status(summary: dict[str, Any]) -> str:
    """The demo run's status, leaving out the failure it shows on purpose."""
    from flows.run_status import nightly_status

    ingest = summary["ingest"]
    shown = sum(1 for url in ingest.get("parse_errors", {}) if url.endswith(DEMO_BROKEN))
    return nightly_status({**summary, "ingest": {**ingest, "failed": ingest["failed"] - shown}})
