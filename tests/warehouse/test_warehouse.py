"""Warehouse: migrations, atomic idempotent loads, error records, read-only access, dictionary."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from extractors.document import Provenance
from flows.local_files import find_files
from normalizers.regions import Region
from normalizers.spec import load_spec
from normalizers.values import Value
from pipeline.record import DocumentRecord, Fact, to_json
from pipeline.run import date_region
from tests.support.paths import FIXTURES, REPO
from tests.support.synthetic import synthetic_record
from warehouse import fact_stage, load, schema
from warehouse.connect import WarehouseBusy, WarehouseError, open_warehouse
from warehouse.dictionary import DEFAULT_PATH, render
from warehouse.document_rows import doc_id_of
from warehouse.load import load_many, load_record, load_records, record_error
from warehouse.migrations import LATEST, MIGRATIONS, SchemaTooNew, applied_versions, migrate
from warehouse.views import VIEWS, refresh_views, view_hashes

CONTENT_TABLES = [t.name for t in schema.DOC_TABLES] + ["regions", "errors"]


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every content table's rows, sorted, so two loads can be compared exactly."""
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in CONTENT_TABLES}


@pytest.fixture
def con(fresh_db: Path):
    c = open_warehouse(fresh_db)
    yield c
    c.close()


@pytest.fixture
def migrating_con(tmp_path: Path):
    """A connection that migrated a new file itself: view_oid follows creation order only in that connection
    (a reopened file, such as a fresh_db copy, numbers its views anew)."""
    c = open_warehouse(tmp_path / "w.duckdb")
    yield c
    c.close()


def small_record(**changes) -> DocumentRecord:
    rec = synthetic_record(7, n_facts=30)
    return replace(rec, **changes) if changes else rec


# ---------------------------------------------------------------- schema and migrations

def test_migrations_recorded_once_and_catalog_matches_schema(tmp_path: Path):
    path = tmp_path / "m.duckdb"
    c = open_warehouse(path)
    assert applied_versions(c) == [m.version for m in MIGRATIONS]
    assert migrate(c) == []  # nothing pending the second time
    rows = c.execute("SELECT version, description FROM schema_migrations").fetchall()
    versions = [m.version for m in __import__("warehouse.migrations").migrations.MIGRATIONS]
    assert [r[0] for r in rows] == versions and all(r[1] for r in rows)
    for t in schema.TABLES + getattr(schema, "CRAWL_TABLES", ()):
        cols = c.execute(
            "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = ? "
            "ORDER BY column_index", [t.name]).fetchall()
        assert [(n, ty) for n, ty, _ in cols] == [(col.name, col.sql_type) for col in t.columns], t.name
        assert all(doc for _, _, doc in cols), f"undocumented column in {t.name}"
    c.close()
    c = open_warehouse(path)  # reopening an up-to-date file applies nothing
    assert applied_versions(c) == versions
    c.close()


def test_file_from_a_newer_version_is_refused(fresh_db: Path):
    c = open_warehouse(fresh_db)
    c.execute("INSERT INTO schema_migrations VALUES (?, NULL, 'from the future')", [LATEST + 1])
    with pytest.raises(SchemaTooNew):
        migrate(c)
    c.close()


def test_data_dictionary_is_up_to_date():
    assert DEFAULT_PATH == REPO / "docs" / "data_dictionary.md"
    assert DEFAULT_PATH.read_text("utf-8") == render(), "run `ogi dictionary --out docs/data_dictionary.md`"


def test_data_dictionary_lists_every_column_and_fact_key():
    text = render()
    for t in schema.TABLES:
        assert f"## Table `{t.name}`" in text
        for col in t.columns:
            assert f"| `{col.name}` | {col.sql_type} | {col.doc.replace('|', chr(92) + '|')} |" in text
    spec = load_spec()
    for key in spec.all_keys():
        assert f"| `{key}` | {spec.label_of(key)} |" in text
    assert "## View `fact_matrix`" in text


