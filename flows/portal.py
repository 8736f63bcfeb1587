"""A local example portal on 127.0.0.1, served from the bundled corpus (for `ogi demo` and the tests).

It looks like a county portal's 政府信息公开年报 column: GBK list pages with pagination, report pages
(HTML tables, `<img>` tables, or a short page with a PDF / DOCX attachment). It answers conditional
GETs (ETag / Last-Modified → 304) and serves robots.txt. Two more columns, not linked from the
first, are paged by script as real CMSs do: an archive whose list continues only through TRS WCM's
`createPageHTML(…)` (`ARCHIVE`), and one filled from a JSON list API by "加载更多" (`FEED`).
With `faults=True` it adds what real portals do to crawlers: a redirect, a 404, a 500 that
succeeds on retry, a slow page, an oversized file and a link that robots.txt disallows.
"""

from __future__ import annotations

import hashlib
import json
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
COLUMN = "/xxgk/zfxxgknb/"
LIST_1, LIST_2 = COLUMN + "index.html", COLUMN + "index_1.html"
ARCHIVE = "/xxgk/ndbg/"  # 2010–2019 reports, 4 a page; pages 2 and 3 are named only by createPageHTML
ARCHIVE_YEARS = tuple(range(2019, 2009, -1))
FEED = "/zwgk/zfxxgknb/"  # 2011–2015 reports from a JSON API, 3 a page ("加载更多")
FEED_API = "/api/cms/article/list"
FEED_YEARS = tuple(range(2015, 2010, -1))


def route_key(path: str, query: str = "") -> str:
    """A route's key: the path, and the query with its parameters sorted (a list API's pages)."""
    q = urlencode(sorted(parse_qsl(query, keep_blank_values=True)))
    return f"{path}?{q}" if q else path


@dataclass
class Route:
    body: bytes
    content_type: str
    last_modified: float = 1_700_000_000.0

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Portal:
    routes: dict[str, Route] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    fail_once: set[str] = field(default_factory=set)  # 500 on the first request only
    slow: dict[str, float] = field(default_factory=dict)  # path → seconds before answering
    robots: str = "User-agent: *\nDisallow: /private/\n"
    hits: dict[str, int] = field(default_factory=dict)
    bodies_sent: dict[str, int] = field(default_factory=dict)  # 200 responses with a body
    lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, path: str, body: bytes, content_type: str | None = None) -> None:
        """Replace a route's bytes (a corrected report); its ETag and Last-Modified change."""
        old = self.routes.get(path)
        ct = content_type or (old.content_type if old else "application/octet-stream")
        stamp = (old.last_modified + 86400) if old else time.time()
        self.routes[path] = Route(body, ct, stamp)


def _png(width: int = 8, height: int = 8, shade: int = 200) -> bytes:
    """A small valid grayscale PNG (stands in for a scanned table image)."""
    raw = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


GBK_HTML = "text/html"  # no charset in the header: the page's own <meta charset=gbk> must be read


def _gbk_page(title: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\" />"
        f"<title>{title}</title></head><body><div class=\"nav\"><a href=\"/\">首页</a> &gt; "
        f"<a href=\"{LIST_1}\">政府信息公开年报</a></div>\n{body}\n"
        "<div class=\"footer\">主办单位：示例门户（本地演示）</div></body></html>\n"
    ).encode("gbk")


def _attachment_page(title: str, href: str, name: str) -> bytes:
    return _gbk_page(title, f"<h1>{title}</h1><div class=\"article\"><p>{title}详见附件。</p>"
                            f"<p>附件：<a href=\"{href}\">{name}</a></p></div>")


def _list_page(title: str, items: list[tuple[str, str]], prev: str | None, nxt: str | None) -> bytes:
    lis = "\n".join(f"<li><a href=\"{href}\" target=\"_blank\">{text}</a><span>2022-01-25</span></li>"
                    for href, text in items)
    pager = ""
    if prev:
        pager += f"<a href=\"{prev}\">上一页</a> "
    pager += "<a href=\"index.html\">1</a> <a href=\"index_1.html\">2</a> "
    if nxt:
        pager += f"<a href=\"{nxt}\">下一页</a>"
    return _gbk_page(title, f"<h2>{title}</h2><ul class=\"list\">\n{lis}\n</ul><div class=\"pager\">{pager}</div>")


