"""One place that maps input bytes to the extractor for their format.

The format is sniffed from the bytes first (a `.html` that is really a PDF is read as a PDF, a
`.doc` that is really HTML, DOCX or a MIME web archive goes to that reader, a page saved as its
article body without `<html>` is HTML); the file name only breaks ties between plain text and
markdown. The crawler sniffs what it fetches with the same function. Old Office files (OLE2 .doc/.wps/.xls/.et, and
RTF, and .xlsx, which no extractor reads) are converted by LibreOffice to DOCX or HTML and then read by that extractor.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from importlib import import_module

from extractors.document import Document
from extractors.errors import UnsupportedFormat
from extractors.mht import looks_like_mht
from extractors.ole import OLE_MAGIC, ole_format

# format name -> module in this package exposing `extract(data: bytes, source: str) -> Document`
READERS: dict[str, str] = {
    "pdf": "extractors.pdf",
    "docx": "extractors.docx",
    "html": "extractors.html",
    "text": "extractors.text",
    "markdown": "extractors.text",
    "image": "extractors.image",
}
# old Office format -> the format LibreOffice converts it to (see extractors.office)
CONVERTED: dict[str, str] = {"doc": "docx", "works": "docx", "rtf": "docx", "xls": "html", "xlsx": "html"}

MAX_MARKUP_BYTES = 20 * 1024 * 1024  # report pages are < 1 MB; a 50 MB page is not a report
# a file with one of these names that turns out to be plain text is mislabelled or truncated
BINARY_SUFFIXES = ("pdf", "docx", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff")
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
_ELEMENT = rb"(?:p|div|table|tbody|tr|td|section|article|main|h[1-6]|ul|ol|li|center|font|span|strong|style|meta|img|a)"
_OPEN_TAG = re.compile(rb"<" + _ELEMENT + rb"[\s>/]", re.IGNORECASE)
_CLOSE_TAG = re.compile(rb"</" + _ELEMENT + rb"\s*>", re.IGNORECASE)
_COMMENT = re.compile(rb"^(?:\s*<!--.*?-->)+\s*", re.DOTALL)


def sniff_format(data: bytes, source: str) -> str:
    """Name of the format of `data`: 'pdf', 'docx', 'html', 'mht', 'markdown', 'text', 'image', or a
    format of `CONVERTED` ('doc', 'works', 'rtf', 'xls', 'xlsx')."""
    if not data.strip():
        raise UnsupportedFormat(source, "the file is empty")
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = z.namelist()
        except zipfile.BadZipFile as exc:
            raise UnsupportedFormat(source, f"looks like a zip/DOCX but is corrupt ({exc})") from exc
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise UnsupportedFormat(source, "zip archive that is not a Word (.docx) or Excel (.xlsx) document")
    if head.startswith(OLE_MAGIC):
        return ole_format(data, source)
    if head.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if head.startswith(IMAGE_MAGIC):
        return "image"
    if looks_like_mht(data[:4096]):
        return "mht"
    lower = head.lower()
    markup = b"<html" in lower or b"<!doctype html" in lower or b"<body" in lower or b"<table" in lower
    if (markup or looks_like_fragment(data[:8192])) and not source.lower().endswith((".md", ".markdown")):
        return "html"
    if b"\x00" in head:
        raise UnsupportedFormat(source, "binary content that is not PDF, DOCX, HTML or an image")
    suffix = source.lower().rsplit(".", 1)[-1] if "." in source else ""
    if suffix in BINARY_SUFFIXES:
        raise UnsupportedFormat(source, f"named .{suffix} but the content is not a {suffix.upper()} file")
    return "markdown" if suffix in ("md", "markdown") else "text"


def looks_like_fragment(head: bytes) -> bool:
    """An article body saved without `<html>` (CMS exports, scrapers): it opens with an element and
    closes one, or most of its lines are elements. Text that only carries a stray `<br>`/`<p>`
    inside its lines, or tab-separated cells holding `<p>`, is not one."""
    lines = [line.strip(b" \r\xef\xbb\xbf") for line in head.split(b"\n")]
    lines = [line for line in lines if line]
    if not lines or not _CLOSE_TAG.search(head):
        return False
    if _OPEN_TAG.match(_COMMENT.sub(b"", head.lstrip(b" \t\r\n\xef\xbb\xbf"))):
        return True
    tagged = sum(1 for line in lines if b"\t" not in line and _OPEN_TAG.match(line))
    return tagged >= 3 and tagged * 2 >= len(lines)


def reader_for(fmt: str) -> Callable[[bytes, str], Document]:
    if fmt not in READERS:
        raise KeyError(fmt)
    return import_module(READERS[fmt]).read


def read_document(data: bytes, source: str) -> Document:
    """Parse `data` (the bytes of `source`) into a `Document`."""
    fmt = sniff_format(data, source)
    if fmt in CONVERTED:
        return _read_converted(data, source, fmt)
    if fmt == "mht":
        return _read_mht(data, source)
    return _read(fmt, data, source)


def _read(fmt: str, data: bytes, source: str) -> Document:
    if fmt in ("html", "text", "markdown") and len(data) > MAX_MARKUP_BYTES:
        raise UnsupportedFormat(source, f"a {fmt} file of {len(data) >> 20} MB is over the "
                                f"{MAX_MARKUP_BYTES >> 20} MB limit for one report page")
    return reader_for(fmt)(data, source)


def _read_converted(data: bytes, source: str, fmt: str) -> Document:
    """Convert with LibreOffice, read the result; provenance keeps `source`, a warning says how."""
    from extractors.office import CONVERSIONS, convert

    target = CONVERTED[fmt]
    doc = _read(target, convert(data, source, fmt), source)
    if not doc.blocks:
        doc.warnings.append("the conversion produced an empty document (damaged file?)")
    doc.sha256 = hashlib.sha256(data).hexdigest()  # the original's bytes, not the conversion's
    doc.warnings.insert(0, f"converted from {CONVERSIONS[fmt].label} to {target.upper()} by LibreOffice "
                           f"before reading; element paths refer to the converted {target.upper()}")
    return doc


def _read_mht(data: bytes, source: str) -> Document:
    """The HTML page of a MIME web archive (often a Word "web page" saved under a .doc name)."""
    from extractors.html import read as read_html
    from extractors.mht import html_part

    if len(data) > MAX_MARKUP_BYTES:
        raise UnsupportedFormat(source, f"a web archive of {len(data) >> 20} MB is over the "
                                f"{MAX_MARKUP_BYTES >> 20} MB limit for one report page")
    html, charset = html_part(data, source)
    doc = read_html(html, source, http_charset=charset)
    doc.sha256 = hashlib.sha256(data).hexdigest()
    doc.warnings.insert(0, "read the HTML page of a MIME web archive (.mht)")
    return doc
