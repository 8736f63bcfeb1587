"""Charset detection for HTML pages and text dumps, shared by the extractors and the crawler.

Chinese government sites mix GBK/GB2312 and UTF-8 pages and sometimes lie in one of their
declarations, so each declared charset is only trusted if the bytes actually decode under it;
detection (charset-normalizer) is the last resort. GB2312/GBK are decoded as GB18030, their
superset, so characters outside GB2312 (rare surnames, place names) survive.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Labels decoded with a superset codec (WHATWG does the same for gb2312/gbk and latin-1).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "hz": "gb18030",
    "big5": "big5hkscs",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_ASCII = bytes(range(128))
_PRESCAN = 8192  # long <head>s with inline scripts push <meta> past the 1024 bytes WHATWG scans


def codec_name(label: str | None) -> str | None:
    """Python codec for a charset label (superset where one exists), or None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    name = _SUPERSETS.get(name, name)
    return codecs.lookup(name).name


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when `data` starts with a byte-order mark."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def declared_charset(data: bytes) -> str | None:
    """Codec named by `<meta charset>`, `<meta http-equiv content="…charset=…">` or `<?xml encoding?>`."""
    head = data[:_PRESCAN]
    for pattern in (_XML_DECL, _META):
        m = pattern.search(head)
        if m:
            name = codec_name(m.group(1).decode("ascii", "replace"))
            # a meta in an ASCII-readable page cannot truthfully say UTF-16/32
            if name and not name.startswith(("utf_16", "utf_32", "utf-16", "utf-32")):
                return name
    return None


def _is_multibyte_utf8(data: bytes) -> bool:
    sample = data[:65536]
    if len(sample.translate(None, _ASCII)) < 16:
        return False
    try:  # final=False: a character cut at the sample end is not evidence against UTF-8
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _try(data: bytes, codec: str | None) -> str | None:
    if not codec:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_markup_or_text(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode HTML or a text dump; returns (text, python codec name used).

    Order: BOM (unambiguous, and WHATWG lets it override the HTTP header), HTTP charset,
    in-document declaration, strict UTF-8, charset-normalizer, then GB18030 with replacement.
    A declaration is skipped if the bytes do not decode under it, and bytes that are valid
    UTF-8 with real multi-byte text are read as UTF-8 even when an older charset is declared
    (migrated CMSs keep the old `charset=gbk`; GBK text is practically never valid UTF-8).
    """
    bom = bom_encoding(data)
    if bom:
        codec, skip = bom
        return data[skip:].decode(codec, errors="replace"), codec
    candidates = [codec_name(http_charset), declared_charset(data), "utf-8"]
    if _is_multibyte_utf8(data):
        candidates.insert(0, "utf-8")
    for codec in dict.fromkeys(c for c in candidates if c):
        text = _try(data, codec)
        if text is not None:
            return text, codec
    best = from_bytes(data[:200_000]).best()
    detected = codec_name(best.encoding) if best is not None else None
    text = _try(data, detected)
    if text is not None and detected:
        return text, detected
    # Declared or detected but not clean: a few bad bytes in a page that is otherwise GBK/UTF-8.
    fallback = next((c for c in candidates[:2] if c), None) or detected or "gb18030"
    return data.decode(fallback, errors="replace"), fallback
