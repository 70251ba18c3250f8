# greenlight: two commands on a fresh machine (see README, Quick start).
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test test-framework test-acceptance lint bench clean

setup:
	@scripts/setup

demo: setup
	demo/run

# greenlight's own tests (the plugin inert, see tests/framework/pytest.ini), then the
# reference suite on the embedded shop, which ends with that suite's release verdict.
test: setup lint test-framework test-acceptance

test-framework: setup
	$(BIN)/pytest -n 2 tests/framework

test-acceptance: setup
	$(BIN)/pytest -n 2

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf reports .pytest_cache .mypy_cache .ruff_cache
