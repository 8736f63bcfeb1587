"""`ogi chart`: PNG + offline HTML with the expected series."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.support.warehouse import warehouse_copy

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
