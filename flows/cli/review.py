"""`ogi review`: list flagged numbers and failed checks, record and list corrections (registered on the main
app by `register(app)`)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.console import DbOption, err, fail, open_db, out, text

review_app = typer.Typer(help="Review flagged numbers and failed checks; record corrections.",
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
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(REVIEW_COLUMNS)
        w.writerows([text(it[c]) for c in REVIEW_COLUMNS] for it in items)
        return
    table = Table("item", "doc", "body / year", "key", "raw", "value", "status", "detail", "location")
    for it in items:
        loc = ", ".join(x for x in (
            Path(it["source"] or "").name, f"p.{it['page']}" if it["page"] else "", it["element"] or "",
            f"cell {it['cell_row']},{it['cell_col']}" if it["cell_row"] is not None else "",
            f"crop {it['crop']}" if it["crop"] else "") if x)
        value = text(it["value"])
        if it["corrected"]:
            value += f" → {text(it['value_in_effect'])} (corrected)"
        table.add_row(*(escape(x) for x in (
            it["item"], it["doc_id"][:12], f"{it['body'] or ''} {it['year'] or ''}", it["key"] or "",
            it["raw_text"] or "", value, it["status"] or "", it["detail"] or "", loc)))
    out().print(table)
    err().print(f"{len(items)} item{'s' if len(items) != 1 else ''}; record a fix with "
                     "`ogi review correct DOC KEY --value V --reason TEXT --db ...`")


@review_app.command("correct")
def review_correct(
    doc: Annotated[str, typer.Argument(help="Document: doc_id or sha256 prefix (see `ogi review`).")],
    key: Annotated[str, typer.Argument(help="Fact key, e.g. review_litigation/review/total.")],
    value: Annotated[str, typer.Option("--value", help="Corrected value; 'blank' or 'na' to mark it absent.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (required; listed with the correction).")],
    db: DbOption,
    who: Annotated[str | None, typer.Option("--who", help="Who made the correction.")] = None,
) -> None:
    """Record a correction. The extracted value stays in facts; views use the corrected one and mark it.
    Corrections are keyed by the document's content hash, so they survive re-ingest."""
    import getpass

    from warehouse.corrections import CorrectionError, add_correction

    con = open_db(db, read_only=False)
    try:
        c = add_correction(con, doc, key, value, reason, who or getpass.getuser())
    except CorrectionError as exc:
        raise fail(str(exc)) from None
    finally:
        con.close()
    err().print(f"correction {c.correction_id}: {escape(c.doc_id[:12])} {escape(c.key)} = "
                        f"{escape(text(c.value))} ({escape(c.reason)})")


@review_app.command("corrections")
def review_corrections(
    db: DbOption,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """List the corrections with their reasons (in_effect: the latest one for its document and key)."""
    from warehouse.corrections import list_corrections

    con = open_db(db)
    try:
        rows = list_corrections(con)
    finally:
        con.close()
    names = ["correction_id", "doc_id", "body", "year", "key", "previous_value", "value", "value_kind", "reason",
             "who", "corrected_at", "in_effect"]
    if as_csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(names)
        w.writerows([text(r[n]) for n in names] for r in rows)
        return
    table = Table(*names)
    for r in rows:
        table.add_row(*(escape(text(r[n]) if n != "doc_id" else r[n][:12]) for n in names))
    out().print(table)


def register(app: typer.Typer) -> None:
    """Add `review` to the `ogi` app."""
    app.add_typer(review_app, name="review")
