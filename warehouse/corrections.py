"""Reviewer corrections: a separate table; extracted facts are never overwritten.

A correction is keyed by the document's content hash (`sha256`) and the fact key, so it survives
re-ingesting the same bytes (also under a newer parser version, which changes `doc_id`). The
latest correction of a (sha256, key) that was not revoked is in effect; older and revoked ones stay as
history (`ogi review undo` marks one revoked, with who, why and when, and deletes nothing). The view
`facts_effective` (warehouse.metric_views) applies them and marks the values it changed.

A key must be one of the spec's canonical keys. Correcting a key the document has no fact for is an
`add` (a value the reader missed) and must be asked for as such; an `accept` confirms the extracted value
(a correction equal to it), so a flagged number a reviewer checked no longer counts as flagged.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path

import duckdb

from normalizers.spec import load_spec
from warehouse.tabledefs import TableDef, col

# Migration 8 (issue 17): what was done, and the revocation (`ogi review undo`)
ACTION_COLUMNS = (
    col("action", "text", "'correct' (a value read wrong), 'add' (a value the reader missed: the document had no "
                          "fact for the key) or 'accept' (the extracted value confirmed; value is the extracted one)"),
    col("revoked_at", "timestamp", "When the correction was revoked (`ogi review undo`), UTC; NULL while it stands. "
                                   "A revoked correction is kept but never in effect"),
    col("revoked_by", "text", "Who revoked the correction"),
    col("revoke_reason", "text", "Why the correction was revoked"),
)

CORRECTIONS = TableDef(
    "corrections",
    "Corrections recorded by a reviewer (`ogi review correct`, `accept`, the review page); the views use the "
    "latest one per (sha256, key) that is not revoked instead of the extracted value, which stays untouched in "
    "facts. Nothing is deleted: `ogi review undo` marks a correction revoked.",
    (
        col("correction_id", "int", "Sequence number of the correction (1-based, in recording order)", True),
        col("doc_id", "id", "documents.doc_id the reviewer corrected (informative; matching uses sha256)", True),
        col("sha256", "id", "SHA-256 of the document's bytes: the correction applies to every parser "
           "version of the same file, so it survives re-ingest", True),
        col("key", "text", "Canonical fact key '<table>/<row>/<col>' corrected", True),
        col("value", "number", "Corrected value; NULL with value_kind 'blank'/'na' to mark a value as absent"),
        col("value_kind", "text", "'number' | 'blank' | 'na' for the corrected value (an accept keeps the "
                                  "extracted kind)"),
        col("previous_value", "number", "facts.value at the time of the correction (NULL if none)"),
        col("previous_raw_text", "text", "facts.raw_text at the time of the correction"),
        col("reason", "text", "Why the value was corrected (required)", True),
        col("who", "text", "Who made the correction"),
        col("corrected_at", "timestamp", "When the correction was recorded, UTC"),
        *ACTION_COLUMNS,
    ),
    ("correction_id",),
)

ACTIONS = ("correct", "add", "accept")


class CorrectionError(ValueError):
    """The correction was asked wrongly (unknown document, key or correction, no reason, not a number)."""


@dataclass
class Correction:
    correction_id: int
    doc_id: str
    key: str
    value: Decimal | None
    reason: str
    action: str = "correct"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


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


def check_key(key: str) -> None:
    """Refuse a key that is not one of the spec's canonical keys, naming the closest ones."""
    keys = load_spec().all_keys()
    if key in keys:
        return
    close = difflib.get_close_matches(key, keys, n=3, cutoff=0.75)
    hint = (f"; did you mean {' or '.join(close)}?" if close
            else " (keys are '<table>/<row>/<col>', listed in docs/data_dictionary.md)")
    raise CorrectionError(f"unknown fact key {key!r}{hint}")


def _parse_value(value: str | Decimal | int | None) -> tuple[Decimal | None, str]:
    """(number, value_kind) of a value as a reviewer types it: a number, 'blank' or 'na'."""
    text = "" if value is None else str(value).strip()
    if text in ("", "blank"):
        return None, "blank"
    if text in ("na", "/", "-", "无"):
        return None, "na"
    try:
        return Decimal(text.replace(",", "")), "number"
    except InvalidOperation:
        raise CorrectionError(f"not a number: {value!r}") from None


