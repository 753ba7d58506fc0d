# Every target installs what it needs, so any of them works first on a fresh clone.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST := 127.0.0.1:8000

.PHONY: run test seed worker beat lint browser clean bench backup restore

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/activate
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(VENV)/bin/activate
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $(VENV)/.runtime $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's chromium for the browser tests (never a browser download), CJK fonts for
# readable screenshots, LibreOffice Calc (headless) for the reports' PDF conversion test.
# Needs root and Debian's package mirror; tests skip without it on a developer machine
# and fail in CI.
browser:
	@{ command -v chromium && command -v soffice; } >/dev/null || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk libreoffice-calc-nogui >/dev/null) \
	  || echo "chromium or LibreOffice could not be installed: their tests will skip (CI fails them)"; }

seed: $(VENV)/.runtime node_modules/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed

run: seed
	@echo ""
	@echo "  시정계획 포털: http://$(HOST)/"
	@echo "  관리 화면:     http://$(HOST)/admin/"
	@echo "  데모 로그인:   nyj-policy (정책기획과 담당자), nyj-policy-head (부서장),"
	@echo "                 nyj-coordinator (총괄부서); goyang-*, seoul-* 도 같음 (README);"
	@echo "                 비밀번호 portal-demo-2026"
	@echo ""
	$(PY) manage.py runserver $(HOST)

# Two workers (one per core), each test file whole on one of them: first the tests that roll
# back, then those that flush the database (browser, live server; tests/conftest.py marks them
# `transactional`), then in one process those that restart or kill a service (`serial`).
# TEST_WORKERS=0 runs each part in one process.
TEST_WORKERS ?= 2
PYTEST := DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest
test: $(VENV)/.dev node_modules/.installed browser
	$(PYTEST) -n $(TEST_WORKERS) --dist loadfile -m "not transactional and not serial"
	$(PYTEST) -n $(TEST_WORKERS) --dist loadfile -m "transactional and not serial"
	$(PYTEST) -m serial

worker: $(VENV)/.runtime
	$(VENV)/bin/celery -A config worker --loglevel=info

beat: $(VENV)/.runtime
	$(VENV)/bin/celery -A config beat --loglevel=info


lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Benchmarks (bench/README.md), not part of `make test`: a bench Postgres database and Redis
# database of their own (the page bench flushes that Redis database), Debian's wrk for the load test.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/9
BENCH_ENV := PYTHONUNBUFFERED=1 BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL)

bench: $(VENV)/.runtime node_modules/.installed
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BENCH_ENV) $(PY) -c "import bench.common as c; c.create_database()"
	$(BENCH_ENV) $(PY) -c "import bench.common as c; c.setup(); from django.core.management import call_command as m; m('migrate', verbosity=0); m('collectstatic', interactive=False, verbosity=0)"
	$(BENCH_ENV) $(PY) -m bench.run
# Dated pg_dump (custom format) of DATABASE_URL plus a tarball of the media folder, in backups/.
backup:
	deploy/backup.sh $(or $(BACKUP_DIR),backups)

# make restore FILE=backups/portal-YYYYMMDD-HHMMSS.dump (its -media.tar.gz is restored too).
restore:
	deploy/restore.sh "$(FILE)"

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts db.sqlite3
