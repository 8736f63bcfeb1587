"""How a crawl, ingest or nightly run went, read from its summary: 'ok', 'partial' or 'failed'.

The status is stored with the run (`flow_runs.status`) and decides the exit status of `ogi crawl`,
`ogi nightly` and `ogi demo`, so cron sees a failing site without reading logs. Fetch errors of
single URLs (a dead link, a robots.txt refusal) are listed in the summary but are not failures:
portals always have some, and a status that is never 'ok' tells nothing. A site fails when its
crawl raised or none of its start pages could be fetched.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OK, PARTIAL, FAILED = "ok", "partial", "failed"


def crawl_status(crawl: Mapping[str, Any]) -> str:
    """'failed' when every site failed, 'partial' when some did."""
    failed = len(crawl.get("sites_failed") or {})
    if failed and failed >= crawl.get("sites", 0):
        return FAILED
    return PARTIAL if failed else OK


def ingest_status(ingest: Mapping[str, Any]) -> str:
    """'failed' when documents were parsed and none loaded, 'partial' when some failed."""
    if not ingest.get("failed"):
        return OK
    return PARTIAL if ingest.get("loaded") else FAILED


def nightly_status(summary: Mapping[str, Any]) -> str:
    """'failed' when no site could be crawled; 'partial' when a site, a document or the export failed."""
    crawl = crawl_status(summary["crawl"])
    if crawl == FAILED:
        return FAILED
    troubles = (crawl, ingest_status(summary["ingest"]), FAILED if "error" in summary.get("export", {}) else OK)
    return OK if all(t == OK for t in troubles) else PARTIAL
