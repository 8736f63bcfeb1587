"""Tables and views as data, and the DDL made from them: CREATE plus COMMENT ON for every column.

Migrations and the view refresher turn these objects into SQL, so the data dictionary (read back from
DuckDB's catalog) cannot drift from what the database holds. Types come from one explicit mapping.
"""

from __future__ import annotations

from dataclasses import dataclass

# One explicit mapping from the record's Python types to DuckDB types.
TYPES: dict[str, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "int": "INTEGER",
    "bool": "BOOLEAN",
    "float": "DOUBLE",
    "number": "DECIMAL(38,6)",  # exact printed numbers (normalizers.values.Value.number)
    "text_list": "VARCHAR[]",
    "float_list": "DOUBLE[]",
    "json": "JSON",
    "timestamp": "TIMESTAMP",
}

@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a key of TYPES
    doc: str
    not_null: bool = False

    @property
    def sql_type(self) -> str:
        return TYPES[self.type]


@dataclass(frozen=True)
class TableDef:
    name: str
    doc: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class ViewDef:
    name: str
    doc: str
    sql: str
    column_docs: tuple[tuple[str, str], ...]


def col(name: str, type_: str, doc: str, not_null: bool = False) -> Column:
    """A column, written the short way the table definitions use."""
    return Column(name, type_, doc, not_null)


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    """A quoted SQL identifier (columns such as `at` are reserved words)."""
    return '"' + name.replace('"', '""') + '"'


def create_table_sql(t: TableDef) -> list[str]:
    """CREATE TABLE plus COMMENT ON statements for one table."""
    cols = [f"{ident(c.name)} {c.sql_type}{' NOT NULL' if c.not_null else ''}" for c in t.columns]
    if t.primary_key:
        cols.append(f"PRIMARY KEY ({', '.join(map(ident, t.primary_key))})")
    stmts = [f"CREATE TABLE IF NOT EXISTS {t.name} (\n  " + ",\n  ".join(cols) + "\n)"]
    stmts.append(f"COMMENT ON TABLE {t.name} IS {quote(t.doc)}")
    stmts += [f"COMMENT ON COLUMN {t.name}.{ident(c.name)} IS {quote(c.doc)}" for c in t.columns]
    return stmts


def create_view_sql(v: ViewDef) -> list[str]:
    """CREATE OR REPLACE VIEW plus COMMENT ON statements for one view."""
    stmts = [f"CREATE OR REPLACE VIEW {v.name} AS {v.sql.strip()}", f"COMMENT ON VIEW {v.name} IS {quote(v.doc)}"]
    stmts += [f"COMMENT ON COLUMN {v.name}.{ident(c)} IS {quote(doc)}" for c, doc in v.column_docs]
    return stmts
