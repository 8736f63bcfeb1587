"""Report files on disk into the warehouse: find them, extract each one, store the results.

Shared by `ogi ingest` and the Prefect ingest flow (`flows.ingest`) so that both pick the same
files, report the same per-file outcome and record failures the same way: a bad file becomes a
row in `errors` and never stops the others. (Crawled documents are parsed by `flows.parse_jobs`.)
"""

from __future__ import annotations

import logging
import re
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.errors import ExtractionError
from pipeline.record import DocumentRecord

if TYPE_CHECKING:  # the warehouse (DuckDB, Arrow) is imported when storing, not by `ogi extract`
    import duckdb

log = logging.getLogger(__name__)

KNOWN_SUFFIXES = {".pdf", ".html", ".htm", ".docx", ".txt", ".md", ".png", ".jpg", ".jpeg",
                  ".doc", ".wps", ".rtf", ".mht", ".mhtml", ".xls", ".xlsx", ".et"}
SNIFF_BYTES = 2048
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WARM_UP_EXAMPLES = ("xuanwei_2021.html", "shuyang_2023.pdf", "shiping_2022.docx", "hongze_2022.md")
WARM_UP_FILES = 10  # below this many files, warming up costs more than it saves

Extractor = Callable[[Path], DocumentRecord]


@dataclass
class FileResult:
    """What happened to one input file. The record is dropped once loaded to bound memory."""

    source: str
    record: DocumentRecord | None = None
    stage: str | None = None
    reason: str | None = None
    doc_id: str | None = None
    doc_type: str | None = None
    year: int | None = None
    region: str | None = None
    template: str | None = None
    n_facts: int = 0
    n_failed_checks: int = 0

    @property
    def ok(self) -> bool:
        return self.stage is None

    @property
    def error(self) -> str | None:
        return None if self.ok else f"{self.stage} failed: {self.reason}"

    def fail(self, stage: str, reason: str) -> FileResult:
        self.stage, self.reason, self.record = stage, reason, None
        return self


def new_run_id() -> str:
    from warehouse.load import utcnow

    return f"{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _not_a_report(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".truth.json") or name.startswith("readme.")


