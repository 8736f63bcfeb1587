"""Nightly flow (crawl → ingest changed → exports) against a local portal on 127.0.0.1.

Prefect runs in ephemeral mode with its own PREFECT_HOME (tests/conftest.py: prefect_module).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from flows.portal import COLUMN, LIST_1, build_portal, serve_portal
from flows.sites import Site
from tests.support.prefect import prefect_module

SIYANG = COLUMN + "202501/t20250120_105.html"


@pytest.fixture(scope="module")
def nightly(tmp_path_factory):
    with prefect_module(tmp_path_factory, "flows.nightly") as module:
        yield module


@pytest.fixture(scope="module")
def portal():
    p = build_portal(faults=True)
    with serve_portal(p) as base:
        yield p, base


def _site(base: str) -> Site:
    return Site("local", (base + LIST_1,), allow_private_addresses=True, timeout=1.0, retries=1, max_bytes=1024 * 1024, rate_per_host=100,
                max_connections_per_host=4)


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_nightly_first_second_and_changed(nightly, portal, tmp_path: Path):
    p, base = portal
    db = tmp_path / "w.duckdb"
    site = _site(base)

    first = nightly.nightly_flow([site], str(db), backoff=0.01)
    crawl, ingest = first["crawl"], first["ingest"]
    assert first["status"] == "partial" and crawl["sites_failed"] == {}  # the truncated PDF failed, nothing else
    stored = dict(_rows(db, "SELECT replace(url, '" + base + "', ''), kind FROM crawl_documents"))
    assert sorted(u for u, k in stored.items() if k == "list") == [LIST_1, COLUMN + "index_1.html"]
    assert sum(k == "report" for k in stored.values()) == 9  # incl. the one behind a redirect and the 500
    assert sorted(u.rsplit("/", 1)[1] for u, k in stored.items() if k == "attachment") == [
        "P020220110.pdf", "P020240118_沭阳县2023年年报.pdf", "W020230130.docx"]
    assert sorted(u.rsplit("/", 1)[1] for u, k in stored.items() if k == "image") == ["年報_頁面_08.png",
                                                                                      "年報_頁面_10.png"]
    errors = " | ".join(crawl["errors"])
    for needle in ("HTTP 404", "timeout", "too large", "robots.txt", "not allowed"):
        assert needle in errors
    retried = _rows(db, f"SELECT status, attempts FROM fetch_log WHERE url = '{base}{COLUMN}202301/t20230130_104.html'")
    assert retried == [(200, 2)]  # the 500 succeeded on retry
    assert ingest["parsed"] == 12 and ingest["failed"] == 1  # the truncated PDF is an error, not a crash
    assert _rows(db, "SELECT count(*) FROM errors") == [(1,)]
    docs = _rows(db, "SELECT format, count(*) FROM documents WHERE n_facts > 0 GROUP BY ALL ORDER BY 1")
    assert docs == [("docx", 1), ("html", 4), ("pdf", 2)]  # one PDF was served as .html
    assert _rows(db, f"SELECT format FROM crawl_documents WHERE url = '{base}{COLUMN}202001/t20200106_110.html'") \
        == [("pdf",)]
    with open(first["export"]["comparison_csv"], encoding="utf-8-sig") as fh:
        table = list(csv.DictReader(fh))
    assert {(r["region_code"], r["year"], r["new_applications"]) for r in table} >= {("530381", "2021", "45")}
    assert json.loads(_rows(db, "SELECT summary FROM flow_runs WHERE flow = 'nightly'")[0][0])["ingest"]["loaded"] == 11

    before = dict(p.bodies_sent)
    second = nightly.nightly_flow([site], str(db), backoff=0.01)
    assert second["crawl"]["downloaded"] == 0 and second["crawl"]["new"] == second["crawl"]["changed"] == 0
    assert second["ingest"]["parsed"] == 0
    resent = {k for k, v in p.bodies_sent.items() if before.get(k) != v}
    assert resent <= {COLUMN + "202001/t20200102_slow.html", COLUMN + "202001/P020200103_big.pdf"}

    old_sha = _rows(db, f"SELECT sha256 FROM crawl_documents WHERE url = '{base}{SIYANG}'")[0][0]
    p.set(SIYANG, p.routes[SIYANG].body.replace(b"</body>", b"<!-- corrected 2025-02-01 --></body>"))
    third = nightly.nightly_flow([site], str(db), backoff=0.01)
    assert third["crawl"]["changed"] == 1 and third["crawl"]["new"] == 0
    assert third["ingest"]["parsed"] == 1 and third["ingest"]["loaded"] == 1
    siyang = _rows(db, f"SELECT sha256 FROM documents WHERE source = '{base}{SIYANG}'")
    assert len(siyang) == 1 and siyang[0][0] != old_sha  # the corrected version replaced the old one
    assert _rows(db, "SELECT count(*) FROM flow_runs WHERE flow = 'nightly'") == [(3,)]


CONTENT = {
    "documents": "SELECT * EXCLUDE (loaded_at) FROM documents",
    "facts": "SELECT * FROM facts",
    "checks": "SELECT * FROM checks",
    "table_status": "SELECT * FROM table_status",
    "prose_counts": "SELECT * FROM prose_counts",
    "parse_cache": "SELECT sha256, parser_version, doc_id, status, error FROM parse_cache",
}


def _snapshot(db: Path) -> dict[str, list]:
    return {t: sorted(_rows(db, sql), key=repr) for t, sql in CONTENT.items()}


def test_dask_local_cluster_gives_the_same_warehouse(nightly, tmp_path: Path):
    p = build_portal(faults=False)
    with serve_portal(p) as base:
        site = Site("local", (base + LIST_1,), allow_private_addresses=True, rate_per_host=100, max_connections_per_host=4)
        plain, dask = tmp_path / "plain.duckdb", tmp_path / "dask.duckdb"
        a = nightly.nightly_flow([site], str(plain))
        b = nightly.nightly_flow([site], str(dask), dask_workers=2)
    assert a["ingest"]["parsed"] == b["ingest"]["parsed"] == 9
    assert _snapshot(plain) == _snapshot(dask)


def test_parse_jobs_pass_a_charset_only_to_pages_and_retry_files_never_sniffed(nightly, tmp_path: Path):
    """Regression: a PDF served as 'application/pdf; charset=GBK' was re-encoded as text before
    parsing; attachments stored before their format could be sniffed were never parsed."""
    from flows.fetch import RawStore
    from pipeline.run import PARSER_VERSION
    from tests.support.paths import EXAMPLES
    from warehouse.connect import open_warehouse
    from warehouse.crawl_log import DOC_COLS

    store = RawStore(tmp_path / "raw")
    pdf = store.put((EXAMPLES / "shuyang_2023.pdf").read_bytes())
    page = store.put((EXAMPLES / "xuanwei_2021.html").read_bytes())
    old = store.put((EXAMPLES / "shiping_2022.docx").read_bytes())
    rows = [("http://x/a.pdf", "attachment", pdf, "pdf", "GBK"), ("http://x/p.html", "report", page, "html", "GBK"),
            ("http://x/old.doc", "attachment", old, None, None)]
    con = open_warehouse(str(tmp_path / "w.duckdb"))
    try:
        for url, kind, sha, fmt, charset in rows:
            v = dict.fromkeys(DOC_COLS) | {"url": url, "kind": kind, "sha256": sha, "format": fmt,
                                           "http_charset": charset, "site_id": "x"}
            con.execute(f"INSERT INTO crawl_documents ({', '.join(DOC_COLS)}) VALUES ({', '.join('?' * len(DOC_COLS))})",
                        [v[c] for c in DOC_COLS])
        jobs = {j.url: j for j in nightly.pending_jobs(con, PARSER_VERSION)}
    finally:
        con.close()
    assert set(jobs) == {"http://x/a.pdf", "http://x/p.html", "http://x/old.doc"}
    assert jobs["http://x/a.pdf"].http_charset is None and jobs["http://x/p.html"].http_charset == "GBK"
    out = tmp_path / "parsed"
    out.mkdir()
    for url, job in jobs.items():
        assert nightly.parse_blob(job, str(tmp_path / "raw"), str(out)).ok, url


def test_a_crawled_page_whose_tables_are_pictures_is_read_by_ocr(nightly, tmp_path: Path):
    """The page's <img> files are fetched with it; parsing OCRs the stored copies."""
    from flows.portal import GBK_HTML, Portal, Route
    from tests.support.paths import FIXTURES

    web = FIXTURES / "scans" / "web"
    page = COLUMN + "202401/t20240118_201.html"
    p = Portal()
    p.routes[page] = Route((web / "shuyang_2023.html").read_bytes(), "text/html; charset=utf-8")
    for name in ("shuyang_2023_table_1.png", "shuyang_2023_table_2.png"):
        p.routes[COLUMN + "202401/" + name] = Route((web / name).read_bytes(), "image/png")
    p.routes[LIST_1] = Route('<html><head><meta charset="gbk"></head><body><ul><li><a href="202401/t20240118_201.html">'
                             '沭阳县2023年政府信息公开工作年度报告</a></li></ul></body></html>'.encode("gbk"), GBK_HTML)
    db = tmp_path / "w.duckdb"
    with serve_portal(p) as base:
        run = nightly.nightly_flow([_site(base)], str(db), backoff=0.01)
    assert run["ingest"]["loaded"] == 1
    images = {img for (img,) in _rows(db, "SELECT DISTINCT image FROM facts")}
    assert images == {"shuyang_2023_table_1.png", "shuyang_2023_table_2.png"}  # provenance: the picture
    truth = json.loads((FIXTURES / "scans" / "shuyang_2023.truth.json").read_text(encoding="utf-8"))["facts"]
    got = {k: (None if v is None else float(v)) for k, v in
           _rows(db, "SELECT table_key || '/' || row_key || '/' || col_key, value FROM facts")}
    right = sum(1 for k, v in truth.items() if k in got and got[k] == (None if v is None else float(v)))
    assert right >= 0.99 * len(truth), right
    assert _rows(db, "SELECT status FROM table_status") == [("found",)] * 3


