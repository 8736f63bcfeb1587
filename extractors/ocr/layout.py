"""Geometry of one picture's OCR boxes: straightening, 1-D clustering, columns and their bounds.

A scan rotated by 2° gives text boxes tilted by 2°; every box is turned back by the page's own
angle (`skew_angle`) so that rows are horizontal and columns vertical, and a cell found in
straightened coordinates is turned forward again (`unstraighten`) to give its box in image pixels.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from extractors.ocr.engine import OcrBox

Column = tuple[float, float, float]  # (x0, x1, cx) in straightened coordinates
Rect = tuple[float, float, float, float]

VALUE = re.compile(r"^(?:[+\-－]?\d[\d,，]*(?:[.．]\d+)?(?:万元|元|%)?|[/／\-－—–]|无)$")


@dataclass
class Placed:
    """An OCR box with its cleaned text and its rectangle in straightened coordinates."""

    box: OcrBox
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    is_value: bool

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0


def clean_text(t: str) -> str:
    return t.replace(" ", "").replace("\u3000", "").strip()


def skew_angle(boxes: list[OcrBox]) -> float:
    """Median angle (radians) of the top edges of wide text boxes."""
    angles = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.quad[0], b.quad[1]
        w = math.hypot(x1 - x0, y1 - y0)
        h = math.hypot(b.quad[3][0] - x0, b.quad[3][1] - y0)
        if w > 2 * h and w > 40:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    return median(angles) if angles else 0.0


def straighten(boxes: list[OcrBox], angle: float) -> list[Placed]:
    """The boxes with text, turned back by `angle`; value-looking texts marked as values."""
    c, s = math.cos(-angle), math.sin(-angle)
    out = []
    for b in boxes:
        text = clean_text(b.text)
        if not text:
            continue
        pts = [(x * c - y * s, x * s + y * c) for x, y in b.quad]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        out.append(Placed(b, text, min(xs), min(ys), max(xs), max(ys), bool(VALUE.match(text))))
    return out


def unstraighten(rect: Rect, angle: float) -> Rect:
    """Bounding box in image pixels of a rectangle given in straightened coordinates."""
    c, s = math.cos(angle), math.sin(angle)
    x0, y0, x1, y1 = rect
    pts = [(x * c - y * s, x * s + y * c) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


def cluster_1d(items: list, key: Callable[[object], float], gap: float) -> list[list]:
    """Items sorted by `key`, cut where one lies more than `gap` past its group's mean."""
    items = sorted(items, key=key)
    groups: list[list] = []
    for it in items:
        if groups and key(it) - sum(key(g) for g in groups[-1]) / len(groups[-1]) <= gap:
            groups[-1].append(it)
        else:
            groups.append([it])
    return groups


def y_overlap(a: Placed, b: Placed) -> bool:
    return min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5 * min(a.h, b.h)


def x_groups(parts: list[Placed]) -> list[list[Placed]]:
    """Boxes whose x-ranges overlap (a wrapped or vertical label) form one group, left to right."""
    groups: list[list[Placed]] = []
    for p in sorted(parts, key=lambda p: p.x0):
        if groups and p.x0 < max(q.x1 for q in groups[-1]) - 2:
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def join_vertical(parts: list[Placed]) -> str:
    """The text of boxes read top to bottom, left to right within a line."""
    return "".join(p.text for p in sorted(parts, key=lambda p: (round(p.cy), p.x0)))


def union(parts: list[Placed]) -> Rect:
    """Bounding box in image pixels of the boxes' own (unstraightened) boxes."""
    return (min(p.box.bbox[0] for p in parts), min(p.box.bbox[1] for p in parts),
            max(p.box.bbox[2] for p in parts), max(p.box.bbox[3] for p in parts))


def value_columns(values: list[Placed], line_h: float) -> list[Column]:
    """The columns of a band's values, clustered by the x of their centres."""
    cols = cluster_1d(values, lambda b: b.cx, 1.2 * line_h)
    return [(min(b.x0 for b in c), max(b.x1 for b in c), sum(b.cx for b in c) / len(c)) for c in cols]


def nearest_column(col_x: list[Column], x: float) -> int:
    return min(range(len(col_x)), key=lambda j: abs(col_x[j][2] - x))


def column_bounds(col_x: list[Column], line_h: float) -> tuple[float, list[float]]:
    """The columns' pitch and the x of the borders between them (half a pitch out at both ends)."""
    pitch = (col_x[-1][2] - col_x[0][2]) / max(1, len(col_x) - 1) if len(col_x) > 1 else 10 * line_h
    inner = [(col_x[j][2] + col_x[j + 1][2]) / 2 for j in range(len(col_x) - 1)]
    return pitch, [col_x[0][2] - pitch / 2, *inner, col_x[-1][2] + pitch / 2]


def continued_columns(col_x: list[Column], carried: list[Column]) -> list[Column]:
    """The columns of a table continued from the previous picture without its header, when its
    values show fewer: a column left empty on this page vanished like one under a header (see
    `extractors.ocr.header.header_columns`). The pages are aligned by the last column (the 总计 of
    every standard table); every value column must then sit on a carried one, else the values'
    columns stay."""
    if not col_x or len(col_x) >= len(carried):
        return col_x
    pitch = min(b[2] - a[2] for a, b in pairwise(carried))
    shift = col_x[-1][2] - carried[-1][2]
    if abs(shift) > 1.5 * pitch or any(min(abs(c[2] - shift - k[2]) for k in carried) > 0.3 * pitch for c in col_x):
        return col_x
    return [(k[0] + shift, k[1] + shift, k[2] + shift) for k in carried]
