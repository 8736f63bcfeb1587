"""The cells of one standard-table row: values printed as cells, or a run of digits to split.

A row's values are read as printed when they are cells (a grid, or one value per line); a run-together
run is split by `digit_runs` and the split is decided by the printing rules or a row identity of the
spec, else flagged undecided with its alternatives. Missing cells are reported, never guessed.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from extractors.document import Provenance
from normalizers.spec import load_spec
from normalizers.values import parse_value
from pipeline.digit_runs import candidate_splits
from pipeline.table_stream import Item

Cell = tuple[str | None, Provenance, list[str], str | None]


def fills_template(table: str, row: str, printed: tuple[str, ...], whole: tuple[str, ...],
                    values: list[Item]) -> bool:
    """The printed heads are some of the template's, and the row holds a cell for each of the
    template's columns (printed cells, or a run that splits into them but not into the printed ones)."""
    if not len(printed) < len(whole) or not set(printed) <= set(whole):
        return False
    if cells_printed(values, len(values)):
        return len(values) == len(whole)
    return read_cells(table, row, printed, values) is None and read_cells(table, row, whole, values) is not None


def cells_printed(values: list[Item], n: int) -> bool:
    """Values that are cells as printed, never to be split: grid cells, or one value per line of a
    one-cell-per-line dump (two or more, at most one per column)."""
    if all(v.kind == "value" for v in values):
        return True
    return 2 <= len(values) <= n and all(v.kind == "run" and len(v.text.split()) == 1 for v in values) \
        and len({v.provenance for v in values}) == len(values)


def read_cells(table: str, row: str, columns: tuple[str, ...], values: list[Item],
                cut: bool = False) -> list[Cell] | None:
    """One (raw text, provenance, flags, note) per column, from printed cells or a run to split.

    `cut`: the text ends inside this row, so the cells printed are its first ones and the rest are
    missing. A single value that no split can spread over the columns is read as the first cell."""
    n = len(columns)
    if cut and len(values) < n and cells_printed(values, n):
        note = f"the text ends inside this row: {len(values)} of {n} cells printed"
        return [(v.text, v.provenance, [], None) for v in values] + \
            [(None, values[-1].provenance, ["row_short"], note) for _ in range(n - len(values))]
    if cells_printed(values, n):
        if len(values) == n:
            return [(v.text, v.provenance, [], None) for v in values]
        if len(values) > n:
            extra = [v for v in values[n:] if v.text.strip()]
            flags = ["row_long"] if extra else []
            return [(v.text, v.provenance, flags, None) for v in values[:n]]
        if len(values) >= 2:
            # cells lost in conversion: the first and last printed values keep their columns,
            # the missing middle cells are reported as uncertain, never guessed
            missing = n - len(values)
            note = f"row printed {len(values)} of {n} values; the missing cells cannot be placed"
            head = [(v.text, v.provenance, ["row_short"], note) for v in values[:-1]]
            gap: list[Cell] = [(None, values[-2].provenance, ["row_short"], note) for _ in range(missing)]
            return head + gap + [(values[-1].text, values[-1].provenance, ["row_short"], note)]
        return [(values[0].text, values[0].provenance, ["row_short"], None)] + \
            [(None, values[0].provenance, ["row_short"], None) for _ in range(n - 1)]
    run = " ".join(v.text for v in values)
    prov = values[0].provenance
    col_names = tuple(c.split("/")[-1] for c in columns)
    ranked = candidate_splits(run, col_names, table)
    if not ranked:
        # one printed value too short to hold more cells ('0' under two heads, '/' under one)
        alone = len(values) == 1 and len(run.split()) == 1 and (n == 1 or len(run.strip()) < n)
        return read_cells(table, row, columns, [replace(values[0], kind="value")], cut) if alone else None
    passing = [s for s in ranked if _identities_hold(table, columns, s.parts)]
    pool = passing or ranked
    best = pool[0]
    if len(ranked) == 1 or len(passing) == 1:  # printing rules or an identity decide, not the prior
        flags: list[str] = []
        note = None if len(best.parts) == 1 else f"split of run-together text '{run}'"
    else:
        flags = ["split_undecided"]
        alts = "; ".join("|".join(s.parts) for s in pool[1:4])
        note = f"run-together text '{run}' read as {'|'.join(best.parts)}; also possible: {alts}"
    return [(p, prov, list(flags), note) for p in best.parts]


def _identities_hold(table: str, columns: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """The spec's row identities that can choose a split (A3 for a 表三 row, R1 for each 表四 block
    'row/col') hold, and at least one applies."""
    nums = [parse_value(p).number for p in parts]
    if any(x is None for x in nums):
        return False
    blocks: dict[str, dict[str, Decimal]] = {}
    for col, n in zip(columns, nums):
        row, _, c = col.rpartition("/")
        blocks.setdefault(row, {})[c] = n
    applied = [(s, b) for s in load_spec().sums_of(table, "row") for b in blocks.values()
               if all(c in b for c in (*s.left, *s.right))]
    return bool(applied) and all(sum((b[c] for c in s.left), Decimal(0)) == sum((b[c] for c in s.right), Decimal(0))
                                 for s, b in applied)
