# The two commands of the README:
#   make run   — install into .venv and start the portal with demo data (SQLite, eager Celery)
#   make test  — install and run the whole suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
# and the production start:
#   make serve — install, migrate, collect static files, run a Celery worker with beat and gunicorn

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The development run only: a throwaway key and DEBUG. Production sets its own.
DEV_ENV := DEBUG=true SECRET_KEY=$${SECRET_KEY:-dev-only-not-secret}

.PHONY: run serve test install system-packages migrate demo worker lint messages clean backup restore

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

install: system-packages $(VENV)/.installed

system-packages:
	@bash .ci/system-packages.sh $(if $(filter test,$(MAKECMDGOALS)),--with-browser,)

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo

run: demo
	@echo "Portal: http://$(HOST):$(PORT)/  (logins above; stop with Ctrl+C)"
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	mkdir -p var
	$(DEV_ENV) $(VENV)/bin/celery -A mentoring worker -B --schedule=var/celerybeat-schedule \
		-Q $${CELERY_QUEUES:-heavy,light} --loglevel=info

# Backups (mentoring/backups.py): the database and MEDIA_ROOT into a new folder of
# BACKUP_DIR (default var/backups); restore the latest or BACKUP=<folder name or path>.
# The environment is the portal's own (DATABASE_URL, MEDIA_ROOT, ...); no key is needed.
BACKUP_ENV := SECRET_KEY=$${SECRET_KEY:-backup-needs-no-secret-key}

backup: install
	$(BACKUP_ENV) $(PY) manage.py backup

restore: install
	$(BACKUP_ENV) $(PY) manage.py restore --noinput $(BACKUP)

# Production (README, "Production"): DEBUG off, PostgreSQL, Redis, a Celery worker
# with beat and gunicorn (mentoring/serve.sh; settings in mentoring/gunicorn.conf.py).
# Needs SECRET_KEY, DATABASE_URL and REDIS_URL in the environment.
serve: install
	VENV=$(VENV) bash mentoring/serve.sh

test: install
	$(VENV)/bin/pytest

messages: install
	$(PY) .ci/messages.py

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var
