"""gunicorn's settings for the portal (``make serve``, mentoring/serve.sh):

    gunicorn --config mentoring/gunicorn.conf.py mentoring.wsgi

Read from the environment:

- ``GUNICORN_BIND`` (default ``127.0.0.1:8000``): address and port, or
  ``unix:/run/mentoring.sock``; a reverse proxy on the same machine forwards here;
- ``WEB_CONCURRENCY`` (default 2 × CPU cores + 1): worker processes;
- ``GUNICORN_THREADS`` (default 1): threads per worker (``gthread`` above 1);
- ``GUNICORN_TIMEOUT`` (default 60): seconds before a silent worker is restarted;
- ``FORWARDED_ALLOW_IPS`` (gunicorn's own, default ``127.0.0.1,::1``): proxies
  whose ``X-Forwarded-*`` headers gunicorn believes;
- ``DATA_DIR`` (the portal's, default ``var/``): holds the control socket
  ``gunicorn.ctl`` of ``gunicornc``.

The access log goes to stdout, errors to stderr.
"""

import multiprocessing
import os


def _positive(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name} must be a positive whole number, got {value!r}")
    return int(value)


bind = [os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"]
workers = _positive("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = _positive("GUNICORN_THREADS", 1)
timeout = _positive("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# a worker is replaced after this many requests: bounds the memory a long-lived
# process gathers (WeasyPrint, openpyxl); the jitter keeps them from restarting together
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
# the client address is the proxy's; the real one is in X-Forwarded-For
access_log_format = '%(h)s %({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
# gunicornc's control socket beside the portal's data, not one per user account
# that every gunicorn of the machine would share
control_socket = os.path.join(
    os.environ.get("DATA_DIR", "").strip()
    or os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "var")),
    "gunicorn.ctl",
)
# heartbeat files in memory, not on a possibly slow disk
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