# ---------------------------------------------------------------- loading

def test_load_writes_every_table_as_the_record_says(con):
    rec = small_record()
    doc_id = load_record(con, rec)
    assert doc_id == f"{rec.sha256}:{rec.parser_version}"
    doc = con.execute("SELECT source, region_code, county, year, doc_type, template, n_facts, n_failed_checks, "
                      "warnings FROM documents").fetchall()
    assert doc == [(rec.source, "640381", "青铜峡市", rec.year, "annual_report", "2021", 30, 1, ["synthetic record"])]

    # every fact as in the JSON contract: value, kind, raw text, unit, qualifier, label, flags, provenance
    expected = to_json(rec)["facts"]
    got = con.execute("SELECT key, value, value_kind, raw_text, unit, qualifier, label_printed, flags, confidence, "
                      "page, element, cell_row, cell_col, label_zh FROM facts").fetchall()
    assert len(got) == len(expected) == 30
    spec = load_spec()
    for key, value, kind, raw, unit, qualifier, label, flags, confidence, page, element, r, c, zh in got:
        e = expected[key]
        assert (kind, raw, unit, qualifier, label, flags, confidence) == (
            e["kind"], e["raw"], e["unit"], e["qualifier"], e["label"], e["flags"], e["confidence"])
        assert (None if value is None else Decimal(value)) == (None if e["value"] is None else Decimal(str(e["value"])))
        assert (page, element, r, c) == tuple(e["provenance"].get(k) for k in ("page", "element", "row", "col"))
        assert zh == spec.label_of(key)

    assert con.execute("SELECT count(*) FROM table_status WHERE status = 'missing'").fetchall() == [(1,)]
    assert con.execute("SELECT seq, metric, value, value_kind, qualifier FROM prose_counts ORDER BY seq").fetchall() == [
        (0, None, Decimal(1800), "approx", "over"), (1, "applications_received", Decimal(42), "number", None)]
    check = con.execute("SELECT identity, status, expected, actual, operands FROM checks WHERE status = 'fail'").fetchall()
    assert check[0][:4] == ("A3", "fail", Decimal(12), Decimal(13))
    assert json.loads(check[0][4]) == {rec.facts[0].key: 13, "sum": 12}
    assert con.execute("SELECT adcode, name FROM regions").fetchall() == [("640381", "青铜峡市")]


def test_blank_na_zero_and_approx_stay_distinct(con):
    prov = Provenance("x.html", element="table[1]", row=3, col=1)
    facts = [Fact("applications", "granted", col, v, prov) for col, v in (
        ("natural_person", Value("number", "0", Decimal(0))), ("commercial", Value("blank", "")),
        ("research", Value("na", "/")), ("total", Value("approx", "1800余", Decimal(1800), None, "over")))]
    load_record(con, DocumentRecord("x.html", "ab" * 32, "html", "0.1.0", facts=facts))
    rows = {k: (v, kind) for k, v, kind in con.execute("SELECT col_key, value, value_kind FROM facts").fetchall()}
    assert rows == {"natural_person": (Decimal(0), "number"), "commercial": (None, "blank"),
                    "research": (None, "na"), "total": (Decimal(1800), "approx")}


def test_validation_status_marks_operands_of_failed_checks_and_flagged_cells(con):
    rec = small_record()
    rec.facts[1].flags = ["split_undecided"]
    load_record(con, rec)
    status = dict(con.execute("SELECT key, validation_status FROM facts").fetchall())
    assert status[rec.facts[0].key] == "failed_check"  # named in the failed A3 check's operands
    assert status[rec.facts[1].key] == "flagged"
    assert {status[f.key] for f in rec.facts[2:] if not f.flags} == {"ok"}


def test_loading_the_same_record_twice_leaves_identical_tables(con):
    recs = [synthetic_record(i, n_facts=40) for i in range(5)]
    load_records(con, recs)
    first = snapshot(con)
    time.sleep(0.01)
    load_records(con, recs)
    for rec in recs:
        load_record(con, rec)
    assert snapshot(con) == first  # loaded_at included: it is kept for an unchanged doc_id


