"""The format-independent document model.

Every extractor (HTML, DOCX, PDF, text) turns bytes into a `Document`; every later stage
(normalize, interpret, validate, load) reads only this model. Blocks keep their reading order
and each carries a `Provenance` saying where in the source it came from, so that every number
the pipeline reports can be traced back to a page, element, row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

Format = Literal["html", "docx", "pdf", "text", "markdown", "image"]
# A page's pictures are not in its bytes: the caller supplies them, an <img> src as printed → its bytes
# (None when not at hand), so reading and interpreting stay pure.
ImageLookup = Callable[[str], "bytes | None"]


@dataclass(frozen=True)
class Provenance:
    """Where a block or cell sits in its source document.

    `page` is 1-based (PDF pages); `element` is a format-specific path such as
    ``table[2]`` (HTML/DOCX), ``line 120`` (text dumps) or ``page 4 table 1`` (PDF).
    `row`/`col` are 0-based grid coordinates for table cells. `bbox` is a box in the page or
    image the element was read from (x0, y0, x1, y1; pixels of the image for OCR'd text, origin
    top-left), so a person can crop and check it.
    """

    source: str
    page: int | None = None
    element: str | None = None
    row: int | None = None
    col: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def at_cell(self, row: int, col: int) -> Provenance:
        return replace(self, row=row, col=col)

    def describe(self) -> str:
        parts = [self.source]
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.element:
            parts.append(self.element)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.col is not None:
            parts.append(f"col {self.col}")
        if self.bbox is not None:
            parts.append("box " + ",".join(f"{v:.0f}" for v in self.bbox))
        return ", ".join(parts)


@dataclass
class Cell:
    """One grid position of a table after row/col spans are expanded.

    A merged cell appears once as its origin (`spanned=False`) and again at every grid position
    it covers (`spanned=True`, same text), so row-wise readers see group labels on every row.
    `original` keeps the text as printed (before OpenCC / NFKC normalisation).
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    spanned: bool = False
    original: str | None = None


@dataclass
class Paragraph:
    text: str
    provenance: Provenance
    original: str | None = None
    kind: Literal["body", "heading", "chrome"] = "body"


@dataclass
class Table:
    rows: list[list[Cell]]
    provenance: Provenance

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def texts(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.rows]


@dataclass
class Image:
    """A picture in the document: often a scanned standard table (handled by OCR later)."""

    provenance: Provenance
    src: str | None = None
    data: bytes | None = None
    alt: str = ""


Block = Paragraph | Table | Image


@dataclass
class Document:
    """A parsed document: metadata plus blocks in reading order."""

    source: str
    sha256: str
    format: Format
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    needs_ocr: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def images(self) -> list[Image]:
        return [b for b in self.blocks if isinstance(b, Image)]

    def body_text(self) -> str:
        """Report text without page chrome, paragraphs joined by newlines."""
        return "\n".join(p.text for p in self.paragraphs if p.kind != "chrome")


def table_from_texts(rows: list[list[str | None]], provenance: Provenance) -> Table:
    """Build a `Table` from a list of row texts where `None` marks a position covered by a merge.

    pdfplumber reports a merged region as its text in the first position and `None` elsewhere,
    without saying in which direction it spans; such positions become empty `spanned` cells.
    Extractors that know the real spans (HTML, DOCX) build their cells directly.
    """
    width = max((len(r) for r in rows), default=0)
    grid = [
        [
            Cell(row[c], r, c) if c < len(row) and row[c] is not None else Cell("", r, c, spanned=True)
            for c in range(width)
        ]
        for r, row in enumerate(rows)
    ]
    return Table(grid, provenance)