def test_crawled_files_are_parsed_under_the_reader_limits(nightly, tmp_path: Path):
    """A crawled file is read in a guarded child: past the wall-time limit it fails alone."""
    from flows.fetch import RawStore
    from flows.sandbox import Limits
    from tests.support.paths import EXAMPLES

    store = RawStore(tmp_path / "raw")
    sha = store.put((EXAMPLES / "shuyang_2023.pdf").read_bytes())
    job = nightly.ParseJob(sha, "http://x/a.pdf")
    (tmp_path / "out").mkdir()
    slow = nightly.parse_blob(job, str(tmp_path / "raw"), str(tmp_path / "out"), Limits(timeout_s=0.001))
    assert not slow.ok and "longer than" in (slow.reason or "")
    assert nightly.parse_blob(job, str(tmp_path / "raw"), str(tmp_path / "out")).ok


def test_a_list_claiming_more_pages_than_reached_is_a_warning_in_the_run(nightly, tmp_path: Path):
    """Per site, in the crawl summary and in flow_runs: the archive says 3 pages, max_pages stopped at 2."""
    from flows.portal import ARCHIVE

    p = build_portal(faults=False)
    db = tmp_path / "w.duckdb"
    with serve_portal(p) as base:
        ok = Site("whole", (base + ARCHIVE,), allow_private_addresses=True, rate_per_host=100)
        capped = Site("capped", (base + ARCHIVE,), allow_private_addresses=True, rate_per_host=100, max_pages=2)
        run = nightly.crawl_flow([ok, capped], str(db), backoff=0.01)
    assert list(run["warnings"]) == ["capped"]
    assert "says it has 3 pages" in run["warnings"]["capped"][0]
    stored = json.loads(_rows(db, "SELECT summary FROM flow_runs WHERE flow = 'crawl'")[0][0])
    assert stored["warnings"] == run["warnings"]


