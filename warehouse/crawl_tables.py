"""The crawler's tables (migration 3): fetch log, stored raw documents, parse cache, flow runs (status: migration 10)."""

from __future__ import annotations

from warehouse.tabledefs import TableDef, col

FETCH_LOG = TableDef(
    "fetch_log",
    "One row per HTTP fetch made by the crawler (flows/crawl.py), including failures and 304s.",
    (
        col("run_id", "id", "Flow run that made the fetch (flow_runs.run_id)"),
        col("site_id", "id", "Site of the registry (sites/*.yaml) the URL was reached from"),
        col("url", "text", "URL requested", True),
        col("final_url", "text", "URL after redirects (NULL when the fetch failed before a response)"),
        col("status", "int", "HTTP status (304 = unchanged, not downloaded); NULL when no response"),
        col("fetched_at", "timestamp", "When the fetch finished, UTC"),
        col("sha256", "id", "SHA-256 of the body received (NULL for 304 and failures)"),
        col("etag", "text", "ETag header of the response"),
        col("last_modified", "text", "Last-Modified header of the response"),
        col("content_type", "text", "Content-Type header of the response"),
        col("n_bytes", "int", "Body size in bytes"),
        col("elapsed_ms", "int", "Time taken, including retries, in milliseconds"),
        col("attempts", "int", "Number of attempts made (retries on 5xx, timeouts and connection errors)"),
        col("error", "text", "Why the fetch failed (timeout, HTTP 404, robots.txt, too large, host not allowed...)"),
    ),
)

CRAWL_DOCUMENTS = TableDef(
    "crawl_documents",
    "Every URL the crawler stored, with the content hash of its current bytes in the raw store "
    "(a folder next to the warehouse, files named by sha256, never by URL).",
    (
        col("url", "text", "URL of the list page, report page, attachment or image", True),
        col("site_id", "id", "Site of the registry"),
        col("region_code", "id", "Region code given for the site in the registry"),
        col("kind", "text", "'list' | 'report' (a report page) | 'attachment' (PDF/DOC/DOCX/WPS) | 'image'"),
        col("parent_url", "text", "Page the URL was found on"),
        col("title", "text", "Link text it was found under"),
        col("sha256", "id", "SHA-256 of the current bytes (the file name in the raw store)"),
        col("format", "text", "Format sniffed from the bytes (html, pdf, docx, image, ...), not from the URL"),
        col("content_type", "text", "Content-Type header as served"),
        col("http_charset", "text", "charset of the Content-Type header, if any"),
        col("etag", "text", "ETag of the stored version (sent back as If-None-Match)"),
        col("last_modified", "text", "Last-Modified of the stored version (sent back as If-Modified-Since)"),
        col("n_bytes", "int", "Size of the stored bytes"),
        col("first_seen", "timestamp", "When the URL was first stored, UTC"),
        col("changed_at", "timestamp", "When its bytes last changed, UTC"),
        col("checked_at", "timestamp", "When it was last fetched or confirmed unchanged, UTC"),
    ),
    ("url",),
)

PARSE_CACHE = TableDef(
    "parse_cache",
    "Documents already parsed, by content hash and parser version: an unchanged document is never parsed twice.",
    (
        col("sha256", "id", "SHA-256 of the parsed bytes", True),
        col("parser_version", "text", "pipeline.run.PARSER_VERSION", True),
        col("doc_id", "id", "documents.doc_id loaded from it (NULL when parsing failed)"),
        col("status", "text", "'loaded' | 'failed'"),
        col("error", "text", "Why parsing or loading failed"),
        col("parsed_at", "timestamp", "When it was parsed, UTC"),
    ),
    ("sha256", "parser_version"),
)

RUN_STATUS = col("status", "text", "'ok' | 'partial' (a site, a document or the export failed; the rest was done) | "
                 "'failed' (every site failed, or no parsed document loaded); `ogi crawl` / `ogi nightly` exit "
                 "with 0, 1 or 3 accordingly. NULL for runs recorded before migration 10")

FLOW_RUNS = TableDef(
    "flow_runs",
    "One row per crawl / ingest / nightly flow run, with its summary and status.",
    (
        col("run_id", "id", "Run id", True),
        col("flow", "text", "'crawl' | 'ingest' | 'nightly'"),
        col("started_at", "timestamp", "Start, UTC"),
        col("finished_at", "timestamp", "End, UTC"),
        col("summary", "json", "Counts: sites, pages, new / changed / unchanged documents, parsed, cached, errors; "
           "sites_failed (site id → why); warnings per site (a list that says it has more pages than the crawl "
           "reached)"),
        RUN_STATUS,
    ),
    ("run_id",),
)

CRAWL_TABLES: tuple[TableDef, ...] = (FETCH_LOG, CRAWL_DOCUMENTS, PARSE_CACHE, FLOW_RUNS)
