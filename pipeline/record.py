"""What the pipeline says about one document: metadata, facts, prose counts, checks.

This record is the contract between interpretation/validation and the two outputs
(`ogi extract --json` and the DuckDB warehouse); both serialise exactly these fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Literal

from normalizers.values import Value
from pipeline.document import Provenance

DocType = Literal["annual_report", "self_inspection", "self_evaluation", "other"]
Template = Literal["2019", "2021", "pre2019", "hybrid", "none"]
CheckStatus = Literal["pass", "fail", "uncertain"]


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
    (全市 whole city vs 市政府 the city government itself).
    """

    phrase: str
    value: Value
    provenance: Provenance
    context: str
    metric: str | None = None
    scope: str | None = None


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
class Region:
    """The reporting body's region resolved to a GB/T 2260 code, with the evidence."""

    adcode: str | None
    province: str | None
    prefecture: str | None
    county: str | None
    status: Literal["resolved", "unresolved"]
    evidence: str


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
    region: Region | None = None
    template: Template = "none"
    template_note: str | None = None  # e.g. a hybrid of the 2019 and 2021 templates
    needs_ocr: bool = False
    facts: list[Fact] = field(default_factory=list)
    tables: list[TableStatus] = field(default_factory=list)
    prose_counts: list[ProseCount] = field(default_factory=list)
    score_tables: list[ScoreTable] = field(default_factory=list)
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
        "region": asdict(rec.region) if rec.region else None,
        "adcode": rec.region.adcode if rec.region else None,
        "template": rec.template,
        "template_note": rec.template_note,
        "needs_ocr": rec.needs_ocr,
        "tables": [asdict(t) for t in rec.tables],
        "facts": {
            f.key: {**value_json(f.value), "label": f.label, "confidence": f.confidence, "flags": f.flags,
                    "note": f.note, "provenance": prov(f.provenance)}
            for f in rec.facts
        },
        "prose_counts": [
            {"phrase": c.phrase, "metric": c.metric, "scope": c.scope, **value_json(c.value),
             "context": c.context, "provenance": prov(c.provenance)}
            for c in rec.prose_counts
        ],
        "score_tables": [
            {"year": s.year, "printed_total": value_json(s.printed_total) if s.printed_total else None,
             "sum_of_items": num(s.sum_of_items), "provenance": prov(s.provenance),
             "items": [{"item": i.item, "section": i.section, "score": value_json(i.score),
                        "weight": value_json(i.weight) if i.weight else None} for i in s.items]}
            for s in rec.score_tables
        ],
        "checks": [
            {"identity": c.identity, "subject": c.subject, "status": c.status, "expected": num(c.expected),
             "actual": num(c.actual), "operands": c.operands, "message": c.message}
            for c in rec.checks
        ],
        "warnings": rec.warnings,
    }
