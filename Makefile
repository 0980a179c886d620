# brinkwatch: `make demo` and `make test` work on a fresh machine (they build .venv first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DIR := build/demo

.PHONY: demo test bench eval reliability clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(DEMO_DIR)
	$(BIN)/brinkwatch run examples --db $(DEMO_DIR)/demo.db
	$(BIN)/brinkwatch brief --db $(DEMO_DIR)/demo.db --format md -o $(DEMO_DIR)/brief.md
	$(BIN)/brinkwatch brief --db $(DEMO_DIR)/demo.db --format html -o $(DEMO_DIR)/brief.html
	@echo ""
	@echo "Brief written to $(DEMO_DIR)/brief.md and $(DEMO_DIR)/brief.html (store: $(DEMO_DIR)/demo.db)"

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py

eval: $(STAMP)
	$(BIN)/python eval/run_eval.py

# Bad-input matrix, 20 SIGKILLs over the bench corpus, storage faults and a bounded fuzz run;
# rewrites docs/RELIABILITY.md (needs ../shared/bench; fuzzing needs the `fuzz` extra).
reliability: $(STAMP)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) || echo "wrk not installed: load test will fail"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[fuzz]' || echo "atheris not installed: fuzzing skipped"
	$(BIN)/python tests/reliability/run_matrix.py --kills 20 --docs 300 --fuzz-seconds 120 --output docs/RELIABILITY.md

clean:
	rm -rf build .pytest_cache
