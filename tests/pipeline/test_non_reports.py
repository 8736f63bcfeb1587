"""Documents that are not reports (an invoice, a news page) are kept with the reason and nothing read from them;
reports of every kind — self-inspections, score tables, third-party evaluations, pre-2019 reports — are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.record import to_json
from pipeline.run import extract_record
from tests.support.paths import EXAMPLES, FIXTURES, REPO
from tests.support.scripts import load_script

NON_REPORTS = FIXTURES / "non_reports"


def extract(path: Path):
    return extract_record(path.read_bytes(), str(path))


def test_committed_fixtures_match_generator(tmp_path):
    written = load_script(REPO / "scripts" / "make_non_reports.py").write_fixtures(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "non_reports/invoice.pdf", "non_reports/news_page.html"]
    for p in written:
        assert p.read_bytes() == (FIXTURES / p.relative_to(tmp_path)).read_bytes(), p.name


@pytest.mark.parametrize("name", ["invoice.pdf", "news_page.html"])
def test_a_document_that_is_not_a_report_keeps_the_reason_and_no_counts(name):
    rec = extract(NON_REPORTS / name)
    assert rec.doc_type == "other"
    assert rec.not_report_reason and "no report phrase" in rec.not_report_reason
    assert (rec.facts, rec.prose_counts, rec.harmonised, rec.checks) == ([], [], [], [])
    shown = to_json(rec)
    assert shown["not_report_reason"] == rec.not_report_reason
    assert any(rec.not_report_reason in w for w in shown["warnings"])  # `ogi extract` prints the warnings


def test_the_news_pages_junk_count_would_have_been_a_releases_total():
    """Without the rule, '主动公开政府信息1280条' in a news item about spring ploughing is a panel number."""
    from extractors.registry import read_document
    from normalizers.text import normalize_document
    from pipeline.prose import find_prose_counts

    page = NON_REPORTS / "news_page.html"
    counts = find_prose_counts(normalize_document(read_document(page.read_bytes(), str(page))))
    assert [c.value.number for c in counts if c.metric == "releases_total"] == [1280]


@pytest.mark.parametrize("path", [
    "wild/docs/38_gaoping_zicha.txt",  # 自查报告 without a title
    "wild/docs/39_jiamusi_pinggu_2018.txt",  # a third party's evaluation of 政务公开: 'other', but about reports
    "wild/docs/40_liangshan_kaohe_2011.txt",  # a 通报 on the 政府信息公开 performance review
    "seeds/003_dfa60679f18c06ee.txt",  # 自评表
])
def test_self_inspections_evaluations_and_notices_about_reports_are_not_non_reports(shared_corpus, path):
    rec = extract(shared_corpus / path)
    assert rec.not_report_reason is None


@pytest.mark.parametrize("name", ["siyang_2010_pre2019.html", "zhaotong_2020_traditional.html", "hongze_2022.md"])
def test_reports_are_not_non_reports(name):
    assert extract(EXAMPLES / name).not_report_reason is None


def test_pictures_of_tables_are_not_a_non_report():
    """A scan whose standard table OCR read has doc type 'other' (no title), but it holds a report's table."""
    rec = extract(FIXTURES / "office" / "table3.xlsx")
    assert rec.doc_type == "other" and rec.facts and rec.not_report_reason is None