def test_new_parser_version_replaces_all_rows_of_the_old_one(con):
    old = small_record()
    load_record(con, old)
    new = replace(small_record(), parser_version="0.2.0", facts=small_record().facts[:5], checks=[],
                  prose_counts=[], tables=[])
    new_id = load_record(con, new)
    for t in schema.DOC_TABLES:
        ids = {d for (d,) in con.execute(f"SELECT DISTINCT doc_id FROM {t.name}").fetchall()}
        assert ids <= {new_id}, t.name
    assert con.execute("SELECT count(*) FROM facts").fetchall() == [(5,)]
    assert con.execute("SELECT count(*) FROM checks").fetchall() == [(0,)]


def test_reloading_a_changed_record_removes_facts_it_no_longer_has(con):
    rec = small_record()
    load_record(con, rec)
    loaded_at = con.execute("SELECT loaded_at FROM documents").fetchall()
    load_record(con, replace(rec, facts=rec.facts[:3]))
    assert sorted(k for (k,) in con.execute("SELECT key FROM facts").fetchall()) == sorted(f.key for f in rec.facts[:3])
    assert con.execute("SELECT n_facts FROM documents").fetchall() == [(3,)]
    assert con.execute("SELECT loaded_at FROM documents").fetchall() == loaded_at


def test_a_load_that_fails_midway_leaves_the_previous_content(con):
    load_record(con, small_record())
    before = snapshot(con)
    bad = small_record(parser_version="0.2.0")  # a new version: the old rows are deleted first
    bad.facts[-1] = replace(bad.facts[-1], value=Value("number", "1" + "0" * 40, Decimal(10) ** 40))
    with pytest.raises(duckdb.Error):
        load_record(con, bad)
    assert snapshot(con) == before
    load_record(con, small_record(parser_version="0.3.0"))  # the connection is usable afterwards
    assert con.execute("SELECT DISTINCT parser_version FROM documents").fetchall() == [("0.3.0",)]


def test_an_exception_after_the_deletes_rolls_back(con, monkeypatch):
    load_record(con, small_record())
    before = snapshot(con)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_insert_facts", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        load_record(con, small_record(parser_version="0.2.0"))
    assert snapshot(con) == before


def test_load_many_isolates_the_bad_record_of_a_batch(con):
    good = [synthetic_record(i, n_facts=10) for i in range(3)]
    bad = synthetic_record(99, n_facts=10)
    bad.facts[0] = replace(bad.facts[0], value=Value("number", "huge", Decimal(10) ** 40))
    outcomes = load_many(con, [good[0], bad, good[1], good[2]])
    assert [o.error is None for o in outcomes] == [True, False, True, True]
    assert con.execute("SELECT count(*) FROM documents").fetchall() == [(3,)]


def test_extra_decimals_are_rounded_to_six_places(con):
    rec = small_record()
    rec.facts[0] = replace(rec.facts[0], value=Value("number", "33.33333333%", Decimal("33.33333333"), "%"))
    load_record(con, rec)
    got = con.execute("SELECT value, raw_text FROM facts WHERE key = ?", [rec.facts[0].key]).fetchall()
    assert got == [(Decimal("33.333333"), "33.33333333%")]


def test_amounts_beyond_a_trillion_stay_exact(con):
    rec = small_record()
    big = Decimal("3000000000000.25")  # 3万亿元 and a fraction: past Arrow decimal64's range
    rec.facts[0] = replace(rec.facts[0], value=Value("number", "30000亿元", big, "元"))
    load_record(con, rec)
    assert con.execute("SELECT value FROM facts WHERE key = ?", [rec.facts[0].key]).fetchall() == [(big,)]


