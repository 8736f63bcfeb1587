"""DocumentRecord → Arrow tables for the small per-document tables (facts: `warehouse.fact_stage`).

Arrow tables are what DuckDB scans fastest from Python (no per-row statements), so a whole batch
of documents becomes one INSERT per table. Numbers go in as Arrow decimals (scale 6); a batch
holding a number that type cannot represent falls back to text and lets DuckDB's cast into
DECIMAL(38,6) decide (rounding extra decimals, refusing overflow inside the load transaction).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import pyarrow as pa

from normalizers import region_history
from normalizers.values import Value
from pipeline.record import DocumentRecord
from warehouse import schema, tabledefs

ARROW_TYPES: dict[str, pa.DataType] = {
    "id": pa.string(),
    "text": pa.string(),
    "int": pa.int32(),
    "bool": pa.bool_(),
    "float": pa.float64(),
    # decimal64 converts ~3x faster than decimal128 (measured, pyarrow 26); numbers past 10^12
    # fall back to text (see number_array) and land exactly in DECIMAL(38,6) all the same.
    "number": pa.decimal64(18, 6) if hasattr(pa, "decimal64") else pa.decimal128(38, 6),
    "text_list": pa.list_(pa.string()),
    "float_list": pa.list_(pa.float64()),
    "json": pa.string(),
    "timestamp": pa.timestamp("us"),
}


def doc_id_of(rec: DocumentRecord) -> str:
    """Stable id of a record: the same bytes parsed by the same parser version get the same id."""
    return f"{rec.sha256}:{rec.parser_version}"


def to_arrow(table: tabledefs.TableDef, rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """Rows (tuples in the table's column order) as an Arrow table with the warehouse types."""
    columns = list(zip(*rows)) if rows else [() for _ in table.columns]
    return pa.table([number_array(v) if c.type == "number" else pa.array(v, type=ARROW_TYPES[c.type])
                     for c, v in zip(table.columns, columns)], names=list(table.column_names))


def number_array(values: Sequence[Decimal | None], as_text: bool = False) -> pa.Array:
    """Decimals as an Arrow decimal of scale 6, or as text when that cannot hold one of them exactly."""
    if not as_text:
        try:
            return pa.array(values, type=ARROW_TYPES["number"])
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    return pa.array([None if v is None else format(v, "f") for v in values], type=pa.string())


def _operand_strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _operand_strings(k)
            yield from _operand_strings(v)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from _operand_strings(v)


def failed_operands(rec: DocumentRecord) -> set[str]:
    """Fact keys named (as keys or values, at any depth) in the operands of a failed check."""
    keys: set[str] = set()
    for c in rec.checks:
        if c.status == "fail":
            keys.update(_operand_strings(c.operands))
    return keys


def _json_default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    return str(o)


def dumps(obj: Any, indent: int | None = None) -> str:
    """JSON text with Chinese kept readable and Decimals as numbers."""
    return json.dumps(obj, ensure_ascii=False, default=_json_default, indent=indent)


def document_row(doc_id: str, rec: DocumentRecord, loaded_at: datetime, n_facts: int) -> tuple[Any, ...]:
    r = rec.region
    n_failed = sum(1 for c in rec.checks if c.status == "fail")
    return (
        doc_id, rec.sha256, rec.source, rec.format, rec.title,
        r.adcode if r else None, r.province if r else None, r.prefecture if r else None,
        r.county if r else None, r.status if r else None, r.evidence if r else None,
        rec.year, rec.year_evidence, rec.body, rec.doc_type, rec.template, rec.template_note, rec.needs_ocr,
        rec.parser_version, n_facts, n_failed, list(rec.warnings), loaded_at,
        rec.body_kind, r.adcode_in_year if r else None, r.adcode_current if r else None, r.code_note if r else None,
        dumps(rec.identity) if rec.identity else None, rec.not_report_reason,
    )


def table_status_rows(doc_id: str, rec: DocumentRecord) -> list[tuple[Any, ...]]:
    return [(doc_id, t.table, t.status, t.reason, t.n_cells) for t in rec.tables]


def prose_rows(doc_id: str, rec: DocumentRecord) -> list[tuple[Any, ...]]:
    return [
        (doc_id, i, c.phrase, c.metric, c.scope, c.value.number, c.value.kind, c.value.unit,
         c.value.qualifier, c.value.raw, c.context, c.provenance.page, c.provenance.element)
        for i, c in enumerate(rec.prose_counts)
    ]


def check_rows(doc_id: str, rec: DocumentRecord) -> list[tuple[Any, ...]]:
    return [
        (doc_id, i, c.identity, c.subject, c.status, c.expected, c.actual, dumps(c.operands), c.message)
        for i, c in enumerate(rec.checks)
    ]


def _num(v: Value | None) -> Decimal | None:
    return v.number if v is not None else None


def _raw(v: Value | None) -> str | None:
    return v.raw if v is not None else None


def score_table_rows(doc_id: str, rec: DocumentRecord) -> list[tuple[Any, ...]]:
    return [
        (doc_id, i, s.year, _num(s.printed_total), _raw(s.printed_total), s.sum_of_items, len(s.items),
         s.provenance.page, s.provenance.element)
        for i, s in enumerate(rec.score_tables)
    ]


def score_item_rows(doc_id: str, rec: DocumentRecord) -> list[tuple[Any, ...]]:
    return [
        (doc_id, i, j, it.item, it.section, it.score.number, it.score.kind, it.score.raw, _num(it.weight),
         _raw(it.weight), it.provenance.page, it.provenance.element)
        for i, s in enumerate(rec.score_tables)
        for j, it in enumerate(s.items)
    ]


def pre2019_cell_rows(doc_id: str, rec: DocumentRecord) -> list[tuple[Any, ...]]:
    return [
        (doc_id, i, j, k, t.title, t.layout, r.label, r.unit, r.metric, c.column, c.column_kind, c.value.number,
         c.value.kind, c.value.qualifier, c.value.raw, c.provenance.page, c.provenance.element, c.provenance.row,
         c.provenance.col)
        for i, t in enumerate(rec.pre2019_tables)
        for j, r in enumerate(t.rows)
        for k, c in enumerate(r.cells)
    ]


def harmonised_rows(doc_id: str, rec: DocumentRecord) -> list[tuple[Any, ...]]:
    return [
        (doc_id, i, h.metric, h.value, h.value_kind, h.raw, h.unit, h.source_kind, h.template, h.label, h.column,
         h.scope, h.context, h.comparable_note, h.conflict, list(h.conflict_values), h.provenance.page,
         h.provenance.element, h.provenance.row, h.provenance.col)
        for i, h in enumerate(rec.harmonised)
    ]


def region_rows(recs: Sequence[DocumentRecord]) -> list[tuple[Any, ...]]:
    """One row per adcode (the last record naming it wins, as in sequential loads): the resolved code with
    the record's names, and the report year's and today's codes with the names of the MCA tables."""
    by_code: dict[str, tuple[Any, ...]] = {}
    for rec in recs:
        r = rec.region
        if r is None or not r.adcode:
            continue
        for code in {r.adcode_in_year, r.adcode_current} - {None, r.adcode}:
            known = region_history.names(code)
            if known:
                by_code[code] = (code, *known, known[2] or known[1] or known[0])
        by_code[r.adcode] = (r.adcode, r.province, r.prefecture, r.county, r.county or r.prefecture or r.province)
    return list(by_code.values())


def batch_tables(
    batch: Sequence[tuple[str, DocumentRecord]], loaded_at: dict[str, datetime], n_facts: dict[str, int]
) -> dict[str, pa.Table]:
    """Arrow tables for the per-document tables except facts (see `warehouse.fact_stage`, which
    also counts each document's distinct facts: `n_facts`)."""
    builders = {
        "table_status": table_status_rows, "prose_counts": prose_rows, "checks": check_rows,
        "score_tables": score_table_rows, "score_items": score_item_rows,
        "pre2019_stat_cells": pre2019_cell_rows, "harmonised_facts": harmonised_rows,
    }
    out = {"documents": to_arrow(schema.DOCUMENTS, [document_row(d, r, loaded_at[d], n_facts[d]) for d, r in batch])}
    for t in schema.DOC_TABLES:
        if t.name in builders:
            out[t.name] = to_arrow(t, [row for d, r in batch for row in builders[t.name](d, r)])
    return out
