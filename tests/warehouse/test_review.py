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
    assert res.exit_code == 2 and "no document" in res.output
    res = runner.invoke(app, ["review", "correct", "d0689ad8", KEY, "--value", "1", "--reason", " ", "--db", str(db)])
    assert res.exit_code == 2 and "reason" in res.output
    assert q(db, "SELECT count(*) FROM corrections") == [(0,)]


@pytest.fixture
def siyang_db(fresh_db):
    """An empty warehouse with one report: 泗阳县 2024, whose 复议 总计 is misprinted (R1 fails)."""
    res = runner.invoke(app, ["ingest", str(SIYANG), "--db", str(fresh_db)])
    assert res.exit_code == 0, res.output
    return fresh_db


def _doc(db) -> str:
    return q(db, "SELECT doc_id FROM documents")[0][0]


def _correct(db, *args: str):
    return runner.invoke(app, ["review", "correct", _doc(db)[:16], *args, "--who", "tester", "--db", str(db)])


def test_a_key_with_a_typo_is_a_usage_error_naming_close_keys(siyang_db):
    """Regression (issue 17): a typo in the key exited 0 and added a made-up fact to facts_effective."""
    res = _correct(siyang_db, "review_litigation/reviw/total", "--value", "3", "--reason", "x")
    assert res.exit_code == 2, res.output
    assert "unknown fact key" in res.output and "review_litigation/review/total" in res.output
    assert q(siyang_db, "SELECT count(*) FROM corrections") == [(0,)]
    assert q(siyang_db, "SELECT count(*) FROM facts_effective WHERE key LIKE '%reviw%'") == [(0,)]


def test_a_key_the_document_lacks_is_recorded_only_with_add(siyang_db):
    """A canonical key the reader found no value for: a correction needs --add (a value the reader missed),
    and --add on a key the document has is refused."""
    missing = "active/fees/change"
    assert q(siyang_db, "SELECT count(*) FROM facts WHERE key = ?", [missing]) == [(0,)]
    res = _correct(siyang_db, missing, "--value", "3", "--reason", "printed on page 2")
    assert res.exit_code == 2 and "--add" in res.output
    res = _correct(siyang_db, missing, "--value", "3", "--reason", "printed on page 2", "--add")
    assert res.exit_code == 0, res.output
    assert q(siyang_db, "SELECT value, extracted_value, corrected FROM facts_effective WHERE key = ?",
             [missing]) == [(3, None, True)]
    res = _correct(siyang_db, KEY, "--value", "8", "--reason", "x", "--add")
    assert res.exit_code == 2 and "without --add" in res.output
    assert q(siyang_db, "SELECT key, action FROM corrections") == [(missing, "add")]


def test_undo_restores_the_previous_correction_then_the_extracted_value(siyang_db):
    def in_effect():
        return q(siyang_db, "SELECT value, corrected, correction_id FROM facts_effective WHERE key = ?", [KEY])[0]

    assert _correct(siyang_db, KEY, "--value", "8", "--reason", "outcomes sum to 8").exit_code == 0
    assert _correct(siyang_db, KEY, "--value", "9", "--reason", "a second look").exit_code == 0
    assert in_effect() == (9, True, 2)
    res = runner.invoke(app, ["review", "undo", "2", "--reason", "9 was my typo", "--who", "lead", "--db",
                              str(siyang_db)])
    assert res.exit_code == 0, res.output
    assert in_effect() == (8, True, 1)
    assert runner.invoke(app, ["review", "undo", "1", "--reason", "the print is right", "--db",
                               str(siyang_db)]).exit_code == 0
    assert in_effect() == (6, False, None)
    assert q(siyang_db, "SELECT review_total FROM metrics_doc") == [(6,)]
    # nothing is deleted: both stay listed with who revoked them, why and when
    res = runner.invoke(app, ["review", "corrections", "--csv", "--db", str(siyang_db)])
    header, *rows = res.output.splitlines()
    assert "revoked_at" in header and "revoke_reason" in header and len(rows) == 2
    assert "9 was my typo" in rows[1] and ",lead," in rows[1] and rows[1].endswith("False")
    assert q(siyang_db, "SELECT count(*) FROM corrections WHERE revoked_at IS NOT NULL") == [(2,)]
    # undoing twice, an unknown correction or without a reason is asked wrongly
    for args in (["1", "--reason", "again"], ["7", "--reason", "x"], ["1", "--reason", " "]):
        res = runner.invoke(app, ["review", "undo", *args, "--db", str(siyang_db)])
        assert res.exit_code == 2, (args, res.output)


def test_accept_confirms_the_extracted_value(siyang_db):
    res = runner.invoke(app, ["review", "accept", _doc(siyang_db)[:16], KEY, "--reason", "checked the print",
                              "--db", str(siyang_db)])
    assert res.exit_code == 0, res.output
    assert q(siyang_db, "SELECT value, value_kind, action, reason FROM corrections") == [
        (6, "number", "accept", "checked the print")]
    assert q(siyang_db, "SELECT value, extracted_value, corrected FROM facts_effective WHERE key = ?",
             [KEY]) == [(6, 6, True)]
    listed = runner.invoke(app, ["review", "--db", str(siyang_db), "--csv"]).output.splitlines()
    assert listed[0].endswith(",decision")
    assert next(line for line in listed if line.startswith("fact,") and f",{KEY}," in line).endswith(",accept")


def test_a_version_7_warehouse_keeps_its_corrections_in_effect(siyang_db):
    """Migration 8 adds the action and revocation columns; an older file's corrections stay in effect."""
    import duckdb

    assert _correct(siyang_db, KEY, "--value", "8", "--reason", "old").exit_code == 0
    con = duckdb.connect(str(siyang_db))
    for c in ("action", "revoked_at", "revoked_by", "revoke_reason"):
        con.execute(f"ALTER TABLE corrections DROP COLUMN {c}")
    con.execute("DELETE FROM schema_migrations WHERE version = 8")
    con.close()
    con = open_warehouse(siyang_db)
    try:
        assert con.execute("SELECT action, revoked_at FROM corrections").fetchall() == [("correct", None)]
        assert con.execute("SELECT value FROM facts_effective WHERE key = ?", [KEY]).fetchall() == [(8,)]
        documented = dict(con.execute("SELECT column_name, comment FROM duckdb_columns() "
                                      "WHERE table_name = 'corrections'").fetchall())
        assert documented["revoked_at"].startswith("When the correction was revoked")
    finally:
        con.close()
