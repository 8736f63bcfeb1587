"""HTML extractor and charset detection, on the committed fixtures (scripts/fixtures_html_docx.py)."""

from __future__ import annotations

import hashlib
import io
import random
import re
import zipfile

import pytest

from extractors import registry
from extractors.document import Image, Paragraph, Table
from extractors.encoding import decode_markup_or_text
from extractors.errors import ExtractionError
from extractors.html import read
from tests.support.paths import FIXTURES, REPO
from tests.support.scripts import load_script

GBK = FIXTURES / "html" / "gbk_report.html"
TRAD = FIXTURES / "html" / "traditional.html"
DOCX = FIXTURES / "docx" / "merged_cells.docx"
PAGE_URL = "http://www.example.gov.cn/zwgk/ndbg/202201/t20220120_1.html"
GBK_META = b'<meta http-equiv="Content-Type" content="text/html; charset=gbk" />'


def _fixture_script():
    return load_script(REPO / "scripts" / "fixtures_html_docx.py")


@pytest.fixture(scope="module")
def gbk():
    return read(GBK.read_bytes(), str(GBK), base_url=PAGE_URL)


@pytest.fixture(scope="module")
def trad():
    return read(TRAD.read_bytes(), str(TRAD))


def test_committed_fixtures_match_generator(tmp_path):
    written = _fixture_script().write_fixtures(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in written} == {
        "html/gbk_report.html",
        "html/traditional.html",
        "docx/merged_cells.docx",
    }
    for name in ("html/gbk_report.html", "html/traditional.html"):
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name
    with zipfile.ZipFile(tmp_path / "docx/merged_cells.docx") as new, zipfile.ZipFile(DOCX) as old:
        assert new.read("word/document.xml") == old.read("word/document.xml")


# --- encoding ---------------------------------------------------------------------------------


def test_gbk_page_decoded_via_meta_as_gb18030():
    data = GBK.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text, encoding = decode_markup_or_text(data)
    assert encoding == "gb18030"
    assert "2021年，某县主动公开政府信息1800余条" in text
    assert "王堃" in text  # 堃 is in GBK but not GB2312: decoding must use the superset


def test_gbk_page_without_meta_is_detected():
    data = GBK.read_bytes().replace(GBK_META, b"")
    text, encoding = decode_markup_or_text(data)
    assert encoding == "gb18030"
    assert "受理政府信息公开申请23件" in text


def test_http_charset_beats_a_wrong_meta():
    data = GBK.read_bytes().replace(b"charset=gbk", b"charset=utf-8")
    text, encoding = decode_markup_or_text(data, http_charset="GB2312")
    assert encoding == "gb18030"
    assert "收到和处理政府信息公开申请情况" in text


def test_utf8_bytes_win_over_a_stale_gbk_declaration():
    data = TRAD.read_bytes().replace(b'charset="utf-8"', b'charset="gbk"')
    text, encoding = decode_markup_or_text(data)
    assert encoding == "utf-8"
    assert "政府資訊公開申請15件" in text


def test_bom_wins_over_http_charset():
    text, encoding = decode_markup_or_text(b"\xef\xbb\xbf" + TRAD.read_bytes(), http_charset="gbk")
    assert encoding == "utf-8"
    assert text.startswith("<!doctype html>")


# --- GBK county page ------------------------------------------------------------------------


def test_document_metadata(gbk):
    data = GBK.read_bytes()
    assert gbk.format == "html"
    assert gbk.source == str(GBK)
    assert gbk.sha256 == hashlib.sha256(data).hexdigest()
    assert gbk.title == "某县2021年政府信息公开工作年度报告"
    assert gbk.needs_ocr is False  # it has a real table


def test_body_text_keeps_prose_and_joins_wrapped_lines(gbk):
    body = gbk.body_text()
    # the source wraps this sentence over three lines; no spaces may appear between the CJK text
    assert (
        "2021年，某县主动公开政府信息1800余条，其中通过政府网站公开1500余条。全年受理政府信息公开申请23件，"
        in body
    )
    assert "联系人：王堃" in body
    assert "一、总体情况" in body


