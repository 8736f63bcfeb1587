"""The metric views, in SQL: comparable numbers per body × year and per region × year.

Layers (all views, so they always reflect the loaded documents and the corrections):

- `facts_effective`: facts with reviewer corrections applied (`corrected` marks them); the
  extracted value stays in `extracted_value`.
- `metrics_doc`: one row per document, every metric of `warehouse.metrics`; a document that is not a
  report (`documents.not_report_reason`: an invoice, a news page) is in none of these views.
- `metric_units`: one document per unit × year (annual reports only). A unit is a government
  (county, prefecture or province level: its region code) or a department (region code + body);
  county government reports and department reports are never summed together.
- `cross_year_checks`: X1 and X2 between consecutive years of a unit.
- `metrics_body_year`: metric_units + year-over-year change and ranks within province/prefecture.
- `metrics_region_year`: government reports only, one row per region × year, with the number of
  department reports seen for the same region and year.
"""

from __future__ import annotations

from warehouse.metrics import BASE, HEADLINE, METRICS
from warehouse.schema import BODY_KIND_DOC, LEVEL_DOC, level_sql
from warehouse.tabledefs import ViewDef

FACTS_EFFECTIVE_SQL = """
WITH cur AS (
    SELECT c.key, c.value, c.value_kind, c.reason, c.correction_id, d.doc_id
    FROM corrections c JOIN documents d ON d.sha256 = c.sha256
    WHERE c.revoked_at IS NULL
    QUALIFY row_number() OVER (PARTITION BY c.sha256, c.key ORDER BY c.correction_id DESC) = 1
)
SELECT coalesce(f.doc_id, cur.doc_id) AS doc_id,
       coalesce(f.key, cur.key) AS key,
       CASE WHEN cur.key IS NULL THEN f.value ELSE cur.value END AS value,
       CASE WHEN cur.key IS NULL THEN f.value_kind ELSE cur.value_kind END AS value_kind,
       f.value AS extracted_value,
       f.value_kind AS extracted_value_kind,
       f.raw_text,
       cur.key IS NOT NULL AS corrected,
       cur.correction_id,
       cur.reason AS correction_reason,
       f.validation_status,
       f.flags
FROM facts f FULL OUTER JOIN cur ON f.doc_id = cur.doc_id AND f.key = cur.key
"""

FACTS_EFFECTIVE = ViewDef(
    "facts_effective",
    "facts with reviewer corrections applied (the latest one per document and key not revoked); extracted "
    "values are kept alongside.",
    FACTS_EFFECTIVE_SQL,
    (
        ("doc_id", "documents.doc_id"),
        ("key", "Canonical fact key"),
        ("value", "Value in effect: the corrected value if corrected, else facts.value"),
        ("value_kind", "value_kind of the value in effect"),
        ("extracted_value", "facts.value as extracted (NULL if the key was only added by a correction)"),
        ("extracted_value_kind", "facts.value_kind as extracted"),
        ("raw_text", "facts.raw_text"),
        ("corrected", "True when a correction is in effect"),
        ("correction_id", "corrections.correction_id in effect"),
        ("correction_reason", "corrections.reason in effect"),
        ("validation_status", "facts.validation_status of the extracted value ('failed_check', 'flagged', 'ok')"),
        ("flags", "facts.flags"),
    ),
)

_INPUT_KEYS = sorted(set(BASE.values()))


