"""A REAL Celery worker for tests marked ``worker``: a subprocess on Redis,
pointed at pytest-django's test database (PostgreSQL) and the test's MEDIA_ROOT.

    with running_worker(tmp_path, "reports") as log_path:
        ...  # queue work through the services, then poll the rows

``skip_without_services()`` skips the test unless REDIS_URL and DATABASE_URL
are set (the embedded default has neither).
"""

import contextlib
import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

PING_SECONDS = 30


def skip_without_services() -> None:
    if not (os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL")):
        pytest.skip("needs REDIS_URL and DATABASE_URL: runs a real Celery worker on Redis and PostgreSQL")


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return "postgres://{cred}@{host}:{port}/{name}".format(
        cred=credentials, host=host, port=port, name=db["NAME"]
    )


def start_worker(log_file, hostname: str) -> subprocess.Popen:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DEBUG": "true",
    })
    command = [
        sys.executable, "-m", "celery", "-A", "mentoring", "worker", "--pool=solo",
        "--concurrency=1", "-Q", "celery", "--without-heartbeat", "--without-mingle",
        "--without-gossip", "--loglevel=INFO", "-n", hostname,
    ]
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log_file,
                            stderr=subprocess.STDOUT)


def wait_for_ping(process: subprocess.Popen, hostname: str, log_path) -> None:
    from mentoring.celery import app

    deadline = time.monotonic() + PING_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the worker exited with %s:\n%s" % (process.returncode, log_path.read_text()))
        if app.control.ping(destination=[hostname], timeout=1.0):
            return
    pytest.fail("the worker did not answer a ping in %d s:\n%s" % (PING_SECONDS, log_path.read_text()))


def wait_until(check, *, seconds: float, log_path, what: str):
    """Poll ``check()`` every 0.3 s until it returns a true value; fail with the
    worker's log after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    pytest.fail("%s did not happen in %d s:\n%s" % (what, seconds, log_path.read_text()))


@contextlib.contextmanager
def running_worker(tmp_path, name: str):
    """Start a worker named ``<name>-test-<pid>``, wait until it answers, yield
    its log path, stop it."""
    hostname = "%s-test-%d@localhost" % (name, os.getpid())
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log_file:
        process = start_worker(log_file, hostname)
        try:
            wait_for_ping(process, hostname, log_path)
            yield log_path
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
