"""One place that maps input bytes to the extractor for their format.

The format is sniffed from the bytes first (a `.html` that is really a PDF is read as a PDF);
the file name only breaks ties between plain text and markdown.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from importlib import import_module

from pipeline.document import Document
from pipeline.errors import UnsupportedFormat

# format name -> module in this package exposing `extract(data: bytes, source: str) -> Document`
EXTRACTORS: dict[str, str] = {
    "pdf": "extractors.pdf",
    "docx": "extractors.docx",
    "html": "extractors.html",
    "text": "extractors.text",
    "markdown": "extractors.text",
}

MAX_MARKUP_BYTES = 20 * 1024 * 1024  # report pages are < 1 MB; a 50 MB page is not a report
# a file with one of these names that turns out to be plain text is mislabelled or truncated
BINARY_SUFFIXES = ("pdf", "docx", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff")
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")


def sniff_format(data: bytes, source: str) -> str:
    """Name of the format of `data` ('pdf', 'docx', 'html', 'markdown', 'text', 'image')."""
    if not data.strip():
        raise UnsupportedFormat(source, "the file is empty")
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile as exc:
            raise UnsupportedFormat(source, f"looks like a zip/DOCX but is corrupt ({exc})") from exc
        raise UnsupportedFormat(source, "zip archive that is not a Word (.docx) document")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormat(source, "legacy Word/Excel/WPS binary (.doc/.wps/.xls) is not supported yet")
    if head.startswith(IMAGE_MAGIC):
        return "image"
    lower = head.lower()
    markup = b"<html" in lower or b"<!doctype html" in lower or b"<body" in lower or b"<table" in lower
    if markup and not source.lower().endswith((".md", ".markdown")):
        return "html"
    if b"\x00" in head:
        raise UnsupportedFormat(source, "binary content that is not PDF, DOCX, HTML or an image")
    suffix = source.lower().rsplit(".", 1)[-1] if "." in source else ""
    if suffix in BINARY_SUFFIXES:
        raise UnsupportedFormat(source, f"named .{suffix} but the content is not a {suffix.upper()} file")
    return "markdown" if suffix in ("md", "markdown") else "text"


def extractor_for(fmt: str) -> Callable[[bytes, str], Document]:
    if fmt not in EXTRACTORS:
        raise KeyError(fmt)
    return import_module(EXTRACTORS[fmt]).extract


def extract(data: bytes, source: str) -> Document:
    """Parse `data` (the bytes of `source`) into a `Document`."""
    fmt = sniff_format(data, source)
    if fmt in ("html", "text", "markdown") and len(data) > MAX_MARKUP_BYTES:
        raise UnsupportedFormat(source, f"a {fmt} file of {len(data) >> 20} MB is over the "
                                f"{MAX_MARKUP_BYTES >> 20} MB limit for one report page")
    if fmt == "image":
        from extractors.image import extract as extract_image

        return extract_image(data, source)
    return extractor_for(fmt)(data, source)
