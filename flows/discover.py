"""Discovery on fetched pages (pure): report links and pagination on list pages, attachments and
`<img>` tables on report pages. Pages are decoded with the project's charset detection (GBK).

Government CMSs often page their lists by script rather than by links: TRS WCM's
`createPageHTML(5, 0, "index", "html")` or its `var countPage = 5` / `document.write` pager, a
"共5页" line over an `index_1.html`… series, or a JSON list API fetched by "加载更多". A list page
read here yields the further pages those name and what the list says of its own length
(`Paging`), so the crawler can follow them and say when it reached fewer pages than claimed.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup

from extractors.encoding import decode_markup_or_text
from flows.sites import Site

YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".wps", ".rtf", ".mht", ".mhtml", ".xls", ".xlsx", ".et", ".ofd")
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")
CHROME_IMG = re.compile(r"logo|icon|banner|btn|button|arrow|share|qrcode|ewm|dot\.|spacer|blank\.", re.IGNORECASE)
PAGE_EXT = ("", ".html", ".htm", ".shtml", ".jhtml", ".jsp", ".php", ".aspx", ".do")

MAX_CLAIMED_PAGES = 1000  # a list claiming more is misread (or not a list worth crawling whole)
# createPageHTML(count, current, "index", "html") and createPageHTML('page_div', count, current, 'index', 'html', records)
CREATE_PAGE = re.compile(r"\bcreatePageHTML\s*\(([^()]*)\)")
COUNT_VAR = re.compile(r"\b(?:countPage|pageCount|totalPage|totalPages|pageTotal|page_count|maxPage)\s*=\s*[\"']?(\d+)")
JS_VAR = r"\b{}\s*=\s*[\"']?(\d+)"
PAGED_NAME = re.compile(r"([A-Za-z][\w-]*?)_[\"']\s*\+\s*\w+\s*\+\s*[\"']\.?(s?html?|jhtml)\b")  # "index_" + i + ".html"
SERIES_FILE = re.compile(r"^([A-Za-z][\w-]*?)(?:_(\d+))?\.(s?html?|jhtml)$")
PAGES_TEXT = re.compile(r"共\s*(\d+)\s*页|第?\s*\d+\s*/\s*(\d+)\s*页")
SCRIPT_URL = re.compile(r"""(["'])((?:https?:)?(?://|/|\./|\.\./)[^"'\s<>]*|[\w./-]+\.json(?:\?[^"'\s<>]*)?)\1""")
JS_OBJECT = re.compile(r"\A\s*,\s*\{([^{}]*)\}|\bdata\s*:\s*\{([^{}]*)\}")
JS_PAIR = re.compile(r"""["']?(\w+)["']?\s*:\s*(?:"([^"]*)"|'([^']*)'|(\d+))""")
STATIC_EXT = (".js", ".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".woff", ".woff2", ".ttf", ".swf")
JSONP = re.compile(r"\A\s*[\w$.]+\s*\((.*)\)\s*;?\s*\Z", re.DOTALL)
TAG = re.compile(r"<[^>]+>")

# JSON list APIs: names (lower case) of a page-number parameter, and of the fields of their answers
PAGE_PARAMS = ("page", "pageno", "pagenum", "pageindex", "pagenumber", "curpage", "currentpage", "page_no", "pn")
SIZE_PARAMS = ("pagesize", "size", "rows", "perpage", "limit", "page_size", "per_page", "ps")
TITLE_KEYS = ("title", "doctitle", "name", "subject", "showtitle", "maintitle", "articletitle", "bt")
URL_KEYS = ("url", "link", "href", "docurl", "docpuburl", "puburl", "linkurl", "weburl", "detailurl",
            "articleurl", "fileurl", "path")
PAGES_KEYS = ("totalpage", "totalpages", "pagecount", "pages", "countpage", "pagetotal", "totalpagenum",
              "page_count", "total_page", "total_pages")
RECORDS_KEYS = ("total", "totalcount", "totalrecords", "totalrecord", "recordcount", "totalnum", "totalsize",
                "totalelements", "total_count", "count")


@dataclass(frozen=True)
class Link:
    url: str
    kind: str  # 'list' | 'report' | 'attachment' | 'image'
    title: str
    year: int | None = None


@dataclass(frozen=True)
class Paging:
    """A list's own word on its length: `claimed` pages in the series `series` (its first page's URL,
    or the API's URL without the page number); `how` names the cue."""

    series: str
    claimed: int
    how: str  # 'createPageHTML' | 'countPage' | '共N页' | 'json'


@dataclass
class ListPage:
    """One list page read: report links and further list pages, and what it says of its series."""

    links: list[Link] = field(default_factory=list)
    paging: Paging | None = None
    url: str | None = None  # the page's own URL in its series (a column's '/' is its index.html)
    json: bool = False  # the answer of a JSON list API (its links are relative to the page showing it)


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


def _file(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def report_year(title: str) -> int | None:
    m = YEAR.search(title)
    return int(m.group(1)) if m else None


def _report_link(url: str, title: str, site: Site, report_re: re.Pattern[str]) -> Link | None:
    """A report (page or attachment) when the title matches the site's pattern and names a year in range."""
    year = report_year(title)
    if not report_re.search(title) or year is None:
        return None
    if site.years and not site.years[0] <= year <= site.years[1]:
        return None
    return Link(url, "attachment" if _ext(url) in ATTACHMENT_EXT else "report", title, year)


def read_list_page(data: bytes, page_url: str, site: Site, fmt: str | None, charset: str | None = None,
                   shown_on: str | None = None) -> ListPage:
    """Reports and further list pages of a list page, and its paging claim.

    `fmt` is the sniffed format of the bytes (`extractors.registry.sniff_format`, the one home of
    page-vs-file): an HTML page is read as HTML; a JSON (or JSONP) answer as a list API, whose
    relative links resolve against `shown_on`, the page that shows the list; anything else has no links.
    """
    doc = _json(data, charset)
    if doc is not None:
        return _json_list(doc, page_url, site, shown_on or page_url)
    if fmt != "html":
        return ListPage(url=page_url)
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
        found = _report_link(url, title, site, report_re)
        if found is not None:
            out.setdefault(url, found)
        elif next_re.search(text) or (text.isdigit() and len(text) <= 3 and _ext(url) in PAGE_EXT):
            out.setdefault(url, Link(url, "list", text))
    script = "\n".join(s.get_text() for s in soup.find_all("script"))
    paging, pages = _html_paging(soup, script, page_url)
    for url in pages + _script_apis(script, base):
        if url != page_url:
            out.setdefault(url, Link(url, "list", "script"))
    own = paging.series if paging and urlsplit(page_url).path.endswith("/") else page_url
    return ListPage(list(out.values()), paging, own)


# ------------------------------------------------------------------ pages named by script or text

def _series_key(url: str) -> str:
    """The series a page belongs to: its URL without the page number (`index_3.html` → `index.html`,
    `?pageNo=3` dropped)."""
    parts = urlsplit(url)
    path = re.sub(r"_\d+(\.\w+)$", r"\1", parts.path)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k.lower() not in PAGE_PARAMS])
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def _series(page_url: str, stem: str, ext: str, claimed: int, one_based: bool, how: str) -> tuple[Paging, list[str]]:
    """TRS naming: stem.ext, stem_1.ext … stem_{n-1}.ext (or stem_2 … stem_n where the CMS counts from 1)."""
    first = urljoin(page_url, f"{stem}.{ext}")
    rest = range(2, claimed + 1) if one_based else range(1, claimed)
    return Paging(first, claimed, how), [first] + [urljoin(page_url, f"{stem}_{k}.{ext}") for k in rest]


def _js_int(token: str, script: str) -> int | None:
    """An integer argument, literal or a variable the script sets (`createPageHTML(countPage, …)`)."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", token):
        m = re.search(JS_VAR.format(re.escape(token)), script)
        return int(m.group(1)) if m else None
    return None


def _name_in_url(page_url: str) -> tuple[str, str] | None:
    m = SERIES_FILE.match(_file(page_url))
    return (m.group(1), m.group(3)) if m else None


def _html_paging(soup: BeautifulSoup, script: str, page_url: str) -> tuple[Paging | None, list[str]]:
    """The page count a list states (paging script or '共N页' text) and the pages of its series."""
    joined = re.sub(r"[\"']\s*\+\s*[\"']", "", script)  # "index"+"_" → "index_"
    for m in CREATE_PAGE.finditer(script):
        args = [a.strip() for a in m.group(1).split(",")]
        numbers = [n for n in (_js_int(a, script) for a in args) if n is not None]
        strings = [a.strip("\"'") for a in args if a[:1] in ("\"", "'")]
        exts = [i for i, s in enumerate(strings) if s.lower() in ("html", "htm", "shtml", "jhtml")]
        if not numbers or not exts or exts[0] == 0:
            continue  # the function's definition, or a call we cannot read
        if numbers[0] <= 1:
            return None, []
        claimed = min(numbers[0], MAX_CLAIMED_PAGES)
        return _series(page_url, strings[exts[0] - 1], strings[exts[0]], claimed, False, "createPageHTML")
    m = COUNT_VAR.search(script)
    if m and int(m.group(1)) > 1:  # (a JSON loader's `var totalPage = 0` is no claim)
        named = PAGED_NAME.search(joined)
        stem, ext = (named.group(1), named.group(2)) if named else (_name_in_url(page_url) or ("index", "html"))
        return _series(page_url, stem, ext, min(int(m.group(1)), MAX_CLAIMED_PAGES), False, "countPage")
    m = PAGES_TEXT.search(soup.get_text(" "))
    if not m:
        return None, []
    claimed = min(int(m.group(1) or m.group(2)), MAX_CLAIMED_PAGES)
    if claimed <= 1:
        return None, []
    seen: Counter[tuple[str, str]] = Counter()
    numbers: set[int] = set()
    for url in [page_url] + [urljoin(page_url, a["href"]) for a in soup.find_all("a", href=True)]:
        f = SERIES_FILE.match(_file(url))
        if f and f.group(2) and urljoin(url, ".") == urljoin(page_url, "."):
            seen[(f.group(1), f.group(3))] += 1
            numbers.add(int(f.group(2)))
    if not seen:  # the list says how long it is, but not how its pages are named
        return Paging(_series_key(page_url), claimed, "共N页"), []
    (stem, ext), _ = seen.most_common(1)[0]
    one_based = 1 not in numbers or max(numbers) >= claimed
    return _series(page_url, stem, ext, claimed, one_based, "共N页")


# ------------------------------------------------------------------ JSON list APIs ("加载更多")

def _script_apis(script: str, base: str) -> list[str]:
    """URLs in the page's scripts that look like a paged JSON list API (a page-number parameter, in
    the URL or in the request's `data: {…}`, or a `.json` path), asking for the first page."""
    out: list[str] = []
    for m in SCRIPT_URL.finditer(script):
        literal = m.group(2)
        parts = urlsplit(literal)
        if parts.path.lower().endswith(STATIC_EXT + (".html", ".htm", ".shtml")):
            continue
        params = parse_qsl(parts.query, keep_blank_values=True)
        if not any(k.lower() in PAGE_PARAMS for k, _ in params):
            obj = JS_OBJECT.search(script[m.end():m.end() + 400])
            pairs = [(k, s or t or n) for k, s, t, n in JS_PAIR.findall((obj.group(1) or obj.group(2)) if obj else "")]
            if any(k.lower() in PAGE_PARAMS for k, _ in pairs):
                params += pairs
            elif not parts.path.lower().endswith(".json"):
                continue
        params = [(k, "1" if k.lower() in PAGE_PARAMS and not v else v) for k, v in params]
        url = _abs(base, urlunsplit(parts._replace(query=urlencode(params), fragment="")))
        if url and url not in out:
            out.append(url)
    return out


def _json(data: bytes, charset: str | None) -> Any:
    """The JSON (or JSONP) value of a list API's answer, else None."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:64]
    if not (head[:1] in (b"{", b"[") or re.match(rb"[\w$.]+\s*\(\s*[{\[]", head)):
        return None
    text, _ = decode_markup_or_text(data, charset)
    m = JSONP.match(text) if text.lstrip()[:1] not in ("{", "[") else None
    try:
        return json.loads(m.group(1) if m else text)
    except ValueError:
        return None


def _get(d: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k, v in d.items():
        if k.lower() in keys and v not in (None, ""):
            return v
    return None


def _records(doc: Any) -> list[dict[str, Any]]:
    """The list of {title, url, …} records in an API's answer (the longest such list, at any depth ≤ 4)."""
    best: list[dict[str, Any]] = []
    todo: list[tuple[Any, int]] = [(doc, 0)]
    while todo:
        value, depth = todo.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        if isinstance(value, list):
            rows = [v for v in value if isinstance(v, dict) and _get(v, TITLE_KEYS) and _get(v, URL_KEYS)]
            if len(rows) > len(best):
                best = rows
        if depth < 4:
            todo += [(c, depth + 1) for c in children if isinstance(c, (dict, list))]
    return best


def _count(doc: Any, keys: tuple[str, ...], depth: int = 0) -> int | None:
    """An integer field of the answer's objects (not inside its record lists), outermost first."""
    if not isinstance(doc, dict) or depth > 3:
        return None
    v = _get(doc, keys)
    if isinstance(v, int) or (isinstance(v, str) and v.isdigit()):
        return int(v)
    for child in doc.values():
        n = _count(child, keys, depth + 1)
        if n is not None:
            return n
    return None


def _page_param(url: str) -> tuple[str, int | None] | None:
    for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if k.lower() in PAGE_PARAMS:
            return k, int(v) if v.isdigit() else None
    return None


def _with_param(url: str, name: str, value: int) -> str:
    parts = urlsplit(url)
    query = [(k, str(value) if k == name else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _json_list(doc: Any, api_url: str, site: Site, shown_on: str) -> ListPage:
    """Reports in a JSON list API's answer; its page count (pages, or records ÷ page size), and the
    URLs of all its pages when this is the first (page numbers from 1, or from 0 if the first is 0)."""
    report_re = re.compile(site.report_pattern)
    out: dict[str, Link] = {}
    rows = _records(doc)
    for row in rows:
        url = _abs(shown_on, str(_get(row, URL_KEYS)))
        title = " ".join(TAG.sub("", str(_get(row, TITLE_KEYS))).split())
        found = _report_link(url, title, site, report_re) if url else None
        if found is not None:
            out.setdefault(found.url, found)
    claimed = _count(doc, PAGES_KEYS)
    if claimed is None:
        records = _count(doc, RECORDS_KEYS)
        size = _count(doc, SIZE_PARAMS) or next(
            (int(v) for k, v in parse_qsl(urlsplit(api_url).query) if k.lower() in SIZE_PARAMS and v.isdigit()),
            None) or len(rows)
        claimed = math.ceil(records / size) if records is not None and size else None
    page = ListPage(list(out.values()), url=api_url, json=True)
    if not claimed or claimed <= 1:
        return page
    claimed = min(claimed, MAX_CLAIMED_PAGES)
    page.paging = Paging(_series_key(api_url), claimed, "json")
    param = _page_param(api_url)
    if param is not None and param[1] in (0, 1):
        start = param[1]
        for n in range(start, start + claimed):
            url = _with_param(api_url, param[0], n)
            if url != api_url:
                page.links.append(Link(url, "list", "json"))
    return page


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
