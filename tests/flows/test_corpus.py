"""Every document of the shared corpus and of examples/ comes out as its truth file says (cells, metadata, prose,
failed identities, missing tables), and the accuracy table is printed for the issue note."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.evaluate import Evaluation, evaluate, format_table, load_truth, truth_path_for
from flows.local_files import extract_path
from tests.support.paths import EXAMPLES, SHARED_CORPUS

DOC_SUFFIXES = (".pdf", ".txt", ".md", ".html", ".docx")


def corpus_documents() -> list[Path]:
    """The shared corpus (when present) and the bundled examples that have a truth file."""
    docs = [p for p in sorted(EXAMPLES.iterdir()) if p.suffix in DOC_SUFFIXES and truth_path_for(p, [])]
    if SHARED_CORPUS.is_dir():
        docs += [p for sub in ("seeds", "real") for p in sorted((SHARED_CORPUS / sub).iterdir())
                 if p.suffix in DOC_SUFFIXES and not p.name.endswith(".truth.json")]
    return docs


@pytest.fixture(scope="module")
def evaluations() -> dict[str, Evaluation]:
    out = {}
    for doc in corpus_documents():
        truth = truth_path_for(doc, [SHARED_CORPUS / "truth" / "seeds"])
        assert truth is not None, f"no truth file for {doc.name}"
        out[doc.name] = evaluate(extract_path(doc), load_truth(truth))
    print("\n" + format_table(list(out.values())))
    return out


@pytest.mark.corpus
@pytest.mark.parametrize("name", [p.name for p in corpus_documents()])
def test_cells_exact(evaluations: dict[str, Evaluation], name: str) -> None:
    ev = evaluations[name]
    assert not ev.wrong_cells, f"{name}: cells differ from the truth: {ev.wrong_cells}"


@pytest.mark.corpus
@pytest.mark.parametrize("name", [p.name for p in corpus_documents()])
def test_metadata_and_checks(evaluations: dict[str, Evaluation], name: str) -> None:
    ev = evaluations[name]
    assert not ev.metadata_mismatch, f"{name}: {ev.metadata_mismatch}"
    assert not ev.missing_failed_checks, f"{name}: identities broken in print but not stored as failed"
    assert not ev.uncertain_not_flagged, f"{name}: uncertain cells stated with confidence"
    assert not ev.tables_missing_not_stated, f"{name}: missing tables must be recorded as missing"


@pytest.mark.corpus
@pytest.mark.parametrize("name", [p.name for p in corpus_documents()])
def test_prose_counts(evaluations: dict[str, Evaluation], name: str) -> None:
    ev = evaluations[name]
    assert not ev.prose_missing, f"{name}: prose counts not found: {ev.prose_missing}"
