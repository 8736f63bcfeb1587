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
from pathlib import Path

import duckdb

from warehouse.tabledefs import TableDef, col

CORRECTIONS = TableDef(
    "corrections",
    "Corrections recorded by a reviewer (`ogi review correct`); the views use the latest one per "
    "(sha256, key) instead of the extracted value, which stays untouched in facts.",
    (
        col("correction_id", "int", "Sequence number of the correction (1-based, in recording order)", True),
        col("doc_id", "id", "documents.doc_id the reviewer corrected (informative; matching uses sha256)", True),
        col("sha256", "id", "SHA-256 of the document's bytes: the correction applies to every parser "
           "version of the same file, so it survives re-ingest", True),
        col("key", "text", "Canonical fact key '<table>/<row>/<col>' corrected", True),
        col("value", "number", "Corrected value; NULL with value_kind 'blank'/'na' to mark a value as absent"),
        col("value_kind", "text", "'number' | 'blank' | 'na' for the corrected value"),
        col("previous_value", "number", "facts.value at the time of the correction (NULL if none)"),
        col("previous_raw_text", "text", "facts.raw_text at the time of the correction"),
        col("reason", "text", "Why the value was corrected (required)", True),
        col("who", "text", "Who made the correction"),
        col("corrected_at", "timestamp", "When the correction was recorded, UTC"),
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


def _facts_extra_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Optional provenance columns other stages may add to facts (OCR crop / bounding box)."""
    have = {n for (n,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'facts' AND database_name = current_database()"
    ).fetchall()}
    return [c for c in ("bbox", "image") if c in have]


def crop_file(db_path: str | Path, doc_id: str, key: str) -> Path:
    """Where ingest saves the PNG crop of a flagged OCR'd cell (see facts.bbox)."""
    return Path(f"{db_path}.crops") / doc_id.replace(":", "_") / (key.replace("/", "__") + ".png")


REVIEW_COLUMNS = ["item", "doc_id", "body", "year", "source", "key", "label", "raw_text", "value", "status",
                  "detail", "page", "element", "cell_row", "cell_col", "corrected", "value_in_effect", "crop"]


def review_items(con: duckdb.DuckDBPyConnection, doc: str | None = None, limit: int | None = None,
                 db_path: str | Path | None = None) -> list[dict]:
    """Flagged facts, failed checks, failed cross-year checks and conflicting harmonised values (one
    metric given different numbers by one report, e.g. 主动公开 3636 / 1913 / 739), with raw text and
    source location.

    `crop` is the OCR'd cell's image and box (facts.image, facts.bbox) when recorded, followed by the
    path of its saved PNG crop when `db_path` is given and the file exists.
    """
    extra = _facts_extra_columns(con)
    crop = "NULL"
    if "bbox" in extra:
        image = "coalesce(f.image, '') || ' '" if "image" in extra else "''"
        crop = f"CASE WHEN f.bbox IS NOT NULL THEN {image} || 'box ' || CAST(f.bbox AS VARCHAR) END"
    sql = f"""
    SELECT * FROM (
        SELECT 'fact' AS item, f.doc_id, d.body, d.year, d.source, f.key, f.label_zh AS label, f.raw_text,
               f.value, f.validation_status AS status, array_to_string(f.flags, ', ') AS detail,
               f.page, f.element, f.cell_row, f.cell_col, coalesce(fe.corrected, false) AS corrected,
               fe.value AS value_in_effect, {crop} AS crop
        FROM facts f JOIN documents d USING (doc_id)
             LEFT JOIN facts_effective fe ON fe.doc_id = f.doc_id AND fe.key = f.key
        WHERE f.validation_status <> 'ok'
        UNION ALL
        SELECT 'check', c.doc_id, d.body, d.year, d.source, c.identity, c.subject, NULL, c.actual, c.status,
               c.message, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM checks c JOIN documents d USING (doc_id) WHERE c.status = 'fail'
        UNION ALL
        SELECT 'cross_year', x.doc_id, x.body, x.year, d.source, x.identity, x.subject, NULL, x.actual, x.status,
               x.message, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM cross_year_checks x JOIN documents d USING (doc_id) WHERE x.status = 'fail'
        UNION ALL
        SELECT 'conflict', h.doc_id, d.body, d.year, d.source, h.metric, h.label_printed, h.raw_text, h.value,
               h.source_kind, 'the report also gives: ' || array_to_string(h.values_in_doc, '; '), h.page,
               h.element, h.cell_row, h.cell_col, NULL, NULL, NULL
        FROM harmonised_doc h JOIN documents d USING (doc_id) WHERE h.conflict
    )
    WHERE ? IS NULL OR starts_with(doc_id, ?)
    ORDER BY doc_id, item, key
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    cur = con.execute(sql, [doc, doc])
    names = [d[0] for d in cur.description]
    items = [dict(zip(names, r)) for r in cur.fetchall()]
    if db_path is not None:
        for it in items:
            if it["item"] == "fact" and it["crop"]:
                f = crop_file(db_path, it["doc_id"], it["key"])
                if f.exists():
                    it["crop"] = f"{it['crop']} ({f})"
    return items
