"""Pre-2019 statistics tables (政府信息公开情况统计表) read from the document model.

Before the 2019 template, reports closed with a home-made 统计表: 指标名称 | 计量单位 | one value
column per period ('2012年度', '历年累计', '本年度', '上年'). It reaches us as a real grid (HTML,
DOCX, PDF table blocks) or flattened into page text with spaces ('指标名称 计量单位 2012年度 历年累计
主动公开信息数 条 739 4359 其中：1、网站公开 条 739 4359 …'). Both give `Pre2019Table`s whose
cells keep their column header and its kind, so a 历年累计 running total is never taken for the
year's figure. Values go through `parse_value` (blank, 0, '/', '1800余' stay distinct); each row
gets the harmonised metric its label maps to (`pipeline.pre2019_labels`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.document import Document, Paragraph, Provenance, Table
from normalizers.values import parse_value
from pipeline.pre2019_labels import (
    COLUMN_KINDS,
    COLUMN_YEAR_RE,
    HEADER_LABEL_RE,
    HEADER_UNIT_RE,
    LABEL_LEAD_RE,
    OUTCOME_PARENTS,
    ROW_METRICS,
    UNIT_IN_LABEL_RE,
    UNITS,
)
from pipeline.record import ColumnKind, Pre2019Cell, Pre2019Row, Pre2019Table

# A grid counts as a pre-2019 table when this many of its rows map to a harmonised metric.
MIN_MAPPED_ROWS = 3
_TEXT_HEADER_RE = re.compile(r"(?:指标名称|统计指标)\s+")
_TITLE_RE = re.compile(r"([^\s。；:：]{0,40}统计表)\s*$")
_VALUE_KINDS = ("number", "approx", "na", "blank")
# A label in page text is at most this many space-separated tokens (else it is prose).
_MAX_LABEL_TOKENS = 4


def find_pre2019_tables(doc: Document, year: int | None) -> list[Pre2019Table]:
    """Every pre-2019 statistics table of `doc`, grids and page text, in reading order."""
    out: list[Pre2019Table] = []
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            t = _from_grid(block, year, _title_before(doc, i))
            if t is not None:
                out.append(t)
        elif isinstance(block, Paragraph) and block.kind != "chrome":
            out.extend(_from_text(doc, i, block, year))
    return out


def column_kind(header: str, year: int | None) -> ColumnKind:
    """'year' | 'cumulative' | 'previous' | 'other' for a printed value-column header."""
    h = re.sub(r"\s+", "", header)
    m = COLUMN_YEAR_RE.match(h)
    if m:
        y = int(m.group(1))
        if year is not None and y == year:
            return "year"
        return "previous" if year is not None and y == year - 1 else "other"
    return next((kind for kind, pattern in COLUMN_KINDS if pattern.search(h)), "other")


def _is_column_header(token: str) -> bool:
    return bool(COLUMN_YEAR_RE.match(token)) or any(p.search(token) for _, p in COLUMN_KINDS)


def row_metric(label: str, parent: str | None) -> tuple[str | None, str | None]:
    """The harmonised metric of a row label, and the 复议/诉讼 parent for the rows below it."""
    core = UNIT_IN_LABEL_RE.sub("", LABEL_LEAD_RE.sub("", label)).strip()
    for metric, pattern in ROW_METRICS:
        if not pattern.search(core):
            continue
        if metric is None:
            return None, parent
        if metric.startswith("outcome_"):
            if parent is None:
                continue
            return f"{parent}_{metric.removeprefix('outcome_')}", parent
        return metric, OUTCOME_PARENTS.get(metric)
    return None, parent


def _label_unit(label: str, unit: str | None) -> str | None:
    if unit:
        return unit
    m = UNIT_IN_LABEL_RE.search(label)
    return m.group(1) if m else None


def _title_before(doc: Document, i: int) -> str | None:
    for block in reversed(doc.blocks[max(0, i - 3):i]):
        if isinstance(block, Paragraph):
            m = _TITLE_RE.search(block.text.strip())
            if m:
                return m.group(1)
    return None


# ------------------------------------------------------------------ grids


@dataclass
class _GridLayout:
    header_row: int
    label_col: int
    unit_col: int | None
    value_cols: list[tuple[int, str]]


def _grid_layout(table: Table) -> _GridLayout | None:
    for r, row in enumerate(table.rows[:4]):
        texts = [re.sub(r"\s+", "", c.text) for c in row]
        label_col = next((c for c, t in enumerate(texts) if HEADER_LABEL_RE.match(t)), None)
        if label_col is None:
            continue
        unit_col = next((c for c, t in enumerate(texts) if HEADER_UNIT_RE.match(t)), None)
        first = max(label_col, unit_col if unit_col is not None else -1) + 1
        cols = [(c, texts[c]) for c in range(first, len(row)) if texts[c] and not row[c].spanned]
        if cols and any(_is_column_header(t) for _, t in cols):
            return _GridLayout(r, label_col, unit_col, cols)
    return None


def _from_grid(table: Table, year: int | None, title: str | None) -> Pre2019Table | None:
    layout = _grid_layout(table)
    if layout is None:
        return None
    rows: list[Pre2019Row] = []
    parent: str | None = None
    label_end = layout.unit_col if layout.unit_col is not None else layout.value_cols[0][0]
    for r in range(layout.header_row + 1, table.n_rows):
        row = table.rows[r]
        parts = list(dict.fromkeys(re.sub(r"\s+", "", row[c].text) for c in range(layout.label_col, label_end)
                                   if c < len(row) and row[c].text.strip()))
        label = "".join(parts)
        if not label:
            continue
        unit = re.sub(r"\s+", "", row[layout.unit_col].text) if layout.unit_col is not None and \
            layout.unit_col < len(row) else None
        cells = [Pre2019Cell(header, column_kind(header, year), parse_value(row[c].text if c < len(row) else ""),
                            table.provenance.at_cell(r, c)) for c, header in layout.value_cols]
        unit = _label_unit(label, unit or None)
        heading = unit is None and all(c.value.kind == "blank" for c in cells)  # '二、依申请公开情况'
        metric, parent = (None, parent) if heading else row_metric(label, parent)
        rows.append(Pre2019Row(label, unit, cells, table.provenance.at_cell(r, layout.label_col), metric))
    if sum(1 for row in rows if row.metric) < MIN_MAPPED_ROWS:
        return None
    return Pre2019Table(title, [h for _, h in layout.value_cols], rows, table.provenance, "grid")


# ------------------------------------------------------------------ page text


@dataclass
class _Tok:
    text: str
    provenance: Provenance


def _tokens_from(doc: Document, i: int, start: int) -> list[_Tok]:
    """Space-separated tokens from `start` of paragraph i on, through the following paragraphs
    (a text dump may give one table row per line) up to the next non-paragraph block."""
    out: list[_Tok] = []
    for j in range(i, len(doc.blocks)):
        block = doc.blocks[j]
        if not isinstance(block, Paragraph):
            break
        text = block.text[start:] if j == i else block.text
        out += [_Tok(t, block.provenance) for t in text.split()]
    return out


def _is_value(token: str) -> bool:
    return parse_value(token).kind in _VALUE_KINDS


def _from_text(doc: Document, i: int, para: Paragraph, year: int | None) -> list[Pre2019Table]:
    """Tables whose header ('指标名称 计量单位 2012年度 历年累计') is in paragraph i of `doc`."""
    out: list[Pre2019Table] = []
    for m in _TEXT_HEADER_RE.finditer(para.text):
        title_m = _TITLE_RE.search(para.text[:m.start()])
        toks = _tokens_from(doc, i, m.end())
        table = _read_text_table(toks, year, title_m.group(1) if title_m else None, para.provenance)
        if table is not None:
            out.append(table)
    return out


def _read_text_table(toks: list[_Tok], year: int | None, title: str | None, prov: Provenance) -> Pre2019Table | None:
    pos = 0
    has_unit = pos < len(toks) and bool(HEADER_UNIT_RE.match(toks[pos].text))
    pos += has_unit
    columns: list[str] = []
    while pos < len(toks) and _is_column_header(toks[pos].text):
        columns.append(toks[pos].text)
        pos += 1
    if not columns:
        return None
    rows: list[Pre2019Row] = []
    parent: str | None = None
    note = None
    while pos < len(toks):
        label_toks: list[_Tok] = []
        while pos < len(toks) and len(label_toks) < _MAX_LABEL_TOKENS and not _is_value(toks[pos].text) \
                and toks[pos].text not in UNITS:
            label_toks.append(toks[pos])
            pos += 1
        if not label_toks:
            break
        unit = None
        if pos < len(toks) and toks[pos].text in UNITS:
            unit = toks[pos].text
            pos += 1
        values = toks[pos:pos + len(columns)]
        if len(values) < len(columns) or not all(_is_value(t.text) for t in values):
            if unit is not None:  # a row that does not fit: say so rather than end the table silently
                label = "".join(t.text for t in label_toks)
                note = (f"statistics table text stops fitting its {len(columns)} columns at '{label} {unit}' "
                        f"({' '.join(t.text for t in values)}): a blank cell lost in conversion? rows from there "
                        "on are not read")
            break
        pos += len(columns)
        label = "".join(t.text for t in label_toks)
        metric, parent = row_metric(label, parent)
        cells = [Pre2019Cell(h, column_kind(h, year), parse_value(t.text), t.provenance) for h, t in zip(columns, values)]
        rows.append(Pre2019Row(label, _label_unit(label, unit), cells, label_toks[0].provenance, metric))
    if not rows and note is None:
        return None
    return Pre2019Table(title, columns, rows, prov, "text", note)
