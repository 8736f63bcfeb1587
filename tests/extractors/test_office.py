"""Old Word / WPS / Excel input: content sniffing, LibreOffice conversion, the missing-converter path.

Fixtures come from scripts/make_office_fixtures.py. Tests that convert need LibreOffice: they skip
without it on a developer machine, and fail under CI (env CI set), which must have it.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import shutil
import struct
import threading
import time
import zipfile
from pathlib import Path

import duckdb
import olefile
import pytest
from typer.testing import CliRunner

from extractors import registry
from extractors.errors import ExtractionError, UnsupportedFormat
from extractors.office import MAX_INPUT_BYTES, SOFFICE_ENV, convert, find_soffice, run_soffice
from flows.cli import app
from flows.local_files import extract_path, find_files
from tests.support.paths import EXAMPLES, FIXTURES

OFFICE = FIXTURES / "office"
CONVERTED = ("report_2022.doc", "merged_cells.wps", "merged_cells.rtf", "table3.xls", "table3.xlsx")


@pytest.fixture(scope="module")
def soffice() -> str:
    path, looked = find_soffice()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"LibreOffice is required in CI ({looked}); `make system-deps` installs it")
        pytest.skip(f"LibreOffice not installed ({looked}); `make system-deps` installs it")
    return path


def _facts(path: Path, table: str | None = None) -> dict[str, tuple[str, str]]:
    rec = extract_path(path)
    return {f.key: (f.value.kind, f.value.raw) for f in rec.facts if table is None or f.key.startswith(table + "/")}


def _rewrite_stream(src: Path, dst: Path, stream: str, edit) -> Path:
    """Copy `src` to `dst` with one OLE stream's bytes changed in place (same length)."""
    shutil.copy(src, dst)
    with olefile.OleFileIO(str(dst), write_mode=True) as ole:
        data = bytearray(ole.openstream(stream).read())
        edit(data)
        ole.write_stream(stream, bytes(data))
    return dst


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("report_2022.doc", "doc"),
        ("merged_cells.wps", "doc"),  # Kingsoft WPS Writer files are OLE2 Word binaries
        ("merged_cells.rtf", "rtf"),
        ("table3.xls", "xls"),
        ("table3.xlsx", "xlsx"),
        ("saved_as_html.doc", "html"),
        ("web_archive.doc", "mht"),
    ],
)
def test_format_is_sniffed_from_content(name, fmt):
    assert registry.sniff_format((OFFICE / name).read_bytes(), name) == fmt


def test_ole_kind_comes_from_streams_not_the_name():
    assert registry.sniff_format((OFFICE / "table3.xls").read_bytes(), "report.doc") == "xls"
    assert registry.sniff_format((OFFICE / "report_2022.doc").read_bytes(), "report.et") == "doc"


def test_truncated_ole_file_gets_a_clear_error():
    with pytest.raises(UnsupportedFormat) as err:
        registry.read_document((OFFICE / "truncated.doc").read_bytes(), "truncated.doc")
    assert err.value.stage == "detect format"
    assert err.value.reason.startswith("damaged OLE2 file (.doc/.wps/.xls/.et)")


def test_encrypted_word_and_excel_files_are_named_as_such(tmp_path):
    def set_encrypted_flag(fib: bytearray) -> None:
        fib[11] |= 0x01

    def second_record_to_filepass(book: bytearray) -> None:
        _, size = struct.unpack_from("<HH", book, 0)
        struct.pack_into("<H", book, 4 + size, 0x002F)

    doc = _rewrite_stream(OFFICE / "report_2022.doc", tmp_path / "locked.doc", "WordDocument", set_encrypted_flag)
    xls = _rewrite_stream(OFFICE / "table3.xls", tmp_path / "locked.xls", "Workbook", second_record_to_filepass)
    for path, what in ((doc, "Word/WPS document"), (xls, "Excel/WPS workbook")):
        with pytest.raises(UnsupportedFormat, match=f"encrypted \\(password-protected\\) {what}"):
            registry.sniff_format(path.read_bytes(), path.name)