def _metrics_doc_sql() -> str:
    pivots = ",\n        ".join(
        f"max(value) FILTER (WHERE key = '{k}' AND value_kind IN ('number', 'approx')) AS {c}"
        for c, k in BASE.items())
    metric_cols = ",\n    ".join(f"{m.sql} AS {m.name}" for m in METRICS)
    return f"""
WITH fe AS (
    SELECT * FROM facts_effective WHERE key IN ({', '.join(f"'{k}'" for k in _INPUT_KEYS)})
), piv AS (
    SELECT doc_id,
        {pivots},
        count(*) FILTER (WHERE value_kind IN ('number', 'approx')) AS n_inputs,
        count(*) FILTER (WHERE validation_status = 'failed_check' AND NOT corrected) AS n_inputs_failed_check,
        count(*) FILTER (WHERE validation_status = 'flagged' AND NOT corrected) AS n_inputs_flagged,
        count(*) FILTER (WHERE corrected) AS n_corrected,
        coalesce(list(key ORDER BY key) FILTER (WHERE validation_status = 'failed_check' AND NOT corrected), [])
            AS failed_keys,
        coalesce(list(key ORDER BY key) FILTER (WHERE validation_status = 'flagged' AND NOT corrected), [])
            AS flagged_keys,
        coalesce(list(key ORDER BY key) FILTER (WHERE corrected), []) AS corrected_keys,
        coalesce(list(key ORDER BY key) FILTER (WHERE value_kind IN ('number', 'approx')), []) AS present_keys
    FROM fe GROUP BY doc_id
), prose AS (
    SELECT doc_id, value AS prose_releases_value, value_kind = 'approx' AS prose_releases_approx,
           raw_text AS prose_releases_raw, scope AS prose_releases_scope
    FROM prose_counts WHERE metric = 'releases_total' AND value IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY coalesce(scope, '') LIKE '全%', seq) = 1
), missing AS (
    SELECT doc_id, list(table_key ORDER BY table_key) AS tables_missing
    FROM table_status WHERE status <> 'found' GROUP BY doc_id
), d AS (
    -- the panel key is today's code, so a county that became a district stays one unit across years
    -- a document that is not a report (an invoice, a news page) has no metrics
    SELECT * REPLACE (coalesce(region_code_current, region_code) AS region_code) FROM documents
    WHERE not_report_reason IS NULL
), docs AS (
    SELECT d.* REPLACE (coalesce(r.province, d.province) AS province, coalesce(r.prefecture, d.prefecture) AS prefecture,
                        coalesce(r.county, d.county) AS county),
        r.name AS region_name,
        {level_sql("d.region_code", "d.body")} AS level
    FROM d LEFT JOIN regions r ON r.adcode = d.region_code
), base AS (
    SELECT docs.doc_id, docs.sha256, docs.doc_type, docs.year, docs.body, docs.body_kind, docs.region_code,
        docs.region_code_in_year, docs.province,
        docs.prefecture, docs.county, docs.region_name, docs.template, docs.needs_ocr, docs.n_facts,
        coalesce(docs.n_failed_checks, 0) AS n_failed_checks, docs.level,
        coalesce(missing.tables_missing, []) AS tables_missing,
        coalesce(piv.n_inputs, 0) AS n_inputs,
        coalesce(piv.n_inputs_failed_check, 0) AS n_inputs_failed_check,
        coalesce(piv.n_inputs_flagged, 0) AS n_inputs_flagged,
        coalesce(piv.n_corrected, 0) AS n_corrected,
        coalesce(piv.failed_keys, []) AS failed_keys,
        coalesce(piv.flagged_keys, []) AS flagged_keys,
        coalesce(piv.corrected_keys, []) AS corrected_keys,
        coalesce(piv.present_keys, []) AS present_keys,
        {', '.join('piv.' + c for c in BASE)},
        prose.prose_releases_value, prose.prose_releases_approx, prose.prose_releases_raw,
        prose.prose_releases_scope
    FROM docs LEFT JOIN piv USING (doc_id) LEFT JOIN prose USING (doc_id) LEFT JOIN missing USING (doc_id)
)
SELECT doc_id, sha256, doc_type, year, body, body_kind, region_code, region_code_in_year, province, prefecture,
    county, region_name, level,
    CASE WHEN level = 'department' OR level = 'unknown' THEN coalesce(region_code, '?') || ':' || coalesce(body, doc_id)
         ELSE region_code END AS unit_id,
    CASE WHEN level = 'department' OR level = 'unknown' THEN coalesce(body, doc_id) ELSE region_name END AS unit_name,
    template, needs_ocr, n_facts, n_inputs, n_inputs_failed_check, n_inputs_flagged, n_corrected,
    n_failed_checks, failed_keys, flagged_keys, corrected_keys, present_keys, tables_missing,
    prose_releases_raw, prose_releases_scope,
    rules_repealed, normative_repealed,
    {metric_cols}
FROM base
"""


