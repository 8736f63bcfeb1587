"""OCR benchmark: cell accuracy per resolution × degradation, seconds per page on one core, peak memory.

    python bench/bench_ocr.py [--quick] [--out /tmp/ogi_ocr_bench]

Documents: the rendered fixtures of `scripts/make_scans.py` (examples in both templates; qingtongxia
2019 also with 表三's zeros printed as empty cells, so whole rows and applicant columns are empty) and,
when `../shared/corpus/real/` is there, 淮安 2024 and 洪泽 2023 rendered without their text layer.
Each at 150 and 200 dpi, clean and degraded (rotation ±2°, perspective, blur, noise, JPEG q40).
Every document is read as one multi-page TIFF through the whole pipeline; a cell is exact when
`flows.evaluate` says so, and "unflagged wrong" counts cells that differ from the truth with no
flag and no failed check (must be 0). Timing runs RapidOCR with one thread (onnxruntime intra-op
threads = 1, OMP_NUM_THREADS=1) and reports the OCR seconds per page (wall and CPU).

Measured 2026-11-25, full run (6 documents: shuyang 2023, qingtongxia 2019, hongze 2022, xuanwei
2021, 淮安 2024, 洪泽 2023; 2 cores shared with other jobs):
  200 dpi clean 1184/1184 (100%), degraded 1184/1184; 150 dpi clean 1184/1184, degraded
  1184/1184; unflagged wrong 0; flagged cells 5 / 10 / 8 / 15 (right but unconfirmed, most of them
  洪泽 2023's cells in its printed R1 violation).
  OCR (detection + recognition) per page, one thread: CPU median 1.99 s at 200 dpi (max 3.06),
  1.96 s at 150 dpi (max 3.02) over 38 pages each; whole pipeline per page incl. TIFF decoding,
  grid, second looks at empty cells and checks: mean 2.58 s (200 dpi) / 2.28 s (150 dpi).
  Before (detection at full size, recognition padded to 320 px, batches of 16): 6.9 s per page.
  Peak RSS of the benchmark process 1420 MB (it holds every rendered page of a document).
Quick run 2026-12-07 (shuyang 2023, qingtongxia 2019, qingtongxia 2019 with 表三's zeros empty, 淮安
2024): 796/796 cells in each of the four variants, unflagged wrong 0, flagged 0 / 2 / 1 / 5; the
first three documents as before. The zeros-empty document read 56–59 of 198 cells before empty rows
and columns were kept.
Quick run 2026-12-07 06:00 UTC (taskset -c 0, the machine shared): the same accuracy table; OCR CPU
median 1.99 s per page at 200 dpi, 2.06 s at 150 dpi (24 pages each); whole pipeline mean 2.62 s /
2.33 s. Of a page's OCR, detection is 0.45–0.65 s and recognition 1.3–1.8 s, nearly all inside
onnxruntime; the grid and the second looks take under 0.1 s. The benchmark's multi-page TIFF adds
the reader's PNG re-encoding of each frame (`extractors.image`) to the whole-pipeline time: 0.1 s a
clean page, 0.65 s a degraded one (noise compresses slowly; 0.2 s at PNG compress_level 1).
"""

from __future__ import annotations

import os

