"""The reporting body: the most trusted cue that names an organ, and what kind of organ it is."""

from __future__ import annotations

import re

from normalizers.region_mentions import find_mentions
from normalizers.region_zones import ZONE_RE
from pipeline.identity.cues import SECONDARY, Cue
from pipeline.identity.evidence import CONFIDENCE, FieldEvidence
from pipeline.identity.organs import DEPT_SUFFIX, title_place
from pipeline.record import BodyKind


def find_body(title: str | None, cues: list[Cue]) -> tuple[str | None, FieldEvidence | None]:
    """The body from the most trusted cue that names one; the place a title opens with when only a
    secondary cue (a contact office, a sentence's subject) names an organ."""
    organs = [c for c in cues if c.organ]
    place_body = title_place(title)
    if place_body and (not organs or organs[0].source in SECONDARY):
        return place_body, FieldEvidence(place_body, "title", title, CONFIDENCE["title"])
    if not organs:
        return None, None
    first = organs[0]
    body = first.organ
    keeps_office = first.source in ("title", "opening") or (title and re.search("办公[室厅]", title))
    if not keeps_office:  # an office signing or compiling its government's report stands for it
        body = re.sub(r"(人民政府|行政公署|管委会|管理委员会)办公[室厅]$", r"\1", body)
    return body, FieldEvidence(body, first.source, first.snippet, CONFIDENCE[first.source])


def body_kind(body: str | None) -> BodyKind | None:
    """What kind of organ a body name is (see record.BodyKind)."""
    if not body:
        return None
    if re.search(r"街道", body) or body.endswith("办事处"):
        return "street"
    if re.search(r"[镇乡](?:人民政府|政府)?$", body):
        return "township"
    if ZONE_RE.search(body) or re.search(r"管委会|管理委员会", body):
        return "zone"
    if re.search(r"(?:人民政府|行政公署|政府)(?:办公室|办公厅)$|政府办$", body):
        return "office"
    if re.search(r"(?:人民政府|行政公署|政府)$", body):
        return "government"
    if re.search(DEPT_SUFFIX + "$|委$|总局$", body):
        return "department"
    if any(m.places for m in find_mentions(body)) and len(find_mentions(body)[-1].text) >= len(body) - 1:
        return "government"
    return "other"
