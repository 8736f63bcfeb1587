"""Text-layer PDFs: lines of text and ruled tables, in reading order.

pdfplumber opens the file (its errors name the damage); each page's characters and ruling lines come
from pdfium (`pdf_pdfium.py`, several times faster than pdfminer's layout pass) and pdfplumber's table
finder and text lines run on them. A page pdfium cannot place as pdfminer does (rotated, or text
pdfium's text page leaves out) is read by pdfplumber itself; `read_with_pdfplumber` reads them all so.

Quirks handled here (pdfplumber 0.11):
- invisible white-filled rectangles behind text make false one-column "tables"; they are
  read as paragraphs (white fills cannot simply be dropped: 洪泽 2023 draws real cells with
  them, and its last table row disappears without them);
- a table that continues on the next page (淮安 2024 table 三 splits inside （四）无法提供) is
  joined to the previous one, and a label cut by the page break is rejoined;
- labels keep pdfplumber's line breaks ('三、\\n本\\n年…', '商业企\\n业'): they are joined
  without spaces, as Chinese print needs none.
A PDF without a text layer is recorded as needing OCR, with one image block per page.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.table import TableFinder
from pdfplumber.utils import chars_to_textmap, extract_text

from extractors.document import Block, Document, Image, Paragraph, Provenance, Table, table_from_texts
from extractors.errors import ExtractionError
from extractors.pdf_pdfium import read_page

_LABEL_START = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．]|第)")
MAX_PAGES = 500  # annual reports run to tens of pages; thousands means a wrong or hostile file
MIN_CHARS_PER_PAGE = 20  # fewer characters than this on every page: a scan
PageBlocks = list[tuple[float, Block]]  # a page's blocks with their top, to order them


def read(data: bytes, source: str) -> Document:
    """The document, each page read from pdfium's characters and paths where pdfium can stand in."""
    return _read(data, source, use_pdfium=True)


def read_with_pdfplumber(data: bytes, source: str) -> Document:
    """The document from pdfplumber's own reading of every page (pdfminer's layout pass): the reference."""
    return _read(data, source, use_pdfium=False)


def _read(data: bytes, source: str, use_pdfium: bool) -> Document:
    """pdfplumber opens the file and lists its pages (cheap, and its errors are the ones users know);
    each page's characters and ruling lines then come from pdfium unless it cannot place them."""
    doc = Document(source, hashlib.sha256(data).hexdigest(), "pdf")
    pdf = _open(data, source)
    fast = _open_pdfium(data) if use_pdfium else None
    try:
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise ExtractionError(source, "read pdf pages", f"{type(exc).__name__}: {exc}") from exc
        if not pages:
            raise ExtractionError(source, "read pdf pages", "the PDF has no pages")
        if len(pages) > MAX_PAGES:
            raise ExtractionError(source, "read pdf pages", f"{len(pages)} pages, over the {MAX_PAGES}-page limit "
                                  "for one report")
        if fast is not None and len(fast) != len(pages):
            fast.close()
            fast = None  # the two disagree on the page tree: pdfplumber's is the one to follow
        total_chars = 0
        for i, page in enumerate(pages):
            try:
                blocks, n_chars = _page(fast, i, page, source)
            except Exception as exc:  # noqa: BLE001 - one broken page must not lose the others
                doc.warnings.append(f"page {page.page_number}: could not be read ({type(exc).__name__}: {exc})")
                continue
            total_chars += n_chars
            _append_joining_tables(doc.blocks, blocks)
        _mark_scanned(doc, [p.page_number for p in pages], total_chars)
    finally:
        _close(pdf)
        if fast is not None:
            fast.close()
    return doc


def _open(data: bytes, source: str) -> Any:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise ExtractionError(source, "open pdf", "the PDF is encrypted (password protected)") from exc
    except (PDFSyntaxError, Exception) as exc:
        if b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]:
            raise ExtractionError(source, "open pdf", "the PDF is encrypted (password protected)") from exc
        raise ExtractionError(source, "open pdf", f"not a readable PDF ({type(exc).__name__}: {exc})") from exc


def _open_pdfium(data: bytes) -> pdfium.PdfDocument | None:
    try:
        return pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - pdfplumber reads what pdfium cannot
        return None


def _page(fast: pdfium.PdfDocument | None, index: int, page: Any, source: str) -> tuple[PageBlocks, int]:
    """One page's blocks and character count: from pdfium when it can stand in, else from pdfplumber."""
    if fast is not None:
        # Unsupported (see pdf_pdfium), or damage that pdfplumber then reads or reports
        with contextlib.suppress(Exception):
            mine = read_page(fast, index)
            return _page_blocks(mine, TableFinder(mine).tables, source), len(mine.chars)
    return _page_blocks(page, page.find_tables(), source), len(page.chars)


