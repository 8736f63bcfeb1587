"""A stand-in for the extraction pipeline in CLI tests: files hold a seed number, 'bad' files fail.

It lets the tests of `ogi ingest` check what the command does with results (loading, summaries, exit
status) in milliseconds, without reading real reports; the real pipeline has its own tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import ExtractionError
from flows import local_files
from pipeline.record import DocumentRecord
from tests.support.synthetic import synthetic_record


def fake_extract(path: Path) -> DocumentRecord:
    """A synthetic record seeded by the file's text; a file starting with 'bad' fails to be read."""
    text = path.read_text("utf-8")
    if text.startswith("bad"):
        raise ExtractionError(str(path), "detect format", "garbage")
    return synthetic_record(int(text), n_facts=12, source=str(path))


def use_fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ogi ingest` reads files with `fake_extract` for the rest of the test."""
    monkeypatch.setattr(local_files, "default_extractor", lambda: fake_extract)
