# The two commands of the README: `make setup` (creates .venv, installs everything, runs extract on the
# bundled sample) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup test eval bench lint

setup: $(VENV)/.installed
	$(BIN)/diplograph extract examples

$(VENV)/.installed: pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	# the web app's front-end libraries (graph, map), served by the app itself from node_modules
	npm ci --no-audit --no-fund --silent
	touch $@

# the store's suite also runs against PostgreSQL: tools/postgres.sh starts Debian's server on loopback (it is
# skipped where that cannot be done, and required where DIPLOGRAPH_REQUIRE_PG is set, as in .ci/run)
test: $(VENV)/.installed
	DIPLOGRAPH_TEST_PG="$${DIPLOGRAPH_TEST_PG:-$$(tools/postgres.sh 2>/dev/null || true)}" $(BIN)/python -m pytest -q

eval: $(VENV)/.installed
	$(BIN)/python benchmarks/run_eval.py

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_extract.py

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks tools
