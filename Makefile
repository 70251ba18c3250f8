# greenlight: two commands on a fresh machine (see README, Quick start).
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench clean

setup:
	@scripts/setup

demo: setup
	$(BIN)/pytest tests/acceptance --env=local --channel=all -n 2; status=$$?; \
	$(BIN)/greenlight report --env local; exit $$status

test: setup lint
	$(BIN)/pytest -n 2 -p no:randomly

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check greenlight
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf reports .pytest_cache .mypy_cache .ruff_cache