def test_duplicate_keys_keep_the_last_fact_as_to_json_does(con):
    rec = small_record()
    dup = replace(rec.facts[0], value=Value("number", "5", Decimal(5)))
    rec.facts.append(dup)
    load_record(con, rec)
    assert con.execute("SELECT value FROM facts WHERE key = ?", [dup.key]).fetchall() == [(Decimal(5),)]
    assert con.execute("SELECT n_facts FROM documents").fetchall() == [(30,)]
    assert to_json(rec)["facts"][dup.key]["value"] == 5


def test_identical_bytes_under_two_names_are_one_document(con):
    a = small_record(source="a/report.pdf")
    b = small_record(source="b/report.pdf")
    load_records(con, [a, b])
    assert con.execute("SELECT source FROM documents").fetchall() == [("b/report.pdf",)]


def test_fact_matrix_gives_region_year_key_value(con):
    load_records(con, [synthetic_record(0, n_facts=5), synthetic_record(1, n_facts=5)])
    rows = con.execute("SELECT region_code, year, key, value FROM fact_matrix ORDER BY 1, 3").fetchall()
    assert len(rows) == 10
    assert {r[0] for r in rows} == {"320813", "321322"}
    assert {r[2] for r in rows} == set(load_spec().all_keys()[:5])
    pivot = con.execute("PIVOT (SELECT region_code, year, key, value FROM fact_matrix) ON region_code "
                        "USING first(value) GROUP BY key, year").fetchall()
    assert len(pivot) == 10  # county × year comparison: two years, so one row per key and year


def _dated(seed: int, code: str, county: str, year: int, n_facts: int = 5, **changes) -> DocumentRecord:
    """A synthetic report of `county` for `year` with the region codes the pipeline gives it."""
    region = Region(code, "江苏省", "淮安市", county, "resolved", f"{county}人民政府")
    rec = replace(synthetic_record(seed, n_facts=n_facts), year=year, body=f"{county}人民政府", **changes)
    return replace(rec, region=date_region(region, year))


def test_documents_carry_body_kind_the_years_and_todays_code_and_identity_evidence(con):
    rec = _dated(0, "320829", "洪泽县", 2015, body_kind="government",
                 identity={"year": {"value": 2015, "source": "title", "confidence": 1.0}})
    load_record(con, rec)
    row = con.execute("SELECT region_code, region_code_in_year, region_code_current, region_code_note, body_kind, "
                      "identity_evidence FROM documents").fetchall()[0]
    assert row[:3] == ("320829", "320829", "320813")
    assert row[3] == "洪泽县 320829 in 2015; today 洪泽区 320813 (code changed in 2016)"
    assert row[4] == "government"
    assert json.loads(row[5]) == {"year": {"value": 2015, "source": "title", "confidence": 1.0}}
    # today's code gets a regions row too, named from the MCA tables
    assert con.execute("SELECT adcode, name, prefecture FROM regions ORDER BY adcode").fetchall() == [
        ("320813", "洪泽区", "淮安市"), ("320829", "洪泽县", "淮安市")]


def test_panel_views_key_on_todays_code_so_a_county_that_became_a_district_is_one_unit(con):
    # 洪泽县 320829 reported for 2015, 洪泽区 320813 for 2016: one unit, and X1 pairs the two years
    load_records(con, [_dated(0, "320829", "洪泽县", 2015, 200), _dated(1, "320813", "洪泽区", 2016, 200)])
    units = con.execute("SELECT year, unit_id, region_code, region_code_in_year, region_name FROM metrics_doc "
                        "ORDER BY year").fetchall()
    assert units == [(2015, "320813", "320813", "320829", "洪泽区"), (2016, "320813", "320813", "320813", "洪泽区")]
    assert con.execute("SELECT year, prev_year FROM cross_year_checks WHERE identity = 'X1'").fetchall() == [
        (2016, 2015)]
    assert con.execute("SELECT DISTINCT region_code, region_code_in_year FROM fact_matrix ORDER BY 2").fetchall() == [
        ("320813", "320813"), ("320813", "320829")]
    assert con.execute("SELECT DISTINCT unit_id, region_code_in_year FROM panel_body_year ORDER BY 2").fetchall() == [
        ("320813", "320813"), ("320813", "320829")]


