"""RapidOCR, loaded once per process (a module-level lazy singleton), offline only.

Settings measured on this corpus (see shared/design/gotchas.md and bench/bench_ocr.py): the
text-angle classifier is off (it flips lone digits 6↔9) and the box threshold is low (lone '0'/'1'
vanish at 0.5). Speed, one core, 200 dpi table page: detection on the page shrunk to DET_SIDE
pixels takes 0.5 s instead of 1.8 s at full size; the digits it may then miss are found by the
grid's second look at empty cells (`extractors.ocr.cells`). Recognition pads every line to at
least the model's nominal width (320 px by default, so a lone '0' cost as much as a label); a
nominal width of 48 px halves recognition time (5.4 s → 2.4 s for 142 lines) with identical text.
Batches are left as rapidocr forms them (lines sorted by width, 6 a batch): a line's score depends
on the lines batched with it (by up to 0.25 on a 200 dpi page; batches of 12 or 24 also change 1–2
texts), so recognising only the table's lines, or other lines together, changes stored confidences.
Merging batches of equal-width digit crops gives the same numbers but saves nothing (0.18 s for 39
crops either way: recognition costs per padded pixel, not per call).
Only the models bundled in the wheel are used: nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

_ENGINE = None
DET_SIDE = 1280  # detection input's longer side (pixels); recognition always reads full-resolution crops
_LOCK = threading.Lock()


@dataclass(frozen=True)
class OcrBox:
    """One text line found by OCR: its four corners (image pixels), text and score."""

    quad: tuple[tuple[float, float], ...]
    text: str
    score: float

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return (min(xs), min(ys), max(xs), max(ys))


def engine():
    """The process-wide RapidOCR instance (created on first use)."""
    global _ENGINE
    if _ENGINE is None:
        with _LOCK:
            if _ENGINE is None:
                from rapidocr import RapidOCR

                threads = int(os.environ.get("OGI_OCR_THREADS", "-1"))
                _ENGINE = RapidOCR(params={
                    "Global.use_cls": False,
                    "Global.max_side_len": 10000,
                    "Global.log_level": "error",
                    "Global.text_score": 0.3,
                    "Det.box_thresh": 0.3,
                    "Det.limit_type": "max",
                    "Det.limit_side_len": DET_SIDE,
                    # with lines no longer padded to 320 px, small batches pad least: 2.0 s per page
                    # at 4–8 lines per batch vs 2.5 s at 16 and 3.3+ s at 32 (淮安 2024 p.5–6, one core)
                    "Rec.rec_batch_num": 6,
                    "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,  # rapidocr's default off costs 10–15%
                    "Rec.rec_img_shape": [3, 48, 48],
                    "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1 if threads > 0 else -1,
                })
    return _ENGINE


def load_image(data: bytes):
    """Decode image bytes (PNG, JPEG, TIFF, BMP, GIF — first frame) to an RGB PIL image."""
    from PIL import Image as PILImage

    img = PILImage.open(io.BytesIO(data))
    img.seek(0)
    return img.convert("RGB")


_CACHE: OrderedDict[str, list[OcrBox]] = OrderedDict()
CACHE_SIZE = 32  # the same picture read again in one process (a page and its re-ingest) is free


def clear_cache() -> None:
    _CACHE.clear()


def ocr_array(arr: np.ndarray) -> list[OcrBox]:
    """Text boxes of an RGB image array (results of identical pixels are reused in-process)."""
    key = hashlib.sha1(arr.tobytes()).hexdigest() + str(arr.shape)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return list(hit)
    out = engine()(arr, use_cls=False)
    boxes = [] if out is None or out.boxes is None else [
        OcrBox(tuple((float(x), float(y)) for x, y in quad), str(txt), float(score))
        for quad, txt, score in zip(out.boxes, out.txts, out.scores)]
    _CACHE[key] = boxes
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return list(boxes)


def ocr_image(img) -> list[OcrBox]:
    return ocr_array(np.asarray(img.convert("RGB")))


def read_lines(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Recognition only (no detection) of RGB crops that each hold one line: (text, score) each.

    Calls the recogniser directly rather than `engine()(…, use_det=False)`, whose use_det switch
    is stored on the shared engine and would leak into a concurrent page read.
    """
    if not crops:
        return []
    from rapidocr.ch_ppocr_rec.typings import TextRecInput

    out = engine()._load_rec_model()(TextRecInput(img=list(crops)))  # rapidocr has no public rec-only call
    return [(str(t), float(s)) for t, s in zip(out.txts, out.scores)]