def _mark_scanned(doc: Document, page_numbers: list[int], total_chars: int) -> None:
    """Too few characters on the pages: a scan, one image block per page for OCR."""
    if total_chars < MIN_CHARS_PER_PAGE * len(page_numbers):
        doc.needs_ocr = True
        doc.blocks.extend(
            Image(Provenance(doc.source, page=n, element="page image"), src=f"page:{n}") for n in page_numbers
        )
        doc.warnings.append("no text layer: the pages are images and need OCR")


def _close(pdf: Any) -> None:
    """pdfplumber's close() walks the page tree again and raises on the same damage (fuzz-found)."""
    with contextlib.suppress(Exception):  # closing a damaged file must not mask the real error
        pdf.close()


def _page_blocks(page: Any, found: list[Any], source: str) -> PageBlocks:
    """A page's tables (from pdfplumber's table finder) and its other lines, ordered by top."""
    out: list[tuple[float, Block]] = []
    bboxes = []
    centres = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c) for c in page.chars]
    for i, t in enumerate(found):
        rows = _table_texts(t, centres)
        if max((len(r) for r in rows), default=0) < 2:
            continue  # a one-column "table" is body text in a box: keep it as lines
        bboxes.append(t.bbox)
        cells = [[_join_lines(c) for c in r] for r in rows]
        prov = Provenance(source, page=page.page_number, element=f"page {page.page_number} table {i + 1}")
        out.append((t.bbox[1], table_from_texts(cells, prov)))

    def outside(x: float, y: float) -> bool:
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in bboxes)

    text_page = chars_to_textmap([c for x, y, c in centres if outside(x, y)], layout_bbox=page.bbox)
    for n, line in enumerate(text_page.extract_text_lines(return_chars=False)):
        text = line["text"].strip()
        if text:
            prov = Provenance(source, page=page.page_number, element=f"page {page.page_number} line {n + 1}")
            kind = "chrome" if re.fullmatch(r"[—\-－]?\s*\d+\s*[—\-－]?", text) else "body"
            out.append((line["top"], Paragraph(text, prov, kind=kind)))
    out.sort(key=lambda x: x[0])
    return out


def _table_texts(table: Any, centres: list[tuple[float, float, dict[str, Any]]]) -> list[list[str | None]]:
    """pdfplumber's Table.extract(), each character's centre worked out once a page, not once a row."""
    out = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        in_row = [c for c in centres if x0 <= c[0] < x1 and top <= c[1] < bottom]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            chars = [c[2] for c in in_row if cx0 <= c[0] < cx1 and ctop <= c[1] < cbottom]
            texts.append(extract_text(chars) if chars else "")
        out.append(texts)
    return out


def _join_lines(cell: str | None) -> str | None:
    if cell is None:
        return None
    return re.sub(r"\s*\n\s*", "", cell).strip()


def _append_joining_tables(blocks: list[Block], page_blocks: PageBlocks) -> None:
    """Append a page's blocks; a table at the top of the page continues the previous page's table."""
    first_real = next((b for _, b in page_blocks if not (isinstance(b, Paragraph) and b.kind == "chrome")), None)
    prev = next((b for b in reversed(blocks) if not (isinstance(b, Paragraph) and b.kind == "chrome")), None)
    for _, block in page_blocks:
        if block is first_real and isinstance(block, Table) and isinstance(prev, Table) and _continues(prev, block):
            _join(prev, block)
            continue
        blocks.append(block)


def _continues(prev: Table, nxt: Table) -> bool:
    """Same column count and the new table does not start with a header or title row."""
    if prev.n_cols != nxt.n_cols or not nxt.rows:
        return False
    first = [c.text for c in nxt.rows[0]]
    return not any("信息内容" in t or "申请人情况" in t or "行政复议" == t for t in first)


def _join(prev: Table, nxt: Table) -> None:
    """Append `nxt`'s rows to `prev`; a label fragment cut by the page break is rejoined."""
    last = prev.rows[-1]
    first = nxt.rows[0]
    for c, cell in enumerate(first):
        text = cell.text
        if text and not cell.spanned and not _LABEL_START.match(text) and not re.fullmatch(r"[\d.,+\-/]+", text):
            above = next((prev.rows[r][c] for r in range(len(prev.rows) - 1, -1, -1)
                          if c < len(prev.rows[r]) and prev.rows[r][c].text and not prev.rows[r][c].spanned), None)
            if above is not None and _LABEL_START.match(above.text) and c < len(last):
                above.text = above.text + text
                cell.text = above.text
                cell.spanned = True
    offset = len(prev.rows)
    for r, row in enumerate(nxt.rows):
        for cell in row:
            cell.row = offset + r
        prev.rows.append(row)


def render_page(data: bytes, page_no: int, dpi: int) -> Any:
    """Page `page_no` (1-based) of a PDF as an RGB PIL image at `dpi`, for OCR of scanned pages."""
    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[page_no - 1].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
