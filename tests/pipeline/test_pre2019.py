"""Pre-2019 reports: pre-2019 statistics tables, harmonised metrics with conflicts, the panel from 2008 on."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractors.document import Document, Paragraph, Provenance, table_from_texts
from flows.cli import app
from flows.evaluate import evaluate, load_truth
from flows.local_files import extract_path
from pipeline.harmonised import HARMONISED_BY_NAME, PROSE, SOURCE_PREFERENCE, STANDARD
from pipeline.pre2019_labels import OUTCOME_PARENTS, ROW_METRICS
from pipeline.pre2019_tables import find_pre2019_tables
from pipeline.record import DocumentRecord, to_json
from tests.support.paths import EXAMPLES, SHARED_CORPUS
from tests.support.warehouse import migrated_copy
from warehouse.connect import open_warehouse
from warehouse.load import load_records
from warehouse.metrics import METRIC_BY_NAME
from warehouse.panel import STANDARD_TEMPLATES

REAL = SHARED_CORPUS / "real"
PINGTAN = 350128


@pytest.fixture(scope="module")
def pingtan_2012() -> DocumentRecord:
    return extract_path(REAL / "pingtan_2012.txt")


@pytest.fixture(scope="module")
def fixture_page() -> Path:
    return EXAMPLES / "siyang_2010_pre2019.html"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, fixture_page) -> Path:
    db = migrated_copy(tmp_path_factory, tmp_path_factory.mktemp("wh") / "panel.duckdb")
    recs = [extract_path(REAL / f"pingtan_{y}.txt") for y in (2012, 2019, 2020)]
    recs += [extract_path(fixture_page), extract_path(EXAMPLES / "siyang_2024_broken_review.html")]
    con = open_warehouse(db)
    load_records(con, recs)
    load_records(con, recs)  # idempotent: the same rows again
    con.close()
    return db


# ------------------------------------------------------------------ the pre-2019 table


def test_pingtan_2012_legacy_table_is_read_exactly(pingtan_2012):
    truth = load_truth(REAL / "pingtan_2012.truth.json")["legacy_stats_table"]
    [table] = pingtan_2012.pre2019_tables
    assert table.layout == "text" and table.columns == truth["columns"] == ["2012年度", "历年累计"]
    got = {r.key: [c.value.json_number() for c in r.cells] for r in table.rows}
    assert got == truth["rows"] and len(got) == 16
    assert {c.column: c.column_kind for r in table.rows for c in r.cells} == {"2012年度": "year", "历年累计": "cumulative"}
    ev = evaluate(pingtan_2012, load_truth(REAL / "pingtan_2012.truth.json"))
    assert (ev.pre2019_ok, ev.pre2019_total) == (32, 32) and not ev.wrong_pre2019


def test_cumulative_column_never_becomes_the_year_figure(pingtan_2012):
    table_values = [h for h in pingtan_2012.harmonised if h.source_kind == "pre2019_table"]
    assert table_values and all(h.column == "2012年度" for h in table_values)
    assert Decimal(4359) not in {h.value for h in pingtan_2012.harmonised}


def test_three_release_totals_are_kept_and_flagged_as_a_conflict(pingtan_2012):
    releases = [h for h in pingtan_2012.harmonised if h.metric == "releases_total"]
    assert sorted((h.source_kind, int(h.value)) for h in releases) == [
        ("pre2019_table", 739), ("prose", 1913), ("prose", 3636)]
    assert all(h.conflict and len(h.conflict_values) == 2 for h in releases)
    table = next(h for h in releases if h.source_kind == "pre2019_table")
    assert table.template == "pre2019" and table.label == "主动公开信息数"
    assert any(v.startswith("3636条") for v in table.conflict_values)
    # the same quantity given twice with the same number is no conflict
    apps = [h for h in pingtan_2012.harmonised if h.metric == "applications_received"]
    assert {h.source_kind for h in apps} == {"pre2019_table", "prose"} and not any(h.conflict for h in apps)


def test_extract_json_shows_legacy_table_and_harmonised_values(pingtan_2012):
    out = to_json(pingtan_2012)
    assert out["pre2019_tables"][0]["rows"][0]["cells"][1] | {"provenance": None} == {
        "column": "历年累计", "column_kind": "cumulative", "value": 4359, "kind": "number", "raw": "4359",
        "unit": None, "qualifier": None, "provenance": None}
    h = next(h for h in out["harmonised"] if h["metric"] == "releases_total" and h["source_kind"] == "pre2019_table")
    assert h["value"] == 739 and h["conflict"] and h["template"] == "pre2019" and h["column"] == "2012年度"
    json.dumps(out, ensure_ascii=False)


def test_generated_grid_report_parses(fixture_page):
    rec = extract_path(fixture_page)
    truth = load_truth(fixture_page.with_name(fixture_page.stem + ".truth.json"))
    ev = evaluate(rec, truth)
    assert ev.perfect and not ev.prose_missing and (ev.pre2019_ok, ev.pre2019_total) == (48, 48)
    [table] = rec.pre2019_tables
    assert table.layout == "grid" and table.title == "泗阳县2010年政府信息公开情况统计表"
    kinds = {r.key: [c.value.kind for c in r.cells] for r in table.rows}
    assert kinds["（三）行政申诉数（件）"] == ["number", "na"]  # '/' is not 0
    assert kinds["四、依申请公开信息收取的费用（万元）"] == ["number", "blank"]  # blank is not 0
    assert [r.metric for r in table.rows if not r.unit] == [None, None, None]  # section headings
    by = {(h.metric, h.source_kind): h for h in rec.harmonised}
    assert by[("fees_yuan", "pre2019_table")].value == 500 and by[("fees_yuan", "pre2019_table")].unit == "元"
    assert by[("fees_yuan", "prose")].value == 500 and not by[("fees_yuan", "prose")].conflict
    assert by[("budget_yuan", "pre2019_table")].value == 125000
    assert by[("review_corrected", "pre2019_table")].value == 1  # outcome under its 行政复议 row
    assert by[("not_ours", "pre2019_table")].comparable_note is None
    assert "本年新收" in by[("applications_received", "pre2019_table")].comparable_note
    assert all(h.column == "2010年度" for h in rec.harmonised if h.source_kind == "pre2019_table")  # never 上年


def test_grid_without_unit_column_takes_units_from_labels():
    """A PDF-style grid (merged cells as None): 项目 | 本年度 | 累计, units in brackets after the labels."""
    prov = Provenance("t.pdf", page=3, element="page 3 table 1")
    grid = [["项目", "本年度", "累计"], ["主动公开政府信息数（条）", "1,204", "9876"],
            ["受理申请总数（件）", "12", "80"], ["其中：网上申请数（件）", "9", None],
            ["依申请公开信息收取的费用（万元）", "0.12", "1"], ["行政复议数（件）", "1800余", "-"]]
    doc = Document("t.pdf", "x", "pdf", [table_from_texts(grid, prov)])
    [t] = find_pre2019_tables(doc, 2015)
    assert t.layout == "grid" and t.columns == ["本年度", "累计"]
    assert [(r.metric, r.unit) for r in t.rows] == [
        ("releases_total", "条"), ("applications_received", "件"), ("applications_by_channel_online", "件"),
        ("fees_yuan", "万元"), ("review_total", "件")]
    assert t.rows[0].key == "主动公开政府信息数（条）"  # the unit is not repeated
    review = t.rows[-1].cells
    assert (review[0].value.kind, review[0].value.qualifier, review[1].value.kind) == ("approx", "over", "na")
    assert t.rows[2].cells[1].value.kind == "blank" and t.rows[2].cells[1].provenance.row == 3
    assert [c.column_kind for c in t.rows[0].cells] == ["year", "cumulative"]


def test_text_table_that_stops_fitting_its_columns_says_so(tmp_path):
    page = tmp_path / "x_2011.txt"
    page.write_text("某县2011年政府信息公开工作年度报告\n统计表 指标名称 计量单位 本年度 历年累计 行政复议数 件 3 4 "
                    "行政诉讼数 件 0 行政申诉数 件 0 0\n", "utf-8")
    rec = extract_path(page)
    [t] = rec.pre2019_tables
    assert [r.key for r in t.rows] == ["行政复议数（件）"] and "行政诉讼数 件" in t.note
    assert t.note in rec.warnings
    assert all(s.reason.startswith("pre-2019 report") for s in rec.tables)


def test_pre2019_prose_answers_and_channels_become_harmonised_values(tmp_path):
    page = tmp_path / "y_2011.txt"
    page.write_text(
        "某某县2011年政府信息公开工作年度报告\n2011年，全县共受理政府信息公开申请36件，其中当面申请20件，网上申请12件，"
        "信函申请4件。已答复36件，其中同意公开25件，同意部分公开3件，不同意公开2件，信息不存在4件，"
        "不属于本机关公开范围的1件，申请内容不明确的1件。\n", "utf-8")
    rec = extract_path(page)
    got = {h.metric: int(h.value) for h in rec.harmonised if h.source_kind == "prose"}
    assert got == {"applications_received": 36, "applications_by_channel_in_person": 20,
                   "applications_by_channel_online": 12, "applications_by_channel_letter": 4,
                   "applications_closed": 36, "granted": 25, "partially_granted": 3, "denied": 2, "not_held": 4,
                   "not_ours": 1, "unclear": 1}
    assert all(h.template == "pre2019" and not h.conflict for h in rec.harmonised)


def test_l1_parts_never_exceed_their_total(tmp_path, fixture_page):
    page = tmp_path / "z_2013.txt"
    page.write_text("某县2013年政府信息公开工作年度报告\n指标名称 计量单位 本年度 受理申请总数 件 5 其中：当面申请数 件 4 "
                    "网上申请数 件 3 对申请的答复总数 件 5 其中：同意公开答复数 件 / 行政复议数 件 1\n", "utf-8")
    checks = {c.subject.split(": ")[1].split(" ")[0]: c for c in extract_path(page).checks if c.identity == "L1"}
    assert checks["受理申请总数"].status == "fail" and (checks["受理申请总数"].expected, checks["受理申请总数"].actual) == (5, 7)
    assert checks["对申请的答复总数"].status == "uncertain"  # '/' is no number
    assert "行政复议数" not in checks  # no 其中 rows to check
    good = [c for c in extract_path(fixture_page).checks if c.identity == "L1"]
    assert len(good) == 6 and all(c.status == "pass" for c in good)  # 3 totals × 2 columns


def test_prose_only_text_is_not_a_table():
    doc = Document("p.txt", "x", "text", [Paragraph("指标名称 是 考核的依据 2012年度 工作 很多", Provenance("p.txt"))])
    assert find_pre2019_tables(doc, 2012) == []


def test_label_table_maps_into_the_documented_metrics():
    for metric, _ in ROW_METRICS:
        if metric is None:
            continue
        if metric.startswith("outcome_"):
            for parent in OUTCOME_PARENTS.values():
                assert f"{parent}_{metric.removeprefix('outcome_')}" in HARMONISED_BY_NAME
        else:
            assert metric in HARMONISED_BY_NAME, metric
    assert set(PROSE.values()) <= set(HARMONISED_BY_NAME)
    assert set(STANDARD.values()) <= set(METRIC_BY_NAME)  # the template definitions are reused, not copied
    kinds = {"pre2019_table", "prose", *(f"standard_table_{t}" for t in STANDARD_TEMPLATES)}
    assert kinds == set(SOURCE_PREFERENCE)  # every source has a rank: none falls behind prose by accident


# ------------------------------------------------------------------ warehouse and panel


def test_warehouse_holds_cells_and_harmonised_values(warehouse):
    con = open_warehouse(warehouse, read_only=True)
    try:
        cells = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE column_kind = 'cumulative') FROM pre2019_stat_cells c "
            "JOIN documents d USING (doc_id) WHERE d.year = 2012").fetchall()
        assert cells == [(32, 16)]
        conflicts = con.execute(
            "SELECT source_kind, CAST(value AS INTEGER), conflict, len(conflict_values) FROM harmonised_facts h "
            "JOIN documents d USING (doc_id) WHERE d.year = 2012 AND metric = 'releases_total' ORDER BY 2").fetchall()
        assert conflicts == [("pre2019_table", 739, True, 2), ("prose", 1913, True, 2), ("prose", 3636, True, 2)]
    finally:
        con.close()


def test_panel_spans_a_legacy_year_and_template_years_without_mixing_definitions(warehouse):
    con = open_warehouse(warehouse, read_only=True)
    try:
        df = con.execute("SELECT * FROM panel_body_year WHERE unit_id = ? ORDER BY metric, year",
                         [str(PINGTAN)]).df()
    finally:
        con.close()
    assert {2012, 2019, 2020} <= set(df["year"])
    assert not df.duplicated(["unit_id", "year", "metric"]).any()
    apps = df[df.metric == "applications_received"].set_index("year")
    assert apps.loc[2012, "source_kind"] == "pre2019_table" and apps.loc[2012, "source_template"] == "pre2019"
    assert {"pre2019", "definition_differs"} <= set(apps.loc[2012, "flags"])
    assert apps.loc[2019, "source_kind"] == "standard_table_2019" and apps.loc[2019, "value"] == 23
    assert "pre2019" not in apps.loc[2019, "flags"] and pd.isna(apps.loc[2019, "comparable_note"])
    rel = df[df.metric == "releases_total"].set_index("year")
    assert rel.loc[2012, "value"] == 739 and rel.loc[2012, "conflict"] and "conflict" in rel.loc[2012, "flags"]
    assert rel.loc[2019, "source_kind"] == "prose" and "prose" in rel.loc[2019, "flags"]


def test_a_number_is_preferred_over_a_slash_cell(tmp_path, fresh_db):
    page = tmp_path / "w_2014.txt"
    page.write_text("某县2014年政府信息公开工作年度报告\n2014年，全县共受理政府信息公开申请12件。\n"
                    "统计表 指标名称 计量单位 本年度 受理申请总数 件 / 行政复议数 件 0\n", "utf-8")
    con = open_warehouse(fresh_db)
    try:
        load_records(con, [extract_path(page)])
        rows = con.execute("SELECT source_kind, raw_text, preferred, conflict FROM harmonised_doc "
                           "WHERE metric = 'applications_received' ORDER BY source_kind").fetchall()
    finally:
        con.close()
    assert rows == [("pre2019_table", "/", False, False), ("prose", "12件", True, False)]


def test_compare_panel_includes_pre2019_years(warehouse, tmp_path):
    out = tmp_path / "panel.csv"
    res = CliRunner().invoke(app, ["compare", "--db", str(warehouse), "--level", "all", "--panel", "--out", str(out)])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out, dtype=str)  # as printed in the CSV
    pt = df[df.unit_id == str(PINGTAN)].iloc[0]
    assert (pt["releases_total_2012"], pt["releases_total_2019"]) == ("739", "2599")
    assert pt["releases_total_source_2012"] == "pre2019_table" and "conflict" in pt["releases_total_flags_2012"]
    assert pt["applications_received_source_2020"] == "standard_table_2019"
    assert (pt["template_2012"], pt["template_2020"]) == ("pre2019", "2019")
    sy = df[df.unit_id == "321323"].iloc[0]
    assert (sy["applications_received_2010"], sy["template_2010"], sy["template_2024"]) == ("58", "pre2019", "2021")
    assert sy["applications_received_source_2024"] == "standard_table_2021"
    tidy = CliRunner().invoke(app, ["compare", "--db", str(warehouse), "--metrics", "releases_total"])
    assert tidy.exit_code == 2 and "--panel" in tidy.output  # a harmonised metric without --panel: asked wrongly


def test_review_lists_conflicts(warehouse):
    res = CliRunner().invoke(app, ["review", "--db", str(warehouse), "--csv"])
    assert res.exit_code == 0, res.output
    conflicts = [line for line in res.output.splitlines() if line.startswith("conflict,")]
    assert sum("releases_total" in line for line in conflicts) == 5  # 平潭 2012: three; 泗阳 2010: two
    assert any("3636条" in line and "739" in line for line in conflicts)


def test_evaluate_reports_legacy_cells(fixture_page):
    res = CliRunner().invoke(app, ["evaluate", str(fixture_page.parent)])
    assert res.exit_code == 0, res.output
    assert "48/48" in res.output


# ------------------------------------------------------------------ pre-2019 reports never yield standard-table keys


def _pre2019_page(year: int, heads: tuple[str, str], published: str) -> str:
    rows = [("主动公开政府信息数", "条", "12106", "50210"), ("规范性文件", "件", "2069", "12106"),
            ("受理申请总数", "件", "36", "120"), ("行政复议数", "件", "3", "9"), ("行政诉讼数", "件", "0", "1")]
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td><td>{d}</td></tr>" for a, b, c, d in rows)
    return (f'<html><head><meta charset="utf-8"><title>某某县人民政府{year}年政府信息公开工作年度报告</title></head><body>'
            f"<h1>某某县人民政府{year}年政府信息公开工作年度报告</h1><p>发布日期：{published}</p>"
            f"<p>本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>"
            f"<p>二、主动公开政府信息情况</p><p>某某县{year}年政府信息公开情况统计表</p>"
            f"<table><tr><td>指标名称</td><td>计量单位</td><td>{heads[0]}</td><td>{heads[1]}</td></tr>{cells}</table>"
            "</body></html>")


@pytest.mark.parametrize("year,heads", [(2018, ("本年新公开数量", "对外公开总数量")), (2017, ("2017年度", "历年累计"))])
def test_a_pre2019_report_never_yields_standard_table_keys(tmp_path, year, heads):
    """Regression (issue 14): a 2018 report's 统计表 row 规范性文件 (2069 | 12106) was stored as
    active/normative_docs/*, and headers worded like the 2019 form's gave it template '2019'.
    A report on a year before 2019 — published in early 2019 or not — is 'pre2019' and its
    statistics go to pre2019_tables / harmonised only."""
    page = tmp_path / f"report_{year}.html"
    page.write_text(_pre2019_page(year, heads, f"{year + 1}年2月28日"), "utf-8")
    rec = extract_path(page)
    assert rec.year == year and rec.template == "pre2019"
    assert rec.facts == [] and not any(h.source_kind.startswith("standard_table") for h in rec.harmonised)
    assert all(t.status == "missing" and t.reason.startswith("pre-2019 report") for t in rec.tables)
    assert any("not kept" in w and str(year) in w for w in rec.warnings)
    assert to_json(rec)["template"] == "pre2019"


def test_a_2019_report_published_in_2020_keeps_its_tables(tmp_path):
    """The year reported on decides, not the publication date nor a comparison with 2018."""
    text = (EXAMPLES / "qingtongxia_2019.txt").read_text("utf-8")
    page = tmp_path / "qingtongxia_2019_published_2020.txt"
    page.write_text(text.replace("一、总体情况", "发布日期：2020年1月20日\n与2018年相比，申请数量有所增加。\n一、总体情况", 1),
                    "utf-8")
    rec = extract_path(page)
    assert rec.year == 2019 and rec.template == "2019"
    assert len([f for f in rec.facts if f.table == "applications"]) == 161


@pytest.mark.parametrize("doc_type,year,want", [("annual_report", 2018, "pre2019"), ("annual_report", 2008, "pre2019"),
                                                ("annual_report", 2019, "2019"), ("annual_report", 2021, "2021"),
                                                ("annual_report", None, "none"), ("other", 2017, "none")])
def test_template_by_year_when_no_table_shows_it(doc_type, year, want):
    from pipeline.run import infer_template

    assert infer_template(doc_type, year) == want


def test_labels_in_prose_do_not_set_the_template(tmp_path):
    """Regression (wild set): a 2021 report without tables whose prose names 采购总金额 (a column of
    the 2019 form) got template '2019'. With no standard-table cell read, the year decides."""
    page = tmp_path / "report_2021.txt"
    page.write_text("某某市公安局2021年政府信息公开工作年度报告\n本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。\n"
                    "2021年，政府集中采购项目3个，采购总金额120万元；办理行政许可1200件，行政处罚36件。\n", "utf-8")
    rec = extract_path(page)
    assert rec.year == 2021 and rec.facts == [] and rec.template == "2021"
