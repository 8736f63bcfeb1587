"""Reports as web pages: a GBK site page, a plain UTF-8 CMS page, a page in traditional characters."""

from __future__ import annotations

import html

from .doc import Doc
from .grids import GRIDS, Cell
from .prose import Block


def html_table(grid: list[list[Cell]], *, mso: bool, width: str = "100%") -> str:
    out = [(f'<table border="1" cellspacing="0" cellpadding="0" width="{width}" '
            f'style="border-collapse:collapse;margin:0 auto;">'), "<tbody>"]
    for row in grid:
        out.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.rs > 1:
                attrs += f' rowspan="{cell.rs}"'
            if cell.cs > 1:
                attrs += f' colspan="{cell.cs}"'
            text = html.escape(cell.text.replace("\n", ""), quote=False)
            if not text.strip():
                text = "&nbsp;"
            align = "left" if cell.kind in ("label", "section") else "center"
            bg = ' bgcolor="#dbe5f1"' if cell.kind == "section" else ""
            if mso:
                out.append(f'<td{attrs} valign="center"{bg}><p class="MsoNormal" align="{align}">'
                           f'<span style="font-family:宋体">{text}</span></p></td>')
            else:
                out.append(f'<td{attrs} align="{align}">{text}</td>')
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def html_body(d: Doc, blocks: list[Block], *, mso: bool, images: dict[str, str] | None = None,
              conv=lambda s: s) -> str:
    out = []
    for kind, text in blocks:
        if kind == "title":
            continue  # the page title is in the article header
        if kind == "h1":
            out.append(f'<p style="text-indent:2em;"><strong>{conv(text)}</strong></p>')
        elif kind == "p":
            out.append(f'<p style="text-indent:2em;">{html.escape(conv(text), quote=False)}</p>')
        elif kind == "sign":
            out.append(f'<p style="text-align:right;">{conv(text)}</p>')
        elif kind == "table":
            if images and text in images:
                out.append(f'<p style="text-align:center;"><img src="{images[text]}" width="640" border="0" '
                           f'alt="" /></p>')
            else:
                grid = GRIDS[text](d)
                for row in grid:
                    for cell in row:
                        cell.text = conv(cell.text)
                out.append(html_table(grid, mso=mso))
    return "\n".join(out)


def render_xuanwei_html(d: Doc, blocks: list[Block]) -> bytes:
    title = f"{d.name}{d.year}年政府信息公开工作年度报告"
    nav = ["首页", "走进宣威", "政务公开", "政务服务", "互动交流", "数据开放", "专题专栏"]
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{title}_{d.unit}</title>
<meta name="SiteName" content="{d.unit}" />
<meta name="ColumnName" content="政府信息公开年报" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="{d.pub_date} 16:32" />
<meta name="ContentSource" content="{d.name}人民政府办公室" />
<link href="/images/public.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery-1.11.3.min.js"></script>
</head>
<body>
<div class="topbar"><div class="w1200">
<span class="fl">欢迎访问{d.unit}门户网站！</span>
<span class="fr"><a href="javascript:void(0)">无障碍浏览</a> | <a href="javascript:void(0)">长者模式</a> | <a href="/jtbb/">简</a>/<a href="/ftbb/">繁</a> | <a href="/wzdt/">网站地图</a></span>
</div></div>
<div class="header"><div class="w1200">
<div class="logo"><a href="/"><img src="/images/logo.png" alt="{d.unit}" /></a></div>
<div class="search"><form action="/search/" method="get"><input type="text" name="q" value="请输入关键字" /><input type="submit" value="搜索" /></form>
<p class="hot">热搜词：<a href="#">政府工作报告</a> <a href="#">招聘</a> <a href="#">医保缴费</a> <a href="#">营商环境</a></p></div>
</div></div>
<div class="nav"><ul class="w1200">
{"".join(f'<li><a href="/{i}/">{n}</a></li>' for i, n in enumerate(nav))}
</ul></div>
<div class="w1200 main">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/2/">政务公开</a> &gt; <a href="/2/zfxxgk/">政府信息公开</a> &gt; <a href="/2/zfxxgk/ndbg/">政府信息公开年报</a></div>
<table class="xxgk_head" width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td width="12%">索 引 号：</td><td width="38%">11530381015191234X/{d.year + 1}-00{d.seed % 90 + 10}</td><td width="12%">发布机构：</td><td>{d.name}人民政府办公室</td></tr>
<tr><td>主题分类：</td><td>政务公开</td><td>成文日期：</td><td>{d.pub_date}</td></tr>
</table>
<div class="article">
<h1 class="title">{title}</h1>
<div class="info">发布时间：{d.pub_date} 16:32　来源：{d.name}人民政府办公室　浏览次数：<span id="hits">1286</span>　【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
<div class="TRS_Editor" id="zoom">
{html_body(d, blocks, mso=True)}
</div>
<div class="share">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
<div class="related"><h3>相关信息</h3><ul>
<li><a href="/2/zfxxgk/ndbg/">{d.name}{d.year - 1}年政府信息公开工作年度报告</a></li>
<li><a href="/2/zfxxgk/ndbg/">{d.name}{d.year - 2}年政府信息公开工作年度报告</a></li>
</ul></div>
</div>
<div class="footer"><div class="w1200">
<p><a href="/gywm/">关于我们</a> | <a href="/lxwm/">联系我们</a> | <a href="/wzdt/">网站地图</a></p>
<p>主办：{d.name}人民政府办公室　承办：{d.name}融媒体中心　地址：{d.address}　联系电话：{d.phone}</p>
<p>网站标识码：5303810000　备案号：（示例）　建议使用1366×768分辨率浏览</p>
</div></div>
</body>
</html>
"""
    return page.encode("gbk")


def render_siyang_html(d: Doc, blocks: list[Block]) -> bytes:
    title = f"{d.unit}{d.year}年政府信息公开工作年度报告"
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/static/css/detail.css">
</head>
<body>
<header class="site-head"><a class="logo" href="/">{d.unit}</a>
<nav><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/zwfw/">政务服务</a><a href="/hdjl/">互动交流</a></nav></header>
<div class="crumb"><a href="/">首页</a> / <a href="/zwgk/">政务公开</a> / <a href="/zwgk/ndbg/">年度报告</a></div>
<article class="detail">
<h2>{title}</h2>
<div class="meta"><span>来源：{d.name}人民政府办公室</span><span>发布日期：{d.pub_date}</span></div>
<div class="content">
{html_body(d, blocks, mso=False)}
</div>
</article>
<footer class="site-foot"><p>{d.unit}办公室主办　地址：{d.address}</p><p>本页面为示例内容</p></footer>
</body>
</html>
"""
    return page.encode("utf-8")


