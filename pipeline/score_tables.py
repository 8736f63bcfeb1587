"""Self-evaluation score tables (自评表 / 考核实施细则 with a 自评分 column): items, scores, total.

The table is read as printed: every row that carries a score becomes a `ScoreItem` (item text,
section, score, weight), the printed 总分 / 合计 is kept as `printed_total`, and nothing is
repaired — the comparison of the printed total with `ScoreTable.sum_of_items` is done elsewhere.
Rows whose score cell is empty (a 加分项 nobody claimed) are not items.

Score tables reach this module in three shapes, all handled by one row reader:

- `Table` blocks (HTML / DOCX / PDF tables, or text dumps turned into tables);
- paragraphs holding one tab-separated row each ('一、…（10%）\\t<p>（一）…（3%）</p>\\t…\\t2');
- paragraphs holding one cell each (a Word table dumped as text: each cell on its own line, led by
  a tab, wrapped cell text continuing on untabbed lines). Row ends are not always visible there, so
  a row is closed by its score cell, which is the last cell of a score-table row.

A table starts at a header row with a 自评分 / 得分 cell and ends at its 总分 / 合计 row (or at
the end of the document); repeated page headers inside it are skipped. The table's year is read
from the heading just above it ('2020年政府信息公开考核实施细则'), else from its 填报时间.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extractors.document import Document, Paragraph, Provenance, Table
from normalizers.text import squash
from normalizers.values import Value, parse_value
from pipeline.record import ScoreItem, ScoreTable

_SCORE_HEADER_RE = re.compile(r"^(?:自评分|自评得分|自评分数|自评分值|自查得分|自查评分|自评|得分|评分|考核得分|实得分)$")
_WEIGHT_HEADER_RE = re.compile(r"^(?:分值|标准分|标准分值|权重|满分|基准分|分数)$")
_HEADER_WORDS_RE = re.compile(
    r"^(?:指标名称|考核指标|评分标准|查验方法|考核内容|考核项目|考核方式|工作任务|具体要求|评估内容|评估指标|一级指标|二级指标|三级指标|"
    r"序号|项目|内容|指标|备注|评分细则|评分办法|扣分说明|扣分原因|自评说明|佐证材料|得分说明)$"
)
_TOTAL_RE = re.compile(r"^(?:总分|合计|总计|得分合计|合计得分|总得分|总分合计|自评总分|自评总得分)[:：]?(?P<v>.*)$")
_SCORE_RE = re.compile(r"^[+]?\d+(?:\.\d+)?分?$")
_ITEM_RE = re.compile(r"^(?:\d+\s*[.．、](?!\d)|[（(]\s*[一二三四五六七八九十]+\s*[）)]|[（(]\d+[）)]|[一二三四五六七八九十]+[.．])")
_SERIAL_RE = re.compile(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})$")
_SECTION_MARK_RE = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_WEIGHT_RE = re.compile(r"[（(]\s*(?P<w>\d+(?:\.\d+)?\s*(?:%|％|分))\s*[）)]")
_TAG_RE = re.compile(r"<\s*/?\s*(?:p|br|div|span|td|tr)\b[^>]*>", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?P<y>(?:19|20)\d{2})年度?(?!\d{1,2}月)")
_FILLED_RE = re.compile(r"(?:填报|填表|自评|报送)(?:时间|日期)[:：]?(?P<y>(?:19|20)\d{2})年")


@dataclass
class _Cell:
    text: str  # tags turned into newlines, stripped
    prov: Provenance


@dataclass
class _Unit:
    """Either a positioned row (`row=True`: a table row or a tab-separated line) or one cell."""

    cells: list[_Cell]
    row: bool
    source: Paragraph | Table | None = None


@dataclass
class _Builder:
    provenance: Provenance
    year: int | None
    header: list[str] = field(default_factory=list)
    width: int = 0  # header cells including empty trailing ones
    score_col: int | None = None
    weight_col: int | None = None
    items: list[ScoreItem] = field(default_factory=list)
    total: Value | None = None
    section: str | None = None
    pending: list[_Cell] = field(default_factory=list)  # cells of an unfinished stream row
    pending_weight: _Cell | None = None
    want_total: bool = False

    def build(self) -> ScoreTable:
        return ScoreTable(self.year, self.items, self.total, self.provenance)


def find_score_tables(doc: Document) -> list[ScoreTable]:
    """Every self-evaluation score table in the document, read as printed."""
    units = _units(doc)
    tables: list[ScoreTable] = []
    current: _Builder | None = None
    for k, unit in enumerate(units):
        texts = [squash(c.text) for c in unit.cells]
        if _is_header(texts, unit.row):
            if current is None:
                current = _Builder(unit.cells[0].prov, _table_year(units, k))
            if current.score_col is None or unit.row:
                _set_header(current, texts if unit.row else _header_run(units, k))
            current.pending, current.pending_weight = [], None
            continue
        if current is None:
            continue
        if unit.row:
            done = _read_row(current, unit.cells)
        else:
            done = _read_cell(current, unit.cells[0])
        if done:
            if current.items:
                tables.append(current.build())
            current = None
    if current is not None and current.items:
        tables.append(current.build())
    return tables


# --- turning blocks into units ---------------------------------------------------------------


def _units(doc: Document) -> list[_Unit]:
    units: list[_Unit] = []
    tabbed = any(p.text.startswith("\t") for p in doc.paragraphs)
    last_cell: _Cell | None = None  # the open tab-led cell a continuation line belongs to
    for block in doc.blocks:
        if isinstance(block, Table):
            last_cell = None
            for r, row in enumerate(block.rows):
                cells = [_Cell(_clean(c.text), block.provenance.at_cell(r, c.col)) for c in row]
                units.append(_Unit(cells, True, block))
            continue
        if not isinstance(block, Paragraph) or block.kind == "chrome":
            continue
        for raw in block.text.split("\n"):
            parts = raw.split("\t")
            if len(parts) >= 3 or (len(parts) == 2 and parts[0].strip()):
                last_cell = None
                cells = [_Cell(_clean(t), replace(block.provenance, col=i)) for i, t in enumerate(parts)]
                units.append(_Unit(cells, True, block))
            elif raw.startswith("\t") or not tabbed:
                last_cell = _Cell(_clean(raw), block.provenance)
                units.append(_Unit([last_cell], False, block))
            elif last_cell is not None and raw.strip():
                last_cell.text = (last_cell.text + "\n" + _clean(raw)).strip()
            elif raw.strip():
                units.append(_Unit([_Cell(_clean(raw), block.provenance)], False, block))
    return [u for u in units if u.row or u.cells[0].text]


def _clean(text: str) -> str:
    text = _TAG_RE.sub("\n", text or "")
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


# --- header, rows, cells ---------------------------------------------------------------------


def _is_header(texts: list[str], row: bool) -> bool:
    if row:
        return any(_SCORE_HEADER_RE.match(t) for t in texts) and not any(_SCORE_RE.match(t) for t in texts)
    return bool(texts) and bool(_SCORE_HEADER_RE.match(texts[0]))


def _header_run(units: list[_Unit], k: int) -> list[str]:
    """Stream mode: the header cells are the header-like cells just before the score header."""
    run = [squash(units[k].cells[0].text)]
    for unit in reversed(units[:k]):
        text = squash(unit.cells[0].text)
        if unit.row or not (_HEADER_WORDS_RE.match(text) or _WEIGHT_HEADER_RE.match(text)):
            break
        run.insert(0, text)
    return run


def _set_header(b: _Builder, texts: list[str]) -> None:
    b.width = len(texts)
    header = list(texts)
    while header and not header[-1]:
        header.pop()
    b.header = header
    b.score_col = next((i for i, t in enumerate(header) if _SCORE_HEADER_RE.match(t)), None)
    b.weight_col = next((i for i, t in enumerate(header) if _WEIGHT_HEADER_RE.match(t)), None)


def _read_row(b: _Builder, cells: list[_Cell]) -> bool:
    """A positioned row; True when it was the total row (the table ends)."""
    texts = [squash(c.text) for c in cells]
    nonempty = [i for i, t in enumerate(texts) if t]
    if not nonempty:
        return False
    total = _total(texts[nonempty[0]])
    if total is not None:
        value = total or next((texts[i] for i in nonempty[1:] if _SCORE_RE.match(texts[i])), "")
        b.total = _score_value(value) if value else None
        return True
    if all(_HEADER_WORDS_RE.match(texts[i]) or _SCORE_HEADER_RE.match(texts[i]) for i in nonempty):
        return False  # a repeated header without the score word
    score_i = weight_i = None
    col = b.score_col
    if col is not None and col < len(texts) and _SCORE_RE.match(texts[col]):
        score_i = col  # the score under the 自评分 header
        if b.weight_col is not None and b.weight_col < len(texts) and _SCORE_RE.match(texts[b.weight_col]):
            weight_i = b.weight_col
    elif col is not None and len(texts) == b.width and not texts[col]:
        score_i = None  # the row lines up with the header and its 自评分 cell is empty
    elif _SCORE_RE.match(texts[nonempty[-1]]):  # columns shifted (merged cells): the last cell
        score_i = nonempty[-1]
        if b.weight_col is not None and len(nonempty) >= 2 and _SCORE_RE.match(texts[nonempty[-2]]):
            weight_i = nonempty[-2]
    body = [c for i, c in enumerate(cells) if i not in (score_i, weight_i)]
    if score_i is None:
        _item_parts(b, [c for c in body if squash(c.text)])  # keeps the section up to date
        return False
    _add_item(b, [c for c in body if squash(c.text)], cells[score_i],
              cells[weight_i] if weight_i is not None else None)
    return False


def _read_cell(b: _Builder, cell: _Cell) -> bool:
    """One cell of a table dumped cell by cell; True when the printed total has been read."""
    text = squash(cell.text)
    if b.want_total:
        if _SCORE_RE.match(text):
            b.total = _score_value(text)
            return True
        return False
    total = _total(text)
    if total is not None:
        if total:
            b.total = _score_value(total)
            return True
        b.want_total = True
        b.pending, b.pending_weight = [], None
        return False
    if _HEADER_WORDS_RE.match(text) or _SCORE_HEADER_RE.match(text) or _WEIGHT_HEADER_RE.match(text):
        return False  # repeated page header
    if _SCORE_RE.match(text):
        weight_first = b.weight_col is not None and b.score_col is not None and b.weight_col < b.score_col
        if weight_first and b.pending_weight is None:
            b.pending_weight = cell
            return False
        _add_item(b, b.pending, cell, b.pending_weight)
        b.pending, b.pending_weight = [], None
        return False
    b.pending.append(cell)
    return False


def _total(text: str) -> str | None:
    """For a 总分 / 合计 cell: the value printed inside it ('' when none); None for other cells."""
    m = _TOTAL_RE.match(text)
    if not m or (m.group("v") and not _SCORE_RE.match(m.group("v"))):
        return None
    return m.group("v")


def _item_parts(b: _Builder, cells: list[_Cell]) -> tuple[_Cell | None, str | None]:
    """Split a row's text cells into section and item; updates the running section."""
    if len(cells) > 1 and _SERIAL_RE.match(squash(cells[0].text)):
        cells = cells[1:]  # a 序号 column
    texts = [squash(c.text) for c in cells]
    k = next((i for i, t in enumerate(texts) if _ITEM_RE.match(t)), None)
    if k is None:
        if texts and (_SECTION_MARK_RE.match(texts[0]) or (len(cells) >= 2 and _WEIGHT_RE.search(texts[0][-8:]))):
            k = 1
        else:
            k = 0
    section = "".join(texts[:k])
    if section:
        current = b.section or ""
        if not current or _SECTION_MARK_RE.match(section) or _WEIGHT_RE.search(current[-8:]):
            b.section = section
        elif not (section == current or current.endswith(section)):
            b.section = current + section  # a section name broken across a page
            for i, item in enumerate(b.items):
                if item.section == current:
                    b.items[i] = replace(item, section=b.section)
    return (cells[k] if k < len(cells) else None), b.section


