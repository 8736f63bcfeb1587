"""Property tests: label matching survives printing variants; the table reader returns exactly
the printed numbers of a well-formed grid; a run-together row is either read right or flagged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.document import Document, Paragraph, Provenance, table_from_texts
from normalizers.labels import match_label
from normalizers.spec import load_spec
from pipeline.standard_tables import APP_COLUMNS, app_row_order, read_standard_tables

SPEC = load_spec()
APP_ROWS = SPEC.tables["applications"].rows
ROW_KEYS = app_row_order("2021")
HEADER = ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
counts = st.integers(min_value=0, max_value=5000)


def _doc(*blocks) -> Document:
    return Document("p.txt", "0" * 64, "text", list(blocks))


@settings(deadline=None)
@given(key=st.sampled_from([k for k in APP_ROWS if "." in APP_ROWS[k].label[:3]]),
       breaks=st.lists(st.integers(min_value=1, max_value=30), max_size=3),
       enum_style=st.sampled_from([".", "、", "．"]))
def test_row_labels_survive_line_breaks_and_enumerator_styles(key, breaks, enum_style):
    label = APP_ROWS[key].label.replace(".", enum_style, 1)
    for b in sorted(set(breaks), reverse=True):
        if b < len(label):
            label = label[:b] + "\n" + label[b:]
    m = match_label(label)
    assert m is not None and (m.table, m.key) == ("applications", key)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(counts, min_size=6, max_size=6), min_size=len(ROW_KEYS), max_size=len(ROW_KEYS)))
def test_grid_values_come_back_exactly(rows):
    grid = [HEADER]
    for key, parts in zip(ROW_KEYS, rows):
        grid.append([APP_ROWS[key].label, *map(str, parts), str(sum(parts))])
    doc = _doc(Paragraph("三、收到和处理政府信息公开申请情况", Provenance("p.txt")),
               table_from_texts(grid, Provenance("p.txt", element="table 1")))
    facts = {f.key: f for f in read_standard_tables(doc).facts}
    for key, parts in zip(ROW_KEYS, rows):
        for col, v in zip(APP_COLUMNS, [*parts, sum(parts)]):
            fact = facts[f"applications/{key}/{col}"]
            assert fact.value.number == v and not fact.flags


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.integers(min_value=0, max_value=300), min_size=6, max_size=6))
def test_run_together_row_is_right_or_flagged(parts):
    row = [*parts, sum(parts)]
    text = ("三、收到和处理政府信息公开申请情况 申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公开申请数量" + "".join(map(str, row)) + "二、上年结转政府信息公开申请数量0000000")
    facts = {f.key: f for f in read_standard_tables(_doc(Paragraph(text, Provenance("p.txt")))).facts}
    got = [facts[f"applications/new_received/{c}"] for c in APP_COLUMNS] if \
        f"applications/new_received/{APP_COLUMNS[0]}" in facts else []
    if not got:
        return  # nothing stated is better than a wrong number
    if [f.value.number for f in got] != row:
        assert all("split_undecided" in f.flags for f in got), f"wrong split of {row} stated without a flag"
