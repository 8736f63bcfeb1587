#!/usr/bin/env python
"""Render the standard tables of example documents to scanned-looking images (OCR fixtures).

    python scripts/make_scans.py [OUT_DIR]           (default: tests/fixtures/scans/)

From the truth values of `examples/*.truth.json` (both templates) it draws ruled tables with
merged label cells like the real ones (a vertical '三、本年度办理结果', '（三）不予公开' over eight
rows, two-level headers), as two A4 pages per document — table 三 breaks across the pages with
no header on the second — at 150 and 200 dpi, clean and degraded (rotation ±2°, blur, JPEG
quality 40, noise, a phone-photo perspective warp). `render_document` and `degrade` are used
by the tests and `bench/bench_ocr.py` to make more variants into a temporary folder.

The committed set is small: two clean 200 dpi pages, two degraded 150 dpi pages, an image-only
PDF, an HTML page with `<img>` tables next to it and a DOCX with table pictures, a 2010 统计表, and
a 2019 表三 alone in a picture with its zeros printed as empty cells (whole rows and applicant
columns empty; official three-row header, and a two-row header degraded) with its truth, and the
2021 document with 表三's zeros empty as two degraded 150 dpi pages with its truth.
"""

from __future__ import annotations

import io
import json
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling scripts (legacy_example)

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DEFAULT_OUT = REPO / "tests" / "fixtures" / "scans"
DOCS = ("shuyang_2023", "qingtongxia_2019")  # 2021 and 2019 templates

APP_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
RL_ROWS = ("review", "litigation_direct", "litigation_after_review")
RL_COLS = ("upheld", "corrected", "other", "pending", "total")
DENIED = [("denied.state_secret", "1.属于国家秘密"), ("denied.law_prohibited", "2.其他法律行政法规禁止公开"),
          ("denied.security_stability", "3.危及“三安全一稳定”"), ("denied.third_party", "4.保护第三方合法权益"),
          ("denied.internal_affairs", "5.属于三类内部事务信息"), ("denied.process_info", "6.属于四类过程性信息"),
          ("denied.enforcement_file", "7.属于行政执法案卷"), ("denied.administrative_query", "8.属于行政查询事项")]
UNABLE = [("unable.not_held", "1.本机关不掌握相关政府信息"), ("unable.needs_creation", "2.没有现成信息需要另行制作"),
          ("unable.unclear", "3.补正后申请内容仍不明确")]
NOT_PROCESSED = [("not_processed.petition", "1.信访举报投诉类申请"), ("not_processed.repeated", "2.重复申请"),
                 ("not_processed.publication", "3.要求提供公开出版物"),
                 ("not_processed.excessive", "4.无正当理由大量反复申请"),
                 ("not_processed.confirm", "5.要求行政机关确认或重新出具已获取信息")]