def test_chrome_is_kept_out_of_body_text(gbk):
    body = gbk.body_text()
    for chrome in (
        "当前位置",
        "首页",
        "互动交流",
        "依申请公开",
        "版权所有",
        "ICP备案号",
        "分享到",
        "门户网站",
    ):
        assert chrome not in body, chrome
    for script_text in ("统计代码", "访问量", "_hmt", "float:left"):
        assert script_text not in body
        assert all(script_text not in p.text for p in gbk.paragraphs)
    chrome_text = "\n".join(p.text for p in gbk.paragraphs if p.kind == "chrome")
    assert "版权所有：某县人民政府" in chrome_text
    assert "当前位置：首页 > 政务公开 > 政府信息公开年报" in chrome_text


def test_text_outside_the_content_container_is_chrome(gbk):
    # the page's h1 sits above div.content: chrome like the date line, but it is the title
    (h1,) = [p for p in gbk.paragraphs if p.provenance.element == "h1[1]"]
    assert (h1.kind, h1.text) == ("chrome", gbk.title)
    assert not any(p.kind == "heading" for p in gbk.paragraphs)
    assert "发布时间" not in gbk.body_text()


def test_br_separated_lines_are_paragraphs(gbk):
    texts = [p.text for p in gbk.paragraphs]
    i = texts.index("附件：")
    assert texts[i + 1 : i + 3] == ["1.某县政府信息公开指南", "2.某县政府信息公开目录"]
    assert len({p.provenance.element for p in gbk.paragraphs[i : i + 3]}) == 1


def test_reading_order(gbk):
    order = [
        b.text if isinstance(b, Paragraph) else type(b).__name__
        for b in gbk.blocks
        if not isinstance(b, Paragraph) or b.text.startswith(("二、", "三、"))
    ]
    assert order == ["二、主动公开政府信息情况", "Image", "三、收到和处理政府信息公开申请情况", "Table"]


def test_layout_table_is_not_a_data_table(gbk):
    # the page layout table (table[1]) holds the nested report table (table[2])
    assert [t.provenance.element for t in gbk.tables] == ["table[2]"]


