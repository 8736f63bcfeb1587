"""`ogi chart`: PNG + offline HTML with the expected series; one bar panel per year, a legend for the hatching
of failed checks, year labels and y from 0 on every small multiple, titles with the Chinese metric name and
the year(s) (checked on the matplotlib objects)."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.support.warehouse import warehouse_copy
from warehouse.compare import Selection, compare
from warehouse.connect import open_warehouse
from warehouse.metrics import METRICS

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory, shared_corpus):
    return warehouse_copy(tmp_path_factory, "charts")


def _traces(html: str) -> list[dict]:
    """The plotly traces embedded in the page (first Plotly.newPlot call)."""
    start = html.index("Plotly.newPlot(")
    body = html[start:]
    first = body.index("[", body.index(","))
    data, _ = json.JSONDecoder().raw_decode(body[first:])
    return data


def test_ranked_bar(db, tmp_path):
    out = tmp_path / "bar"
    res = runner.invoke(app, ["chart", "--db", str(db), "--metric", "share_substantive", "--year", "2020",
                              "--level", "government", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert (out.with_suffix(".png")).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    assert "<script src=\"http" not in html and len(html) > 1_000_000  # plotly.js embedded
    (trace,) = _traces(html)
    assert trace["y"] == ["青铜峡市", "平潭县", "昭通市"]
    assert trace["x"] == pytest.approx([3 / 4, 13 / 21, 19 / 49])


def test_small_multiples(db, tmp_path):
    out = tmp_path / "lines"
    res = runner.invoke(app, ["chart", "--db", str(db), "--metric", "apps_new", "--kind", "lines",
                              "--year", "2019-2024", "--level", "county", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.with_suffix(".png").stat().st_size > 10_000
    traces = {t["name"]: (t["x"], t["y"]) for t in _traces(out.with_suffix(".html").read_text(encoding="utf-8"))}
    assert traces["青铜峡市"] == ([2019, 2020], [13, 4])
    assert traces["洪泽区"] == ([2022, 2023], [29, 21])
    assert "淮安市" not in traces  # prefecture level, not county


def test_cjk_font_registered():
    from flows.charts import cjk_font

    assert "CJK" in (cjk_font() or "")


def _frame(db, metrics, years, level="government"):
    con = open_warehouse(db, read_only=True)
    try:
        return compare(con, Selection(years=years, level=level, metrics=metrics))
    finally:
        con.close()


def test_every_chartable_metric_has_a_chinese_title():
    from warehouse.metrics import metric_title

    for m in METRICS:
        if m.kind in ("count", "rate"):
            title = metric_title(m.name)
            assert re.search(r"[\u4e00-\u9fff]", title) and not re.search(r"[A-Za-z]", title), (m.name, title)
    assert metric_title("share_substantive") == "实质公开率（予以公开＋部分公开）"


def test_bar_chart_draws_one_ranked_panel_per_year(db, tmp_path):
    from flows.charts import ranked_bar

    df = _frame(db, ["share_substantive"], (2019, 2024))
    years = sorted(int(y) for y in df["year"].unique())
    drawn = ranked_bar(df, "share_substantive", tmp_path / "bar")
    fig = drawn["figure"]
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == len(years) == len(drawn["panels"]) > 1
    assert fig._suptitle.get_text() == f"实质公开率（予以公开＋部分公开） {years[0]}–{years[-1]}"
    for ax, year in zip(axes, years):
        assert ax.get_title(loc="left").splitlines()[0] == f"{year}年"
        assert ax.get_xlim()[0] == 0
        panel = drawn["panels"][year]
        this_year = df[df["year"] == year]
        assert sorted(panel["labels"] + panel["missing"]) == sorted(this_year["unit_name"])
        assert not set(panel["missing"]) & set(panel["labels"])  # "no value" names only units without a bar
        no_value = [line for line in ax.get_title(loc="left").splitlines() if line.startswith("no value")]
        assert no_value == ([f"no value: {', '.join(panel['missing'])}"] if panel["missing"] else [])


def test_failed_checks_are_hatched_and_explained_in_a_legend(db, tmp_path):
    from flows.charts import ranked_bar

    df = _frame(db, ["review_correction_rate"], (2024, 2024), level="all")
    assert (df["review_correction_rate_status"] == "failed_check").any()
    fig = ranked_bar(df, "review_correction_rate", tmp_path / "bar")["figure"]
    legend = fig.legends[0] if fig.legends else fig.axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert any("failed check" in t for t in labels)
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert len(hatched) == (df["review_correction_rate_status"] == "failed_check").sum()


def test_small_multiples_have_year_labels_and_start_at_zero(db, tmp_path):
    from flows.charts import small_multiples

    df = _frame(db, ["apps_new"], (2019, 2024), level="county")
    drawn = small_multiples(df, "apps_new", tmp_path / "lines")
    fig = drawn["figure"]
    fig.canvas.draw()
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == len(drawn["series"]) > 3
    years = {str(int(y)) for y in df["year"]}
    for ax in axes:
        assert {t.get_text() for t in ax.get_xticklabels()} == years  # every panel, not only the bottom row
        assert ax.get_ylim()[0] == 0
    assert fig._suptitle.get_text().startswith("本年新收政府信息公开申请数量 ")
    assert fig._suptitle.get_text().endswith(f"{min(years)}–{max(years)}")


def test_cli_bar_chart_over_years_says_which_years(db, tmp_path):
    out = tmp_path / "bars"
    res = runner.invoke(app, ["chart", "--db", str(db), "--metric", "apps_new", "--year", "2019-2024",
                              "--level", "government", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "one panel per year" in res.stderr and "2019" in res.stderr
    traces = _traces(out.with_suffix(".html").read_text(encoding="utf-8"))
    assert len(traces) > 1 and all(t["name"].endswith("年") for t in traces)
