# storyline: every target sets up its own virtual environment in .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= 2

.PHONY: install demo test test-slow bench lint screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[web,browser,dask,postgres,dev,bench]"
	touch $(STAMP)

install: $(STAMP)  ## set up .venv with storyline and its web, browser, dask, postgres, dev and bench extras

demo: install  ## build the bundled demo corpus, write reports, serve the web UI
	$(BIN)/storyline demo

test: install  ## the full default test suite
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS)

test-slow: install  ## the slow, large-corpus tests only
	$(BIN)/python -m pytest -q -m slow

bench: install  ## every benchmark on its default data (needs ../shared/datasets)
	$(BIN)/python benchmarks/run_all.py

screenshots: install  ## PNGs of every kind of page at 390 and 1400 px into docs/screenshots (needs chromium)
	$(BIN)/python scripts/screenshots.py --out docs/screenshots

lint: install
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) storyline-demo .pytest_cache
