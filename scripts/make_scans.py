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
import sys
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling modules, also when loaded by path
from fixturegen.packing import normalize_zip
from fixturegen.scan_layouts import Box
from fixturegen.scan_pages import (
    EXAMPLES,
    app_picture_facts,
    degrade,
    draw_table,
    font,
    image_pdf,
    render_app_picture,
    render_document,
    to_bytes,
    truth_facts,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "tests" / "fixtures" / "scans"
# the zip time the committed picture DOCX first carried; fixed so that regenerating rewrites the same bytes
DOCX_ZIP_TIME = (2026, 11, 25, 4, 27, 20)


def render_pre2019_table(dpi: int) -> Image.Image:
    """The 2008-era 统计表 of examples/siyang_2010_pre2019.html as a scanned picture (title, then
    指标名称 | 计量单位 | 2010年度 | 上年, with its '/' and blank cells)."""
    from pre2019_example import COLUMNS, ROWS

    s = dpi / 72
    rows = [r for r in ROWS if r[1]]
    img = Image.new("L", (round(8.27 * dpi), round((220 + 21 * len(rows)) * s)), 255)
    ImageDraw.Draw(img).text((70 * s, 30 * s), "泗阳县2010年政府信息公开情况统计表", font=font(round(12 * s)), fill=0)
    boxes = [Box(0, 0, "指标名称"), Box(0, 1, "计量单位"), Box(0, 2, COLUMNS[0]), Box(0, 3, COLUMNS[1])]
    for i, (label, unit, this_year, last_year) in enumerate(rows, 1):
        boxes += [Box(i, 0, label), Box(i, 1, unit or ""), Box(i, 2, this_year), Box(i, 3, last_year)]
    draw_table(img, 60 * s, 160 * s, [230, 60, 70, 70], boxes, len(rows) + 1, s, row_h=20)
    return img




def html_page(title: str, images: list[str]) -> str:
    imgs = "\n".join(f'<p style="text-align:center"><img src="{src}" alt="表格{i + 1}"></p>'
                     for i, src in enumerate(images))
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head><body>\n'
            f'<h1>{title}</h1>\n<p>本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p>\n'
            f'{imgs}\n</body></html>\n')


def docx_with_pictures(title: str, pngs: list[bytes]) -> bytes:
    """A Word file with the tables as pictures only (python-docx's own zip permissions kept)."""
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
    return normalize_zip(buf.getvalue(), DOCX_ZIP_TIME, mode=0o600)


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
    (out / "siyang_2010_stats_150.png").write_bytes(to_bytes(render_pre2019_table(150), optimize=True))
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
