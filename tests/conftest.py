"""Shared test fixtures: where the shared corpus lives (beside the checkout, as in CI), an empty migrated
warehouse per test."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support.paths import SHARED_CORPUS
from tests.support.warehouse import migrated_copy


def pytest_configure(config: pytest.Config) -> None:
    """Prepared caches (jieba's dictionary, the region tables) go to a folder of this run, not the user's
    ~/.cache: the suite builds them itself and leaves nothing behind. Child processes inherit it."""
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="ogi-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}")
    return SHARED_CORPUS


@pytest.fixture
def fresh_db(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tmp_path/w.duckdb: an empty warehouse at the latest schema, copied rather than migrated (tests of
    migrating itself open a new file with open_warehouse)."""
    return migrated_copy(tmp_path_factory, tmp_path / "w.duckdb")


# Tests of about two seconds or more (measured with `pytest --durations`), skipped by `make test-fast`
# (`pytest -m "not slow"`); `make test` runs them all. A test is slow when its node id (without parameters)
# or its file is listed, or when it uses one of the listed fixtures.
SLOW_TESTS = (
    # OCR of whole pages
    "tests/pipeline/test_ocr.py::test_clean_200dpi_pages_as_one_tiff",
    "tests/pipeline/test_ocr.py::test_degraded_150dpi_2019_template",
    "tests/pipeline/test_ocr.py::test_real_report_rendered_without_text_layer",
    "tests/pipeline/test_ocr.py::test_image_only_pdf_html_images_and_docx_pictures_ingest",
    "tests/pipeline/test_ocr.py::test_flagged_cells_get_crops_next_to_the_warehouse",
    "tests/pipeline/test_ocr.py::test_a_legacy_statistics_table_read_by_ocr_is_set_aside_not_stored_unchecked",
    "tests/pipeline/test_ocr.py::test_2019_table_three_picture_with_empty_rows_and_columns",
    "tests/pipeline/test_ocr.py::test_two_page_scan_with_empty_cells_loses_no_row_or_column",
    "tests/pipeline/test_ocr.py::test_a_lone_digit_lost_by_detection_is_read_again_from_its_cell",
    # Prefect flows and deployments, notebooks
    "tests/flows/test_flow_ingest.py",
    "tests/flows/test_flows_nightly.py",
    "tests/flows/test_crawl.py::test_nightly_deployment_is_scheduled_in_shanghai_time",
    "tests/flows/test_notebooks.py",
    "tests/flows/test_review_page.py::test_a_reviewer_corrects_a_flagged_ocr_cell_and_undoes_it_in_chromium",
    # corpus-wide runs: the example + shared-corpus warehouse, every file or county, many generated cases
    "tests/flows/test_corpus.py",
    "tests/flows/test_charts.py",
    "tests/warehouse/test_review.py",
    "tests/warehouse/test_compare.py",
    "tests/warehouse/test_metrics.py",
    "tests/normalizers/test_regions.py::test_every_county_of_every_year_resolves_after_its_prefecture",
    "tests/pipeline/test_properties.py::test_run_together_row_is_right_or_flagged",
    # sandboxed children, crash recovery, crawls, the dictionary CLI
    "tests/extractors/test_bad_files.py::test_children_stay_under_the_memory_ceiling",
    "tests/flows/test_crash_safety.py::test_sigkill_mid_batch_then_rerun",
    "tests/flows/test_crawl.py::test_second_crawl_downloads_nothing_unchanged",
    "tests/flows/test_crawl.py::test_fetcher_rules",
    "tests/flows/test_cli.py::test_dictionary_prints_and_checks",
    # warehouses migrated from older schemas or with stale views (they migrate for real)
    "tests/warehouse/test_warehouse.py::test_an_older_warehouse_upgrades_and_keeps_its_rows",
    "tests/warehouse/test_warehouse.py::test_a_stale_view_is_recreated_on_a_read_write_open_and_only_then",
)
SLOW_FIXTURES = (
    "soffice",  # LibreOffice conversions
    "bad_dir",  # pathological files written by a script, then read in sandboxed children
    "corpus_counts",  # prose counts of every shared-corpus report
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        test = item.nodeid.split("[")[0]
        listed = test in SLOW_TESTS or test.split("::")[0] in SLOW_TESTS
        if listed or set(SLOW_FIXTURES) & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
