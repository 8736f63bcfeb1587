"""Crawler without Prefect: registry, discovery, fetching rules, against a portal on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.crawl import Known, crawl_site
from flows.discover import list_page_links, report_page_links
from flows.fetch import Fetcher, RawStore
from flows.portal import COLUMN, LIST_1, build_portal, serve_portal
from flows.sites import RegistryError, Site, load_registry, parse_registry
from pipeline.cli import app

REPO = Path(__file__).resolve().parents[1]


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
    links = list_page_links(p.routes[LIST_1].body, base + LIST_1, site)
    kinds = {(lk.kind, lk.url.removeprefix(base)) for lk in links}
    assert ("report", COLUMN + "202201/t20220125_101.html") in kinds  # absolute path link
    assert ("report", COLUMN + "202501/t20250120_105.html") in kinds  # relative link
    assert ("list", COLUMN + "index_1.html") in kinds  # 下一页 / page number
    assert not any("notice" in u for _, u in kinds)  # not a report title
    years = {lk.year for lk in links if lk.kind == "report"}
    assert years == {2021, 2022, 2023, 2024}
    old_only = Site("t", (base + LIST_1,), allow_private_addresses=True, years=(2010, 2015))
    assert all(lk.kind == "list" for lk in list_page_links(p.routes[LIST_1].body, base + LIST_1, old_only))
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
