# Two entry points, both self-contained on a fresh machine (Python 3.10+ with venv):
#   make demo   install, then run the nightly flow (crawl → ingest → comparison CSV) against an
#               example portal served from the bundled corpus on 127.0.0.1, into ogi.duckdb
#   make test   install with test extras, then run the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= ogi.duckdb

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(VENV)/bin/ogi demo --db $(DB) --exports out

test: $(VENV)/.installed
	$(PY) -m pytest -q -rs

bench: $(VENV)/.installed
	$(PY) bench/bench_extract.py
	$(PY) bench/bench_load.py
	$(PY) bench/bench_flows.py

examples: $(VENV)/.installed
	$(PY) scripts/make_examples.py examples

.PHONY: install demo test bench examples