def test_a_region_without_a_code_today_keeps_its_own_code_as_panel_key(con):
    rec = _dated(0, "110103", "崇文区", 2009)  # merged into 东城区 in 2010; the dataset records no successor
    load_record(con, rec)
    assert con.execute("SELECT region_code_current, region_code_note LIKE '%no successor%' FROM documents"
                       ).fetchall() == [(None, True)]
    assert con.execute("SELECT unit_id, region_code_in_year FROM metrics_doc").fetchall() == [("110103", "110103")]


@pytest.mark.parametrize("version", [5, 3])
def test_an_older_warehouse_upgrades_and_keeps_its_rows(tmp_path: Path, version: int):
    """A file written before migration 6 (tests/fixtures/warehouse/schema_v5.sql, exported from one; version 3
    is it without what migrations 4 and 5 added) gains the columns, documented, with NULL in its old rows, and
    its views work on old and new rows."""
    path = tmp_path / "old.duckdb"
    c = duckdb.connect(str(path))
    c.execute((REPO / "tests" / "fixtures" / "warehouse" / "schema_v5.sql").read_text("utf-8"))
    if version == 3:
        for v in ("panel_body_year", "harmonised_doc", "metrics_region_year", "metrics_body_year", "cross_year_checks",
                  "metric_units", "metrics_doc", "facts_effective"):
            c.execute(f"DROP VIEW {v}")
        for t in ("corrections", "legacy_stat_cells", "harmonised_facts"):  # the old name of pre2019_stat_cells
            c.execute(f"DROP TABLE {t}")
    c.executemany("INSERT INTO schema_migrations VALUES (?, NULL, 'old')", [[v] for v in range(1, version + 1)])
    c.execute("INSERT INTO documents (doc_id, sha256, region_code, county, year, body, doc_type, template, "
              "parser_version) VALUES ('old:0.3.0', 'old', '320829', '洪泽县', 2015, '洪泽县人民政府', "
              "'annual_report', 'pre2019', '0.3.0')")
    c.close()
    c = open_warehouse(path)
    try:
        assert applied_versions(c) == [m.version for m in MIGRATIONS]
        cols = c.execute("SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = 'documents'"
                         ).fetchall()
        assert {(n, t) for n, t, _ in cols} == {(col.name, col.sql_type) for col in schema.DOCUMENTS.columns}
        documented = {n: d for n, _, d in cols}
        for col in (*schema.IDENTITY_COLUMNS, schema.REGION_CODE, schema.NOT_REPORT_REASON):  # the export kept no comments; the migration adds these
            assert documented[col.name] == col.doc
        assert c.execute("SELECT region_code, region_code_in_year, region_code_current, body_kind FROM documents"
                         ).fetchall() == [("320829", None, None, None)]
        load_record(c, _dated(1, "320813", "洪泽区", 2016, 200))
        assert c.execute("SELECT year, unit_id, region_code_in_year FROM metrics_doc ORDER BY year").fetchall() == [
            (2015, "320829", None), (2016, "320813", "320813")]  # an old row keys on its own code until re-ingested
        for v in schema.VIEWS:
            c.execute(f"SELECT * FROM {v.name}").fetchall()
        assert c.execute("SELECT count(*) FROM panel_body_year").fetchall()[0][0] > 0
        assert {n: h for n, (h, _) in _recorded(c).items()} == view_hashes()
        assert "region_code_in_year" in _view_columns(c, "panel_body_year")  # the view of today's code
    finally:
        c.close()


