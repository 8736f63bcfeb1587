#!/usr/bin/env python
"""Write the example corpus in `examples/`: fictional reports for real counties, each with a truth file.

    python scripts/make_examples.py [OUT_DIR]        (default: examples/ beside this script's repo)

Every number comes from a seeded RNG and the standard-table identities A1/A2/A3/R1 hold, except in
the one deliberately broken document (a 行政复议 row whose 总计 is not the sum of its parts). The
documents imitate the quirks of real published reports (GBK web pages with rowspan/colspan tables,
Word files with merged cells, ruled PDFs whose table 三 breaks across a page, Word→text dumps,
pages converted to traditional characters character by character, markdown dumps with split pipe
tables, a truncated PDF). The output is deterministic: re-running writes byte-identical files
(fixed seeds; reportlab `invariant=1`; DOCX core properties and zip timestamps fixed).

Nothing here is copied from the shared corpus: the prose is written for these examples and the
numbers are made up. County names and GB/T 2260 codes are real; the reports are not. The content
model, the prose and one renderer per format live in the `fixturegen` package beside this script.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling modules, also when loaded by path
from fixturegen.corpus import README, build_docs
from fixturegen.pdf_file import corrupt_pdf
from fixturegen.prose import report_blocks
from pre2019_example import write as write_pre2019  # a sibling script

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "examples"


def write_all(out: Path) -> list[Path]:
    """Write every document with its truth file, the pre-2019 page, the corrupt PDF and the README."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for d, render in build_docs():
        prose_rng = random.Random(d.seed * 7 + 1)
        blocks = report_blocks(d, prose_rng, long=not d.file.startswith("zhaotong"),
                               extra=d.file.endswith(".pdf"))
        data = render(d, blocks)
        (out / d.file).write_bytes(data)
        truth = out / (Path(d.file).stem + ".truth.json")
        truth.write_text(json.dumps(d.truth(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += [out / d.file, truth]
    page = write_pre2019(out)
    written += [page, out / page.name.replace(".html", ".truth.json")]
    (out / "corrupt_truncated.pdf").write_bytes(corrupt_pdf())
    written.append(out / "corrupt_truncated.pdf")
    (out / "README.md").write_text(README, encoding="utf-8")
    written.append(out / "README.md")
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    for p in write_all(out):
        print(f"{p.stat().st_size:>8}  {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
