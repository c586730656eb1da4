#!/usr/bin/env bash
# Install the packages that only rebuilding the gazetteer needs (python -m conflictlens.places.build),
# from PyPI, exact versions, into .venv. The built gazetteer (src/conflictlens/places/data/*.parquet)
# ships with conflictlens: analysing, testing and evaluating need none of this.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
PKGS=(countryinfo==1.0.1)   # MIT; country centre points for countries the project's table lacks
"$PY" -m pip install --quiet --no-deps "${PKGS[@]}"
echo "installed ${PKGS[*]} (gazetteer build only)"
