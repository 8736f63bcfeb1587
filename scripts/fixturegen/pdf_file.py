"""Reports as PDF (reportlab): flowing text and ruled tables drawn cell by cell; a truncated PDF."""

from __future__ import annotations

import io
import random
from collections import defaultdict

from .doc import Doc
from .grids import GRIDS, Cell, layout
from .labels import UNABLE
from .prose import Block
from .wrap import greedy_lines

PDF_FONT = "STSong-Light"


def _pdf_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))


NO_LINE_START = "，。、；：？！）》〉」』”’%"  # punctuation hangs at the line end instead of opening a line


def wrap(text: str, size: float, width: float) -> list[str]:
    """The lines of `text` at `size` points in `width` points; every newline starts a line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def too_wide(s: str) -> bool:
        return stringWidth(s, PDF_FONT, size) > width

    lines: list[str] = []
    for part in text.split("\n"):
        lines += greedy_lines(part, too_wide, NO_LINE_START) or [""]
    return lines



class PdfWriter:
    W, H = 595.2756, 841.8898  # A4
    LEFT = RIGHT = 72.0
    TOP, BOTTOM = 72.0, 72.0

    def __init__(self, buf: io.BytesIO, title: str, author: str):
        from reportlab.pdfgen import canvas

        _pdf_font()
        self.c = canvas.Canvas(buf, pagesize=(self.W, self.H), invariant=1, pageCompression=1)
        self.c.setTitle(title)
        self.c.setAuthor(author)
        self.c.setSubject("政府信息公开工作年度报告")
        self.c.setCreator("scripts/make_examples.py")
        self.page = 1
        self.y = self.H - self.TOP
        self.width = self.W - self.LEFT - self.RIGHT

    def new_page(self) -> None:
        self.c.setFont(PDF_FONT, 10.5)
        self.c.drawCentredString(self.W / 2, 40, f"- {self.page} -")
        self.c.showPage()
        self.page += 1
        self.y = self.H - self.TOP

    def finish(self) -> None:
        self.c.setFont(PDF_FONT, 10.5)
        self.c.drawCentredString(self.W / 2, 40, f"- {self.page} -")
        self.c.save()

    def ensure(self, h: float) -> None:
        if self.y - h < self.BOTTOM:
            self.new_page()

    def text(self, text: str, size: float = 12, leading: float = 22, indent: float = 2, align: str = "left",
             keep: float = 0) -> None:
        first_w = self.width - indent * size
        lines = wrap(text, size, first_w)
        if len(lines) > 1:  # rewrap the rest at full width
            rest = text[len(lines[0]):]
            lines = [lines[0]] + wrap(rest, size, self.width)
        self.ensure(leading + keep)
        for i, line in enumerate(lines):
            self.ensure(leading)
            self.c.setFont(PDF_FONT, size)
            base = self.y - size
            if align == "center":
                self.c.drawCentredString(self.W / 2, base, line)
            elif align == "right":
                self.c.drawRightString(self.W - self.RIGHT, base, line)
            else:
                self.c.drawString(self.LEFT + (indent * size if i == 0 else 0), base, line)
            self.y -= leading

    def table(self, grid: list[list[Cell]], colw: list[float], *, size: float = 9, leading: float = 11.5,
              pad: float = 3, min_h: float = 19, break_after: int | None = None, split_cells: tuple = (),
              heading: str | None = None) -> None:
        """Draw a ruled table; rows flow over pages; `break_after` forces a page break after that row.

        A cell that spans a page break is drawn as one box per page; its text stays in the first box
        unless its label is in `split_cells`, whose lines are shared out between the boxes (a tall
        group label printed half at the foot of one page and half at the head of the next)."""
        placed, nrows, ncols = layout(grid)
        x0 = self.LEFT + (self.width - sum(colw)) / 2
        xs = [x0 + sum(colw[:i]) for i in range(ncols + 1)]
        lines = {(r, c): wrap(cell.text, size, xs[c + cell.cs] - xs[c] - 2 * pad) for r, c, cell in placed}
        heights = [min_h] * nrows
        for r, c, cell in sorted(placed, key=lambda p: p[2].rs):
            need = len(lines[(r, c)]) * leading + 2 * pad
            have = sum(heights[r:r + cell.rs])
            if need > have:
                heights[r + cell.rs - 1] += need - have
        head_h = 34 if heading else 0
        if break_after is not None:
            self.ensure(head_h + sum(heights[:break_after + 1]))
        else:
            self.ensure(head_h + sum(heights[:min(nrows, 4)]))
        if break_after is not None:  # stretch the rows before the break a little to fill the page
            room = self.y - head_h - sum(heights[:break_after + 1]) - self.BOTTOM
            if room > 0:
                for r in range(break_after + 1):
                    heights[r] += min(6.0, room / (break_after + 1))
        pos: list[tuple[int, float]] = []
        off, y = 0, self.y - head_h
        for r in range(nrows):
            if y - heights[r] < self.BOTTOM or (break_after is not None and r == break_after + 1):
                off, y = off + 1, self.H - self.TOP
            pos.append((off, y))
            y -= heights[r]
        ops: dict[int, list] = defaultdict(list)
        for r, c, cell in placed:
            segs: list[list] = []  # [page offset, y top, height]
            for rr in range(r, r + cell.rs):
                o, yt = pos[rr]
                if segs and segs[-1][0] == o:
                    segs[-1][2] += heights[rr]
                else:
                    segs.append([o, yt, heights[rr]])
            ls = lines[(r, c)]
            if len(segs) > 1 and cell.text in split_cells:
                total = sum(s[2] for s in segs)
                shares, start = [], 0
                for i, s in enumerate(segs):
                    n = len(ls) - start if i == len(segs) - 1 else max(1, round(len(ls) * s[2] / total))
                    shares.append(ls[start:start + n])
                    start += n
            else:
                shares = [ls] + [[] for _ in segs[1:]]
            for (o, yt, h), seg_lines in zip(segs, shares, strict=True):
                ops[o].append((xs[c], yt, xs[c + cell.cs] - xs[c], h, seg_lines, cell))
        if heading:
            self.text(heading, size=15, leading=head_h, indent=0)
        for o in sorted(ops):
            if o > 0:
                self.new_page()
            for x, yt, w, h, seg_lines, cell in ops[o]:
                self._cell(x, yt, w, h, seg_lines, cell, size, leading, pad)
        self.y = y - 14

    def _cell(self, x, yt, w, h, seg_lines, cell, size, leading, pad) -> None:
        c = self.c
        c.setLineWidth(0.6)
        if cell.kind == "section":
            c.setFillColorRGB(0.84, 0.89, 0.96)
            c.rect(x, yt - h, w, h, stroke=1, fill=1)
            c.setFillColorRGB(0, 0, 0)
        else:
            c.rect(x, yt - h, w, h, stroke=1, fill=0)
        fsize = size + 1.5 if cell.kind == "num" else size
        c.setFont(PDF_FONT, fsize)
        block = len(seg_lines) * leading
        top = yt - (h - block) / 2
        for i, line in enumerate(seg_lines):
            base = top - i * leading - (leading + fsize) / 2 + 1.5
            if cell.kind in ("label", "section") and len(line) > 1:
                c.drawString(x + pad + 1, base, line)
            else:
                c.drawCentredString(x + w / 2, base, line)


def render_shuyang_pdf(d: Doc, blocks: list[Block]) -> bytes:
    buf = io.BytesIO()
    pdf = PdfWriter(buf, f"{d.unit}{d.year}年政府信息公开工作年度报告", f"{d.name}人民政府办公室")
    i = 0
    while i < len(blocks):
        kind, text = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else ("", "")
        if kind == "title":
            pdf.y -= 20
            for line in (d.unit, f"{d.year}年政府信息公开工作年度报告"):
                pdf.text(line, size=20, leading=34, indent=0, align="center")
            pdf.y -= 16
        elif kind == "h1" and nxt[0] == "table":
            grid = GRIDS[nxt[1]](d)
            if nxt[1] == "active":
                pdf.table(grid, [200, 84, 84, 83], size=10, leading=13, min_h=26, heading=text)
            elif nxt[1] == "apps":
                pdf.table(grid, [20, 44, 150] + [33.8] * 7, break_after=_row_index(grid, UNABLE[0][1]),
                          split_cells=("（四）无法提供",), heading=text)
            else:
                pdf.table(grid, [30] * 15, size=9, leading=11.5, min_h=22, heading=text)
            i += 2
            continue
        elif kind == "h1":
            pdf.text(text, size=15, leading=30, indent=0, keep=44)
        elif kind == "table":
            pdf.table(GRIDS[text](d), [30] * 15, size=9, leading=11.5, min_h=22)
        elif kind == "p":
            pdf.text(text)
        elif kind == "sign":
            pdf.text(text, align="right", indent=0)
        i += 1
    pdf.finish()
    return buf.getvalue()


def _row_index(grid: list[list[Cell]], label: str) -> int:
    return next(r for r, row in enumerate(grid) if any(cell.text == label for cell in row))


def corrupt_pdf() -> bytes:
    """An interrupted download: a PDF header, the start of a page object and then noise; no xref, no trailer."""
    rng = random.Random(404)
    head = (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (zh-CN) >>\nendobj\n"
            b"4 0 obj\n<< /Filter /FlateDecode /Length 8123 >>\nstream\n")
    return head + bytes(rng.randrange(256) for _ in range(2400))
