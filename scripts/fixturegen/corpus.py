"""The example corpus: seven fictional reports for real counties, their quirks, and the folder's README."""

from __future__ import annotations

import random
from collections.abc import Callable

from .doc import Doc, f
from .docx_file import render_shiping_docx
from .html_pages import render_siyang_html, render_xuanwei_html, render_zhaotong_html
from .labels import RL_COLS
from .numbers import gen_active_2019, gen_active_2021, gen_applications, gen_review
from .pdf_file import render_shuyang_pdf
from .prose import Block
from .text_dumps import render_hongze_md, render_qingtongxia_txt

Renderer = Callable[[Doc, list[Block]], bytes]


def build_docs() -> list[tuple[Doc, Renderer]]:
    """The documents in corpus order, each with the renderer that writes its file."""
    return [(xuanwei(), render_xuanwei_html), (shiping(), render_shiping_docx), (shuyang(), render_shuyang_pdf),
            (qingtongxia(), render_qingtongxia_txt), (zhaotong(), render_zhaotong_html), (hongze(), render_hongze_md),
            (siyang(), render_siyang_html)]


def xuanwei() -> Doc:
    """宣威市 2021: GBK web page, 2021 template, blank and '/' cells in 表二."""
    d = Doc("xuanwei_2021.html", "宣威市", "云南省曲靖市宣威市", "530381", 2021, "2021", 530381,
            "www.xuanwei.gov.cn", "宣威市宛水街道建设路1号市政府大院", "655400", "0874-7000000", "2022-01-25")
    rng = random.Random(d.seed)
    d.facts.update(gen_active_2021(rng, 1.0))
    d.facts.update(gen_applications(rng, "2021", 40))
    d.facts.update(gen_review(rng, 3))
    d.facts["active/rules/issued"] = None
    d.facts["active/rules/repealed"] = None
    d.facts["active/rules/in_force"] = None
    d.printed["active/rules/in_force"] = "/"
    d.notes += [
        "web page encoded GBK (meta charset=gbk): decode with gb18030, never as UTF-8",
        ("page chrome (top bar, search box with 热搜词, nav menu, breadcrumb, 索引号 metadata table, related links, "
         "footer) is not report content; the 索引号 table is not a standard table"),
        "table 二 row 规章: 本年制发件数 and 本年废止件数 blank, 现行有效件数 printed '/': all null, not 0",
        ("tables are HTML with rowspan/colspan as on real sites: 表三 header 申请人情况 colspan=7, 法人或其他组织 "
         "colspan=5, 三、本年度办理结果 rowspan=22, （三）不予公开 rowspan=8; 表四 行政诉讼 colspan=10"),
    ]
    return d


def shiping() -> Doc:
    """石屏县 2022: Word document, merged cells."""
    d = Doc("shiping_2022.docx", "石屏县", "云南省红河哈尼族彝族自治州石屏县", "532525", 2022, "2021", 532525,
            "www.hhsp.gov.cn", "石屏县异龙镇宝秀路8号", "662200", "0873-4000000", "2023-01-16")
    rng = random.Random(d.seed)
    d.facts.update(gen_active_2021(rng, 0.5))
    d.facts.update(gen_applications(rng, "2021", 18))
    d.facts.update(gen_review(rng, 2))
    d.facts["active/enforcement/decisions"] = 0
    d.notes += [
        "Word document: tables with merged cells (w:gridSpan for colspans, w:vMerge for rowspans)",
        "many cells are printed 0 (规章 row, 行政强制, 科研机构/社会公益组织 columns): real zeros, not blanks",
    ]
    return d


def shuyang() -> Doc:
    """沭阳县 2023: ruled PDF, table 三 broken across pages inside （四）无法提供."""
    d = Doc("shuyang_2023.pdf", "沭阳县", "江苏省宿迁市沭阳县", "321322", 2023, "2021", 321322,
            "www.shuyang.gov.cn", "沭阳县沭城街道人民路1号", "223600", "0527-83000000", "2024-01-19")
    rng = random.Random(d.seed)
    d.facts.update(gen_active_2021(rng, 2.5))
    d.facts.update(gen_applications(rng, "2021", 150))
    d.facts.update(gen_review(rng, 8))
    d.notes += [
        ("text-layer PDF drawn with reportlab, CJK font STSong-Light (an Adobe standard CID font, referenced, not "
         "embedded: the text layer extracts, but renderers without a CJK font show blank glyphs)"),
        ("ruled tables (every cell a rectangle); table 三 is split across a page break after row "
         "'1.本机关不掌握相关政府信息': the group label prints '（四）无' at the foot of one page and '法提供' at "
         "the head of the next; the header rows are not repeated"),
        "vertical group label '三、本年度办理结果' drawn one character per line ('三、' share the first line: a line never opens with '、')",
        "narrow header cells wrap mid-word: '商业企\\n业', '科研机\\n构', '社会公\\n益组织'; table 四 '结果\\n维持'",
        "page numbers '- n -' at the foot of each page",
    ]
    return d


