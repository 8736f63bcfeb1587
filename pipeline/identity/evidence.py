"""What the identity stage returns (`Identity`), the evidence kept with each field and how far each cue is
trusted, and the caller's context (`IdentityContext`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from normalizers.regions import Region
from pipeline.record import BodyKind, DocType


@dataclass
class IdentityContext:
    """What the caller knows besides the text: these fill only what the text leaves open."""

    source_url: str | None = None  # the crawled URL
    site_region_code: str | None = None  # the site's region code in sites/sites.yaml
    file_name: str | None = None


@dataclass
class FieldEvidence:
    """Where one identity field was read: the cue's source, the snippet and how far to trust it."""

    value: object
    source: str  # 'title' | 'stat_period' | 'opening' | 'signature' | 'letterhead' | 'site' | 'file_name' | …
    snippet: str | None
    confidence: float  # 0..1


@dataclass
class Identity:
    """What a document is: its title, type, year reported on, body, body kind and region, with the evidence."""

    title: str | None
    doc_type: DocType
    year: int | None
    year_evidence: str | None
    body: str | None
    body_kind: BodyKind | None
    region: Region | None
    evidence: dict[str, FieldEvidence] = field(default_factory=dict)


# How far each cue is trusted (the confidence stored with the field).
CONFIDENCE = {
    "title": 0.95, "stat_period": 0.95, "letterhead": 0.9, "opening": 0.9, "compiler": 0.85,
    "signature": 0.85, "source_line": 0.8, "contact": 0.8, "subject": 0.8, "heading": 0.8, "content": 0.75,
    "notice": 0.7, "named_with": 0.75, "clause": 0.6, "portal": 0.65, "address": 0.6, "self_reference": 0.55,
    "index_number": 0.5, "score_table": 0.8, "default": 0.3, "site": 0.45, "file_name": 0.4, "url": 0.3,
}