def test_a_report_page_served_as_a_fragment_reads_like_the_page_around_it(nightly, tmp_path: Path):
    """A portal serving a report as its article body only (no <html>, charset only in the HTTP header)
    is crawled and read like the same body with <html> around it: same year, type, place and facts."""
    from bs4 import BeautifulSoup

    from flows.portal import Portal, Route
    from tests.support.paths import EXAMPLES

    page = (EXAMPLES / "xuanwei_2021.html").read_bytes().decode("gbk")
    fragment = str(BeautifulSoup(page, "html.parser").find("div", class_="article"))
    body = fragment.encode("gbk", "xmlcharrefreplace")
    assert b"<html" not in body and b"<table" not in body[:2048]  # its first tables come after 2 KB of prose
    bare, wrapped = COLUMN + "202201/t20220125_201.html", COLUMN + "202201/t20220125_202.html"
    p = Portal()
    p.routes[LIST_1] = Route(_list_of(("202201/t20220125_201.html", "202201/t20220125_202.html")), "text/html")
    p.routes[bare] = Route(body, "text/html; charset=gbk")
    p.routes[wrapped] = Route(b"<html><body>\n" + body + b"\n</body></html>", "text/html; charset=gbk")
    db = tmp_path / "w.duckdb"
    with serve_portal(p) as base:
        run = nightly.nightly_flow([_site(base)], str(db), backoff=0.01)
    assert run["ingest"]["loaded"] == 2
    assert _rows(db, "SELECT DISTINCT format FROM crawl_documents WHERE kind = 'report'") == [("html",)]
    docs = {src.removeprefix(base): rest for src, *rest in _rows(
        db, "SELECT source, year, doc_type, region_code, n_facts, doc_id FROM documents")}
    assert docs[bare][:4] == docs[wrapped][:4] and docs[bare][:2] == [2021, "annual_report"] and docs[bare][3] > 50

    def facts(doc_id: str) -> set[tuple]:
        return set(_rows(db, f"SELECT table_key, row_key, col_key, value FROM facts WHERE doc_id = '{doc_id}'"))

    assert facts(docs[bare][4]) == facts(docs[wrapped][4])


