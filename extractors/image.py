"""Stand-alone image files (PNG, JPEG, …): recorded as one image block that needs OCR.

Reading the tables inside scanned images is the OCR stage's job; until it runs, the document
says so (`needs_ocr`) instead of pretending to have no tables.
"""

from __future__ import annotations

import hashlib

from pipeline.document import Document, Image, Provenance


def extract(data: bytes, source: str) -> Document:
    img = Image(Provenance(source, element="image"), src=source, data=data)
    return Document(source, hashlib.sha256(data).hexdigest(), "image", [img], needs_ocr=True)
