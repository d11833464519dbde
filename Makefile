# One task runner. `make` runs lint, types and tests; `make run` starts the web app.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.DEFAULT_GOAL := test
.PHONY: run test local lint types unit schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, as the CPU build: any other torch spec pulls a multi-GB CUDA build.
$(VENV)/.runtime: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install torch==2.13.0
	$(BIN)/pip install -c requirements.lock -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/pip install -c requirements.lock -e '.[dev]'
	touch $@

# The optional local model (llama.cpp compiles from source: a C/C++ compiler and several minutes).
$(VENV)/.local: $(VENV)/.dev
	$(BIN)/pip install -c requirements.lock -e '.[dev,local]'
	touch $@

local: $(VENV)/.local

run: $(VENV)/.runtime
	$(BIN)/brandplan serve

test: lint types unit

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(VENV)/.dev
	$(BIN)/mypy

unit: $(VENV)/.dev
	$(BIN)/pytest

schema: $(VENV)/.runtime
	$(BIN)/brandplan schema > assistant/document/strategy.schema.json

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
