"""Console output shared by the `ogi` commands: stderr for people, stdout for machines, values as text."""

from __future__ import annotations

import logging
import os
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape

PIPE_WIDTH = 160
DbOption = Annotated[Path, typer.Option("--db", help="Warehouse file (DuckDB), e.g. ogi.duckdb.")]


def err() -> Console:
    # soft_wrap: error lines stay one line each (grep-able) even when stderr is not a terminal
    return Console(stderr=True, highlight=False, soft_wrap=True)


def out() -> Console:
    """stdout console; when stdout is a file or pipe, tables get room instead of 80 columns."""
    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = PIPE_WIDTH
    return console


# Exit status, the same for every command (documented in `ogi --help` and the README)
EXIT_OK = 0  # everything asked for was done
EXIT_PARTIAL = 1  # some documents or sites failed; the rest was done and loaded
EXIT_USAGE = 2  # the command was asked wrongly: unknown site, fact key, option value
EXIT_NOTHING = 3  # nothing could be done (no input found, every site or document failed)


def fail(message: str, code: int = EXIT_PARTIAL) -> typer.Exit:
    """Print `error: message` to stderr; raise the returned Exit with the status `code`."""
    err().print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


def usage_error(message: str) -> typer.Exit:
    """A request the command cannot mean (a typo in a site id, a fact key): exit status 2."""
    return fail(message, EXIT_USAGE)


def setup_logging(console: Console, level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(message)s", force=True,
                        handlers=[RichHandler(console=console, show_path=False, markup=False)])


def num(v: Decimal | None) -> str:
    if v is None:
        return ""
    return format(v.normalize() if v != v.to_integral_value() else v.quantize(Decimal(1)), "f")


def text(v: Any) -> str:
    """A database value as plain text: exact decimals without trailing zeros, lists comma-joined."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return num(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(text(x) for x in v)
    return str(v)


def json_default(o: Any) -> Any:
    """Decimals (e.g. in check operands) as JSON numbers."""
    if isinstance(o, Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    return str(o)


def open_db(db: Path, read_only: bool = True) -> Any:
    """Open the warehouse for a command, or exit with the reason in the user's terms: 2 when no file is
    there (a mistyped --db), 3 when the file cannot be opened (locked, not a warehouse, too old to read)."""
    from warehouse.connect import WarehouseError, WarehouseMissing, open_warehouse

    try:
        return open_warehouse(db, read_only=read_only)
    except WarehouseMissing as exc:
        raise usage_error(str(exc)) from None
    except WarehouseError as exc:
        raise fail(str(exc), EXIT_NOTHING) from None
