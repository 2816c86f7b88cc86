# The two commands a new user needs are `make report` and `make test`; everything else is a helper.
# The virtual environment is created on first use from the committed lock file, so every machine
# runs the same package versions.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := data/sample
PERIOD := 2025-26-Q2

.PHONY: report test test-slow lab bench sample lint lock clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

$(SAMPLE)/extract.yaml: $(STAMP)
	$(BIN)/scorecard synth --out $(SAMPLE)

sample: $(SAMPLE)/extract.yaml

report: $(STAMP) $(SAMPLE)/extract.yaml
	$(BIN)/scorecard run --extract $(SAMPLE) --period $(PERIOD) --params params/anyshire.yaml

test: $(STAMP)
	$(BIN)/python -m pytest

test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow

lint: $(STAMP)
	$(BIN)/ruff check lib tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# JupyterLab lives in its own environment (.venv-lab) so that its ~100 extra packages never slow
# the run; it starts notebooks in the project's kernel, registered inside .venv, which is also
# the kernel of new notebooks. (--allow-root only where make runs as root, e.g. a container.)
LAB_STAMP := .venv-lab/.installed
$(LAB_STAMP): requirements-lab.lock
	@test -x .venv-lab/bin/python || $(PYTHON) -m venv .venv-lab
	.venv-lab/bin/python -m pip install --quiet --require-hashes -r requirements-lab.lock
	@touch $(LAB_STAMP)

lab: $(STAMP) $(LAB_STAMP) $(SAMPLE)/extract.yaml
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name scorecard --display-name "scorecard (project)"
	JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter .venv-lab/bin/jupyter lab \
		--notebook-dir=$(CURDIR)/notebooks --MappingKernelManager.default_kernel_name=scorecard \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

# Regenerate the lock files after changing dependency ranges in pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes --no-header -o requirements.lock
	echo "jupyterlab>=4.2" | uv pip compile - --universal --python-version 3.11 --generate-hashes --no-header -o requirements-lab.lock
	$(BIN)/python tools/environment_yml.py

clean:
	rm -rf outputs $(SAMPLE)