def add_correction(
    con: duckdb.DuckDBPyConnection, doc: str, key: str, value: str | Decimal | int | None, reason: str,
    who: str | None = None, action: str = "correct",
) -> Correction:
    """Record a correction of `key` in document `doc` (doc_id or sha256 prefix); `action` is 'correct', 'add'
    (the document has no value for the key) or 'accept' (`value` is ignored: the extracted one is confirmed)."""
    if action not in ACTIONS:
        raise CorrectionError(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")
    if not reason or not reason.strip():
        raise CorrectionError("a correction needs a reason")
    check_key(key)
    doc_id, sha = resolve_doc(con, doc)
    prev = con.execute("SELECT value, value_kind, raw_text FROM facts WHERE doc_id = ? AND key = ?",
                       [doc_id, key]).fetchall()
    has = con.execute("SELECT count(*) FROM facts_effective WHERE doc_id = ? AND key = ?",
                      [doc_id, key]).fetchall()[0][0]
    if action == "add" and has:
        raise CorrectionError(f"{doc_id[:12]} already has a value for {key}; correct it without --add")
    if action != "add" and not has:
        raise CorrectionError(f"{doc_id[:12]} has no value for {key}; pass --add to record a value the reader "
                              "missed")
    if action == "accept":
        if not prev:
            raise CorrectionError(f"{doc_id[:12]} has no extracted value for {key} to accept")
        number, kind = prev[0][0], prev[0][1]
    else:
        number, kind = _parse_value(value)
    prev_value, _, prev_raw = prev[0] if prev else (None, None, None)
    next_id = con.execute("SELECT coalesce(max(correction_id), 0) + 1 FROM corrections").fetchall()[0][0]
    con.execute(
        "INSERT INTO corrections (correction_id, doc_id, sha256, key, value, value_kind, previous_value, "
        "previous_raw_text, reason, who, corrected_at, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [next_id, doc_id, sha, key, number, kind, prev_value, prev_raw, reason.strip(), who, _now(), action],
    )
    return Correction(next_id, doc_id, key, number, reason.strip(), action)


def revoke_correction(con: duckdb.DuckDBPyConnection, correction_id: int, reason: str,
                      who: str | None = None) -> Correction:
    """Mark a correction revoked (kept, never in effect again): the views fall back to the previous correction
    of its document and key still standing, else the extracted value."""
    if not reason or not reason.strip():
        raise CorrectionError("undoing a correction needs a reason")
    rows = con.execute("SELECT doc_id, key, value, reason, action, revoked_at, revoked_by FROM corrections "
                       "WHERE correction_id = ?", [correction_id]).fetchall()
    if not rows:
        raise CorrectionError(f"no correction {correction_id} (see `ogi review corrections`)")
    doc_id, key, value, why, action, revoked_at, revoked_by = rows[0]
    if revoked_at is not None:
        raise CorrectionError(f"correction {correction_id} was already revoked at {revoked_at:%Y-%m-%d %H:%M} UTC"
                              + (f" by {revoked_by}" if revoked_by else ""))
    con.execute("UPDATE corrections SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE correction_id = ?",
                [_now(), who, reason.strip(), correction_id])
    return Correction(correction_id, doc_id, key, value, why, action or "correct")


def value_in_effect(con: duckdb.DuckDBPyConnection, doc_id: str, key: str) -> tuple[Decimal | None, str | None,
                                                                                    int | None]:
    """(value, value_kind, correction_id or None) the views use for one fact."""
    rows = con.execute("SELECT value, value_kind, correction_id FROM facts_effective WHERE doc_id = ? AND key = ?",
                       [doc_id, key]).fetchall()
    return rows[0] if rows else (None, None, None)


LIST_SQL = """
SELECT * FROM (
SELECT c.correction_id, c.doc_id, d.body, d.year, c.key, coalesce(c.action, 'correct') AS action,
       c.previous_value, c.previous_raw_text, c.value, c.value_kind, c.reason, c.who, c.corrected_at,
       c.revoked_at, c.revoked_by, c.revoke_reason,
       c.revoked_at IS NULL AND c.correction_id = max(c.correction_id) FILTER (WHERE c.revoked_at IS NULL)
           OVER (PARTITION BY c.sha256, c.key) AS in_effect
FROM corrections c LEFT JOIN documents d ON d.sha256 = c.sha256
)
WHERE (? IS NULL OR doc_id = ?) AND (? IS NULL OR key = ?)
ORDER BY correction_id
"""


def list_corrections(con: duckdb.DuckDBPyConnection, doc_id: str | None = None,
                     key: str | None = None) -> list[dict]:
    """Every correction (or those of one document and key), revoked ones included, with whether it is in
    effect."""
    cur = con.execute(LIST_SQL, [doc_id, doc_id, key, key])
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
                  "detail", "page", "element", "cell_row", "cell_col", "corrected", "value_in_effect", "crop",
                  "decision"]


