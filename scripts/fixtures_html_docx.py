"""Write the HTML and DOCX test fixtures (committed under tests/fixtures/{html,docx}/).

The fixtures imitate real county report pages: a GBK page with site chrome, a layout table and
the 2021 standard table 三 with its real row/col spans; a traditional-character UTF-8 page; and
a Word file whose merged cells were made by python-docx's merge (gridSpan + vMerge, like Word).
Output is deterministic so re-running the script leaves git clean.

Usage: python scripts/fixtures_html_docx.py tests/fixtures
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling modules, also when loaded by path
from fixturegen.files import write_files
from fixturegen.labels import RL_COL_LABELS
from fixturegen.packing import normalize_zip, png_chunk

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

# zip times of the Word files written here (and of table3.xlsx, make_office_fixtures.py): fixed, so
# re-running leaves git clean
FIXTURE_ZIP_TIME = (2022, 1, 20, 9, 30, 0)

# --- table 三 (2021 template): label rows and the seven applicant columns -----------------------
# 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计 — 一+二 = (七) + 四 in every column.
NEW = [20, 2, 0, 0, 1, 0, 23]
CARRIED_OVER = [2, 0, 0, 0, 0, 0, 2]
ZERO = [0] * 7
GROUPS: list[tuple[str, list[tuple[str, list[int]]]]] = [
    (
        "（三）不予公开",
        [
            ("1.属于国家秘密", ZERO),
            ("2.其他法律行政法规禁止公开", ZERO),
            ("3.危及“三安全一稳定”", ZERO),
            ("4.保护第三方合法权益", [1, 0, 0, 0, 0, 0, 1]),
            ("5.属于三类内部事务信息", ZERO),
            ("6.属于四类过程性信息", [1, 0, 0, 0, 0, 0, 1]),
            ("7.属于行政执法案卷", ZERO),
            ("8.属于行政查询事项", ZERO),
        ],
    ),
    (
        "（四）无法提供",
        [
            ("1.本机关不掌握相关政府信息", [2, 1, 0, 0, 0, 0, 3]),
            ("2.没有现成信息需要另行制作", ZERO),
            ("3.补正后申请内容仍不明确", [1, 0, 0, 0, 0, 0, 1]),
        ],
    ),
    (
        "（五）不予处理",
        [
            ("1.信访举报投诉类申请", [1, 0, 0, 0, 0, 0, 1]),
            ("2.重复申请", ZERO),
            ("3.要求提供公开出版物", ZERO),
            ("4.无正当理由大量反复申请", ZERO),
            ("5.要求行政机关确认或重新出具已获取信息", ZERO),
        ],
    ),
    (
        "（六）其他处理",
        [
            ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ZERO),
            ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ZERO),
            ("3.其他", ZERO),
        ],
    ),
]
GRANTED = [12, 1, 0, 0, 1, 0, 14]
PARTIAL = [2, 0, 0, 0, 0, 0, 2]
TOTAL = [20, 2, 0, 0, 1, 0, 23]
CARRIED_FORWARD = [2, 0, 0, 0, 0, 0, 2]

TD = '<td style="border:1px solid #000;padding:4px" {attrs}><p style="text-align:center">{text}</p></td>'


def _td(text: object, **attrs: int) -> str:
    return TD.format(text=text, attrs=" ".join(f'{k}="{v}"' for k, v in attrs.items()))


def _nums(values: list[int]) -> str:
    return "".join(_td(v) for v in values)


def table3_html() -> str:
    """Standard table 三 with the header and label spans printed in real reports."""
    rows = [
        _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3)
        + _td("申请人情况", colspan=7),
        _td("自然人", rowspan=2) + _td("法人或其他组织", colspan=5) + _td("总计", rowspan=2),
        "".join(_td(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")),
        _td("一、本年新收政府信息公开申请数量", colspan=3) + _nums(NEW),
        _td("二、上年结转政府信息公开申请数量", colspan=3) + _nums(CARRIED_OVER),
    ]
    n_result_rows = 3 + sum(len(items) for _, items in GROUPS)
    rows.append(
        _td("三、本年度办理结果", rowspan=n_result_rows) + _td("（一）予以公开", colspan=2) + _nums(GRANTED)
    )
    rows.append(
        _td("（二）部分公开<br/>（区分处理的，只计这一情形，不计其他情形）", colspan=2) + _nums(PARTIAL)
    )
    for group, items in GROUPS:
        for i, (label, values) in enumerate(items):
            head = _td(group, rowspan=len(items)) if i == 0 else ""
            rows.append(head + _td(label) + _nums(values))
    rows.append(_td("（七）总计", colspan=2) + _nums(TOTAL))
    rows.append(_td("四、结转下年度继续办理", colspan=3) + _nums(CARRIED_FORWARD))
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    return f'<table border="1" cellspacing="0" cellpadding="0" width="100%">\n<tbody>\n{body}\n</tbody>\n</table>'


GBK_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<meta name="ArticleTitle" content="某县2021年政府信息公开工作年度报告" />
<meta name="PubDate" content="2022-01-20 09:30" />
<title>某县2021年政府信息公开工作年度报告_某县人民政府</title>
<link rel="stylesheet" href="/css/style.css" />
<style>.nav li{{float:left}} td p{{margin:0}}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("统计代码");</script>
</head>
<body>
<div id="header" class="header"><img src="/images/logo.png" alt="某县人民政府" />某县人民政府门户网站</div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<table width="1000" align="center" border="0" cellspacing="0" cellpadding="0"><tr>
<td width="220" valign="top" class="left-menu"><ul><li>政府信息公开指南</li><li>政府信息公开制度</li>
<li>政府信息公开年报</li><li>依申请公开</li></ul></td>
<td valign="top">
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="article-title"><h1>某县2021年政府信息公开工作年度报告</h1>
<span class="date">发布时间：2022-01-20 来源：县政府办公室</span></div>
<div class="content">
<div id="zoom" class="TRS_Editor">
<p style="text-indent:2em">　　本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。</p>
<p><strong>一、总体情况</strong></p>
<p style="text-indent:2em">　　2021年，某县主动公开政府信息1800余条，
其中通过政府网站公开1500余条。全年受理政府信息公开申请23件，
上年结转2件，已全部按期办结。</p>
<p style="text-indent:2em">全年未发生因政府信息公开引起的行政复议和行政诉讼。联系人：王堃，电话：0000-1234567。</p>
<p><strong>二、主动公开政府信息情况</strong></p>
<p style="text-align:center"><img src="images/table1.png" alt="主动公开政府信息情况" width="600" /></p>
<p><strong>三、收到和处理政府信息公开申请情况</strong></p>
{table3}
<p>附件：<br />1.某县政府信息公开指南<br/>2.某县政府信息公开目录</p>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a><img src="/images/wx.png" /></div>
</div>
</div>
</td></tr></table>
<div class="footer"><p>版权所有：某县人民政府　主办：某县人民政府办公室</p>
<p>ICP备案号：某ICP备00000000号　网站标识码：0000000000</p></div>
<script>document.write("访问量")</script>
</body>
</html>
"""

