"""A REAL Celery worker for tests marked ``worker``: a subprocess on Redis,
pointed at pytest-django's test database (PostgreSQL) and the test's MEDIA_ROOT.

    with running_worker(tmp_path, "reports") as log_path:
        ...  # queue work through the services, then poll the rows

    with killable_worker(tmp_path, "reports-a", env={...}) as worker:
        ...  # worker.kill() kills the whole worker; worker.kill_pool_child() its pool process

``skip_without_services()`` skips the test unless REDIS_URL and DATABASE_URL
are set (the embedded default has neither).
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

PING_SECONDS = 30
# Both queues of the settings (heavy and light), as the production start consumes them.
QUEUES = tuple(queue.name for queue in settings.CELERY_TASK_QUEUES)


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


def start_worker(log_file, hostname: str, *, pool: str = "solo", env: dict | None = None,
                 new_session: bool = False, queues: tuple[str, ...] = QUEUES) -> subprocess.Popen:
    """A worker subprocess with one process (``pool="solo"``) or a main process
    and one pool child (``pool="prefork"``) consuming ``queues`` (both by
    default); ``env`` adds variables; ``new_session`` puts it in its own process
    group (os.killpg kills it all)."""
    environment = dict(os.environ)
    environment.update({
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DEBUG": "true",
        **(env or {}),
    })
    command = [
        sys.executable, "-m", "celery", "-A", "mentoring", "worker", "--pool=" + pool,
        "--concurrency=1", "-Q", ",".join(queues), "--without-heartbeat", "--without-mingle",
        "--without-gossip", "--loglevel=INFO", "-n", hostname,
    ]
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=environment, stdout=log_file,
                            stderr=subprocess.STDOUT, start_new_session=new_session)


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
def running_worker(tmp_path, name: str, *, queues: tuple[str, ...] = QUEUES):
    """Start a worker named ``<name>-test-<pid>`` on ``queues`` (both by
    default), wait until it answers, yield its log path, stop it."""
    hostname = "%s-test-%d@localhost" % (name, os.getpid())
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log_file:
        process = start_worker(log_file, hostname, queues=queues)
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


class KillableWorker:
    """A prefork worker (a main process and one pool child) in its own process
    group, for tests that kill it in the middle of a job."""

    def __init__(self, process: subprocess.Popen, hostname: str, log_path):
        self.process, self.hostname, self.log_path = process, hostname, log_path

    def pool_children(self) -> list[int]:
        """Pids of the pool processes that run the tasks (Linux: the children
        the kernel lists for each thread of the main process)."""
        pids = []
        for children in Path("/proc/%d/task" % self.process.pid).glob("*/children"):
            with contextlib.suppress(OSError):
                pids += [int(pid) for pid in children.read_text().split()]
        return sorted(pids)

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool) at once, as a lost
        machine or the OOM killer would: nothing is acknowledged or requeued."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def kill_pool_child(self) -> int:
        """SIGKILL the pool process running the task; the main process survives,
        sees the loss and (reject_on_worker_lost) requeues the job. Returns the pid."""
        (pid,) = self.pool_children()
        os.kill(pid, signal.SIGKILL)
        return pid

    def log(self) -> str:
        return self.log_path.read_text()


@contextlib.contextmanager
def killable_worker(tmp_path, name: str, *, env: dict | None = None):
    """Start a prefork worker named ``<name>-test-<pid>`` in its own process
    group (log in ``<name>.log``), wait until it answers, yield a
    :class:`KillableWorker`; at the end stop what is left of it."""
    hostname = "%s-test-%d@localhost" % (name, os.getpid())
    log_path = tmp_path / ("%s.log" % name)
    with open(log_path, "w") as log_file:
        process = start_worker(log_file, hostname, pool="prefork", env=env, new_session=True)
        worker = KillableWorker(process, hostname, log_path)
        try:
            wait_for_ping(process, hostname, log_path)
            yield worker
        finally:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
