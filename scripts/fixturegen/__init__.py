"""Shared code of the generator scripts in scripts/: the example corpus and the test fixtures.

The scripts (make_examples.py, make_scans.py, make_flattened_fixtures.py, fixtures_html_docx.py,
make_bad_files.py, make_office_fixtures.py, make_non_reports.py) put scripts/ on sys.path and import from
here, so they run both as commands and when tests load them by file path.
"""
