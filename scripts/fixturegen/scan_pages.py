"""Scanned-looking pages: ruled tables drawn with a CJK font, whole documents, 表三 alone, degradation.

The values come from the truth files of examples/; `render_document`, `degrade` and `truth_facts` are
also used by the OCR tests and bench/bench_ocr.py to make more variants.
"""

from __future__ import annotations

import io
import json
import random
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .scan_layouts import Box, active_layout, app_layout, app_picture_layout, app_print_rows, rl_layout
from .wrap import greedy_lines

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# the dates the committed image PDF first carried; fixed so that regenerating rewrites the same bytes
PDF_DATE = time.strptime("2026-11-25 04:27:18", "%Y-%m-%d %H:%M:%S")


def font(size_px: int) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK (the noto_cjk_sans_otc package) at `size_px` pixels."""
    import noto_cjk_sans_otc

    return ImageFont.truetype(noto_cjk_sans_otc.FONT_PATH, size_px)


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


def _wrap(draw: ImageDraw.ImageDraw, text: str, f, width: float) -> list[str]:
    return greedy_lines(text, lambda s: draw.textlength(s, font=f) > width)


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
    n_app = len(app_print_rows(template))
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
    rgb[0].save(buf, "PDF", save_all=True, append_images=rgb[1:], resolution=dpi, quality=75,
                creationDate=PDF_DATE, modDate=PDF_DATE)
    return buf.getvalue()
