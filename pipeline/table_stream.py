"""Linearise a document into a stream of label and value items, whatever its format.

The standard tables reach us as real grids (HTML, DOCX, PDF), as one-cell-per-line dumps, as
markdown pipe tables broken across lines, or as page text with every cell run together
('规范性文件898989第二十条…'). Reading them all as "labels followed by values, in order" lets
one reader (`standard_tables.py`) handle every layout: grid rows give one value per cell;
paragraphs give runs between recognised labels, which the reader splits when it must. A label
printed over two lines of a one-cell-per-line dump is joined first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from extractors.document import Document, Paragraph, Provenance, Table
from normalizers.labels import LabelMatch, label_pattern, match_label
from normalizers.spec import load_spec
from normalizers.values import parse_value

ALL_TABLES = tuple(load_spec().tables)
# A run of cell values: digits, signs, decimals, '/', '-', units of money, spaces.
_RUN = re.compile(r"^[\s\d.,，+\-－/—()（）%元万亿]*$")
_HAS_DIGIT = re.compile(r"\d")
_SECTION_ENUM = re.compile(r"[一二三四五六七八九十]、\s*$")
_TRAILING_ENUM = re.compile(r"[一二三四五六七八九十]+、\s*$")
_BARS = re.compile(r"[|｜]")
_ANNOTATION = re.compile(r"[（(][^（()）]*[)）]\s*$")


@dataclass
class Item:
    kind: Literal["label", "value", "run", "text"]
    text: str
    provenance: Provenance
    match: LabelMatch | None = None
    row_id: tuple[int, int] | None = None  # (block, grid row) for grid items
    heading_like: bool = False  # a short line or a label preceded by a section enumerator

    @property
    def in_grid(self) -> bool:
        return self.row_id is not None


def stream(doc: Document) -> Iterator[Item]:
    blocks = doc.blocks
    skip = -1
    for b, block in enumerate(blocks):
        if b == skip:
            continue
        if isinstance(block, Table):
            yield from _grid_items(block, b)
        elif isinstance(block, Paragraph) and block.kind != "chrome":
            nxt = blocks[b + 1] if b + 1 < len(blocks) else None
            joined = _wrapped_label(block, nxt) if isinstance(nxt, Paragraph) else None
            if joined is not None:
                skip = b + 1
                yield joined
            else:
                yield from _paragraph_items(block)


def _wrapped_label(p: Paragraph, nxt: Paragraph) -> Item | None:
    """A header cell printed over two lines of a one-cell-per-line dump ('本年新' / '制作数量'):
    neither line is a label, both together are one."""
    a, b = p.text.strip(), nxt.text.strip()
    if not a or not b or len(a) > 12 or len(b) > 12 or nxt.kind == "chrome" or _HAS_DIGIT.search(a + b):
        return None
    if match_label(a) is not None or match_label(b) is not None:
        return None
    m = match_label(a + b)
    if m is None or m.role not in ("column", "row") or m.score < 1.0:
        return None
    return Item("label", a + b, p.provenance, m, heading_like=True)


@lru_cache(maxsize=8192)
def _kind(text: str) -> str:
    """Value kind of a cell text; cached because every grid cell is classified several times."""
    return parse_value(text).kind


def _is_value_text(text: str) -> bool:
    return _kind(text) in ("number", "blank", "na", "approx")


def _is_number_text(text: str) -> bool:
    return _kind(text) in ("number", "approx")


def _first_value_col(table: Table) -> int:
    """The leftmost column holding a number in any row, or headed by a column label (beyond the
    first column): cells left of it are labels.

    Value cells are positional (a blank cell in a value column is a blank value), so the
    boundary is taken from the whole grid, not row by row; a column whose cells are all blank or
    '/' is still a value column when a column header stands above it.
    """
    firsts = [next((c for c, cell in enumerate(row) if cell.text and _is_number_text(cell.text)), None)
              for row in table.rows]
    heads = [next((c for c, cell in enumerate(row) if c and cell.text and _is_column_label(cell.text)), None)
             for row in table.rows]
    return min((c for c in firsts + heads if c is not None), default=table.n_cols)


def _is_column_label(text: str) -> bool:
    m = match_label(text)
    return m is not None and m.role == "column"


def _grid_items(table: Table, b: int) -> Iterator[Item]:
    first_value = _first_value_col(table)
    for r, row in enumerate(table.rows):
        seen: set[str] = set()
        labels: list[Item] = []
        values: list[Item] = []
        last_label = max((c for c, cell in enumerate(row) if cell.text and not _is_value_text(cell.text)), default=-1)
        for c, cell in enumerate(row):
            prov = table.provenance.at_cell(r, c)
            if cell.text and not _is_value_text(cell.text):
                if cell.text not in seen:
                    seen.add(cell.text)
                    labels.append(_label_or_text(cell.text, prov, (b, r), heading_like=True))
            elif c >= first_value and c > last_label and not cell.spanned:
                values.append(Item("value", cell.text, prov, row_id=(b, r)))
        yield from labels
        # header rows have empty cells under merged headings: they are not blank values
        has_row_label = any(i.match is not None and i.match.role == "row" and i.match.table != "review_litigation"
                            for i in labels)
        if has_row_label or any(_is_number_text(v.text) for v in values):
            yield from values


def _label_or_text(text: str, prov: Provenance, row_id: tuple[int, int] | None, heading_like: bool) -> Item:
    m = match_label(text)
    bare = _ANNOTATION.sub("", text).strip()
    if m is None and len(bare) >= 2 and bare != text:
        # a label with the template's filling note after it: '规章(设区的市…应提供相关数据)'
        m = match_label(bare)
        text = bare if m is not None else text
    if m is None:
        return Item("text", text, prov, row_id=row_id)
    return Item("label", text, prov, m, row_id=row_id, heading_like=heading_like)


def _paragraph_items(p: Paragraph) -> Iterator[Item]:
    """Split a paragraph at every known label; what lies between labels is a run or text."""
    text = p.text
    pos = 0
    for m in label_pattern(ALL_TABLES).finditer(text):
        if m.start() > pos:
            yield _between(text[pos:m.start()], p.provenance)
        lm = match_label(m.group(0))
        if lm is not None:
            heading = bool(_SECTION_ENUM.search(text[max(0, m.start() - 3):m.start()])) or \
                len(m.group(0)) >= 0.6 * len(text.strip())
            yield Item("label", m.group(0), p.provenance, lm, heading_like=heading)
        pos = m.end()
    if pos < len(text):
        yield _between(text[pos:], p.provenance)


def _between(segment: str, prov: Provenance) -> Item:
    # '…0 0 0 四、': the next section's number; '| 0 | 0 |': a pipe row kept as a paragraph (web pages)
    s = _TRAILING_ENUM.sub("", _BARS.sub(" ", segment)).strip()
    if s and _RUN.match(s) and _HAS_DIGIT.search(s):
        return Item("run", s, prov)
    if s and _is_value_text(s):
        return Item("run", s, prov)
    return Item("text", segment, prov)
