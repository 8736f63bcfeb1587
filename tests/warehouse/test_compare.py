"""`ogi compare`: tidy and panel CSV / Parquet with stable columns, filters, statuses."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.support.warehouse import warehouse_copy
from warehouse.compare import PANEL_UNIT_COLUMNS, CompareError, Selection, columns, parse_years

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
    res = runner.invoke(app, ["compare", "--db", "/nonexistent.duckdb", "--metrics", "nope"])
    assert res.exit_code == 1
    assert Selection().metrics