def test_table3_grid_has_spans_expanded(gbk):
    (t,) = gbk.tables
    assert (t.n_rows, t.n_cols) == (28, 10)
    assert all(len(row) == 10 for row in t.rows)
    assert all((c.row, c.col) == (r, k) for r, row in enumerate(t.rows) for k, c in enumerate(row))

    corner = t.rows[0][0]
    assert corner.text.startswith("（本列数据的勾稽关系为")
    assert (corner.rowspan, corner.colspan, corner.spanned) == (3, 3, False)
    assert t.rows[2][2].spanned and t.rows[2][2].text == corner.text

    assert (t.rows[0][3].text, t.rows[0][3].colspan, t.rows[0][3].spanned) == ("申请人情况", 7, False)
    assert t.rows[0][9].spanned and t.rows[0][9].text == "申请人情况"
    assert (t.rows[1][3].text, t.rows[1][3].rowspan) == ("自然人", 2)
    assert t.rows[2][3].spanned and t.rows[2][3].text == "自然人"
    assert (t.rows[1][4].text, t.rows[1][4].colspan) == ("法人或其他组织", 5)
    assert [c.spanned for c in t.rows[1][4:9]] == [False, True, True, True, True]
    assert [c.text for c in t.rows[2][4:9]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert t.rows[2][9].spanned and t.rows[2][9].text == "总计"

    result = t.rows[5][0]
    assert (result.text, result.rowspan, result.spanned) == ("三、本年度办理结果", 22, False)
    assert all(t.rows[r][0].spanned and t.rows[r][0].text == "三、本年度办理结果" for r in range(6, 27))
    assert (t.rows[27][0].text, t.rows[27][0].spanned) == ("四、结转下年度继续办理", False)

    denied = t.rows[7][1]
    assert (denied.text, denied.rowspan) == ("（三）不予公开", 8)
    assert t.rows[14][1].spanned and t.rows[14][1].text == "（三）不予公开"
    assert (t.rows[15][1].text, t.rows[15][1].spanned) == ("（四）无法提供", False)
    assert t.rows[6][1].text == "（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）"
    assert t.rows[6][2].spanned
    assert [c.text for c in t.rows[10][2:5]] == ["4.保护第三方合法权益", "1", "0"]
    assert [c.text for c in t.rows[26][1:4]] == ["（七）总计", "（七）总计", "20"]


def test_table3_numbers_satisfy_the_identity(gbk):
    (t,) = gbk.tables
    rows = {row[0].text: row for row in t.rows}
    new, carried = rows["一、本年新收政府信息公开申请数量"], rows["二、上年结转政府信息公开申请数量"]
    forward = rows["四、结转下年度继续办理"]
    total = t.rows[26]
    for c in range(3, 10):
        assert int(new[c].text) + int(carried[c].text) == int(total[c].text) + int(forward[c].text)
    assert new[9].text == "23"


def test_cell_provenance(gbk):
    (t,) = gbk.tables
    where = t.provenance.at_cell(26, 9)
    assert (where.element, where.row, where.col) == ("table[2]", 26, 9)
    assert where.describe() == f"{GBK}, table[2], row 26, col 9"


def test_images_resolved_against_base_url(gbk):
    (img,) = gbk.images  # logo and share icons are chrome
    assert img.src == "http://www.example.gov.cn/zwgk/ndbg/202201/images/table1.png"
    assert img.alt == "主动公开政府信息情况"
    assert img.provenance.element == "img[2]"


def test_image_src_stays_relative_without_base():
    doc = read(GBK.read_bytes(), "gbk_report.html")
    assert [i.src for i in doc.images] == ["images/table1.png"]


# --- traditional UTF-8 page -----------------------------------------------------------------


def test_traditional_page(trad):
    body = trad.body_text()
    assert "本機關共收到政府資訊公開申請15件" in body
    assert "行政復議2件" in body
    assert "首頁" not in body and "版權所有" not in body
    assert trad.title == "某縣2021年政府資訊公開工作年度報告"
    headings = [(p.text, p.provenance.element) for p in trad.paragraphs if p.kind == "heading"]
    assert headings == [(trad.title, "h1[1]"), ("四、政府資訊公開行政復議、行政訴訟情況", "h2[1]")]
    (t,) = trad.tables
    assert (t.n_rows, t.n_cols) == (4, 15)
    assert (t.rows[0][0].text, t.rows[0][0].colspan) == ("行政復議", 5)
    assert t.rows[0][4].spanned and not t.rows[0][5].spanned
    assert (t.rows[0][5].text, t.rows[0][5].colspan) == ("行政訴訟", 10)
    assert t.rows[0][14].spanned and t.rows[0][14].text == "行政訴訟"
    assert t.rows[2][0].spanned and t.rows[2][0].text == "結果維持"
    assert [c.text for c in t.rows[2][5:7]] == ["結果維持", "結果糾正"]
    assert [c.text for c in t.rows[3]] == list("110021000100000")


def test_base_href_resolves_images(trad):
    assert [i.src for i in trad.images] == ["https://www.example.gov.hk/ogi/img/chart.png"]
    assert trad.images[0].alt == "申請數量趨勢圖"
    # an absolute <base href> wins over the page URL
    doc = read(TRAD.read_bytes(), "t.html", base_url="http://elsewhere.example/x/y.html")
    assert doc.images[0].src == "https://www.example.gov.hk/ogi/img/chart.png"


# --- hostile input --------------------------------------------------------------------------


def _png_from_docx() -> bytes:
    with zipfile.ZipFile(io.BytesIO(DOCX.read_bytes())) as z:
        return z.read("word/media/image1.png")


@pytest.mark.parametrize(
    "blob",
    [
        pytest.param(_png_from_docx, id="png"),
        pytest.param(lambda: DOCX.read_bytes(), id="docx"),
        pytest.param(lambda: random.Random(7).randbytes(20000), id="random"),
        pytest.param(lambda: b"", id="empty"),
    ],
)
def test_binary_input_raises_extraction_error(blob):
    with pytest.raises(ExtractionError) as err:
        read(blob(), "downloads/report_2021.html")
    assert err.value.source == "downloads/report_2021.html"
    assert err.value.stage == "parse html"
    assert "report_2021.html" in str(err.value)


def test_truncated_and_unclosed_markup_still_reads():
    data = GBK.read_bytes()
    half = read(data[: len(data) // 2], "half.html")
    assert "1800余条" in half.body_text()
    unclosed = read(re.sub(rb"</(p|td|tr|li|span|strong|tbody)>", b"", data), "unclosed.html")
    (t,) = unclosed.tables
    assert t.n_rows == 28 and t.rows[5][0].text == "三、本年度办理结果"
    assert t.rows[6][1].text == "（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）"
    # unclosed divs put the whole page inside the nav menu; the content container still wins
    swallowed = read(data.replace(b"</div>", b""), "swallowed.html")
    assert "受理政府信息公开申请23件" in swallowed.body_text()
    assert len(swallowed.tables) == 1


def test_hostile_spans_and_nesting_do_not_blow_up():
    spans = b"<table>" + b"<tr><td rowspan=99999 colspan=99999>a</td><td>b</td></tr>" * 300 + b"</table>"
    doc = read(spans, "spans.html")
    assert sum(len(r) for t in doc.tables for r in t.rows) <= 50_000
    assert doc.warnings
    deep = read(b"<body>" + b"<div><span>" * 5000 + "深层".encode() + b"</span>", "deep.html")
    assert "深层" in deep.body_text()


def test_100kb_page_keeps_every_table():
    # speed is measured in bench/bench_extract.py, not asserted here
    text = GBK.read_bytes().decode("gb18030")
    table = text[text.index("<table border") : text.index("</table>", text.index("<table border")) + 8]
    page = text.replace(table, table * 5).encode("gb18030")
    assert len(page) > 100_000
    assert len(read(page, "big.html").tables) == 5


# --- registry -------------------------------------------------------------------------------


def test_registry_routes_html_and_docx():
    html_bytes, docx_bytes = GBK.read_bytes(), DOCX.read_bytes()
    assert registry.sniff_format(html_bytes, "page.htm") == "html"
    assert registry.sniff_format(docx_bytes, "report.docx") == "docx"
    # bytes decide, not the name
    assert registry.read_document(docx_bytes, "misnamed.html").format == "docx"
    doc = registry.read_document(html_bytes, "page.htm")
    assert doc.format == "html" and isinstance(doc.blocks[-1], Paragraph)
    assert any(isinstance(b, Table) for b in doc.blocks) and any(isinstance(b, Image) for b in doc.blocks)


# --- article bodies saved without <html> (tests/fixtures/flattened, scripts/make_flattened_fixtures.py) ---

FRAGMENT = FIXTURES / "flattened" / "fragment.html"
WRAPPED = FIXTURES / "flattened" / "page.html"


def _record_view(data: bytes, name: str) -> dict:
    from pipeline.run import extract_record

    rec = extract_record(data, name)
    return {"format": rec.format, "year": rec.year, "doc_type": rec.doc_type, "body": rec.body,
            "adcode": rec.region.adcode if rec.region else None, "title": rec.title,
            "tables": [(s.table, s.status) for s in rec.tables],
            "facts": {f.key: (f.value.raw, f.flags, f.provenance.element) for f in rec.facts},
            "prose": sorted((c.phrase, c.value.raw) for c in rec.prose_counts)}


@pytest.mark.parametrize("name", ["fragment.html", "fragment.txt", "fragment", "t20230115_88.shtml"])
def test_article_body_without_html_reads_like_the_whole_page(name):
    # regression: a <p>/<table> body without <html> was sniffed as plain text (no table, no year)
    data = FRAGMENT.read_bytes()
    assert b"<html" not in data.lower() and data.find(b"<table") > 2048
    assert registry.sniff_format(data, name) == "html"
    page = _record_view(WRAPPED.read_bytes(), "page.html")
    assert page["facts"]["active/licensing/decisions"][0] == "517" and page["year"] == 2022
    assert page["adcode"] == "330424" and page["body"] == "海盐县人民政府办公室"
    assert _record_view(data, name) == page


@pytest.mark.parametrize("body", [
    "<!-- saved by a scraper -->\n<div class=\"content\"><p>一、总体情况</p></div>",
    "<img src=\"banner.png\"><p>一、总体情况</p><p>主动公开信息12条。</p>",
    "海盐县2022年政府信息公开工作年度报告\n<p>一、总体情况</p>\n<p>主动公开信息12条。</p>\n<p>二、主动公开</p>\n",
])
def test_article_body_openings_are_html(body):
    assert registry.sniff_format(body.encode(), "t20230115_88.txt") == "html"


def test_gbk_article_body_is_html_too():
    data = FRAGMENT.read_text("utf-8").replace('<div class="TRS_Editor">', '<div class="TRS_Editor">\n')
    assert registry.sniff_format(data.encode("gb18030"), "a.htm") == "html"


@pytest.mark.parametrize("text", [
    "海盐县2022年政府信息公开工作年度报告\n一、总体情况<br>\n主动公开信息<b>352</b>条。</p>\n<p>二、主动公开\n规章 0 0 3\n",
    "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0<br>1 |\n<p>注：数据截至年底</p>\n二、说明\n",
    ("一、工作任务\t<p>（一）加强权力配置信息公开。</p>\t<p>更新完善权责清单。</p>\t2\n"
     "\t<p>（二）加强政务信息管理。</p>\t<p>集中统一对外公开。</p>\t3\n\t<p>（三）平台建设。</p>\t<p>优化栏目。</p>\t4\n"),
])
def test_plain_text_with_stray_tags_stays_text(text):
    assert registry.sniff_format(text.encode(), "dump.txt") == "text"


def test_real_text_dumps_with_tags_stay_text(shared_corpus):
    seed = next((shared_corpus / "seeds").glob("003_*.txt"))
    assert registry.sniff_format(seed.read_bytes(), seed.name) == "text"
    for path in (shared_corpus / "real").glob("*.txt"):
        assert registry.sniff_format(path.read_bytes(), path.name) == "text", path.name
    md = shared_corpus / "real" / "shanghai_office_2025.md"
    assert registry.sniff_format(md.read_bytes(), md.name) == "markdown"


def test_crawler_sniffs_with_the_registry():
    """One sniffer: what the crawler stores as 'html' is what `ogi extract` reads as HTML."""
    from flows import crawl

    assert crawl.sniff_format is registry.sniff_format
    assert crawl._sniff(FRAGMENT.read_bytes(), "http://www.example.gov.cn/zwgk/t20230115_88.shtml") == "html"


def test_crawl_of_a_portal_serving_an_article_body(tmp_path):
    """A portal whose report page is served as a bare article body: the crawler stores it as HTML
    and it reads like the whole page."""
    from flows.crawl import crawl_site
    from flows.fetch import RawStore
    from flows.portal import Portal, serve_portal
    from flows.sites import Site

    portal = Portal()
    listing = ("<html><head><meta charset=\"utf-8\"><title>年报</title></head><body><ul class=\"list\">"
               "<li><a href=\"t20230115_88.html\">海盐县人民政府办公室2022年政府信息公开工作年度报告</a></li>"
               "</ul></body></html>").encode()
    portal.set("/ndbg/index.html", listing, "text/html; charset=utf-8")
    portal.set("/ndbg/t20230115_88.html", FRAGMENT.read_bytes(), "text/html")
    with serve_portal(portal) as base:
        site = Site("frag", (base + "/ndbg/index.html",), allow_private_addresses=True, timeout=2.0, retries=1,
                    rate_per_host=100)
        result = crawl_site(site, {}, RawStore(tmp_path / "raw"), backoff=0.01)
    report = next(d for d in result.docs if d.url.endswith("t20230115_88.html"))
    assert report.format == "html", result.errors
    data = RawStore(tmp_path / "raw").get(report.sha256)
    assert _record_view(data, "t20230115_88.html") == _record_view(WRAPPED.read_bytes(), "page.html")