OTHER_2021 = [("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
              ("other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
              ("other.other", "3.其他")]


def font(size_px: int) -> ImageFont.FreeTypeFont:
    import noto_cjk_sans_otc

    return ImageFont.truetype(noto_cjk_sans_otc.FONT_PATH, size_px)


@dataclass
class Box:
    """A (merged) cell: grid row/col, spans, text; `vertical` draws one character per line."""

    r: int
    c: int
    text: str = ""
    rs: int = 1
    cs: int = 1
    vertical: bool = False


def fmt(v, key: str = "") -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    d = Decimal(str(v))
    if key.endswith("/amount_yuan"):
        return f"{(d / 10000).normalize():f}万元"
    if key.endswith("/change") and d > 0:
        return f"+{d.normalize():f}"
    return f"{d.normalize():f}" if d != d.to_integral() else str(int(d))


# ---- layouts (widths in points, 1/72 inch) ------------------------------------------------------

def active_layout(facts: dict, template: str) -> tuple[list[float], list[Box], int]:
    v = lambda k: fmt(facts.get(f"active/{k}"), f"active/{k}")
    boxes: list[Box] = []
    r = 0
    if template == "2021":
        widths = [150, 110, 110, 110]
        blocks = [("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
                   [("规章", "rules", ("issued", "repealed", "in_force")),
                    ("行政规范性文件", "normative_docs", ("issued", "repealed", "in_force"))]),
                  ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", "licensing", ("decisions",))]),
                  ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", "punishment", ("decisions",)),
                                                                ("行政强制", "enforcement", ("decisions",))]),
                  ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", "fees", ("fee_amount_10k_yuan",))])]
    else:
        widths = [150, 110, 110, 110]
        blocks = [("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                   [("规章", "rules", ("new_made", "new_published", "total_published")),
                    ("规范性文件", "normative_docs", ("new_made", "new_published", "total_published"))]),
                  ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
                   [("行政许可", "licensing", ("prior_year_items", "change", "decisions")),
                    ("其他对外管理服务事项", "other_services", ("prior_year_items", "change", "decisions"))]),
                  ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
                   [("行政处罚", "punishment", ("prior_year_items", "change", "decisions")),
                    ("行政强制", "enforcement", ("prior_year_items", "change", "decisions"))]),
                  ("第二十条第（八）项", ["上一年项目数量", "本年增/减"],
                   [("行政事业性收费", "fees", ("prior_year_items", "change"))]),
                  ("第二十条第（九）项", ["采购项目数量", "采购总金额"],
                   [("政府集中采购", "procurement", ("projects", "amount_yuan"))])]
    for title, heads, rows in blocks:
        boxes.append(Box(r, 0, title, cs=4))
        r += 1
        boxes.append(Box(r, 0, "信息内容"))
        span = 3 // len(heads)
        for j, h in enumerate(heads):
            boxes.append(Box(r, 1 + j * span, h, cs=span if j < len(heads) - 1 else 3 - j * span))
        r += 1
        for label, key, cols in rows:
            boxes.append(Box(r, 0, label))
            span = 3 // len(cols)
            for j, c in enumerate(cols):
                boxes.append(Box(r, 1 + j * span, v(f"{key}/{c}"), cs=span if j < len(cols) - 1 else 3 - j * span))
            r += 1
    return widths, boxes, r


