"""Plain-text and markdown dumps of reports (Word → text, PDF → markdown, archived page text).

These table layouts occur in such dumps and become `Table` blocks:
- pipe rows, with or without outer pipes ('| 规章 | 22 | 235 |', '规章 | 22 | 235 |', '规章 | 22', '规章｜22｜'),
  with '<p>'/'<br>' inside cells, as markdown converters and web-page text renderers print them;
- rendered tables with one cell per line ('规章 |'), where a lone '|' line opens each row;
  cells printed as '| 58' or '58 |' lines without row openers (or separated by lone '|' lines) stay
  one paragraph per cell;
- tab-separated rows, and Word exports with one cell per tab-indented line and rows separated by
  blank lines (a cell that wraps continues on the next, unindented line);
- everything else stays a paragraph per line: cells run together, separated by spaces or printed
  one per line are read later by the standard-table reader, which knows the labels.
Rows are never completed here: a row cut short keeps only the cells printed.
A header block of 'key: value' lines before a '==== 正文 ====' rule gives title and date.
"""

from __future__ import annotations

import hashlib
import re

from extractors.document import Block, Document, Paragraph, Provenance, table_from_texts
from extractors.encoding import decode_markup_or_text

_PIPE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TAG = re.compile(r"<\s*/?\s*(p|br|div|span)\b[^>]*>", re.IGNORECASE)
_PAGE_FOOTER = re.compile(r"^\s*[—\-－]\s*\d+\s*[—\-－]\s*$|^\s*第\s*\d+\s*页(\s*共\s*\d+\s*页)?\s*$")
_HEADER_FIELD = re.compile(r"^(标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|来源|索引号)\s*[:：]\s*(.*)$")
_CELL_LINE = re.compile(r"^\t+[^\t]*$")
_BODY_RULE = re.compile(r"^=+\s*正文\s*=+$")
_VALUE_CELL = re.compile(r"^\s*(?:[+\-－]?\d[\d,.]*\s*(?:万元|元)?|[/／\-－—]|无)\s*$")


