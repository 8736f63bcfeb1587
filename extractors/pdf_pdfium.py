"""A PDF page read with pypdfium2 into the objects pdfplumber's table finder and text map take.

pdfplumber's own reading runs pdfminer's layout pass over every page, several times slower than
the page itself; pdfium reads the same characters and paths in C. This module gives each page the
`chars`, `edges` and `bbox` pdfplumber computes, so its (pure Python) table finder and text
lines run unchanged on them — with pdfminer's geometry, not pdfium's own:
- a character's box is pdfminer's: from its origin one advance wide (the font's width for it, not
  pdfium's loose box, which also covers the glyph's ink), from the baseline down by the font's
  descent, one font size high; a vertical-writing character (its advance is negative) sits on its
  origin, one font size wide and high;
- paths become pdfminer's lines, rectangles and curves (sub-paths split, a redundant closing line
  dropped), then pdfplumber's edges.
Pages pdfminer would read differently (rotated pages, rotated or skewed text) are refused with
`Unsupported`, and the caller has pdfplumber read that page.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges
from pypdfium2 import raw

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_FORM_DEPTH = 8  # forms nest a level or two; deeper means a hostile file


class Unsupported(Exception):
    """The page holds something this reader does not place as pdfminer does."""


@dataclass
class PdfiumPage:
    """The parts of a pdfplumber page that its table finder and text map read."""

    page_number: int
    bbox: tuple[float, float, float, float]
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)


def read_page(pdf: pdfium.PdfDocument, index: int) -> PdfiumPage:
    """Page `index` (0-based) as characters and edges in pdfplumber's coordinates."""
    page = pdf[index]
    try:
        if page.get_rotation() % 360:
            raise Unsupported("rotated page")
        box = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        if not raw.FPDFPage_GetMediaBox(page, *box):
            raise Unsupported("no media box")
        x0, y0, x1, y1 = (min(box[0].value, box[2].value), min(box[1].value, box[3].value),
                          max(box[0].value, box[2].value), max(box[1].value, box[3].value))
        if x0 or y0:
            raise Unsupported("media box away from the origin")
        objects = _Objects()
        _collect(page, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, _IDENTITY, objects, 0)
        return PdfiumPage(index + 1, (0.0, 0.0, x1 - x0, y1 - y0), _chars(page, y1, objects.texts),
                          _edges(objects.subpaths, y1))
    finally:
        page.close()


def _chars(page: pdfium.PdfPage, height: float, texts: int) -> list[dict[str, Any]]:
    """The page's characters; Unsupported when pdfium's text page left out a text object.

    pdfium drops text objects it takes for a repeat (fake bold) or whose box it finds empty (single
    characters in a font the PDF does not embed): pdfminer keeps them, so the page goes to it."""
    textpage = page.get_textpage()
    try:
        chars = []
        seen: set[int] = set()
        metrics: dict[tuple[int, int, float], tuple[float, float]] = {}  # (font, code, size) -> advance, descent
        matrix = raw.FS_MATRIX()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        for k in range(textpage.count_chars()):
            if raw.FPDFText_IsGenerated(textpage, k):
                continue  # pdfium's inferred spaces and line breaks: pdfminer has none
            raw.FPDFText_GetMatrix(textpage, k, matrix)
            if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
                raise Unsupported("rotated, skewed or mirrored text")
            raw.FPDFText_GetCharOrigin(textpage, k, ox, oy)
            code = raw.FPDFText_GetUnicode(textpage, k)
            text_object = raw.FPDFText_GetTextObject(textpage, k)
            address = ctypes.cast(text_object, ctypes.c_void_p).value or 0
            seen.add(address)
            font_size = raw.FPDFText_GetFontSize(textpage, k)
            font = raw.FPDFTextObj_GetFont(text_object)
            key = (ctypes.cast(font, ctypes.c_void_p).value or 0, code, font_size)
            if key not in metrics:
                metrics[key] = _font_metrics(font, code, font_size)
            advance, descent = metrics[key]
            size = font_size * matrix.d
            if advance < 0:  # a vertical-writing font's advance runs down the page
                left, bottom, right = ox.value, height - oy.value, ox.value + size
            else:
                left, right = ox.value, ox.value + advance * matrix.a
                bottom = height - (oy.value + descent * matrix.d)
            chars.append({"text": chr(code), "x0": left, "x1": right,
                          "top": bottom - size, "bottom": bottom, "doctop": bottom - size,
                          "width": right - left, "height": size, "size": size, "upright": True})
        if len(seen) < texts:
            raise Unsupported("pdfium's text page left out a text object")
        return chars
    finally:
        textpage.close()


