"""`ogi review`: list flagged numbers and failed checks; record, accept, list and undo corrections; serve the
review page (registered on the main app by `register(app)`)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.console import DbOption, err, fail, open_db, out, text, usage_error

review_app = typer.Typer(help="Review flagged numbers and failed checks; record, list and undo corrections; "
                              "the review page (`ogi review serve`).",
                         no_args_is_help=False, invoke_without_command=True)


@review_app.callback()
def review_list(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option("--db", help="Warehouse file (DuckDB).")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document (doc_id prefix).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many items.")] = 200,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """List flagged facts, failed checks, failed cross-year checks and conflicting harmonised values with
    the raw text and source location (page, element, cell; the OCR crop when recorded). Subcommands record
    and list corrections."""
    if ctx.invoked_subcommand is not None:
        return
    if db is None:
        raise fail("--db is required")
    from warehouse.corrections import REVIEW_COLUMNS, review_items

    con = open_db(db)
    try:
        items = review_items(con, doc, limit, db_path=db)
    finally:
        con.close()
    if as_csv:
        _print_csv(REVIEW_COLUMNS, items)
        return
    table = Table("item", "doc", "body / year", "key", "raw", "value", "status", "detail", "location")
    for it in items:
        loc = ", ".join(x for x in (
            Path(it["source"] or "").name, f"p.{it['page']}" if it["page"] else "", it["element"] or "",
            f"cell {it['cell_row']},{it['cell_col']}" if it["cell_row"] is not None else "",
            f"crop {it['crop']}" if it["crop"] else "") if x)
        value = text(it["value"])
        if it["corrected"]:
            value += f" → {text(it['value_in_effect'])} ({'accepted' if it['decision'] == 'accept' else 'corrected'})"
        table.add_row(*(escape(x) for x in (
            it["item"], it["doc_id"][:12], f"{it['body'] or ''} {it['year'] or ''}", it["key"] or "",
            it["raw_text"] or "", value, it["status"] or "", it["detail"] or "", loc)))
    out().print(table)
    err().print(f"{len(items)} item{'s' if len(items) != 1 else ''}; record a fix with "
                "`ogi review correct DOC KEY --value V --reason TEXT --db ...` (or `ogi review accept`), "
                "or review them in a page: `ogi review serve --db ...`")


def _who(who: str | None) -> str:
    import getpass

    return who or getpass.getuser()


@review_app.command("correct")
def review_correct(
    doc: Annotated[str, typer.Argument(help="Document: doc_id or sha256 prefix (see `ogi review`).")],
    key: Annotated[str, typer.Argument(help="Canonical fact key, e.g. review_litigation/review/total.")],
    value: Annotated[str, typer.Option("--value", help="Corrected value; 'blank' or 'na' to mark it absent.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (required; listed with the correction).")],
    db: DbOption,
    who: Annotated[str | None, typer.Option("--who", help="Who made the correction (default: your login).")] = None,
    add: Annotated[bool, typer.Option("--add", help="The document has no value for KEY: record one the reader "
                                                    "missed.")] = False,
) -> None:
    """Record a correction. The extracted value stays in facts; views use the corrected one and mark it.
    Corrections are keyed by the document's content hash, so they survive re-ingest. KEY must be one of the
    spec's keys (a typo exits 2 naming the closest ones) and one the document has a value for, unless --add."""
    _record(db, doc, key, value, reason, who, "add" if add else "correct")


@review_app.command("accept")
def review_accept(
    doc: Annotated[str, typer.Argument(help="Document: doc_id or sha256 prefix (see `ogi review`).")],
    key: Annotated[str, typer.Argument(help="Canonical fact key of a flagged value.")],
    db: DbOption,
    reason: Annotated[str, typer.Option("--reason", help="Why (listed with the correction).")] = "accepted",
    who: Annotated[str | None, typer.Option("--who", help="Who checked it (default: your login).")] = None,
) -> None:
    """Confirm a flagged value as printed: recorded as a correction equal to the extracted value (action
    'accept'), so it is marked reviewed and no longer counted as flagged; undo it like any correction."""
    _record(db, doc, key, None, reason, who, "accept")


