"""The Prefect 3 flow that ingests report files on disk (crawled documents: `flows.nightly`).

Extraction is pure (file → DocumentRecord) so it runs one task per document; DuckDB allows one
writer per file, so all loading happens in one task that owns the connection. Finding, extracting
and storing files is `flows.local_files`, shared with `ogi ingest`. A document that fails at any
stage becomes a row in `errors` and a line in the flow's summary; it never fails the flow. (The
flow does fail when the warehouse itself cannot be opened, e.g. it is locked by another process:
then nothing can be recorded anywhere.)

Run it with `python -m flows.ingest DB PATH...`, or serve/deploy `ingest_flow` as usual.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows.local_files import FileResult, extract_file, find_files, new_run_id, store
from warehouse.connect import open_warehouse
from warehouse.load import BULK_BATCH_DOCS


@task(name="extract", cache_policy=NO_CACHE, persist_result=False)
def extract_task(path: str) -> FileResult:
    """One document through the pure pipeline; failures come back as a FileResult, not an exception."""
    return extract_file(path)


@task(name="load", cache_policy=NO_CACHE, persist_result=False)
def load_task(results: list[FileResult], db: str, run_id: str, batch_size: int = BULK_BATCH_DOCS) -> list[FileResult]:
    """The single writer: load records batch by batch and record every failure in `errors`."""
    con = open_warehouse(db)
    try:
        for i in range(0, len(results), batch_size):
            store(con, results[i:i + batch_size], run_id)
    finally:
        con.close()
    return results


def _result(path: Path, future: Any) -> FileResult:
    """The task's FileResult; a task that Prefect itself failed still yields one, so the run goes on."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - recorded as this file's error
        return FileResult(str(path)).fail("extract", f"{type(exc).__name__}: {exc}")


@flow(name="ogi-ingest")
def ingest_flow(paths: list[str], db: str, batch_size: int = BULK_BATCH_DOCS) -> dict[str, Any]:
    """Ingest every report under `paths` into the warehouse `db`; returns a summary of the run."""
    logger = get_run_logger()
    run_id = new_run_id()
    files, missing = find_files(paths)
    for p in missing:
        logger.error("%s: no such file or folder", p)
    logger.info("run %s: %d files into %s", run_id, len(files), db)
    futures = extract_task.map([str(f) for f in files])
    extracted = [_result(path, fut) for path, fut in zip(files, futures)]
    # quote(): Prefect would otherwise walk every fact of every record looking for futures
    results = load_task(quote(extracted), db, run_id, batch_size) if extracted else []
    for r in results:
        if not r.ok:
            logger.warning("%s: %s", r.source, r.error)
    loaded = [r.source for r in results if r.ok]
    logger.info("loaded %d of %d files", len(loaded), len(results))
    return {
        "run_id": run_id,
        "files": len(results),
        "loaded": loaded,
        "failed": {r.source: r.error for r in results if not r.ok},
        "missing": [str(p) for p in missing],
    }


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: python -m flows.ingest DB PATH...")
    print(ingest_flow(sys.argv[2:], sys.argv[1]))
