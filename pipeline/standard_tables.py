"""Read the three standard tables (二 主动公开, 三 依申请, 四 复议/诉讼) into canonical facts.

Works on the label/value stream of `table_stream`: a recognised row label opens a row, the
values that follow fill the columns given by the most recent column headers (or, where none
were printed, by the template's columns, flagged). Rows of 表三 whose label was lost in
conversion are placed by the template's row order and flagged; run-together digits are split
under the row's identities, and a split they do not decide is flagged. Printed values are
never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.document import Document, Provenance
from normalizers.labels import match_label
from normalizers.spec import load_spec
from normalizers.values import Value, in_unit, parse_value
from pipeline.record import Fact, TableStatus
from pipeline.row_cells import cells_printed, fills_template, read_cells
from pipeline.table_stream import Item, stream

# 表三's columns and 表四's, in printed order (the spec's).
APP_COLUMNS = tuple(load_spec().tables["applications"].columns)
RL_COLUMNS = tuple(load_spec().tables["review_litigation"].columns)


@dataclass
class TablesResult:
    facts: list[Fact]
    statuses: list[TableStatus]
    template: str | None
    template_note: str | None = None
    warnings: list[str] = field(default_factory=list)


def detect_template(items: list[Item]) -> str | None:
    """'2019' or '2021' from the printed column/row labels."""
    keys = {i.match.key for i in items if i.kind == "label" and i.match and i.match.key}
    return next((template for template, markers in load_spec().template_markers.items() if keys & markers), None)


def hybrid_note(template: str | None, facts: list[Fact]) -> str | None:
    """Real reports mix templates; say so where table 三 keeps 2019's single （六）其他处理 row."""
    if template == "2021" and any(f.table == "applications" and f.row == "other" for f in facts):
        return "hybrid: 2021 table 二 with a single （六）其他处理 row (2019 style)"
    if template == "2019" and any(f.table == "applications" and f.row.startswith("other.") for f in facts):
        return "hybrid: 2019 table 二 with the 2021 split of （六）其他处理"
    return None


def app_row_order(template: str | None) -> list[str]:
    rows = list(load_spec().tables["applications"].rows)
    if template == "2019":
        return [r for r in rows if not r.startswith("other.")]
    return [r for r in rows if r != "other"]


