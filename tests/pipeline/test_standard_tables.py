"""The standard-table reader: grids, one-cell-per-line dumps, run-together page text, lost labels."""

from __future__ import annotations

from pathlib import Path

from extractors.document import Document, Image, Paragraph, Provenance, table_from_texts
from extractors.registry import read_document
from normalizers.text import normalize_document
from pipeline.standard_tables import read_standard_tables
from tests.support.paths import FIXTURES

APP_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def read(path: Path):
    return read_standard_tables(normalize_document(read_document(path.read_bytes(), str(path))))


def doc_of(*blocks) -> Document:
    return normalize_document(Document("t.txt", "0" * 64, "text", list(blocks)))


def para(text: str, n: int = 1) -> Paragraph:
    return Paragraph(text, Provenance("t.txt", element=f"line {n}"))


def test_html_grid_with_rowspan_colspan():
    res = read(FIXTURES / "html" / "gbk_report.html")
    facts = {f.key: f for f in res.facts}
    assert facts["applications/new_received/natural_person"].value.number == 20
    assert facts["applications/new_received/total"].value.number == 23
    assert all(not f.flags for f in res.facts)
    status = {s.table: s.status for s in res.statuses}
    assert status["applications"] == "found"
    # provenance points at the cell of the report table
    p = facts["applications/new_received/total"].provenance
    assert p.element and p.element.startswith("table") and p.row is not None and p.col is not None


def test_docx_merged_cells_give_2021_table_two():
    res = read(FIXTURES / "docx" / "merged_cells.docx")
    facts = {f.key: f.value.number for f in res.facts}
    assert res.template == "2021"
    assert facts["active/normative_docs/in_force"] == 25
    assert facts["active/licensing/decisions"] == 1520


def test_run_together_cells_are_split_and_undecided_splits_flagged():
    doc = doc_of(para(
        "二、主动公开政府信息情况 第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量"
        "行政许可396442278行政处罚2648-18538第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15"
        "三、收到和处理政府信息公开申请情况"))
    facts = {f.key: f for f in read_standard_tables(doc).facts}
    assert [facts[f"active/licensing/{c}"].value.number for c in ("prior_year_items", "change", "decisions")] == [
        396, 442, 278]
    assert "split_undecided" in facts["active/licensing/change"].flags
    assert "also possible" in facts["active/licensing/change"].note
    assert facts["active/punishment/change"].value.number == -18
    assert [facts[f"active/fees/{c}"].value.number for c in ("prior_year_items", "change")] == [35, -15]
    assert facts["active/fees/change"].flags == []  # only one reading is possible


def test_identities_decide_a_split_of_table_three():
    doc = doc_of(para("三、收到和处理政府信息公开申请情况 申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织"
                      "法律服务机构其他一、本年新收政府信息公开申请数量230 000023二、上年结转政府信息公开申请数量0000000"))
    facts = {f.key: f for f in read_standard_tables(doc).facts}
    assert facts["applications/new_received/natural_person"].value.number == 23
    assert facts["applications/new_received/total"].value.number == 23
    assert not facts["applications/new_received/total"].flags


def test_row_without_label_is_placed_by_template_order_and_flagged():
    header = ["", *APP_COLS]
    rows = [header,
            ["4.无正当理由大量反复申请", "1", "0", "0", "0", "0", "0", "1"],
            ["", "0", "0", "0", "0", "0", "0", "0"],  # label lost in conversion: （五）5
            ["3.其他", "2", "0", "0", "0", "0", "0", "2"]]
    doc = doc_of(para("三、收到和处理政府信息公开申请情况"), table_from_texts(rows, Provenance("t.txt", element="table 1")))
    facts = {f.key: f for f in read_standard_tables(doc).facts}
    assert "row_inferred" in facts["applications/not_processed.confirm/total"].flags
    assert facts["applications/not_processed.excessive/total"].value.number == 1
    assert facts["applications/other.other/total"].value.number == 2


