"""Text of HTML markup and data tables as rectangular grids.

Whitespace is collapsed the way a browser shows it, except that a source line break next to a
CJK character is no space; cell text keeps its <p>/<div>/<br> lines. Data tables (tables without
nested tables) become grids with row/col spans expanded.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from bs4.element import PreformattedString

from extractors.document import Cell

DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "head",
        "title",
        "meta",
        "link",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "center",
        "form",
        "fieldset",
        "address",
        "figure",
        "figcaption",
        "hr",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "body",
        "html",
        "header",
        "footer",
        "nav",
        "aside",
        "menu",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
MAX_GRID = 50_000  # grid positions; real report tables have < 1,000, hostile spans are not expanded


def descendant_tags(root: Tag, names: frozenset[str] | set[str] | None = None) -> list[Tag]:
    """Descendant tags in document order (bs4's `find_all` filter machinery is ~10x slower)."""
    return [d for d in root.descendants if isinstance(d, Tag) and (names is None or d.name in names)]


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n\s*|[ \t\r\f]*\n\s*(?=[{_CJK}])")
_SPACE = re.compile(r"\s+")
_LINE = "\x00"  # structural line break inside cell text (NULs are removed before parsing)


def clean(text: str) -> str:
    """Collapse HTML whitespace; a source line break next to a CJK character is no space.

    Word-exported pages wrap lines anywhere ("受理申请23\n件"); a space there would split
    words and numbers from their units.
    """
    return _SPACE.sub(" ", _CJK_BREAK.sub("", text)).strip()


def cell_text(el: Tag) -> str:
    """Text of a table cell with <p>/<div>/<br> boundaries kept as newlines."""
    parts: list[str] = []
    stack: list[object] = [el]
    while stack:  # iterative: cell markup from Word exports nests deeply
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            parts.append(node)
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):
                parts.append(str(node))
        elif isinstance(node, Tag) and node.name not in DROP_TAGS:
            if node.name == "br":
                parts.append(_LINE)
                continue
            block = node is not el and node.name in BLOCK_TAGS
            if block:
                stack.append(_LINE)
            stack.extend(reversed(list(node.children)))
            if block:
                parts.append(_LINE)
    lines = (clean(line) for line in "".join(parts).split(_LINE))
    return "\n".join(line for line in lines if line)


def _span(value: object, limit: int) -> int:
    m = re.match(r"\s*(\d+)", str(value or ""))
    return min(int(m.group(1)), limit) if m else 1


def build_grid(table: Tag) -> tuple[list[list[Cell]], list[str]]:
    """Rectangular grid of a table without nested tables; merged cells fill every covered position.

    Follows the HTML table model: a cell goes to the first column not already taken by a rowspan
    from above; rowspan=0 runs to the last row; spans past the table's end are clipped.
    """
    trs = descendant_tags(table, {"tr"})
    taken: dict[tuple[int, int], Cell] = {}
    warnings: list[str] = []
    for r, tr in enumerate(trs):
        c = 0
        for td in [c for c in tr.children if isinstance(c, Tag) and c.name in ("td", "th")]:
            while (r, c) in taken:
                c += 1
            rs, cs = _span(td.get("rowspan"), 65534), _span(td.get("colspan"), 1000)
            rs = len(trs) - r if rs == 0 else min(max(rs, 1), len(trs) - r)
            cs = max(cs, 1)
            if rs * cs > 1 and (len(taken) + rs * cs > MAX_GRID or (c + cs) * len(trs) > MAX_GRID):
                if not warnings:
                    warnings.append(f"row {r}: spans {rs}x{cs} and later ones not expanded (table too large)")
                rs = cs = 1
            text = cell_text(td)
            taken[(r, c)] = Cell(text, r, c, rs, cs)
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        taken.setdefault((r + dr, c + dc), Cell(text, r + dr, c + dc, rs, cs, spanned=True))
            c += cs
    width = 1 + max((c for _, c in taken), default=-1)
    used_rows = sorted({r for r, _ in taken})
    if width * len(used_rows) > MAX_GRID:
        return [], [*warnings, f"{len(used_rows)}x{width} grid is too large for a data table; read as text"]
    rows = []
    for new_r, r in enumerate(used_rows):
        row = []
        for c in range(width):
            cell = taken.get((r, c)) or Cell("", r, c)
            cell.row = new_r
            row.append(cell)
        rows.append(row)
    return rows, warnings
