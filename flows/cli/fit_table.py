"""Query results as text that fits the terminal: a table whose values (never headers) are cut with '…',
or, when even the headers do not fit side by side, one record per block with a name per line (psql's
expanded mode). Widths are display cells, so Chinese text (two cells a character) lines up."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rich.cells import cell_len, set_cell_size

from flows.cli.console import text

GAP = "  "
_NUMERIC = (int, float, Decimal)


def render(names: Sequence[str], rows: Sequence[Sequence[Any]], width: int) -> list[str]:
    """Lines of the result at most `width` cells wide: a table if the headers fit, else records."""
    cells = [[_one_line(text(v)) for v in row] for row in rows]
    widths = fit_widths([cell_len(n) for n in names], cells, width - len(GAP) * (len(names) - 1))
    if widths is None:
        return records(names, cells, width)
    right = [bool(rows) and all(r[i] is None or isinstance(r[i], _NUMERIC) for r in rows) and
             any(isinstance(r[i], _NUMERIC) for r in rows) for i in range(len(names))]
    lines = [_line(names, widths, right), GAP.join("─" * w for w in widths)]
    lines += [_line(row, widths, right) for row in cells]
    return [line.rstrip() for line in lines]


def fit_widths(headers: Sequence[int], cells: Sequence[Sequence[str]], room: int) -> list[int] | None:
    """Column widths that fit `room` cells: each at least its header, the widest values cut first;
    None when the headers alone do not fit."""
    if sum(headers) > room:
        return None
    natural = [max([h, *(cell_len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    if sum(natural) <= room:
        return natural
    lo, hi = 0, max(natural)  # the largest cap c with sum(max(h, min(n, c))) <= room
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sum(max(h, min(n, mid)) for h, n in zip(headers, natural)) <= room:
            lo = mid
        else:
            hi = mid - 1
    return [max(h, min(n, lo)) for h, n in zip(headers, natural)]


def records(names: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> list[str]:
    """One block per row: '-[ RECORD n ]-' then 'name │ value' lines, values cut to the width."""
    name_w = max(cell_len(n) for n in names)
    value_w = max(1, width - name_w - 3)
    lines: list[str] = []
    for i, row in enumerate(cells, 1):
        lines.append(f"-[ RECORD {i} ]".ljust(min(width, name_w + 3 + value_w), "-"))
        lines += [(_pad(n, name_w) + " │ " + _cut(v, value_w)).rstrip() for n, v in zip(names, row)]
    return lines


def _line(values: Sequence[str], widths: Sequence[int], right: Sequence[bool]) -> str:
    return GAP.join(_pad(_cut(v, w), w, r) for v, w, r in zip(values, widths, right))


def _cut(s: str, w: int) -> str:
    return s if cell_len(s) <= w else set_cell_size(s, w - 1).rstrip() + "…"


def _pad(s: str, w: int, right: bool = False) -> str:
    pad = " " * (w - cell_len(s))
    return pad + s if right else s + pad


def _one_line(s: str) -> str:
    return s.replace("\r\n", "\n").replace("\n", "↵").replace("\t", " ")