UNIT_COLS = (
    ("doc_id", "Source document (documents.doc_id)"),
    ("sha256", "documents.sha256"),
    ("doc_type", "documents.doc_type"),
    ("year", "Year reported on"),
    ("body", "Reporting body as printed"),
    ("body_kind", BODY_KIND_DOC),
    ("region_code", ("Panel key: today's GB/T 2260 code of the body's region (documents.region_code_current, else "
                     "documents.region_code when the code history has none), so a county that became a district or "
                     "merged stays one unit across years")),
    ("region_code_in_year", "documents.region_code_in_year: the code in force in the report year"),
    ("province", "Province of region_code (today's), from regions; documents.province when regions has no row"),
    ("prefecture", "Prefecture-level city of region_code (today's), as province"),
    ("county", "County-level unit of region_code (today's), as province"),
    ("region_name", "regions.name of region_code"),
    ("level", LEVEL_DOC),
    ("unit_id", "Comparison unit: the region code for a government, region code ':' body for a department"),
    ("unit_name", "Region name for a government, body for a department"),
    ("template", "documents.template"),
    ("needs_ocr", "documents.needs_ocr"),
    ("n_facts", "documents.n_facts"),
    ("n_inputs", "Number of metric input cells with a number"),
    ("n_inputs_failed_check", "Metric input cells that are operands of a failed check (and not corrected)"),
    ("n_inputs_flagged", "Metric input cells carrying flags (e.g. split_undecided), not corrected"),
    ("n_corrected", "Metric input cells replaced by a reviewer correction"),
    ("n_failed_checks", "Failed checks of the document (documents.n_failed_checks)"),
    ("failed_keys", "Fact keys of the failed-check inputs"),
    ("flagged_keys", "Fact keys of the flagged inputs"),
    ("corrected_keys", "Fact keys with a correction in effect"),
    ("present_keys", "Metric input fact keys that hold a number"),
    ("tables_missing", "Standard tables not found or partial (table_status)"),
    ("prose_releases_raw", "The prose releases count as printed"),
    ("prose_releases_scope", "Scope of the prose releases count (e.g. 县政府, 全县), NULL if not stated"),
    ("rules_repealed", "规章 本年废止件数 (X2 operand)"),
    ("normative_repealed", "行政规范性文件 本年废止件数 (X2 operand)"),
)

METRICS_DOC = ViewDef(
    "metrics_doc",
    "One row per document that is a report (documents.not_report_reason NULL): every metric (definitions and inputs: "
    "[metrics.md](metrics.md)), with counts of failed/flagged/corrected inputs.",
    _metrics_doc_sql(),
    UNIT_COLS + tuple((m.name, m.doc) for m in METRICS),
)

METRIC_UNITS = ViewDef(
    "metric_units",
    "One document per unit × year: annual reports with a year; when several documents cover the same "
    "unit and year, the one with most metric inputs (then most facts, then smallest doc_id).",
    """
    SELECT m.*, count(*) OVER (PARTITION BY unit_id, year) AS n_docs_unit_year
    FROM metrics_doc m
    WHERE doc_type = 'annual_report' AND year IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY unit_id, year ORDER BY n_inputs DESC, n_facts DESC, doc_id) = 1
    """,
    METRICS_DOC.column_docs
    + (("n_docs_unit_year", "Number of annual reports found for this unit and year (1 = no choice made)"),),
)

