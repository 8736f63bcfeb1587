"""DOCX extractor on the committed fixture (scripts/fixtures_html_docx.py): order, merges, images, errors."""

from __future__ import annotations

import hashlib
import io
import zipfile

import docx
import pytest

from extractors.document import Image, Paragraph, Table
from extractors.docx import read
from extractors.errors import ExtractionError
from tests.support.paths import FIXTURES

DOCX = FIXTURES / "docx" / "merged_cells.docx"
GBK = FIXTURES / "html" / "gbk_report.html"


@pytest.fixture(scope="module")
def doc():
    return read(DOCX.read_bytes(), str(DOCX))


def _document_xml() -> str:
    with zipfile.ZipFile(DOCX) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_fixture_uses_word_merge_markup():
    xml = _document_xml()
    assert '<w:gridSpan w:val="5"/>' in xml and '<w:gridSpan w:val="10"/>' in xml
    assert '<w:vMerge w:val="restart"/>' in xml and "<w:vMerge/>" in xml
    assert "<w:drawing>" in xml and "r:embed=" in xml


def test_metadata(doc):
    assert doc.format == "docx"
    assert doc.sha256 == hashlib.sha256(DOCX.read_bytes()).hexdigest()
    assert doc.title == "某县2021年政府信息公开工作年度报告"
    assert doc.needs_ocr is False


def test_blocks_in_body_order(doc):
    kinds = [b.kind if isinstance(b, Paragraph) else type(b).__name__ for b in doc.blocks]
    assert kinds == ["heading", "body", "heading", "Table", "body", "Image", "body", "heading", "Table"]
    assert [b.provenance.element for b in doc.blocks if isinstance(b, Table)] == ["table[1]", "table[2]"]
    assert doc.blocks[0].provenance.element == "p[1]"
    assert doc.blocks[1].text == "2021年，某县主动公开政府信息1800余条，受理政府信息公开申请23件。"
    assert "受理政府信息公开申请23件" in doc.body_text()


def test_line_break_inside_paragraph(doc):
    assert "全年发生政府信息公开行政复议3件\n行政诉讼2件。" in [p.text for p in doc.paragraphs]


def test_table2_grid_spans(doc):
    t = doc.tables[0]
    assert (t.n_rows, t.n_cols) == (14, 4)
    assert all(len(r) == 4 for r in t.rows)
    assert all((c.row, c.col) == (r, k) for r, row in enumerate(t.rows) for k, c in enumerate(row))
    head = t.rows[0]
    assert (head[0].text, head[0].colspan, head[0].spanned) == ("第二十条第（一）项", 4, False)
    assert all(c.spanned and c.text == "第二十条第（一）项" for c in head[1:])
    assert [c.text for c in t.rows[3]] == ["行政规范性文件", "3", "1", "25"]
    assert not any(c.spanned for c in t.rows[3])
    licence = t.rows[6]
    assert (licence[0].text, licence[1].text, licence[1].colspan) == ("行政许可", "1520", 3)
    assert [c.spanned for c in licence] == [False, False, True, True]
    assert licence[3].text == "1520"
    assert t.rows[12][1].text == "本年收费金额\n（单位：万元）"  # two paragraphs in one cell
    assert t.rows[13][1].text == "85.6"


def test_table4_header_grid_and_vmerge(doc):
    t = doc.tables[1]
    assert (t.n_rows, t.n_cols) == (4, 15)
    top = t.rows[0]
    assert (top[0].text, top[0].colspan) == ("行政复议", 5)
    assert all(c.spanned and c.text == "行政复议" for c in top[1:5])
    assert (top[5].text, top[5].colspan, top[5].spanned) == ("行政诉讼", 10, False)
    assert all(c.spanned and c.text == "行政诉讼" for c in top[6:])
    upheld = t.rows[1][0]
    assert (upheld.text, upheld.rowspan, upheld.spanned) == ("结果维持", 2, False)
    below = t.rows[2][0]
    assert (below.text, below.rowspan, below.spanned) == ("结果维持", 2, True)
    assert t.rows[2][4].spanned and t.rows[2][4].text == "总计"
    assert (t.rows[1][5].text, t.rows[1][5].colspan) == ("未经复议直接起诉", 5)
    assert (t.rows[1][10].text, t.rows[1][10].colspan) == ("复议后起诉", 5)
    assert [c.text for c in t.rows[2][5:10]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert not any(c.spanned for c in t.rows[2][5:])
    assert [c.text for c in t.rows[3]] == list("210031001200000")


def test_grid_differs_from_python_docx_row_cells(doc):
    # python-docx repeats the merged cell object for each grid column it spans (and for vMerge
    # it returns the continuation cell, whose own text is empty); the grid says which is which.
    row = docx.Document(str(DOCX)).tables[1].rows[0]
    assert len(row.cells) == 15 and len({id(c._tc) for c in row.cells}) == 2
    assert [c.spanned for c in doc.tables[1].rows[0]].count(False) == 2


def test_inline_image_bytes(doc):
    (img,) = doc.images
    assert isinstance(img, Image)
    assert img.src == "word/media/image1.png"
    assert img.provenance.element == "img[1]"
    with zipfile.ZipFile(DOCX) as z:
        assert img.data == z.read("word/media/image1.png")
    assert img.data.startswith(b"\x89PNG\r\n\x1a\n")


def _rezip(drop: str | None = None, damage: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == drop:
                continue
            dst.writestr(name, data[:300] if name == damage else data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(lambda: DOCX.read_bytes()[:5000], "corrupt or truncated zip", id="truncated"),
        pytest.param(lambda: GBK.read_bytes(), "not a DOCX file", id="html"),
        pytest.param(lambda: b"", "not a DOCX file", id="empty"),
        pytest.param(
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le"),
            "encrypted",
            id="encrypted",
        ),
        pytest.param(lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old Word", id="doc"),
        pytest.param(lambda: _rezip(drop="word/document.xml"), "without word/document.xml", id="no-body"),
        pytest.param(lambda: _rezip(damage="word/document.xml"), "corrupt DOCX", id="bad-xml"),
    ],
)
def test_unreadable_input_raises_extraction_error(make, reason):
    with pytest.raises(ExtractionError) as err:
        read(make(), "reports/county_2021.docx")
    assert err.value.source == "reports/county_2021.docx"
    assert err.value.stage == "parse docx"
    assert reason in err.value.reason
    assert str(err.value).startswith("reports/county_2021.docx: parse docx failed:")
