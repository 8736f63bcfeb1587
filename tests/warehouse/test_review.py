"""`ogi review`: flagged items with source locations; corrections change the views, survive re-ingest,
are listed with their reason, and never overwrite the extracted value."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.support.paths import EXAMPLES
from tests.support.warehouse import warehouse_copy
from warehouse.connect import open_warehouse

runner = CliRunner()
SIYANG = EXAMPLES / "siyang_2024_broken_review.html"
KEY = "review_litigation/review/total"


@pytest.fixture
def db(tmp_path_factory, shared_corpus):
    return warehouse_copy(tmp_path_factory, "review")


def q(db, sql, params=()):
    con = open_warehouse(db, read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_review_lists_failed_checks_and_flagged_facts(db):
    res = runner.invoke(app, ["review", "--db", str(db), "--csv", "--limit", "1000"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("item,doc_id,body,year,source,key,label,raw_text,value,status,detail,page,element")
    siyang = [line for line in lines if line.startswith("check,") and "泗阳县" in line]
    assert siyang and "R1" in siyang[0] and "parts sum to" in siyang[0]
    assert any(line.startswith("cross_year,") and "X1" in line for line in lines)
    flagged = [line for line in lines if line.startswith("fact,") and ",flagged," in line]
    assert flagged and all("line" in f or "cell" in f or "table" in f or "page" in f for f in flagged[:5])
    # the table view works too
    res = runner.invoke(app, ["review", "--db", str(db), "--doc", "d0689ad8", "--limit", "5"])
    assert res.exit_code == 0 and "R1" in res.output


def test_correction_changes_view_survives_reingest_and_is_listed(db):
    (doc_id, total, rate) = q(db, "SELECT doc_id, review_total, review_correction_rate FROM metrics_body_year "
                                  "WHERE unit_id = '321323' AND year = 2024")[0]
    assert total == 6
    res = runner.invoke(app, ["review", "correct", doc_id[:16], KEY, "--value", "8", "--reason",
                              "outcomes sum to 8; 总计 misprinted", "--who", "tester", "--db", str(db)])
    assert res.exit_code == 0, res.output

    def view():
        return q(db, "SELECT review_total, review_correction_rate, n_corrected, flags, corrected_keys "
                     "FROM metrics_body_year WHERE unit_id = '321323' AND year = 2024")[0]

    total2, rate2, n_corr, flags, keys = view()
    assert total2 == 8 and n_corr == 1 and "corrected" in flags and keys == [KEY]
    assert rate2 != rate
    # the extracted value is untouched
    assert q(db, "SELECT value FROM facts WHERE doc_id = ? AND key = ?", [doc_id, KEY]) == [(6,)]
    assert q(db, "SELECT extracted_value, value, corrected FROM facts_effective WHERE doc_id = ? AND key = ?",
             [doc_id, KEY]) == [(6, 8, True)]

    # re-ingest the same document
    res = runner.invoke(app, ["ingest", str(SIYANG), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert view()[:3] == (8, rate2, 1)

    res = runner.invoke(app, ["review", "corrections", "--db", str(db), "--csv"])
    assert res.exit_code == 0
    listed = res.output.splitlines()
    assert len(listed) == 2 and "outcomes sum to 8; 总计 misprinted" in listed[1] and KEY in listed[1]
    assert listed[1].endswith("True") and ",tester," in listed[1]

    # compare marks the corrected metric
    res = runner.invoke(app, ["compare", "--db", str(db), "--region", "321323", "--metrics", "review_total"])
    assert ",corrected," in res.output


def test_correction_needs_reason_and_known_document(db):
    res = runner.invoke(app, ["review", "correct", "ffff", KEY, "--value", "1", "--reason", "x", "--db", str(db)])
    assert res.exit_code == 1 and "no document" in res.output
    res = runner.invoke(app, ["review", "correct", "d0689ad8", KEY, "--value", "1", "--reason", " ", "--db", str(db)])
    assert res.exit_code == 1 and "reason" in res.output
    assert q(db, "SELECT count(*) FROM corrections") == [(0,)]
