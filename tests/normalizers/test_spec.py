"""The spec (normalizers/standard_tables.yaml) is the one home of the table vocabulary: its identities,
template columns and markers name only keys it has, and checks and OCR repair use the same identities."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from normalizers import spec
from normalizers.spec import load_spec
from pipeline.ocr_correct import equations
from tests.support.paths import REPO

SPEC = load_spec()
SHARED_SPEC = REPO.parent / "shared" / "spec" / "standard_tables.yaml"


def test_sum_identities_are_data_over_spec_lines():
    assert [s.name for s in SPEC.sums] == ["A1", "A2", "A3", "R1"]
    assert list(SPEC.identities) == ["A1", "A2", "A3", "R1", "X1", "X2", "N1"]
    for s in SPEC.sums:
        t = SPEC.tables[s.table]
        lines = t.rows if s.each == "column" else t.columns
        assert set(s.left) | set(s.right) | set(s.optional_lines()) <= set(lines), s.name


def test_a2_expands_families_and_the_other_row():
    a2 = SPEC.sum_identity("A2")
    apps = SPEC.tables["applications"]
    assert a2.right == ("granted", "partially_granted", *apps.family("denied"), *apps.family("unable"),
                        *apps.family("not_processed"))
    assert a2.either == (("other",), ("other.no_correction", "other.no_fee", "other.other"))
    assert apps.family("denied")[-2:] == ("denied.enforcement_file", "denied.administrative_query")


def test_key_accepts_only_cells_the_spec_has():
    assert SPEC.key("active", "fees", "fee_amount_10k_yuan") == "active/fees/fee_amount_10k_yuan"
    with pytest.raises(KeyError):
        SPEC.key("active", "fees", "issued")
    with pytest.raises(KeyError):
        SPEC.key("applications", "denied.nothing", "total")


def test_template_columns_and_markers_name_spec_keys():
    active = SPEC.tables["active"]
    for template, rows in active.template_columns.items():
        for row, cols in rows.items():
            assert set(cols) <= set(active.columns_for(row)), (template, row)
    known = {k for t in SPEC.tables.values() for k in (*t.rows, *t.columns)}
    assert list(SPEC.template_markers) == ["2021", "2019"]
    assert all(m <= known for m in SPEC.template_markers.values())
    assert {c: line.unit for c, line in active.columns.items() if line.unit} == \
        {"fee_amount_10k_yuan": "万元", "amount_yuan": "元"}


def test_ocr_repair_uses_the_spec_identities():
    keys = set(SPEC.all_keys()) - {f"applications/other/{c}" for c in SPEC.tables["applications"].columns}
    names = {e[0].split()[0] for e in equations(keys)}
    assert names == {s.name for s in SPEC.sums}
    a2 = next(e for e in equations(keys) if e[0] == "A2 total")
    assert "applications/other.other/total" in a2[2] and "applications/other/total" not in a2[2]


@pytest.mark.skipif(not SHARED_SPEC.is_file(), reason="no shared spec beside the checkout")
def test_copy_keeps_the_shared_spec_labels():
    """Ours may add aliases and data; every key and label of the shared spec is ours too."""
    shared = yaml.safe_load(SHARED_SPEC.read_text(encoding="utf-8"))
    for key, t in shared["tables"].items():
        ours = SPEC.tables[key]
        assert ours.label == t["label"]
        for kind, lines in (("rows", ours.rows), ("columns", ours.columns)):
            for k, d in t[kind].items():
                assert lines[k].label == d["label"] and set(d.get("aliases", ())) <= set(lines[k].aliases)


def test_the_fast_yaml_loader_reads_the_spec_as_pyyaml_does():
    """libyaml's loader (used when PyYAML has it) gives the same data as PyYAML's pure-Python safe loader."""
    text = resources.files("normalizers").joinpath("standard_tables.yaml").read_text("utf-8")
    assert spec._SAFE_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert yaml.load(text, Loader=spec._SAFE_LOADER) == yaml.load(text, Loader=yaml.SafeLoader)
