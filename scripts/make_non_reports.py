"""Write the fixtures of documents that are not reports (committed under tests/fixtures/non_reports/).

A VAT invoice PDF and a county site's news page: what a crawler fetches beside the reports. Output is
deterministic, so re-running the script leaves git clean.

Usage: python scripts/make_non_reports.py tests/fixtures
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling modules, also when loaded by path
from fixturegen.files import write_files
from fixturegen.non_reports import invoice_pdf, news_page_html


def write_fixtures(out_dir: Path) -> list[Path]:
    """Write non_reports/invoice.pdf and non_reports/news_page.html under `out_dir`."""
    return write_files(out_dir, {"non_reports/invoice.pdf": invoice_pdf(),
                                 "non_reports/news_page.html": news_page_html()})


if __name__ == "__main__":
    for written_path in write_fixtures(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures")):
        print(written_path)
