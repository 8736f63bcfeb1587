"""Crawler without Prefect: registry, discovery, fetching rules, against a portal on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.crawl import crawl_site
from flows.discover import Paging, read_list_page, report_page_links
from flows.fetch import Fetcher, RawStore
from flows.portal import (
    ARCHIVE,
    ARCHIVE_YEARS,
    COLUMN,
    FEED,
    FEED_YEARS,
    GBK_HTML,
    LIST_1,
    Portal,
    Route,
    build_portal,
    serve_portal,
)
from flows.sites import RegistryError, Site, load_registry, parse_registry
from tests.support.paths import REPO
from warehouse.crawl_log import Known


@pytest.fixture(scope="module")
def portal():
    p = build_portal(faults=True)
    with serve_portal(p) as base:
        yield p, base


def test_shipped_registries_validate():
    assert load_registry(REPO / "sites" / "sites.yaml").sites
    reg = load_registry(REPO / "sites" / "example.yaml")
    assert [s.id for s in reg.sites] == ["example-portal"]
    result = CliRunner().invoke(app, ["sites", "validate", str(REPO / "sites" / "example.yaml")])
    assert result.exit_code == 0 and "1 sites OK" in result.output


def test_registry_problems_are_all_reported(tmp_path: Path):
    with pytest.raises(RegistryError) as exc:
        parse_registry({"version": 1, "sites": [
            {"id": "a", "start_urls": ["ftp://x.gov.cn/"], "region_code": "12"},
            {"id": "b", "start_urls": ["https://b.gov.cn/"], "allowed_hosts": ["c.gov.cn"], "report_pattern": "("},
            {"id": "b", "start_urls": ["https://b2.gov.cn/"], "colour": "red"},
        ]})
    text = " | ".join(exc.value.problems)
    for needle in ("not http(s)", "6-digit", "not in allowed_hosts", "not a valid regex", "unknown keys"):
        assert needle in text
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 2\nsites: []\n")
    result = CliRunner().invoke(app, ["sites", "validate", str(bad)])
    assert result.exit_code == 1


def test_discovery_on_gbk_list_and_report_pages(portal):
    p, base = portal
    site = Site("t", (base + LIST_1,), allow_private_addresses=True)
    links = read_list_page(p.routes[LIST_1].body, base + LIST_1, site, "html").links
    kinds = {(lk.kind, lk.url.removeprefix(base)) for lk in links}
    assert ("report", COLUMN + "202201/t20220125_101.html") in kinds  # absolute path link
    assert ("report", COLUMN + "202501/t20250120_105.html") in kinds  # relative link
    assert ("list", COLUMN + "index_1.html") in kinds  # 下一页 / page number
    assert not any("notice" in u for _, u in kinds)  # not a report title
    years = {lk.year for lk in links if lk.kind == "report"}
    assert years == {2021, 2022, 2023, 2024}
    old_only = Site("t", (base + LIST_1,), allow_private_addresses=True, years=(2010, 2015))
    assert all(lk.kind == "list" for lk in read_list_page(p.routes[LIST_1].body, base + LIST_1, old_only, "html").links)
    page = COLUMN + "202101/t20210128_102.html"
    imgs = report_page_links(p.routes[page].body, base + page)
    assert sorted(lk.url.removeprefix(base) for lk in imgs if lk.kind == "image") == [
        "/uploadfiles/202101/28/年報_頁面_08.png", "/uploadfiles/202101/28/年報_頁面_10.png"]
    page = COLUMN + "202401/t20240118_103.html"
    att = report_page_links(p.routes[page].body, base + page)
    assert [(lk.kind, lk.url.removeprefix(base)) for lk in att] == [
        ("attachment", COLUMN + "202401/P020240118_沭阳县2023年年报.pdf")]


def test_fetcher_rules(portal, tmp_path: Path):
    _, base = portal
    site = Site("t", (base + LIST_1,), allow_private_addresses=True, timeout=1.0, retries=1, max_bytes=1024 * 1024, rate_per_host=100)
    with Fetcher(backoff=0.01) as f:
        r = f.get(base + LIST_1, site)
        assert r.ok and r.etag and r.last_modified
        again = f.get(base + LIST_1, site, etag=r.etag)
        assert again.not_modified and again.data is None and again.error is None
        assert f.get(base + "/nothing.html", site).error == "HTTP 404"
        assert "robots.txt" in f.get(base + "/private/t20200104_109.html", site).error
        assert "not allowed" in f.get("file:///etc/passwd", site).error
        assert "not allowed" in f.get(base + "/go/elsewhere", site).error  # redirect off the allowed hosts
        red = f.get(base + "/go/report107", site)
        assert red.ok and red.final_url.endswith("t20200115_107.html")
        assert "too large" in f.get(base + COLUMN + "202001/P020200103_big.pdf", site).error
        slow = f.get(base + COLUMN + "202001/t20200102_slow.html", site)
        assert slow.error.startswith("timeout") and slow.attempts == 2


def test_per_host_rate_and_connection_limits(portal):
    import threading
    import time

    _, base = portal
    site = Site("rate", (base + LIST_1,), allow_private_addresses=True, rate_per_host=10, max_connections_per_host=1)
    with Fetcher() as f:
        f.allowed_by_robots(base + LIST_1, site)
        t0 = time.monotonic()
        threads = [threading.Thread(target=f.get, args=(base + LIST_1, site)) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert time.monotonic() - t0 >= 0.45  # 10 requests/s: six requests take at least half a second


def test_second_crawl_downloads_nothing_unchanged(portal, tmp_path: Path):
    p, base = portal
    site = Site("t", (base + LIST_1,), allow_private_addresses=True, timeout=1.0, retries=1, max_bytes=1024 * 1024, rate_per_host=100)
    store = RawStore(tmp_path / "raw")
    first = crawl_site(site, {}, store, backoff=0.01)
    assert {d.status for d in first.docs} == {"new"}
    stored = sorted(store.root.rglob("*"))
    assert all(len(f.name) in (2, 64) for f in stored)  # named by hash, never by URL
    known = {d.url: Known(d.sha256, d.etag, d.last_modified) for d in first.docs}
    before = dict(p.bodies_sent)
    second = crawl_site(site, known, store, backoff=0.01)
    assert {d.status for d in second.docs} == {"unchanged"} and len(second.docs) == len(first.docs)
    resent = {k for k, v in p.bodies_sent.items() if before.get(k) != v}
    assert resent <= {COLUMN + "202001/t20200102_slow.html", COLUMN + "202001/P020200103_big.pdf"}


def test_nightly_deployment_is_scheduled_in_shanghai_time(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect_home"))
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.nightly import nightly_deployment

    dep = nightly_deployment("sites/sites.yaml", "/data/ogi.duckdb", cron="30 1 * * *")
    (schedule,) = dep.schedules
    assert schedule.schedule.cron == "30 1 * * *" and schedule.schedule.timezone == "Asia/Shanghai"
    assert dep.parameters["db"] == "/data/ogi.duckdb"


def test_private_and_loopback_addresses_are_refused_unless_allowed(portal):
    # the crawler must not be pointed at the machine itself or the local network by a registry
    # entry or a redirect; the tests' portal opts in with allow_private_addresses
    from flows.fetch import Fetcher, private_address

    _, base = portal
    assert private_address("http://127.0.0.1:8080/x") and private_address("http://10.1.2.3/")
    assert private_address("http://[::1]/") and private_address("http://169.254.169.254/latest")
    assert private_address("http://8.8.8.8/") is None
    site = Site("t", (base + LIST_1,))
    with Fetcher() as f:
        res = f.get(base + LIST_1, site)
    assert res.data is None and "refused" in res.error and "allow_private_addresses" in res.error


# ------------------------------------------------------------------ lists paged by script (issue 14, item 8)

SITE = Site("s", ("https://www.x.gov.cn/xxgk/ndbg/index.html",))
COL = "https://www.x.gov.cn/xxgk/ndbg/"


def _list(script: str = "", body: str = "", url: str = COL + "index.html", fmt: str = "html"):
    html = (f"<html><head><meta charset='utf-8'></head><body><ul><li><a href='201601/t1.html'>某县2015年政府信息公开"
            f"工作年度报告</a></li></ul>{body}<script>{script}</script></body></html>")
    return read_list_page(html.encode("utf-8"), url, SITE, fmt)


def _lists(page) -> list[str]:
    return sorted(lk.url.removeprefix(COL) for lk in page.links if lk.kind == "list")


@pytest.mark.parametrize("call", [
    'createPageHTML(5, 0, "index", "html");',  # TRS WCM
    "createPageHTML('page_div',5,1,'index','html',68);",  # with the pager's element id and the record count
    'var countPage = 5; var currentPage = 0; createPageHTML(countPage, currentPage, "index", "html");',
])
def test_create_page_html_names_every_page_of_the_list(call: str):
    page = _list(call)
    assert _lists(page) == ["index_1.html", "index_2.html", "index_3.html", "index_4.html"]
    assert page.paging == Paging(COL + "index.html", 5, "createPageHTML")
    assert [lk.year for lk in page.links if lk.kind == "report"] == [2015]
    # the same call on page 3 names the same series; a column's '/' is its index.html
    assert _list(call, url=COL + "index_2.html").paging == page.paging
    assert _list(call, url=COL).url == COL + "index.html"


def test_script_pagers_without_a_count_or_of_one_page_claim_nothing():
    definition = ("function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {"
                  " if (_nPageCount == null || _nPageCount <= 1) return; }")
    for script in (definition, 'createPageHTML(1, 0, "index", "html");', "var totalPage = 0;"):
        page = _list(script)
        assert page.paging is None and _lists(page) == [], script


def test_document_write_pager_with_count_page():
    script = ('var currentPage = 0;//所在页从0开始\nvar prevPage = currentPage-1\nvar nextPage = currentPage+1\n'
              'var countPage = 3//共多少页\n'
              'if(countPage>1&&currentPage!=countPage-1)\n'
              '  document.write("<a href=\\"list"+"_" + nextPage + "."+"shtml\\">下一页</a>");\n'
              'document.write("共"+countPage+"页");')
    page = _list(script, url=COL + "list.shtml")
    assert _lists(page) == ["list_1.shtml", "list_2.shtml"]
    assert page.paging == Paging(COL + "list.shtml", 3, "countPage")


def test_pages_stated_in_text_over_an_index_series():
    # counted from 0 (TRS: index.html, index_1.html …) and from 1 (index.html, index_2.html … 尾页 index_4.html)
    zero = _list(body="<div class='page'>共4页 <a href='index_1.html'>下一页</a></div>")
    assert _lists(zero) == ["index_1.html", "index_2.html", "index_3.html"]
    assert zero.paging == Paging(COL + "index.html", 4, "共N页")
    one = _list(body="<div>第1页/共4页 <a href='index_2.html'>下一页</a> <a href='index_4.html'>尾页</a></div>")
    assert _lists(one) == ["index_2.html", "index_3.html", "index_4.html"]
    # a count without a naming scheme is still a claim (the crawler warns if it cannot reach the pages)
    bare = _list(body="<div>共7页</div>", url=COL + "list.jsp?pageNo=1")
    assert bare.paging == Paging(COL + "list.jsp", 7, "共N页") and _lists(bare) == []


def test_json_list_apis_named_in_scripts():
    script = ('$.ajax({url: "/api/nb/list", type: "GET", data: {channelId: "1127", pageNo: 1, pageSize: 10},'
              ' dataType: "json"});\n$.getJSON("data/list.json", function (d) {});\n'
              'var more = "/api/nb/more?siteId=3&page=" + (page + 1);\n'
              '$.get("/js/jquery.min.js"); var stat = "/api/visit?id=5";')
    got = sorted(lk.url for lk in _list(script).links if lk.kind == "list")
    assert got == ["https://www.x.gov.cn/api/nb/list?channelId=1127&pageNo=1&pageSize=10",
                   "https://www.x.gov.cn/api/nb/more?siteId=3&page=1", COL + "data/list.json"]


@pytest.mark.parametrize("answer", [
    ('{"code":200,"data":{"list":[{"title":"某县2014年政府信息公开工作年度报告","url":"./201501/t2.html"},'
     '{"title":"关于开展培训的通知","url":"/t3.html"}],"pageSize":2},"total":5}'),  # records ÷ page size
    ('jQuery1123({"datas":[{"docTitle":"某县<em>2014</em>年政府信息公开工作年度报告","docUrl":"./201501/t2.html"}],'
     '"totalPage":3});'),  # JSONP, a page count
])
def test_json_list_answers_give_reports_and_every_page(answer: str):
    api = "https://www.x.gov.cn/api/nb/list?channelId=1127&pageNo=1&pageSize=2"
    page = read_list_page(answer.encode("utf-8"), api, SITE, "text", shown_on=COL + "index.html")
    assert page.json and page.paging == Paging("https://www.x.gov.cn/api/nb/list?channelId=1127&pageSize=2", 3, "json")
    assert [(lk.kind, lk.url, lk.year) for lk in page.links if lk.kind != "list"] == [
        ("report", COL + "201501/t2.html", 2014)]  # relative to the page that shows the list
    assert sorted(lk.url[-len("pageNo=1&pageSize=2"):] for lk in page.links if lk.kind == "list") == [
        "pageNo=2&pageSize=2", "pageNo=3&pageSize=2"]


def _paged_site(base: str, **kw) -> Site:
    return Site("paged", (base + ARCHIVE, base + FEED + "index.html"), allow_private_addresses=True,
                rate_per_host=100, retries=0, **kw)


def test_script_paged_lists_are_crawled_whole(portal, tmp_path: Path):
    """Regression: the archive's pages 2–3 (named only by createPageHTML) and the reports behind a JSON
    '加载更多' API were never fetched, and nothing said so."""
    _, base = portal
    result = crawl_site(_paged_site(base), {}, RawStore(tmp_path / "raw"), backoff=0.01)
    lists = sorted(d.url.removeprefix(base) for d in result.docs if d.kind == "list")
    assert lists == sorted([ARCHIVE, ARCHIVE + "index_1.html", ARCHIVE + "index_2.html", FEED + "index.html",
                            "/api/cms/article/list?channelId=4127&pageSize=3&pageNo=1",
                            "/api/cms/article/list?channelId=4127&pageSize=3&pageNo=2"])  # '/' not fetched twice
    years = sorted((d.title[:3], int(d.title[3:7])) for d in result.docs if d.kind == "report")
    assert years == sorted([("某某县", y) for y in ARCHIVE_YEARS] + [("某某市", y) for y in FEED_YEARS])
    assert result.errors == [] and result.warnings == []
    known = {d.url: Known(d.sha256, d.etag, d.last_modified) for d in result.docs}
    again = crawl_site(_paged_site(base), known, RawStore(tmp_path / "raw"), backoff=0.01)  # 304s: the stored pages
    assert {d.status for d in again.docs} == {"unchanged"} and len(again.docs) == len(result.docs)
    assert again.warnings == []


def test_a_list_claiming_more_pages_than_reached_is_a_site_warning(portal, tmp_path: Path):
    _, base = portal
    capped = crawl_site(_paged_site(base, max_pages=3), {}, RawStore(tmp_path / "a"), backoff=0.01)
    text = " | ".join(capped.warnings)
    assert f"list {base}{ARCHIVE}index.html says it has 3 pages (createPageHTML); 2 reached" in text
    assert "stopped at max_pages=3" in text
    broken = build_portal()
    del broken.routes[ARCHIVE + "index_2.html"]
    with serve_portal(broken) as base2:
        failed = crawl_site(_paged_site(base2), {}, RawStore(tmp_path / "b"), backoff=0.01)
    assert len(failed.warnings) == 1 and "3 pages (createPageHTML); 2 reached: 1 list page(s) failed" in failed.warnings[0]
    assert sum(d.kind == "report" for d in failed.docs) == len(ARCHIVE_YEARS) - 2 + len(FEED_YEARS)


def test_a_report_page_served_as_a_fragment_is_followed_like_a_page(tmp_path: Path):
    """A portal serving a report page as its article body (no <html>): the crawler decides page vs file
    with the reader's sniffer, so the fragment's attachment is fetched like a full page's."""
    def body(pdf: str) -> str:
        return ("<div class=\"article\"><h1>某县2023年政府信息公开工作年度报告</h1><p>某县2023年政府信息公开工作年度报告"
                f"详见附件。</p><p>附件：<a href=\"{pdf}\">年度报告.pdf</a></p></div>")

    p = Portal()
    p.routes[LIST_1] = Route(("<html><head><meta charset=\"gbk\"></head><body><ul>"
                              "<li><a href=\"202401/t20240118_1.html\">某县2023年政府信息公开工作年度报告</a></li>"
                              "<li><a href=\"202401/t20240118_2.html\">某区2023年政府信息公开工作年度报告</a></li>"
                              "</ul></body></html>").encode("gbk"), GBK_HTML)
    p.routes[COLUMN + "202401/t20240118_1.html"] = Route(body("P1.pdf").encode("gbk"), "text/html; charset=gbk")
    p.routes[COLUMN + "202401/t20240118_2.html"] = Route(f"<html><body>{body('P2.pdf')}</body></html>".encode("gbk"),
                                                         "text/html; charset=gbk")
    for name in ("P1.pdf", "P2.pdf"):
        p.routes[COLUMN + "202401/" + name] = Route((REPO / "examples" / "shuyang_2023.pdf").read_bytes(),
                                                    "application/pdf")
    with serve_portal(p) as base:
        site = Site("frag", (base + LIST_1,), allow_private_addresses=True, rate_per_host=100, retries=0)
        result = crawl_site(site, {}, RawStore(tmp_path / "raw"), backoff=0.01)
    got = {d.url.removeprefix(base + COLUMN): (d.kind, d.format, d.parent_url and d.parent_url.removeprefix(base))
           for d in result.docs if d.kind != "list"}
    assert got["202401/t20240118_1.html"][:2] == got["202401/t20240118_2.html"][:2] == ("report", "html")
    assert got["202401/P1.pdf"] == ("attachment", "pdf", COLUMN + "202401/t20240118_1.html")
    assert got["202401/P2.pdf"] == ("attachment", "pdf", COLUMN + "202401/t20240118_2.html")
