"""Documents a crawler meets on a government site that are not reports: a VAT invoice PDF and a news page.

Both are full of numbers next to words (金额, 税额, 受理…件, 发放…万元) that a prose reader could take for
counts; the pipeline must keep them as documents that are not reports, with no facts or counts.
"""

from __future__ import annotations

import io

from .pdf_file import PDF_FONT, _pdf_font

# (名称, 规格型号, 单位, 数量, 单价, 金额): 税额 at 13% makes 1280.00 in all (the "税额 → 1280")
INVOICE_ITEMS = (
    ("*纸制品*复印纸", "A4 70g", "箱", "20", "160.00", "3200.00"),
    ("*办公用品*碳粉盒", "CF228A", "个", "12", "430.00", "5160.00"),
    ("*办公用品*文件柜", "1850×900", "组", "2", "743.08", "1486.15"),
)
INVOICE_TOTAL, INVOICE_TAX = "9846.15", "1280.00"


def invoice_pdf() -> bytes:
    """A one-page 增值税电子普通发票 (VAT e-invoice) bought by a county office: header, parties, the item
    table with 金额 and 税额 columns, 合计 and 价税合计; deterministic bytes (reportlab invariant mode)."""
    from reportlab.pdfgen import canvas

    _pdf_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.2756, 420.0), invariant=1, pageCompression=1)
    c.setTitle("增值税电子普通发票")
    c.setCreator("scripts/make_non_reports.py")

    def line(x: float, y: float, text: str, size: float = 9.5) -> None:
        c.setFont(PDF_FONT, size)
        c.drawString(x, y, text)

    c.setFont(PDF_FONT, 18)
    c.drawCentredString(297.6, 380, "江苏增值税电子普通发票")
    line(400, 352, "发票代码：032002300111")
    line(400, 338, "发票号码：21573308")
    line(400, 324, "开票日期：2023年05月12日")
    line(400, 310, "校 验 码：60523 88411 27390 15524")
    line(40, 340, "购买方  名    称：某县人民政府办公室")
    line(40, 326, "        纳税人识别号：11320826MB1A2B3C4D")
    line(40, 312, "        地址、电话：某县府前路8号 0517-86912345")
    c.rect(36, 120, 523, 170)
    heads = ("货物或应税劳务、服务名称", "规格型号", "单位", "数量", "单价", "金额", "税率", "税额")
    xs = (40, 170, 240, 275, 315, 375, 440, 480)
    for x, h in zip(xs, heads, strict=True):
        line(x, 275, h, 8.5)
    y = 255.0
    for name, spec, unit, qty, price, amount in INVOICE_ITEMS:
        tax = f"{float(amount) * 0.13:.2f}"
        for x, v in zip(xs, (name, spec, unit, qty, price, amount, "13%", tax), strict=True):
            line(x, y, v, 8.5)
        y -= 18
    line(40, 150, "合    计")
    line(375, 150, f"¥{INVOICE_TOTAL}")
    line(480, 150, f"¥{INVOICE_TAX}")
    line(40, 128, "价税合计（大写）  壹万壹仟壹佰贰拾陆元壹角伍分        （小写）¥11126.15")
    line(40, 100, "销售方  名    称：某市文信办公设备有限公司")
    line(40, 86, "        纳税人识别号：91320800MA1XYZ7Q8R")
    line(40, 60, "收款人：王芳        复核：李强        开票人：张敏        销售方：（章）")
    c.showPage()
    c.save()
    return buf.getvalue()


NEWS_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>县长调研春耕生产和农田水利建设工作_某县人民政府</title>
</head>
<body>
<div class="header"><img src="/images/logo.png" alt="某县人民政府"></div>
<div class="nav"><a href="/">首页</a> | <a href="/zwdt/">政务动态</a> | <a href="/zwgk/">政务公开</a> |
<a href="/hdjl/">互动交流</a> | <a href="/bsfw/">办事服务</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwdt/">政务动态</a> &gt; 今日某县</div>
<div class="article">
<h1>县长调研春耕生产和农田水利建设工作</h1>
<div class="info">发布时间：2024-03-18 16:42　来源：县政府办　浏览次数：1532</div>
<div class="content">
<p>3月18日，县委副书记、县长王明到高桥镇、三河镇调研春耕生产和农田水利建设工作。</p>
<p>在高桥镇万亩高标准农田示范区，王明详细了解春耕备耕、农资供应和农机调度情况。今年全县计划种植水稻32.6万亩，
已储备化肥1.8万吨、种子1280吨，检修农机具4350台套。</p>
<p>在三河镇灌区节水配套改造工程现场，王明察看工程进度。该工程总投资2.3亿元，新建、改造渠道86公里，
今年已完成投资1.1亿元，受理群众用水诉求356件，全部办结。</p>
<p>今年以来，县政府门户网站开设春耕生产专栏，主动公开政府信息1280条，及时回应群众关切。</p>
<p>王明强调，要抓住农时，统筹抓好春耕生产各项工作，确保全年粮食产量稳定在11亿斤以上。</p>
</div>
</div>
<div class="footer">主办：某县人民政府办公室　网站标识码：3208260001　苏ICP备05001234号</div>
</body>
</html>
"""


def news_page_html() -> bytes:
    """A county government site's news item (政务动态) with its site chrome, in UTF-8."""
    return NEWS_PAGE.encode("utf-8")
