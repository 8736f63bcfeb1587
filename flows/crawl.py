"""Crawling one site: list pages (paginated) → report pages → attachments and `<img>` tables.

List pages are followed through links, paging scripts and JSON list APIs (`flows.discover`);
when a list says it has more pages than were reached (the `max_pages` cap, a failed page, pages
the crawler cannot name), the site's result carries a warning saying so.

`crawl_site` touches no database: it gets the previous state of every known URL (sha256, ETag,
Last-Modified) and returns fetch-log rows and document rows; the caller writes them with one
writer (`write_crawl`, into warehouse.crawl_log's tables). Raw bytes go to the content-addressed
`RawStore`. A failing URL is a fetch-log row with its error; it never stops the site. A site none
of whose start pages could be fetched has failed as a whole (`SiteResult.failure`).
"""

from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from extractors.registry import sniff_format
from flows.discover import Link, Paging, read_list_page, report_page_links
from flows.fetch import Fetched, Fetcher, RawStore
from flows.sites import Site
from warehouse.crawl_log import Known, record_crawl
from warehouse.load import utcnow

log = logging.getLogger(__name__)


@dataclass
class DocRow:
    url: str
    site_id: str
    region_code: str | None
    kind: str
    parent_url: str | None
    title: str | None
    sha256: str
    format: str | None
    content_type: str | None
    http_charset: str | None
    etag: str | None
    last_modified: str | None
    n_bytes: int
    status: str  # 'new' | 'changed' | 'unchanged'