def review_items(con: duckdb.DuckDBPyConnection, doc: str | None = None, limit: int | None = None,
                 db_path: str | Path | None = None) -> list[dict]:
    """Flagged facts, failed checks, failed cross-year checks and conflicting harmonised values (one
    metric given different numbers by one report, e.g. 主动公开 3636 / 1913 / 739), with raw text and
    source location.

    `crop` is the OCR'd cell's image and box (facts.image, facts.bbox) when recorded, followed by the
    path of its saved PNG crop when `db_path` is given and the file exists.
    `decision` is the action of the correction in effect ('correct', 'add', 'accept'), NULL when none.
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
               fe.value AS value_in_effect, {crop} AS crop,
               CASE WHEN fe.corrected THEN coalesce(c.action, 'correct') END AS decision
        FROM facts f JOIN documents d USING (doc_id)
             LEFT JOIN facts_effective fe ON fe.doc_id = f.doc_id AND fe.key = f.key
             LEFT JOIN corrections c ON c.correction_id = fe.correction_id
        WHERE f.validation_status <> 'ok'
        UNION ALL
        SELECT 'check', c.doc_id, d.body, d.year, d.source, c.identity, c.subject, NULL, c.actual, c.status,
               c.message, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM checks c JOIN documents d USING (doc_id) WHERE c.status = 'fail'
        UNION ALL
        SELECT 'cross_year', x.doc_id, x.body, x.year, d.source, x.identity, x.subject, NULL, x.actual, x.status,
               x.message, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM cross_year_checks x JOIN documents d USING (doc_id) WHERE x.status = 'fail'
        UNION ALL
        SELECT 'conflict', h.doc_id, d.body, d.year, d.source, h.metric, h.label_printed, h.raw_text, h.value,
               h.source_kind, 'the report also gives: ' || array_to_string(h.values_in_doc, '; '), h.page,
               h.element, h.cell_row, h.cell_col, NULL, NULL, NULL, NULL
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


def fact_detail(con: duckdb.DuckDBPyConnection, doc_id: str, key: str) -> dict | None:
    """One fact as the review page shows it: the value in effect, the extracted one, raw text and location."""
    extra = ", ".join(f"f.{c}" for c in _facts_extra_columns(con))
    cur = con.execute(f"""
        SELECT fe.doc_id, fe.key, fe.value, fe.value_kind, fe.extracted_value, fe.extracted_value_kind, fe.corrected,
               fe.correction_id, fe.correction_reason, f.raw_text, f.label_zh, f.label_printed, f.page, f.element,
               f.cell_row, f.cell_col, f.confidence, f.flags, f.validation_status, f.note{', ' + extra if extra else ''}
        FROM facts_effective fe LEFT JOIN facts f ON f.doc_id = fe.doc_id AND f.key = fe.key
        WHERE fe.doc_id = ? AND fe.key = ?""", [doc_id, key])
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    return dict(zip(names, row)) if row else None


def document_provenance(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict | None:
    """Where a document came from and what it was read as."""
    cur = con.execute("SELECT doc_id, sha256, source, format, title, body, year, doc_type, template, needs_ocr, "
                      "parser_version, loaded_at FROM documents WHERE doc_id = ?", [doc_id])
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    return dict(zip(names, row)) if row else None


def checks_of(con: duckdb.DuckDBPyConnection, doc_id: str, key: str | None = None,
              identity: str | None = None, subject: str | None = None) -> list[dict]:
    """A document's checks that use fact `key`, or the one named by identity and subject, with their operands
    (fact key → number as stored)."""
    cur = con.execute("""
        SELECT seq, identity, subject, status, expected, actual, CAST(operands AS VARCHAR) AS operands, message
        FROM checks
        WHERE doc_id = ? AND (? IS NULL OR list_contains(json_keys(operands), ?))
          AND (? IS NULL OR identity = ?) AND (? IS NULL OR subject = ?)
        ORDER BY seq""", [doc_id, key, key, identity, identity, subject, subject])
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    for r in rows:
        r["operands"] = json.loads(r["operands"]) if r["operands"] else {}
    return rows
