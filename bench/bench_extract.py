"""Per-format extraction time and peak memory on the example corpus and ../shared/corpus.

Targets: a text-layer PDF's whole extraction in at most 0.3x the time pdfplumber alone takes to open
it and extract its text and tables (issue 16; 1.5x in issue 3), measured against the floor too:
pypdfium2 reading the text of every page; an HTML or DOCX report in <= 100 ms.

    python bench/bench_extract.py [PATH ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors.errors import ExtractionError
from pipeline.run import extract_record

SUFFIXES = {".pdf", ".html", ".htm", ".docx", ".txt", ".md"}


def documents(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and ".truth" not in f.name
                          and f.stem.lower() != "readme")
        elif p.exists():
            out.append(p)
    return out


def pdfplumber_baseline(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def pdfium_floor(data: bytes) -> None:
    """The least any reader of the text layer does: pdfium's text of every page."""
    pdf = pdfium.PdfDocument(data)
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
    finally:
        pdf.close()


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[REPO / "examples", REPO.parent / "shared" / "corpus"])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = documents(args.paths)
    # warm-up: jieba dictionary, OpenCC, the region code tables are loaded once per process
    extract_record("二、主动公开政府信息情况".encode(), "warmup.txt")
    print(f"{'document':40s} {'format':8s} {'ms':>8s} {'pdfplumber ms':>14s} {'ratio':>6s} {'pdfium ms':>10s} "
          f"{'ratio':>6s}")
    by_format: dict[str, list[float]] = {}
    pdf_ratios: list[tuple[float, float]] = []
    for doc in docs:
        data = doc.read_bytes()
        try:
            rec = extract_record(data, str(doc))
        except ExtractionError as exc:
            print(f"{doc.name:40s} error: {exc.reason}")
            continue
        ms = timed(lambda d=data, s=str(doc): extract_record(d, s), args.repeat) * 1000
        by_format.setdefault(rec.format, []).append(ms)
        cols = ""
        if rec.format == "pdf" and not rec.needs_ocr:  # a scan's time is OCR's, not reading's
            b = timed(lambda d=data: pdfplumber_baseline(d), args.repeat) * 1000
            f = timed(lambda d=data: pdfium_floor(d), args.repeat) * 1000
            pdf_ratios.append((ms / b, ms / f))
            cols = f"{b:14.0f} {ms / b:6.2f} {f:10.1f} {ms / f:6.1f}"
        print(f"{doc.name[:40]:40s} {rec.format:8s} {ms:8.1f} {cols}")
    print()
    if pdf_ratios:
        print(f"text-layer pdf: median {statistics.median(r for r, _ in pdf_ratios):.2f}x pdfplumber alone (target "
              f"<= 0.3), {statistics.median(f for _, f in pdf_ratios):.1f}x the pypdfium2 text floor")
    for fmt, values in sorted(by_format.items()):
        print(f"{fmt:8s} n={len(values):3d} median {statistics.median(values):7.1f} ms  max {max(values):7.1f} ms")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