@dataclass
class SiteResult:
    site_id: str
    fetches: list[dict[str, Any]] = field(default_factory=list)
    docs: list[DocRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. a list claiming more pages than were reached
    failure: str | None = None  # why the site failed as a whole: none of its start pages could be fetched

    def count(self, kind: str | None = None, status: str | None = None) -> int:
        return sum(1 for d in self.docs if (kind is None or d.kind == kind) and (status is None or d.status == status))


def _sniff(data: bytes, url: str) -> str | None:
    """Page or file, by the bytes: the reader's own sniffer, so a page the crawler follows (an HTML
    fragment too) is the page the pipeline reads."""
    try:
        return sniff_format(data, url)
    except Exception:  # noqa: BLE001 - unknown format: stored, not parsed
        return None


class SiteCrawler:
    def __init__(self, site: Site, known: dict[str, Known], store: RawStore, fetcher: Fetcher):
        self.site, self.known, self.store, self.fetcher = site, known, store, fetcher
        self.result = SiteResult(site.id)
        self.seen: set[str] = set()

    def fetch(self, link: Link, parent: str | None) -> tuple[bytes | None, DocRow | None]:
        """Fetch (conditionally) and store one URL; returns its bytes (stored copy on 304) and row."""
        prev = self.known.get(link.url)
        have = prev is not None and prev.sha256 is not None and self.store.has(prev.sha256)
        f = self.fetcher.get(link.url, self.site, prev.etag if have else None, prev.last_modified if have else None)
        self._log(f)
        if f.error is not None:
            self.result.errors.append(f"{link.url}: {f.error}")
            return None, None
        if f.not_modified and prev is not None and prev.sha256:
            data = self.store.get(prev.sha256)
            sha, status = prev.sha256, "unchanged"
            etag, lm = f.etag or prev.etag, f.last_modified or prev.last_modified
        else:
            assert f.data is not None and f.sha256 is not None
            data, sha = f.data, self.store.put(f.data, f.sha256)
            status = "new" if prev is None or prev.sha256 is None else ("unchanged" if prev.sha256 == sha else "changed")
            etag, lm = f.etag, f.last_modified
        row = DocRow(link.url, self.site.id, self.site.region_code, link.kind, parent, link.title or None, sha,
                     _sniff(data, link.url), f.content_type, f.charset, etag, lm, len(data), status)
        self.result.docs.append(row)
        return data, row

    def _log(self, f: Fetched) -> None:
        self.result.fetches.append({
            "site_id": self.site.id, "url": f.url, "final_url": f.final_url, "status": f.status,
            "fetched_at": utcnow(), "sha256": f.sha256, "etag": f.etag, "last_modified": f.last_modified,
            "content_type": f.content_type, "n_bytes": len(f.data) if f.data is not None else None,
            "elapsed_ms": f.elapsed_ms, "attempts": f.attempts, "error": f.error,
        })

    def run(self) -> SiteResult:
        queue: deque[tuple[Link, str | None]] = deque((Link(u, "list", ""), None) for u in self.site.start_urls)
        reports: list[tuple[Link, str]] = []
        claims: dict[str, Paging] = {}
        reached: dict[str, set[str]] = {}
        failed: list[str] = []
        pages = 0
        while queue and pages < self.site.max_pages:
            link, parent = queue.popleft()
            if link.url in self.seen:
                continue
            self.seen.add(link.url)
            pages += 1
            data, row = self.fetch(link, parent)
            if data is None or row is None:
                failed.append(link.url)
                continue
            page = read_list_page(data, link.url, self.site, row.format, row.http_charset, shown_on=parent)
            if page.paging is not None:
                series = page.paging.series
                if series not in claims or claims[series].claimed < page.paging.claimed:
                    claims[series] = page.paging
                reached.setdefault(series, set()).add(page.url or link.url)
            if page.url:
                self.seen.add(page.url)  # a column's '/' is its index.html: not fetched twice
            for found in page.links:
                if found.kind == "list":
                    if found.url not in self.seen and self.site.allows(found.url):
                        queue.append((found, parent if page.json else link.url))
                else:
                    reports.append((found, link.url))
        self._warn_unreached(claims, reached, failed, [lk.url for lk, _ in queue if lk.url not in self.seen])
        if self.site.start_urls and set(self.site.start_urls) <= set(failed):
            self.result.failure = f"no start page could be fetched ({self.result.errors[0]})"
        todo = []
        for link, parent in reports:
            if link.url not in self.seen:
                self.seen.add(link.url)
                todo.append((link, parent))
        with ThreadPoolExecutor(max(1, self.site.max_connections_per_host)) as pool:
            for _ in pool.map(lambda lp: self._report(*lp), todo):
                pass
        return self.result

    def _warn_unreached(self, claims: dict[str, Paging], reached: dict[str, set[str]], failed: list[str],
                        left: list[str]) -> None:
        """One warning per list whose stated page count was not reached, saying why, and one when the
        `max_pages` cap left list pages unfetched (a JSON API never asked states no count)."""
        capped = bool(left)
        why = (f"stopped at max_pages={self.site.max_pages}" if capped
               else f"{len(failed)} list page(s) failed: {', '.join(failed[:3])}" if failed
               else "the other pages are not linked in a way the crawler can follow")
        for series, paging in claims.items():
            got = len(reached.get(series, ()))
            if got < paging.claimed:
                self.result.warnings.append(f"list {series} says it has {paging.claimed} pages ({paging.how}); "
                                            f"{got} reached: {why}")
        if capped:
            self.result.warnings.append(f"stopped at max_pages={self.site.max_pages}: {len(set(left))} more list "
                                        f"page(s) not fetched, e.g. {left[0]}")

    def _report(self, link: Link, parent: str) -> None:
        data, row = self.fetch(link, parent)
        if data is None or row is None or link.kind != "report" or row.format != "html":
            return  # an attachment, or a "report page" that is really a PDF/DOCX: nothing to follow
        for found in report_page_links(data, link.url, row.http_charset):
            if found.url in self.seen:
                continue
            self.seen.add(found.url)
            self.fetch(found, link.url)


def crawl_site(site: Site, known: dict[str, Known], store: RawStore, fetcher: Fetcher | None = None,
               backoff: float = 0.5) -> SiteResult:
    own = fetcher is None
    fetcher = fetcher or Fetcher(backoff=backoff)
    try:
        return SiteCrawler(site, known, store, fetcher).run()
    finally:
        if own:
            fetcher.close()


def write_crawl(con: duckdb.DuckDBPyConnection, run_id: str, results: list[SiteResult]) -> None:
    """The sites' fetch log and stored documents, in one transaction."""
    record_crawl(con, run_id, [f for r in results for f in r.fetches], [asdict(d) for r in results for d in r.docs])
