"""The crawler's bookkeeping tables: `fetch_log`, `crawl_documents`, `parse_cache`, `flow_runs`.

The crawl and nightly flows decide what to fetch, parse and load; this module is where they read
and write these tables, so the flows hold no SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from warehouse.load import delete_documents, utcnow

FETCH_COLS = ("run_id", "site_id", "url", "final_url", "status", "fetched_at", "sha256", "etag", "last_modified",
              "content_type", "n_bytes", "elapsed_ms", "attempts", "error")
DOC_COLS = ("url", "site_id", "region_code", "kind", "parent_url", "title", "sha256", "format", "content_type",
            "http_charset", "etag", "last_modified", "n_bytes", "first_seen", "changed_at", "checked_at")


@dataclass
class Known:
    """What the warehouse knows of a URL from earlier crawls."""

    sha256: str | None
    etag: str | None
    last_modified: str | None
    first_seen: datetime | None = None
    changed_at: datetime | None = None


def known_urls(con: duckdb.DuckDBPyConnection) -> dict[str, Known]:
    rows = con.execute(
        "SELECT url, sha256, etag, last_modified, first_seen, changed_at FROM crawl_documents").fetchall()
    return {r[0]: Known(*r[1:]) for r in rows}


def record_crawl(con: duckdb.DuckDBPyConnection, run_id: str, fetches: Iterable[Mapping[str, Any]],
                 docs: Iterable[Mapping[str, Any]]) -> None:
    """Fetch log rows and the current version of every stored URL, in one transaction.

    `fetches` carry the FETCH_COLS but run_id; `docs` the DOC_COLS but the three times, and the
    crawl's `status` ('new' | 'changed' | 'unchanged'), which decides whether `changed_at` moves.
    """
    known = known_urls(con)
    now = utcnow()
    fetch_rows = [tuple([run_id] + [f[c] for c in FETCH_COLS[1:]]) for f in fetches]
    doc_rows = []
    for d in docs:
        prev = known.get(d["url"])
        first = prev.first_seen if prev and prev.first_seen else now
        changed = prev.changed_at if prev and d["status"] == "unchanged" and prev.changed_at else now
        v = dict(d, first_seen=first, changed_at=changed, checked_at=now)
        doc_rows.append(tuple(v[c] for c in DOC_COLS))
    doc_rows = list({row[0]: row for row in doc_rows}.values())  # one row per URL
    con.execute("BEGIN TRANSACTION")
    try:
        if fetch_rows:
            con.executemany(f"INSERT INTO fetch_log ({', '.join(map(_q, FETCH_COLS))}) VALUES "
                            f"({', '.join('?' * len(FETCH_COLS))})", fetch_rows)
        if doc_rows:
            con.executemany(f"INSERT OR REPLACE INTO crawl_documents ({', '.join(map(_q, DOC_COLS))}) VALUES "
                            f"({', '.join('?' * len(DOC_COLS))})", doc_rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _q(name: str) -> str:
    return '"' + name + '"'


def unparsed_documents(con: duckdb.DuckDBPyConnection, parser_version: str, formats: Sequence[str],
                       limit: int | None = None) -> list[tuple[str, str, str | None, str | None]]:
    """(sha256, url, http_charset, region_code) of stored report pages / attachments whose bytes are
    not in `parse_cache` for `parser_version`, one per sha256, by URL.

    Formats outside `formats` are skipped; files whose format was not sniffed when fetched are kept
    (a reader added later may read them). The HTTP charset is given for pages only: a binary file
    served with one must not be re-encoded.
    """
    return con.execute(
        f"""
        SELECT c.sha256, min(c.url), min(CASE WHEN c.format = 'html' THEN c.http_charset END), min(c.region_code)
        FROM crawl_documents c
        LEFT JOIN parse_cache p ON p.sha256 = c.sha256 AND p.parser_version = ?
        WHERE c.kind IN ('report', 'attachment')
          AND (c.format IN ({', '.join('?' * len(formats))}) OR c.format IS NULL)
          AND c.sha256 IS NOT NULL AND p.sha256 IS NULL
        GROUP BY c.sha256 ORDER BY min(c.url)
        {'LIMIT ' + str(int(limit)) if limit else ''}
        """, [parser_version, *formats]).fetchall()


def page_images(con: duckdb.DuckDBPyConnection, pages: Sequence[str]) -> dict[str, dict[str, str]]:
    """Page URL → {`<img>` URL → sha256 of its stored copy}, for the stored pictures of `pages`."""
    pictures: dict[str, dict[str, str]] = {}
    for parent, url, sha in con.execute(
            "SELECT parent_url, url, sha256 FROM crawl_documents WHERE kind = 'image' AND sha256 IS NOT NULL "
            "AND parent_url IN (SELECT unnest(?))", [list(pages)]).fetchall():
        pictures.setdefault(parent, {})[url] = sha
    return pictures


def record_parses(con: duckdb.DuckDBPyConnection,
                  rows: Iterable[tuple[str, str, str | None, str, str | None]]) -> None:
    """(sha256, parser_version, doc_id, 'loaded' | 'failed', error) into `parse_cache`, stamped now."""
    now = utcnow()
    con.executemany("INSERT OR REPLACE INTO parse_cache VALUES (?, ?, ?, ?, ?, ?)", [(*r, now) for r in rows])


def drop_superseded(con: duckdb.DuckDBPyConnection) -> None:
    """A corrected report replaces the old version of the same URL (when nothing else still serves it)."""
    stale = [r[0] for r in con.execute(
        """
        SELECT DISTINCT d.doc_id FROM documents d JOIN crawl_documents c ON d.source = c.url
        JOIN parse_cache p ON p.sha256 = c.sha256 AND p.status = 'loaded'
        WHERE d.sha256 <> c.sha256
          AND d.sha256 NOT IN (SELECT sha256 FROM crawl_documents WHERE sha256 IS NOT NULL)
        """).fetchall()]
    if stale:
        delete_documents(con, stale)


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, flow: str, started: datetime,
               summary: Mapping[str, Any]) -> None:
    """A flow run's summary (JSON) and its status (the summary's 'status') in `flow_runs`, finished now."""
    con.execute("INSERT OR REPLACE INTO flow_runs (run_id, flow, started_at, finished_at, summary, status) "
                "VALUES (?, ?, ?, ?, ?, ?)", [run_id, flow, started, utcnow(),
                                              json.dumps(summary, ensure_ascii=False, default=str),
                                              summary.get("status")])
