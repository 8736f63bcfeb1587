"""Cold start: a process imports only what its command needs, and a sandboxed child starts warm.

Each check runs in a fresh interpreter (a subprocess) and inspects its sys.modules, since this
test process has long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.paths import EXAMPLES, REPO

TEXT_REPORT = EXAMPLES / "qingtongxia_2019.txt"
# Nothing a text-layer extract needs: OCR, the flows engine, PDF, charts.
NOT_FOR_EXTRACT = ("prefect", "dask", "rapidocr", "rapidocr_onnxruntime", "onnxruntime", "pdfplumber",
                   "pypdfium2", "PIL", "cv2", "matplotlib", "plotly")


def _modules_after(code: str, *argv: str) -> set[str]:
    """The top-level modules a fresh interpreter has imported once `code` ran (with sys.argv = argv)."""
    probe = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: print('MODULES=' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})),"
        " file=sys.stderr))\n"
        f"sys.argv = ['ogi', *{list(argv)!r}]\n"
        + code
    )
    run = subprocess.run([sys.executable, "-c", probe], check=True, cwd=REPO, capture_output=True, text=True, timeout=120)
    line = next(x for x in run.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def test_help_imports_no_pipeline_or_engine() -> None:
    loaded = _modules_after("from flows.cli import app\ntry:\n    app()\nexcept SystemExit:\n    pass", "--help")
    assert not loaded & {*NOT_FOR_EXTRACT, "duckdb", "pyarrow", "jieba", "cn2an", "opencc", "pipeline"}


def test_extract_of_a_text_report_imports_no_ocr_flows_pdf_or_charts() -> None:
    loaded = _modules_after("from flows.cli import app\ntry:\n    app()\nexcept SystemExit:\n    pass",
                            "extract", str(TEXT_REPORT), "--json")
    assert "pipeline" in loaded  # it did extract
    assert not loaded & {*NOT_FOR_EXTRACT, "duckdb", "pyarrow"}  # the warehouse is for ingest, not extract


def test_pipeline_imports_jieba_and_cn2an_only_when_used() -> None:
    loaded = _modules_after("import pipeline.run")
    assert not loaded & {"jieba", "cn2an", "duckdb", "pyarrow", *NOT_FOR_EXTRACT}
    without_numerals = _modules_after(
        "from pipeline.run import extract_record\n"
        "extract_record('2020年宣威市政府信息公开工作年度报告\\n全年主动公开政府信息1800余条。'.encode(), 'a.txt')")
    assert "jieba" in without_numerals  # prose needed it
    assert not without_numerals & {"cn2an", "duckdb", "pyarrow"}


def test_sandboxed_child_inherits_the_warm_parent(tmp_path: Path) -> None:
    """The child finds jieba's tokenizer built and cn2an imported: nothing is loaded again per file."""
    out = tmp_path / "child.json"
    code = f"""
import json, sys
from pathlib import Path
from flows.local_files import extract_path
from flows.sandbox import guarded_extract
from pipeline import prose_phrases

def probe(path):
    state = {{"jieba_built": prose_phrases._jieba.cache_info().currsize == 1, "cn2an": "cn2an" in sys.modules}}
    Path({str(out)!r}).write_text(json.dumps(state))
    return extract_path(path)

guarded_extract({str(TEXT_REPORT)!r}, extract=probe)
"""
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=120)
    assert json.loads(out.read_text()) == {"jieba_built": True, "cn2an": True}
