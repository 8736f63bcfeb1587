"""The OCR stage: image blocks → table blocks, then OCR facts get their box, score and flags.

`ocr_document` runs after extraction and before normalisation when the standard tables are not
all in the text but the document has pictures (stand-alone image files, image-only PDF pages
rendered at 200 dpi, HTML `<img>` files the caller supplies (next to the page, or fetched with it),
DOCX `word/media`). Each picture is
OCR'd once (one RapidOCR engine per process) and replaced by the paragraphs and tables
`extractors.ocr.grid` rebuilds from its text boxes, knowing the printed labels through
`label_role`, so the ordinary reader and checks run unchanged. `annotate_facts` then gives every
OCR'd fact its box (image pixels), page and a confidence from the OCR score, and lets the
identities act as a second reader (`pipeline.ocr_correct`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extractors.document import Block, Document, Image, ImageLookup
from extractors.ocr.grid import OcrCell, build_blocks
from normalizers.labels import match_label
from normalizers.text import normalize_text

RENDER_DPI = 200
MIN_SIDE = 200  # smaller pictures are icons and logos, not tables
_DATA_URI = re.compile(r"^data:image/[\w.+-]+;base64,", re.IGNORECASE)


def label_role(text: str) -> str | None:
    """The role of a printed label ('row', 'column', 'group', 'table', …), None for other text:
    what the OCR grid needs to know of the report's vocabulary."""
    m = match_label(normalize_text(text))
    return m.role if m is not None else None


@dataclass
class OcrInfo:
    cells: dict[tuple[str, str, int, int], OcrCell] = field(default_factory=dict)  # (source, element, row, col)
    images_read: int = 0
    images_skipped: list[str] = field(default_factory=list)
    pictures: dict[str, object] = field(default_factory=dict)  # table element → PIL image (for crops)
    image_of: dict[str, str] = field(default_factory=dict)  # table element → the image ('page:1@200dpi', src)


def _load(img: Image, data: bytes, doc: Document, images: ImageLookup | None):
    """The PIL image of an image block, or None with a reason."""
    from extractors.ocr.engine import load_image
    from extractors.pdf import render_page

    src = img.src or ""
    if src.startswith("page:") and doc.format == "pdf":
        return render_page(data, int(src[5:]), RENDER_DPI), None
    if img.data:
        return load_image(img.data), None
    if _DATA_URI.match(src):
        import base64

        return load_image(base64.b64decode(_DATA_URI.sub("", src))), None
    found = images(src) if src and images is not None else None
    if found is not None:
        return load_image(found), None
    return None, f"image {src or '(embedded)'} not available"


def ocr_document(doc: Document, data: bytes, images: ImageLookup | None = None) -> tuple[Document, OcrInfo]:
    """A copy of `doc` whose image blocks are replaced by the blocks OCR reads from them.

    A page's `<img>` comes from `images` (src as printed → bytes), which the caller builds: the
    crawler's stored copies, or the files next to a page on disk. The pipeline itself reads nothing."""
    from extractors.ocr.cells import cell_reader
    from extractors.ocr.engine import ocr_image

    info = OcrInfo()
    blocks: list[Block] = []
    n_table = 1
    columns: list = []  # of the table the previous picture ended with (continued over a page break)
    for k, b in enumerate(doc.blocks):
        if not isinstance(b, Image):
            blocks.append(b)
            continue
        try:
            pil, why = _load(b, data, doc, images)
        except Exception as exc:  # noqa: BLE001 — a corrupt picture is a warning, not a failed document
            pil, why = None, f"image {b.src or k} unreadable ({type(exc).__name__})"
        if pil is None or min(pil.size) < MIN_SIDE:
            if why:
                info.images_skipped.append(why)
            blocks.append(b)
            continue
        element = b.provenance.element or "image"
        if b.src and not b.src.startswith("page:") and b.src not in element:
            element = f"{element} {b.src}"
        prov = replace(b.provenance, element=element)
        res = build_blocks(ocr_image(pil), prov, label_role, first_table=n_table, reread=cell_reader(pil),
                           columns=columns)
        columns = res.columns
        n_table += sum(1 for x in res.blocks if x.__class__.__name__ == "Table")
        for (el, r, c), cell in res.cells.items():
            info.cells[(doc.source, el, r, c)] = cell
        label = f"{b.src}@{RENDER_DPI}dpi" if (b.src or "").startswith("page:") else (b.src or element)
        if b.provenance.element and b.provenance.element.startswith("image frame"):
            label = f"{label}#{b.provenance.element[6:]}"
        for x in res.blocks:
            if x.__class__.__name__ == "Table":
                info.pictures[x.provenance.element] = pil
                info.image_of[x.provenance.element] = label
        info.images_read += 1
        blocks.extend(res.blocks)
    new = replace(doc, blocks=blocks, warnings=list(doc.warnings) + info.images_skipped)
    if info.images_read:
        new.needs_ocr = False
        new.warnings.append(f"tables read by OCR from {info.images_read} image(s)")
    return new, info