class _Reader:
    def __init__(self, template: str | None):
        self.template = template
        self.table: str | None = None
        self.row: tuple[str, str, Item] | None = None
        self.row_values: list[Item] = []
        self.recent_cols: list[str] = []
        self.cols_closed = False
        self.cols_memory: dict[str, tuple[str, ...]] = {}
        self.last_app_row: str | None = None
        self.unlabeled: list[Item] = []
        self.rl_values: list[Item] = []
        self.last_row_id: tuple[int, int] | None = None
        self.facts: dict[str, Fact] = {}
        self.warnings: list[str] = []
        self.at_end = False  # a flattened text has ended: a row still open was cut short by the text's end
        self.cut_table: str | None = None  # the table the text ends in, mid-row

    # ---- stream handling -------------------------------------------------------------
    def feed(self, item: Item) -> None:
        if item.row_id != self.last_row_id:
            self._end_grid_row()
            self.last_row_id = item.row_id
        if item.kind == "label":
            self._label(item)
        elif item.kind in ("value", "run"):
            self._value(item)

    def finish(self, text_may_stop_mid_row: bool) -> None:
        """`text_may_stop_mid_row`: a page's text as a renderer saved it can end inside a row; a grid
        (HTML, DOCX, PDF, OCR) row short of cells lost them instead, and keeps first and last in place."""
        self.at_end = text_may_stop_mid_row
        self._end_grid_row()
        self._close_row()
        self._flush_review()

    def _label(self, item: Item) -> None:
        m = match_label(item.text, self.table) if self.table else item.match
        if m is None:
            return
        strong = item.in_grid or item.heading_like
        if m.role == "end":
            if strong:
                self._switch(None)
            return
        if m.role == "table":
            if strong:
                self._switch(m.table)
            return
        if m.role == "section":
            if self.table is None and strong:
                self._switch("active")
            if self.table == "active":
                self._close_row()
                self.recent_cols = []
            return
        if m.role == "group":
            if self.table is None and item.in_grid and m.table:
                self._switch(m.table)
            return
        role, key, table = m.role, m.key, m.table
        if table == "review_litigation" and role == "row":
            return  # 表四 prints its three blocks as column groups; values go by printed order
        text = item.text.strip()
        if role == "column" and text in ("总计", "合计") and self.table == "applications" and self.last_app_row \
                and not self.recent_cols_open():
            role, key = "row", "total"  # a （七）总计 row printed without its enumerator
        if table != self.table:
            if self.table == "review_litigation" and role == "column" and not self.rl_values:
                return  # 表四's header holds only 表四 labels: '其他' there is 其他结果 cut short, not 表三's 其他
            if self.table is None and not strong:
                return
            if self.table is not None and table is not None and not strong:
                return
            self._switch(table)
        if role == "column":
            self._close_row()
            if self.cols_closed:
                self.recent_cols = []
                self.cols_closed = False
            if key not in self.recent_cols:
                self.recent_cols.append(key)
            return
        if role == "row":
            self._close_row()
            self.row = (table, key, item)
            self.row_values = []

    def recent_cols_open(self) -> bool:
        return bool(self.recent_cols) and not self.cols_closed

    def _value(self, item: Item) -> None:
        if self.table is None:
            return
        if self.table == "review_litigation":
            self.rl_values.append(item)
            if sum(1 for v in self.rl_values if v.kind == "value") >= 15:
                self._flush_review()
            return
        if self.row is not None:
            label_row = self.row[2].row_id
            same_grid_row = item.row_id is not None and (label_row == item.row_id or not self.row_values)
            if item.kind == "run" and not any(v.kind == "value" for v in self.row_values):
                self.row_values.append(item)
                return
            if item.kind == "value" and (same_grid_row or all(v.row_id == item.row_id for v in self.row_values)):
                self.row_values.append(item)
                return
            self._close_row()
        if self.table == "applications" and item.kind == "value":
            self.unlabeled.append(item)

    def _end_grid_row(self) -> None:
        if self.row is not None and self.row_values and self.last_row_id is not None and \
                any(v.row_id == self.last_row_id for v in self.row_values):
            self._close_row()
        if self.unlabeled:
            values, self.unlabeled = self.unlabeled, []
            self._infer_app_row(values)

    def _switch(self, table: str | None) -> None:
        self._close_row()
        if self.table == "review_litigation" and table != "review_litigation":
            self._flush_review()
        if table != self.table:
            self.recent_cols = []
            self.cols_closed = False
        self.table = table

    # ---- rows ------------------------------------------------------------------------
    def _columns(self, table: str, row: str) -> tuple[tuple[str, ...], bool]:
        """Columns of a row and whether they came from printed headers."""
        spec_table = load_spec().tables[table]
        valid = set(spec_table.columns_for(row))
        if table == "applications":
            return APP_COLUMNS, True
        printed = tuple(c for c in self.recent_cols if c in valid)
        group = _column_group(row)
        if printed:
            self.cols_memory[group] = printed
            return printed, True
        if group in self.cols_memory:
            return self.cols_memory[group], True
        return self._template_columns(row), False

    def _template_columns(self, row: str) -> tuple[str, ...]:
        """The columns the template prints for `row` (2019's for a row 2021 dropped)."""
        by_template = load_spec().tables["active"].template_columns
        return by_template.get(self.template or "2021", {}).get(row) or by_template["2019"].get(row, ())

    def _close_row(self) -> None:
        if self.row is None:
            return
        table, row, label = self.row
        values, self.row_values, self.row = self.row_values, [], None
        if not values:
            return  # a group label such as 2021's （六）其他处理 heading its three sub-rows
        self.cols_closed = True
        columns, printed = self._columns(table, row)
        if not columns:
            self.warnings.append(f"{label.provenance.describe()}: no columns known for row '{label.text}'")
            return
        flags = [] if printed else ["columns_from_template"]
        whole = self._template_columns(row)
        if printed and fills_template(table, row, columns, whole, values):
            # some heads were printed whole, others broke over lines: the row's cells fill the template's
            columns, flags = whole, ["columns_from_template"]
        cut = self.at_end
        if cut and len(values) < len(columns) and cells_printed(values, len(columns)):
            self.warnings.append(f"{values[-1].provenance.describe()}: the text ends inside row '{label.text}' "
                                 f"({len(values)} of {len(columns)} cells printed); the other cells are missing")
            self.cut_table = table
        self._assign(table, row, columns, values, label.text, flags, cut=cut)
        if table == "applications":
            self.last_app_row = row

    def _infer_app_row(self, values: list[Item]) -> None:
        """An unlabeled row of 7 values in 表三: the next row of the template's order."""
        if len(values) != len(APP_COLUMNS) or not any(v.text.strip() for v in values):
            return
        order = app_row_order(self.template)
        nxt = order[order.index(self.last_app_row) + 1] if self.last_app_row in order else None
        if nxt is None or nxt == "total" and self.last_app_row is None:
            self.warnings.append(f"{values[0].provenance.describe()}: a row of values without a label was skipped")
            return
        self._assign("applications", nxt, APP_COLUMNS, values, "", ["row_inferred"])
        self.last_app_row = nxt

    def _assign(self, table: str, row: str, columns: tuple[str, ...], values: list[Item], label: str,
                flags: list[str], cut: bool = False) -> None:
        cells = read_cells(table, row, columns, values, cut)
        if cells is None:
            self.warnings.append(f"{values[0].provenance.describe()}: could not read the values of '{label or row}'")
            return
        for col, (raw, prov, cell_flags, note) in zip(columns, cells):
            self._fact(table, row, col, raw, prov, label, flags + cell_flags, note)

    def _flush_review(self) -> None:
        values, self.rl_values = self.rl_values, []
        if not values:
            return
        spec = load_spec().tables["review_litigation"]
        keys = [(r, c) for r in spec.printed_order for c in RL_COLUMNS]
        cells = read_cells("review_litigation", "", tuple(f"{r}/{c}" for r, c in keys), values)
        if cells is None:
            self.warnings.append(f"{values[0].provenance.describe()}: could not read 表四 values")
            return
        for (r, c), (raw, prov, cell_flags, note) in zip(keys, cells):
            self._fact("review_litigation", r, c, raw, prov, "", cell_flags, note)
        if self.table == "review_litigation":
            self.table = None

    def _fact(self, table: str, row: str, col: str, raw: str | None, prov: Provenance, label: str,
              flags: list[str], note: str | None) -> None:
        key = f"{table}/{row}/{col}"
        if key in self.facts:
            self.warnings.append(f"{prov.describe()}: {key} printed again; the first reading is kept")
            return
        value = parse_value(raw) if raw is not None else Value("blank", "")
        if raw is None:
            flags = flags + ["uncertain"]
        value = _in_column_unit(value, table, col)
        confidence = 1.0 if not flags else (0.3 if {"uncertain", "split_undecided"} & set(flags) else 0.7)
        self.facts[key] = Fact(table, row, col, value, prov, label=label, confidence=confidence,
                               flags=sorted(set(flags)), note=note)