# traditional characters, character by character, as the 简/繁 switch of a government site does
# (so 复议 → 復議, 为 → 為, 发布 → 發布, 页面 → 頁面): OpenCC s2tw applied to each character of the
# page's text, once; extend the pairs when the zhaotong text gains characters (the test checks it).
T_SIMP = (
    "与专业严个丰为举义习乡于云众优会体余党关兴内决况准划则办务动区医华协单厅压参发台号后员围国图场坚处复"
    "够实审对导将层届属应开强当录彻态总户执护报据数断无时术机权条来构标栏档检楼没泄点热环现电疗监确碍积称"
    "稳筹简类级纳纵组织结绕络统继续编网职联范荐获补规视计认训议讼设访识诉词话询请读调财责质贯费转载较达过"
    "运这进邮针门问间闻阅阳页项预领频题馆"
)
T_TRAD = (
    "與專業嚴個豐為舉義習鄉於雲眾優會體餘黨關興內決況準劃則辦務動區醫華協單廳壓參發臺號後員圍國圖場堅處復"
    "夠實審對導將層屆屬應開強當錄徹態總戶執護報據數斷無時術機權條來構標欄檔檢樓沒洩點熱環現電療監確礙積稱"
    "穩籌簡類級納縱組織結繞絡統繼續編網職聯範薦獲補規視計認訓議訟設訪識訴詞話詢請讀調財責質貫費轉載較達過"
    "運這進郵針門問間聞閱陽頁項預領頻題館"
)
S2T = str.maketrans(T_SIMP, T_TRAD)


def to_traditional(s: str) -> str:
    return s.translate(S2T)


def render_zhaotong_html(d: Doc, blocks: list[Block]) -> bytes:
    t = to_traditional
    title = t(f"{d.unit}{d.year}年政府信息公开工作年度报告")
    images = {"active": f"/uploadfiles/{d.year + 1}01/28/{t('年报')}_{t('页面')}_08.png",
              "review": f"/uploadfiles/{d.year + 1}01/28/{t('年报')}_{t('页面')}_10.png"}
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{title}-{t(d.unit)}</title>
<meta name="keywords" content="{t('政府信息公开,年度报告')}">
</head>
<body>
<div id="top">{t('繁体版')} | <a href="/">{t('简体版')}</a> | {t('无障碍')} | {t('登录')}</div>
<div id="menu"><a href="/">{t('网站首页')}</a> <a href="/zwgk/">{t('政务公开')}</a> <a href="/bsfw/">{t('办事服务')}</a> <a href="/gzhd/">{t('公众互动')}</a> <a href="/zjzt/">{t('走进昭通')}</a></div>
<div id="hot">{t('热搜词')}：{t('疫情防控')} {t('招聘')} {t('社保')} {t('公积金')}</div>
<div id="path">{t('您现在的位置')}：<a href="/">{t('首页')}</a> &gt;&gt; {t('政府信息公开')} &gt;&gt; {t('年度报告')}</div>
<div id="article">
<h1>{title}</h1>
<p class="src">{t('来源')}：{t(d.name + '人民政府办公室')}　{t('发布时间')}：{d.pub_date}</p>
{html_body(d, blocks, mso=False, images=images, conv=t)}
</div>
<div id="foot">{t('主办')}：{t(d.name + '人民政府办公室')}　{t('技术支持')}：{t('示例网络科技有限公司')}</div>
<div id="ad">{t('专题推荐')}：{t('我为群众办实事')}</div>
</body>
</html>
"""
    return page.encode("utf-8")
