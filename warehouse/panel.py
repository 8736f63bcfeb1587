"""Views that put every template since 2008 side by side: `harmonised_doc` and `panel_body_year`.

`harmonised_doc` unions, per document, the harmonised values read from pre-2019 statistics tables
and prose (table `harmonised_facts`) with the standard-table metrics of `metrics_doc` that
`pipeline.harmonised.STANDARD` names (so 2019/2021 values use the very SQL of warehouse.metrics).
It marks, across all sources, which metrics a document gives with different numbers (`conflict`)
and which value the panel shows (`preferred`: a number before a blank or '/', then by
`SOURCE_PREFERENCE`, then the body's own scope before 全区/全市, then reading order). `panel_body_year` joins that to `metric_units`: one row per
unit × year × metric from 2008 on, with the value's source, template and flags.
"""

from __future__ import annotations

from pipeline.harmonised import SOURCE_PREFERENCE, STANDARD
from warehouse.metric_views import UNIT_COLS
from warehouse.metrics import METRIC_BY_NAME, status_sql
from warehouse.tabledefs import ViewDef

PANEL_FIRST_YEAR = 2008  # 政府信息公开条例 in force from 1 May 2008
STANDARD_TEMPLATES = ("2019", "2021", "hybrid")


def _status(name: str) -> str:
    """The `ogi compare` status expression of a warehouse.metrics metric (one definition)."""
    return status_sql(name).rsplit(" AS ", 1)[0]


def _standard_sql() -> str:
    parts = []
    for harmonised, std in STANDARD.items():
        label = METRIC_BY_NAME[std].doc.replace("'", "''")
        parts.append(f"""
    SELECT u.doc_id, CAST(NULL AS INTEGER) AS seq, '{harmonised}' AS metric, CAST(u.{std} AS DECIMAL(38,6)) AS value,
        'number' AS value_kind, CAST(u.{std} AS VARCHAR) AS raw_text, CAST(NULL AS VARCHAR) AS unit,
        'standard_table_' || u.template AS source_kind, u.template, '{label}' AS label_printed,
        '{std}' AS column_label, CAST(NULL AS VARCHAR) AS scope, CAST(NULL AS VARCHAR) AS context,
        CAST(NULL AS VARCHAR) AS comparable_note, {_status(std)} AS validation, CAST(NULL AS INTEGER) AS page,
        CAST(NULL AS VARCHAR) AS element, CAST(NULL AS INTEGER) AS cell_row, CAST(NULL AS INTEGER) AS cell_col
    FROM standard_docs u
    WHERE u.{std} IS NOT NULL""")
    return "\n    UNION ALL".join(parts)


def _harmonised_doc_sql() -> str:
    rank = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(SOURCE_PREFERENCE))
    return f"""
WITH standard_docs AS MATERIALIZED (  -- metrics_doc computed once, not once per harmonised metric
    SELECT * FROM metrics_doc WHERE template IN ({', '.join(f"'{t}'" for t in STANDARD_TEMPLATES)})
), v0 AS (
    SELECT doc_id, seq, metric, value, value_kind, raw_text, unit, source_kind, template, label_printed,
        column_label, scope, context, comparable_note,
        CASE WHEN value_kind = 'approx' THEN 'approx' ELSE 'ok' END AS validation,
        page, element, cell_row, cell_col
    FROM harmonised_facts
    UNION ALL {_standard_sql()}
), v AS (
    SELECT *, row_number() OVER () AS rid FROM v0
), c AS (
    -- conflict: another number for the metric in the same document, unless both state different scopes
    SELECT a.rid, bool_or(b.rid IS NOT NULL) AS conflict
    FROM v a LEFT JOIN v b ON b.doc_id = a.doc_id AND b.metric = a.metric AND b.rid <> a.rid
        AND a.value_kind IN ('number', 'approx') AND b.value_kind IN ('number', 'approx') AND b.value <> a.value
        AND NOT (a.scope IS NOT NULL AND b.scope IS NOT NULL AND a.scope <> b.scope)
    GROUP BY a.rid
), g AS (
    SELECT doc_id, metric, count(*) AS n_values,
        list(coalesce(raw_text, '') || ' (' || source_kind || ': ' || coalesce(label_printed, '') || ')'
             ORDER BY seq NULLS FIRST) AS values_in_doc
    FROM v GROUP BY doc_id, metric
)
SELECT v.doc_id, v.seq, v.metric, v.value, v.value_kind, v.raw_text, v.unit, v.source_kind, v.template,
    v.label_printed, v.column_label, v.scope, v.context, v.comparable_note, v.validation,
    c.conflict, g.n_values, g.values_in_doc,
    row_number() OVER (PARTITION BY v.doc_id, v.metric
        ORDER BY v.value IS NULL, CASE v.source_kind {rank} ELSE 99 END, coalesce(v.scope, '') LIKE '全%',
            v.seq NULLS FIRST) = 1
        AS preferred,
    v.page, v.element, v.cell_row, v.cell_col
FROM v JOIN c USING (rid) JOIN g USING (doc_id, metric)
"""


