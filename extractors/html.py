"""HTML report pages → `Document`.

Government report pages wrap the report in site chrome (menus, breadcrumbs, footers, share
bars) and often in layout tables. Text outside the report's body (`extractors.html_body`), and
inside chrome-named elements, is kept as `Paragraph(kind="chrome")` so prose counting never reads
a menu. Data tables become grids (`extractors.html_table`); layout tables are read as
containers. Provenance paths are 1-based per tag in document order, like XPath `(//table)[2]`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from extractors.document import Document, Image, Paragraph, Provenance, Table
from extractors.encoding import decode_markup_or_text
from extractors.errors import ExtractionError
from extractors.html_body import content_root, is_chrome
from extractors.html_table import BLOCK_TAGS, DROP_TAGS, build_grid, cell_text, clean, descendant_tags

STAGE = "parse html"
MAX_CELL_TEXT = 1000  # a "cell" longer than this is a page region in a layout table
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BINARY_MAGIC = {
    b"%PDF-": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (DOCX/XLSX?)",
    b"\xd0\xcf\x11\xe0": "a old Office (.doc/.xls) file",
}


def read(
    data: bytes, source: str, *, base_url: str | None = None, http_charset: str | None = None
) -> Document:
    """Parse HTML bytes; `base_url` (the page's URL) makes image `src`s absolute."""
    _reject_binary(data, source)
    text, encoding = decode_markup_or_text(data, http_charset)
    if _control_ratio(text[:4096]) > 0.05:
        raise ExtractionError(source, STAGE, f"binary content, not HTML (decoded as {encoding})")
    try:
        soup = BeautifulSoup(text.replace("\x00", ""), "lxml")
    except Exception as exc:  # lxml gives up only on pathological input
        raise ExtractionError(source, STAGE, f"unparseable markup ({exc})") from exc
    doc = Document(source, hashlib.sha256(data).hexdigest(), "html")
    tags = descendant_tags(soup)
    doc.title = _title(tags)
    base = _base(tags, base_url)
    for el in tags:
        if el.name in DROP_TAGS and not el.decomposed:
            el.decompose()
    tags = descendant_tags(soup)
    body = soup.body or soup
    walker = _Walker(source, base, _element_index(tags), content_root(body))
    try:
        walker.run(body)
        doc.blocks, doc.warnings = walker.blocks, walker.warnings
    except RecursionError:  # thousands of unclosed tags: fall back to the page's text lines
        lines = (clean(line) for line in body.get_text("\n").splitlines())
        prov = Provenance(source, element="body[1]")
        doc.blocks = [Paragraph(line, prov) for line in lines if line]
        doc.warnings = ["markup nested too deeply for structure; read as plain text lines"]
    doc.needs_ocr = bool(doc.images) and not doc.tables
    bad = text.count("\ufffd")
    if bad:
        doc.warnings.append(f"{bad} undecodable byte sequence(s) replaced (decoded as {encoding})")
    if not doc.blocks:
        doc.warnings.append("no text, tables or images found")
    return doc


def _reject_binary(data: bytes, source: str) -> None:
    if not data.strip():
        raise ExtractionError(source, STAGE, "empty file")
    head = data[:4096]
    for magic, what in _BINARY_MAGIC.items():
        if head.lstrip()[: len(magic)] == magic:
            raise ExtractionError(source, STAGE, f"binary content: this is {what}, not HTML")
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    nuls = head.count(b"\x00")
    if not utf16 and nuls > 8 and nuls * 100 > len(head):
        raise ExtractionError(source, STAGE, "binary content (NUL bytes), not HTML")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f\x00")  # NULs: _reject_binary
    return bad / len(text)


def _title(tags: list[Tag]) -> str | None:
    """`<meta name="ArticleTitle">` (TRS CMS, the bare title), else `<title>`, else the first h1."""
    meta = next(
        (t for t in tags if t.name == "meta" and str(t.get("name", "")).lower() == "articletitle"), None
    )
    title = next((t for t in tags if t.name == "title"), None)
    h1 = next((t for t in tags if t.name == "h1"), None)
    for candidate in (meta.get("content") if meta else None, title, h1):
        if candidate is None:
            continue
        text = clean(candidate if isinstance(candidate, str) else candidate.get_text(" "))
        if text:
            return text
    return None


def _base(tags: list[Tag], base_url: str | None) -> str | None:
    tag = next((t for t in tags if t.name == "base" and t.get("href")), None)
    href = str(tag["href"]).strip() if tag else ""
    if not href:
        return base_url
    return _join(base_url, href) if base_url else href


def _join(base: str | None, url: str) -> str:
    if not base:
        return url
    try:
        return urljoin(base, url)
    except ValueError:  # e.g. a malformed IPv6 host
        return url


def _element_index(tags: list[Tag]) -> dict[int, str]:
    """id(tag) → 'tag[n]' with n counting that tag name in document order from 1."""
    counts: dict[str, int] = {}
    index: dict[int, str] = {}
    for el in tags:
        counts[el.name] = counts.get(el.name, 0) + 1
        index[id(el)] = f"{el.name}[{counts[el.name]}]"
    return index


class _Walker:
    """Emits blocks in reading order. Mode "chrome" covers everything outside the content root and
    every chrome-named element: its text becomes chrome paragraphs (tables included), its images
    are dropped (logos, share icons)."""

    def __init__(self, source: str, base: str | None, index: dict[int, str], root: Tag):
        self.source, self.base, self.index, self.root = source, base, index, root
        self.blocks: list[Paragraph | Table | Image] = []
        self.warnings: list[str] = []
        self.buf: list[str] = []
        self.owner: Tag | None = None
        self.mode = "body"

    def run(self, body: Tag) -> None:
        self._container(body, "body" if self.root is body else "chrome")

    def _prov(self, el: Tag | None) -> Provenance:
        return Provenance(self.source, element=self.index.get(id(el)) if el is not None else None)

    def _mode_of(self, el: Tag, parent: str) -> str:
        if el is self.root:
            return "body"
        return "chrome" if parent == "chrome" or is_chrome(el) else "body"

    def _flush(self) -> None:
        text = clean("".join(self.buf))
        self.buf = []
        if not text:
            return
        kind = "chrome" if self.mode == "chrome" else "body"
        if kind == "body" and self.owner is not None and self.owner.name in HEADINGS:
            kind = "heading"
        self.blocks.append(Paragraph(text, self._prov(self.owner), kind=kind))

    def _container(self, el: Tag, mode: str) -> None:
        self._flush()
        saved = self.owner, self.mode
        self.owner, self.mode = el, mode
        self._children(el)
        self._flush()
        self.owner, self.mode = saved

    def _children(self, el: Tag) -> None:
        for child in el.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    self.buf.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in DROP_TAGS:
                continue
            mode = self._mode_of(child, self.mode)
            if child.name == "br":
                self._flush()
            elif child.name == "img":
                self._image(child, mode)
            elif child.name == "table":
                self._table(child, mode)
            elif child.name in BLOCK_TAGS or child.name in HEADINGS or mode != self.mode:
                self._container(child, mode)
            else:
                self._children(child)  # inline element: same paragraph

    def _table(self, el: Tag, mode: str) -> None:
        self._flush()
        if descendant_tags(el, {"table"}):
            self._container(el, mode)  # layout table: read its cells as text containers
            return
        rows, warnings = build_grid(el)
        self.warnings.extend(f"{self.index.get(id(el))}: {w}" for w in warnings)
        width = max((len(r) for r in rows), default=0)
        longest = max((len(c.text) for r in rows for c in r), default=0)
        if mode == "chrome" or width < 2 or longest > MAX_CELL_TEXT:
            self._container(el, mode)  # one-column or page-sized cells: a layout table
            return
        caption = next(iter(descendant_tags(el, {"caption"})), None)
        if caption is not None and cell_text(caption):
            self.blocks.append(Paragraph(cell_text(caption), self._prov(caption), kind="heading"))
        self.blocks.append(Table(rows, self._prov(el)))
        for img in descendant_tags(el, {"img"}):
            self._image(img, mode)

    def _image(self, el: Tag, mode: str) -> None:
        if mode == "chrome":
            return
        self._flush()
        raw = str(el.get("data-original") or el.get("data-src") or el.get("src") or "").strip()
        if not raw:
            return
        src, data = raw, None
        if raw.lower().startswith("data:"):
            src, data = _data_uri(raw)
        else:
            src = _join(self.base, raw)
        alt = clean(str(el.get("alt") or el.get("title") or ""))
        self.blocks.append(Image(self._prov(el), src=src, data=data, alt=alt))


def _data_uri(uri: str) -> tuple[str, bytes | None]:
    """('data:image/png', bytes) for an inline base64 image."""
    head, _, payload = uri.partition(",")
    mime = head.split(";")[0]
    if ";base64" not in head.lower():
        return mime, None
    try:
        return mime, base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        return mime, None


