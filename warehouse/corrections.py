"""Reviewer corrections: a separate table; extracted facts are never overwritten.

A correction is keyed by the document's content hash (`sha256`) and the fact key, so it survives
re-ingesting the same bytes (also under a newer parser version, which changes `doc_id`). The
latest correction of a (sha256, key) wins; older ones stay as history. The view
`facts_effective` (warehouse.metrics) applies them and marks the values it changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation

import duckdb

from warehouse.schema import TableDef, _c

CORRECTIONS = TableDef(
    "corrections",
    "Corrections recorded by a reviewer (`ogi review correct`); the views use the latest one per "
    "(sha256, key) instead of the extracted value, which stays untouched in facts.",
    (
        _c("correction_id", "int", "Sequence number of the correction (1-based, in recording order)", True),
        _c("doc_id", "id", "documents.doc_id the reviewer corrected (informative; matching uses sha256)", True),
        _c("sha256", "id", "SHA-256 of the document's bytes: the correction applies to every parser "
           "version of the same file, so it survives re-ingest", True),
        _c("key", "text", "Canonical fact key '<table>/<row>/<col>' corrected", True),
        _c("value", "number", "Corrected value; NULL with value_kind 'blank'/'na' to mark a value as absent"),
        _c("value_kind", "text", "'number' | 'blank' | 'na' for the corrected value"),
        _c("previous_value", "number", "facts.value at the time of the correction (NULL if none)"),
        _c("previous_raw_text", "text", "facts.raw_text at the time of the correction"),
        _c("reason", "text", "Why the value was corrected (required)", True),
        _c("who", "text", "Who made the correction"),
        _c("corrected_at", "timestamp", "When the correction was recorded, UTC"),
    ),
    ("correction_id",),
)


class CorrectionError(ValueError):
    """The correction cannot be recorded as asked."""


@dataclass
class Correction:
    correction_id: int
    doc_id: str
    key: str
    value: Decimal | None
    reason: str


def resolve_doc(con: duckdb.DuckDBPyConnection, doc: str) -> tuple[str, str]:
    """(doc_id, sha256) of the one document whose doc_id or sha256 starts with `doc`."""
    rows = con.execute(
        "SELECT doc_id, sha256 FROM documents WHERE starts_with(doc_id, ?) OR starts_with(sha256, ?)",
        [doc, doc],
    ).fetchall()
    if not rows:
        raise CorrectionError(f"no document whose id starts with {doc!r}")
    if len({r[1] for r in rows}) > 1:
        raise CorrectionError(f"{doc!r} matches {len(rows)} documents; give more of the id")
    return rows[0][0], rows[0][1]


def add_correction(
    con: duckdb.DuckDBPyConnection, doc: str, key: str, value: str | Decimal | int | None, reason: str,
    who: str | None = None,
) -> Correction:
    """Record a correction of `key` in document `doc` (doc_id or sha256 prefix)."""
    if not reason or not reason.strip():
        raise CorrectionError("a correction needs a reason")
    doc_id, sha = resolve_doc(con, doc)
    kind = "number"
    number: Decimal | None
    if value is None or str(value).strip() in ("", "blank"):
        number, kind = None, "blank"
    elif str(value).strip() in ("na", "/", "-", "无"):
        number, kind = None, "na"
    else:
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            raise CorrectionError(f"not a number: {value!r}") from None
    known = con.execute("SELECT count(*) FROM facts WHERE key = ?", [key]).fetchall()[0][0]
    if not known and "/" not in key:
        raise CorrectionError(f"unknown fact key {key!r} (expected '<table>/<row>/<col>')")
    prev = con.execute("SELECT value, raw_text FROM facts WHERE doc_id = ? AND key = ?", [doc_id, key]).fetchall()
    prev_value, prev_raw = prev[0] if prev else (None, None)
    next_id = con.execute("SELECT coalesce(max(correction_id), 0) + 1 FROM corrections").fetchall()[0][0]
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute(
        "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [next_id, doc_id, sha, key, number, kind, prev_value, prev_raw, reason.strip(), who, now],
    )
    return Correction(next_id, doc_id, key, number, reason.strip())


LIST_SQL = """
SELECT c.correction_id, c.doc_id, d.body, d.year, c.key, c.previous_value, c.previous_raw_text,
       c.value, c.value_kind, c.reason, c.who, c.corrected_at,
       c.correction_id = max(c.correction_id) OVER (PARTITION BY c.sha256, c.key) AS in_effect
FROM corrections c LEFT JOIN documents d ON d.sha256 = c.sha256
ORDER BY c.correction_id
"""


def list_corrections(con: duckdb.DuckDBPyConnection) -> list[dict]:
    cur = con.execute(LIST_SQL)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]