def qingtongxia() -> Doc:
    """青铜峡市 2019: Word → text dump, 2019 template."""
    d = Doc("qingtongxia_2019.txt", "青铜峡市", "宁夏回族自治区吴忠市青铜峡市", "640381", 2019, "2019", 640381,
            "www.qtx.gov.cn", "青铜峡市裕民街道古峡东街1号", "751600", "0953-3000000", "2020-01-20")
    rng = random.Random(d.seed)
    d.facts.update(gen_active_2019(rng))
    d.facts.update(gen_applications(rng, "2019", 8))
    d.facts.update(gen_review(rng, 2))
    d.facts["active/licensing/change"] = 12
    for k, v in list(d.facts.items()):
        if k.endswith("/change") and isinstance(v, int) and v > 0:
            d.printed[k] = f"+{v}"
    amount = d.facts["active/procurement/amount_yuan"]
    d.printed["active/procurement/amount_yuan"] = f"{int(amount) // 10000}.{int(amount) % 10000:04d}万元"
    d.notes += [
        ("Word document exported to text: each table cell on its own tab-indented line, rows separated by blank "
         "lines, vertically merged cells repeated as empty '\\t' lines, wrapped header cells continue on an "
         "untabbed line ('本年新\\n制作数量')"),
        ("2019 template: table 二 columns 本年新制作数量/本年新公开数量/对外公开总数量 and 上一年项目数量/本年增/减/"
         "处理决定数量; rows 其他对外管理服务事项 and 政府集中采购; table 三 （六）其他处理 is a single row"),
        "本年增/减 printed signed: positive values with a plus sign ('+12'), negative with '-'",
        f"采购总金额 printed in 万元 ('{d.printed['active/procurement/amount_yuan']}') = {int(amount)} 元",
    ]
    return d


def zhaotong() -> Doc:
    """昭通市 2020: traditional characters, only table 三 as HTML, 二/四 are images."""
    d = Doc("zhaotong_2020_traditional.html", "昭通市", "云南省昭通市", "530600", 2020, "2019", 530600,
            "www.zt.gov.cn", "昭通市昭阳区海楼路1号", "657000", "0870-2000000", "2021-01-28")
    rng = random.Random(d.seed)
    d.facts.update(gen_applications(rng, "2019", 45))
    d.tables_note = ("tables 二 (主动公开政府信息情况) and 四 (行政复议、行政诉讼情况) are images on the page "
                     "(<img src=\"…_頁面_08.png\">, <img src=\"…_頁面_10.png\">): the record must say they are "
                     "missing, not report zeros; table 三 is an HTML table")
    d.notes += [
        ("UTF-8 web page converted to traditional characters character by character (申請, 復議, 頁面, 為, 發布): "
         "convert back (OpenCC t2s) before matching labels"),
        "2019 template table 三 (（六）其他处理 a single row)",
    ]
    return d


def hongze() -> Doc:
    """洪泽区 2022: markdown dump, table 三 split into two pipe tables with repeated header."""
    d = Doc("hongze_2022.md", "洪泽区", "江苏省淮安市洪泽区", "320813", 2022, "2021", 320813,
            "www.hongze.gov.cn", "淮安市洪泽区东风路1号", "223100", "0517-87000000", "2023-01-30")
    rng = random.Random(d.seed)
    d.facts.update(gen_active_2021(rng, 0.8))
    d.facts.update(gen_applications(rng, "2021", 25))
    d.facts.update(gen_review(rng, 2))
    d.notes += [
        ("PDF → markdown dump: pipe tables, merged cells flattened (text in the first cell of a span, the rest "
         "empty), extra header rows as body rows"),
        ("table 三 is cut at a page break after '5.属于三类内部事务信息' into two pipe tables; the second repeats the "
         "three header rows and loses the group labels (三、本年度办理结果, （三）不予公开)"),
    ]
    return d


