# Two commands on a fresh machine: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.DEFAULT_GOAL := run
PORT ?= 8000
PY := .venv/bin/python
UV := $(shell command -v uv >/dev/null 2>&1 && echo uv || echo python3 -m uv)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PG_URL ?= postgres://postgres@127.0.0.1:5432/zhicheng
# Tests run in parallel processes (pytest-xdist); each gets its own test database.
PYTEST_WORKERS ?= 2
export UV_LINK_MODE := copy

.PHONY: install install-test run serve test test-sqlite test-postgres lint check bench clean

define apt_install
	missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

install: .venv/.synced node_modules/.installed
	@$(call apt_install,fonts-noto-cjk)

.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install -q uv
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --omit=optional --no-audit --no-fund --loglevel=error
	@touch $@

install-test: install
	@$(call apt_install,chromium poppler-utils haproxy iproute2)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "职称申报与评审平台：http://127.0.0.1:$(PORT)/  （演示账号见 README）"
	@# Timed jobs (deadline reminders, publicity ends, unpaid fees) run beside the server; both stop together.
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py run_periodic_jobs --loop --interval 60 & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production stack locally: gunicorn + Celery worker + beat on Redis, PostgreSQL (deploy/serve.sh, docs/deploy.md).
serve: install
	deploy/serve.sh

test: install-test test-sqlite test-postgres

test-sqlite:
	@echo "== pytest on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres:
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== pytest on PostgreSQL =="; DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL at 127.0.0.1:5432 is unreachable: the PostgreSQL leg must run in CI." >&2; exit 1; \
	else \
	  echo "PostgreSQL unreachable: skipping the PostgreSQL leg (it is mandatory when CI=true)."; \
	fi

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The habits that keep the house in order (docs/architecture.md, CONTRIBUTING.md); CI runs this before `make test`.
check: install
	@echo "== ruff check: lint rules of pyproject.toml [tool.ruff] =="
	@$(PY) -m ruff check .
	@echo "== ruff format --check: every Python file formatted =="
	@$(PY) -m ruff format --check .
	@echo "== djLint: templates/ and zhicheng/*/templates (pyproject.toml [tool.djlint]) =="
	@.venv/bin/djlint templates zhicheng --lint
	@echo "== makemigrations --check: every model change has its migration =="
	@$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	@echo "== import contract: apps import only the floors below them (pyproject.toml [tool.importlinter]) =="
	@set -o pipefail; .venv/bin/lint-imports --no-cache | sed -n '/^Contracts$$/,$$p'
	@echo "== role literals: roles named by Role only (tools/check_role_literals.py) =="
	@$(PY) tools/check_role_literals.py
	@echo "== function-level imports: each one says why it is not at the top (tools/check_function_imports.py) =="
	@$(PY) tools/check_function_imports.py
	@echo "== mypy: the typed modules (pyproject.toml [tool.mypy] files) =="
	@$(PY) -m mypy

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf .venv node_modules var staticfiles
