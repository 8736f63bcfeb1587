"""OCR text boxes → table blocks (grids of cell texts) that the standard-table reader reads.

The page is straightened by the boxes' own angle (a scan rotated by 2° gives text boxes tilted
by 2°), then:

- value boxes (numbers, '/', '-', '无') are grouped into rows by their straightened y;
- consecutive value rows form a band (one printed table, or one block of table 二) unless a
  header line (text right of the labels) sits between them; each band gets its own value
  columns, clustered from the x of its values, so two tables on one page do not mix columns;
- text left of the first value column is the row label; text boxes overlapping in x are one
  label cell (wrapped labels), so merged group labels (a vertical '三、本年度办理结果', a
  '（三）不予公开' spanning eight rows) become cells of their own instead of polluting the row
  label;
- header text above a band is placed over its value column (wrapped headers '商业企' + '业'
  join), header text spanning several columns is a row of its own;
- a row label with no value beside it is a row of empty cells, and a column label of the header
  over no value is a column of empty cells (reports that print 0 as an empty cell), so that no
  row lends its label to a neighbour and no value moves to the next column;
- other lines (titles such as '三、收到和处理政府信息公开申请情况') are paragraphs.

Every value cell keeps its box (image pixels), OCR score and text in `OcrCell`, keyed by its
grid position, so the pipeline can give each fact its box and confidence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from extractors.document import Block, Cell, Paragraph, Provenance, Table
from extractors.ocr.cells import UNREADABLE_SCORE, CellReader
from extractors.ocr.engine import OcrBox

_VALUE = re.compile(r"^(?:[+\-－]?\d[\d,，]*(?:[.．]\d+)?(?:万元|元|%)?|[/／\-－—–]|无)$")

_ARTICLE = re.compile(r"^第[一二三四五六七八九十]+条")
_ITEM = re.compile(r"^(?:\d+[.．、]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)")  # a label's enumerator
BLANK_SCORE = 0.9  # a cell where OCR read nothing: blank as printed, or a lone digit lost (check it)
_LONE_STROKES = {"一", "l", "I", "|", "丨", "—", "－"}


@dataclass
class OcrCell:
    text: str
    bbox: tuple[float, float, float, float]
    score: float


@dataclass
class OcrBlocks:
    blocks: list[Block]
    cells: dict[tuple[str, int, int], OcrCell] = field(default_factory=dict)  # (element, row, col)
    angle: float = 0.0
    columns: list[tuple[float, float, float]] = field(default_factory=list)  # the last table's (x0, x1, cx)


@dataclass
class _B:
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


def _straighten(boxes: list[OcrBox], angle: float) -> list[_B]:
    c, s = math.cos(-angle), math.sin(-angle)
    out = []
    for b in boxes:
        text = clean_text(b.text)
        if not text:
            continue
        pts = [(x * c - y * s, x * s + y * c) for x, y in b.quad]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        out.append(_B(b, text, min(xs), min(ys), max(xs), max(ys), bool(_VALUE.match(text))))
    return out


def _cluster_1d(items: list, key, gap: float) -> list[list]:
    items = sorted(items, key=key)
    groups: list[list] = []
    for it in items:
        if groups and key(it) - sum(key(g) for g in groups[-1]) / len(groups[-1]) <= gap:
            groups[-1].append(it)
        else:
            groups.append([it])
    return groups


def _label_role(text: str) -> str | None:
    """The role of a printed label ('row', 'column', 'group', 'table', …), None for other text."""
    from normalizers.labels import match_label
    from normalizers.text import normalize_text

    m = match_label(normalize_text(text))
    return m.role if m is not None else None


def _is_row_label(text: str) -> bool:
    return _label_role(text) == "row"


def _unstraighten(rect: tuple[float, float, float, float], angle: float) -> tuple[float, float, float, float]:
    """Bounding box in image pixels of a rectangle given in straightened coordinates."""
    c, s = math.cos(angle), math.sin(angle)
    x0, y0, x1, y1 = rect
    pts = [(x * c - y * s, x * s + y * c) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


def _y_overlap(a: _B, b: _B) -> bool:
    return min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5 * min(a.h, b.h)


def _label_x1(texts: list[_B], values: list[_B], left_edge: float) -> float:
    """Right edge of the row labels: text left of the values on a value's line."""
    xs = [t.x1 for t in texts if t.x1 <= left_edge and any(_y_overlap(t, v) for v in values)]
    return max(xs, default=left_edge)