def _font_metrics(font: Any, code: int, font_size: float) -> tuple[float, float]:
    """The advance of character `code` (the font's width for it) and the font's descent, in text space."""
    advance, descent = ctypes.c_float(), ctypes.c_float()
    raw.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(font_size), advance)
    raw.FPDFFont_GetDescent(font, ctypes.c_float(font_size), descent)
    return advance.value, descent.value


def _edges(subpaths: list[tuple[str, list[Point]]], height: float) -> list[dict[str, Any]]:
    """pdfplumber's page.edges: line edges, then rectangle edges, then curve edges."""
    lines: list[dict[str, Any]] = []
    rects: list[dict[str, Any]] = []
    curves: list[dict[str, Any]] = []
    for subpath in subpaths:
        _classify(subpath, height, lines, rects, curves)
    edges = [line_to_edge(x) for x in lines]
    for r in rects:
        edges += rect_to_edges(r)
    for c in curves:
        edges += curve_to_edges(c)
    return edges


@dataclass
class _Objects:
    """What a walk over the page's objects (forms included) finds."""

    subpaths: list[tuple[str, list[Point]]] = field(default_factory=list)  # (pdfminer shape, page points)
    texts: int = 0  # how many text objects


def _collect(owner: Any, count: Any, get: Any, outer: Matrix, out: _Objects, depth: int) -> None:
    if depth > _MAX_FORM_DEPTH:
        raise Unsupported("forms nested too deep")
    m = raw.FS_MATRIX()
    for i in range(count(owner)):
        obj = get(owner, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            out.texts += 1
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        raw.FPDFPageObj_GetMatrix(obj, m)
        matrix = _multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            _collect(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, matrix, out, depth + 1)
        else:
            out.subpaths += _path_subpaths(obj, matrix)


def _path_subpaths(path: Any, matrix: Matrix) -> list[tuple[str, list[Point]]]:
    """One path object's segments as pdfminer's sub-paths: 'm', 'l', 'c' (end point) and 'h'."""
    out: list[tuple[str, list[Point]]] = []
    shape, pts = "", []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(path)):
        seg = raw.FPDFPath_GetPathSegment(path, i)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        point = _apply(matrix, x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if shape:
                out.append((shape, pts))
            shape, pts, bezier = "m", [point], 0
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # pdfium gives a curve's two control points and end point apart
                shape, pts = shape + "c", pts + [point]
        else:
            shape, pts = shape + "l", pts + [point]
        if raw.FPDFPathSegment_GetClose(seg) and pts:
            shape, pts = shape + "h", pts + [pts[0]]
    if shape:
        out.append((shape, pts))
    return out


def _classify(subpath: tuple[str, list[Point]], height: float, lines: list[dict[str, Any]],
              rects: list[dict[str, Any]], curves: list[dict[str, Any]]) -> None:
    """pdfminer's paint_path for one sub-path: a line, a rectangle or a curve."""
    shape, pts = subpath
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]
    if shape in ("mlh", "ml"):
        lines.append(_box("line", pts[:2], height))
    elif shape in ("mlllh", "mllll") and pts[0] == pts[4] and _square(pts):
        rects.append(_box("rect", [pts[0], pts[2]], height))
    else:
        curve = _box("curve", pts, height)
        curve["pts"] = [(px, height - py) for px, py in pts]
        curves.append(curve)


def _square(pts: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)


def _box(kind: str, pts: list[Point], height: float) -> dict[str, Any]:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {"object_type": kind, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": height - y1,
            "bottom": height - y0, "doctop": height - y1, "width": x1 - x0, "height": y1 - y0}


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n, as PDF matrices compose."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
