"""Stand-alone image files (PNG, JPEG, TIFF, BMP, GIF): one image block per frame, read by OCR.

A multi-page TIFF (or an animated GIF) gives one block per frame, numbered as pages, so a
scanned report saved as one TIFF reads like an image-only PDF. The OCR stage
(`pipeline.ocr`) replaces the blocks by the tables it reads; until it runs the document says
`needs_ocr` instead of pretending to have no tables.
"""

from __future__ import annotations

import hashlib
import io

from extractors.document import Document, Image, Provenance
from extractors.errors import ExtractionError
from extractors.pdf import MAX_PAGES


def _frames(data: bytes) -> list[bytes] | None:
    """PNG bytes of each frame of a multi-frame image, or None for a single frame."""
    try:
        from PIL import Image as PILImage

        img = PILImage.open(io.BytesIO(data))
        n = getattr(img, "n_frames", 1)
        if n <= 1:
            return None
        out = []
        for i in range(n):
            img.seek(i)
            buf = io.BytesIO()
            img.convert("RGB").save(buf, "PNG")
            out.append(buf.getvalue())
        return out
    except Exception:  # noqa: BLE001 — an unreadable picture stays one block; OCR reports it
        return None


MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 MP; more is a decompression bomb, not a scan


def check(data: bytes, source: str) -> None:
    """Raise ExtractionError naming the file when the picture is corrupt or absurdly large."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as img:
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise ExtractionError(source, "read image", f"image of {w}×{h} pixels is too large to be a scan")
            frames = getattr(img, "n_frames", 1)
            if frames > MAX_PAGES:
                raise ExtractionError(source, "read image", f"{frames} frames, over the {MAX_PAGES}-page limit")
            img.verify()
        with PILImage.open(io.BytesIO(data)) as img:
            img.load()  # verify() reads no pixels: a truncated or broken data stream shows only here
    except ExtractionError:
        raise
    except Exception as exc:  # PIL raises many kinds for broken files
        raise ExtractionError(source, "read image", f"corrupt or unsupported image ({type(exc).__name__})") from exc


def read(data: bytes, source: str) -> Document:
    check(data, source)
    frames = _frames(data)
    if frames is None:
        blocks = [Image(Provenance(source, page=1, element="image"), src=source, data=data)]
    else:
        blocks = [Image(Provenance(source, page=i, element=f"image frame {i}"), src=source, data=f)
                  for i, f in enumerate(frames, 1)]
    return Document(source, hashlib.sha256(data).hexdigest(), "image", list(blocks), needs_ocr=True)
