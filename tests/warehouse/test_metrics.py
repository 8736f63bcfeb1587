"""Metric views: hand-computed values on the example corpus + shared corpus, NULL rates, flags, X1/X2."""

from __future__ import annotations

import pytest

from tests.support.paths import DOCS
from tests.support.warehouse import warehouse_copy
from warehouse.connect import open_warehouse

HUAIAN = "320800"
HONGZE = "320813"
SIYANG = "321323"


@pytest.fixture(scope="module")
def con(tmp_path_factory, shared_corpus):
    c = open_warehouse(warehouse_copy(tmp_path_factory, "metrics"), read_only=True)
    yield c
    c.close()


def row(con, unit: str, year: int, cols: str) -> tuple:
    rows = con.execute(f"SELECT {cols} FROM metrics_body_year WHERE unit_id = ? AND year = ?", [unit, year]).fetchall()
    assert len(rows) == 1, (unit, year, rows)
    return rows[0]


def test_huaian_2024_by_hand(con):
    handled, granted, partial, subst, rate, level = row(
        con, HUAIAN, 2024, "apps_handled, granted, partially_granted, share_substantive, review_correction_rate, level")
    assert (handled, granted, partial) == (3050, 1362, 454)
    assert subst == pytest.approx((1362 + 454) / 3050)
    assert rate == pytest.approx(64 / (351 - 37))
    assert level == "prefecture"
    # 诉讼: direct 26 (corrected 4, pending 1) plus after review
    lt, lc, lp, lrate = row(con, HUAIAN, 2024, "litigation_total, litigation_corrected, litigation_pending, "
                                               "litigation_correction_rate")
    assert lrate == pytest.approx(lc / (lt - lp))


def test_one_row_per_unit_year_and_levels(con):
    dup = con.execute("SELECT unit_id, year, count(*) FROM metrics_body_year GROUP BY ALL HAVING count(*) > 1").fetchall()
    assert dup == []
    levels = dict(con.execute("SELECT body, level FROM metrics_body_year").fetchall())
    assert levels["洪泽区人民政府"] == "county"
    assert levels["上海市人民政府办公厅"] == "department"
    region = con.execute("SELECT DISTINCT level FROM metrics_region_year").fetchall()
    assert {r[0] for r in region} <= {"county", "prefecture", "province"}


def test_rate_is_null_not_zero_when_denominator_zero_or_missing(con):
    # 洪泽 2022: 复议 total 0, pending 0 -> correction rate undefined
    assert row(con, HONGZE, 2022, "review_total, review_correction_rate") == (0, None)
    # a document without tables: every share NULL
    for (s,) in con.execute("SELECT share_substantive FROM metrics_doc WHERE len(tables_missing) = 3").fetchall():
        assert s is None
    n_zero = con.execute("SELECT count(*) FROM metrics_doc WHERE apps_handled = 0 AND share_granted IS NOT NULL"
                         ).fetchall()[0][0]
    assert n_zero == 0


def test_failed_identity_and_approx_prose_flagged(con):
    n_failed, flags, failed_keys = row(con, SIYANG, 2024, "n_inputs_failed_check, flags, failed_keys")
    assert n_failed > 0 and "failed_check" in flags
    assert "review_litigation/review/total" in failed_keys
    value, approx, flags = row(con, HUAIAN, 2024, "prose_releases_total, prose_releases_approx, flags")
    assert (value, approx) == (5500, True) and "approx_prose" in flags
    assert row(con, HONGZE, 2023, "prose_releases_total, prose_releases_approx") == (1136, False)


def test_yoy_and_ranks(con):
    assert row(con, "640381", 2020, "apps_new, apps_new_yoy") == (4, 4 - 13)
    assert row(con, "640381", 2019, "apps_new_yoy")[0] is None
    # 江苏 county governments 2023: 沭阳 180 before 洪泽 21
    assert row(con, HONGZE, 2023, "apps_new_rank_province, apps_new_rank_prefecture") == (2, 1)
    assert row(con, "321322", 2023, "apps_new_rank_province")[0] == 1


def test_cross_year_checks(con):
    rows = con.execute("SELECT identity, status, expected, actual FROM cross_year_checks "
                       "WHERE unit_id = ? AND year = 2023 ORDER BY identity, subject", [HONGZE]).fetchall()
    x1 = [r for r in rows if r[0] == "X1"]
    assert x1 == [("X1", "fail", 2, 0)]
    assert {r[1] for r in rows if r[0] == "X2"} <= {"pass", "fail", "uncertain"}
    assert row(con, HONGZE, 2023, "n_cross_year_failed")[0] >= 1
    assert con.execute("SELECT status FROM cross_year_checks WHERE unit_id = '350128' AND identity = 'X1'"
                       ).fetchall() == [("pass",)]


def test_migration_4_applied(con):
    versions = [v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()]
    assert 4 in versions


def test_metrics_doc_is_current():
    from warehouse.metrics import METRICS
    from warehouse.metrics_doc import metrics_markdown

    text = (DOCS / "metrics.md").read_text(encoding="utf-8")
    assert text == metrics_markdown(), "regenerate with: python -m warehouse.metrics_doc > docs/metrics.md"
    assert all(f"`{m.name}`" in text for m in METRICS)
