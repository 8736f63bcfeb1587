"""The two PDF readers agree: pdfium's characters and paths give the blocks pdfplumber's own reading gives."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from extractors.errors import ExtractionError
from extractors.pdf import read, read_with_pdfplumber
from extractors.pdf_pdfium import Unsupported, read_page
from tests.support.paths import EXAMPLES, FIXTURES, SHARED_CORPUS

PDFS = sorted([*FIXTURES.rglob("*.pdf"), *EXAMPLES.glob("*.pdf"), *SHARED_CORPUS.rglob("*.pdf")])


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_pdfium_reader_gives_pdfplumbers_blocks(path: Path) -> None:
    data = path.read_bytes()
    try:
        expected = read_with_pdfplumber(data, path.name)
    except ExtractionError as err:
        with pytest.raises(ExtractionError) as again:
            read(data, path.name)
        assert (again.value.stage, again.value.reason) == (err.stage, err.reason)
        return
    doc = read(data, path.name)
    assert doc.blocks == expected.blocks  # text, tables, cells and provenance
    assert (doc.needs_ocr, doc.warnings) == (expected.needs_ocr, expected.warnings)


@pytest.fixture
def layout_passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The page numbers pdfplumber runs pdfminer's layout pass on."""
    seen: list[int] = []
    layout = pdfplumber.page.Page.layout

    def counted(page: pdfplumber.page.Page) -> object:
        seen.append(page.page_number)
        return layout.fget(page)

    monkeypatch.setattr(pdfplumber.page.Page, "layout", property(counted))
    return seen


def test_pages_pdfium_reads_skip_pdfminers_layout_pass(layout_passes: list[int]) -> None:
    read((EXAMPLES / "shuyang_2023.pdf").read_bytes(), "s.pdf")
    assert set(layout_passes) == {3}  # page 3 only: see the next test
    read_with_pdfplumber((EXAMPLES / "shuyang_2023.pdf").read_bytes(), "s.pdf")
    assert set(layout_passes) == {1, 2, 3, 4, 5}


def _same_objects(mine: list[dict], theirs: list[dict], keys: tuple[str, ...]) -> None:
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs, strict=True):
        assert all(abs(a[k] - b[k]) < 1e-3 for k in keys), (a, b)
        assert a.get("text") == b.get("text") and a.get("orientation") == b.get("orientation")


@pytest.mark.parametrize("name", ["huaian_2024.pdf", "hongze_2023.pdf"])
def test_characters_and_ruling_lines_sit_where_pdfminer_puts_them(shared_corpus: Path, name: str) -> None:
    # 洪泽 2023 has a vertical-writing label (三、本年度办理结果) and white-filled cells
    data = (shared_corpus / "real" / name).read_bytes()
    pdf = pdfium.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        for i, theirs in enumerate(plumber.pages):
            mine = read_page(pdf, i)
            assert mine.bbox == tuple(theirs.bbox)
            _same_objects(mine.chars, theirs.chars, ("x0", "x1", "top", "bottom"))
            _same_objects(mine.edges, theirs.edges, ("x0", "x1", "top", "bottom"))
    pdf.close()


def test_a_page_pdfium_leaves_text_out_of_is_read_by_pdfplumber() -> None:
    # 沭阳 2023 page 3: one-character text objects in a font the PDF does not embed ('商业企' / '业')
    data = (EXAMPLES / "shuyang_2023.pdf").read_bytes()
    pdf = pdfium.PdfDocument(data)
    with pytest.raises(Unsupported):
        read_page(pdf, 2)
    assert read_page(pdf, 1).chars  # the other pages are pdfium's
    pdf.close()


def test_a_rotated_page_is_read_by_pdfplumber() -> None:
    pdf = pdfium.PdfDocument((EXAMPLES / "shuyang_2023.pdf").read_bytes())
    pdf[0].set_rotation(90)
    buf = io.BytesIO()
    pdf.save(buf)
    with pytest.raises(Unsupported):
        read_page(pdf, 0)
    pdf.close()
    data = buf.getvalue()
    assert read(data, "r.pdf").blocks == read_with_pdfplumber(data, "r.pdf").blocks


def test_a_scan_without_text_layer_needs_ocr() -> None:
    doc = read((FIXTURES / "scans" / "qingtongxia_2019_scan.pdf").read_bytes(), "scan.pdf")
    assert doc.needs_ocr
    assert [b.src for b in doc.blocks] == ["page:1", "page:2"]