def test_ole_file_of_another_program_is_refused():
    data = bytearray((OFFICE / "report_2022.doc").read_bytes())
    name = "WordDocument".encode("utf-16-le")
    at = data.index(name)  # its directory entry: WordDocument → XordDocument
    data[at : at + 2] = "X".encode("utf-16-le")
    with pytest.raises(UnsupportedFormat, match="not a Word/WPS/Excel document"):
        registry.sniff_format(bytes(data), "odd.doc")


def test_doc_converts_to_the_standard_table_facts_of_its_source(soffice):
    path = OFFICE / "report_2022.doc"
    started = time.perf_counter()
    rec = extract_path(path)
    elapsed = time.perf_counter() - started
    truth = json.loads((EXAMPLES / "shiping_2022.truth.json").read_text("utf-8"))["facts"]
    got = {f.key: f.value.number for f in rec.facts}
    assert {k: float(got[k]) for k in truth if got.get(k) is not None} == truth
    assert [(s.table, s.status) for s in rec.tables] == [
        ("active", "found"), ("applications", "found"), ("review_litigation", "found")]
    assert all(c.status == "pass" for c in rec.checks)
    assert (rec.year, rec.region.adcode) == (2022, "532525")
    # provenance and identity name the original .doc, and the record says it was converted
    assert {f.provenance.source for f in rec.facts} == {str(path)}
    assert rec.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert rec.warnings[0].startswith("converted from Word 97–2003 / WPS Writer (.doc/.wps) to DOCX by LibreOffice")
    assert elapsed < 30, f"conversion + parse took {elapsed:.1f} s"


@pytest.mark.parametrize("name", ["merged_cells.wps", "merged_cells.rtf"])
def test_wps_and_rtf_read_like_the_docx_they_were_saved_from(soffice, name):
    source = _facts(FIXTURES / "docx" / "merged_cells.docx")
    assert len(source) == 25
    assert _facts(OFFICE / name) == source


@pytest.mark.parametrize("name", ["table3.xls", "table3.xlsx"])
def test_spreadsheet_gives_its_table_with_merged_cells(soffice, name):
    doc = registry.read_document((OFFICE / name).read_bytes(), name)
    assert doc.format == "html"
    (table,) = doc.tables
    results = next(c for row in table.rows for c in row if c.text == "三、本年度办理结果" and not c.spanned)
    assert results.rowspan == 22
    expected = _facts(FIXTURES / "html" / "gbk_report.html", "applications")  # the same table 三
    assert len(expected) == 175
    assert _facts(OFFICE / name, "applications") == expected


def test_word_file_saved_as_html_goes_to_the_html_reader():
    rec = extract_path(OFFICE / "saved_as_html.doc")
    assert rec.format == "html"
    assert _facts(OFFICE / "saved_as_html.doc", "applications") == _facts(
        FIXTURES / "html" / "gbk_report.html", "applications")


def test_web_archive_named_doc_gives_its_page_and_picture():
    doc = registry.read_document((OFFICE / "web_archive.doc").read_bytes(), "web_archive.doc")
    assert doc.warnings[0] == "read the HTML page of a MIME web archive (.mht)"
    (image,) = doc.images
    assert image.data is not None and image.data.startswith(b"\x89PNG")
    review = _facts(OFFICE / "web_archive.doc", "review_litigation")
    assert review == _facts(FIXTURES / "docx" / "merged_cells.docx", "review_litigation")


@pytest.mark.parametrize("how", ["OGI_SOFFICE points nowhere", "empty PATH"])
def test_without_libreoffice_each_legacy_file_fails_clearly_and_the_rest_load(tmp_path, fresh_db, monkeypatch, how):
    if how == "empty PATH":
        monkeypatch.delenv(SOFFICE_ENV, raising=False)
        monkeypatch.setenv("PATH", "")
    else:
        monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no" / "soffice"))
    db = fresh_db
    result = CliRunner().invoke(app, ["ingest", str(OFFICE), "--db", str(db), "--timeout", "60"])
    assert result.exit_code == 1, result.output  # some files failed, the rest loaded
    errors, loaded = _outcome(db)
    assert set(errors) == {*CONVERTED, "truncated.doc"}
    for name in CONVERTED:
        stage, reason = errors[name]
        assert stage == "convert"
        assert reason.startswith("converter not available: LibreOffice (soffice) is needed to read")
        assert "make system-deps" in reason
    assert "libreoffice-calc-nogui" in errors["table3.xls"][1]
    assert loaded == {"saved_as_html.doc", "web_archive.doc"}


