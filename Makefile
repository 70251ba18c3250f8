# greenlight: two commands on a fresh machine (see README, Quick start).
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench clean

setup:
	@scripts/setup

demo: setup
	demo/run

test: setup lint
	$(BIN)/pytest -n 2 -p no:randomly

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf reports .pytest_cache .mypy_cache .ruff_cache
