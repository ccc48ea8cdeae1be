# Two commands matter: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install run test test-sqlite test-postgres lint clean

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_superuser
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=clinic_site.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# The browser tests (tests/browser, marker "browser") run here, on SQLite.
test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest --durations=15

# PostgreSQL runs when it answers; under CI it must answer. The browser tests
# are left out: they test what the browser shows, which the database does not
# change, and the database paths they touch are covered on both by the suite.
test-postgres: install
	@if $(BIN)/python bin/db_available.py "$(POSTGRES_URL)"; then \
		echo "Running the suite on PostgreSQL"; \
		DATABASE_URL="$(POSTGRES_URL)" $(BIN)/pytest -m "not browser" --durations=15; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(POSTGRES_URL), and CI needs it." >&2; exit 1; \
	else \
		echo "PostgreSQL is not reachable at $(POSTGRES_URL): SQLite only this time."; \
	fi

# The two suites and the lint run side by side (the suites take about 13 and
# 15 minutes together on two CPUs), each printing its output in one piece when
# it ends, the slowest tests listed at the end of each suite.
test: install
	$(MAKE) --no-print-directory -j3 --output-sync=target lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) staticfiles tests/.media .pytest_cache .ruff_cache \
		audit/node_modules audit/results/lighthouse audit/results/html test-artifacts

# Lighthouse, axe-core and the Nu HTML Checker against a throwaway site served
# by gunicorn with the production settings (docs/testing.md, Audits). Needs Node 20+,
# Java 17 and Debian's chromium. Exits 1 when a page misses a target.
AUDIT_STAMP := audit/node_modules/.installed
$(AUDIT_STAMP): audit/package.json audit/package-lock.json
	cd audit && CHROMEDRIVER_SKIP_DOWNLOAD=true PUPPETEER_SKIP_DOWNLOAD=true \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: audit
audit: install $(AUDIT_STAMP)
	@test -x "$${CHROME_PATH:-/usr/bin/chromium}" || { echo "make audit needs Chromium: apt-get install chromium" >&2; exit 1; }
	@command -v java >/dev/null || { echo "make audit needs Java 17 for the Nu HTML Checker" >&2; exit 1; }
	$(BIN)/python -m audit.run $(AUDIT_ARGS)

# Benchmarks, never part of `make test` (docs/benchmarks.md). A quick run:
# BENCH_SIZES=1000 BENCH_DATABASES=sqlite make bench
# Publishing under load (two servers, one Redis, PostgreSQL) alone:
# BENCH_SCENARIOS=publish-under-load make bench
.PHONY: bench
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The README's two pictures: the browser tests take them (checking what they
# show), this copies them to docs/images/ to be committed.
SHOTS = $${ARTIFACTS_DIR:-test-artifacts}/screenshots
.PHONY: screenshots
screenshots: install
	env -u DATABASE_URL $(BIN)/pytest -q tests/browser/test_docs_screenshots.py
	mkdir -p docs/images
	cp $(SHOTS)/docs-treatment-page.png docs/images/treatment-page.png
	cp $(SHOTS)/docs-seo-checks-panel.png docs/images/seo-checks-panel.png
