"""OCR text boxes → table blocks (grids of cell texts) that the standard-table reader reads.

The page is straightened by the boxes' own angle (`extractors.ocr.layout`), then:

- value boxes (numbers, '/', '-', '无') are grouped into rows by their straightened y;
- consecutive value rows form a band (one printed table, or one block of table 二) unless a
  header line (text right of the labels) sits between them; each band gets its own value
  columns, clustered from the x of its values, so two tables on one page do not mix columns;
- text left of the first value column is the row label; text boxes overlapping in x are one
  label cell (wrapped labels), so merged group labels (a vertical '三、本年度办理结果', a
  '（三）不予公开' spanning eight rows) become cells of their own instead of polluting the row
  label;
- header text above a band is placed over its value column (wrapped headers '商业企' + '业'
  join), header text spanning several columns is a row of its own (`extractors.ocr.labels`);
- a row label with no value beside it is a row of empty cells, and a column label of the header
  over no value is a column of empty cells (reports that print 0 as an empty cell), so that no
  row lends its label to a neighbour and no value moves to the next column;
- other lines (titles such as '三、收到和处理政府信息公开申请情况') are paragraphs.

Which texts are row labels, column labels or titles the caller says (`RoleOf`). Every value
cell keeps its box (image pixels), OCR score and text in `OcrCell`, keyed by its grid position,
so the pipeline can give each fact its box and confidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from extractors.document import Block, Cell, Paragraph, Provenance, Table
from extractors.ocr.cells import UNREADABLE_SCORE, CellReader
from extractors.ocr.engine import OcrBox
from extractors.ocr.labels import (
    ARTICLE,
    GridCell,
    Page,
    RoleOf,
    blank_rows,
    header_zone,
    in_label_area,
    label_x1,
    read_header,
)
from extractors.ocr.layout import (
    VALUE,
    Column,
    Placed,
    Rect,
    clean_text,
    cluster_1d,
    continued_columns,
    join_vertical,
    nearest_column,
    skew_angle,
    straighten,
    union,
    unstraighten,
    value_columns,
    x_groups,
    y_overlap,
)

BLANK_SCORE = 0.9  # a cell where OCR read nothing: blank as printed, or a lone digit lost (check it)
_LONE_STROKES = {"一", "l", "I", "|", "丨", "—", "－"}

Slot = tuple[float, list[Placed], list[Placed]]  # a row's y, its values, its own label lines (a blank row)


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
    columns: list[Column] = field(default_factory=list)  # the last table's (x0, x1, cx)


@dataclass
class _Band:
    """Consecutive value rows (one printed table) and the grid read from them so far."""

    rows: list[list[Placed]]
    row_y: list[float]
    top: float
    bottom: float
    pitch: float  # the rows' typical spacing
    col_x: list[Column]
    label_right: float  # row labels lie left of this
    lab_x1: float  # right edge of the row labels beside values
    grid: list[list[GridCell]] = field(default_factory=list)
    header_rows: int = 0
    blank_rects: dict[tuple[int, int], Rect] = field(default_factory=dict)  # (row, col) of empty value cells

    @property
    def values(self) -> list[Placed]:
        return [b for r in self.rows for b in r]


def _settle_values(bs: list[Placed]) -> None:
    """Correct the value marks the text alone gave."""
    # values sit right of their row label: a 'value' with text to its right on its line is a
    # character of a label read as a digit (the '、' of a vertical '三、本年度…' read as '1')
    for b in bs:
        if b.is_value and any(not t.is_value and len(t.text) >= 2 and t.x0 > b.x1 and y_overlap(t, b)
                              for t in bs):
            b.is_value = False
    # a lone stroke where a number stands ('1' read as '一', 'l', '|'): a value the OCR is unsure of,
    # kept as read with a low score so that the identities decide or the cell is flagged
    for b in bs:
        if not b.is_value and b.text in _LONE_STROKES and any(
                v.is_value and y_overlap(v, b) and v.x1 < b.x0 for v in bs):
            b.is_value = True
            b.box = OcrBox(b.box.quad, b.text, min(b.box.score, 0.5))


def _split_bands(page: Page, rows: list[list[Placed]], row_y: list[float]) -> list[list[int]]:
    """Value rows (indices) grouped into bands: split where a text line lies between two value rows
    right of the label area, or where a wide gap holds no row label."""
    if not rows:
        return []
    line_h, texts = page.line_h, page.texts
    gaps = [y - y_prev for y_prev, y in pairwise(row_y)]
    typical = median(gaps) if gaps else 0.0
    bands = [[0]]
    for i in range(1, len(rows)):
        y_prev, y = row_y[i - 1], row_y[i]
        left_edge = min(b.x0 for b in rows[i - 1] + rows[i])
        between = [t for t in texts if y_prev + 0.5 * line_h < t.cy < y - 0.5 * line_h
                   and (t.cx > left_edge or ARTICLE.match(t.text) or id(t) in page.titles)]
        # a wide gap splits two tables, unless row labels fill it (rows printed with every cell empty)
        if between or y - y_prev > 3.5 * typical and not any(
                y_prev + 0.5 * line_h < t.cy < y - 0.5 * line_h and t.cx < left_edge and page.is_row_label(t.text)
                for t in texts):
            bands.append([i])
        else:
            bands[-1].append(i)
    return bands


def _band(page: Page, rows: list[list[Placed]], row_y: list[float], extent: tuple[float, float]) -> _Band:
    """A band with the columns of its values and the right edge of its row labels."""
    line_h = page.line_h
    values = [b for r in rows for b in r]
    col_x = value_columns(values, line_h)
    pitch = median([b - a for a, b in pairwise(row_y)]) if len(rows) > 1 else 2.5 * line_h
    return _Band(rows, row_y, extent[0], extent[1], pitch, col_x, col_x[0][0] - 0.3 * line_h,
                 label_x1(page.texts, values, col_x[0][0]))


def _add_header(page: Page, band: _Band, prev_bottom: float, carried: list[Column] | None) -> None:
    """The header rows over the band, then the rows its header zone labels with every cell blank.

    `carried`: the columns of the previous picture's last table, for a band with nothing right of
    the labels above it (a table continued without its header)."""
    header = header_zone(page, band.top, prev_bottom, band.pitch)
    if carried and not any(t.cx > band.label_right for t in header):
        band.col_x = continued_columns(band.col_x, carried)
        band.label_right = min(band.label_right, band.col_x[0][0] - 0.3 * page.line_h)
    if not header:
        return
    head = read_header(page, header, band.lab_x1, band.label_right, band.col_x)
    band.grid.extend(head.rows)
    band.col_x, band.label_right, band.header_rows = head.col_x, head.label_right, len(band.grid)
    for t in head.blank_labels:
        for j, c in enumerate(band.col_x):
            band.blank_rects[(len(band.grid), 1 + j)] = (c[0], t.y0, c[1], t.y1)
        band.grid.append([(t.text, [t], False)] + [("", [], True) for _ in band.col_x])


def _slots(page: Page, band: _Band, span: tuple[float, float], area: tuple[float, float]) -> list[Slot]:
    """The value rows and the row labels whose cells are all empty, top to bottom; the band grows
    to hold them."""
    empty = blank_rows(page, band.row_y, span, area, band.pitch)
    slots: list[Slot] = sorted(
        [(y, r, []) for y, r in zip(band.row_y, band.rows, strict=True)]
        + [((min(t.y0 for t in ln) + max(t.y1 for t in ln)) / 2, [], ln) for ln in empty], key=lambda r: r[0])
    band.top = min(band.top, min(s[0] for s in slots) - 0.5 * page.line_h)
    band.bottom = max(band.bottom, max(s[0] for s in slots) + 0.5 * page.line_h)
    return slots


def _row_labels(page: Page, band: _Band, slots: list[Slot], area: tuple[float, float]) -> list[list[Placed]]:
    """The label boxes of each slot: text left of the values, nearest row by y (an empty row's
    lines are its own)."""
    labels: list[list[Placed]] = [list(s[2]) for s in slots]
    page.used.update(id(t) for s in slots for t in s[2])
    for t in page.texts:
        if id(t) in page.used or not in_label_area(t, area) or ARTICLE.match(t.text) or id(t) in page.titles:
            continue  # a block heading of table 二 below a one-column block is no label
        if not (band.top - 0.6 * band.pitch <= t.cy <= band.bottom + 0.6 * band.pitch):
            continue
        i = min(range(len(slots)), key=lambda i: abs(slots[i][0] - t.cy))
        labels[i].append(t)
        page.used.add(id(t))
    return labels


def _value_cells(band: _Band, values: list[Placed]) -> list[GridCell]:
    """A row's value cells, one per column (two boxes in one column: both texts in x order)."""
    vals: list[GridCell] = [("", [], True) for _ in band.col_x]
    for b in values:
        j = nearest_column(band.col_x, b.cx)
        if vals[j][1]:
            merged = sorted(vals[j][1] + [b], key=lambda q: q.x0)
            vals[j] = ("".join(q.text for q in merged), merged, True)
        else:
            vals[j] = (b.text, [b], True)
    return vals


