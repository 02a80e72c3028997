# Baromètre numérique des collectivités — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
LOCK   := requirements/dev.lock
PYTEST_WORKERS ?= 2
# Installs never resolve: the lock is the whole closure (extras included), taken as it is.
PIP_LOCKED := --quiet --disable-pip-version-check --no-deps --require-hashes --only-binary=:all:

.PHONY: demo serve test lint typecheck layers pytest bench lock frame clean help

help:
	@echo "make demo   — installe tout puis montre le référentiel des collectivités"
	@echo "make test   — installe tout puis lance la suite complète (lint, types, couches, pytest)"
	@echo "make bench  — mesures de performance (voir docs/benchmarks.md)"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 ou plus récent est requis" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python $(LOCK) pyproject.toml
	$(BIN)/python -m pip install $(PIP_LOCKED) -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	$(BIN)/python scripts/check_lock.py $(LOCK) --extra dev
	@touch $@

NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm est requis (graphiques et carte du DSFR, tests d'accessibilité) : apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The demo: the frame and the synthetic key figures, then the platform on SQLite with the
# synthetic editions loaded and published; from a terminal it serves http://127.0.0.1:8000
# and opens the public dashboard (/resultats/) in the browser when there is a display.
# Its waves are published without the publication's jobs (every report's PDF, thousands of
# e-mails to synthetic addresses): a report is built when it is read or downloaded.
demo: $(STAMP) $(NODE_STAMP)
	@$(BIN)/barometre demo
	@$(BIN)/python manage.py migrate --verbosity 0
	@BAROMETRE_RESTITUTION_ON_PUBLISH=0 $(BIN)/python manage.py load_demo
	@$(BIN)/barometre demo results
	@echo
	@echo "Tableau de bord public : http://127.0.0.1:8000/resultats/  (résultats pondérés, évolutions depuis 2025, cartes)"
	@echo "  accueil public (recherche d'une collectivité) : http://127.0.0.1:8000/"
	@echo "  API publique : http://127.0.0.1:8000/api/v1/vagues  (documentation : /api/openapi.json)"
	@echo "  répondre pour une collectivité :"
	@$(BIN)/barometre demo link --as respondent | sed 's/^/    /'
	@echo "  autre lien : .venv/bin/barometre demo link --as respondent --authority 42218"
	@if [ -t 0 ] && [ -z "$$CI" ]; then \
	  echo "Serveur lancé (Ctrl+C pour l'arrêter)."; \
	  if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$(uname)" = Darwin ]; then \
	    echo "Le tableau de bord s'ouvre dans votre navigateur."; \
	    (sleep 3; $(BIN)/python -m webbrowser -t http://127.0.0.1:8000/resultats/ >/dev/null 2>&1) & \
	  fi; \
	  $(SERVE_WITH_WORKER); \
	else echo "Pour lancer le serveur (et le processus des tâches de fond) : make serve"; fi

# The site and, beside it, the worker that runs background jobs (reminders); both stop together.
SERVE_WITH_WORKER := $(BIN)/python manage.py db_worker --no-reload --no-startup-delay --interval 1 \
  & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
  $(BIN)/python manage.py runserver 127.0.0.1:8000

serve: $(STAMP)
	$(BIN)/python manage.py migrate --verbosity 0
	@echo "Site : http://127.0.0.1:8000/ — les tâches de fond tournent à côté (Ctrl+C arrête les deux)."
	@$(SERVE_WITH_WORKER)

test: $(STAMP) lint typecheck layers pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

# The database tests on a throwaway PostgreSQL cluster that the fixtures start and stop
# themselves (tests/support/postgres.py), then the whole suite on SQLite.
pytest: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --db=postgres -m "(django_db or postgres) and not browser"
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not postgres"

bench:
	test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install $(PIP_LOCKED) -r requirements/bench.lock
	.venv-bench/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	.venv-bench/bin/python -m pip check
	.venv-bench/bin/python scripts/check_lock.py requirements/bench.lock --extra dev --extra bench
	.venv-bench/bin/python bench/run.py

# Maintainers only: re-resolve every lock file after editing pyproject.toml, with uv (the one tool
# that resolves; it lives in .venv-lock, pinned). Installation never resolves (PIP_LOCKED).
UV         := uv==0.13.8
UV_COMPILE := .venv-lock/bin/uv pip compile pyproject.toml --generate-hashes --quiet \
              --python-version 3.11 --python-platform x86_64-unknown-linux-gnu

lock:
	test -x .venv-lock/bin/uv || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/python -m pip install --quiet $(UV); }
	$(UV_COMPILE) --extra dev -o requirements/dev.lock
	$(UV_COMPILE) --extra dev --extra bench -o requirements/bench.lock

# Maintainers only: rebuild the frame snapshot from the npm package (needs npm).
frame: $(STAMP)
	$(BIN)/python scripts/build_frame.py

clean:
	rm -rf $(VENV) .venv-lock .pytest_cache .mypy_cache .ruff_cache