def test_migration_7_renames_the_pre2019_table_and_source_kind_keeping_rows(tmp_path: Path):
    """'legacy' meant both old Office files and pre-2019 reports; a version-5 file's legacy_stat_cells and
    'legacy_table' values carry over under the pre2019 names, with the rows and the code's column docs."""
    path = tmp_path / "old.duckdb"
    c = duckdb.connect(str(path))
    c.execute((REPO / "tests" / "fixtures" / "warehouse" / "schema_v5.sql").read_text("utf-8"))
    c.executemany("INSERT INTO schema_migrations VALUES (?, NULL, 'old')", [[v] for v in range(1, 6)])
    c.execute("INSERT INTO legacy_stat_cells (doc_id, table_seq, row_seq, col_seq, label_printed, value) "
              "VALUES ('old:0.3.0', 0, 0, 0, '受理申请总数', 12)")
    c.execute("INSERT INTO harmonised_facts (doc_id, seq, metric, value, source_kind) VALUES "
              "('old:0.3.0', 0, 'apps_received', 12, 'legacy_table'), ('old:0.3.0', 1, 'releases_total', 9, 'prose')")
    c.close()
    c = open_warehouse(path)
    try:
        tables = {n for (n,) in c.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert "pre2019_stat_cells" in tables and "legacy_stat_cells" not in tables
        assert c.execute("SELECT label_printed, value FROM pre2019_stat_cells").fetchall() == [("受理申请总数", 12)]
        assert c.execute("SELECT metric, source_kind FROM harmonised_facts ORDER BY seq").fetchall() == [
            ("apps_received", "pre2019_table"), ("releases_total", "prose")]
        docs = dict(c.execute("SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'harmonised_facts'"
                              ).fetchall())
        assert docs["source_kind"] == next(col.doc for col in schema.HARMONISED_FACTS.columns if col.name == "source_kind")
        assert c.execute("SELECT count(*) FROM harmonised_doc WHERE source_kind = 'pre2019_table'").fetchall() == [(1,)]
    finally:
        c.close()


def _view_columns(c: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    return [n for (n,) in c.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                    "ORDER BY column_index", [name]).fetchall()]


def _recorded(c: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, object]]:
    return {n: (h, at) for n, h, at in c.execute("SELECT name, sql_sha256, created_at FROM schema_views").fetchall()}


def _stale_file(path: Path, *, forget_hashes: bool) -> None:
    """A migrated file whose panel_body_year is an old definition: either written before views were recorded
    (no schema_views table) or recorded under the old definition's hash."""
    open_warehouse(path).close()
    c = duckdb.connect(str(path))
    c.execute("CREATE OR REPLACE VIEW panel_body_year AS SELECT unit_id, year, metric, value FROM metric_units "
              "JOIN harmonised_doc USING (doc_id)")
    if forget_hashes:
        c.execute("DROP TABLE schema_views")
    else:
        c.execute("UPDATE schema_views SET sql_sha256 = 'old' WHERE name = 'panel_body_year'")
    c.close()


def test_every_view_is_recorded_with_the_hash_of_its_sql(migrating_con):
    con = migrating_con
    assert [n for (n,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_oid"
                                      ).fetchall()] == [v.name for v in VIEWS]
    assert {n: h for n, (h, _) in _recorded(con).items()} == view_hashes()


@pytest.mark.parametrize("forget_hashes", [True, False])
def test_a_stale_view_is_recreated_on_a_read_write_open_and_only_then(tmp_path: Path, forget_hashes: bool, caplog):
    path = tmp_path / "stale.duckdb"
    _stale_file(path, forget_hashes=forget_hashes)
    with caplog.at_level("WARNING", logger="warehouse.connect"):
        ro = open_warehouse(path, read_only=True)  # a read-only open works on the old views and says so, once
        assert _view_columns(ro, "panel_body_year") == ["unit_id", "year", "metric", "value"]
        assert ro.execute("SELECT count(*) FROM panel_body_year").fetchall() == [(0,)]
        ro.close()
        open_warehouse(path, read_only=True).close()
    warned = [r.getMessage() for r in caplog.records
              if r.name == "warehouse.connect" and r.levelname == "WARNING" and "views" in r.getMessage()]
    assert len(warned) == 1 and "read-write" in warned[0], warned
    assert ("all its views" if forget_hashes else "views panel_body_year from") in warned[0]

    c = open_warehouse(path)
    try:
        panel = next(v for v in VIEWS if v.name == "panel_body_year")
        assert set(_view_columns(c, "panel_body_year")) == {col for col, _ in panel.column_docs}
        assert {n: h for n, (h, _) in _recorded(c).items()} == view_hashes()
        load_record(c, _dated(1, "320813", "洪泽区", 2016, 200))
        assert c.execute("SELECT count(*) FROM panel_body_year").fetchall()[0][0] > 0
        rebuilt = _recorded(c)
    finally:
        c.close()
    c = open_warehouse(path)  # the file is current now: a second open rebuilds nothing
    try:
        assert _recorded(c) == rebuilt
        assert refresh_views(c) == []
    finally:
        c.close()


