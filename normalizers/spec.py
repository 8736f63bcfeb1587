"""The standard tables of the national report format, loaded from `standard_tables.yaml` (a copy of the project spec).

The YAML names every canonical key `<table>/<row>/<col>`, its printed Chinese label, known aliases, the
columns each template prints, and the identities the printed numbers obey. It is the one home of this
vocabulary: readers, checks, OCR repair and the warehouse metrics read it through these small typed objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Line:
    """A row or a column of a standard table."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str | None = None
    rows: tuple[str, ...] = ()  # for columns: the rows that have this column
    unit: str | None = None  # for money columns: the unit the printed figure is in

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class TableSpec:
    key: str
    label: str
    rows: dict[str, Line]
    columns: dict[str, Line]
    printed_order: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other printed titles of the table
    template_columns: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    def columns_for(self, row: str) -> list[str]:
        """Columns that exist for `row` (all columns when the spec does not restrict them)."""
        return [c.key for c in self.columns.values() if not c.rows or row in c.rows]

    def family(self, name: str) -> tuple[str, ...]:
        """Rows `name.<x>` in printed order, e.g. family('denied') → ('denied.state_secret', …)."""
        return tuple(r for r in self.rows if r.startswith(f"{name}."))


@dataclass(frozen=True)
class SumIdentity:
    """An identity within one table: in each column (over rows) or each row (over columns), left = right.

    `right` holds lines with `family.*` expanded; `either` is a part printed one of two ways (a single
    row, or its split), the split used when printed. It comes after `right`."""

    name: str
    table: str
    each: str  # 'column' | 'row'
    subject: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    either: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    def optional_lines(self) -> tuple[str, ...]:
        """Lines that a report prints one way or the other (so their own checks need them printed)."""
        return (*self.either[0], *self.either[1]) if self.either else ()


@dataclass(frozen=True)
class Spec:
    tables: dict[str, TableSpec]
    identities: dict[str, str] = field(default_factory=dict)  # name → rule as documented
    sums: tuple[SumIdentity, ...] = ()
    template_markers: dict[str, frozenset[str]] = field(default_factory=dict)

    def label_of(self, key: str) -> str:
        """Chinese label of a canonical fact key, e.g. 'applications/granted/total' → '（一）予以公开 × 总计'."""
        table, row, col = key.split("/")
        t = self.tables[table]
        return f"{t.rows[row].label} × {t.columns[col].label}"

    def key(self, table: str, row: str, col: str) -> str:
        """The canonical key of a cell the spec has (KeyError otherwise), so callers cannot drift from it."""
        if col not in self.tables[table].columns_for(row) or row not in self.tables[table].rows:
            raise KeyError(f"{table}/{row}/{col}")
        return f"{table}/{row}/{col}"

    def all_keys(self) -> list[str]:
        return [f"{t.key}/{r}/{c}" for t in self.tables.values() for r in t.rows for c in t.columns_for(r)]

    def sums_of(self, table: str, each: str) -> tuple[SumIdentity, ...]:
        """Sum identities of `table` that hold in each 'column' or each 'row'."""
        return tuple(s for s in self.sums if s.table == table and s.each == each)

    def sum_identity(self, name: str) -> SumIdentity:
        return next(s for s in self.sums if s.name == name)


def _line(key: str, d: dict) -> Line:
    return Line(
        key=key,
        label=str(d["label"]),
        aliases=tuple(d.get("aliases", ())),
        group=d.get("group"),
        rows=tuple(d.get("rows", ())),
        unit=d.get("unit"),
    )


def _expand(table: TableSpec, items: list[str]) -> tuple[str, ...]:
    return tuple(x for item in items for x in (table.family(item[:-2]) if item.endswith(".*") else (item,)))


def _sum_identity(name: str, d: dict, tables: dict[str, TableSpec]) -> SumIdentity:
    table = tables[d["table"]]
    right = [str(x) for x in d["right"]]
    either = None
    if " | " in right[-1]:
        single, split = right.pop().split(" | ")
        either = (_expand(table, [single]), _expand(table, [split]))
    return SumIdentity(name, table.key, d["each"], str(d["subject"]), _expand(table, d["left"]),
                       _expand(table, right), either)


def _table(key: str, t: dict) -> TableSpec:
    return TableSpec(
        key=key,
        label=t["label"],
        rows={k: _line(k, v) for k, v in t["rows"].items()},
        columns={k: _line(k, v) for k, v in t["columns"].items()},
        printed_order=tuple(t.get("printed_order", ())),
        aliases=tuple(t.get("aliases", ())),
        template_columns={str(tpl): {r: tuple(cols) for r, cols in rows.items()}
                          for tpl, rows in t.get("template_columns", {}).items()},
    )


# libyaml's safe loader builds the same objects as PyYAML's own, in a tenth of the time (every process
# reads the spec); a PyYAML built without libyaml falls back to the pure-Python one
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def load_spec() -> Spec:
    text = resources.files("normalizers").joinpath("standard_tables.yaml").read_text("utf-8")
    raw = yaml.load(text, Loader=_SAFE_LOADER)  # a safe loader
    tables = {key: _table(key, t) for key, t in raw["tables"].items()}
    identities = raw.get("identities", {})
    return Spec(
        tables,
        {name: str(d["rule"]) for name, d in identities.items()},
        tuple(_sum_identity(name, d, tables) for name, d in identities.items() if "table" in d),
        {str(tpl): frozenset(keys) for tpl, keys in raw.get("template_markers", {}).items()},
    )