CROSS_YEAR_SQL = """
WITH pairs AS (
    SELECT a.unit_id, a.unit_name, a.region_code, a.body, a.doc_id AS prev_doc_id, b.doc_id, a.year AS prev_year,
           b.year, a.template AS prev_template, b.template,
           a.apps_carried_forward AS a_cf, b.apps_carried_over AS b_co,
           a.rules_in_force AS a_rif, b.rules_issued AS b_ri, b.rules_repealed AS b_rr, b.rules_in_force AS b_rif,
           a.normative_docs_in_force AS a_nif, b.normative_docs_issued AS b_ni, b.normative_repealed AS b_nr,
           b.normative_docs_in_force AS b_nif
    FROM metric_units a JOIN metric_units b ON a.unit_id = b.unit_id AND b.year = a.year + 1
), x AS (
    SELECT unit_id, unit_name, region_code, body, doc_id, prev_doc_id, year, prev_year, 'X1' AS identity,
        'applications: 结转下年度 (year N) = 上年结转 (year N+1)' AS subject,
        CAST(a_cf AS DECIMAL(38,6)) AS expected, CAST(b_co AS DECIMAL(38,6)) AS actual,
        json_object('applications/carried_forward/total@' || prev_year, a_cf,
                    'applications/carried_over/total@' || year, b_co) AS operands
    FROM pairs
    UNION ALL
    SELECT unit_id, unit_name, region_code, body, doc_id, prev_doc_id, year, prev_year, 'X2',
        '规章 现行有效: in_force(N+1) = in_force(N) + issued(N+1) − repealed(N+1)',
        CAST(a_rif + b_ri - b_rr AS DECIMAL(38,6)), CAST(b_rif AS DECIMAL(38,6)),
        json_object('active/rules/in_force@' || prev_year, a_rif, 'active/rules/issued@' || year, b_ri,
                    'active/rules/repealed@' || year, b_rr, 'active/rules/in_force@' || year, b_rif)
    FROM pairs WHERE prev_template = '2021' AND template = '2021'
    UNION ALL
    SELECT unit_id, unit_name, region_code, body, doc_id, prev_doc_id, year, prev_year, 'X2',
        '行政规范性文件 现行有效: in_force(N+1) = in_force(N) + issued(N+1) − repealed(N+1)',
        CAST(a_nif + b_ni - b_nr AS DECIMAL(38,6)), CAST(b_nif AS DECIMAL(38,6)),
        json_object('active/normative_docs/in_force@' || prev_year, a_nif,
                    'active/normative_docs/issued@' || year, b_ni,
                    'active/normative_docs/repealed@' || year, b_nr,
                    'active/normative_docs/in_force@' || year, b_nif)
    FROM pairs WHERE prev_template = '2021' AND template = '2021'
)
SELECT unit_id, unit_name, region_code, body, doc_id, prev_doc_id, year, prev_year, identity, subject,
    CASE WHEN expected IS NULL OR actual IS NULL THEN 'uncertain'
         WHEN expected = actual THEN 'pass' ELSE 'fail' END AS status,
    expected, actual, CAST(operands AS JSON) AS operands,
    CASE WHEN expected IS NULL OR actual IS NULL THEN identity || ': an operand is missing'
         ELSE identity || ': expected ' || CAST(CAST(expected AS DOUBLE) AS VARCHAR) || ' from ' || prev_year
              || ', printed ' || CAST(CAST(actual AS DOUBLE) AS VARCHAR) || ' in ' || year END AS message
FROM x
"""

CROSS_YEAR_CHECKS = ViewDef(
    "cross_year_checks",
    "Cross-year identities X1 (结转下年度 of year N = 上年结转 of year N+1) and X2 (现行有效件数 carried "
    "forward, 2021 template) between consecutive years of the same unit (metric_units, corrected values). "
    "A view, so it is recomputed from whatever is loaded; same status vocabulary as checks.",
    CROSS_YEAR_SQL,
    (
        ("unit_id", "metric_units.unit_id"),
        ("unit_name", "metric_units.unit_name"),
        ("region_code", "Region code"),
        ("body", "Body of the later year's report"),
        ("doc_id", "Document of year N+1"),
        ("prev_doc_id", "Document of year N"),
        ("year", "Year N+1"),
        ("prev_year", "Year N"),
        ("identity", "'X1' | 'X2' (normalizers/standard_tables.yaml identities)"),
        ("subject", "What was tested"),
        ("status", "'pass' | 'fail' | 'uncertain' (an operand missing)"),
        ("expected", "Value predicted from year N"),
        ("actual", "Value printed in year N+1"),
        ("operands", "Operands by fact key @ year"),
        ("message", "Human-readable explanation"),
    ),
)


def yoy_rank_sql(metric: str, src: str = "u") -> list[str]:
    """Select-list expressions: change from the previous year of the same unit, rank within province
    and within prefecture (same level and year; 1 = largest; NULL when the metric is NULL)."""
    return [
        (f"CASE WHEN lag({src}.year) OVER (PARTITION BY {src}.unit_id ORDER BY {src}.year) = {src}.year - 1 "
        f"THEN {src}.{metric} - lag({src}.{metric}) OVER (PARTITION BY {src}.unit_id ORDER BY {src}.year) END "
        f"AS {metric}_yoy"),
        (f"CASE WHEN lag({src}.year) OVER (PARTITION BY {src}.unit_id ORDER BY {src}.year) = {src}.year - 1 "
        f"THEN CAST({src}.{metric} - lag({src}.{metric}) OVER (PARTITION BY {src}.unit_id ORDER BY {src}.year) "
        f"AS DOUBLE) / NULLIF(CAST(lag({src}.{metric}) OVER (PARTITION BY {src}.unit_id ORDER BY {src}.year) "
        f"AS DOUBLE), 0) END AS {metric}_yoy_rel"),
        (f"CASE WHEN {src}.{metric} IS NOT NULL THEN rank() OVER (PARTITION BY {src}.level, {src}.year, "
        f"{src}.province, {src}.{metric} IS NULL ORDER BY {src}.{metric} DESC) END AS {metric}_rank_province"),
        (f"CASE WHEN {src}.{metric} IS NOT NULL THEN rank() OVER (PARTITION BY {src}.level, {src}.year, "
        f"{src}.province, {src}.prefecture, {src}.{metric} IS NULL ORDER BY {src}.{metric} DESC) END "
        f"AS {metric}_rank_prefecture"),
    ]


