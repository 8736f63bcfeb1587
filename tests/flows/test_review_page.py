"""The review page (`ogi review serve`): its answers over HTTP, and a reviewer's round in a real headless Chromium
(Debian's chromium + chromium-driver, installed by `make system-deps`) driven by Selenium: list, open a flagged
OCR cell and see its crop, correct it, see the metric view change, undo it, see the value back.

Set OGI_REVIEW_SCREENSHOT=docs/review_page.png to save the browser's view of the corrected cell there (the
screenshot in the docs is made so).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from flows.cli import app as cli
from flows.review_page import create_app
from tests.support.paths import EXAMPLES, FIXTURES
from warehouse.connect import open_warehouse
from warehouse.corrections import crop_file, review_items
from warehouse.metrics import BASE

runner = CliRunner()
SCAN = FIXTURES / "scans" / "shuyang_2023_blank_150_degraded_p1.jpg"  # 表二/表三 as a degraded 150 dpi picture
KEY = "review_litigation/review/total"


def _ingest(db: Path, path: Path) -> Path:
    res = runner.invoke(cli, ["ingest", str(path), "--db", str(db)])
    assert res.exit_code == 0, res.output
    return db


def _one(db: Path, sql: str, params: list | None = None):
    con = open_warehouse(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()[0][0]
    finally:
        con.close()


@pytest.fixture
def siyang(fresh_db):
    return _ingest(fresh_db, EXAMPLES / "siyang_2024_broken_review.html")


def test_pages_and_forms_over_http(siyang):
    """A text document: the list, a fact read from text (no picture), a failed check with the numbers it used, a
    correction and its undo through the forms (303 to the page to show next), a wrong value as a message."""
    asyncio.run(_pages_and_forms(siyang))


async def _pages_and_forms(siyang: Path) -> None:
    transport = httpx.ASGITransport(app=create_app(siyang))
    async with httpx.AsyncClient(transport=transport, base_url="http://review") as client:
        await _rounds(client, siyang)


async def _rounds(client: httpx.AsyncClient, siyang: Path) -> None:
    doc = _one(siyang, "SELECT doc_id FROM documents")
    listing = await client.get("/")
    assert listing.status_code == 200 and "R1" in listing.text and "泗阳县" in listing.text
    subject = _one(siyang, "SELECT subject FROM checks WHERE identity = 'R1' AND status = 'fail'")
    check = await client.get("/finding", params={"item": "check", "doc_id": doc, "key": "R1", "label": subject})
    assert check.status_code == 200 and KEY in check.text and "parts sum to" in check.text
    fact = await client.get("/fact", params={"doc_id": doc, "key": KEY})
    assert fact.status_code == 200 and "Read from the document's text" in fact.text and 'id="crop"' not in fact.text
    res = await client.post("/correct", data={"doc_id": doc, "key": KEY, "value": "8",
                                              "reason": "outcomes sum to 8", "who": "tester"})
    assert res.status_code == 303 and "msg=correction+1" in res.headers["location"]
    assert _one(siyang, "SELECT review_total FROM metrics_doc") == 8
    res = await client.post("/correct", data={"doc_id": doc, "key": KEY, "value": "eight", "reason": "x"})
    assert res.status_code == 303 and "error=not+a+number" in res.headers["location"]
    assert "not a number" in (await client.get(res.headers["location"])).text
    res = await client.post("/undo", data={"correction_id": "1", "reason": "misread", "back": "/corrections"})
    assert res.status_code == 303 and res.headers["location"] == "/corrections?msg=correction+1+revoked"
    assert _one(siyang, "SELECT review_total FROM metrics_doc") == 6
    assert "revoked by" in (await client.get("/corrections")).text
    again = await client.post("/undo", data={"correction_id": "1", "reason": "again", "back": "//evil.example"})
    assert again.headers["location"].startswith("/corrections?error=")
    assert (await client.get("/crop", params={"doc_id": "../../..", "key": "etc/passwd"})).status_code == 404


def test_serve_refuses_a_missing_warehouse(tmp_path):
    res = runner.invoke(cli, ["review", "serve", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "no warehouse" in res.output
    assert not (tmp_path / "none.duckdb").exists()


# --- in a real browser ---------------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(fresh_db):
    """`ogi review serve` on a warehouse of the scanned report, as a user starts it, on a free local port."""
    db = _ingest(fresh_db, SCAN)
    port = _free_port()
    ogi = Path(sys.executable).with_name("ogi")
    proc = subprocess.Popen([str(ogi), "review", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/static/review.css", timeout=5, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            proc.kill()
            pytest.fail(f"ogi review serve did not answer: {proc.communicate()[0].decode()}")
        yield db, base
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium and chromedriver not installed (`make system-deps` installs them as root: "
                    "apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--no-proxy-server",
                "--lang=en-US"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.implicitly_wait(10)
    try:
        yield driver
    finally:
        driver.quit()


def _submit(browser, form) -> None:
    """Press the form's button and wait for the page the POST redirects to (the old one's #msg would match)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    form.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 30).until(expected_conditions.staleness_of(form))


def test_a_reviewer_corrects_a_flagged_ocr_cell_and_undoes_it_in_chromium(served, browser):
    from selenium.webdriver.common.by import By

    db, base = served
    con = open_warehouse(db, read_only=True)
    try:
        flagged = [it for it in review_items(con) if it["item"] == "fact" and "ocr_uncertain" in (it["detail"] or "")
                   and it["key"] in BASE.values() and crop_file(db, it["doc_id"], it["key"]).exists()]
    finally:
        con.close()
    assert flagged, "the degraded scan has no OCR-uncertain cell with a crop that a metric reads"
    it = flagged[0]
    metric = next(name for name, key in BASE.items() if key == it["key"])

    def metric_value():
        return _one(db, f"SELECT {metric} FROM metrics_doc WHERE doc_id = ?", [it["doc_id"]])

    before = metric_value()
    assert before == it["value"]
    new = int(before) + 7

    browser.get(base + "/")
    rows = browser.find_elements(By.CSS_SELECTOR, "#items tbody tr")
    assert len(rows) >= len(flagged)
    browser.find_element(By.LINK_TEXT, it["key"]).click()
    crop = browser.find_element(By.ID, "crop")
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", crop) > 0
    assert browser.find_element(By.ID, "raw").text == it["raw_text"]
    assert it["label"] in browser.find_element(By.TAG_NAME, "h1").text

    form = browser.find_element(By.ID, "correct")
    form.find_element(By.NAME, "value").send_keys(str(new))
    form.find_element(By.NAME, "reason").send_keys("the print shows a faint digit")
    _submit(browser, form)
    assert "correction 1: corrected to" in browser.find_element(By.ID, "msg").text
    assert browser.find_element(By.ID, "in-effect").text.startswith(str(new))
    assert metric_value() == new
    if os.environ.get("OGI_REVIEW_SCREENSHOT"):
        browser.save_screenshot(os.environ["OGI_REVIEW_SCREENSHOT"])

    undo = browser.find_element(By.CSS_SELECTOR, "#history form.undo")
    undo.find_element(By.NAME, "reason").send_keys("misread the crop")
    _submit(browser, undo)
    assert "correction 1 revoked" in browser.find_element(By.ID, "msg").text
    assert "(as extracted)" in browser.find_element(By.ID, "in-effect").text
    assert metric_value() == before
    assert "revoked by" in browser.find_element(By.ID, "history").text