def _lone_misaligned(t: _B, lines: list[list[_B]], col_x: list, col_pitch: float) -> bool:
    """A header line's only box, not centred over a value column: a heading over the whole table."""
    line = next((ln for ln in lines if t in ln), [t])
    if len(line) != 1:
        return False
    if _ARTICLE.match(t.text):  # '第二十条第（八）项' heads a block of table 二
        return True
    return min(abs(c[2] - t.cx) for c in col_x) > 0.25 * col_pitch


def _spanning(t: _B, col_x: list, bounds: list[float], tol: float) -> bool:
    """A header box wider than the column it sits over (a group heading such as 法人或其他组织)."""
    j = min(range(len(col_x)), key=lambda j: abs(col_x[j][2] - t.cx))
    return len(col_x) > 1 and (t.x0 < bounds[j] - tol or t.x1 > bounds[j + 1] + tol)


def _is_title(text: str) -> bool:
    return _label_role(text) in ("table", "end")


def _header_columns(hb: list[_B], lab_x1: float, col_x: list, line_h: float) -> list:
    """The band's columns plus those its header names over no value (a column printed blank).

    Values alone place the columns, so a column whose cells are all empty (reports that print
    0 as an empty cell) vanished and every value right of it moved one column left. A header
    leaf — a column label right of the row labels, its wrapped lines joined, group headings
    such as 法人或其他组织 left out — that stands over no value column is a column of its own."""
    right = [t for t in hb if t.x0 > lab_x1]

    def spanning(t: _B) -> bool:  # two header cells side by side below it
        under = [u for u in right if u is not t and u.cy > t.y1 and min(u.x1, t.x1) - max(u.x0, t.x0) > 2]
        return any(a.x1 <= b.x0 for a in under for b in under)

    # a wrapped header's lines overlap mostly in x; neighbouring cells' boxes may touch at their edges
    groups: list[list[_B]] = []
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
        if _label_role(_join_vertical(g)) != "column" or \
                any(x0 - 0.5 * line_h <= c[2] <= x1 + 0.5 * line_h for c in out):
            continue
        out.append((x0, x1, (x0 + x1) / 2))
    return sorted(out, key=lambda c: c[2])


def _continued_columns(col_x: list, carried: list) -> list:
    """The columns of a table continued from the previous picture without its header, when its
    values show fewer: a column left empty on this page vanished like one under a header (see
    `_header_columns`). The pages are aligned by the last column (the 总计 of every standard
    table); every value column must then sit on a carried one, else the values' columns stay."""
    if not col_x or len(col_x) >= len(carried):
        return col_x
    pitch = min(b[2] - a[2] for a, b in pairwise(carried))
    shift = col_x[-1][2] - carried[-1][2]
    if abs(shift) > 1.5 * pitch or any(min(abs(c[2] - shift - k[2]) for k in carried) > 0.3 * pitch for c in col_x):
        return col_x
    return [(k[0] + shift, k[1] + shift, k[2] + shift) for k in carried]


def _in_labels(t: _B, area: tuple[float, float]) -> bool:
    """Inside the row-label area: centre left of `area[0]`, right edge left of `area[1]`."""
    return t.cx <= area[0] and t.x1 <= area[1]


