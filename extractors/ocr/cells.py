"""A second look at grid cells where text detection found nothing: paper, or a lost digit?

Detection runs on the page shrunk to `extractors.ocr.engine.DET_SIDE` pixels (about 4× less work than at
200 dpi) and may then miss a lone '0' or '1'. The grid knows where every value cell lies, so each
empty cell is looked at again in the full-resolution picture: no ink once ruling lines are set
aside means blank as printed (read with confidence); ink means the crop is recognised on its own
and its reading kept with a capped score, so that the identities or a flag decide whether to
trust it (`pipeline.ocr_correct`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Rect = tuple[float, float, float, float]
CellReader = Callable[[Rect], tuple[str, float]]

INKLESS_SCORE = 0.98  # nothing but paper in the cell: blank as printed
REREAD_SCORE = 0.95  # a digit detection missed and recognition alone read: below ocr_correct.LOW_SCORE
UNREADABLE_SCORE = 0.5  # ink that recognition cannot read
INK_CONTRAST = 70  # a pixel this much darker than the cell's paper is ink (blurred scans grey their strokes)


def ink_boxes(gray: np.ndarray, min_area: int) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the ink blobs in a grey crop, ruling lines and specks left out."""
    import cv2

    paper = float(np.median(gray))
    mask = (gray < min(200.0, max(100.0, paper - INK_CONTRAST))).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    hgt, wid = gray.shape
    out = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < min_area or w >= 0.8 * wid or h >= 0.9 * hgt:  # specks, horizontal and vertical rules
            continue
        at_edge = x == 0 or y == 0 or x + w == wid or y + h == hgt
        if at_edge and (w >= 3 * h or h >= 3 * w):  # a piece of a rule cut by the crop (a tilted scan)
            continue
        out.append((x, y, w, h))
    return out


def cell_reader(picture) -> CellReader:
    """A reader of empty grid cells of one picture (a PIL image), for `extractors.ocr.grid.build_blocks`."""
    from extractors.ocr.engine import read_lines

    gray = np.asarray(picture.convert("L"))
    rgb = None

    def read(rect: Rect) -> tuple[str, float]:
        nonlocal rgb
        x0, y0, x1, y1 = rect
        h = max(y1 - y0, 8.0)
        bx0, by0 = max(0, int(x0 - 0.5 * h)), max(0, int(y0 - 0.2 * h))
        bx1, by1 = min(gray.shape[1], int(x1 + 0.5 * h)), min(gray.shape[0], int(y1 + 0.2 * h))
        if bx1 - bx0 < 4 or by1 - by0 < 4:
            return "", UNREADABLE_SCORE
        blobs = ink_boxes(gray[by0:by1, bx0:bx1], min_area=max(6, int(0.02 * h * h)))
        if not blobs:
            return "", INKLESS_SCORE
        m = int(0.25 * h)
        cx0 = max(0, bx0 + min(b[0] for b in blobs) - m)
        cy0 = max(0, by0 + min(b[1] for b in blobs) - m)
        cx1 = min(gray.shape[1], bx0 + max(b[0] + b[2] for b in blobs) + m)
        cy1 = min(gray.shape[0], by0 + max(b[1] + b[3] for b in blobs) + m)
        if rgb is None:
            rgb = np.asarray(picture.convert("RGB"))
        [(text, score)] = read_lines([np.ascontiguousarray(rgb[cy0:cy1, cx0:cx1])])
        if not text.strip():
            return "", UNREADABLE_SCORE
        return text, min(score, REREAD_SCORE)

    return read
