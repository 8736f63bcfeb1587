"""Replacing documents' rows in the warehouse, atomically and idempotently.

A document is keyed by content sha256 + parser version. Loading a record deletes every row of
that document (and of any other parser version of the same bytes) and inserts the new rows inside
one transaction, so a failure leaves the previous content intact. `loaded_at` of a doc_id that
was already present is kept: re-ingesting the same files leaves the tables identical.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb
import pyarrow as pa

from pipeline.record import DocumentRecord
from warehouse import document_rows, fact_stage, schema, tabledefs

log = logging.getLogger(__name__)

_VIEW = "_ogi_load_rows"

# Documents per transaction for bulk loads. A batch of ≥ one DuckDB row group of facts (122,880
# rows; ~1000 reports × ~200 cells) is written straight to the file; smaller batches go through
# the WAL and are written again at checkpoint: 500-document batches spent ~40% of a 10k-document
# load in COMMIT, 1000-document batches ~2% (measured, DuckDB 2.0).
BULK_BATCH_DOCS = 1000


@dataclass
class LoadOutcome:
    """What happened to one record in `load_many`: its doc_id, or the error that stopped it."""

    record: DocumentRecord
    doc_id: str
    error: Exception | None = None


def utcnow() -> datetime:
    """Naive UTC timestamp (the warehouse stores TIMESTAMP in UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def load_record(con: duckdb.DuckDBPyConnection, rec: DocumentRecord) -> str:
    """Replace one document's rows in one transaction; returns its doc_id."""
    return load_records(con, [rec])[0]


def load_records(con: duckdb.DuckDBPyConnection, recs: Sequence[DocumentRecord]) -> list[str]:
    """Replace the rows of a batch of documents in one transaction (all or nothing).

    One INSERT per table for the whole batch is what makes bulk loads fast. Records with the
    same bytes (one file under two names) collapse to the last one, as sequential loads would.
    Returns the doc_ids in input order.
    """
    ids = [document_rows.doc_id_of(r) for r in recs]
    batch = list({r.sha256: (d, r) for d, r in zip(ids, recs)}.values())
    if not batch:
        return ids
    shas = sorted({r.sha256 for _, r in batch})
    con.execute("BEGIN TRANSACTION")
    try:
        existing = dict(
            con.execute("SELECT doc_id, loaded_at FROM documents WHERE sha256 IN (SELECT unnest(?))", [shas])
            .fetchall()
        )
        now = utcnow()
        loaded_at = {d: existing.get(d) or now for d, _ in batch}
        if existing:
            delete_documents(con, sorted(existing))
        n_facts = _insert_facts(con, batch)
        for name, table in document_rows.batch_tables(batch, loaded_at, n_facts).items():
            _insert(con, name, table)
        regions = document_rows.region_rows([r for _, r in batch])
        if regions:
            _insert(con, "regions", document_rows.to_arrow(schema.REGIONS, regions), replace=True)
        con.execute("DELETE FROM errors WHERE source IN (SELECT unnest(?))", [sorted({r.source for _, r in batch})])
        con.execute("COMMIT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:  # the original error is the one worth raising
            log.exception("rollback failed")
        raise
    return ids


def delete_documents(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
    """Delete every row of these documents (no transaction of its own: the caller's, if any)."""
    for t in schema.DOC_TABLES:
        con.execute(f"DELETE FROM {t.name} WHERE doc_id IN (SELECT unnest(?))", [list(doc_ids)])


def _insert_facts(con: duckdb.DuckDBPyConnection, batch: Sequence[tuple[str, DocumentRecord]]) -> dict[str, int]:
    """Insert the batch's facts; returns the number of facts per doc_id."""
    stage, counts = fact_stage.fact_stage(batch)
    views = {"stage": stage, "labels": fact_stage.labels_table(), "failed": fact_stage.failed_stage(batch)}
    names = {k: f"_ogi_facts_{k}" for k in views}
    for k, table in views.items():
        con.register(names[k], table)
    try:
        con.execute(fact_stage.INSERT_FACTS.format(**names))
    finally:
        for name in names.values():
            con.unregister(name)
    return counts


def _insert(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table, replace: bool = False) -> None:
    if not table.num_rows:
        return
    cols = ", ".join(map(tabledefs.ident, table.column_names))
    con.register(_VIEW, table)
    try:
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        con.execute(f"{verb} INTO {name} ({cols}) SELECT {cols} FROM {_VIEW}")
    finally:
        con.unregister(_VIEW)


def load_many(con: duckdb.DuckDBPyConnection, recs: Sequence[DocumentRecord]) -> list[LoadOutcome]:
    """Load a batch; if the batch fails, load its records one by one to isolate the bad ones.

    Never raises for a bad record: the outcome carries the error and the document's previous
    rows stay as they were.
    """
    try:
        return [LoadOutcome(r, d) for r, d in zip(recs, load_records(con, recs))]
    except Exception as exc:  # noqa: BLE001 - any failure: retry one by one to find the culprit
        if len(recs) == 1:
            return [LoadOutcome(recs[0], document_rows.doc_id_of(recs[0]), exc)]
        log.warning("batch of %d records failed to load (%s); retrying one by one", len(recs), exc)
    outcomes = []
    for r in recs:
        try:
            outcomes.append(LoadOutcome(r, load_record(con, r)))
        except Exception as exc:  # noqa: BLE001 - reported in the outcome, the batch goes on
            outcomes.append(LoadOutcome(r, document_rows.doc_id_of(r), exc))
    return outcomes


def record_error(
    con: duckdb.DuckDBPyConnection, source: str, stage: str, reason: str, run_id: str | None = None
) -> None:
    """Record that `source` failed; an unchanged error keeps its first run_id and time."""
    prev = con.execute("SELECT stage, reason FROM errors WHERE source = ?", [source]).fetchall()
    if prev and prev[0] == (stage, reason):
        return
    con.execute(
        "INSERT OR REPLACE INTO errors (run_id, source, stage, reason, \"at\") VALUES (?, ?, ?, ?, ?)",
        [run_id, source, stage, reason, utcnow()],
    )
