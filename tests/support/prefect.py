"""Prefect in tests: ephemeral, offline, with its own temporary PREFECT_HOME."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

import pytest


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
