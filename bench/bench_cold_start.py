"""Cold start of the `ogi` command: whole-process wall and CPU time of a short command, median of N runs.

A one-file `ogi extract` is mostly start-up: imports, OpenCC, the region tables and jieba's
dictionary. Each command runs in a fresh interpreter (`python -m flows.cli`, what the `ogi` entry
point runs) from this checkout, the runs of the commands interleaved so that a busy machine slows
them all alike; CPU time (user + system of the child) is the steadier figure on a shared machine.
Python writes its bytecode files as on an installed copy (PYTHONDONTWRITEBYTECODE is dropped), and
one untimed run of each command comes first.

Text-layer PDFs are set against two floors, each a whole process too (issue: backfill speed):
  - pdfplumber alone: a script that opens the PDF with pdfplumber and extracts each page's text and
    tables (target: `ogi extract` ≤ 1.0× this);
  - pypdfium2 alone: a script that reads each page's text with pypdfium2, the least a text-layer PDF
    can be read with (target ≤ 3× for a report without tables: the first two pages of 淮安 2024, prose
    only, copied into a temporary PDF).

    python bench/bench_cold_start.py [--runs N] [--text FILE] [--html FILE] [--docx FILE] [--pdf FILE]

Run the copy of this script inside another checkout to measure that checkout (before/after).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"

PDFPLUMBER_ALONE = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text(); page.extract_tables()
"""
PDFIUM_ALONE = """
import sys, pypdfium2
pdf = pypdfium2.PdfDocument(sys.argv[1])
for page in pdf:
    page.get_textpage().get_text_range()
"""


def commands(text: Path, html: Path, docx: Path, pdf: Path, prose_pdf: Path) -> dict[str, list[str]]:
    """The measured commands (arguments to `python`), by label."""
    ogi = ["-m", "flows.cli"]
    return {
        "ogi --help": [*ogi, "--help"],
        f"ogi extract {text.name} --json": [*ogi, "extract", str(text), "--json"],
        f"ogi extract {html.name} --json": [*ogi, "extract", str(html), "--json"],
        f"ogi extract {docx.name} --json": [*ogi, "extract", str(docx), "--json"],
        f"ogi extract {pdf.name} --json": [*ogi, "extract", str(pdf), "--json"],
        f"  pdfplumber alone {pdf.name}": ["-c", PDFPLUMBER_ALONE, str(pdf)],
        f"  pypdfium2 alone {pdf.name}": ["-c", PDFIUM_ALONE, str(pdf)],
        "ogi extract <prose-only PDF> --json": [*ogi, "extract", str(prose_pdf), "--json"],
        "  pdfplumber alone <prose-only PDF>": ["-c", PDFPLUMBER_ALONE, str(prose_pdf)],
        "  pypdfium2 alone <prose-only PDF>": ["-c", PDFIUM_ALONE, str(prose_pdf)],
    }


def run_once(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one `python ARGS` process from start to exit (output discarded)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=REPO, check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def prose_only_pdf(source: Path, pages: int, folder: Path) -> Path:
    """The first `pages` pages of `source` (prose, no table) as a PDF of their own."""
    import pypdfium2

    src = pypdfium2.PdfDocument(str(source))
    out = pypdfium2.PdfDocument.new()
    out.import_pages(src, list(range(pages)))
    path = folder / f"{source.stem}_p1-{pages}.pdf"
    out.save(str(path))
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--text", type=Path, default=SHARED / "real" / "pingtan_2020.txt")
    ap.add_argument("--html", type=Path, default=REPO / "examples" / "xuanwei_2021.html")
    ap.add_argument("--docx", type=Path, default=REPO / "examples" / "shiping_2022.docx")
    ap.add_argument("--pdf", type=Path, default=SHARED / "real" / "huaian_2024.pdf")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        prose_pdf = prose_only_pdf(args.pdf, 2, Path(tmp))
        cmds = commands(args.text.resolve(), args.html.resolve(), args.docx.resolve(), args.pdf.resolve(), prose_pdf)
        for argv in cmds.values():  # once untimed: .pyc files and the prepared caches exist
            run_once(argv)
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in cmds}
        for _ in range(args.runs):
            for label, argv in cmds.items():
                times[label].append(run_once(argv))
    print(f"{REPO}  ({args.runs} runs each, interleaved; seconds)")
    print(f"{'command':44s} {'wall med':>8s} {'min':>6s} {'max':>6s} {'CPU med':>8s} {'min':>6s} {'max':>6s}")
    for label, values in times.items():
        wall, cpu = [v[0] for v in values], [v[1] for v in values]
        print(f"{label[:44]:44s} {statistics.median(wall):8.3f} {min(wall):6.3f} {max(wall):6.3f} "
              f"{statistics.median(cpu):8.3f} {min(cpu):6.3f} {max(cpu):6.3f}")


if __name__ == "__main__":
    main()
