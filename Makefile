# Two commands on a fresh machine with Python 3.11+: `make report` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test preview golden bench bench-scale bench-tagging clean master snapshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]' 'tox>=4.14'
	touch $(STAMP)

report: $(STAMP)  ## build out/ from the data in data/
	$(BIN)/report build

test: $(STAMP)  ## lint (ruff), types (mypy) and tests (pytest), through tox
	$(BIN)/tox run -e lint,type,py

preview: report  ## contact sheets of every slide and page, and one slide and one page, in docs/
	$(BIN)/python -m tools.preview out docs

golden: $(STAMP)  ## refresh the golden images in tests/golden after a change to the look you meant to make
	REPORT_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

bench: $(STAMP)  ## speed against the pandoc peer, interleaved, medians and ratios (by hand; not a test)
	tools/install-bench-packages.sh
	$(BIN)/python bench/rebuild.py $(if $(PEER),--peer $(PEER))

master: $(STAMP)  ## regenerate templates/briefing.pptx from templates/make_master.py
	$(BIN)/python templates/make_master.py

clean:
	rm -rf out/*.pptx out/*.pdf out/.cache out/.report-* .tox

snapshots: $(STAMP)  ## refresh the Vega-Lite snapshots in tests/snapshots after an intended change
	REPORT_UPDATE_SNAPSHOTS=1 $(BIN)/python -m pytest -q tests/test_charts.py

bench-scale: $(STAMP)  ## scale benchmark: cold builds at N = 5, 35, 100, 300, serial and parallel
	$(BIN)/python bench/scale.py

bench-tagging: $(STAMP)  ## what tagging costs the PDF at N = 5 and 100: build time and size, untagged vs tagged
	$(BIN)/python bench/pdf_tagging.py
