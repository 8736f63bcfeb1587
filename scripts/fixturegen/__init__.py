"""Generators of the example corpus and the test fixtures, shared by the scripts in scripts/.

The entry scripts (`make_examples.py`, `make_scans.py`, `make_flattened_fixtures.py`) put scripts/ on
sys.path and import from here, so they run both as commands and when tests load them by path.
"""