def ocr_cell_of(fact, info: OcrInfo) -> OcrCell | None:
    p = fact.provenance
    return info.cells.get((p.source, p.element, p.row, p.col))


def cells_by_key(facts: list, info: OcrInfo) -> dict[str, OcrCell]:
    """Canonical key → the OCR'd cell its fact was read from (facts not read by OCR are left out)."""
    cells = {f.key: ocr_cell_of(f, info) for f in facts}
    return {k: c for k, c in cells.items() if c is not None}


def annotate_facts(facts: list, info: OcrInfo) -> None:
    """Box and OCR confidence on every OCR'd fact; identity-guided digit correction."""
    from pipeline.ocr_correct import correct

    for f in facts:
        cell = ocr_cell_of(f, info)
        if cell is None:
            continue
        f.provenance = replace(f.provenance, bbox=tuple(round(v, 1) for v in cell.bbox))
        f.confidence = round(min(f.confidence, cell.score), 3)
    correct(facts, cells_by_key(facts, info))


def fact_images(facts: list, info: OcrInfo) -> dict[str, str]:
    """Canonical key → the image an OCR'd fact was read from."""
    return {f.key: info.image_of[f.provenance.element] for f in facts
            if f.provenance.bbox is not None and f.provenance.element in info.image_of}


def crops(facts: list, info: OcrInfo, margin: int = 12) -> dict[str, bytes]:
    """PNG crops (cell box plus a margin) of the OCR'd facts a person should check (flagged ones)."""
    import io

    out: dict[str, bytes] = {}
    for f in facts:
        pic = info.pictures.get(f.provenance.element or "")
        if pic is None or f.provenance.bbox is None or not f.flags:
            continue
        x0, y0, x1, y1 = f.provenance.bbox
        w, h = pic.size
        box = (max(0, int(x0) - 4 * margin), max(0, int(y0) - margin), min(w, int(x1) + 4 * margin),
               min(h, int(y1) + margin))
        buf = io.BytesIO()
        pic.crop(box).save(buf, "PNG")
        out[f.key] = buf.getvalue()
    return out


def set_aside_ocr_pre2019_tables(tables: list, info: OcrInfo) -> tuple[list, list[str]]:
    """Pre-2019 统计表 read from pictures, kept out of the values with a warning each.

    The standard tables' OCR'd digits are checked by the identities (`pipeline.ocr_correct`); a
    home-made statistics table has none, so a '/' read as '1' would be stored looking right.
    """
    kept, warnings = [], []
    for t in tables:
        image = info.image_of.get(t.provenance.element or "")
        if image is None:
            kept.append(t)
        else:
            warnings.append(f"a statistics table ({len(t.rows)} rows) was read by OCR from {image}; its values are "
                            "not used, since no identity can check OCR'd digits of a pre-2019 table")
    return kept, warnings


def ocr_statuses(statuses: list, info: OcrInfo) -> None:
    """A table still missing after OCR says that OCR read the pictures and did not find it."""
    for s in statuses:
        if s.status == "missing":
            s.reason = f"not found in the text nor by OCR in {info.images_read} image(s)"
        elif s.status == "partial":
            s.reason = (s.reason or "") + " (read by OCR)"
