"""Discovery on fetched pages (pure): report links and pagination on list pages, attachments and
`<img>` tables on report pages. Pages are decoded with the project's charset detection (GBK)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

from extractors.encoding import decode_markup_or_text
from flows.sites import Site

YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".wps", ".rtf", ".mht", ".mhtml", ".xls", ".xlsx", ".et", ".ofd")
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")
CHROME_IMG = re.compile(r"logo|icon|banner|btn|button|arrow|share|qrcode|ewm|dot\.|spacer|blank\.", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    url: str
    kind: str  # 'list' | 'report' | 'attachment' | 'image'
    title: str
    year: int | None = None


def _soup(data: bytes, charset: str | None) -> BeautifulSoup:
    text, _ = decode_markup_or_text(data, charset)
    return BeautifulSoup(text, "html.parser")


def _base(soup: BeautifulSoup, page_url: str) -> str:
    tag = soup.find("base", href=True)
    return urljoin(page_url, tag["href"]) if tag else page_url


def _abs(base: str, href: str) -> str | None:
    href = (href or "").strip()
    if not href or href.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    url = urldefrag(urljoin(base, href))[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def _ext(url: str) -> str:
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    return path[dot:] if dot > path.rfind("/") else ""


def report_year(title: str) -> int | None:
    m = YEAR.search(title)
    return int(m.group(1)) if m else None


def list_page_links(data: bytes, page_url: str, site: Site, charset: str | None = None) -> list[Link]:
    """Reports (title matches the site's report pattern and names a year) and further list pages."""
    soup = _soup(data, charset)
    base = _base(soup, page_url)
    report_re, next_re = re.compile(site.report_pattern), re.compile(site.next_pattern)
    out: dict[str, Link] = {}
    for a in soup.find_all("a", href=True):
        url = _abs(base, a["href"])
        if url is None or url == page_url:
            continue
        title = " ".join((a.get("title") or a.get_text(" ", strip=True) or "").split())
        text = " ".join(a.get_text(" ", strip=True).split())
        year = report_year(title)
        if report_re.search(title) and year is not None:
            if site.years and not site.years[0] <= year <= site.years[1]:
                continue
            kind = "attachment" if _ext(url) in ATTACHMENT_EXT else "report"
            out.setdefault(url, Link(url, kind, title, year))
        elif next_re.search(text) or (text.isdigit() and len(text) <= 3 and _ext(url) in ("", ".html", ".htm",
                                                                                         ".shtml", ".jsp", ".php")):
            out.setdefault(url, Link(url, "list", text))
    return list(out.values())


def report_page_links(data: bytes, page_url: str, charset: str | None = None) -> list[Link]:
    """Attachments (PDF, DOC/DOCX, WPS, XLS, images linked) and the page's `<img>` (tables as images)."""
    soup = _soup(data, charset)
    base = _base(soup, page_url)
    out: dict[str, Link] = {}
    for a in soup.find_all("a", href=True):
        url = _abs(base, a["href"])
        if url is None:
            continue
        ext = _ext(url)
        title = " ".join(a.get_text(" ", strip=True).split())
        if ext in ATTACHMENT_EXT:
            out.setdefault(url, Link(url, "attachment", title, report_year(title)))
        elif ext in IMAGE_EXT:
            out.setdefault(url, Link(url, "image", title))
    for img in soup.find_all("img", src=True):
        url = _abs(base, img["src"])
        if url is None or CHROME_IMG.search(urlsplit(url).path):
            continue
        try:
            if 0 < int(str(img.get("width", "0")).rstrip("px")) < 100:
                continue
        except ValueError:
            pass
        out.setdefault(url, Link(url, "image", img.get("alt") or ""))
    return list(out.values())
