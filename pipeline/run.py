"""The pure pipeline for one document: bytes → Document → normalised → interpreted → validated.

No network and no database here: `flows/` fetches and `warehouse/` loads.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from extractors.document import Document, ImageLookup
from extractors.registry import read_document
from normalizers.region_history import code_history
from normalizers.regions import Region
from normalizers.text import normalize_document
from pipeline.checks import run_checks
from pipeline.harmonised import harmonise
from pipeline.identity import Identity, IdentityContext, identify
from pipeline.identity.doc_type import not_report_reason
from pipeline.identity.lines import lines_of
from pipeline.pre2019_tables import find_pre2019_tables
from pipeline.prose import find_prose_counts
from pipeline.record import DocumentRecord, TableStatus
from pipeline.score_tables import find_score_tables
from pipeline.standard_tables import TablesResult, read_standard_tables

if TYPE_CHECKING:
    from pipeline.ocr import OcrInfo

# Bump when parsing or interpretation changes what a document yields: the warehouse keys a
# document's facts by (content sha256, parser version).
PARSER_VERSION = "0.5.0"
FIRST_FORM_YEAR = 2019  # the national form (国办公开办函〔2019〕60号) begins with the reports on 2019
PRE2019_REASON = ("pre-2019 report: the national standard tables did not exist yet; its statistics table and "
                  "counts are in pre2019_tables / harmonised")


@dataclass
class _Reading:
    """A document read, identified and its standard tables read (by OCR from its pictures when needed)."""

    doc: Document
    meta: Identity
    result: TablesResult
    ocr_info: OcrInfo | None = None
    pictures_unread: bool = False  # a picture not there to read (or unreadable) while tables are missing


def _read(data: bytes, source: str, images: ImageLookup | None, context: IdentityContext | None) -> _Reading:
    """Read → normalize → identify → standard tables, then again over the OCR'd pictures if tables are missing."""
    raw_doc = read_document(data, source)
    doc = normalize_document(raw_doc)
    r = _Reading(doc, identify(doc, context), read_standard_tables(doc))
    if not raw_doc.images or all(s.status == "found" for s in r.result.statuses):
        return r
    from pipeline.ocr import annotate_facts, ocr_document, ocr_statuses

    ocr_doc, r.ocr_info = ocr_document(raw_doc, data, images)
    if r.ocr_info.images_read:
        r.doc = normalize_document(ocr_doc)
        r.meta, r.result = identify(r.doc, context), read_standard_tables(r.doc)
        annotate_facts(r.result.facts, r.ocr_info)
        ocr_statuses(r.result.statuses, r.ocr_info)
    else:
        r.doc.warnings.extend(r.ocr_info.images_skipped)
    r.pictures_unread = bool(r.ocr_info.images_skipped) and any(s.status != "found" for s in r.result.statuses)
    return r


def extract_record(data: bytes, source: str, images: ImageLookup | None = None,
                   context: IdentityContext | None = None) -> DocumentRecord:
    """Everything the pipeline can say about one document (raises ExtractionError on bad input).

    Pure: bytes in, record out. An HTML page's `<img>` files reach OCR through `images` (src as
    printed → bytes), built by the caller from its stored copies or a folder. `context` is what the caller
    knows besides the bytes (crawled URL, the site's region code, file name), for the identity stage.
    """
    r = _read(data, source, images, context)
    doc, meta, result, ocr_info = r.doc, r.meta, r.result, r.ocr_info
    ocr_images: dict[str, str] = {}
    ocr_crops: dict[str, bytes] = {}
    if ocr_info is not None and ocr_info.images_read:
        from pipeline.ocr import crops, fact_images

        ocr_images, ocr_crops = fact_images(result.facts, ocr_info), crops(result.facts, ocr_info)
    if meta.year is not None and meta.year < FIRST_FORM_YEAR:
        result = without_standard_tables(result, meta.year)
        ocr_images, ocr_crops = {}, {}
    rec = DocumentRecord(
        source=source,
        sha256=doc.sha256 or hashlib.sha256(data).hexdigest(),
        format=doc.format,
        parser_version=PARSER_VERSION,
        title=meta.title,
        doc_type=meta.doc_type,
        year=meta.year,
        year_evidence=meta.year_evidence,
        body=meta.body,
        body_kind=meta.body_kind,
        region=meta.region,
        identity={k: asdict(v) for k, v in meta.evidence.items()},
        template=result.template or infer_template(meta.doc_type, meta.year),
        needs_ocr=doc.needs_ocr or r.pictures_unread,
        facts=result.facts,
        tables=result.statuses,
        prose_counts=find_prose_counts(doc),
        score_tables=find_score_tables(doc),
        pre2019_tables=find_pre2019_tables(doc, meta.year),
        template_note=result.template_note,
        warnings=list(doc.warnings) + result.warnings,
        ocr_images=ocr_images,
        ocr_crops=ocr_crops,
    )
    if ocr_info is not None and ocr_info.images_read:
        from pipeline.ocr import set_aside_ocr_pre2019_tables

        rec.pre2019_tables, set_aside = set_aside_ocr_pre2019_tables(rec.pre2019_tables, ocr_info)
        rec.warnings += set_aside
    rec.warnings += [t.note for t in rec.pre2019_tables if t.note]
    set_aside_non_report(rec, lines_of(doc))
    rec.region = date_region(rec.region, rec.year)
    rec.harmonised = harmonise(rec)
    rec.checks = run_checks(rec)
    return rec


def set_aside_non_report(rec: DocumentRecord, lines: list[str]) -> None:
    """A document that is not a report (an invoice, a news page) keeps the reason and no counts: numbers in its
    text ('主动公开政府信息1280条' in a news item, '税额 1280') would otherwise reach the panel."""
    if rec.needs_ocr or rec.facts or rec.pre2019_tables or rec.score_tables:
        return  # unread pictures may be the report's tables; a table read is a report's
    rec.not_report_reason = not_report_reason(rec.doc_type, rec.title, lines)
    if rec.not_report_reason:
        rec.warnings.append(f"not a report ({rec.not_report_reason}): {len(rec.prose_counts)} number(s) in its "
                            "text not kept as counts")
        rec.prose_counts = []


def date_region(region: Region | None, year: int | None) -> Region | None:
    """The region with the code in force in the report year and today's code (a panel key that lasts)."""
    if region is None or region.adcode is None:
        return region
    h = code_history(region.adcode, year)
    return replace(region, adcode_in_year=h.in_year, adcode_current=h.current, code_note=h.note)


def without_standard_tables(result: TablesResult, year: int) -> TablesResult:
    """A report on a year before the national form has no standard tables: cells its text gave
    under their keys (a pre-2019 主动公开文件数 row read as 规范性文件) would be wrong facts in the
    panel. The year is the one reported on (a 2018 report published in 2019 is pre-2019)."""
    warnings = list(result.warnings)
    if result.facts:
        warnings.append(f"{len(result.facts)} cell(s) under standard-table labels not kept: a report on {year} "
                        "predates the 2019 form (its statistics are in pre2019_tables / harmonised)")
    return TablesResult([], [TableStatus(s.table, "missing", PRE2019_REASON) for s in result.statuses], None,
                        None, warnings)


def infer_template(doc_type: str, year: int | None) -> str:
    """The template an annual report of `year` was due to follow when no table shows it."""
    if doc_type != "annual_report" or year is None:
        return "none"
    if year < FIRST_FORM_YEAR:
        return "pre2019"
    return "2019" if year <= 2020 else "2021"
