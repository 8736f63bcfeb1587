"""Parsing crawled documents: the jobs, the stateless worker, and loading what the workers wrote.

A job names stored bytes not yet parsed by this parser version (`parse_cache`). The worker reads
them from the content-addressed store, writes the record as a file and returns a small result,
so it runs as well on a Dask cluster as in threads; one writer loads the records in batches.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import duckdb

from flows.fetch import RawStore
from flows.local_files import FileResult, store
from flows.sandbox import DEFAULT_LIMITS, Limits, guarded_extract
from warehouse.crawl_log import drop_superseded, page_images, record_parses, unparsed_documents
from warehouse.load import BULK_BATCH_DOCS

# images are OCR'd with the page that shows them (ParseJob.images); doc/works/rtf/xls/xlsx are converted
# by LibreOffice first
PARSABLE = ("html", "pdf", "docx", "text", "markdown", "mht", "doc", "works", "rtf", "xls", "xlsx")


@dataclass
class ParseJob:
    sha256: str
    url: str
    http_charset: str | None = None
    region_code: str | None = None  # the site's region code in the registry: context for the identity stage
    images: dict[str, str] = field(default_factory=dict)  # a page's <img> URL → sha256 of the stored copy


@dataclass
class ParseResult:
    sha256: str
    url: str
    path: str | None = None  # pickled DocumentRecord written by the worker
    stage: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.stage is None


def _with_charset(data: bytes, charset: str | None) -> bytes:
    """An HTML page whose charset is only in the HTTP header, re-encoded so the extractor sees it."""
    if not charset:
        return data
    from extractors.encoding import decode_markup_or_text

    text, codec = decode_markup_or_text(data, charset)
    guessed = decode_markup_or_text(data, None)[1]
    if codec == guessed:
        return data
    return ('<meta charset="utf-8">' + text).encode("utf-8")


def parse_blob(job: ParseJob, store_root: str, out_dir: str, limits: Limits = DEFAULT_LIMITS) -> ParseResult:
    """Raw bytes → DocumentRecord file; any failure is returned, never raised.

    The bytes come from the web, so they are read in a forked child under the same wall-time and
    memory limits as `ogi ingest` (`flows.sandbox`): a hostile file fails alone.
    """
    from extractors.errors import ExtractionError
    from pipeline.identity import IdentityContext
    from pipeline.run import PARSER_VERSION, extract_record

    res = ParseResult(job.sha256, job.url)
    raw = RawStore(store_root)

    def read(path: Path):
        stored = {url: raw.get(sha) for url, sha in job.images.items() if raw.has(sha)}
        return extract_record(_with_charset(path.read_bytes(), job.http_charset), job.url,
                              images=lambda src: stored.get(urljoin(job.url, src)),
                              context=IdentityContext(source_url=job.url, site_region_code=job.region_code))

    try:
        rec = guarded_extract(raw.path(job.sha256), limits, extract=read)
        rec.sha256 = job.sha256  # keyed by the bytes as served
        out = Path(out_dir) / f"{job.sha256}-{PARSER_VERSION}.pkl"
        tmp = out.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, out)
        res.path = str(out)
    except ExtractionError as exc:
        res.stage, res.reason = exc.stage, exc.reason
    except OSError as exc:
        res.stage, res.reason = "read", exc.strerror or str(exc)
    except Exception as exc:  # noqa: BLE001 - a bug in one extractor must not end the run
        res.stage, res.reason = "extract", f"{type(exc).__name__}: {exc}"
    return res


def pending_jobs(con: duckdb.DuckDBPyConnection, parser_version: str, limit: int | None = None) -> list[ParseJob]:
    """Stored report pages / attachments whose bytes were not parsed by this parser version.

    A page's job lists the stored copies of its `<img>` files (tables published as pictures are
    OCR'd from them). Files whose format could not be sniffed when fetched are tried again, so a
    reader added later (e.g. old binary .doc) gets them, and failures land in parse_cache as usual.
    """
    jobs = [ParseJob(*r) for r in unparsed_documents(con, parser_version, PARSABLE, limit)]
    pictures = page_images(con, [j.url for j in jobs])
    for j in jobs:
        j.images = pictures.get(j.url, {})
    return jobs


def chunks(jobs: list[ParseJob], chunk_size: int | None = None, tasks: int = 16) -> list[list[ParseJob]]:
    """Jobs in chunks for the parse tasks: by default ~`tasks` of them, 25 jobs at most each."""
    size = chunk_size or max(1, min(25, -(-len(jobs) // tasks)))
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def load_parsed(con: duckdb.DuckDBPyConnection, results: Sequence[ParseResult], run_id: str,
                batch_size: int = BULK_BATCH_DOCS) -> dict[str, int]:
    """Load parsed records in batches, record failures in `errors`, fill `parse_cache`."""
    from pipeline.run import PARSER_VERSION

    counts = {"loaded": 0, "failed": 0}
    for i in range(0, len(results), batch_size):
        batch = results[i:i + batch_size]
        files: list[FileResult] = []
        for r in batch:
            fr = FileResult(r.url)
            if r.ok and r.path:
                try:
                    fr.record = pickle.loads(Path(r.path).read_bytes())
                except Exception as exc:  # noqa: BLE001
                    fr.fail("read", f"parsed record unreadable: {exc}")
            else:
                fr.fail(r.stage or "extract", r.reason or "")
            files.append(fr)
        store(con, files, run_id)
        record_parses(con, [(r.sha256, PARSER_VERSION, fr.doc_id, "loaded" if fr.ok else "failed", fr.error)
                            for r, fr in zip(batch, files)])
        for r in batch:
            if r.path:
                Path(r.path).unlink(missing_ok=True)
        counts["loaded"] += sum(1 for f in files if f.ok)
        counts["failed"] += sum(1 for f in files if not f.ok)
    drop_superseded(con)
    return counts
