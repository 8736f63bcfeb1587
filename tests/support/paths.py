"""Where the tests find the repository, its fixtures and examples, and the shared corpus beside the checkout."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = REPO / "tests" / "fixtures"
EXAMPLES = REPO / "examples"
DOCS = REPO / "docs"
