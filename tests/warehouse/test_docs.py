"""The generated docs say what the spec says: every fact key with its Chinese label, and each metric's
Chinese wording names the cells it reads (a label shown next to another key's input is the drift this guards)."""

from __future__ import annotations

import re

import pytest

from normalizers.labels import strip_enum
from normalizers.spec import load_spec
from tests.support.paths import DOCS

KEY = re.compile(r"`([a-z_]+/[a-z_.]+/[a-z_0-9]+)`")


def _table_rows(path: str) -> list[list[str]]:
    """Cells of every Markdown table row of a doc."""
    lines = (DOCS / path).read_text(encoding="utf-8").splitlines()
    return [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines if ln.startswith("| `")]


def _metric_inputs() -> dict[str, list[str]]:
    """docs/metrics.md: metric name -> its input fact keys."""
    out = {}
    for cells in _table_rows("metrics.md"):
        if len(cells) == 4 and KEY.search(cells[3]):
            out[cells[0].strip("`")] = KEY.findall(cells[3])
    return out


def _row_labels() -> dict[str, set[tuple[str, str]]]:
    """Printed row label without its enumerator (4+ characters, so never a bare 总计) -> (table, row)s."""
    out: dict[str, set[tuple[str, str]]] = {}
    for t in load_spec().tables.values():
        for r in t.rows.values():
            label = strip_enum(r.label)
            if len(label) >= 4:
                out.setdefault(label, set()).add((t.key, r.key))
    return out


def _wrong_labels(text: str, keys: list[str]) -> list[str]:
    """Row labels in `text` that belong to none of the rows of `keys`."""
    rows = {tuple(k.split("/")[:2]) for k in keys}
    return [label for label, owners in _row_labels().items() if label in text and not owners & rows]


def test_metrics_md_lists_spec_keys():
    keys = set(load_spec().all_keys())
    inputs = _metric_inputs()
    assert inputs
    assert {k for ks in inputs.values() for k in ks} <= keys


@pytest.mark.parametrize("doc, column", [("metrics.md", 2), ("data_dictionary.md", 2)])
def test_metric_labels_belong_to_their_inputs(doc, column):
    """The swap of 属于行政执法案卷 / 属于行政查询事项 between denied_enforcement_file and
    denied_administrative_query: a single-input metric's Chinese label is its own key's."""
    inputs = _metric_inputs()
    wrong = []
    for cells in _table_rows(doc):
        name = cells[0].strip("`")
        if name in inputs and len(inputs[name]) == 1 and len(cells) > column:
            wrong += [f"{name}: {label}" for label in _wrong_labels(cells[column], inputs[name])]
    assert not wrong


def test_data_dictionary_lists_every_spec_key_with_its_label():
    spec = load_spec()
    rows = {cells[0].strip("`"): cells[1] for cells in _table_rows("data_dictionary.md") if len(cells) == 2}
    missing = [k for k in spec.all_keys() if rows.get(k) != spec.label_of(k)]
    assert not missing


def test_every_column_of_every_table_and_view_is_described_in_the_data_dictionary():
    """A view built on another (`SELECT m.*, …`) describes the columns it passes on, not only the ones it adds."""
    lines = (DOCS / "data_dictionary.md").read_text(encoding="utf-8").splitlines()
    undescribed, section = [], None
    for ln in lines:
        if ln.startswith("## "):
            section = ln
        elif ln.startswith("| `") and section and ("View" in section or "Table" in section):
            cells = [c.strip() for c in ln.strip().strip("|").split("|")]
            if len(cells) == 3 and not cells[2]:
                undescribed.append(f"{section[3:]}.{cells[0]}")
    assert not undescribed, undescribed
    assert sum("## View" in ln for ln in lines) >= 9
