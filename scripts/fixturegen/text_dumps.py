"""Reports as converter output: a Word → text dump and a PDF → markdown dump with pipe tables."""

from __future__ import annotations

from .doc import Doc
from .grids import GRIDS, Cell, layout
from .prose import Block

# --------------------------------------------------------------------------------------------
# Word → text dump (seed-002 style): one cell per tab-indented line, rows separated by blank lines
# --------------------------------------------------------------------------------------------


def text_table(grid: list[list[Cell]]) -> list[str]:
    placed, nrows, ncols = layout(grid)
    anchor = {(r, c): cell for r, c, cell in placed}
    cover: dict[tuple[int, int], tuple[int, int]] = {}
    for r, c, cell in placed:
        for dr in range(cell.rs):
            for dc in range(cell.cs):
                cover[(r + dr, c + dc)] = (r, c)
    lines = []
    for r in range(nrows):
        for c in range(ncols):
            if (r, c) in anchor:
                lines.append("\t" + anchor[(r, c)].text)  # a '\n' in a cell continues without a tab
            elif (r, c) in cover and cover[(r, c)][1] == c:
                lines.append("\t")  # a vertically merged cell repeats as an empty cell
        lines.append("")
    return lines


def render_qingtongxia_txt(d: Doc, blocks: list[Block]) -> bytes:
    lines: list[str] = []
    for kind, text in blocks:
        if kind == "title":
            lines += [" " + " ".join(d.name), f"{d.year}年政府信息公开工作年度报告", ""]
        elif kind == "table":
            lines += text_table(GRIDS[text](d)) + ["", ""]
        else:
            lines.append(text)
    return ("\n".join(lines) + "\n \n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Markdown dump with pipe tables (PDF → markdown converter style)
# --------------------------------------------------------------------------------------------


def md_rows(grid: list[list[Cell]]) -> list[list[str]]:
    placed, nrows, ncols = layout(grid)
    m = [[""] * ncols for _ in range(nrows)]
    for r, c, cell in placed:
        m[r][c] = cell.text.replace("\n", "")
    return m


def pipe(row: list[str]) -> str:
    return "| " + " | ".join(row) + " |"


def md_table(rows: list[list[str]]) -> list[str]:
    return [pipe(rows[0]), "|" + "---|" * len(rows[0])] + [pipe(r) for r in rows[1:]]


def render_hongze_md(d: Doc, blocks: list[Block]) -> bytes:
    out: list[str] = []
    page = 1
    for kind, text in blocks:
        if kind == "title":
            out += [f"# {text}", ""]
        elif kind == "h1":
            out += [f"## {text}", ""]
        elif kind in ("p", "sign"):
            out += [text, ""]
        elif kind == "table":
            rows = md_rows(GRIDS[text](d))
            if text == "apps":
                # the converter cut the table at the page break and repeated the 3 header rows
                cut = 3 + 2 + 2 + 5  # header, 一/二, （一）（二）, first five 不予公开 rows
                page += 1
                out += md_table(rows[:cut]) + ["", f"<!-- page {page} -->", ""]
                out += md_table(rows[:3] + rows[cut:]) + [""]
            else:
                out += md_table(rows) + [""]
    return ("\n".join(out)).encode("utf-8")