def _label_blocks(texts: list[_B], line_h: float) -> list[list[_B]]:
    """Row labels with their wrapped lines: a line that opens an item (an enumerator, or a row
    label by itself) and the lines under it that continue it (overlapping in x, no enumerator)."""
    blocks: list[list[_B]] = []
    taken: set[int] = set()
    ordered = sorted(texts, key=lambda t: t.cy)
    for t in ordered:
        if id(t) in taken or not (_ITEM.match(t.text) or _is_row_label(t.text)):
            continue
        block = [t]
        for u in ordered:
            if id(u) not in taken and u is not t and 0 < u.cy - block[-1].cy <= 1.6 * line_h \
                    and u.x0 < t.x1 and t.x0 < u.x1 and not _ITEM.match(u.text) and not _is_row_label(u.text):
                block.append(u)
        taken.update(id(u) for u in block)
        blocks.append(block)
    return blocks


def _blank_rows(texts: list[_B], used: set[int], band_y: list[float], span: tuple[float, float],
                area: tuple[float, float], line_h: float, pitch: float) -> list[list[_B]]:
    """Row labels (with their wrapped lines) that own no value row: rows printed with every cell empty.

    Values alone make the rows, so such a row (a （二）部分公开 with nothing in it, a blank
    四、结转下年度继续办理) lent its label to a neighbour and vanished. Each value row keeps the
    nearest row label; the other row labels inside the band, or continuing it up or down with
    no header, title or text right of the labels in between, and within `span` (the
    neighbouring bands), are rows of their own. A label with enumerated labels right of it
    heads their group (2021's （六）其他处理), not a row."""
    free = [t for t in texts if id(t) not in used and _in_labels(t, area)]
    barriers = [t for t in texts if not _in_labels(t, area) or _ARTICLE.match(t.text)
                or _label_role(t.text) in ("table", "end", "section")]

    def cy(block: list[_B]) -> float:
        return (min(t.y0 for t in block) + max(t.y1 for t in block)) / 2

    def leaf(block: list[_B]) -> bool:
        y0, y1, x1 = min(t.y0 for t in block), max(t.y1 for t in block), max(t.x1 for t in block)
        return _is_row_label(_join_vertical(block)) and not any(
            u.x0 >= x1 - 2 and u.cy > y0 and u.cy < y1 and _ITEM.match(u.text) for u in free)

    cands = sorted((b for b in _label_blocks(free, line_h) if leaf(b)), key=cy)
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


def _join_vertical(parts: list[_B]) -> str:
    return "".join(p.text for p in sorted(parts, key=lambda p: (round(p.cy), p.x0)))


def _x_groups(parts: list[_B]) -> list[list[_B]]:
    """Boxes whose x-ranges overlap (a wrapped or vertical label) form one group, left to right."""
    groups: list[list[_B]] = []
    for p in sorted(parts, key=lambda p: p.x0):
        if groups and p.x0 < max(q.x1 for q in groups[-1]) - 2:
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def _union(parts: list[_B]) -> tuple[float, float, float, float]:
    return (min(p.box.bbox[0] for p in parts), min(p.box.bbox[1] for p in parts),
            max(p.box.bbox[2] for p in parts), max(p.box.bbox[3] for p in parts))


def _reread(blank_rects: dict[tuple[int, int], tuple[float, float, float, float]], angle: float,
            reread: CellReader) -> dict[tuple[int, int], tuple[str, float]]:
    """(row, col) → (text, score) of the empty cells looked at again in the picture; text is a
    value, a lone stroke (kept with a low score for the identities) or '' (blank)."""
    out = {}
    for rc, rect in blank_rects.items():
        text, score = reread(_unstraighten(rect, angle))
        text = clean_text(text)
        if text in _LONE_STROKES:
            score = min(score, 0.5)
        elif text and not _VALUE.match(text):
            text, score = "", UNREADABLE_SCORE
        out[rc] = (text, score)
    return out


