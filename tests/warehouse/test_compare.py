"""`ogi compare`: wide, long and panel CSV / Parquet with stable columns, filters, statuses, and the export
convention (docs/exports.md): BOM, JSON lists, BIGINT/DOUBLE."""

from __future__ import annotations

import json
from decimal import Decimal

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.support.warehouse import warehouse_copy
from warehouse.compare import (
    LONG_COLUMNS,
    PANEL_UNIT_COLUMNS,
    CompareError,
    Selection,
    columns,
    parse_years,
)

runner = CliRunner()
METRICS = "share_substantive,review_correction_rate,prose_releases_total,apps_handled"


@pytest.fixture(scope="module")
def db(tmp_path_factory, shared_corpus):
    return warehouse_copy(tmp_path_factory, "compare")


def run(*args):
    res = runner.invoke(app, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res


def test_tidy_csv_and_parquet(db, tmp_path):
    csv, pq = tmp_path / "c.csv", tmp_path / "c.parquet"
    run("compare", "--db", db, "--year", "2019-2025", "--region", "江苏省", "--level", "government",
        "--metrics", METRICS, "--out", csv, "--out", pq)
    df = pd.read_csv(csv, dtype={"region_code": str, "unit_id": str})
    assert list(df.columns) == columns(METRICS.split(","))
    assert list(pd.read_parquet(pq).columns) == list(df.columns)
    assert not df.duplicated(["unit_id", "year"]).any()
    assert set(df["province"]) == {"江苏省"}
    huaian = df[(df.unit_id == "320800") & (df.year == 2024)].iloc[0]
    assert huaian["share_substantive"] == pytest.approx((1362 + 454) / 3050)
    assert huaian["review_correction_rate"] == pytest.approx(64 / (351 - 37))
    assert huaian["region_name"] == "淮安市" and huaian["doc_id"].startswith("fed22baafa")
    assert huaian["share_substantive_status"] == "ok"
    # approximate prose count
    assert huaian["prose_releases_total"] == 5500 and huaian["prose_releases_total_status"] == "approx"
    assert "approx_prose" in huaian["flags"]
    # failed identity (泗阳 2024: 复议 总计 ≠ Σ outcomes)
    siyang = df[df.unit_id == "321323"].iloc[0]
    assert siyang["review_correction_rate_status"] == "failed_check"
    assert siyang["share_substantive_status"] == "ok"
    assert "failed_check" in siyang["flags"] and siyang["n_inputs_failed_check"] > 0
    # zero denominator -> empty (NULL), with its status
    hz = df[(df.unit_id == "320813") & (df.year == 2022)].iloc[0]
    assert pd.isna(hz["review_correction_rate"]) and hz["review_correction_rate_status"] == "zero_denominator"


def test_missing_denominator_is_null(db, tmp_path):
    out = tmp_path / "s.csv"
    run("compare", "--db", db, "--year", "2021", "--region", "532525", "--metrics", "share_substantive",
        "--out", out)
    df = pd.read_csv(out, dtype={"unit_id": str})
    r = df.iloc[0]
    assert pd.isna(r["share_substantive"]) and r["share_substantive_status"] == "missing"
    assert "table_missing" in r["flags"]


def test_region_filters_and_levels(db, tmp_path):
    out = tmp_path / "p.csv"
    run("compare", "--db", db, "--region", "3208", "--level", "all", "--metrics", "apps_new", "--out", out)
    df = pd.read_csv(out, dtype={"unit_id": str, "region_code": str})
    assert set(df["region_code"]) == {"320800", "320813"}
    run("compare", "--db", db, "--region", "320800", "--level", "county", "--metrics", "apps_new", "--out", out)
    assert set(pd.read_csv(out, dtype={"region_code": str})["region_code"]) == {"320813"}
    run("compare", "--db", db, "--level", "department", "--metrics", "apps_new", "--out", out)
    assert set(pd.read_csv(out)["level"]) == {"department"}


def test_panel(db, tmp_path):
    out = tmp_path / "panel.csv"
    run("compare", "--db", db, "--year", "2019-2020", "--level", "county", "--metrics", "apps_new,share_substantive",
        "--panel", "--out", out)
    df = pd.read_csv(out, dtype={"unit_id": str})
    assert list(df.columns) == PANEL_UNIT_COLUMNS + [
        "apps_new_2019", "apps_new_2020", "share_substantive_2019", "share_substantive_2020",
        "flags_2019", "flags_2020", "template_2019", "template_2020", "doc_id_2019", "doc_id_2020"]
    assert not df["unit_id"].duplicated().any()
    qtx = df[df.unit_id == "640381"].iloc[0]
    assert (qtx["apps_new_2019"], qtx["apps_new_2020"]) == (13, 4)


def test_errors():
    with pytest.raises(CompareError):
        parse_years("20x4")
    assert Selection().metrics


@pytest.mark.parametrize("args", [["--metrics", "nope"], ["--year", "20x4"], ["--level", "village"],
                                  ["--metrics", "applications_received"]])
def test_a_selection_asked_wrongly_is_a_usage_error(db, args):
    """Unknown metric, year, level, or a harmonised metric without --panel: exit 2, nothing written."""
    for cmd in (["compare"], ["chart", "--out", "/tmp/never"]):
        if cmd[0] == "chart" and args[0] == "--metrics":
            args = ["--metric", args[1]]
        res = runner.invoke(app, [*cmd, "--db", str(db), *args])
        assert res.exit_code == 2, (cmd, args, res.output)
        assert res.stdout == ""


def test_a_comparison_matching_nothing_writes_nothing_and_says_so(db, tmp_path):
    """Exit 3 (nothing could be done) instead of 0 with a header-only CSV."""
    out = tmp_path / "none.csv"
    res = runner.invoke(app, ["compare", "--db", str(db), "--year", "1999"])
    assert res.exit_code == 3 and res.stdout == "" and "no units match" in res.stderr
    res = runner.invoke(app, ["compare", "--db", str(db), "--year", "1999", "--out", str(out)])
    assert res.exit_code == 3 and not out.exists()
    res = runner.invoke(app, ["chart", "--db", str(db), "--metric", "apps_new", "--year", "1999",
                              "--out", str(tmp_path / "c")])
    assert res.exit_code == 3 and not (tmp_path / "c.png").exists()


def test_files_follow_the_export_convention(db, tmp_path):
    csv, pq = tmp_path / "c.csv", tmp_path / "c.parquet"
    run("compare", "--db", db, "--year", "2019-2025", "--level", "government", "--metrics", METRICS,
        "--out", csv, "--out", pq)
    assert csv.read_bytes()[:3] == b"\xef\xbb\xbf"
    df = pd.read_csv(csv, encoding="utf-8-sig", dtype={"unit_id": str})
    flags = [json.loads(v) for v in df["flags"]]
    assert all(isinstance(f, list) for f in flags) and ["approx_prose"] in [f[-1:] for f in flags if f]
    assert str(df["apps_handled"].dtype) in ("int64", "float64") and str(df["year"].dtype) == "int64"
    p = pd.read_parquet(pq)
    assert not [c for c in p.columns if p[c].map(lambda v: isinstance(v, Decimal)).any()]
    assert str(p["share_substantive"].dtype) == "float64" and str(p["year"].dtype) in ("int32", "int64")
    assert list(p.loc[p["flags"].map(len) > 0, "flags"].iloc[0]) == json.loads(
        df.loc[df["flags"] != "[]", "flags"].iloc[0])  # a Parquet list, the same as the CSV's JSON array
    out = run("compare", "--db", db, "--year", "2024", "--metrics", "apps_new").stdout
    assert not out.startswith("\ufeff") and out.splitlines()[0].startswith("unit_id,")  # stdout: no BOM


def test_long_form_is_one_row_per_unit_year_metric(db, tmp_path):
    wide, long = tmp_path / "w.csv", tmp_path / "l.parquet"
    run("compare", "--db", db, "--year", "2019-2025", "--level", "all", "--metrics", METRICS, "--out", wide)
    run("compare", "--db", db, "--year", "2019-2025", "--level", "all", "--metrics", METRICS, "--form", "long",
        "--out", long)
    w = pd.read_csv(wide, dtype={"unit_id": str})
    lo = pd.read_parquet(long)
    assert list(lo.columns) == LONG_COLUMNS and len(w.columns) > 3 * len(lo.columns) // 2
    assert len(lo) == len(w) * 4 and list(lo["metric"][:4]) == METRICS.split(",")
    assert not lo.duplicated(["unit_id", "year", "metric"]).any()
    assert str(lo["value"].dtype) == "float64" and str(lo["rank_province"].dtype) in ("Int64", "int64", "float64")
    hit = lo[(lo.unit_id == "320800") & (lo.year == 2024) & (lo.metric == "share_substantive")].iloc[0]
    assert hit["value"] == pytest.approx((1362 + 454) / 3050) and hit["status"] == "ok"
    res = runner.invoke(app, ["compare", "--db", str(db), "--panel", "--form", "long"])
    assert res.exit_code == 2 and "--panel" in res.stderr
    assert runner.invoke(app, ["compare", "--db", str(db), "--form", "tall"]).exit_code == 2