def siyang() -> Doc:
    """泗阳县 2024: UTF-8 page whose table 四 breaks R1 (printed as such)."""
    d = Doc("siyang_2024_broken_review.html", "泗阳县", "江苏省宿迁市泗阳县", "321323", 2024, "2021", 321323,
            "www.siyang.gov.cn", "泗阳县众兴街道人民北路1号", "223700", "0527-85000000", "2025-01-22")
    rng = random.Random(d.seed)
    d.facts.update(gen_active_2021(rng, 1.5))
    d.facts.update(gen_applications(rng, "2021", 60))
    d.facts.update(gen_review(rng, 5))
    parts = [f(d, f"review_litigation/review/{c}") for c in RL_COLS[:4]]
    if sum(parts) < 2:
        d.facts["review_litigation/review/upheld"] = parts[0] = parts[0] + 3
    printed_total = sum(parts) - 2
    d.facts["review_litigation/review/total"] = printed_total
    d.mention_review = False
    d.expect_failed["R1"] = (f"table 四: 行政复议 parts {'+'.join(map(str, parts))} = {sum(parts)} ≠ printed "
                             f"总计 {printed_total}")
    d.notes += [
        ("deliberately inconsistent: table 四 行政复议 总计 is not the sum of 结果维持/结果纠正/其他结果/尚未审结; "
         "keep the printed values and store R1 as failed, never repair"),
        "simple CMS page in UTF-8; plain <td> cells with rowspan/colspan",
    ]
    return d


README = """# Example corpus (generated)

Everything in this folder is written by `scripts/make_examples.py`; do not edit it by hand — change the
script and run `python scripts/make_examples.py` (the output is deterministic: re-running rewrites the
same bytes, and `tests/flows/test_examples_generated.py` checks that it does). The counties and their GB/T 2260
codes are real; the reports, their prose and every number are made up.

Each document `X.ext` has its answer key `X.truth.json` beside it, in the format of the shared corpus
truth files (`file, region, adcode, unit, year, doc_type, template, facts {"<table>/<row>/<col>": number |
null}, narrative_counts, tables, expect_failed_checks, notes`). `null` = blank or '/' cell, not 0. The
identities A1/A2/A3/R1 hold in every file except where `expect_failed_checks` says otherwise.

| file | format | template | what it exercises |
|---|---|---|---|
| `xuanwei_2021.html` | web page, **GBK** (`meta charset=gbk`) | 2021 | site chrome (nav, breadcrumb, 索引号 table, footer); HTML tables with rowspan/colspan like real sites; blank and '/' cells in 表二 (null) |
| `shiping_2022.docx` | Word (python-docx) | 2021 | merged cells (`gridSpan`, `vMerge`), many real zeros |
| `shuyang_2023.pdf` | text-layer PDF (reportlab, STSong-Light) | 2021 | ruled tables; 表三 split across a page break inside （四）无法提供; vertical label 三、本年度办理结果; wrapped headers '商业企/业' |
| `qingtongxia_2019.txt` | Word → text dump | 2019 | one cell per tab-indented line; '+12' signed 本年增/减; 采购总金额 in 万元 (truth in 元) |
| `zhaotong_2020_traditional.html` | web page, UTF-8, traditional characters | 2019 | 申請/復議/頁面; only 表三 is a table; 表二/表四 are `<img>` (truth: `tables` note, no facts) |
| `hongze_2022.md` | markdown dump | 2021 | pipe tables; 表三 split into two tables with a repeated header |
| `siyang_2024_broken_review.html` | web page, UTF-8 | 2021 | 表四 行政复议 总计 ≠ sum of its parts: `expect_failed_checks` R1 |
| `siyang_2010_pre2019.html` | web page, UTF-8 | pre2019 | a 2008-era 统计表 as an HTML `<table>` (written by `scripts/pre2019_example.py`): section rows without values, 本年/上年 columns, 万元 money, '/' and blank cells; `legacy_stats_table` in the truth; 主动公开 stated twice (2156 vs 3100余) |
| `corrupt_truncated.pdf` | broken PDF | — | truncated download (header, no xref/trailer): must give an error record, not crash the run; no truth file |
"""
