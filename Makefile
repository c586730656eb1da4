# conflictlens: two commands.
#   make demo   set up .venv, install, analyse the bundled demo corpus into demo.duckdb
#   make test   run every test (sets up first)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup assets demo test browser train gazetteer bench bench-web screenshots clean-demo

setup: $(STAMP) assets

# Front-end assets (Leaflet, Natural Earth outlines...) from the npm registry, exact versions,
# into the git-ignored web/static/vendor/; skipped when already there.
assets:
	bash scripts/fetch_web_assets.sh

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Debian's Chromium for the browser tests and screenshots (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

demo: setup
	$(BIN)/conflictlens analyze demo/re3d_public_domain.jsonl --db demo.duckdb
	$(BIN)/conflictlens info --db demo.duckdb

test: setup browser
	bash scripts/run_tests.sh

train: setup
	$(BIN)/python -m conflictlens.nlp.distil
	$(BIN)/python -m pip install --quiet -r requirements-train.txt
	$(BIN)/python -m conflictlens.train

# Rebuild the packaged gazetteer (src/conflictlens/places/data/*.parquet ships built; only
# needed after changing places/build.py or its tables). Installs its build-only packages.
gazetteer: setup
	bash scripts/fetch_gazetteer_data.sh
	$(BIN)/python -m conflictlens.places.build

bench: setup
	$(BIN)/python bench/throughput.py

bench-web: setup
	$(BIN)/python bench/web_api.py

screenshots: setup browser
	$(BIN)/python scripts/screenshots.py

clean-demo:
	rm -f demo.duckdb demo.duckdb.wal
