"""What the pipeline says about one document: metadata, facts, prose counts, checks.

This record is the contract between interpretation/validation and the two outputs
(`ogi extract --json` and the DuckDB warehouse); both serialise exactly these fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Literal

from extractors.document import Provenance
from normalizers.regions import Region
from normalizers.values import COUNT_KINDS, Value
from pipeline.pre2019_labels import UNIT_IN_LABEL_RE

DocType = Literal["annual_report", "self_inspection", "self_evaluation", "other"]
# What kind of body reports: a government (人民政府, 行政公署), its general office (人民政府办公室 /
# 办公厅 reporting as itself), a department (局, 委员会, 厅, 中心 … of a government, also a national
# ministry), a township (乡 / 镇人民政府), a street office (街道办事处), a development zone or its
# 管委会 (开发区, 高新区, 新区, 综合实验区 …), or other.
BodyKind = Literal["government", "office", "department", "township", "street", "zone", "other"]
Template = Literal["2019", "2021", "pre2019", "hybrid", "none"]
CheckStatus = Literal["pass", "fail", "uncertain"]
ColumnKind = Literal["year", "cumulative", "previous", "other"]


@dataclass
class Fact:
    """One cell of a standard table under its canonical key `<table>/<row>/<col>`.

    `value` is as printed (never repaired); `label` is the printed row/column label text it was
    matched from; `flags` say why a reader should look twice (e.g. 'split_undecided',
    'row_inferred', 'row_short'); `confidence` is 1.0 for a cell read from a clean grid.
    """

    table: str
    row: str
    col: str
    value: Value
    provenance: Provenance
    label: str = ""
    confidence: float = 1.0
    flags: list[str] = field(default_factory=list)
    note: str | None = None

    @property
    def key(self) -> str:
        return f"{self.table}/{self.row}/{self.col}"


@dataclass
class ProseCount:
    """A count stated in the report's text, e.g. '发布…信息1800余条'.

    `metric` is a canonical name when the phrase is one the panel knows (e.g.
    'applications_received'), else None; `scope` is who the count covers where the text says
    (全市 whole city vs 市政府 the city government itself). A ratio stated beside the counts
    ('同比增长103%') is kept with value kind 'percent' and never has a metric, so no consumer of
    counts (harmonised panel, N1, metric views — all select by metric) can take it as a count.
    """

    phrase: str
    value: Value
    provenance: Provenance
    context: str
    metric: str | None = None
    scope: str | None = None

    def __post_init__(self) -> None:
        if self.metric is not None and not self.is_count:
            raise ValueError(f"a {self.value.kind} ('{self.value.raw}') cannot be the count {self.metric}")

    @property
    def is_count(self) -> bool:
        return self.value.kind in COUNT_KINDS


@dataclass
class Check:
    """One identity test (A1, A2, A3, R1, N1, score_total) over printed numbers."""

    identity: str
    subject: str
    status: CheckStatus
    expected: Decimal | None
    actual: Decimal | None
    operands: dict[str, Any]
    message: str


@dataclass
class ScoreItem:
    item: str
    score: Value
    weight: Value | None
    provenance: Provenance
    section: str | None = None


@dataclass
class ScoreTable:
    """A self-evaluation score table (自评表 / 考核实施细则): items, scores, printed total."""

    year: int | None
    items: list[ScoreItem]
    printed_total: Value | None
    provenance: Provenance

    @property
    def sum_of_items(self) -> Decimal:
        return sum((i.score.number for i in self.items if i.score.number is not None), Decimal(0))


@dataclass
class Pre2019Cell:
    """One value of a pre-2019 statistics table row under one printed column header.

    `column_kind` keeps the columns apart: 'year' (the reported year: 本年度, 2012年度 in a 2012
    report, 数量), 'cumulative' (历年累计 — never the year's figure), 'previous' (上年, 2011年度),
    'other' (a column nothing identifies).
    """

    column: str
    column_kind: ColumnKind
    value: Value
    provenance: Provenance


@dataclass
class Pre2019Row:
    """One indicator row of a pre-2019 统计表: printed label, unit, one cell per value column.

    `metric` is the harmonised metric the label maps to (`pipeline.pre2019_labels`), None when the
    row is read but maps to none.
    """

    label: str
    unit: str | None
    cells: list[Pre2019Cell]
    provenance: Provenance
    metric: str | None = None

    @property
    def key(self) -> str:
        """The label with its unit in brackets, as truth files name rows ('主动公开信息数（条）')."""
        return self.label if not self.unit or UNIT_IN_LABEL_RE.search(self.label) else f"{self.label}（{self.unit}）"


@dataclass
class Pre2019Table:
    """A home-made statistics table (统计表) of a pre-2019 report; `layout` is 'grid' for a real
    table block, 'text' for cells flattened into page text with spaces (`note` says where such text
    stopped fitting the columns, e.g. a blank cell lost in conversion; also in the record's warnings)."""

    title: str | None
    columns: list[str]
    rows: list[Pre2019Row]
    provenance: Provenance
    layout: Literal["grid", "text"]
    note: str | None = None  # e.g. page text that stopped matching the columns before the table's end


@dataclass
class HarmonisedValue:
    """One value of a harmonised metric (`pipeline.harmonised`) with where it came from.

    `value` is in the metric's unit (money in 元, whatever the printed unit); `source_kind` is
    'pre2019_table' | 'prose' (standard-table values are added in the warehouse by the view
    `harmonised_doc`, `warehouse.panel`); `conflict` is True when the same document gives this
    metric another number (`conflict_values` lists them, as printed); `comparable_note` says how
    the definition differs from the 2019/2021 templates, when it does.
    """

    metric: str
    value: Decimal | None
    value_kind: str
    raw: str
    unit: str | None
    source_kind: Literal["pre2019_table", "prose"]
    template: str
    label: str
    column: str | None
    provenance: Provenance
    scope: str | None = None
    context: str | None = None
    comparable_note: str | None = None
    conflict: bool = False
    conflict_values: list[str] = field(default_factory=list)


@dataclass
class TableStatus:
    """Whether a standard table was found; a missing table is recorded with its reason."""

    table: str
    status: Literal["found", "missing", "partial"]
    reason: str | None = None
    n_cells: int = 0


@dataclass
class DocumentRecord:
    source: str
    sha256: str
    format: str
    parser_version: str
    title: str | None = None
    doc_type: DocType = "other"
    year: int | None = None
    year_evidence: str | None = None
    body: str | None = None
    body_kind: BodyKind | None = None
    region: Region | None = None
    # identity field (title, doc_type, year, body, body_kind, region) → {value, source, snippet,
    # confidence}: where each was read (title, opening sentence, signature, site context …)
    identity: dict[str, dict[str, Any]] = field(default_factory=dict)
    template: Template = "none"
    template_note: str | None = None  # e.g. a hybrid of the 2019 and 2021 templates
    needs_ocr: bool = False
    # set when the document is not a report at all (an invoice, a news page): it keeps no counts
    not_report_reason: str | None = None
    facts: list[Fact] = field(default_factory=list)
    tables: list[TableStatus] = field(default_factory=list)
    prose_counts: list[ProseCount] = field(default_factory=list)
    score_tables: list[ScoreTable] = field(default_factory=list)
    pre2019_tables: list[Pre2019Table] = field(default_factory=list)
    harmonised: list[HarmonisedValue] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # OCR provenance beyond the facts' own fields: the image each OCR'd fact was read from
    # (fact key -> image reference), and PNG crops of the flagged ones, saved beside the warehouse
    ocr_images: dict[str, str] = field(default_factory=dict)
    ocr_crops: dict[str, bytes] = field(default_factory=dict, repr=False)

    def fact_map(self) -> dict[str, Fact]:
        return {f.key: f for f in self.facts}


def value_json(v: Value) -> dict[str, Any]:
    return {"value": v.json_number(), "kind": v.kind, "raw": v.raw, "unit": v.unit, "qualifier": v.qualifier}


def to_json(rec: DocumentRecord) -> dict[str, Any]:
    """The `ogi extract --json` shape: facts keyed `<table>/<row>/<col>`."""

    def prov(p: Provenance) -> dict[str, Any]:
        return {k: v for k, v in asdict(p).items() if v is not None}

    def num(d: Decimal | None) -> int | float | None:
        return None if d is None else (int(d) if d == d.to_integral_value() else float(d))

    def prose(c: ProseCount) -> dict[str, Any]:
        return {"phrase": c.phrase, "metric": c.metric, "scope": c.scope, **value_json(c.value),
                "context": c.context, "provenance": prov(c.provenance)}

    return {
        "source": rec.source,
        "sha256": rec.sha256,
        "format": rec.format,
        "parser_version": rec.parser_version,
        "title": rec.title,
        "doc_type": rec.doc_type,
        "year": rec.year,
        "year_evidence": rec.year_evidence,
        "body": rec.body,
        "body_kind": rec.body_kind,
        "region": asdict(rec.region) if rec.region else None,
        "adcode": rec.region.adcode if rec.region else None,
        "identity": rec.identity,
        "template": rec.template,
        "template_note": rec.template_note,
        "needs_ocr": rec.needs_ocr,
        "not_report_reason": rec.not_report_reason,
        "tables": [asdict(t) for t in rec.tables],
        "facts": {
            f.key: {**value_json(f.value), "label": f.label, "confidence": f.confidence, "flags": f.flags,
                    "note": f.note, "provenance": prov(f.provenance)}
            for f in rec.facts
        },
        "prose_counts": [prose(c) for c in rec.prose_counts if c.is_count],
        "prose_ratios": [prose(c) for c in rec.prose_counts if not c.is_count],
        "score_tables": [
            {"year": s.year, "printed_total": value_json(s.printed_total) if s.printed_total else None,
             "sum_of_items": num(s.sum_of_items), "provenance": prov(s.provenance),
             "items": [{"item": i.item, "section": i.section, "score": value_json(i.score),
                        "weight": value_json(i.weight) if i.weight else None} for i in s.items]}
            for s in rec.score_tables
        ],
        "pre2019_tables": [
            {"title": t.title, "layout": t.layout, "columns": t.columns, "note": t.note,
             "provenance": prov(t.provenance),
             "rows": [{"label": r.label, "unit": r.unit, "metric": r.metric, "provenance": prov(r.provenance),
                       "cells": [{"column": c.column, "column_kind": c.column_kind, **value_json(c.value),
                                  "provenance": prov(c.provenance)} for c in r.cells]} for r in t.rows]}
            for t in rec.pre2019_tables
        ],
        "harmonised": [
            {"metric": h.metric, "value": num(h.value), "kind": h.value_kind, "raw": h.raw, "unit": h.unit,
             "source_kind": h.source_kind, "template": h.template, "label": h.label, "column": h.column,
             "scope": h.scope, "comparable_note": h.comparable_note, "conflict": h.conflict,
             "conflict_values": h.conflict_values, "context": h.context, "provenance": prov(h.provenance)}
            for h in rec.harmonised
        ],
        "checks": [
            {"identity": c.identity, "subject": c.subject, "status": c.status, "expected": num(c.expected),
             "actual": num(c.actual), "operands": c.operands, "message": c.message}
            for c in rec.checks
        ],
        "warnings": rec.warnings,
    }
