"""Reports as Word documents (python-docx) with real merged cells (gridSpan / vMerge)."""

from __future__ import annotations

import datetime as dt
import io

from .doc import Doc
from .grids import GRIDS, layout
from .packing import normalize_zip
from .prose import Block

FIXED_ZIP_TIME = (2023, 1, 16, 9, 30, 0)


def render_shiping_docx(d: Doc, blocks: list[Block]) -> bytes:
    from docx import Document as Docx
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Docx()
    normal = doc.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    cp = doc.core_properties
    cp.title = f"{d.unit}{d.year}年政府信息公开工作年度报告"
    cp.author = f"{d.name}人民政府办公室"
    cp.last_modified_by = f"{d.name}人民政府办公室"
    cp.comments = ""
    cp.revision = 3
    pub = dt.datetime.fromisoformat(d.pub_date + "T09:30:00")
    cp.created = pub - dt.timedelta(days=6)
    cp.modified = pub
    cp.last_printed = pub

    for kind, text in blocks:
        if kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.bold = True
            run.font.size = Pt(22)
        elif kind == "h1":
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)
            p.add_run(text).bold = True
        elif kind == "p":
            p = doc.add_paragraph(text)
            p.paragraph_format.first_line_indent = Pt(32)
        elif kind == "sign":
            p = doc.add_paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "table":
            placed, nrows, ncols = layout(GRIDS[text](d))
            t = doc.add_table(rows=nrows, cols=ncols)
            t.style = "Table Grid"
            merged = {}
            for r, c, cell in placed:
                a = t.cell(r, c)
                if cell.rs > 1 or cell.cs > 1:
                    a = a.merge(t.cell(r + cell.rs - 1, c + cell.cs - 1))
                merged[(r, c)] = a
            for r, c, cell in placed:
                a = merged[(r, c)]
                a.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                p = a.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell.kind in ("label", "section") else WD_ALIGN_PARAGRAPH.CENTER
                run = p.add_run(cell.text.replace("\n", ""))
                run.font.size = Pt(10.5)
            doc.add_paragraph()
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue(), FIXED_ZIP_TIME)
