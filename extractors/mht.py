"""MIME HTML web archives (.mht/.mhtml, and "Word" files saved as a single-file web page) → HTML.

Word's "Single File Web Page" and IE's "Web Archive" wrap the page and its pictures in one
multipart/related message; county sites often upload such files under a `.doc` name. The page
is the first text/html part; pictures it shows are inlined as data: URIs so the HTML extractor
keeps their bytes (for OCR) without reading any other file.
"""

from __future__ import annotations

import base64
import email
import email.policy
import re
from email.message import EmailMessage

from extractors.encoding import decode_markup_or_text
from extractors.errors import ExtractionError

STAGE = "parse mht"
_HEADER = re.compile(rb"[a-z0-9-]+:|[ \t]")  # a header line, or the continuation of one
_SRC = re.compile(r"""(\bsrc\s*=\s*["']?)([^"'\s>]+)""", re.IGNORECASE)


def looks_like_mht(head: bytes) -> bool:
    """The file starts with a MIME header block announcing a multipart/related body."""
    block = re.split(rb"\r?\n\r?\n", head[:4096].lstrip(), maxsplit=1)[0].lower()
    headers = all(_HEADER.match(line) for line in block.splitlines())
    return headers and b"mime-version:" in block and b"multipart/related" in block


def html_part(data: bytes, source: str) -> tuple[bytes, str | None]:
    """(the page's HTML bytes with pictures inlined, its declared charset)."""
    msg = email.message_from_bytes(data, policy=email.policy.default)
    parts = [p for p in msg.walk() if not p.is_multipart()]
    page = next((p for p in parts if p.get_content_type() == "text/html"), None)
    if page is None:
        raise ExtractionError(source, STAGE, "MIME web archive without an HTML part")
    html = page.get_payload(decode=True) or b""
    charset = page.get_content_charset()
    pictures = _pictures(parts)
    if not pictures:
        return html, charset
    text, _ = decode_markup_or_text(html, charset)

    def inline(m: re.Match[str]) -> str:
        uri = pictures.get(m.group(2)) or pictures.get(m.group(2).rsplit("/", 1)[-1])
        return m.group(1) + uri if uri else m.group(0)

    return _SRC.sub(inline, text).encode("utf-8"), "utf-8"


def _pictures(parts: list[EmailMessage]) -> dict[str, str]:
    """Content-Location (full and file name) → data: URI, for every image part."""
    out: dict[str, str] = {}
    for p in parts:
        location = p.get("Content-Location")
        if p.get_content_maintype() != "image" or not location:
            continue
        uri = f"data:{p.get_content_type()};base64,{base64.b64encode(p.get_payload(decode=True) or b'').decode()}"
        out[str(location)] = uri
        out.setdefault(str(location).rsplit("/", 1)[-1], uri)
    return out