HARMONISED_DOC = ViewDef(
    "harmonised_doc",
    "Every harmonised value of every document: pre-2019 statistics tables and prose (harmonised_facts) and, "
    "for 2019/2021-template reports, the standard-table metrics of metrics_doc; conflicts across all sources.",
    _harmonised_doc_sql(),
    (
        ("doc_id", "documents.doc_id"),
        ("seq", "harmonised_facts.seq (NULL for standard-table values)"),
        ("metric", "Harmonised metric (docs/metrics.md, 'Harmonised metrics')"),
        ("value", "Value in the metric's unit (money in 元)"),
        ("value_kind", "'number' | 'approx' (standard-table values are 'number')"),
        ("raw_text", "As printed (for standard-table values: the metric value)"),
        ("unit", "Unit of value"),
        ("source_kind", ("'pre2019_table' | 'prose' | 'standard_table_2019' | 'standard_table_2021' | "
                        "'standard_table_hybrid'")),
        ("template", "Template of the source document (documents.template)"),
        ("label_printed", "Pre-2019 table row label, prose phrase, or the warehouse.metrics definition used"),
        ("column_label", "Pre-2019 table column header, or the warehouse.metrics metric name for standard-table values"),
        ("scope", "Prose scope (全区, 县政府, …)"),
        ("context", "Prose sentence"),
        ("comparable_note", "How the source's definition differs from the 2019/2021 template's (NULL: same)"),
        ("validation", ("'failed_check' | 'flagged' | 'corrected' | 'missing' | 'ok' for standard-table values (as "
                       "in ogi compare's M_status); 'approx' | 'ok' for pre-2019-table and prose values")),
        ("conflict", ("True when the document gives this metric another number too (any source; two prose "
                     "counts for different stated scopes are different quantities, not a conflict)")),
        ("n_values", "Number of values the document gives for this metric"),
        ("values_in_doc", "All of them, as 'raw (source_kind: label)'"),
        ("preferred", ("The one value the panel shows: a number before a blank or '/', then by source "
                      "(standard table, pre-2019 table, prose), then the body's own scope before 全…, then reading "
                      "order; a conflict is still flagged")),
        ("page", "Page of the source (PDF)"),
        ("element", "Element of the source"),
        ("cell_row", "Grid row of a pre-2019-table cell"),
        ("cell_col", "Grid column of a pre-2019-table cell"),
    ),
)

PANEL_FLAGS_SQL = """list_filter([
        CASE WHEN h.conflict THEN 'conflict' END,
        CASE WHEN h.source_kind = 'prose' THEN 'prose' END,
        CASE WHEN h.template = 'pre2019' OR h.source_kind = 'pre2019_table' THEN 'pre2019' END,
        CASE WHEN h.comparable_note IS NOT NULL THEN 'definition_differs' END,
        CASE WHEN h.value_kind = 'approx' THEN 'approx' END,
        CASE WHEN coalesce(h.scope, '') LIKE '全%' THEN 'area_scope' END,
        CASE WHEN h.validation IN ('failed_check', 'flagged', 'corrected') THEN h.validation END,
        CASE WHEN m.n_docs_unit_year > 1 THEN 'several_documents' END], lambda f: f IS NOT NULL)"""

PANEL_BODY_YEAR = ViewDef(
    "panel_body_year",
    f"Harmonised panel from {PANEL_FIRST_YEAR} on: one row per unit × year × harmonised metric (the unit and the "
    "report chosen as in metrics_body_year), the preferred value with its source kind, template and flags.",
    f"""
    SELECT m.unit_id, m.unit_name, m.level, m.region_code, m.region_code_in_year, m.region_name, m.province,
        m.prefecture, m.county, m.body, m.body_kind, m.year, m.doc_id, m.template, h.metric, h.value, h.value_kind, h.raw_text, h.unit, h.source_kind,
        h.template AS source_template, h.label_printed, h.column_label, h.scope, h.comparable_note, h.conflict,
        h.n_values, h.values_in_doc, {PANEL_FLAGS_SQL} AS flags
    FROM metric_units m JOIN harmonised_doc h ON h.doc_id = m.doc_id AND h.preferred
    WHERE m.year >= {PANEL_FIRST_YEAR}
    """,
    (
        *((c, d) for c, d in UNIT_COLS if c in ("unit_id", "unit_name", "level", "region_code", "region_code_in_year",
                                                  "region_name", "province", "prefecture", "county", "body",
                                                  "body_kind", "year", "doc_id")),
        ("template", "Template of the unit's report for the year (documents.template)"),
        ("metric", "Harmonised metric"),
        ("value", "Preferred value (harmonised_doc.preferred), in the metric's unit (money in 元)"),
        ("value_kind", "'number' | 'approx' (e.g. 1800余)"),
        ("raw_text", "The value as printed"),
        ("unit", "Unit of value"),
        ("source_kind", ("Where the value comes from: pre2019_table | prose | standard_table_2019 | "
                        "standard_table_2021 | standard_table_hybrid")),
        ("source_template", "Template of the source (a pre-2019 figure says 'pre2019', never '2021')"),
        ("label_printed", "Pre-2019 table row label, prose phrase or the warehouse.metrics definition"),
        ("column_label", "Pre-2019 table column header, or the warehouse.metrics metric name"),
        ("scope", "Prose scope"),
        ("comparable_note", "How the definition differs from the 2019/2021 template's (NULL: same definition)"),
        ("conflict", "The report gives this metric other numbers too (see values_in_doc)"),
        ("n_values", "Number of values the report gives for this metric"),
        ("values_in_doc", "All of them, as 'raw (source_kind: label)'"),
        ("flags", ("conflict, prose, pre2019 (from a pre-2019 report), definition_differs (comparable_note set), "
                  "approx, area_scope (prose scope 全…), failed_check / flagged / corrected (standard-table "
                  "inputs), several_documents")),
    ),
)

VIEWS: tuple[ViewDef, ...] = (HARMONISED_DOC, PANEL_BODY_YEAR)
