"""Accuracy of OCR'd documents against truth files (used by tests/pipeline/test_ocr.py and bench/bench_ocr.py).

`score` adds to `flows.evaluate` the bar of the OCR issue: every cell that differs from
the truth must be flagged or an operand of a failed check (a wrong number never passes silently).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from flows.evaluate import evaluate
from pipeline.record import DocumentRecord


@dataclass
class OcrScore:
    cells_total: int
    cells_ok: int
    wrong: list[tuple[str, object, object]]
    unflagged_wrong: list[str] = field(default_factory=list)
    flagged: int = 0
    corrected: int = 0

    @property
    def accuracy(self) -> float:
        return self.cells_ok / self.cells_total if self.cells_total else 1.0


def _failed_operands(rec: DocumentRecord) -> set[str]:
    out: set[str] = set()

    def walk(o: object) -> None:
        if isinstance(o, str):
            out.add(o)
        elif isinstance(o, dict):
            for k, v in o.items():
                walk(k)
                walk(v)
        elif isinstance(o, (list, tuple, set)):
            for v in o:
                walk(v)

    for c in rec.checks:
        if c.status == "fail":
            walk(c.operands)
    return out


def score(rec: DocumentRecord, truth: dict) -> OcrScore:
    ev = evaluate(rec, truth)
    facts = rec.fact_map()
    failed = _failed_operands(rec)
    unflagged = [k for k, _, _ in ev.wrong_cells if k in facts and not facts[k].flags and k not in failed]
    unflagged += [k for k, _, got in ev.wrong_cells if k not in facts]  # a lost cell is a hole, reported too
    return OcrScore(ev.cells_total, ev.cells_ok, ev.wrong_cells, unflagged,
                    sum(1 for f in rec.facts if "ocr_uncertain" in f.flags),
                    sum(1 for f in rec.facts if "ocr_corrected" in f.flags))


def tiff_of(images: list) -> bytes:
    """One multi-page TIFF (lossless) of PIL images: a scanned document in one file."""
    imgs = [im.convert("L") for im in images]
    buf = io.BytesIO()
    imgs[0].save(buf, "TIFF", save_all=True, append_images=imgs[1:], compression="tiff_deflate")
    return buf.getvalue()


def render_pdf_pages(path: str, pages: list[int] | None, dpi: int) -> list:
    """PDF pages (1-based) rendered to images: the text layer is gone."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        idx = pages or list(range(1, len(pdf) + 1))
        return [pdf[i - 1].render(scale=dpi / 72).to_pil().convert("L") for i in idx]
    finally:
        pdf.close()
