# Sanxiang (三项): the two set-up commands are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml scripts/system-packages.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup run test lint demo bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/system-packages.txt
	@bash scripts/system-packages.sh "$(PY)"
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)
	@echo "环境已就绪 (environment ready): $(VENV)"

run: setup
	@$(BIN)/sanxiang migrate --noinput
	@$(BIN)/sanxiang demo
	@echo ""
	@echo "三项已启动：http://$(HOST):$(PORT)/   （按 Ctrl+C 停止）"
	@$(BIN)/sanxiang runserver $(HOST):$(PORT)

test: setup
	@$(BIN)/pytest -q -n 2 $(PYTEST_ARGS); status=$$?; \
	 if [ $$status -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$status

lint: setup
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/sanxiang makemigrations --check --dry-run

demo: setup
	@$(BIN)/sanxiang migrate --noinput
	@$(BIN)/sanxiang demo

clean:
	rm -rf $(VENV) var