TRADITIONAL_PAGE = """<!doctype html>
<html lang="zh-Hant">
<head>
<meta charset="utf-8">
<base href="https://www.example.gov.hk/ogi/2021/">
<title>某縣2021年政府資訊公開工作年度報告</title>
</head>
<body>
<nav class="menu"><a href="/">首頁</a> | <a href="/apply">網上申請</a></nav>
<main>
<h1>某縣2021年政府資訊公開工作年度報告</h1>
<p>2021年，本機關共收到政府資訊公開申請15件，全部依法答覆。</p>
<p>因政府資訊公開引起行政復議2件、行政訴訟1件。</p>
<h2>四、政府資訊公開行政復議、行政訴訟情況</h2>
<table border="1">
<tr><th colspan="5">行政復議</th><th colspan="10">行政訴訟</th></tr>
<tr><td rowspan="2">結果維持</td><td rowspan="2">結果糾正</td><td rowspan="2">其他結果</td><td rowspan="2">尚未審結</td>
<td rowspan="2">總計</td><th colspan="5">未經復議直接起訴</th><th colspan="5">復議後起訴</th></tr>
<tr><td>結果維持</td><td>結果糾正</td><td>其他結果</td><td>尚未審結</td><td>總計</td>
<td>結果維持</td><td>結果糾正</td><td>其他結果</td><td>尚未審結</td><td>總計</td></tr>
<tr><td>1</td><td>1</td><td>0</td><td>0</td><td>2</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td>
<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p><img src="../img/chart.png" alt="申請數量趨勢圖"></p>
</main>
<footer><p>版權所有 © 某縣人民政府</p></footer>
</body>
</html>
"""


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A valid RGB PNG made with zlib/struct only (a red-to-blue gradient)."""
    raw = b"".join(
        b"\x00" + b"".join(bytes((255 - 60 * x, 0, 60 * x)) for x in range(width)) for _ in range(height)
    )
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(raw, 9))
        + png_chunk(b"IEND", b"")
    )


def merged_docx() -> bytes:
    """Report paragraphs, table 二 (gridSpan rows) and table 四 (gridSpan + vMerge header), one PNG."""
    import docx
    from docx.shared import Cm

    d = docx.Document()
    d.core_properties.title = "某县2021年政府信息公开工作年度报告"
    d.core_properties.author = "某县人民政府办公室"
    d.core_properties.created = d.core_properties.modified = datetime(2022, 1, 20, 9, 30)
    d.core_properties.last_modified_by = "fixtures"
    d.core_properties.revision = 1
    d.add_heading("某县2021年政府信息公开工作年度报告", level=1)
    d.add_paragraph("2021年，某县主动公开政府信息1800余条，受理政府信息公开申请23件。")
    d.add_heading("二、主动公开政府信息情况", level=2)
    _table2(d)
    d.add_paragraph("政府信息公开工作情况见下图：")
    d.add_paragraph().add_run().add_picture(io.BytesIO(tiny_png()), width=Cm(2))
    p = d.add_paragraph("全年发生政府信息公开行政复议3件")
    p.add_run().add_break()
    p.add_run("行政诉讼2件。")
    d.add_heading("四、政府信息公开行政复议、行政诉讼情况", level=2)
    _table4(d)
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue(), FIXTURE_ZIP_TIME, mode=0)


def _table2(d: WordDocument) -> None:
    rows = [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "3", "1", "25"],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", "1520"],
        ["第二十条第（六）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", "326"],
        ["行政强制", "12"],
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额"],
        ["行政事业性收费", "85.6"],
    ]
    t = d.add_table(rows=len(rows), cols=4)
    t.style = "Table Grid"
    for r, values in enumerate(rows):
        if len(values) == 1:
            t.cell(r, 0).merge(t.cell(r, 3)).text = values[0]
        elif len(values) == 2:
            t.cell(r, 0).text = values[0]
            t.cell(r, 1).merge(t.cell(r, 3)).text = values[1]
        else:
            for c, v in enumerate(values):
                t.cell(r, c).text = v
    # a label printed on two lines (two paragraphs in one cell), as Word wraps it
    t.cell(12, 1).add_paragraph("（单位：万元）")


# table 四: 复议 2 1 0 0 3, 直接起诉 1 0 0 1 2, 复议后起诉 0 0 0 0 0
REVIEW_ROW = ["2", "1", "0", "0", "3", "1", "0", "0", "1", "2", "0", "0", "0", "0", "0"]


def _table4(d: WordDocument) -> None:
    t = d.add_table(rows=4, cols=15)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(0, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    for c, label in enumerate(RL_COL_LABELS):
        t.cell(1, c).merge(t.cell(2, c)).text = label
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for c in range(5, 15):
        t.cell(2, c).text = RL_COL_LABELS[(c - 5) % 5]
    for c, v in enumerate(REVIEW_ROW):
        t.cell(3, c).text = v


def write_fixtures(out_dir: Path) -> list[Path]:
    """Write html/gbk_report.html, html/traditional.html and docx/merged_cells.docx under `out_dir`."""
    files = {
        "html/gbk_report.html": GBK_PAGE.format(table3=table3_html()).encode("gbk"),
        "html/traditional.html": TRADITIONAL_PAGE.encode("utf-8"),
        "docx/merged_cells.docx": merged_docx(),
    }
    return write_files(out_dir, files)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures")
    for written_path in write_fixtures(target):
        print(written_path)