def read(data: bytes, source: str) -> Document:
    text, _encoding = decode_markup_or_text(data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fmt = "markdown" if source.lower().endswith((".md", ".markdown")) else "text"
    doc = Document(source, hashlib.sha256(data).hexdigest(), fmt)
    start = _read_header(lines, doc)
    doc.blocks = list(_blocks(lines, start, source))
    return doc


def _read_header(lines: list[str], doc: Document) -> int:
    """Consume the archiver's header fields ('标题: …', '发布时间: …') up to the '正文' rule; keep the title."""
    for i, line in enumerate(lines[:30]):
        if _BODY_RULE.match(line.strip()):
            for h in lines[:i]:
                m = _HEADER_FIELD.match(h.strip())
                if m and m.group(1) == "标题":
                    doc.title = m.group(2).strip() or None
            return i + 1
    return 0


def _cell_text(cell: str) -> str:
    return _TAG.sub("", cell).strip()


def _blocks(lines: list[str], start: int, source: str) -> list[Block]:
    out: list[Block] = []
    i = start
    n = len(lines)
    barred = [line.replace("｜", "|") for line in lines]  # full-width bars separate cells too
    while i < n:
        line = lines[i]
        if "|" in barred[i]:
            j = i
            while j < n and ("|" in barred[j] or _wrapped_cell(barred, j) or _last_cell(barred, i, j)):
                j += 1
            if _cells_without_rows(barred[i:j]):
                cells = ((k, _cell_text(barred[k].strip().strip("|"))) for k in range(i, j))
                out.extend(Paragraph(c, Provenance(source, element=f"line {k + 1}")) for k, c in cells if c)
                i = j
                continue
            rows = _pipe_rows(barred[i:j])
            if rows is not None:
                out.append(table_from_texts(rows, Provenance(source, element=f"lines {i + 1}-{j}")))
                i = j
                continue
        if _is_tsv_row(line):
            j = i
            rows = []
            while j < n and (_is_tsv_row(lines[j]) or (not lines[j].strip() and j + 1 < n and _is_tsv_row(lines[j + 1]))):
                if lines[j].strip():
                    rows.append([_cell_text(c) for c in lines[j].rstrip("\n").split("\t")])
                j += 1
            out.append(table_from_texts(rows, Provenance(source, element=f"lines {i + 1}-{j}")))
            i = j
            continue
        if _CELL_LINE.match(line) and _tab_table_ahead(lines, i):
            j, rows = _read_tab_table(lines, i)
            out.append(table_from_texts(rows, Provenance(source, element=f"lines {i + 1}-{j}")))
            i = j
            continue
        stripped = _cell_text(line) if "<" in line else line.strip()
        if stripped:
            kind = "chrome" if _PAGE_FOOTER.match(stripped) else "body"
            out.append(Paragraph(stripped, Provenance(source, element=f"line {i + 1}"), kind=kind))
        i += 1
    return out


def _cells_without_rows(block: list[str]) -> bool:
    """Lines of one cell each ('| 58', '58 |', a lone '|') with no row openers: a renderer's one-cell-
    per-line table whose row boundaries are lost; its cells become paragraphs, read in order by
    labels like any one-cell-per-line dump. A lone '|' before 'cell |' lines opens rows instead."""
    lines = [line.strip() for line in block]
    if not all(s.count("|") == 1 and (s.startswith("|") or s.endswith("|")) for s in lines):
        return False
    return not ("|" in lines[:3] and any(s.endswith("|") and s != "|" for s in lines))


def _wrapped_cell(lines: list[str], j: int) -> bool:
    """A short line without a pipe inside a one-cell-per-line table: the first part of a cell
    ('本年新' then '制作数量 |') whose text wrapped, between a pipe line and that cell's last line."""
    if not (0 < j < len(lines) - 1) or "|" not in lines[j - 1] or "|" in lines[j]:
        return False
    text, nxt = lines[j].strip(), lines[j + 1].strip()
    return bool(text) and len(text) <= 12 and nxt.endswith("|") and nxt != "|" and nxt.count("|") == 1 \
        and any(line.strip() == "|" for line in lines[max(0, j - 12):j])


def _last_cell(lines: list[str], i: int, j: int) -> bool:
    """The file's last line, a cell of the one-cell-per-line table above whose '|' was cut off."""
    return j == len(lines) - 1 and j > i and bool(lines[j].strip()) and "|" in lines[j - 1] \
        and any(line.strip() == "|" for line in lines[i:i + 3])


def _pipe_rows(block: list[str]) -> list[list[str | None]] | None:
    """Rows of a block of lines holding '|', or None when the block is prose that contains a '|'
    (a breadcrumb 'a | b | c'): a table has a line with an outer pipe, or a row of values."""
    if any(line.strip() == "|" for line in block[:3]):
        return _cell_per_line_rows(block)
    rows = [[_cell_text(c) for c in line.strip().strip("|").split("|")]
            for line in block if not _PIPE_SEP.match(line.strip())]
    outer = any(line.strip().startswith("|") or line.strip().endswith("|") for line in block)
    return rows if outer or any(_is_value_row(r) for r in rows) else None


def _is_value_row(row: list[str | None]) -> bool:
    """'规章 | 0 | 0 | 0': a label followed only by value cells."""
    values = [c for c in row[1:] if c]
    return bool(values) and all(_VALUE_CELL.match(c) for c in values)


def _cell_per_line_rows(block: list[str]) -> list[list[str | None]]:
    """'|' alone on a line opens a row; every other line is one cell ('规章 |'), '|||' empty cells,
    and a line without a pipe is the first part of the next cell (or, last, a cell cut short)."""
    rows: list[list[str | None]] = []
    pending = ""
    for line in block:
        s = line.strip()
        if s == "|":
            rows.append([])
            continue
        if "|" not in s:
            pending += s
            continue
        if not rows:
            rows.append([])
        cells = s.removesuffix("|").split("|")
        cells[0] = pending + cells[0].strip()
        pending = ""
        rows[-1].extend(_cell_text(c) for c in cells)
    if pending and rows:
        rows[-1].append(_cell_text(pending))
    return [r for r in rows if r]


def _is_tsv_row(line: str) -> bool:
    """A row of tab-separated cells on one line (a cell followed by a tab and more text)."""
    return "\t" in line and sum(1 for part in line.split("\t") if part.strip()) >= 2


def _tab_table_ahead(lines: list[str], i: int) -> bool:
    """A Word cell dump: several tab-indented lines close together."""
    window = lines[i:i + 12]
    return sum(1 for w in window if _CELL_LINE.match(w)) >= 4


def _read_tab_table(lines: list[str], i: int) -> tuple[int, list[list[str | None]]]:
    """Rows of tab-indented cells separated by blank lines; ends at unindented text after a blank."""
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    prev_blank = False
    j = i
    while j < len(lines):
        line = lines[j]
        if _CELL_LINE.match(line):
            row.append(line.strip())
            prev_blank = False
        elif not line.strip():
            if row:
                rows.append(row)
                row = []
            if prev_blank and j + 1 < len(lines) and not _CELL_LINE.match(lines[j + 1]) and lines[j + 1].strip():
                break
            prev_blank = True
        elif row and not prev_blank:
            row[-1] = (row[-1] or "") + line.strip()  # a cell that wrapped onto the next line
        else:
            break
        j += 1
    if row:
        rows.append(row)
    return j, rows