def test_a_view_no_longer_in_the_code_is_dropped(tmp_path: Path):
    path = tmp_path / "gone.duckdb"
    open_warehouse(path).close()
    c = duckdb.connect(str(path))
    c.execute("CREATE VIEW retired_view AS SELECT 1 AS x")
    c.execute("CREATE VIEW users_own_view AS SELECT 2 AS y")  # not recorded: not ours to drop
    c.execute("INSERT INTO schema_views VALUES ('retired_view', 'old', NULL)")
    c.close()
    c = open_warehouse(path)
    try:
        names = {n for (n,) in c.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert "retired_view" not in names and "users_own_view" in names
        assert set(_recorded(c)) == {v.name for v in VIEWS}
    finally:
        c.close()


def test_facts_stage_falls_back_to_text_numbers_for_every_chunk():
    batch = [(doc_id_of(r), r) for r in (synthetic_record(i, n_facts=5) for i in range(fact_stage.CHUNK_DOCS + 3))]
    last = batch[-1][1]
    last.facts[0] = replace(last.facts[0], value=Value("number", "x", Decimal("0.1234567")))
    table, counts = fact_stage.fact_stage(batch)
    assert set(counts.values()) == {5}
    assert table.num_rows == 5 * len(batch)
    assert str(table.schema.field("value").type) == "string"


# ---------------------------------------------------------------- errors

def test_record_error_keeps_first_sighting_and_a_later_load_clears_it(con):
    record_error(con, "x/bad.pdf", "detect format", "garbage", "run-1")
    first = con.execute("SELECT * FROM errors").fetchall()
    record_error(con, "x/bad.pdf", "detect format", "garbage", "run-2")
    assert con.execute("SELECT * FROM errors").fetchall() == first
    record_error(con, "x/bad.pdf", "open pdf", "no /Root", "run-3")
    assert con.execute("SELECT run_id, stage FROM errors").fetchall() == [("run-3", "open pdf")]
    load_record(con, small_record(source="x/bad.pdf"))
    assert con.execute("SELECT count(*) FROM errors").fetchall() == [(0,)]


# ---------------------------------------------------------------- connections

def test_read_only_connection_refuses_writes(fresh_db: Path):
    path = fresh_db
    c = open_warehouse(path)
    load_record(c, small_record())
    c.close()
    ro = open_warehouse(path, read_only=True)
    assert ro.execute("SELECT count(*) FROM facts").fetchall() == [(30,)]
    with pytest.raises(duckdb.Error, match="read-only"):
        ro.execute("DELETE FROM facts")
    ro.close()


def test_read_only_open_of_a_missing_file_says_so(tmp_path: Path):
    with pytest.raises(WarehouseError, match="no warehouse"):
        open_warehouse(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


def test_a_file_locked_by_another_process_gives_a_clear_error(fresh_db: Path):
    path = fresh_db
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(path)!r})
            print("locked", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(WarehouseBusy, match=f"warehouse {path} is in use by another process"):
            open_warehouse(path)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


# ---------------------------------------------------------------- discovery

def test_discover_skips_hidden_truth_and_readme_files_and_sniffs_unknown_suffixes(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    for name, data in {
        "a/report.pdf": b"%PDF-1.4", "a/report.truth.json": b"{}", "a/.hidden.txt": b"x",
        ".git/config.txt": b"x", "a/page.aspx": b"<html><body>report</body></html>",
        "a/notes.json": b'{"not": "a report"}', "b.docx": b"PK", "c.TXT": b"text", "README.md": b"# notes",
    }.items():
        (tmp_path / name).write_bytes(data)
    files, missing = find_files([tmp_path, tmp_path / "a" / "notes.json", tmp_path / "nope"])
    rel = [f.relative_to(tmp_path).as_posix() for f in files]
    assert rel == ["a/page.aspx", "a/report.pdf", "b.docx", "c.TXT", "a/notes.json"]
    assert missing == [tmp_path / "nope"]


def test_discover_reads_a_pages_pictures_with_the_page_not_alone():
    # regression: an HTML page's <img> table pictures were also ingested as documents of their own
    from flows.local_files import find_files

    web = FIXTURES / "scans" / "web"
    files, missing = find_files([web])
    assert [f.name for f in files] == ["shuyang_2023.html"] and not missing
    named, _ = find_files([web / "shuyang_2023_table_1.png"])
    assert [f.name for f in named] == ["shuyang_2023_table_1.png"]  # a file named explicitly is taken


def test_fact_matrix_has_the_level_and_body_kind_of_metrics_body_year(con):
    """'Which county had the most applications?' needs fact_matrix's level: a prefecture's report is not a county's."""
    city = Region("320800", "江苏省", "淮安市", None, "resolved", "淮安市人民政府")
    recs = [_dated(0, "320813", "洪泽区", 2016, 200, body_kind="government"),
            replace(_dated(1, "320800", "淮安市", 2016, 200, body_kind="government"), body="淮安市人民政府",
                    region=date_region(city, 2016)),
            replace(_dated(2, "320813", "洪泽区", 2016, 200, body_kind="department"), body="洪泽区教育局")]
    load_records(con, recs)
    got = con.execute("SELECT DISTINCT body, level, body_kind FROM fact_matrix ORDER BY 1").fetchall()
    assert got == con.execute("SELECT body, level, body_kind FROM metrics_body_year ORDER BY 1").fetchall()
    assert got == [("洪泽区人民政府", "county", "government"), ("洪泽区教育局", "department", "department"),
                   ("淮安市人民政府", "prefecture", "government")]


def test_a_non_report_is_a_document_with_its_reason_and_in_no_metric_view(con):
    """An invoice and a news page ('主动公开政府信息1280条' about spring ploughing) load as documents that say why
    they are not reports; no view of numbers (fact_matrix, the metric and panel views) shows them."""
    from pipeline.run import extract_record
    from warehouse.views import VIEWS

    paths = [FIXTURES / "non_reports" / n for n in ("invoice.pdf", "news_page.html")]
    paths.append(REPO / "examples" / "hongze_2022.md")
    load_records(con, [extract_record(p.read_bytes(), str(p)) for p in paths])
    reasons = dict(con.execute("SELECT regexp_extract(source, '[^/]+$'), not_report_reason FROM documents").fetchall())
    assert reasons["hongze_2022.md"] is None
    assert "no report phrase" in reasons["invoice.pdf"] and "no report phrase" in reasons["news_page.html"]
    report = con.execute("SELECT doc_id FROM documents WHERE not_report_reason IS NULL").fetchall()
    for v in VIEWS:
        if "doc_id" in _view_columns(con, v.name):
            shown = {d for (d,) in con.execute(f"SELECT DISTINCT doc_id FROM {v.name}").fetchall()}
            assert shown <= {d for (d,) in report}, v.name
    assert con.execute("SELECT count(*) FROM prose_counts").fetchall() == con.execute(
        "SELECT count(*) FROM prose_counts JOIN documents USING (doc_id) WHERE not_report_reason IS NULL").fetchall()