def _sniffable(path: Path) -> bool:
    """A file with an unknown suffix is taken only when its bytes say a format other than text."""
    from extractors.office import MAX_INPUT_BYTES
    from extractors.ole import OLE_MAGIC
    from extractors.registry import sniff_format

    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
            if head.startswith(OLE_MAGIC):  # Word or Excel is told from the directory, anywhere in the file
                head += fh.read(MAX_INPUT_BYTES)
            return sniff_format(head, path.name) not in ("text", "markdown")
    except (OSError, ExtractionError):
        return False


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(files to ingest, paths that do not exist) on disk.

    Folders are searched recursively, skipping hidden files and folders, `*.truth.json`
    evaluation files and README.* notes about the folder; files named explicitly are always taken.
    """
    files: list[Path] = []
    missing: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or _hidden(f, p) or _not_a_report(f):
                    continue
                if f.suffix.lower() in KNOWN_SUFFIXES or _sniffable(f):
                    files.append(f)
        elif p.is_file():
            files.append(p)
        else:
            missing.append(p)
    unique = list(dict.fromkeys(files))
    named = {p for p in map(Path, paths) if p.is_file()}
    embedded = _pictures_of_pages(unique) - named
    return [f for f in unique if f not in embedded], missing


_IMG_SRC = re.compile(rb"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def _pictures_of_pages(files: list[Path]) -> set[Path]:
    """Images that an HTML page among `files` shows: they are read with the page (OCR), not alone."""
    out: set[Path] = set()
    for page in files:
        if page.suffix.lower() not in (".html", ".htm"):
            continue
        try:
            head = page.read_bytes()[:2_000_000]
        except OSError:
            continue
        for m in _IMG_SRC.finditer(head):
            src = m.group(1).decode("utf-8", "replace").split("?")[0]
            if "://" not in src and not src.startswith("data:"):
                out.add((page.parent / src).resolve())
    return {f for f in files if f.resolve() in out}


def images_beside(page: Path) -> Callable[[str], bytes | None]:
    """An HTML page's relative `<img>` files, read from the page's folder (never outside the web)."""
    def lookup(src: str) -> bytes | None:
        if "://" in src:
            return None
        path = (page.parent / src.split("?")[0].split("#")[0]).resolve()
        return path.read_bytes() if path.is_file() else None

    return lookup


def extract_path(path: str | Path) -> DocumentRecord:
    """The record of one file on disk: its bytes, the pictures beside it, and its name as context."""
    from pipeline import run
    from pipeline.identity import IdentityContext

    path = Path(path)
    return run.extract_record(path.read_bytes(), str(path), images=images_beside(path),
                              context=IdentityContext(file_name=path.name))


def default_extractor() -> Extractor:
    return extract_path


def warm_up_readers() -> None:
    """Extract one bundled example of each format in this process (about a second, once).

    Sandboxed children are forked from this process, so each then starts with its reader imported
    and the pipeline's tables loaded instead of loading them again for every file: an HTML report
    takes ~0.15 s in its child instead of ~0.5 s. The examples are trusted files of this repository.
    """
    for name in WARM_UP_EXAMPLES:
        if (EXAMPLES / name).is_file():
            extract_file(EXAMPLES / name, extract_path)


def extract_file(path: str | Path, extract: Extractor | None = None) -> FileResult:
    """Run the pure pipeline on one file; every failure becomes a FileResult, never an exception."""
    result = FileResult(str(path))
    try:
        rec = (extract or default_extractor())(Path(path))
    except ExtractionError as exc:
        return result.fail(exc.stage, exc.reason)
    except OSError as exc:
        return result.fail("read", exc.strerror or str(exc))
    except Exception as exc:  # a bug in one extractor must not end the batch
        log.debug("unexpected error extracting %s", path, exc_info=True)
        return result.fail("extract", f"{type(exc).__name__}: {exc}")
    result.record = rec
    result.doc_type, result.year, result.template = rec.doc_type, rec.year, rec.template
    if rec.region is not None:
        result.region = rec.region.adcode or rec.region.county or rec.region.prefecture or rec.region.province
    result.n_facts = len({f.key for f in rec.facts})
    result.n_failed_checks = sum(1 for c in rec.checks if c.status == "fail")
    return result


def store(con: duckdb.DuckDBPyConnection, results: Sequence[FileResult], run_id: str) -> None:
    """Load the extracted records of `results` and record every failure, updating them in place."""
    from warehouse.load import load_many, record_error

    pending = [r for r in results if r.ok and r.record is not None]
    outcomes = load_many(con, [r.record for r in pending]) if pending else []  # type: ignore[misc]
    for res, out in zip(pending, outcomes):
        if out.error is not None:
            log.debug("load failed for %s", res.source, exc_info=out.error)
            res.fail("load", f"{type(out.error).__name__}: {out.error}")
        else:
            save_crops(con, out.doc_id, res.record)
            res.doc_id, res.record = out.doc_id, None
    for res in results:
        if not res.ok:
            record_error(con, res.source, res.stage or "extract", res.reason or "", run_id)


def crops_dir(con: duckdb.DuckDBPyConnection) -> Path | None:
    """`<db>.crops/` beside the warehouse file (None for an in-memory database)."""
    from warehouse.connect import database_path

    path = database_path(con)
    return Path(path + ".crops") if path else None


def save_crops(con: duckdb.DuckDBPyConnection, doc_id: str, rec) -> list[Path]:
    """Write the PNG crops of a record's flagged OCR'd cells as <db>.crops/<doc_id>/<key>.png."""
    crops = rec.ocr_crops if rec is not None else None
    base = crops_dir(con) if crops else None
    if not crops or base is None:
        return []
    folder = base / doc_id.replace(":", "_")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for key, png in crops.items():
        path = folder / (key.replace("/", "__") + ".png")
        path.write_bytes(png)
        written.append(path)
    return written


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[str | Path],
    run_id: str | None = None,
    extract: Extractor | None = None,
    batch_size: int = 50,
    on_extracted: Callable[[FileResult], None] | None = None,
    workers: int = 1,
) -> list[FileResult]:
    """Extract each file and load the records in batches; returns one result per file, in order.

    With `workers` > 1 up to that many files are extracted at once (`extract` must then be safe to
    call from threads, e.g. `flows.sandbox.guarded_extract`, which waits on a child process); the
    results are still loaded in input order and in the same batches. `on_extracted` is called after
    each extraction, in input order (for a progress bar); a result's load outcome is final only when
    this function returns.
    """
    run_id = run_id or new_run_id()
    extract = extract or default_extractor()
    results: list[FileResult] = []
    batch: list[FileResult] = []
    for res in extracted_in_order(files, extract, workers):
        results.append(res)
        batch.append(res)
        if on_extracted is not None:
            on_extracted(res)
        if len(batch) >= batch_size:
            store(con, batch, run_id)
            _log(batch)
            batch = []
    store(con, batch, run_id)
    _log(batch)
    return results


def extracted_in_order(files: Iterable[str | Path], extract: Extractor, workers: int = 1) -> Iterator[FileResult]:
    """Each file's FileResult in input order, up to `workers` extracted at once.

    At most 2 × `workers` results wait to be taken, so memory stays bounded however many files.
    """
    if workers <= 1:
        yield from (extract_file(path, extract) for path in files)
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="ogi-extract") as pool:
        pending: deque[Future[FileResult]] = deque()
        for path in files:
            pending.append(pool.submit(extract_file, path, extract))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _log(batch: Sequence[FileResult]) -> None:
    for res in batch:
        if res.ok:
            log.info("loaded %s (%d facts, %d failed checks)", res.source, res.n_facts, res.n_failed_checks)
        else:
            log.warning("%s: %s", res.source, res.error)
