"""Shared test fixtures: where the shared corpus lives (beside the checkout, as in CI)."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = REPO / "tests" / "fixtures"
EXAMPLES = REPO / "examples"


def load_script(path: Path) -> ModuleType:
    """A script that is not a package module (fixture generators, the wild scorer), imported by path."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def prefect_module(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[ModuleType]:
    """Import a flows module with Prefect pointed at a private, offline, ephemeral home.

    The harness runs the temporary API server and, on exit, drains the log/event workers and stops
    it while pytest's capture streams are still open (left to atexit, shutdown logs into closed
    streams).
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect_home")))
        mp.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        mp.delenv("PREFECT_API_URL", raising=False)
        module = importlib.import_module(name)
        from prefect.testing.utilities import prefect_test_harness

        with prefect_test_harness(server_startup_timeout=120):
            yield module


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}")
    return SHARED_CORPUS