def test_short_row_keeps_first_and_last_and_flags_the_gap():
    # cells lost in conversion inside the document (a text that ends inside a row keeps its first cells)
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "22", "235"]]
    doc = doc_of(para("二、主动公开政府信息情况"), table_from_texts(rows, Provenance("t.md", element="lines 1-2")),
                 para("三、收到和处理政府信息公开申请情况"))
    facts = {f.key: f for f in read_standard_tables(doc).facts}
    assert facts["active/rules/issued"].value.number == 22
    assert facts["active/rules/in_force"].value.number == 235
    gap = facts["active/rules/repealed"]
    assert gap.value.number is None and "uncertain" in gap.flags and gap.confidence < 0.5


def test_a_grid_row_short_of_cells_at_the_documents_end_is_not_read_as_cut_text():
    """A real table whose last row lost a cell (OCR, conversion) keeps first and last in place, all flagged:
    reading it like text cut off mid-row would slide the 总计 value under the wrong column, unflagged."""
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "22", "235"]]
    blocks = [Paragraph("二、主动公开政府信息情况", Provenance("t.html", element="p[1]")),
              table_from_texts(rows, Provenance("t.html", element="table 1"))]
    doc = normalize_document(Document("t.html", "0" * 64, "html", blocks))
    facts = {f.key: f for f in read_standard_tables(doc).facts}
    assert facts["active/rules/in_force"].value.number == 235
    assert facts["active/rules/repealed"].value.number is None
    assert all("row_short" in facts[f"active/rules/{c}"].flags for c in ("issued", "repealed", "in_force"))


def test_blank_and_na_cells_stay_distinct_from_zero():
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "", "/"]]
    doc = doc_of(para("二、主动公开政府信息情况"), table_from_texts(rows, Provenance("t", element="table 1")))
    facts = {f.key: f.value for f in read_standard_tables(doc).facts}
    assert (facts["active/rules/issued"].kind, facts["active/rules/issued"].number) == ("number", 0)
    assert facts["active/rules/repealed"].kind == "blank"
    assert facts["active/rules/in_force"].kind == "na"


def test_prose_mentioning_row_labels_is_not_read_as_a_table():
    doc = doc_of(para("全年主动公开市政府规章 22 件、行政规范性文件 34 件，行政许可事项办理顺利。"))
    res = read_standard_tables(doc)
    assert res.facts == []
    assert all(s.status == "missing" for s in res.statuses)


def test_missing_tables_say_why():
    doc = doc_of(para("2020年昭通市政府信息公开工作年度报告"), Image(Provenance("t", element="img[1]"), src="p_08.png"))
    statuses = read_standard_tables(doc).statuses
    assert all(s.status == "missing" for s in statuses)
    assert "image" in statuses[0].reason


def test_several_splits_satisfying_the_identity_are_flagged():
    # regression (property test): '0011159273200' has more than one reading with 总计 = Σ parts;
    # the prior picked a wrong one and stated it without a flag
    doc = doc_of(para("三、收到和处理政府信息公开申请情况 申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织"
                      "法律服务机构其他一、本年新收政府信息公开申请数量0011159273200二、上年结转政府信息公开申请数量0000000"))
    facts = {f.key: f for f in read_standard_tables(doc).facts}
    row = [facts[f"applications/new_received/{c}"] for c in
           ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")]
    assert all("split_undecided" in f.flags for f in row)
    assert "also possible" in row[0].note


def test_an_abbreviated_header_inside_table_four_does_not_leave_it():
    """Regression: a photographed 洪泽 2023 表四 whose '其他结果' header OCR'd as '其他' (a 表三
    column label) switched the reader to 表三 and lost all fifteen 表四 cells."""
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    header = results + results + results[:2] + ["其他"] + results[3:]
    values = ["10", "1", "0", "0", "0"] + ["0"] * 5 + ["5", "0", "0", "0", "0"]
    rows = [["行政复议", None, None, None, None, "行政诉讼", *[None] * 9], header, values]
    doc = doc_of(para("四、政府信息公开行政复议、行政诉讼情况"),
                 table_from_texts(rows, Provenance("t.txt", element="table 1")))
    facts = {f.key: f.value.raw for f in read_standard_tables(doc).facts}
    assert facts["review_litigation/review/upheld"] == "10"
    assert facts["review_litigation/litigation_after_review/upheld"] == "5"
    assert sum(1 for k in facts if k.startswith("review_litigation/")) == 15
