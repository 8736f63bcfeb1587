"""The standard tables of the national report format, loaded from `standard_tables.yaml` (a copy of the project spec).

The YAML names every canonical key `<table>/<row>/<col>`, its printed Chinese label, known
aliases and the template it belongs to. Code reads the spec through these small typed objects.
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
    templates: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()  # for columns: the rows that have this column

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

    def columns_for(self, row: str) -> list[str]:
        """Columns that exist for `row` (all columns when the spec does not restrict them)."""
        return [c.key for c in self.columns.values() if not c.rows or row in c.rows]


@dataclass(frozen=True)
class Spec:
    tables: dict[str, TableSpec]
    identities: dict[str, str] = field(default_factory=dict)

    def label_of(self, key: str) -> str:
        """Chinese label of a canonical fact key, e.g. 'applications/granted/total' → '（一）予以公开 × 总计'."""
        table, row, col = key.split("/")
        t = self.tables[table]
        return f"{t.rows[row].label} × {t.columns[col].label}"

    def all_keys(self) -> list[str]:
        return [f"{t.key}/{r}/{c}" for t in self.tables.values() for r in t.rows for c in t.columns_for(r)]


def _line(key: str, d: dict) -> Line:
    return Line(
        key=key,
        label=str(d["label"]),
        aliases=tuple(d.get("aliases", ())),
        group=d.get("group"),
        templates=tuple(str(t) for t in d.get("templates", ())),
        rows=tuple(d.get("rows", ())),
    )


@lru_cache(maxsize=1)
def load_spec() -> Spec:
    raw = yaml.safe_load(resources.files("normalizers").joinpath("standard_tables.yaml").read_text("utf-8"))
    tables = {}
    for key, t in raw["tables"].items():
        tables[key] = TableSpec(
            key=key,
            label=t["label"],
            rows={k: _line(k, v) for k, v in t["rows"].items()},
            columns={k: _line(k, v) for k, v in t["columns"].items()},
            printed_order=tuple(t.get("printed_order", ())),
        )
    return Spec(tables, dict(raw.get("identities", {})))