def test_ingest_loads_every_readable_file_reports_the_corrupt_one_and_is_idempotent(soffice, tmp_path, fresh_db):
    folder = tmp_path / "in"
    shutil.copytree(OFFICE, folder)
    (folder / "table3.xls").rename(folder / "attachment_no_suffix")  # found by sniffing its content
    db = fresh_db
    counts = []
    for _ in range(2):
        result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--timeout", "60"])
        assert result.exit_code == 1, result.output  # truncated.doc failed, the rest loaded
        errors, loaded = _outcome(db)
        assert set(errors) == {"truncated.doc"}
        assert errors["truncated.doc"][0] == "detect format"
        assert loaded == {p.name for p in folder.iterdir()} - {"truncated.doc"}
        con = duckdb.connect(str(db), read_only=True)
        try:
            counts.append(con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM facts)")
                          .fetchall()[0])
        finally:
            con.close()
    assert counts[0] == counts[1] and counts[0][1] > 0


def _outcome(db: Path) -> tuple[dict[str, tuple[str, str]], set[str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        errors = {Path(s).name: (st, r) for s, st, r in con.execute("SELECT source, stage, reason FROM errors").fetchall()}
        loaded = {Path(r[0]).name for r in con.execute("SELECT source FROM documents").fetchall()}
    finally:
        con.close()
    return errors, loaded


def test_discovery_takes_legacy_suffixes_and_sniffs_ole_files_without_one(tmp_path):
    for name in ("a.doc", "b.wps", "c.xls", "d.et", "e.rtf", "f.mht", "g.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    shutil.copy(OFFICE / "report_2022.doc", tmp_path / "download")
    (tmp_path / "notes").write_text("plain text", "utf-8")
    files, _ = find_files([tmp_path])
    assert {f.name for f in files} == {"a.doc", "b.wps", "c.xls", "d.et", "e.rtf", "f.mht", "g.xlsx", "download"}


def test_conversion_timeout_kills_the_whole_process_group(tmp_path, monkeypatch):
    """A stand-in soffice that hangs with a child process: both must be gone after the timeout."""
    pid_file = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pid_file}\nwait\n", "utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv(SOFFICE_ENV, str(fake))
    started = time.monotonic()
    with pytest.raises(ExtractionError, match="LibreOffice took longer than the 1 s limit"):
        convert((OFFICE / "report_2022.doc").read_bytes(), "slow.doc", "doc", timeout_s=1)
    assert time.monotonic() - started < 10
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_conversion_makes_no_network_request(soffice, tmp_path):
    """A .doc with a picture linked from a web server: LibreOffice with a default profile fetches it
    (twice, measured); the sandboxed conversion must not, so a local server sees no request."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_error(404)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/linked.png"
        page = f'<html><body><p>报告</p><img src="{url}" width="300" height="300"></body></html>'.encode()
        linked = run_soffice(soffice, page, ".html", "doc:MS Word 97", "linked.html", "HTML")
        docx = convert(linked, "linked.doc", "doc")
    finally:
        server.shutdown()
        server.server_close()
    assert url.encode() in docx_rels(docx)  # the link survived: LibreOffice saw it and did not follow it
    assert hits == []


def docx_rels(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/_rels/document.xml.rels")


def test_page_that_mentions_mime_headers_is_still_html():
    page = b"<html><body><p>MIME-Version: 1.0</p><p>Content-Type: multipart/related</p></body></html>"
    assert registry.sniff_format(page, "page.html") == "html"


def test_oversized_input_is_refused_before_conversion():
    with pytest.raises(ExtractionError, match="over the 50 MB limit"):
        convert(bytes(MAX_INPUT_BYTES + 1), "huge.doc", "doc")