def _archive_page(index: int, count: int, items: list[tuple[str, str]]) -> bytes:
    """A TRS WCM list page: no <a> to the other pages, only the call that writes the pager."""
    lis = "\n".join(f"<li><a href=\"{href}\" title=\"{text}\" target=\"_blank\">{text}</a></li>" for href, text in items)
    return _gbk_page("政府信息公开年报", (
        "<script type=\"text/javascript\" src=\"/js/createPageHTML.js\"></script>"
        f"<h2>政府信息公开年报</h2><ul class=\"list\">\n{lis}\n</ul>\n<div class=\"page\">"
        f"<script type=\"text/javascript\">createPageHTML({count}, {index}, \"index\", \"html\");</script></div>"))


def _feed_page() -> bytes:
    """A list filled by script from a JSON API, a page at a time ("加载更多")."""
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开年报</title>"
        "<script src=\"/js/jquery.min.js\"></script></head><body><h2>政府信息公开年报</h2>"
        "<ul id=\"nb-list\"></ul><a href=\"javascript:;\" id=\"load-more\" class=\"more\">加载更多</a>\n"
        "<script>\nvar pageNo = 1;\nfunction loadMore() {\n"
        f"  $.ajax({{url: \"{FEED_API}?channelId=4127&pageSize=3&pageNo=\" + pageNo, type: \"GET\", dataType: \"json\",\n"
        "    success: function (res) {\n      $.each(res.data.list, function (i, d) {\n"
        "        $('#nb-list').append('<li><a href=\"' + d.url + '\">' + d.title + '</a><span>' + d.publishTime + '</span></li>');\n"
        "      });\n      if (pageNo * res.data.pageSize >= res.data.total) { $('#load-more').hide(); }\n"
        "      pageNo++;\n    }});\n}\nloadMore();\n$('#load-more').on('click', loadMore);\n</script>"
        "</body></html>\n").encode()


def _feed_api(page: int, size: int, items: list[tuple[str, str, str]], total: int) -> bytes:
    rows = [{"id": 4000 + i, "title": t, "url": u, "publishTime": d} for i, (u, t, d) in enumerate(items)]
    return json.dumps({"code": 200, "msg": "success", "data": {"list": rows, "pageNo": page, "pageSize": size,
                                                                "total": total}}, ensure_ascii=False).encode("utf-8")


def _script_paged_columns(p: Portal) -> None:
    """The archive (createPageHTML) and the feed (JSON API) columns, with their short report pages."""
    reports = []
    for i, year in enumerate(ARCHIVE_YEARS):
        title = f"某某县{year}年政府信息公开工作年度报告"
        href = f"{year + 1}01/t{year + 1}0120_{300 + i}.html"
        p.routes[ARCHIVE + href] = Route(_gbk_page(title, f"<h1>{title}</h1><div class=\"article\"><p>{title}。"
                                                          "</p></div>"), GBK_HTML)
        reports.append((href, title))
    pages = [reports[i:i + 4] for i in range(0, len(reports), 4)]
    for index, items in enumerate(pages):
        p.routes[ARCHIVE + ("index.html" if index == 0 else f"index_{index}.html")] = Route(
            _archive_page(index, len(pages), items), GBK_HTML)
    p.routes[FEED + "index.html"] = Route(_feed_page(), "text/html; charset=utf-8")
    items = []
    for i, year in enumerate(FEED_YEARS):
        title = f"某某市{year}年政府信息公开工作年度报告"
        # root-relative and page-relative links, as APIs give them (relative to the page showing the list)
        href = (FEED if i % 2 else "./") + f"{year + 1}01/t{year + 1}0125_{400 + i}.html"
        p.routes[FEED + href.removeprefix(FEED).removeprefix("./")] = Route(
            _gbk_page(title, f"<h1>{title}</h1><p>{title}。</p>"), GBK_HTML)
        items.append((href, title, f"{year + 1}-01-25"))
    items.insert(2, (FEED + "202001/t20200110_499.html", "关于做好政府信息公开工作的通知", "2020-01-10"))
    for page in (1, 2):
        p.routes[route_key(FEED_API, f"channelId=4127&pageSize=3&pageNo={page}")] = Route(
            _feed_api(page, 3, items[(page - 1) * 3:page * 3], len(items)), "application/json;charset=UTF-8")