def _add_item(b: _Builder, cells: list[_Cell], score: _Cell, weight: _Cell | None) -> None:
    item_cell, section = _item_parts(b, cells)
    item = _item_text(item_cell.text) if item_cell else ""
    weight_value = _score_value(squash(weight.text)) if weight else None
    if weight_value is None and item:
        m = _WEIGHT_RE.search(item)
        if m:
            weight_value = parse_value(m.group("w"))
    b.items.append(ScoreItem(item, _score_value(squash(score.text)), weight_value, score.prov, section))


def _item_text(text: str) -> str:
    """The item's own name: its first line, up to its weight '（3%）' when the cell runs on."""
    lines = [line for line in text.split("\n") if line.strip()]
    first = re.sub(r"\s+", " ", lines[0]).strip() if lines else ""
    m = _WEIGHT_RE.search(first)
    if m and m.end() < len(first):
        first = first[: m.end()]
    return first


def _score_value(text: str) -> Value:
    """'0.5分' → 0.5 (unit 分, raw kept); '99' → 99."""
    text = squash(text)
    if text.endswith("分"):
        v = parse_value(text[:-1])
        return replace(v, raw=text, unit=v.unit or "分") if v.number is not None else parse_value(text)
    return parse_value(text)


def _table_year(units: list[_Unit], k: int) -> int | None:
    """The year in the heading above the header (up to 8 short lines back), else its 填报时间."""
    filled = None
    lines = [u for u in units[max(0, k - 16):k] if u.row or not _HEADER_WORDS_RE.match(squash(u.cells[0].text))]
    for unit in reversed(lines[-8:]):
        text = "".join(squash(c.text) for c in unit.cells)
        if len(text) > 120:
            break
        f = _FILLED_RE.search(text)
        if f and filled is None:
            filled = int(f.group("y"))
        for m in _YEAR_RE.finditer(text):
            if not _FILLED_RE.search(text[max(0, m.start() - 8): m.end()]):
                return int(m.group("y"))
    return filled


__all__ = ["find_score_tables"]