def _record(db: Path, doc: str, key: str, value: str | None, reason: str, who: str | None, action: str) -> None:
    from warehouse.corrections import CorrectionError, add_correction

    con = open_db(db, read_only=False)
    try:
        c = add_correction(con, doc, key, value, reason, _who(who), action)
    except CorrectionError as exc:
        raise usage_error(str(exc)) from None
    finally:
        con.close()
    err().print(f"correction {c.correction_id} ({c.action}): {escape(c.doc_id[:12])} {escape(c.key)} = "
                f"{escape(text(c.value))} ({escape(c.reason)}); undo with `ogi review undo {c.correction_id}`")


@review_app.command("undo")
def review_undo(
    correction_id: Annotated[int, typer.Argument(help="The correction's number (see `ogi review corrections`).")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is revoked (required).")],
    db: DbOption,
    who: Annotated[str | None, typer.Option("--who", help="Who revokes it (default: your login).")] = None,
) -> None:
    """Revoke a correction: it stays listed with who revoked it, why and when, and the views use the previous
    correction of the same document and key still standing, else the extracted value."""
    from warehouse.corrections import CorrectionError, revoke_correction, value_in_effect

    con = open_db(db, read_only=False)
    try:
        c = revoke_correction(con, correction_id, reason, _who(who))
        value, kind, by = value_in_effect(con, c.doc_id, c.key)
    except CorrectionError as exc:
        raise usage_error(str(exc)) from None
    finally:
        con.close()
    now = text(value) if kind == "number" else (kind or "no value")
    source = f"correction {by}" if by else "as extracted"
    err().print(f"correction {c.correction_id} revoked: {escape(c.doc_id[:12])} {escape(c.key)} is now "
                f"{escape(now)} ({source})")


CORRECTION_COLUMNS = ["correction_id", "doc_id", "body", "year", "key", "action", "previous_value", "value",
                      "value_kind", "reason", "who", "corrected_at", "revoked_at", "revoked_by", "revoke_reason",
                      "in_effect"]


@review_app.command("corrections")
def review_corrections(
    db: DbOption,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """List the corrections with their reasons, revoked ones included (in_effect: the latest one not revoked
    for its document and key)."""
    from warehouse.corrections import list_corrections

    con = open_db(db)
    try:
        rows = list_corrections(con)
    finally:
        con.close()
    if as_csv:
        _print_csv(CORRECTION_COLUMNS, rows)
        return
    table = Table(*CORRECTION_COLUMNS)
    for r in rows:
        table.add_row(*(escape(text(r[n]) if n != "doc_id" else r[n][:12]) for n in CORRECTION_COLUMNS))
    out().print(table)


@review_app.command("serve")
def review_serve(
    db: DbOption,
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (local only by default).")] = "127.0.0.1",
) -> None:
    """A local web page for review: the flagged numbers, failed checks and OCR-uncertain cells, each with the
    crop of the printed cell, raw text, checks and provenance, where a reviewer accepts, corrects or undoes
    (stored as `ogi review correct` does). Opens the warehouse per request, so it holds no lock."""
    import uvicorn

    from flows.review_page import create_app

    if not db.exists():
        raise usage_error(f"no warehouse at {db} (create it with `ogi ingest --db {db} ...`)")
    open_db(db, read_only=False).close()  # migrated and its views current before the read-only pages
    err().print(f"review page for {escape(str(db))} at http://{host}:{port}/ (Ctrl-C stops it)")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


def _print_csv(names: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Rows as CSV on stdout (no BOM: a pipe), each value as `ogi review` shows it."""
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(names)
    w.writerows([text(r[n]) for n in names] for r in rows)


def register(app: typer.Typer) -> None:
    """Add `review` to the `ogi` app."""
    app.add_typer(review_app, name="review")