def _add_body(page: Page, band: _Band, span: tuple[float, float]) -> None:
    """The band's rows: label cells (group labels spanning rows are cells of their own), then values."""
    # a label may reach the values' column (a long （二）部分公开（区分处理的… line)
    area = (band.label_right, max(band.lab_x1 + 1.5 * page.line_h, band.col_x[0][0]))
    slots = _slots(page, band, span, area)
    for (_, values, label_lines), labels in zip(slots, _row_labels(page, band, slots, area), strict=True):
        cells: list[GridCell] = [(join_vertical(g), g, False) for g in x_groups(labels)]
        vals = _value_cells(band, values)
        # an empty row's cells lie beside its label and the label's wrapped lines under it
        ink = values or label_lines
        y0, y1 = min(b.y0 for b in ink), max(b.y1 for b in ink)
        for j, (_, parts, _) in enumerate(vals):
            if not parts:
                band.blank_rects[(len(band.grid), len(cells) + j)] = (band.col_x[j][0], y0, band.col_x[j][1], y1)
        band.grid.append(cells + vals)


def _reread(blank_rects: dict[tuple[int, int], Rect], angle: float,
            reread: CellReader) -> dict[tuple[int, int], tuple[str, float]]:
    """(row, col) → (text, score) of the empty cells looked at again in the picture; text is a
    value, a lone stroke (kept with a low score for the identities) or '' (blank)."""
    out = {}
    for rc, rect in blank_rects.items():
        text, score = reread(unstraighten(rect, angle))
        text = clean_text(text)
        if text in _LONE_STROKES:
            score = min(score, 0.5)
        elif text and not VALUE.match(text):
            text, score = "", UNREADABLE_SCORE
        out[rc] = (text, score)
    return out


