"""Standard tables from flattened page text (scripts/make_flattened_fixtures.py writes the fixtures)."""

from __future__ import annotations

import json

import pytest

from extractors.text import read as extract_text
from pipeline.record import Fact
from pipeline.run import extract_record
from tests.support.paths import FIXTURES, REPO
from tests.support.scripts import load_script

FLAT = FIXTURES / "flattened"
EXPECTED: dict[str, dict[str, str]] = json.loads((FLAT / "expected.json").read_text("utf-8"))
TEXT_SHAPES = sorted(n for n in EXPECTED if n.endswith(".txt"))


def _script():
    return load_script(REPO / "scripts" / "make_flattened_fixtures.py")


def _facts(name: str, data: bytes | None = None) -> dict[str, Fact]:
    rec = extract_record(data if data is not None else (FLAT / name).read_bytes(), name)
    return {f"{f.table}/{f.row}/{f.col}": f for f in rec.facts}


def test_committed_fixtures_match_generator():
    for name, data in _script().build().items():
        assert (FLAT / name).read_bytes() == data, name


@pytest.mark.parametrize("name", TEXT_SHAPES)
def test_every_printed_cell_is_read_and_nothing_else(name):
    facts = _facts(name)
    expected = EXPECTED[name]
    assert {k: facts[k].value.raw for k in expected if k in facts} == expected
    invented = {k: f.value.raw for k, f in facts.items() if k not in expected and f.value.number is not None}
    assert invented == {}


@pytest.mark.parametrize("name", ["pipe_trailing.txt", "pipe_bare.txt", "cells_pipes.txt", "spaces.txt"])
def test_cells_keep_line_provenance(name):
    """Each cell says which lines of the text it was read from (a table's line span, or its own line)."""
    fact = _facts(name)["active/licensing/decisions"]
    element = fact.provenance.element or ""
    assert element.startswith("line")
    first, _, last = element.split()[-1].partition("-")
    lines = (FLAT / name).read_text("utf-8").splitlines()[int(first) - 1:int(last or first)]
    assert any("3679" in line for line in lines)


def test_blank_zero_slash_and_dash_stay_distinct():
    text = ("二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
            "规章 |  | 0 | - |\n行政规范性文件 | / | 0 | 6 |\n三、收到和处理政府信息公开申请情况\n")
    facts = _facts("blank.txt", text.encode())
    kinds = {k: (f.value.kind, f.value.raw) for k, f in facts.items() if k.startswith("active/")}
    assert kinds["active/rules/issued"] == ("blank", "")
    assert kinds["active/rules/repealed"] == ("number", "0")
    assert kinds["active/rules/in_force"][1] == "-" and kinds["active/rules/in_force"][0] != "number"
    assert kinds["active/normative_docs/issued"] == ("na", "/")