os.environ.setdefault("OGI_OCR_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from make_scans import degrade, render_document, truth_facts

from extractors.ocr import engine as ocr_engine
from pipeline.run import extract_record
from tests.support.ocr_eval import render_pdf_pages, score, tiff_of

REAL = REPO.parent / "shared" / "corpus" / "real"
FIXTURE_DOCS = ("shuyang_2023", "qingtongxia_2019", "hongze_2022", "xuanwei_2021")
BLANK_DOCS = ("qingtongxia_2019_blank",)  # 表三's zeros printed as empty cells: empty rows and columns
REAL_DOCS = ("huaian_2024", "hongze_2023")


def pages_for(doc: str, dpi: int, degraded: bool) -> tuple[list, dict]:
    if doc in REAL_DOCS:
        pages = render_pdf_pages(str(REAL / f"{doc}.pdf"), None, dpi)
        truth = json.loads((REAL / f"{doc}.truth.json").read_text(encoding="utf-8"))
    elif doc in BLANK_DOCS:
        base = doc.removesuffix("_blank")
        pages, truth = render_document(base, dpi, zeros_blank=True), {"facts": truth_facts(base, zeros_blank=True)}
    else:
        pages = render_document(doc, dpi)
        truth = json.loads((REPO / "examples" / f"{doc}.truth.json").read_text(encoding="utf-8"))
    if degraded:
        pages = [degrade(p, seed=i, rotate=2.0 if i % 2 else -2.0) for i, p in enumerate(pages)]
    return pages, truth


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="two fixture documents, the blank one and 淮安 only")
    args = ap.parse_args()
    docs = list(FIXTURE_DOCS[:2] if args.quick else FIXTURE_DOCS) + list(BLANK_DOCS)
    if REAL.is_dir():
        docs += list(REAL_DOCS[:1] if args.quick else REAL_DOCS)
    ocr_seconds: dict[int, list[tuple[float, float]]] = {200: [], 150: []}
    current_dpi = [200]
    orig = ocr_engine.ocr_array

    def timed(arr):
        t, c = time.perf_counter(), time.process_time()
        out = orig(arr)
        ocr_seconds[current_dpi[0]].append((time.perf_counter() - t, time.process_time() - c))
        return out

    ocr_engine.ocr_array = timed
    doc_seconds: dict[int, list[float]] = {}
    ocr_engine.engine()  # load the models before timing
    print(f"{'document':18} {'dpi':>4} {'variant':9} {'cells':>6} {'exact':>6} {'acc %':>7} "
          f"{'flagged':>7} {'corr.':>5} {'unflagged wrong':>15} {'CPU s/page':>10}")
    totals: dict[tuple[int, str], list[int]] = {}
    for dpi in (200, 150):
        current_dpi[0] = dpi
        for degraded in (False, True):
            for doc in docs:
                pages, truth = pages_for(doc, dpi, degraded)
                ocr_engine.clear_cache()
                c0 = time.process_time()
                rec = extract_record(tiff_of(pages), f"{doc}_{dpi}.tif")
                per_page = (time.process_time() - c0) / len(pages)
                doc_seconds.setdefault(dpi, []).append(per_page)
                s = score(rec, truth)
                variant = "degraded" if degraded else "clean"
                t = totals.setdefault((dpi, variant), [0, 0, 0, 0, 0])
                for i, v in enumerate((s.cells_total, s.cells_ok, s.flagged, s.corrected, len(s.unflagged_wrong))):
                    t[i] += v
                print(f"{doc:18} {dpi:>4} {variant:9} {s.cells_total:>6} {s.cells_ok:>6} {100 * s.accuracy:>7.2f} "
                      f"{s.flagged:>7} {s.corrected:>5} {len(s.unflagged_wrong):>15} {per_page:>10.2f}"
                      + (f"  wrong: {s.wrong[:4]}" if s.wrong else ""), flush=True)
    print("\nsummary (all documents)")
    for (dpi, variant), (n, ok, fl, co, uw) in totals.items():
        print(f"  {dpi} dpi {variant:9} {ok}/{n} = {100 * ok / max(n, 1):.2f}%  flagged {fl}  corrected {co}  "
              f"unflagged wrong {uw}")
    print("\nOCR per page, one thread (detection + recognition; the grid's re-reads of empty cells are "
          "in the document time, not here)")
    for dpi, times in ocr_seconds.items():
        wall = sorted(w for w, _ in times)
        cpu = sorted(c for _, c in times)
        print(f"  {dpi} dpi: CPU median {cpu[len(cpu) // 2]:.2f} s (max {cpu[-1]:.2f}), wall median "
              f"{wall[len(wall) // 2]:.2f} s (max {wall[-1]:.2f}) over {len(wall)} pages")
    for dpi, per_doc in doc_seconds.items():
        print(f"  {dpi} dpi, whole pipeline incl. re-reads of empty cells: CPU {max(per_doc):.2f} s per page "
              f"at most (mean over documents {sum(per_doc) / len(per_doc):.2f} s)")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
