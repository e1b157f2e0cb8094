# KeiDesigner: `make run` opens the app, `make test` runs every test (GL ones under Xvfb), `make bench` measures.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 \
	libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 xvfb xauth poppler-utils
XVFB := xvfb-run -a -s "-screen 0 1920x1200x24" env QT_QPA_PLATFORM=xcb

.PHONY: run test lint bench soak sysdeps clean bundle

sysdeps:
	@installer/system-deps.sh $(SYSTEM_PACKAGES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

run: sysdeps $(VENV)/.installed
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		$(BIN)/keidesigner; \
	else \
		echo "No display found: running the headless main job instead (results in ./out/)."; \
		$(BIN)/keidesigner headless -o out; \
	fi

# the layering contracts (no Qt in the core, arrows pointing down) and the linter, then every test
lint: $(VENV)/.installed-test
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check keidesigner tests installer

test: sysdeps lint
	$(XVFB) $(BIN)/python -m pytest

bench: sysdeps $(VENV)/.installed-test
	$(XVFB) $(BIN)/python tests/benchmarks/run.py

# the reliability tests at full strength (KEIDESIGNER_SOAK=1: thousands of state-machine steps, kills and fuzz cases);
# about 13 minutes here; the log with hypothesis' counts goes to out/soak.log
SOAK_TESTS := tests/reliability tests/app/test_state_machine.py tests/app/test_hostile_save.py tests/files/test_fuzz.py \
	tests/rules/test_explanations.py
soak: sysdeps $(VENV)/.installed-test
	@mkdir -p out
	set -o pipefail; KEIDESIGNER_SOAK=1 $(XVFB) $(BIN)/python -m pytest -p no:cacheprovider -q -s -rA \
		--hypothesis-show-statistics --durations=0 $(SOAK_TESTS) 2>&1 | tee out/soak.log

bundle: sysdeps $(VENV)/.installed
	$(BIN)/python installer/build.py

clean:
	rm -rf $(VENV) out .cache .pytest_cache .hypothesis build dist *.egg-info