def app_rows(template: str) -> list[tuple[str, str, str | None, str | None]]:
    """(key, label, group, subgroup) in printed order."""
    rows = [("new_received", "一、本年新收政府信息公开申请数量", None, None),
            ("carried_over", "二、上年结转政府信息公开申请数量", None, None),
            ("granted", "（一）予以公开", "三、本年度办理结果", None),
            ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三、本年度办理结果", None)]
    rows += [(k, lab, "三、本年度办理结果", "（三）不予公开") for k, lab in DENIED]
    rows += [(k, lab, "三、本年度办理结果", "（四）无法提供") for k, lab in UNABLE]
    rows += [(k, lab, "三、本年度办理结果", "（五）不予处理") for k, lab in NOT_PROCESSED]
    if template == "2021":
        rows += [(k, lab, "三、本年度办理结果", "（六）其他处理") for k, lab in OTHER_2021]
    else:
        rows += [("other", "（六）其他处理", "三、本年度办理结果", None)]
    rows += [("total", "（七）总计", "三、本年度办理结果", None), ("carried_forward", "四、结转下年度继续办理", None, None)]
    return rows


def app_layout(facts: dict, template: str, part: slice, header: bool) -> tuple[list[float], list[Box], int]:
    widths = [26, 60, 170] + [44] * 7
    boxes: list[Box] = []
    r = 0
    if header:
        boxes.append(Box(0, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3))
        boxes.append(Box(0, 3, "申请人情况", cs=7))
        boxes.append(Box(1, 3, "自然人", rs=2))
        boxes.append(Box(1, 4, "法人或其他组织", cs=5))
        boxes.append(Box(1, 9, "总计", rs=2))
        for j, h in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")):
            boxes.append(Box(2, 4 + j, h))
        r = 3
    rows = app_rows(template)[part]
    start = r
    # group (vertical) and subgroup cells span consecutive rows with the same value
    for col, idx in ((0, 2), (1, 3)):
        i = 0
        while i < len(rows):
            g = rows[i][idx]
            j = i
            while j < len(rows) and rows[j][idx] == g:
                j += 1
            if g is not None:
                boxes.append(Box(start + i, col, g, rs=j - i, vertical=(col == 0)))
            i = j
    for i, (key, label, g, sg) in enumerate(rows):
        c0 = 0 if g is None else (1 if sg is None else 2)
        boxes.append(Box(start + i, c0, label, cs=3 - c0))
        for j, c in enumerate(APP_COLS):
            boxes.append(Box(start + i, 3 + j, fmt(facts.get(f"applications/{key}/{c}"))))
    return widths, boxes, start + len(rows)


def app_picture_layout(facts: dict, template: str, header: str) -> tuple[list[float], list[Box], int]:
    """The whole 表三 as real reports print it in one picture, with narrow value columns (社会公
    益组织 wraps over two lines). `header`: 'official' (申请人情况 over 自然人 | 法人或其他组织 | 总计,
    three rows) or 'two_row' (no 申请人情况; 自然人 and 总计 merged over both header rows)."""
    widths, boxes, n = app_layout(facts, template, slice(None), header=True)
    widths = [24, 56, 150] + [30] * 7
    if header == "two_row":
        boxes = [b for b in boxes if b.r > 0 or b.c == 0]
        for b in boxes:
            if b.r > 0 and b.c >= 3:
                b.r -= 1
                b.rs = 2 if b.text in ("自然人", "总计") else b.rs
            elif b.r > 2:
                b.r -= 1
        boxes[0].rs = 2
        n -= 1
    return widths, boxes, n


def truth_facts(name: str, zeros_blank: bool = False) -> dict:
    """The truth facts of a document; `zeros_blank`: 表三's zeros printed as empty cells (as many
    reports do), so whole rows (（二）部分公开 of some reports) and applicant columns are empty."""
    facts = json.loads((EXAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))["facts"]
    return {k: (None if zeros_blank and v == 0 and k.startswith("applications/") else v) for k, v in facts.items()}


def app_picture_facts(name: str, zeros_blank: bool) -> dict:
    """The truth facts of a document's 表三 (see `truth_facts`)."""
    return {k: v for k, v in truth_facts(name, zeros_blank).items() if k.startswith("applications/")}


def render_app_picture(name: str, dpi: int, header: str = "official", zeros_blank: bool = False) -> Image.Image:
    """表三 of a document alone in one picture (how reports paste their tables), title above."""
    template = json.loads((EXAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))["template"]
    s = dpi / 72
    widths, boxes, n = app_picture_layout(app_picture_facts(name, zeros_blank), template, header)
    img = Image.new("L", (round((sum(widths) + 40) * s), round((80 + 26 * n) * s)), 255)
    ImageDraw.Draw(img).text((20 * s, 12 * s), "三、收到和处理政府信息公开申请情况", font=font(round(12 * s)), fill=0)
    bottom = draw_table(img, 20 * s, 40 * s, widths, boxes, n, s, row_h=22)
    return img.crop((0, 0, img.width, round(bottom + 20 * s)))


def rl_layout(facts: dict) -> tuple[list[float], list[Box], int]:
    widths = [34] * 15
    boxes = [Box(0, 0, "行政复议", rs=2, cs=5), Box(0, 5, "行政诉讼", cs=10),
             Box(1, 5, "未经复议直接起诉", cs=5), Box(1, 10, "复议后起诉", cs=5)]
    for k in range(3):
        for j, h in enumerate(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")):
            boxes.append(Box(2, k * 5 + j, h, vertical=False))
    for k, row in enumerate(RL_ROWS):
        for j, c in enumerate(RL_COLS):
            boxes.append(Box(3, k * 5 + j, fmt(facts.get(f"review_litigation/{row}/{c}"))))
    return widths, boxes, 4


# ---- drawing ---------------------------------------------------------------------------------

def _wrap(draw: ImageDraw.ImageDraw, text: str, f, width: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and draw.textlength(cur + ch, font=f) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return lines + ([cur] if cur else [])


def draw_table(img: Image.Image, x0: float, y0: float, widths: list[float], boxes: list[Box], n_rows: int,
               s: float, row_h: float = 24) -> float:
    """Draw a ruled table at (x0, y0) pixels; returns the y below it. Rows grow to fit wrapped text."""
    draw = ImageDraw.Draw(img)
    f = font(round(9 * s))
    lh = 9 * s * 1.35
    heights = [row_h * s] * n_rows
    for b in boxes:  # grow single-row cells that wrap
        if b.rs == 1 and not b.vertical:
            w = sum(widths[b.c:b.c + b.cs]) * s - 6 * s
            need = len(_wrap(draw, b.text, f, w)) * lh + 8 * s
            heights[b.r] = max(heights[b.r], need)
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w * s)
    ys = [y0]
    for h in heights:
        ys.append(ys[-1] + h)
    lw = max(1, round(0.6 * s))
    for b in boxes:
        bx0, bx1, by0, by1 = xs[b.c], xs[b.c + b.cs], ys[b.r], ys[b.r + b.rs]
        draw.rectangle([bx0, by0, bx1, by1], outline=0, width=lw)
        if not b.text:
            continue
        lines = list(b.text) if b.vertical else _wrap(draw, b.text, f, bx1 - bx0 - 6 * s)
        ty = (by0 + by1) / 2 - len(lines) * lh / 2
        for line in lines:
            tw = draw.textlength(line, font=f)
            draw.text(((bx0 + bx1) / 2 - tw / 2, ty), line, font=f, fill=0)
            ty += lh
    return ys[-1]


def render_document(name: str, dpi: int, zeros_blank: bool = False) -> list[Image.Image]:
    """Two grayscale A4 pages with the document's three standard tables (`truth_facts`)."""
    template = json.loads((EXAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))["template"]
    facts = truth_facts(name, zeros_blank)
    s = dpi / 72
    W, H = round(8.27 * dpi), round(11.69 * dpi)
    tf = font(round(12 * s))
    pages = []
    n_app = len(app_rows(template))
    split = 10
    # page 1: 表二 and the start of 表三
    p1 = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(p1)
    y = 60 * s
    d.text((70 * s, y), "二、主动公开政府信息情况", font=tf, fill=0)
    widths, boxes, n = active_layout(facts, template)
    y = draw_table(p1, 70 * s, y + 26 * s, widths, boxes, n, s, row_h=20) + 24 * s
    d.text((70 * s, y), "三、收到和处理政府信息公开申请情况", font=tf, fill=0)
    widths, boxes, n = app_layout(facts, template, slice(0, split), header=True)
    draw_table(p1, 30 * s, y + 26 * s, widths, boxes, n, s, row_h=22)
    pages.append(p1)
    # page 2: the rest of 表三 (no header) and 表四
    p2 = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(p2)
    widths, boxes, n = app_layout(facts, template, slice(split, n_app), header=False)
    y = draw_table(p2, 30 * s, 60 * s, widths, boxes, n, s, row_h=22) + 30 * s
    d.text((70 * s, y), "四、政府信息公开行政复议、行政诉讼情况", font=tf, fill=0)
    widths, boxes, n = rl_layout(facts)
    draw_table(p2, 40 * s, y + 26 * s, widths, boxes, n, s, row_h=30)
    pages.append(p2)
    return pages


def render_legacy_table(dpi: int) -> Image.Image:
    """The 2008-era 统计表 of examples/siyang_2010_legacy.html as a scanned picture (title, then
    指标名称 | 计量单位 | 2010年度 | 上年, with its '/' and blank cells)."""
    from legacy_example import COLUMNS, ROWS

    s = dpi / 72
    rows = [r for r in ROWS if r[1]]
    img = Image.new("L", (round(8.27 * dpi), round((220 + 21 * len(rows)) * s)), 255)
    ImageDraw.Draw(img).text((70 * s, 30 * s), "泗阳县2010年政府信息公开情况统计表", font=font(round(12 * s)), fill=0)
    boxes = [Box(0, 0, "指标名称"), Box(0, 1, "计量单位"), Box(0, 2, COLUMNS[0]), Box(0, 3, COLUMNS[1])]
    for i, (label, unit, this_year, last_year) in enumerate(rows, 1):
        boxes += [Box(i, 0, label), Box(i, 1, unit or ""), Box(i, 2, this_year), Box(i, 3, last_year)]
    draw_table(img, 60 * s, 160 * s, [230, 60, 70, 70], boxes, len(rows) + 1, s, row_h=20)
    return img


def degrade(img: Image.Image, seed: int = 0, rotate: float = 2.0, perspective: bool = True) -> Image.Image:
    """Rotation, perspective warp, blur, noise and JPEG quality 40, like a phone photo of a print."""
    rng = random.Random(seed)
    out = img.convert("L").rotate(rotate, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if perspective:
        w, h = out.size
        dx = 0.015 * w
        # source quad for the output corners: upper-left, lower-left, lower-right, upper-right
        src = [(rng.uniform(0, dx), rng.uniform(0, dx)), (rng.uniform(0, dx), h - rng.uniform(0, dx)),
               (w - rng.uniform(0, dx), h - rng.uniform(0, dx)), (w - rng.uniform(0, dx), rng.uniform(0, dx))]
        out = out.transform((w, h), Image.QUAD, [c for p in src for c in p], resample=Image.BICUBIC, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(0.8))
    arr = np.asarray(out, dtype=np.float32)
    noise = np.random.default_rng(seed).normal(0, 10, arr.shape)
    out = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=40)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def to_bytes(img: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def image_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF (no text layer): each page one embedded JPEG."""
    buf = io.BytesIO()
    rgb = [p.convert("RGB") for p in pages]
    rgb[0].save(buf, "PDF", save_all=True, append_images=rgb[1:], resolution=dpi, quality=75)
    return buf.getvalue()


def html_page(title: str, images: list[str]) -> str:
    imgs = "\n".join(f'<p style="text-align:center"><img src="{src}" alt="表格{i + 1}"></p>'
                     for i, src in enumerate(images))
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head><body>\n'
            f'<h1>{title}</h1>\n<p>本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p>\n'
            f'{imgs}\n</body></html>\n')


def docx_with_pictures(title: str, pngs: list[bytes]) -> bytes:
    import docx
    from docx.shared import Inches

    d = docx.Document()
    d.core_properties.created = __import__("datetime").datetime(2024, 1, 1)
    d.add_paragraph(title)
    d.add_paragraph("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。")
    for p in pngs:
        d.add_picture(io.BytesIO(p), width=Inches(6.2))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def main(out: Path = DEFAULT_OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    title = "沭阳县人民政府2023年政府信息公开工作年度报告"
    clean200 = render_document("shuyang_2023", 200)
    for i, p in enumerate(clean200, 1):
        (out / f"shuyang_2023_200_clean_p{i}.png").write_bytes(to_bytes(p, optimize=True))
    q150 = render_document("qingtongxia_2019", 150)
    for i, p in enumerate(q150, 1):
        (out / f"qingtongxia_2019_150_degraded_p{i}.jpg").write_bytes(
            to_bytes(degrade(p, seed=i, rotate=(-2.0 if i == 1 else 2.0)), "JPEG", quality=40))
    (out / "qingtongxia_2019_scan.pdf").write_bytes(image_pdf(render_document("qingtongxia_2019", 200), 200))
    web = out / "web"
    web.mkdir(exist_ok=True)
    for i, p in enumerate(clean200, 1):
        (web / f"shuyang_2023_table_{i}.png").write_bytes(to_bytes(p, optimize=True))
    (web / "shuyang_2023.html").write_text(html_page(title, [f"shuyang_2023_table_{i}.png" for i in (1, 2)]),
                                          encoding="utf-8")
    (out / "shuyang_2023_pictures.docx").write_bytes(
        docx_with_pictures(title, [to_bytes(degrade(p, seed=7, rotate=1.0, perspective=False), "JPEG", quality=60) for p in
                                   render_document("shuyang_2023", 150)]))
    (out / "siyang_2010_stats_150.png").write_bytes(to_bytes(render_legacy_table(150), optimize=True))
    # 2019 表三 alone in a picture, zeros printed as empty cells (empty rows and columns)
    (out / "qingtongxia_2019_t3_blank_150.png").write_bytes(
        to_bytes(render_app_picture("qingtongxia_2019", 150, "official", zeros_blank=True), optimize=True))
    (out / "qingtongxia_2019_t3_blank_two_row_150_degraded.jpg").write_bytes(to_bytes(
        degrade(render_app_picture("qingtongxia_2019", 150, "two_row", zeros_blank=True), seed=5), "JPEG", quality=40))
    (out / "qingtongxia_2019_t3_blank.truth.json").write_text(json.dumps(
        {"facts": app_picture_facts("qingtongxia_2019", zeros_blank=True)}, ensure_ascii=False, indent=1),
        encoding="utf-8")
    # the 2021 document with 表三's zeros empty, two degraded pages (表三 goes on without its header)
    for i, p in enumerate(render_document("shuyang_2023", 150, zeros_blank=True), 1):
        (out / f"shuyang_2023_blank_150_degraded_p{i}.jpg").write_bytes(
            to_bytes(degrade(p, seed=i, rotate=(-2.0 if i == 1 else 2.0)), "JPEG", quality=40))
    (out / "shuyang_2023_blank.truth.json").write_text(json.dumps(
        {"facts": truth_facts("shuyang_2023", zeros_blank=True)}, ensure_ascii=False, indent=1), encoding="utf-8")
    for doc in ("shuyang_2023", "qingtongxia_2019"):
        (out / f"{doc}.truth.json").write_text((EXAMPLES / f"{doc}.truth.json").read_text(encoding="utf-8"),
                                               encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
