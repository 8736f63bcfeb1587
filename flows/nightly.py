"""Prefect 3 flows over portals: `crawl_flow`, `ingest_stored_flow`, `nightly_flow`.

- crawl: one task per site (a failing site is named in the summary's `sites_failed` and makes the
  run 'partial', never stops the others); one writer task records the fetch log and the stored
  documents.
- ingest: the stored report pages and attachments whose (sha256, PARSER_VERSION) is not in
  `parse_cache` are parsed in chunks, one task per chunk. Parse tasks are stateless
  (`flows.parse_jobs`), so they run as well on a Dask cluster (`task_runner_for(dask=...)`) as in
  threads. One load task owns the DuckDB connection and loads the records in batches.
- nightly: crawl → ingest what changed → refresh exports (comparison CSV); a run summary is
  logged and stored in `flow_runs` with the run's status ('ok' | 'partial' | 'failed',
  `flows.run_status`), which the CLI turns into its exit status.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote, unmapped

from flows.crawl import SiteResult, crawl_site, write_crawl
from flows.fetch import RawStore, default_store_for
from flows.local_files import new_run_id
from flows.parse_jobs import ParseJob, ParseResult, chunks, load_parsed, parse_blob, pending_jobs
from flows.run_status import crawl_status, ingest_status, nightly_status
from flows.sites import Site, load_registry, select_sites
from warehouse.connect import open_warehouse
from warehouse.crawl_log import known_urls, record_run
from warehouse.exports import write_comparison
from warehouse.load import BULK_BATCH_DOCS, utcnow

# ------------------------------------------------------------------ Prefect tasks

@task(name="crawl-site", cache_policy=NO_CACHE, persist_result=False)
def crawl_site_task(site: Site, known: dict, store_root: str, backoff: float = 0.5) -> SiteResult:
    return crawl_site(site, known, RawStore(store_root), backoff=backoff)


@task(name="record-crawl", cache_policy=NO_CACHE, persist_result=False)
def record_crawl_task(db: str, run_id: str, results: list[SiteResult]) -> None:
    con = open_warehouse(db)
    try:
        write_crawl(con, run_id, results)
    finally:
        con.close()


@task(name="parse", cache_policy=NO_CACHE, persist_result=False, retries=1, retry_delay_seconds=1)
def parse_task(jobs: list[ParseJob], store_root: str, out_dir: str) -> list[ParseResult]:
    """A chunk of documents (Prefect's per-task bookkeeping, ~60 ms, is paid once per chunk)."""
    return [parse_blob(job, store_root, out_dir) for job in jobs]


@contextmanager
def shared_api_url():
    """Dask worker processes report to the same Prefect API as this flow (else each would start
    its own ephemeral server); restored afterwards."""
    old = os.environ.get("PREFECT_API_URL")
    if old is None:
        try:
            from prefect.client.orchestration import get_client

            os.environ["PREFECT_API_URL"] = str(get_client(sync_client=True).api_url)
        except Exception as exc:  # noqa: BLE001 - workers then fall back to their own settings
            logging.getLogger(__name__).debug("no Prefect API URL to share: %s", exc)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PREFECT_API_URL", None)


@task(name="load-parsed", cache_policy=NO_CACHE, persist_result=False)
def load_parsed_task(db: str, results: list[ParseResult], run_id: str, batch_size: int) -> dict[str, int]:
    con = open_warehouse(db)
    try:
        return load_parsed(con, results, run_id, batch_size)
    finally:
        con.close()


def _store_run(db: str, run_id: str, name: str, started: datetime, summary: dict[str, Any]) -> None:
    con = open_warehouse(db)
    try:
        record_run(con, run_id, name, started, summary)
    finally:
        con.close()


def _sites(registry: str | Path | list[Site], only: Sequence[str] | None) -> list[Site]:
    sites = list(registry) if isinstance(registry, list) else load_registry(registry).sites
    return select_sites(sites, only)


# ------------------------------------------------------------------ flows

@flow(name="ogi-crawl")
def crawl_flow(registry: Any, db: str, store_root: str | None = None, only: list[str] | None = None,
               backoff: float = 0.5, record: bool = True) -> dict[str, Any]:
    """Crawl every site of the registry (or the sites in `only`) into the raw store and the fetch log."""
    logger = get_run_logger()
    started, run_id = utcnow(), new_run_id()
    store_root = str(store_root or default_store_for(db))
    sites = _sites(registry, only)
    con = open_warehouse(db)
    try:
        known = known_urls(con)
    finally:
        con.close()
    futures = [crawl_site_task.submit(s, quote(known), store_root, backoff) for s in sites]
    results: list[SiteResult] = []
    site_errors: dict[str, str] = {}
    for s, fut in zip(sites, futures):
        try:
            results.append(fut.result())
        except Exception as exc:  # noqa: BLE001 - one failing site never stops the others
            site_errors[s.id] = f"{type(exc).__name__}: {exc}"
        else:
            if results[-1].failure:
                site_errors[s.id] = results[-1].failure
        if s.id in site_errors:
            logger.error("site %s failed: %s", s.id, site_errors[s.id])
    record_crawl_task(db, run_id, quote(results))
    docs = [d for r in results for d in r.docs]
    summary = {
        "run_id": run_id,
        "sites": len(sites),
        "sites_failed": site_errors,
        "pages": sum(1 for d in docs if d.kind == "list"),
        "fetches": sum(len(r.fetches) for r in results),
        "downloaded": sum(1 for r in results for f in r.fetches if f["sha256"]),
        "new": sum(1 for d in docs if d.status == "new" and d.kind != "list"),
        "changed": sum(1 for d in docs if d.status == "changed" and d.kind != "list"),
        "unchanged": sum(1 for d in docs if d.status == "unchanged" and d.kind != "list"),
        "errors": [e for r in results for e in r.errors],
        "warnings": {r.site_id: r.warnings for r in results if r.warnings},  # e.g. list pages not reached
    }
    summary["status"] = crawl_status(summary)
    for e in summary["errors"]:
        logger.warning("%s", e)
    for site_id, warnings in summary["warnings"].items():
        for w in warnings:
            logger.warning("site %s: %s", site_id, w)
    logger.info("crawl %s: %d sites, %d list pages, %d new, %d changed, %d unchanged, %d errors, %d sites with "
                "warnings", run_id, summary["sites"], summary["pages"], summary["new"], summary["changed"],
                summary["unchanged"], len(summary["errors"]), len(summary["warnings"]))
    if record:
        _store_run(db, run_id, "crawl", started, summary)
    return summary


@flow(name="ogi-ingest-stored")
def ingest_stored_flow(db: str, store_root: str | None = None, batch_size: int = BULK_BATCH_DOCS,
                       record: bool = True, chunk_size: int | None = None) -> dict[str, Any]:
    """Parse and load the stored documents not yet parsed by this parser version."""
    from pipeline.run import PARSER_VERSION

    logger = get_run_logger()
    started, run_id = utcnow(), new_run_id()
    store_root = str(store_root or default_store_for(db))
    out_dir = Path(store_root) / "parsed"
    out_dir.mkdir(parents=True, exist_ok=True)
    con = open_warehouse(db)
    try:
        jobs = pending_jobs(con, PARSER_VERSION)
    finally:
        con.close()
    logger.info("ingest %s: %d documents to parse (parser %s)", run_id, len(jobs), PARSER_VERSION)
    parts = chunks(jobs, chunk_size)
    futures = parse_task.map(parts, unmapped(store_root), unmapped(str(out_dir)))
    results: list[ParseResult] = []
    for part, fut in zip(parts, futures):
        try:
            results += fut.result()
        except Exception as exc:  # noqa: BLE001 - a task Prefect failed is its documents' error
            results += [ParseResult(j.sha256, j.url, stage="extract", reason=f"{type(exc).__name__}: {exc}")
                        for j in part]
    counts = load_parsed_task(db, quote(results), run_id, batch_size) if results else {"loaded": 0, "failed": 0}
    failed = {r.url: f"{r.stage} failed: {r.reason}" for r in results if not r.ok}
    for url, err in failed.items():
        logger.warning("%s: %s", url, err)
    summary = {"run_id": run_id, "parsed": len(results), **counts, "parse_errors": failed}
    summary["status"] = ingest_status(summary)
    logger.info("ingest %s: parsed %d, loaded %d, failed %d", run_id, len(results), counts["loaded"],
                counts["failed"])
    if record:
        _store_run(db, run_id, "ingest", started, summary)
    return summary


def export_comparison(db: str, out: str | Path) -> int:
    """Per-document region × year CSV of key metrics, keyed on today's region code (the year's beside it)
    so a county that became a district stays one row series; `ogi compare` is the richer export."""
    con = open_warehouse(db)
    try:
        return write_comparison(con, Path(out))
    finally:
        con.close()


@flow(name="ogi-nightly")
def nightly_flow(registry: Any, db: str, store_root: str | None = None, exports: str | None = None,
                 only: list[str] | None = None, backoff: float = 0.5, dask_workers: int = 0,
                 dask_address: str | None = None) -> dict[str, Any]:
    """Crawl, ingest what changed, refresh the exports; the run summary is logged and stored.

    Parsing runs in threads, or on Dask: a LocalCluster of `dask_workers` processes, or the
    scheduler at `dask_address` (e.g. 'tcp://10.0.0.5:8786').
    """
    logger = get_run_logger()
    started, run_id = utcnow(), new_run_id()
    crawl = crawl_flow(registry, db, store_root, only, backoff, record=False)
    ingest_flow = with_runner(ingest_stored_flow, dask=dask_workers > 0, address=dask_address,
                              workers=dask_workers or 2)
    with shared_api_url():
        ingest = ingest_flow(db, store_root, record=False)
    exports_dir = Path(exports) if exports else Path(db).with_name(Path(db).stem + ".exports")
    csv_path = exports_dir / "comparison.csv"
    try:
        n = export_comparison(db, csv_path)
        export = {"comparison_csv": str(csv_path), "rows": n}
    except Exception as exc:  # noqa: BLE001 - exports are refreshed next time
        logger.error("export failed: %s", exc)
        export = {"error": f"{type(exc).__name__}: {exc}"}
    summary = {"run_id": run_id, "crawl": crawl, "ingest": ingest, "export": export}
    summary["status"] = nightly_status(summary)
    logger.info("nightly %s: %s", run_id, json.dumps(
        {k: crawl[k] for k in ("sites", "pages", "new", "changed", "unchanged")}
        | {"status": summary["status"], "sites_failed": crawl["sites_failed"], "crawl_errors": len(crawl["errors"]),
           "crawl_warnings": crawl["warnings"], "parsed": ingest["parsed"], "loaded": ingest["loaded"],
           "parse_failed": ingest["failed"]}, ensure_ascii=False))
    _store_run(db, run_id, "nightly", started, summary)
    return summary


def nightly_deployment(registry: str, db: str, cron: str = "0 2 * * *", name: str = "ogi-nightly",
                       dask_address: str | None = None):
    """The nightly deployment on a cron schedule in Asia/Shanghai time (serve it with `prefect.serve`)."""
    from prefect.schedules import Cron

    return nightly_flow.to_deployment(
        name=name,
        schedules=[Cron(cron, timezone="Asia/Shanghai")],
        parameters={"registry": registry, "db": db, "dask_address": dask_address},
    )


def task_runner_for(dask: bool = False, address: str | None = None, workers: int = 2):
    """The default thread runner, or prefect-dask on a LocalCluster / an existing scheduler address."""
    if not dask and not address:
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                          cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})


def with_runner(flow_obj, dask: bool = False, address: str | None = None, workers: int = 2):
    return flow_obj.with_options(task_runner=task_runner_for(dask, address, workers))
