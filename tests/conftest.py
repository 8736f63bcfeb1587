"""Shared test fixtures: where the shared corpus lives (beside the checkout, as in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.paths import SHARED_CORPUS


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}")
    return SHARED_CORPUS
