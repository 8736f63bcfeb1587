"""Text dumps: archiver headers, one-cell-per-line Word exports, markdown pipe tables, TSV rows."""

from __future__ import annotations

from extractors.document import Paragraph
from extractors.text import read
from tests.support.paths import EXAMPLES, FIXTURES


def test_word_dump_cells_become_table_rows():
    doc = read((EXAMPLES / "qingtongxia_2019.txt").read_bytes(), "qingtongxia_2019.txt")
    rows = [r for t in doc.tables for r in t.texts()]
    row = next(r for r in rows if any("本年新收政府信息公开申请数量" in c for c in r))
    values = [c for c in row if c and c[0].isdigit()]
    assert len(values) == 7
    assert any("+" in c for r in rows for c in r)  # signed 本年增/减 kept as printed


def test_markdown_pipe_tables_and_page_footers():
    doc = read((EXAMPLES / "hongze_2022.md").read_bytes(), "hongze_2022.md")
    assert doc.format == "markdown"
    assert len(doc.tables) >= 3
    assert all("---" not in c for t in doc.tables for r in t.texts() for c in r)


def test_archiver_header_gives_title_and_date(shared_corpus):
    path = shared_corpus / "real" / "pingtan_2019.txt"
    doc = read(path.read_bytes(), path.name)
    assert doc.title == "平潭综合实验区2019年度政府信息公开工作年度报告"
    assert not any(p.text.startswith("原文链接") for p in doc.paragraphs)


def test_tab_separated_rows_keep_cells(shared_corpus):
    path = next((shared_corpus / "seeds").glob("003_*.txt"))
    doc = read(path.read_bytes(), path.name)
    first = doc.tables[0].texts()
    assert first[0][:3] == ["工作任务", "具 体 要 求", "自评分"]
    assert first[1][-1] == "2" and "<p>" not in first[1][1]


def test_paragraphs_carry_line_provenance():
    doc = read((EXAMPLES / "qingtongxia_2019.txt").read_bytes(), "q.txt")
    p = next(b for b in doc.blocks if isinstance(b, Paragraph))
    assert p.provenance.element.startswith("line ")


def test_text_named_pdf_is_an_error_not_an_empty_document():
    # regression: garbage bytes named .pdf were read as a plain-text document with no facts
    import pytest

    from extractors.errors import ExtractionError
    from extractors.registry import read_document as extract_any

    with pytest.raises(ExtractionError) as err:
        extract_any(b"this is not a pdf at all", "report.pdf")
    assert "not a PDF" in err.value.reason and err.value.source == "report.pdf"


# --- pinyin readings inside words (mirror sites): removed in normalisation -------------------


def test_pinyin_readings_are_removed_and_real_brackets_stay():
    from normalizers.text import normalize_text

    assert normalize_text("2023年度報(bào)告") == "2023年度报告"
    assert normalize_text("政（zhèng）府信息") == "政府信息"
    assert normalize_text("行政(xíng zhèng)许可，报(bao4)告") == "行政许可，报告"
    kept = ["（一）主动公开", "金额(单位:万元)", "附件(1)", "报告(report)", "详见 (PDF) 版", "方案(a)", "表(b2)"]
    assert [normalize_text(t) for t in kept] == kept


def test_pinyin_page_reads_like_a_clean_one():
    # regression: '行政许(xǔ)可' hid the row label, '政(zhèng)府' the body and the prose phrase
    from pipeline.run import extract_record

    path = FIXTURES / "flattened" / "pinyin.txt"
    rec = extract_record(path.read_bytes(), path.name)
    assert (rec.year, rec.doc_type, rec.body) == (2023, "annual_report", "宜良县审计局")
    assert {f.key: f.value.raw for f in rec.facts} == {"active/licensing/decisions": "12"}
    assert [(c.phrase, c.value.raw) for c in rec.prose_counts] == [("主动公开政府信息", "85条")]


def test_normalised_document_keeps_the_printed_pinyin():
    from extractors.registry import read_document as extract_any
    from normalizers.text import normalize_document

    path = FIXTURES / "flattened" / "pinyin.txt"
    doc = normalize_document(extract_any(path.read_bytes(), path.name))
    first = doc.paragraphs[0]
    assert first.text == "宜良县审计局2023年度报告" and first.original == "宜良县审计局2023年度報(bào)告"
