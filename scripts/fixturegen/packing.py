"""Deterministic bytes for generated files: zips re-packed with fixed times, PNG chunks by hand."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def normalize_zip(data: bytes, date_time: tuple[int, ...], mode: int = 0o644) -> bytes:
    """Rewrite a zip with fixed timestamps and permissions so the bytes do not depend on the clock."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = mode << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and CRC, for PNGs written without an image library."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
