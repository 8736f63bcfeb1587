"""DOCX reports → `Document`, read from the WordprocessingML XML.

python-docx's `row.cells` repeats a merged cell once per grid column it spans and says nothing
about vertical merges, so tables are rebuilt from `w:tc`/`w:gridSpan`/`w:vMerge` directly into
the shared grid convention (origin `spanned=False`, every covered position `spanned=True` with
the same text). Paragraphs and tables are read in body order, unwrapping content controls.
Provenance paths are 1-based: `p[i]`/`table[i]` among body-level paragraphs/tables, `img[i]`
among all images; a table nested in a cell is `table[i]/table[j]`.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from extractors.document import Block, Cell, Document, Image, Paragraph, Provenance, Table
from extractors.errors import ExtractionError

STAGE = "parse docx"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "v": "urn:schemas-microsoft-com:vml",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # real reports inflate to a few MB, images included
MAX_SPAN = 1000  # Word allows 63 grid columns; anything far beyond is a hostile file


def _w(tag: str) -> str:
    return f"{{{NS['w']}}}{tag}"


W_P, W_TBL, W_TR, W_TC = _w("p"), _w("tbl"), _w("tr"), _w("tc")
W_VAL = _w("val")
_WRAPPERS = {_w("sdt"): _w("sdtContent"), _w("customXml"): None, _w("smartTag"): None}
_SKIPPED = "ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent or ancestor::mc:Fallback"
_TEXT = etree.XPath(
    ".//*[self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen]"
    f"[not({_SKIPPED} or ancestor::w:pPr or ancestor::w:rPr)]",
    namespaces=NS,
)
_PICTURES = etree.XPath(
    f".//w:drawing[not({_SKIPPED})] | .//w:pict[not({_SKIPPED})] | .//w:object[not({_SKIPPED})]",
    namespaces=NS,
)
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def read(data: bytes, source: str) -> Document:
    """Parse DOCX bytes; corrupt, non-zip, old binary (.doc) or encrypted files raise `ExtractionError`."""
    wd = _open(data, source)
    reader = _Reader(source, wd)
    try:
        reader.body(wd.element.body)
    except (KeyError, ValueError, etree.LxmlError) as exc:
        raise ExtractionError(source, STAGE, f"malformed document XML ({exc})") from exc
    doc = Document(source, hashlib.sha256(data).hexdigest(), "docx", reader.blocks, warnings=reader.warnings)
    doc.title = _title(doc, wd)
    doc.needs_ocr = bool(doc.images) and not doc.tables
    return doc


def _open(data: bytes, source: str) -> WordDocument:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        if _ENCRYPTED in data:
            raise ExtractionError(source, STAGE, "encrypted (password-protected) Word document")
        raise ExtractionError(source, STAGE, "old Word/WPS binary (.doc), not a DOCX file")
    if not data.startswith(b"PK"):
        raise ExtractionError(source, STAGE, "not a DOCX file (no zip signature)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise ExtractionError(source, STAGE, "zip archive without word/document.xml")
            inflated = sum(i.file_size for i in z.infolist())
            if inflated > MAX_INFLATED_BYTES:  # a zip bomb: refuse before inflating anything
                raise ExtractionError(source, STAGE, f"decompresses to {inflated >> 20} MB, over the "
                                      f"{MAX_INFLATED_BYTES >> 20} MB limit (zip bomb?)")
        return docx.Document(io.BytesIO(data))
    except ExtractionError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise ExtractionError(source, STAGE, f"corrupt or truncated zip ({exc})") from exc
    except PackageNotFoundError as exc:
        raise ExtractionError(source, STAGE, f"not a Word package ({exc})") from exc
    except Exception as exc:  # zlib.error, XMLSyntaxError, KeyError, ValueError from a damaged part
        raise ExtractionError(source, STAGE, f"corrupt DOCX ({type(exc).__name__}: {exc})") from exc


def _unwrap(parent: etree._Element, wanted: tuple[str, ...]) -> Iterator[etree._Element]:
    """Children of `parent` with a tag in `wanted`, looking inside content controls and custom XML."""
    for child in parent.iterchildren():
        if child.tag in wanted:
            yield child
        elif child.tag in _WRAPPERS:
            inner = _WRAPPERS[child.tag]
            box = child.find(inner) if inner else child
            if box is not None:
                yield from _unwrap(box, wanted)


def paragraph_text(p: etree._Element) -> str:
    """Visible text of a `w:p`: runs, hyperlinks, insertions; not deletions, text boxes or fallbacks."""
    parts = []
    for el in _TEXT(p):
        name = etree.QName(el).localname
        if name == "t":
            parts.append(el.text or "")
        elif name == "tab":
            parts.append("\t")
        elif name == "noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts).strip()


def _int(el: etree._Element | None, default: int) -> int:
    try:
        return int(el.get(W_VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default


@dataclass
class _Origin:
    text: str
    row: int
    col: int
    colspan: int
    rowspan: int = 1


class _Reader:
    def __init__(self, source: str, wd: WordDocument):
        self.source, self.wd = source, wd
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.n_img = 0
        self.styles: dict[str | None, str] = {}
        for style in wd.styles.element.iterchildren(_w("style")):
            name = style.find(_w("name"))
            if name is not None:
                self.styles[style.get(_w("styleId"))] = (name.get(W_VAL) or "").lower()

    def body(self, body: etree._Element) -> None:
        n_p = n_tbl = 0
        for el in _unwrap(body, (W_P, W_TBL)):
            if el.tag == W_P:
                n_p += 1
                self.paragraph(el, f"p[{n_p}]")
            else:
                n_tbl += 1
                self.table(el, f"table[{n_tbl}]")

    def paragraph(self, p: etree._Element, path: str) -> None:
        text = paragraph_text(p)
        if text:
            kind = "heading" if self._is_heading(p) else "body"
            self.blocks.append(Paragraph(text, Provenance(self.source, element=path), kind=kind))
        self.images(p)

    def _is_heading(self, p: etree._Element) -> bool:
        ppr = p.find(_w("pPr"))
        if ppr is None:
            return False
        if _int(ppr.find(_w("outlineLvl")), 9) < 9:
            return True
        style = ppr.find(_w("pStyle"))
        name = self.styles.get(style.get(W_VAL), "") if style is not None else ""
        return name.startswith(("heading", "title", "标题"))

    def images(self, el: etree._Element) -> None:
        for pic in _PICTURES(el):
            rid, alt = _picture_ref(pic)
            if not rid:
                continue
            part = self.wd.part.related_parts.get(rid)
            self.n_img += 1
            prov = Provenance(self.source, element=f"img[{self.n_img}]")
            if part is None:  # linked (external) picture or dangling relationship
                self.warnings.append(f"img[{self.n_img}]: relationship {rid} has no embedded part")
                self.blocks.append(Image(prov, src=None, alt=alt))
                continue
            self.blocks.append(Image(prov, src=str(part.partname).lstrip("/"), data=part.blob, alt=alt))

    def table(self, tbl: etree._Element, path: str) -> None:
        """Emit the table, then tables nested in its cells, then pictures in its cells."""
        rows, nested = self._grid(tbl)
        if rows:
            self.blocks.append(Table(rows, Provenance(self.source, element=path)))
        for i, inner in enumerate(nested, 1):
            self.table(inner, f"{path}/table[{i}]")
        for tr in _unwrap(tbl, (W_TR,)):
            for tc in _unwrap(tr, (W_TC,)):
                for p in _unwrap(tc, (W_P,)):
                    self.images(p)

    def _grid(self, tbl: etree._Element) -> tuple[list[list[Cell]], list[etree._Element]]:
        placed: dict[tuple[int, int], tuple[_Origin, bool]] = {}
        nested: list[etree._Element] = []
        open_v: dict[int, _Origin] = {}  # start column → origin of a vertical merge still running
        for r, tr in enumerate(_unwrap(tbl, (W_TR,))):
            col = _int(tr.find(f"{_w('trPr')}/{_w('gridBefore')}"), 0)
            still_open: dict[int, _Origin] = {}
            for tc in _unwrap(tr, (W_TC,)):
                tcpr = tc.find(_w("tcPr"))
                span = min(max(_int(tcpr.find(_w("gridSpan")) if tcpr is not None else None, 1), 1), MAX_SPAN)
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                nested.extend(_unwrap(tc, (W_TBL,)))
                origin = open_v.get(col)
                if (
                    vmerge is not None
                    and vmerge.get(W_VAL, "continue") == "continue"
                    and origin is not None
                    and origin.colspan == span
                ):
                    origin.rowspan = r - origin.row + 1
                    for c in range(col, col + span):
                        placed[(r, c)] = (origin, True)
                    still_open[col] = origin
                else:
                    texts = (paragraph_text(p) for p in _unwrap(tc, (W_P,)))
                    origin = _Origin("\n".join(t for t in texts if t), r, col, span)
                    for c in range(col, col + span):
                        placed[(r, c)] = (origin, c != col)
                    if vmerge is not None:  # restart (or a continue with nothing above: start anew)
                        still_open[col] = origin
                col += span
            open_v = still_open
        return _cells(placed), nested


def _cells(placed: dict[tuple[int, int], tuple[_Origin, bool]]) -> list[list[Cell]]:
    if not placed:
        return []
    height = 1 + max(r for r, _ in placed)
    width = 1 + max(c for _, c in placed)
    rows = []
    for r in range(height):
        row = []
        for c in range(width):
            if (r, c) in placed:
                o, spanned = placed[(r, c)]
                row.append(Cell(o.text, r, c, o.rowspan, o.colspan, spanned=spanned))
            else:
                row.append(Cell("", r, c))
        rows.append(row)
    return rows


def _picture_ref(pic: etree._Element) -> tuple[str | None, str]:
    """(relationship id, alt text) of a `w:drawing` (DrawingML) or `w:pict`/`w:object` (VML)."""
    r_embed, r_id = f"{{{NS['r']}}}embed", f"{{{NS['r']}}}id"
    blip = pic.find(".//a:blip", NS)
    if blip is not None:
        doc_pr = pic.find(".//wp:docPr", NS)
        alt = (doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None else ""
        return blip.get(r_embed), alt.strip()
    data = pic.find(".//v:imagedata", NS)
    if data is not None:
        shape = data.getparent()
        return data.get(r_id), (shape.get("alt") or data.get("title") or "").strip()
    return None, ""


def _title(doc: Document, wd: WordDocument) -> str | None:
    """First heading; else the core-properties title; else a short first paragraph (usually the title)."""
    heading = next((p.text for p in doc.paragraphs if p.kind == "heading"), None)
    if heading:
        return heading.replace("\n", " ")
    core = (wd.core_properties.title or "").strip()
    if core:
        return core
    first = next((p.text for p in doc.paragraphs), None)
    return first.replace("\n", " ") if first and len(first) <= 100 else None
