# partnernet: every target does its own set-up; `make app` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
SHARED_CSV := ../shared/data/twin_cities.csv

.PHONY: install app test test-fast browser neo4j-start neo4j-stop bench bench-quick bench-neo4j bench-suggest load-real clean

$(STAMP): pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@command -v npm >/dev/null 2>&1 || { echo "npm (Node.js) is needed to install the French commune register" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

## start the explorer on the embedded store with the demo data (loaded on first start)
app: $(STAMP)
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

## load the real twin-city dataset into the embedded store, with the regions and the curated conference data
load-real: $(STAMP)
	$(VENV)/bin/partnernet load twin-cities $(SHARED_CSV)
	$(VENV)/bin/partnernet load demo

## Debian's chromium for the browser test (root or sudo needed once)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

## the whole test suite, with a real local Neo4j started (and stopped) by the tests themselves
test: $(STAMP) browser
	@$(VENV)/bin/pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: treated as a failure" >&2; exit 1; fi; \
	exit $$status

test-fast: $(STAMP)
	$(VENV)/bin/pytest -m "not neo4j and not browser" -x -q

## benchmarks on generated networks (S, M, L) and the real dataset, both stores -> BENCHMARKS.md
bench: $(STAMP)
	$(PY) -m benchmarks.run

## the same in a few minutes: sizes tiny and S only
bench-quick: $(STAMP)
	$(PY) -m benchmarks.run --quick

## back-test of partner suggestions on the real dataset (hidden partnerships, baselines) -> BENCHMARKS.md
bench-suggest: $(STAMP)
	$(PY) -m benchmarks.suggest_backtest --csv $(SHARED_CSV)

## the local Neo4j (bolt://127.0.0.1:7687, user neo4j, password partnernet-dev); Java 17 + Maven
neo4j-start:
	tools/neo4j/start.sh

neo4j-stop:
	tools/neo4j/stop.sh

## load the real dataset into the local Neo4j (clears it first): batched vs one MERGE per row
bench-neo4j: $(STAMP)
	tools/neo4j/start.sh && $(PY) benchmarks/neo4j_load.py

clean:
	rm -rf var build *.egg-info .pytest_cache
