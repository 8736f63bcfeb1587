"""`ogi compare`: metric tables across units and years, from the warehouse's metric views.

Output columns are stable (documented in docs/metrics.md, "Comparison output"):

wide (one row per unit × year; the default, --form wide)
    unit_id, unit_name, level, year, region_code, region_name, province, prefecture, county, body,
    doc_id, template, then for each requested metric M in the order asked:
    M, M_status, M_yoy, M_yoy_rel, M_rank_province, M_rank_prefecture,
    then n_inputs, n_inputs_failed_check, n_inputs_flagged, n_corrected, n_failed_checks,
    n_cross_year_failed, n_docs_unit_year, prose_releases_approx, flags, tables_missing,
    failed_keys, corrected_keys.
panel (one row per unit; --panel)
    unit_id, unit_name, level, region_code, region_name, province, prefecture, county, then for each
    metric M in the order asked: M_<year> for each year — and, for a harmonised metric (docs/metrics.md,
    "Harmonised metrics"; the default in panel mode), M_source_<year> (pre2019_table | prose |
    standard_table_2019 | standard_table_2021) and M_flags_<year> (conflict, prose, pre2019,
    definition_differs, approx, area_scope, failed_check, …) for each year — then flags_<year>,
    template_<year> and doc_id_<year> for each year. Years start in 2008: pre-2019 reports give
    harmonised metrics from their statistics tables and prose; the metrics of warehouse.metrics are
    empty for them (no standard tables).

long (one row per unit × year × metric; --form long)
    the unit columns of the wide form, then metric, value, status, yoy, yoy_rel, rank_province,
    rank_prefecture, then the quality columns: as many columns whatever the number of metrics.

M_status: 'missing' (an input is missing), 'zero_denominator' (inputs present, rate undefined),
'failed_check' (an input is an operand of a failed identity), 'flagged' (an input carries
extraction flags), 'corrected' (a reviewer correction is used), 'approx' (an approximate prose
count), else 'ok'. List-valued columns are lists (JSON arrays in CSV). Files follow the export
convention of warehouse.exports: NULL is an empty CSV cell (never 0), CSV files are UTF-8 with a BOM,
Parquet has the same columns with BIGINT/DOUBLE numbers and list columns (docs/exports.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from pipeline.harmonised import HARMONISED_BY_NAME
from warehouse.metric_views import yoy_rank_sql
from warehouse.metrics import HEADLINE, METRIC_BY_NAME, status_sql

FORMS = ("wide", "long")
LEVELS = ("county", "prefecture", "province", "department", "government", "all")
UNIT_COLUMNS = ["unit_id", "unit_name", "level", "year", "region_code", "region_name", "province", "prefecture",
                "county", "body", "doc_id", "template"]
METRIC_SUFFIXES = ["", "_status", "_yoy", "_yoy_rel", "_rank_province", "_rank_prefecture"]
QUALITY_COLUMNS = ["n_inputs", "n_inputs_failed_check", "n_inputs_flagged", "n_corrected", "n_failed_checks",
                   "n_cross_year_failed", "n_docs_unit_year", "prose_releases_approx", "flags", "tables_missing",
                   "failed_keys", "corrected_keys"]
LONG_METRIC_COLUMNS = ["metric", "value", "status", "yoy", "yoy_rel", "rank_province", "rank_prefecture"]
LONG_COLUMNS = UNIT_COLUMNS + LONG_METRIC_COLUMNS + QUALITY_COLUMNS
PANEL_UNIT_COLUMNS = ["unit_id", "unit_name", "level", "region_code", "region_name", "province", "prefecture",
                      "county"]
LIST_COLUMNS = ("flags", "tables_missing", "failed_keys", "corrected_keys")
# Harmonised metrics shown by `--panel` when no metric is asked for.
PANEL_DEFAULT = ("releases_total", "applications_received", "granted", "partially_granted", "denied",
                 "review_total", "litigation_total")


class CompareError(ValueError):
    """The comparison cannot be made as asked."""


@dataclass
class Selection:
    years: tuple[int, int] | None = None  # inclusive range
    region: str | None = None  # province / prefecture / county name, or comma-separated region codes
    level: str = "county"
    metrics: Sequence[str] = field(default_factory=lambda: list(HEADLINE))


def parse_years(text: str | None) -> tuple[int, int] | None:
    """'2024' or '2020-2024' (also '2020:2024')."""
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-:–]\s*(\d{4}))?\s*", text)
    if not m:
        raise CompareError(f"year must be YYYY or YYYY-YYYY, got {text!r}")
    a, b = int(m.group(1)), int(m.group(2) or m.group(1))
    return (min(a, b), max(a, b))


def parse_metrics(text: str | Sequence[str] | None, default: Sequence[str] = HEADLINE) -> list[str]:
    """Metric names of warehouse.metrics or harmonised metrics (the latter only in panel mode)."""
    if not text:
        return list(default)
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    unknown = [n for n in names if n not in METRIC_BY_NAME and n not in HARMONISED_BY_NAME]
    if unknown:
        raise CompareError(f"unknown metric(s) {', '.join(unknown)}; known: {', '.join(METRIC_BY_NAME)}; "
                           f"harmonised (--panel): {', '.join(HARMONISED_BY_NAME)}")
    return list(dict.fromkeys(names))


def query_sql(sel: Selection, metrics: Sequence[str] | None = None) -> tuple[str, list]:
    """SQL (and parameters) of the tidy comparison (of `metrics`, default the selection's)."""
    if sel.level not in LEVELS:
        raise CompareError(f"level must be one of {', '.join(LEVELS)}, got {sel.level!r}")
    if metrics is None:
        metrics = parse_metrics(sel.metrics)
    harmonised_only = [m for m in metrics if m not in METRIC_BY_NAME]
    if harmonised_only:
        raise CompareError(f"{', '.join(harmonised_only)}: harmonised metric(s), shown by --panel only")
    cols: list[str] = []
    for name in metrics:
        cols.append(f"u.{name}")
        cols.append(status_sql(name))
        cols += yoy_rank_sql(name)
    where, params = [], []
    if sel.level == "government":
        where.append("level IN ('county', 'prefecture', 'province')")
    elif sel.level != "all":
        where.append("level = ?")
        params.append(sel.level)
    if sel.years:
        where.append("year BETWEEN ? AND ?")
        params += list(sel.years)
    if sel.region:
        parts = [p.strip() for p in re.split(r"[,，\s]+", sel.region) if p.strip()]
        if all(p.isdigit() for p in parts):
            conds = []
            for code in parts:
                # a prefecture or province code also selects the units under it
                prefix = code.rstrip("0") if code.endswith("00") else code
                prefix = prefix[: len(prefix) + (len(prefix) % 2)]
                conds.append("(region_code = ? OR starts_with(region_code, ?))")
                params += [code, prefix]
            where.append("(" + " OR ".join(conds) + ")")
        else:
            conds = []
            for name in parts:
                conds.append("(province = ? OR prefecture = ? OR county = ? OR region_name = ? "
                             "OR starts_with(province, ?) OR starts_with(prefecture, ?))")
                params += [name] * 6
            where.append("(" + " OR ".join(conds) + ")")
    select = ",\n    ".join([f"u.{c}" for c in UNIT_COLUMNS] + cols + [f"u.{c}" for c in QUALITY_COLUMNS])
    sql = (f"WITH ranked AS (\n  SELECT {select}\n  FROM metrics_body_year u\n)\n"
           f"SELECT * FROM ranked{' WHERE ' + ' AND '.join(where) if where else ''}\n"
           "ORDER BY level, province NULLS LAST, prefecture NULLS LAST, unit_id, year")
    return sql, params


def columns(metrics: Sequence[str]) -> list[str]:
    """The tidy output's columns, in order."""
    return UNIT_COLUMNS + [m + s for m in metrics for s in METRIC_SUFFIXES] + QUALITY_COLUMNS


def compare(con: duckdb.DuckDBPyConnection, sel: Selection) -> pd.DataFrame:
    """The tidy comparison: one row per unit × year."""
    sel.metrics = parse_metrics(sel.metrics)
    return _tidy(con, sel, sel.metrics)


def _tidy(con: duckdb.DuckDBPyConnection, sel: Selection, metrics: Sequence[str]) -> pd.DataFrame:
    sql, params = query_sql(sel, metrics)
    df = con.execute(sql, params).df()
    for c in LIST_COLUMNS:
        df[c] = df[c].map(_as_list)
    return df[columns(metrics)]


def _as_list(v: object) -> list | None:
    """A list cell as a Python list (DuckDB gives NumPy arrays, which frames cannot export)."""
    return None if v is None else list(v)  # type: ignore[call-overload]


def long_form(df: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    """The tidy comparison `df` (of `metrics`) as one row per unit × year × metric, in the same order."""
    parts = []
    for name in metrics:
        part = df[UNIT_COLUMNS].copy()
        part["metric"] = name
        for suffix, col in zip(METRIC_SUFFIXES, LONG_METRIC_COLUMNS[1:]):
            part[col] = df[name + suffix]
        part["value"] = pd.to_numeric(part["value"], errors="coerce").astype("float64")
        for col in ("rank_province", "rank_prefecture"):
            part[col] = part[col].astype("Int64")
        parts.append(pd.concat([part, df[QUALITY_COLUMNS]], axis=1))
    if not parts:
        return pd.DataFrame(columns=LONG_COLUMNS)
    return pd.concat(parts).sort_index(kind="stable").reset_index(drop=True)[LONG_COLUMNS]


def panel(con: duckdb.DuckDBPyConnection, sel: Selection) -> pd.DataFrame:
    """Wide unit × year: one row per unit; metrics of warehouse.metrics from metrics_body_year and
    harmonised metrics (with their source and flags per year) from panel_body_year."""
    metrics = parse_metrics(sel.metrics, PANEL_DEFAULT)
    df = _tidy(con, sel, [m for m in metrics if m not in HARMONISED_BY_NAME])
    harmonised = [m for m in metrics if m in HARMONISED_BY_NAME]
    h = _harmonised(con, harmonised, df[["unit_id", "year"]])
    years = sorted({int(y) for y in df["year"].dropna()})
    out = df[PANEL_UNIT_COLUMNS].drop_duplicates("unit_id").set_index("unit_id")

    def spread(frame: pd.DataFrame, name: str, values: str) -> None:
        wide = frame.pivot(index="unit_id", columns="year", values=values)
        for y in years:
            out[f"{name}_{y}"] = wide[y] if y in wide.columns else None

    for name in metrics:
        if name in HARMONISED_BY_NAME:
            one = h[h["metric"] == name]
            for suffix, col in (("", "value"), ("_source", "source_kind"), ("_flags", "flags")):
                spread(one, name + suffix, col)
        else:
            spread(df, name, name)
    for name in ("flags", "template", "doc_id"):
        spread(df, name, name)
    return out.reset_index()


def _harmonised(con: duckdb.DuckDBPyConnection, metrics: Sequence[str], keys: pd.DataFrame) -> pd.DataFrame:
    """panel_body_year rows of `metrics` for the selected unit × year pairs (values as integers when whole)."""
    cols = ["unit_id", "year", "metric", "value", "source_kind", "flags"]
    if not metrics or keys.empty:
        return pd.DataFrame(columns=cols)
    con.register("_ogi_panel_keys", keys)
    try:
        h = con.execute(
            "SELECT p.unit_id, p.year, p.metric, p.value, p.source_kind, p.flags FROM panel_body_year p "
            "JOIN _ogi_panel_keys k ON k.unit_id = p.unit_id AND k.year = p.year "
            "WHERE p.metric IN (SELECT unnest(?))", [list(metrics)]).df()
    finally:
        con.unregister("_ogi_panel_keys")
    h["flags"] = h["flags"].map(_as_list)
    return h[cols]
