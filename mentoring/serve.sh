#!/usr/bin/env bash
# The production start (`make serve` runs it after installing): checks the
# environment, migrates, collects the static files, then runs a Celery worker
# with beat in the background and gunicorn in the foreground (settings in
# mentoring/gunicorn.conf.py). Ctrl+C or SIGTERM stops both; if either of them
# exits, the other is stopped and the script exits with its status, so that a
# supervisor (systemd, a container runtime) restarts the whole.
#
# Needs SECRET_KEY, DATABASE_URL (PostgreSQL) and REDIS_URL; see the README,
# "Production". Optional: GUNICORN_BIND, WEB_CONCURRENCY, GUNICORN_THREADS,
# GUNICORN_TIMEOUT, CELERY_CONCURRENCY, CELERY_QUEUES, DATA_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
missing=()
for name in SECRET_KEY DATABASE_URL REDIS_URL; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "make serve: set ${missing[*]} in the environment (see README.md, \"Production\")." >&2
  echo "  SECRET_KEY    a long random string, e.g. \$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" >&2
  echo "  DATABASE_URL  postgres://user:password@host:5432/name" >&2
  echo "  REDIS_URL     redis://host:6379/0" >&2
  exit 2
fi
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "make serve: DATABASE_URL must be a postgres:// URL (production runs on PostgreSQL)." >&2; exit 2 ;;
esac
export DEBUG=false
if [ -z "${ALLOWED_HOSTS:-}" ]; then
  echo "make serve: ALLOWED_HOSTS is not set: only localhost and 127.0.0.1 are answered." >&2
fi

"$VENV/bin/python" manage.py check --deploy
"$VENV/bin/python" manage.py migrate --noinput
"$VENV/bin/python" manage.py collectstatic --noinput --verbosity 0

schedule_dir=${DATA_DIR:-var}
mkdir -p "$schedule_dir"
# Both queues by default; CELERY_QUEUES=light leaves the heavy jobs to workers on
# other machines (README, "Scaling out"). Beat runs here only: once per installation.
worker_args=(-A mentoring worker -B "--schedule=$schedule_dir/celerybeat-schedule"
             -Q "${CELERY_QUEUES:-heavy,light}" --loglevel=info)
[ -z "${CELERY_CONCURRENCY:-}" ] || worker_args+=("--concurrency=$CELERY_CONCURRENCY")

worker_pid=""
web_pid=""
stop() {
  trap - INT TERM
  for pid in $web_pid $worker_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  wait $web_pid $worker_pid 2>/dev/null || true
}
trap 'stop; exit 143' INT TERM
trap stop EXIT

"$VENV/bin/celery" "${worker_args[@]}" &
worker_pid=$!
"$VENV/bin/gunicorn" --config mentoring/gunicorn.conf.py mentoring.wsgi &
web_pid=$!

status=0
wait -n "$web_pid" "$worker_pid" || status=$?
echo "make serve: $( kill -0 "$web_pid" 2>/dev/null && echo "the Celery worker" || echo "gunicorn" ) exited ($status); stopping" >&2
exit "$status"
