# Two entry points, both self-contained on a fresh machine (Python 3.10+ with venv):
#   make demo   install, then run the nightly flow (crawl → ingest → comparison CSV) against an
#               example portal served from the bundled corpus on 127.0.0.1, into ogi.duckdb
#   make test   install with test extras, LibreOffice and Chromium + chromedriver (system-deps), lint with ruff,
#               run the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= ogi.duckdb
# LibreOffice converts old binary .doc/.wps/.xls/.et files; headless (-nogui) builds, no GUI stack
SOFFICE_PKGS := libreoffice-writer-nogui libreoffice-calc-nogui
# Chromium and its driver run the review page's browser test (tests/flows/test_review_page.py)
BROWSER_PKGS := chromium chromium-driver

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(VENV)/bin/ogi demo --db $(DB) --exports out

# Installs LibreOffice with apt-get when running as root and soffice is missing (~17 s, ~220 MB);
# otherwise says what to install and goes on: without it only old Office files fail, per file.
# The same for Chromium and chromedriver: without them only the review page's browser test is skipped.
system-deps:
	@if [ -n "$$OGI_SOFFICE" ] || command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then \
	  echo "system-deps: LibreOffice present"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "system-deps: installing $(SOFFICE_PKGS) (reads .doc/.wps/.xls/.et)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $(SOFFICE_PKGS); } \
	    >/tmp/ogi-system-deps.log 2>&1 \
	    || echo "system-deps: apt-get failed (see /tmp/ogi-system-deps.log); old Office files will not be read"; \
	else \
	  echo "system-deps: LibreOffice (soffice) not found; to read .doc/.wps/.xls/.et files run:"; \
	  echo "  sudo apt-get install --no-install-recommends $(SOFFICE_PKGS)"; \
	fi
	@if command -v chromedriver >/dev/null 2>&1 && { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }; then \
	  echo "system-deps: Chromium present"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "system-deps: installing $(BROWSER_PKGS) (the review page's browser test)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $(BROWSER_PKGS); } \
	    >>/tmp/ogi-system-deps.log 2>&1 \
	    || echo "system-deps: apt-get failed (see /tmp/ogi-system-deps.log); the review page's browser test is skipped"; \
	else \
	  echo "system-deps: chromium/chromedriver not found; the review page's browser test is skipped; to run it:"; \
	  echo "  sudo apt-get install --no-install-recommends $(BROWSER_PKGS)"; \
	fi

test: $(VENV)/.installed system-deps
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -rs

# The quick loop: the suite without the tests marked slow in tests/conftest.py
test-fast: $(VENV)/.installed
	$(PY) -m pytest -q -m "not slow"

bench: $(VENV)/.installed
	$(PY) bench/bench_cold_start.py
	$(PY) bench/bench_extract.py
	$(PY) bench/bench_load.py
	$(PY) bench/bench_flows.py

examples: $(VENV)/.installed
	$(PY) scripts/make_examples.py examples

# Installs JupyterLab into the venv (pip, first time only) and opens notebooks/ in it. The notebooks read
# the warehouse in OGI_DB, else $(DB) when it exists (make demo writes it), else ingest examples/ themselves.
notebooks: $(VENV)/.installed
	@$(PY) -c "import jupyterlab" 2>/dev/null || $(PY) -m pip install --quiet jupyterlab
	OGI_DB="$${OGI_DB:-$(if $(wildcard $(DB)),$(abspath $(DB)))}" $(VENV)/bin/jupyter lab notebooks/

.PHONY: install system-deps demo test test-fast bench examples notebooks