def _column_group(row: str) -> str:
    if row in ("rules", "normative_docs"):
        return "docs"
    if row in ("licensing", "other_services", "punishment", "enforcement"):
        return "decisions"
    return row


def _in_column_unit(value: Value, table: str, col: str) -> Value:
    """A money cell in the spec's unit of its column (采购总金额 in 元, 收费金额 in 万元)."""
    unit = load_spec().tables[table].columns[col].unit
    if unit is None or value.number is None:
        return value
    return Value(value.kind, value.raw, in_unit(value, unit), unit, value.qualifier)


# formats whose tables are text a renderer flattened (and may have cut off), not grids
FLATTENED_TEXT_FORMATS = ("text", "markdown")


def read_standard_tables(doc: Document) -> TablesResult:
    items = list(stream(doc))
    template = detect_template(items)
    reader = _Reader(template)
    for item in items:
        reader.feed(item)
    reader.finish(text_may_stop_mid_row=doc.format in FLATTENED_TEXT_FORMATS)
    facts = list(reader.facts.values())
    statuses = table_statuses(doc, facts)
    for s in statuses:
        if s.table == reader.cut_table and s.status == "partial":
            s.reason = f"{s.reason}; the text ends inside this table"
    # a template is shown by its tables: labels met in prose (采购总金额, 行政许可) alone leave it to the year
    shown = template if facts else None
    return TablesResult(facts, statuses, shown, hybrid_note(shown, facts), reader.warnings)


def table_statuses(doc: Document, facts: list[Fact]) -> list[TableStatus]:
    """Found / partial / missing per table; a missing table says why (never zeros)."""
    out = []
    images = len(doc.images)
    for key in ("active", "applications", "review_litigation"):
        n = sum(1 for f in facts if f.table == key)
        minimum = {"active": 8, "applications": 150, "review_litigation": 15}[key]
        if n == 0:
            if doc.needs_ocr:
                reason = "the document has no text layer: its tables need OCR"
            elif images:
                reason = f"not in the text; the document has {images} image(s), probably the scanned tables (OCR needed)"
            else:
                reason = "not found in the document text (lost in conversion or not published)"
            out.append(TableStatus(key, "missing", reason, 0))
        else:
            status = "found" if n >= minimum else "partial"
            out.append(TableStatus(key, status, None if status == "found" else f"only {n} cells read", n))
    return out