def build_portal(examples: Path = EXAMPLES, faults: bool = False) -> Portal:
    """The example portal; report links are relative, as on real portals."""
    p = Portal()
    ex = examples
    html = "text/html; charset=utf-8"
    # report pages with their tables in HTML
    p.routes[COLUMN + "202201/t20220125_101.html"] = Route((ex / "xuanwei_2021.html").read_bytes(), GBK_HTML)
    p.routes[COLUMN + "202501/t20250120_105.html"] = Route(
        (ex / "siyang_2024_broken_review.html").read_bytes(), html)
    # a report page whose tables 二 and 四 are <img> (the images are fetched with the page)
    p.routes[COLUMN + "202101/t20210128_102.html"] = Route(
        (ex / "zhaotong_2020_traditional.html").read_bytes(), html)
    for i, name in enumerate(("年報_頁面_08.png", "年報_頁面_10.png")):
        p.routes["/uploadfiles/202101/28/" + name] = Route(_png(shade=150 + i), "image/png")
    # report pages that are a short text and an attachment
    p.routes[COLUMN + "202401/t20240118_103.html"] = Route(_attachment_page(
        "沭阳县2023年政府信息公开工作年度报告", "P020240118_沭阳县2023年年报.pdf", "沭阳县2023年政府信息公开工作年度报告.pdf"),
        GBK_HTML)
    p.routes[COLUMN + "202401/P020240118_沭阳县2023年年报.pdf"] = Route(
        (ex / "shuyang_2023.pdf").read_bytes(), "application/pdf")
    p.routes[COLUMN + "202301/t20230130_104.html"] = Route(_attachment_page(
        "石屏县2022年政府信息公开工作年度报告", "W020230130.docx", "石屏县2022年政府信息公开工作年度报告.docx"), GBK_HTML)
    p.routes[COLUMN + "202301/W020230130.docx"] = Route(
        (ex / "shiping_2022.docx").read_bytes(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    # a truncated PDF download: stored and logged as a parse error, never stops the run
    p.routes[COLUMN + "202201/t20220110_106.html"] = Route(_attachment_page(
        "某县2021年政府信息公开工作年度报告（附件损坏）", "P020220110.pdf", "年度报告.pdf"), GBK_HTML)
    p.routes[COLUMN + "202201/P020220110.pdf"] = Route((ex / "corrupt_truncated.pdf").read_bytes(), "application/pdf")

    page1 = [
        ("202501/t20250120_105.html", "泗阳县2024年政府信息公开工作年度报告"),
        ("202401/t20240118_103.html", "沭阳县2023年政府信息公开工作年度报告"),
        ("202301/t20230130_104.html", "石屏县2022年政府信息公开工作年度报告"),
        ("/xxgk/zfxxgknb/202201/t20220125_101.html", "宣威市2021年政府信息公开工作年度报告"),
        ("../zfxxgk/notice.html", "关于开展政务公开培训的通知"),  # not a report: not followed
    ]
    page2 = [
        ("202201/t20220110_106.html", "某县2021年政府信息公开工作年度报告（附件损坏）"),
        ("202101/t20210128_102.html", "昭通市2020年政府信息公开工作年度報告"),
    ]
    if faults:
        # a redirect (the report lives elsewhere on the same host)
        p.redirects["/go/report107"] = COLUMN + "202001/t20200115_107.html"
        p.routes[COLUMN + "202001/t20200115_107.html"] = Route(
            (ex / "xuanwei_2021.html").read_bytes().replace(b"2021", b"2019"), GBK_HTML)
        page2.append(("/go/report107", "宣威市2019年政府信息公开工作年度报告"))
        # a redirect off the allowed hosts: refused
        p.redirects["/go/elsewhere"] = "http://example.invalid/report.html"
        page2.append(("/go/elsewhere", "外站2018年政府信息公开工作年度报告"))
        # a 404
        page2.append(("202001/t20200101_404.html", "某某2019年政府信息公开工作年度报告"))
        # a 500 that succeeds on retry
        p.fail_once.add(COLUMN + "202301/t20230130_104.html")
        # a slow page that times out
        p.routes[COLUMN + "202001/t20200102_slow.html"] = Route(_gbk_page("slow", "slow"), GBK_HTML)
        p.slow[COLUMN + "202001/t20200102_slow.html"] = 3.0
        page2.append(("202001/t20200102_slow.html", "某镇2019年政府信息公开工作年度报告"))
        # an oversized attachment (over the test site's size cap)
        p.routes[COLUMN + "202001/t20200103_108.html"] = Route(_attachment_page(
            "某区2019年政府信息公开工作年度报告", "P020200103_big.pdf", "年度报告.pdf"), GBK_HTML)
        p.routes[COLUMN + "202001/P020200103_big.pdf"] = Route(b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024),
                                                                "application/pdf")
        page2.append(("202001/t20200103_108.html", "某区2019年政府信息公开工作年度报告"))
        # a report link ending in .html that serves a PDF (sniffed from the bytes, parsed as PDF)
        p.routes[COLUMN + "202001/t20200106_110.html"] = Route(
            (ex / "shuyang_2023.pdf").read_bytes() + b"\n% served as .html\n", "text/html")
        page2.append(("202001/t20200106_110.html", "沭阳县2023年政府信息公开工作年度报告（重发）"))
        # disallowed by robots.txt
        p.routes["/private/t20200104_109.html"] = Route(_gbk_page("private", "private"), GBK_HTML)
        page2.append(("/private/t20200104_109.html", "内部2019年政府信息公开工作年度报告"))
    p.routes[LIST_1] = Route(_list_page("政府信息公开年报", page1, None, "index_1.html"), GBK_HTML)
    p.routes[LIST_2] = Route(_list_page("政府信息公开年报", page2, "index.html", None), GBK_HTML)
    _script_paged_columns(p)
    return p


class _Handler(BaseHTTPRequestHandler):
    portal: Portal
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        p = self.portal
        parts = urlsplit(self.path)
        path = route_key(unquote(parts.path), parts.query)
        with p.lock:
            p.hits[path] = p.hits.get(path, 0) + 1
            n = p.hits[path]
        if path == "/robots.txt":
            return self._send(200, p.robots.encode(), {"Content-Type": "text/plain"})
        if path in p.slow:
            time.sleep(p.slow[path])
        if path in p.redirects:
            return self._send(302, b"", {"Location": p.redirects[path]})
        if path in p.fail_once and n == 1:
            return self._send(500, b"busy", {"Content-Type": "text/plain"})
        route = p.routes.get(path) or (p.routes.get(path + "index.html") if path.endswith("/") else None)
        if route is None:
            return self._send(404, b"not found", {"Content-Type": "text/plain"})
        lm = formatdate(route.last_modified, usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (inm and inm == route.etag) or (not inm and ims == lm):
            return self._send(304, b"", {"ETag": route.etag, "Last-Modified": lm})
        with p.lock:
            p.bodies_sent[path] = p.bodies_sent.get(path, 0) + 1
        self._send(200, route.body, {"Content-Type": route.content_type, "ETag": route.etag, "Last-Modified": lm})


@contextmanager
def serve_portal(portal: Portal, port: int = 0) -> Iterator[str]:
    """Serve `portal` on 127.0.0.1 (port 0 = any free port); yields the base URL."""
    handler = type("PortalHandler", (_Handler,), {"portal": portal})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    server.handle_error = lambda request, client_address: None  # a client that hung up (size cap, timeout)
    thread = threading.Thread(target=server.serve_forever, name="example-portal", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
