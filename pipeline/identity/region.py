"""The reporting body's region, from the cues in tiers: national bodies have none; the strong cues decide,
then the county a township is named with, the weak cues, a code embedded in the text and last the
caller's context (the site's region code, the file name).
"""

from __future__ import annotations

import re

from extractors.document import Document
from normalizers.region_mentions import find_mentions
from normalizers.region_table import place
from normalizers.regions import Region, region_for_code, resolve_region
from normalizers.text import squash
from pipeline.identity.body import body_kind
from pipeline.identity.cues import SECONDARY, Cue, index_codes, named_with_its_county, weak_cues
from pipeline.identity.evidence import CONFIDENCE, FieldEvidence, IdentityContext
from pipeline.identity.lines import dedupe, table_rows_of

_NATIONAL_RE = re.compile(r"^(?:国家|国务院|中华人民共和国|中央)[\u4e00-\u9fff]{1,16}$|^[\u4e00-\u9fff]{1,6}部$")


def find_region(doc: Document, title: str | None, lines: list[str], cues: list[Cue], body: str | None,
                body_ev: FieldEvidence | None, context: IdentityContext, year: int | None
                ) -> tuple[Region, FieldEvidence | None]:
    """The region from the cues in tiers (the code a name had in the report `year`): the cues that name
    the body, the county a township is named with, the weak cues, a code the text embeds, the context."""
    full_text = "\n".join(lines + [c.text for t in doc.tables for r in t.rows for c in r if not c.spanned])
    hints = index_codes(lines[:40] + table_rows_of(doc))
    if body and _NATIONAL_RE.match(body) and not find_mentions(body):
        region = Region(None, None, None, None, "unresolved", f"national body {body}: no region code")
        return region, FieldEvidence(None, body_ev.source, body, body_ev.confidence)
    primary = [c.text for c in cues if c.source not in SECONDARY]
    texts = dedupe(primary + ([title] if title else []) + [c.text for c in cues if c.source in SECONDARY])
    region = resolve_region(texts, full_text, hints=[code for code, _ in hints], year=year)
    if region.status == "resolved":
        source = _deciding_source(region, cues, title, full_text, year)
        return region, FieldEvidence(region.adcode, source, region.evidence, CONFIDENCE[source])
    named = any(m.places for t in texts for m in find_mentions(squash(t)))
    if not named and body_kind(body) in ("township", "street"):
        phrases = named_with_its_county(body, full_text)
        if phrases:
            r = resolve_region(phrases, full_text, hints=[code for code, _ in hints], year=year)
            if r.status == "resolved":
                r.evidence = f"the body {body} is named with its county: {r.evidence}"
                return r, FieldEvidence(r.adcode, "named_with", r.evidence, CONFIDENCE["named_with"])
            named = True
    if not named:
        weak = weak_cues(lines)
        if weak:
            texts = dedupe([c.text for c in weak])
            weak_region = resolve_region(texts, full_text, hints=[code for code, _ in hints], year=year)
            if weak_region.status == "resolved":
                source = _deciding_source(weak_region, weak, None, full_text, year)
                return weak_region, FieldEvidence(weak_region.adcode, source, weak_region.evidence, CONFIDENCE[source])
            named = any(m.places for t in texts for m in find_mentions(squash(t)))
    if not named and hints:
        code, snippet = hints[0]
        if len({c for c, _ in hints}) == 1:
            r = region_for_code(code, f"'{snippet}' embeds the region code {code} (the text names no place)")
            return r, FieldEvidence(code, "index_number", r.evidence, CONFIDENCE["index_number"])
    ctx = _context_region(context, region, named)
    if ctx:
        return ctx
    return region, FieldEvidence(None, "text", region.evidence, 0.0)


def _deciding_source(region: Region, cues: list[Cue], title: str | None, full_text: str, year: int | None) -> str:
    """The source of the first cue that names the resolved place on its own."""
    for c in cues + ([Cue("title", None, title, title)] if title else []):
        if resolve_region([c.text], full_text, year=year).adcode == region.adcode:
            return c.source
    return cues[0].source if cues else "title"


def _context_region(context: IdentityContext, region: Region, named: bool) -> tuple[Region, FieldEvidence] | None:
    """The site's region code (else a place in the file name) when the text names no place, or
    when the place it names is a homonym that the site's code tells apart."""
    code = context.site_region_code
    if code and place(code):
        site = place(code)
        if not named:
            r = region_for_code(code, f"site region code {code} from sites.yaml (context; the text names no place)")
            return r, FieldEvidence(code, "site", r.evidence, CONFIDENCE["site"])
        if "ambiguous" in region.evidence:
            m = re.search(r"ambiguous \(([^)]*)\)", region.evidence)
            options = re.findall(r"(\d{6})", m.group(1)) if m else []
            inside = [o for o in options if (p := place(o)) and site.related(p)]
            if len(inside) == 1:
                r = region_for_code(inside[0], f"{region.evidence}; the site's region code {code} (context) "
                                               f"tells the homonym apart")
                return r, FieldEvidence(inside[0], "site", r.evidence, CONFIDENCE["site"])
    if not named and context.file_name:
        r = resolve_region([context.file_name], "")
        if r.status == "resolved":
            r.evidence = f"file name (context; the text names no place): {r.evidence}"
            return r, FieldEvidence(r.adcode, "file_name", r.evidence, CONFIDENCE["file_name"])
    return None
