"""The text around a band of values: the header over its columns and the row labels left of it.

What a printed text *is* (a row label, a column label, a table title, …) is not OCR's knowledge:
the caller gives it as `RoleOf` (text → 'row', 'column', 'group', 'table', 'end', 'section', …
or None), so this package imports nothing above the extractors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from extractors.ocr.layout import (
    Column,
    Placed,
    cluster_1d,
    column_bounds,
    join_vertical,
    nearest_column,
    x_groups,
    y_overlap,
)

RoleOf = Callable[[str], str | None]
GridCell = tuple[str, list[Placed], bool]  # (text, its boxes, is a value cell)

ARTICLE = re.compile(r"^第[一二三四五六七八九十]+条")
_ITEM = re.compile(r"^(?:\d+[.．、]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)")  # a label's enumerator


@dataclass
class Page:
    """One picture's text (non-value) boxes and what reading its tables has learned of them."""

    texts: list[Placed]
    line_h: float
    role: RoleOf
    titles: set[int] = field(default_factory=set)  # ids of table titles and end lines
    used: set[int] = field(default_factory=set)  # ids of boxes placed in a table

    def is_row_label(self, text: str) -> bool:
        return self.role(text) == "row"


@dataclass
class Header:
    """A band's header rows, its columns (with those named over no value) and the row labels
    found in the header zone (rows printed with every cell blank)."""

    rows: list[list[GridCell]]
    col_x: list[Column]
    label_right: float
    blank_labels: list[Placed]


def label_x1(texts: list[Placed], values: list[Placed], left_edge: float) -> float:
    """Right edge of the row labels: text left of the values on a value's line."""
    xs = [t.x1 for t in texts if t.x1 <= left_edge and any(y_overlap(t, v) for v in values)]
    return max(xs, default=left_edge)


def in_label_area(t: Placed, area: tuple[float, float]) -> bool:
    """Inside the row-label area: centre left of `area[0]`, right edge left of `area[1]`."""
    return t.cx <= area[0] and t.x1 <= area[1]


def header_zone(page: Page, top: float, prev_bottom: float, pitch: float) -> list[Placed]:
    """Text above a band's first row, after the previous band and below the table's title."""
    line_h = page.line_h
    head_top = max(prev_bottom + 0.3 * line_h, top - 6 * pitch)
    header = [t for t in page.texts if id(t) not in page.used and head_top <= t.cy < top - 0.3 * line_h]
    title_y = [t.cy for t in page.texts if id(t) in page.titles and t.cy < top]
    if title_y:
        header = [t for t in header if t.cy > max(title_y) + 0.5 * line_h and id(t) not in page.titles]
    return header


def _lone_misaligned(t: Placed, lines: list[list[Placed]], col_x: list[Column], col_pitch: float) -> bool:
    """A header line's only box, not centred over a value column: a heading over the whole table."""
    line = next((ln for ln in lines if t in ln), [t])
    if len(line) != 1:
        return False
    if ARTICLE.match(t.text):  # '第二十条第（八）项' heads a block of table 二
        return True
    return min(abs(c[2] - t.cx) for c in col_x) > 0.25 * col_pitch


def _spanning(t: Placed, col_x: list[Column], bounds: list[float], tol: float) -> bool:
    """A header box wider than the column it sits over (a group heading such as 法人或其他组织)."""
    j = nearest_column(col_x, t.cx)
    return len(col_x) > 1 and (t.x0 < bounds[j] - tol or t.x1 > bounds[j + 1] + tol)


def header_columns(hb: list[Placed], lab_x1: float, col_x: list[Column], line_h: float,
                   role: RoleOf) -> list[Column]:
    """The band's columns plus those its header names over no value (a column printed blank).

    Values alone place the columns, so a column whose cells are all empty (reports that print
    0 as an empty cell) vanished and every value right of it moved one column left. A header
    leaf — a column label right of the row labels, its wrapped lines joined, group headings
    such as 法人或其他组织 left out — that stands over no value column is a column of its own."""
    right = [t for t in hb if t.x0 > lab_x1]

    def spanning(t: Placed) -> bool:  # two header cells side by side below it
        under = [u for u in right if u is not t and u.cy > t.y1 and min(u.x1, t.x1) - max(u.x0, t.x0) > 2]
        return any(a.x1 <= b.x0 for a in under for b in under)

    # a wrapped header's lines overlap mostly in x; neighbouring cells' boxes may touch at their edges
    groups: list[list[Placed]] = []
    for t in sorted((t for t in right if not spanning(t)), key=lambda t: t.cx):
        g = next((g for g in groups if any(min(t.x1, u.x1) - max(t.x0, u.x0) > 0.5 * min(t.x1 - t.x0, u.x1 - u.x0)
                                           for u in g)), None)
        if g is None:
            groups.append([t])
        else:
            g.append(t)
    out = list(col_x)
    for g in groups:
        x0, x1 = min(t.x0 for t in g), max(t.x1 for t in g)
        if role(join_vertical(g)) != "column" or \
                any(x0 - 0.5 * line_h <= c[2] <= x1 + 0.5 * line_h for c in out):
            continue
        out.append((x0, x1, (x0 + x1) / 2))
    return sorted(out, key=lambda c: c[2])


def _near_lines(head_lines: list[list[Placed]], label_right: float, line_h: float) -> list[list[Placed]]:
    """The header lines near the band: going up, stop at a lone wide line left of the columns (a title)."""
    keep: list[list[Placed]] = []
    for line in reversed(head_lines):
        if not any(t.x1 > label_right for t in line) and keep and len(line) == 1 and \
                (line[0].x1 - line[0].x0) > 4 * line_h and line[0].cx > label_right * 0.6:
            break
        keep.insert(0, line)
    return keep


