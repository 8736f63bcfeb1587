"""What the caller knows reaches the identity stage: the crawled URL and its site's region code for
crawled documents, the file name for `ogi extract` / `ogi ingest`."""

from __future__ import annotations

import pickle
from dataclasses import asdict
from pathlib import Path

import pytest

from pipeline import run
from pipeline.identity import IdentityContext
from pipeline.record import DocumentRecord
from warehouse.connect import open_warehouse


def _spy_extract_record(data: bytes, source: str, images=None,
                        context: IdentityContext | None = None) -> DocumentRecord:
    """Stands in for the pipeline and writes down the context it was given (in a forked child too)."""
    return DocumentRecord(source=source, sha256="0" * 64, format="text", parser_version=run.PARSER_VERSION,
                          identity={"context": asdict(context) if context else None})


@pytest.fixture
def spy(monkeypatch):
    monkeypatch.setattr(run, "extract_record", _spy_extract_record)


def test_ogi_extract_and_ingest_pass_the_file_name(spy, tmp_path: Path):
    from flows.local_files import extract_file, extract_path

    path = tmp_path / "洪泽区2019年政府信息公开工作年度报告.txt"
    path.write_text("现公布2019年政府信息公开工作年度报告。", encoding="utf-8")
    expected = {"source_url": None, "site_region_code": None, "file_name": path.name}
    assert extract_path(path).identity["context"] == expected  # ogi extract
    result = extract_file(path)  # ogi ingest and flows.ingest
    assert result.ok and result.record.identity["context"] == expected


def test_a_crawled_document_is_parsed_with_its_url_and_its_sites_region_code(spy, tmp_path: Path):
    from flows import nightly
    from flows.fetch import RawStore

    db = tmp_path / "w.duckdb"
    store = RawStore(tmp_path / "raw")
    sha = store.put("<p>现公布2019年政府信息公开工作年度报告。</p>".encode())
    con = open_warehouse(db)
    try:
        con.execute("INSERT INTO crawl_documents (url, site_id, region_code, kind, sha256, format) "
                    "VALUES ('http://x.gov.cn/nb/2019.html', 'xuanwei', '530381', 'report', ?, 'html')", [sha])
        [job] = nightly.pending_jobs(con, run.PARSER_VERSION)
    finally:
        con.close()
    assert (job.url, job.region_code) == ("http://x.gov.cn/nb/2019.html", "530381")
    (tmp_path / "out").mkdir()
    res = nightly.parse_blob(job, str(tmp_path / "raw"), str(tmp_path / "out"))
    assert res.ok, res.reason
    rec = pickle.loads(Path(res.path).read_bytes())
    assert rec.identity["context"] == {"source_url": "http://x.gov.cn/nb/2019.html", "site_region_code": "530381",
                                       "file_name": None}