FLAGS_SQL = """list_filter([
        CASE WHEN u.n_inputs_failed_check > 0 OR u.n_failed_checks > 0 THEN 'failed_check' END,
        CASE WHEN x.n_cross_year_failed > 0 THEN 'cross_year_failed' END,
        CASE WHEN u.n_inputs_flagged > 0 THEN 'flagged_inputs' END,
        CASE WHEN u.n_corrected > 0 THEN 'corrected' END,
        CASE WHEN u.prose_releases_approx THEN 'approx_prose' END,
        CASE WHEN len(u.tables_missing) > 0 THEN 'table_missing' END,
        CASE WHEN u.needs_ocr THEN 'needs_ocr' END,
        CASE WHEN u.n_docs_unit_year > 1 THEN 'several_documents' END], lambda f: f IS NOT NULL)"""


def _body_year_sql() -> str:
    extra = ",\n    ".join(e for m in HEADLINE for e in yoy_rank_sql(m))
    return f"""
WITH x AS (
    SELECT d AS doc_id, count(*) AS n_cross_year_failed
    FROM (SELECT doc_id AS d FROM cross_year_checks WHERE status = 'fail'
          UNION ALL SELECT prev_doc_id FROM cross_year_checks WHERE status = 'fail')
    GROUP BY d
)
SELECT u.*, coalesce(x.n_cross_year_failed, 0) AS n_cross_year_failed,
    {FLAGS_SQL} AS flags,
    {extra}
FROM metric_units u LEFT JOIN x USING (doc_id)
"""


def _headline_docs() -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = [
        ("n_cross_year_failed", "Failed X1/X2 checks this report takes part in (cross_year_checks)"),
        ("flags", ("Why to look twice: failed_check, cross_year_failed, flagged_inputs, corrected, "
                  "approx_prose, table_missing, needs_ocr, several_documents")),
    ]
    for m in HEADLINE:
        out += [(f"{m}_yoy", f"{m} minus its value in the previous year (NULL if no report for year − 1)"),
                (f"{m}_yoy_rel", f"{m}_yoy / previous value (NULL when the previous value is 0 or missing)"),
                (f"{m}_rank_province", f"Rank of {m} among units of the same level, year and province (1 = largest)"),
                (f"{m}_rank_prefecture", f"Rank of {m} among units of the same level, year and prefecture")]
    return tuple(out)


METRICS_BODY_YEAR = ViewDef(
    "metrics_body_year",
    "One row per body × year (governments by region, departments by region and body): every metric, "
    "year-over-year change and ranks of the headline metrics, counts of failed inputs and flags.",
    _body_year_sql(),
    METRIC_UNITS.column_docs + _headline_docs(),
)

METRICS_REGION_YEAR = ViewDef(
    "metrics_region_year",
    "One row per region × year: the government's own report (level county, prefecture or province); "
    "department reports are not summed in, only counted.",
    """
    WITH dept AS (
        SELECT region_code, year, count(*) AS n_department_reports
        FROM metric_units WHERE level = 'department' GROUP BY region_code, year
    )
    SELECT m.*, coalesce(dept.n_department_reports, 0) AS n_department_reports
    FROM metrics_body_year m LEFT JOIN dept USING (region_code, year)
    WHERE m.level IN ('county', 'prefecture', 'province')
    """,
    METRICS_BODY_YEAR.column_docs
    + (("n_department_reports", "Department reports loaded for the same region and year (not summed in)"),),
)

VIEWS: tuple[ViewDef, ...] = (FACTS_EFFECTIVE, METRICS_DOC, METRIC_UNITS, CROSS_YEAR_CHECKS, METRICS_BODY_YEAR,
                              METRICS_REGION_YEAR)