def test_a_table_cut_short_mid_row_reads_the_printed_cells_and_says_why():
    rec = extract_record((FLAT / "pipe_trailing.txt").read_bytes(), "pipe_trailing.txt")
    facts = {f"{f.table}/{f.row}/{f.col}": f for f in rec.facts}
    row = [facts.get(f"applications/denied.law_prohibited/{c}") for c in
           ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")]
    assert [f.value.raw for f in row[:4]] == ["0", "0", "0", "0"]
    for f in row[4:]:  # not printed: never a number, flagged, with the reason
        assert f is None or (f.value.number is None and "uncertain" in f.flags and "ends" in (f.note or ""))
    assert any("ends inside" in w for w in rec.warnings)
    status = next(s for s in rec.tables if s.table == "applications")
    assert status.status == "partial" and "text ends inside this table" in status.reason


def test_wrapped_header_cells_are_joined_into_their_label():
    facts = _facts("cells_blank.txt")
    assert facts["active/rules/new_made"].value.raw == "1"
    assert facts["active/rules/total_published"].value.raw == "4"
    assert "columns_from_template" not in facts["active/rules/new_made"].flags


def test_pipe_rows_without_outer_pipes_become_a_grid():
    doc = extract_text((FLAT / "pipe_bare.txt").read_bytes(), "pipe_bare.txt")
    rows = [r for t in doc.tables for r in t.texts()]
    assert ["规章", "2", "1", "7"] in rows
    assert doc.tables[0].provenance.element.startswith("lines ")


def test_one_cell_per_line_with_pipe_lines_becomes_rows():
    doc = extract_text((FLAT / "cells_pipes.txt").read_bytes(), "cells_pipes.txt")
    rows = [[c for c in r if c] for t in doc.tables for r in t.texts()]
    assert ["行政规范性文件", "5", "0", "25"] in rows


def test_prose_lines_with_a_pipe_stay_paragraphs():
    text = "首页 | 政务公开 | 年度报告\n一、总体情况\n2024年主动公开信息12条。\n"
    doc = extract_text(text.encode(), "a.txt")
    assert not doc.tables
    assert doc.paragraphs[0].text == "首页 | 政务公开 | 年度报告"


def test_wild_tables_read_without_a_wrong_cell(shared_corpus):
    """The six wild pages with flattened tables: every keyed cell present in the excerpt is read."""
    wild = shared_corpus / "wild"
    if not (wild / "score.py").is_file():
        pytest.skip("wild corpus not available")
    score = load_script(wild / "score.py")
    for truth_path in sorted((wild / "truth").glob("*.truth.json")):
        truth = json.loads(truth_path.read_text("utf-8"))
        if not truth.get("facts"):
            continue
        doc = wild / "docs" / truth["file"].split("/")[-1]
        rec = extract_record(doc.read_bytes(), doc.name)
        facts = {f"{f.table}/{f.row}/{f.col}": {"value": f.value.number} for f in rec.facts}
        tables = [{"table": s.table, "status": s.status} for s in rec.tables]
        res = score.score_cells(truth["facts"], facts, tables)
        bad = {k: v for k, v in res.items() if v[0] != "ok"}
        assert bad == {}, doc.name


def test_header_cells_broken_over_lines_leave_the_row_to_the_template_columns():
    # regression: only 对外公开总数量 was a whole head, so 规章's first cell (本年新制作数量 = 1) was stored
    # as 对外公开总数量 — a wrong number
    facts = _facts("pipe_wrapped_head.txt")
    assert [facts[f"active/rules/{c}"].value.raw for c in ("new_made", "new_published", "total_published")] == \
        ["1", "0", "4"]
    assert "columns_from_template" in facts["active/rules/total_published"].flags
    assert not facts["active/licensing/decisions"].flags  # a row under whole printed heads is unchanged


def test_pipe_rows_printed_as_web_page_paragraphs():
    """A page whose table was flattened into `<p>规章 | 2 | 1 | 7 |</p>` lines before it was saved."""
    rows = "".join(f"<p>{' | '.join(r)} |</p>" for r in _script().active_rows())
    page = f"<html><body><div class=\"content\"><p>二、主动公开政府信息情况</p>{rows}<p>三、收到和处理政府信息公开申请情况</p>" \
        "</div></body></html>"
    facts = _facts("p.html", page.encode())
    assert {k: facts[k].value.raw for k in EXPECTED["pipe_bare.txt"] if k.startswith("active/")} == \
        {k: v for k, v in EXPECTED["pipe_bare.txt"].items() if k.startswith("active/")}


def test_labels_with_the_templates_filling_notes_are_read():
    # regression: '規章(設區的市…)' and '上一年項目數量(指2019年事項數)' matched no label: rows lost, columns
    # taken from the template
    facts = _facts("pipe_annotated.txt")
    assert facts["active/normative_docs/total_published"].value.raw == "21"
    assert not facts["active/licensing/decisions"].flags
    assert "active/rules/new_made" in facts and not any(k.startswith("active/other") for k in facts)
