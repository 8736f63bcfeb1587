"""Text dumps: archiver headers, one-cell-per-line Word exports, markdown pipe tables, TSV rows."""

from __future__ import annotations

from extractors.text import extract
from pipeline.document import Paragraph

from .conftest import EXAMPLES


def test_word_dump_cells_become_table_rows():
    doc = extract((EXAMPLES / "qingtongxia_2019.txt").read_bytes(), "qingtongxia_2019.txt")
    rows = [r for t in doc.tables for r in t.texts()]
    row = next(r for r in rows if any("本年新收政府信息公开申请数量" in c for c in r))
    values = [c for c in row if c and c[0].isdigit()]
    assert len(values) == 7
    assert any("+" in c for r in rows for c in r)  # signed 本年增/减 kept as printed


def test_markdown_pipe_tables_and_page_footers():
    doc = extract((EXAMPLES / "hongze_2022.md").read_bytes(), "hongze_2022.md")
    assert doc.format == "markdown"
    assert len(doc.tables) >= 3
    assert all("---" not in c for t in doc.tables for r in t.texts() for c in r)


def test_archiver_header_gives_title_and_date(shared_corpus):
    path = shared_corpus / "real" / "pingtan_2019.txt"
    doc = extract(path.read_bytes(), path.name)
    assert doc.title == "平潭综合实验区2019年度政府信息公开工作年度报告"
    assert doc.published.startswith("2020-01-20")
    assert not any(p.text.startswith("原文链接") for p in doc.paragraphs)


def test_tab_separated_rows_keep_cells(shared_corpus):
    path = next((shared_corpus / "seeds").glob("003_*.txt"))
    doc = extract(path.read_bytes(), path.name)
    first = doc.tables[0].texts()
    assert first[0][:3] == ["工作任务", "具 体 要 求", "自评分"]
    assert first[1][-1] == "2" and "<p>" not in first[1][1]


def test_paragraphs_carry_line_provenance():
    doc = extract((EXAMPLES / "qingtongxia_2019.txt").read_bytes(), "q.txt")
    p = next(b for b in doc.blocks if isinstance(b, Paragraph))
    assert p.provenance.element.startswith("line ")


def test_text_named_pdf_is_an_error_not_an_empty_document():
    # regression: garbage bytes named .pdf were read as a plain-text document with no facts
    import pytest

    from extractors.registry import extract as extract_any
    from pipeline.errors import ExtractionError

    with pytest.raises(ExtractionError) as err:
        extract_any(b"this is not a pdf at all", "report.pdf")
    assert "not a PDF" in err.value.reason and err.value.source == "report.pdf"