def build_blocks(boxes: list[OcrBox], prov: Provenance, first_table: int = 1,
                 reread: CellReader | None = None, columns: list[tuple[float, float, float]] | None = None
                 ) -> OcrBlocks:
    """Paragraphs and tables of one image from its OCR boxes (`prov`: the image's provenance);
    `reread` looks again at value cells where no box was found (see `extractors.ocr.cells`);
    `columns` are those of the table the previous picture ended with (`OcrBlocks.columns`), for a
    table continued on this one without its header."""
    angle = skew_angle(boxes)
    bs = _straighten(boxes, angle)
    result = OcrBlocks([], angle=angle)
    if not bs:
        return result
    line_h = median(b.h for b in bs)
    # values sit right of their row label: a 'value' with text to its right on its line is a
    # character of a label read as a digit (the '、' of a vertical '三、本年度…' read as '1')
    for b in bs:
        if b.is_value and any(not t.is_value and len(t.text) >= 2 and t.x0 > b.x1 and _y_overlap(t, b)
                              for t in bs):
            b.is_value = False
    # a lone stroke where a number stands ('1' read as '一', 'l', '|'): a value the OCR is unsure of,
    # kept as read with a low score so that the identities decide or the cell is flagged
    for b in bs:
        if not b.is_value and b.text in _LONE_STROKES and any(
                v.is_value and _y_overlap(v, b) and v.x1 < b.x0 for v in bs):
            b.is_value = True
            b.box = OcrBox(b.box.quad, b.text, min(b.box.score, 0.5))
    values = [b for b in bs if b.is_value]
    rows = _cluster_1d(values, lambda b: b.cy, 0.6 * line_h)
    rows = [r for r in rows if r]
    row_y = [sum(b.cy for b in r) / len(r) for r in rows]
    # bands: split where a text line lies between two value rows right of the label area
    used: set[int] = set()
    bands: list[list[int]] = []
    texts = [b for b in bs if not b.is_value]
    titles = {id(t) for t in texts if _is_title(t.text)}
    for i in range(len(rows)):
        if not bands:
            bands.append([i])
            continue
        y_prev, y = row_y[i - 1], row_y[i]
        left_edge = min(b.x0 for b in rows[i - 1] + rows[i])
        between = [t for t in texts if y_prev + 0.5 * line_h < t.cy < y - 0.5 * line_h
                   and (t.cx > left_edge or _ARTICLE.match(t.text) or id(t) in titles)]
        gap = y - y_prev
        typical = median([row_y[k] - row_y[k - 1] for k in range(1, len(rows))]) if len(rows) > 1 else gap
        # a wide gap splits two tables, unless row labels fill it (rows printed with every cell empty)
        if between or gap > 3.5 * typical and not any(
                y_prev + 0.5 * line_h < t.cy < y - 0.5 * line_h and t.cx < left_edge and _is_row_label(t.text)
                for t in texts):
            bands.append([i])
        else:
            bands[-1].append(i)

    # assign every text box to a band (as a label of a row, a header, or outside) by y
    band_ranges = []
    for band in bands:
        top = min(rows[i][0].y0 for i in band for _ in [0]) if band else 0
        top = min(b.y0 for i in band for b in rows[i])
        bottom = max(b.y1 for i in band for b in rows[i])
        band_ranges.append((top, bottom))

    pieces: list[tuple[float, Block | None, object]] = []  # (y, block or None, payload)
    t_index = first_table
    for k, band in enumerate(bands):
        top, bottom = band_ranges[k]
        prev_bottom = band_ranges[k - 1][1] if k else -1e9
        band_values = [b for i in band for b in rows[i]]
        cols = _cluster_1d(band_values, lambda b: b.cx, 1.2 * line_h)
        # merge columns whose boxes overlap in x (a long number centred differently)
        col_x = [(min(b.x0 for b in c), max(b.x1 for b in c), sum(b.cx for b in c) / len(c)) for c in cols]
        label_right = col_x[0][0] - 0.3 * line_h
        lab_x1 = _label_x1(texts, band_values, col_x[0][0])
        pitch = (median([row_y[band[j]] - row_y[band[j - 1]] for j in range(1, len(band))])
                 if len(band) > 1 else 2.5 * line_h)
        # header zone: text above the band's first row, right of the label column, after the previous band
        head_top = max(prev_bottom + 0.3 * line_h, top - 6 * pitch)
        header = [t for t in texts if id(t) not in used and head_top <= t.cy < top - 0.3 * line_h]
        title_y = [t.cy for t in texts if id(t) in titles and t.cy < top]
        if title_y:  # the header starts below the table's title
            header = [t for t in header if t.cy > max(title_y) + 0.5 * line_h and id(t) not in titles]
        # a header zone ends at a title line (a line with nothing right of the labels stays a title)
        if k == 0 and columns and not any(t.cx > label_right for t in header):
            col_x = _continued_columns(col_x, columns)
            label_right = min(label_right, col_x[0][0] - 0.3 * line_h)
        grid_rows: list[list[tuple[str, list[_B], bool]]] = []
        if header:
            head_lines = _cluster_1d(header, lambda b: b.cy, 0.6 * line_h)
            # keep only header lines near the band: stop going up at a line that is left-only (title)
            keep: list[list[_B]] = []
            for line in reversed(head_lines):
                if not any(t.x1 > label_right for t in line) and keep and len(line) == 1 and \
                        (line[0].x1 - line[0].x0) > 4 * line_h and line[0].cx > label_right * 0.6:
                    break
                keep.insert(0, line)
            hb = [t for line in keep for t in line]
            col_x = _header_columns(hb, lab_x1, col_x, line_h)
            label_right = min(label_right, col_x[0][0] - 0.3 * line_h)
            col_pitch = (col_x[-1][2] - col_x[0][2]) / max(1, len(col_x) - 1) if len(col_x) > 1 else 10 * line_h
            bounds = [col_x[0][2] - col_pitch / 2] + [(col_x[j][2] + col_x[j + 1][2]) / 2 for j in range(len(col_x) - 1)] + \
                [col_x[-1][2] + col_pitch / 2]
            tol = 0.25 * line_h

            left_boxes = [t for t in hb if t.cx <= label_right and t.x1 <= lab_x1 + 1.5 * line_h]
            span_boxes = [t for t in hb if t not in left_boxes and (
                _spanning(t, col_x, bounds, tol) or _lone_misaligned(t, head_lines, col_x, col_pitch))]
            col_boxes = [t for t in hb if t not in span_boxes and t not in left_boxes]
            if span_boxes:
                row = [(t.text, [t], False) for t in sorted(span_boxes, key=lambda t: t.x0)]
                grid_rows.append(row)
            # a row label in the header zone is a row whose cells are all blank (nothing to read)
            blank_rows = sorted((t for t in left_boxes if _is_row_label(t.text)), key=lambda t: t.cy)
            left_boxes = [t for t in left_boxes if t not in blank_rows]
            lab = [(_join_vertical(g), g, False) for g in _x_groups(left_boxes)]
            per_col: list[list[_B]] = [[] for _ in col_x]
            for t in col_boxes:
                j = min(range(len(col_x)), key=lambda j: abs(col_x[j][2] - t.cx))
                per_col[j].append(t)
            grid_rows.append(lab + [(_join_vertical(p), p, False) for p in per_col])
            for t in hb:
                used.add(id(t))
        header_rows = len(grid_rows)
        blank_rects: dict[tuple[int, int], tuple[float, float, float, float]] = {}
        for t in blank_rows if header else []:
            for j, c in enumerate(col_x):
                blank_rects[(len(grid_rows), 1 + j)] = (c[0], t.y0, c[1], t.y1)
            grid_rows.append([(t.text, [t], False)] + [("", [], True) for _ in col_x])
        # rows: the value rows and the row labels whose cells are all empty, top to bottom
        # a label may reach the values' column (a long （二）部分公开（区分处理的… line)
        area = (label_right, max(lab_x1 + 1.5 * line_h, col_x[0][0]))
        span = (prev_bottom, band_ranges[k + 1][0] if k + 1 < len(bands) else math.inf)
        empty = _blank_rows(texts, used, [row_y[i] for i in band], span, area, line_h, pitch)
        slots: list[tuple[float, list[_B], list[_B]]] = sorted(
            [(row_y[i], rows[i], []) for i in band]
            + [((min(t.y0 for t in ln) + max(t.y1 for t in ln)) / 2, [], ln) for ln in empty], key=lambda r: r[0])
        top = min(top, min(s[0] for s in slots) - 0.5 * line_h)
        bottom = max(bottom, max(s[0] for s in slots) + 0.5 * line_h)
        band_ranges[k] = (top, bottom)
        # labels of each row: text left of the values, nearest row by y (an empty row's lines are its own)
        band_labels: list[list[_B]] = [list(s[2]) for s in slots]
        used.update(id(t) for s in slots for t in s[2])
        for t in texts:
            if id(t) in used or not _in_labels(t, area) or _ARTICLE.match(t.text) or id(t) in titles:
                continue  # a block heading of table 二 below a one-column block is no label
            if not (top - 0.6 * pitch <= t.cy <= bottom + 0.6 * pitch):
                continue
            i = min(range(len(slots)), key=lambda i: abs(slots[i][0] - t.cy))
            band_labels[i].append(t)
            used.add(id(t))
        # group-label cells spanning rows: an x-group of boxes spanning several rows
        for i, (_, values_i, label_line) in enumerate(slots):
            cells: list[tuple[str, list[_B], bool]] = []
            for g in _x_groups(band_labels[i]):
                cells.append((_join_vertical(g), g, False))
            vals: list[tuple[str, list[_B], bool]] = [("", [], True) for _ in col_x]
            for b in values_i:
                j = min(range(len(col_x)), key=lambda j: abs(col_x[j][2] - b.cx))
                if vals[j][1]:  # two boxes in one column: keep both texts in x order
                    merged = sorted(vals[j][1] + [b], key=lambda q: q.x0)
                    vals[j] = ("".join(q.text for q in merged), merged, True)
                else:
                    vals[j] = (b.text, [b], True)
            # an empty row's cells lie beside its label and the label's wrapped lines under it
            ink = values_i or label_line
            y0, y1 = min(b.y0 for b in ink), max(b.y1 for b in ink)
            for j, (text, parts, _) in enumerate(vals):
                if not parts:
                    blank_rects[(len(grid_rows), len(cells) + j)] = (col_x[j][0], y0, col_x[j][1], y1)
            grid_rows.append(cells + vals)
        element = f"{prov.element or 'image'} table {t_index}"
        t_index += 1
        tprov = Provenance(prov.source, page=prov.page, element=element,
                           bbox=_union([b for i in band for b in rows[i]]))
        readings = _reread(blank_rects, angle, reread) if reread is not None else {}
        for (r, c), (text, _) in readings.items():
            if text:
                grid_rows[r][c] = (text, [], True)
        cells_grid: list[list[Cell]] = []
        for r, row in enumerate(grid_rows):
            cells_grid.append([Cell(text, r, c, original=text) for c, (text, _, _) in enumerate(row)])
            if r >= header_rows:
                for c, (text, parts, is_val) in enumerate(row):
                    if parts:
                        result.cells[(element, r, c)] = OcrCell(text, _union(parts), min(p.box.score for p in parts))
                    elif (r, c) in blank_rects:  # no box here: a blank, or a digit detection lost
                        text, score = readings.get((r, c), ("", BLANK_SCORE))
                        result.cells[(element, r, c)] = OcrCell(text, _unstraighten(blank_rects[(r, c)], angle),
                                                                score)
        pieces.append((top, Table(cells_grid, tprov), None))
        result.columns = col_x
    for t in texts:
        if id(t) not in used:
            pieces.append((t.cy, Paragraph(t.text, Provenance(prov.source, page=prov.page, element=prov.element,
                                                              bbox=t.box.bbox), original=t.text), None))
    pieces.sort(key=lambda p: p[0])
    # consecutive paragraph fragments on one line join (a title OCR'd in two boxes)
    result.blocks = [p[1] for p in pieces]
    return result
