# ZI Portal. Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the portal needs: libmagic (upload checks), Pango (WeasyPrint PDFs), fonts,
# gettext (translations), poppler-utils (PDF checks), chromium (browser tests).
RUN_DEBS := libmagic1 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext
TEST_DEBS := $(RUN_DEBS) poppler-utils chromium redis-server

.PHONY: run test test-unit test-e2e bench bench-scale bench-services lint sysdeps-run sysdeps-test venv venv-dev clean

define install_debs
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Memasang paket sistem:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

sysdeps-run:
	$(call install_debs,$(RUN_DEBS))

sysdeps-test:
	$(call install_debs,$(TEST_DEBS))

$(BIN)/python:
	@command -v $(PY) >/dev/null || PY=python3; $${PY:-$(PY)} -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

run: sysdeps-run venv
	$(BIN)/python manage.py compilemessages -v0 --ignore '.venv/*'
	$(BIN)/python manage.py migrate -v0
	$(BIN)/python manage.py load_framework
	$(BIN)/python manage.py seed_demo
	@echo "ZI Portal berjalan di http://127.0.0.1:8000/ (Ctrl+C untuk berhenti)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: sysdeps-test venv-dev
	$(BIN)/python manage.py compilemessages -v0 --ignore '.venv/*'
	$(BIN)/pytest -q -n 2 -p no:cacheprovider
	$(BIN)/pytest -q -m e2e -p no:cacheprovider tests/e2e

# Seeds a fresh PostgreSQL database (zi_bench) with ZI_BENCH_UNITS units (default 500) and prints
# every figure beside its budget, then issue 15's summary table; results in bench/results.json and
# docs/benchmarks.md. `make bench-scale` is the same with 5,000 units. Needs PostgreSQL and Redis
# on 127.0.0.1 (started here if they are down, as in .ci/run).
ZI_BENCH_UNITS ?= 500

bench-services: sysdeps-test venv-dev
	@pg_isready -h 127.0.0.1 -p 5432 -q || { pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start; \
	  for i in $$(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { mkdir -p /var/lib/redis /var/log/redis; \
	  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
	    --dir /var/lib/redis --logfile /var/log/redis/ci.log; sleep 1; }

bench: bench-services
	ZI_BENCH_UNITS=$(ZI_BENCH_UNITS) ZI_BENCH_COMMAND="ZI_BENCH_UNITS=$(ZI_BENCH_UNITS) make bench" \
	  $(BIN)/python bench/run.py

bench-scale: bench-services
	ZI_BENCH_UNITS=5000 ZI_BENCH_COMMAND="make bench-scale" $(BIN)/python bench/run.py

lint: venv-dev
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var test-output