def _table(band: _Band, prov: Provenance, angle: float, reread: CellReader | None,
           cells: dict[tuple[str, int, int], OcrCell]) -> Table:
    """The band's grid as a table (`prov.element` names it); its value cells go into `cells`."""
    element = prov.element or ""
    readings = _reread(band.blank_rects, angle, reread) if reread is not None else {}
    for (r, c), (text, _) in readings.items():
        if text:
            band.grid[r][c] = (text, [], True)
    grid: list[list[Cell]] = []
    for r, row in enumerate(band.grid):
        grid.append([Cell(text, r, c, original=text) for c, (text, _, _) in enumerate(row)])
        if r < band.header_rows:
            continue
        for c, (text, parts, _) in enumerate(row):
            if parts:
                cells[(element, r, c)] = OcrCell(text, union(parts), min(p.box.score for p in parts))
            elif (r, c) in band.blank_rects:  # no box here: a blank, or a digit detection lost
                text, score = readings.get((r, c), ("", BLANK_SCORE))
                cells[(element, r, c)] = OcrCell(text, unstraighten(band.blank_rects[(r, c)], angle), score)
    return Table(grid, prov)


def build_blocks(boxes: list[OcrBox], prov: Provenance, label_role: RoleOf, first_table: int = 1,
                 reread: CellReader | None = None, columns: list[Column] | None = None) -> OcrBlocks:
    """Paragraphs and tables of one image from its OCR boxes (`prov`: the image's provenance);
    `label_role` says what a printed text is (see `extractors.ocr.labels`); `reread` looks again
    at value cells where no box was found (see `extractors.ocr.cells`); `columns` are those of the
    table the previous picture ended with (`OcrBlocks.columns`), for a table continued on this one
    without its header."""
    angle = skew_angle(boxes)
    bs = straighten(boxes, angle)
    result = OcrBlocks([], angle=angle)
    if not bs:
        return result
    line_h = median(b.h for b in bs)
    _settle_values(bs)
    rows = cluster_1d([b for b in bs if b.is_value], lambda b: b.cy, 0.6 * line_h)
    row_y = [sum(b.cy for b in r) / len(r) for r in rows]
    texts = [b for b in bs if not b.is_value]
    page = Page(texts, line_h, label_role, {id(t) for t in texts if label_role(t.text) in ("table", "end")})
    bands = _split_bands(page, rows, row_y)
    extents = [(min(b.y0 for i in band for b in rows[i]), max(b.y1 for i in band for b in rows[i]))
               for band in bands]
    pieces: list[tuple[float, Block]] = []  # (y, block), sorted into reading order
    for k, idx in enumerate(bands):
        prev_bottom = extents[k - 1][1] if k else -1e9
        next_top = extents[k + 1][0] if k + 1 < len(bands) else math.inf
        band = _band(page, [rows[i] for i in idx], [row_y[i] for i in idx], extents[k])
        _add_header(page, band, prev_bottom, columns if k == 0 else None)
        _add_body(page, band, (prev_bottom, next_top))
        extents[k] = (band.top, band.bottom)
        tprov = Provenance(prov.source, page=prov.page, element=f"{prov.element or 'image'} table {first_table + k}",
                           bbox=union(band.values))
        pieces.append((band.top, _table(band, tprov, angle, reread, result.cells)))
        result.columns = band.col_x
    for t in texts:
        if id(t) not in page.used:
            pieces.append((t.cy, Paragraph(t.text, Provenance(prov.source, page=prov.page, element=prov.element,
                                                              bbox=t.box.bbox), original=t.text)))
    pieces.sort(key=lambda p: p[0])
    result.blocks = [p[1] for p in pieces]
    return result
