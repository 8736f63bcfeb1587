"""PDF extraction: ruled tables, a table continued across a page break, labels rejoined."""

from __future__ import annotations

import pytest

from extractors.document import Paragraph, Table
from extractors.errors import ExtractionError
from extractors.pdf import read
from tests.support.paths import EXAMPLES


def rows_of(doc) -> list[list[str]]:
    return [r for t in doc.tables for r in t.texts()]


def test_table_split_across_pages_is_joined_and_cut_label_rejoined():
    doc = read((EXAMPLES / "shuyang_2023.pdf").read_bytes(), "shuyang_2023.pdf")
    big = [t for t in doc.tables if any("本机关不掌握" in c.text for r in t.rows for c in r)]
    assert len(big) == 1, "表三 should be one table after joining the pages"
    texts = big[0].texts()
    labels = [" ".join(r) for r in texts]
    assert any("没有现成信息需要另行制作" in s for s in labels)  # the row after the page break
    assert any("（四）无法提供" in s for s in labels)  # '（四）无' + '法提供' rejoined
    assert any(c.text == "商业企业" for r in big[0].rows for c in r)  # wrapped header '商业企\n业'
    assert any(c.text.startswith("三、本年度办理结果") for r in big[0].rows for c in r)  # vertical label


def test_provenance_has_page_and_cell():
    doc = read((EXAMPLES / "shuyang_2023.pdf").read_bytes(), "shuyang_2023.pdf")
    table = doc.tables[0]
    assert table.provenance.page is not None and table.provenance.element.startswith("page")
    assert all(isinstance(p.provenance.page, int) for p in doc.paragraphs)


def test_real_report_white_box_text_is_body_text(shared_corpus):
    data = (shared_corpus / "real" / "huaian_2024.pdf").read_bytes()
    doc = read(data, "huaian_2024.pdf")
    # page 1's boxed introduction is text, not a one-column table
    assert all(t.n_cols >= 2 for t in doc.tables)
    assert any("统计期限" in p.text for p in doc.paragraphs if isinstance(p, Paragraph))
    assert sum(1 for t in doc.tables if isinstance(t, Table)) == 4


def test_corrupt_pdf_raises_a_clear_error():
    with pytest.raises(ExtractionError) as err:
        read((EXAMPLES / "corrupt_truncated.pdf").read_bytes(), "corrupt_truncated.pdf")
    assert err.value.source == "corrupt_truncated.pdf" and "PDF" in err.value.reason


def test_fuzz_broken_page_dict_gives_an_error_not_a_crash():
    # regression (fuzz-found): pdfplumber's close() re-raised the page-tree damage
    data = (EXAMPLES.parent / "tests" / "fixtures" / "fuzz" / "pdf_broken_page_dict.pdf").read_bytes()
    with pytest.raises(ExtractionError) as err:
        read(data, "pdf_broken_page_dict.pdf")
    assert err.value.stage == "read pdf pages"