def read_header(page: Page, header: list[Placed], lab_x1: float, label_right: float,
                col_x: list[Column]) -> Header:
    """The header rows over a band: a row of headings spanning columns (if any), then a row of the
    label-column heading and each column's label (wrapped lines joined)."""
    line_h = page.line_h
    head_lines = cluster_1d(header, lambda b: b.cy, 0.6 * line_h)
    hb = [t for line in _near_lines(head_lines, label_right, line_h) for t in line]
    col_x = header_columns(hb, lab_x1, col_x, line_h, page.role)
    label_right = min(label_right, col_x[0][0] - 0.3 * line_h)
    col_pitch, bounds = column_bounds(col_x, line_h)
    tol = 0.25 * line_h

    left_boxes = [t for t in hb if t.cx <= label_right and t.x1 <= lab_x1 + 1.5 * line_h]
    span_boxes = [t for t in hb if t not in left_boxes and (
        _spanning(t, col_x, bounds, tol) or _lone_misaligned(t, head_lines, col_x, col_pitch))]
    col_boxes = [t for t in hb if t not in span_boxes and t not in left_boxes]
    rows: list[list[GridCell]] = []
    if span_boxes:
        rows.append([(t.text, [t], False) for t in sorted(span_boxes, key=lambda t: t.x0)])
    # a row label in the header zone is a row whose cells are all blank (nothing to read)
    blank_labels = sorted((t for t in left_boxes if page.is_row_label(t.text)), key=lambda t: t.cy)
    left_boxes = [t for t in left_boxes if t not in blank_labels]
    lab = [(join_vertical(g), g, False) for g in x_groups(left_boxes)]
    per_col: list[list[Placed]] = [[] for _ in col_x]
    for t in col_boxes:
        per_col[nearest_column(col_x, t.cx)].append(t)
    rows.append(lab + [(join_vertical(p), p, False) for p in per_col])
    page.used.update(id(t) for t in hb)
    return Header(rows, col_x, label_right, blank_labels)


def _label_blocks(texts: list[Placed], page: Page) -> list[list[Placed]]:
    """Row labels with their wrapped lines: a line that opens an item (an enumerator, or a row
    label by itself) and the lines under it that continue it (overlapping in x, no enumerator)."""
    blocks: list[list[Placed]] = []
    taken: set[int] = set()
    ordered = sorted(texts, key=lambda t: t.cy)
    for t in ordered:
        if id(t) in taken or not (_ITEM.match(t.text) or page.is_row_label(t.text)):
            continue
        block = [t]
        for u in ordered:
            if id(u) not in taken and u is not t and 0 < u.cy - block[-1].cy <= 1.6 * page.line_h \
                    and u.x0 < t.x1 and t.x0 < u.x1 and not _ITEM.match(u.text) and not page.is_row_label(u.text):
                block.append(u)
        taken.update(id(u) for u in block)
        blocks.append(block)
    return blocks


def _block_cy(block: list[Placed]) -> float:
    return (min(t.y0 for t in block) + max(t.y1 for t in block)) / 2


def blank_rows(page: Page, band_y: list[float], span: tuple[float, float], area: tuple[float, float],
               pitch: float) -> list[list[Placed]]:
    """Row labels (with their wrapped lines) that own no value row: rows printed with every cell empty.

    Values alone make the rows, so such a row (a （二）部分公开 with nothing in it, a blank
    四、结转下年度继续办理) lent its label to a neighbour and vanished. Each value row keeps the
    nearest row label; the other row labels inside the band, or continuing it up or down with
    no header, title or text right of the labels in between, and within `span` (the
    neighbouring bands), are rows of their own. A label with enumerated labels right of it
    heads their group (2021's （六）其他处理), not a row."""
    line_h, cy = page.line_h, _block_cy
    free = [t for t in page.texts if id(t) not in page.used and in_label_area(t, area)]
    barriers = [t for t in page.texts if not in_label_area(t, area) or ARTICLE.match(t.text)
                or page.role(t.text) in ("table", "end", "section")]

    def leaf(block: list[Placed]) -> bool:
        y0, y1, x1 = min(t.y0 for t in block), max(t.y1 for t in block), max(t.x1 for t in block)
        return page.is_row_label(join_vertical(block)) and not any(
            u.x0 >= x1 - 2 and u.cy > y0 and u.cy < y1 and _ITEM.match(u.text) for u in free)

    cands = sorted((b for b in _label_blocks(free, page) if leaf(b)), key=cy)
    top, bottom = band_y[0], band_y[-1]
    kept = [b for b in cands if top - 0.6 * pitch <= cy(b) <= bottom + 0.6 * pitch]
    for ends, last in (([b for b in cands if cy(b) > bottom + 0.6 * pitch], bottom),
                       ([b for b in reversed(cands) if cy(b) < top - 0.6 * pitch], top)):
        for b in ends:
            lo, hi = sorted((last, cy(b)))
            if abs(cy(b) - last) > 2.5 * pitch or not span[0] < cy(b) < span[1] or \
                    any(lo + 0.5 * line_h < t.cy < hi - 0.5 * line_h for t in barriers):
                break
            kept.append(b)
            last = cy(b)
    claims: dict[int, tuple[float, int]] = {}
    for n, b in enumerate(kept):
        i = min(range(len(band_y)), key=lambda i: abs(band_y[i] - cy(b)))
        d = abs(band_y[i] - cy(b))
        if d <= 0.75 * pitch and (i not in claims or d < claims[i][0]):
            claims[i] = (d, n)
    owners = {n for _, n in claims.values()}
    return [b for n, b in enumerate(kept) if n not in owners and min(abs(y - cy(b)) for y in band_y) > line_h]