def _list_of(hrefs: tuple[str, ...]) -> bytes:
    items = "".join(f"<li><a href=\"{h}\">宣威市2021年政府信息公开工作年度报告</a></li>" for h in hrefs)
    return f"<html><head><meta charset=\"gbk\"></head><body><ul>{items}</ul></body></html>".encode("gbk")


def test_comparison_csv_keys_on_todays_code_with_the_years_beside_it(nightly, tmp_path: Path):
    """洪泽县 2015 (320829) and 洪泽区 2016 (320813) are one unit in the nightly CSV, like in the panel views."""
    from dataclasses import replace

    from normalizers.regions import Region
    from pipeline.run import date_region
    from tests.support.synthetic import synthetic_record
    from warehouse.connect import open_warehouse
    from warehouse.load import load_records

    def dated(seed: int, code: str, county: str, year: int):
        region = Region(code, "江苏省", "淮安市", county, "resolved", f"{county}人民政府")
        return replace(synthetic_record(seed, n_facts=5), year=year, region=date_region(region, year))

    db = tmp_path / "w.duckdb"
    con = open_warehouse(db)
    load_records(con, [dated(0, "320829", "洪泽县", 2015), dated(1, "320813", "洪泽区", 2016)])
    con.close()
    nightly.export_comparison(str(db), tmp_path / "c.csv")
    assert (tmp_path / "c.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # the export convention: Excel reads UTF-8
    with open(tmp_path / "c.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["region_code"], r["region_code_in_year"], r["year"]) for r in rows] == [
        ("320813", "320829", "2015"), ("320813", "320813", "2016")]


def test_comparison_csv_metrics_are_keys_of_the_spec():
    """Every METRICS column of the nightly CSV reads a fact key the standard tables define."""
    from normalizers.spec import load_spec
    from warehouse.exports import METRICS

    keys = set(load_spec().all_keys())
    assert [key for _, key in METRICS if key not in keys] == []
    assert len({name for name, _ in METRICS}) == len(METRICS)


# ---------------------------------------------------------------- run status: flow_runs and exit status

def _registry(path: Path, base: str) -> Path:
    """A registry of one site that works and one whose start page is gone (HTTP 404)."""
    common = "allow_private_addresses: true, rate_per_host: 100, timeout: 2, retries: 1"
    path.write_text(f"version: 1\nsites:\n  - {{id: good, start_urls: ['{base}{LIST_1}'], {common}}}\n"
                    f"  - {{id: gone, start_urls: ['{base}/gone/index.html'], {common}}}\n", "utf-8")
    return path


def test_a_failing_site_makes_the_run_partial_and_every_site_failing_makes_it_failed(nightly, tmp_path: Path):
    """Regression (issue 17): a nightly run in which sites failed exited 0, and flow_runs did not say so."""
    from typer.testing import CliRunner

    from flows.cli import app
    from flows.portal import Portal, Route
    from tests.support.paths import EXAMPLES

    p = Portal()
    p.routes[LIST_1] = Route(_list_of(("202201/t20220125_201.html",)), "text/html")
    p.routes[COLUMN + "202201/t20220125_201.html"] = Route((EXAMPLES / "xuanwei_2021.html").read_bytes(),
                                                           "text/html; charset=gbk")
    db = tmp_path / "w.duckdb"
    runs = {}
    with serve_portal(p) as base:
        registry = _registry(tmp_path / "sites.yaml", base)
        for name, only in (("both", []), ("good", ["--site", "good"]), ("gone", ["--site", "gone"])):
            runs[name] = CliRunner().invoke(app, ["nightly", "--sites", str(registry), "--db", str(db),
                                                  "--exports", str(tmp_path / "out"), *only])
    assert [runs[n].exit_code for n in ("both", "good", "gone")] == [1, 0, 3], runs["both"].output
    assert "site failed: gone: no start page could be fetched" in " ".join(runs["both"].stderr.split())
    stored = _rows(db, "SELECT status, summary FROM flow_runs WHERE flow = 'nightly' ORDER BY started_at")
    assert [status for status, _ in stored] == ["partial", "ok", "failed"]
    failed = [json.loads(summary)["crawl"]["sites_failed"] for _, summary in stored]
    assert [sorted(f) for f in failed] == [["gone"], [], ["gone"]] and "HTTP 404" in failed[0]["gone"]
    assert _rows(db, "SELECT count(*) FROM documents") == [(1,)]


def test_demo_exits_0_with_its_deliberately_broken_attachment(nightly, tmp_path: Path):
    """The demo shows a parse error on purpose: its run is 'partial' in flow_runs, its exit status 0."""
    from typer.testing import CliRunner

    from flows.cli import app

    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "--port", "0", "--exports", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "P020220110.pdf" in result.stderr
    assert _rows(db, "SELECT status FROM flow_runs WHERE flow = 'nightly'") == [("partial",)]
