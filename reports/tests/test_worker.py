"""The annual report built by a REAL Celery worker through Redis and PostgreSQL.

Skipped unless REDIS_URL and DATABASE_URL are set, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helper_c \\
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/pytest reports -q -m worker

The worker is a subprocess of this test, pointed at pytest-django's test
database and this test's MEDIA_ROOT; the report is requested through
``request_report``, so the task goes through the broker after commit.
"""

import io
import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook

from mentoring.models import AcademicYear
from reports.enums import JobStatus, ReportKind
from reports.renderers.annual import SHEETS
from reports.services.annual import request_report

from .conftest import make_pair

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PING_SECONDS = 30
BUILD_SECONDS = 60


def _database_url() -> str:
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


def _start_worker(log_file, hostname: str) -> subprocess.Popen:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": _database_url(),
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


def _wait_for_ping(process: subprocess.Popen, hostname: str, log_path) -> None:
    from mentoring.celery import app

    deadline = time.monotonic() + PING_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the worker exited with %s:\n%s" % (process.returncode, log_path.read_text()))
        if app.control.ping(destination=[hostname], timeout=1.0):
            return
    pytest.fail("the worker did not answer a ping in %d s:\n%s" % (PING_SECONDS, log_path.read_text()))


def _wait_for_report(report, log_path):
    deadline = time.monotonic() + BUILD_SECONDS
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (JobStatus.DONE, JobStatus.FAILED):
            return report
        time.sleep(0.5)
    pytest.fail("report still %s after %d s:\n%s" % (report.status, BUILD_SECONDS, log_path.read_text()))


def test_worker_builds_the_annual_report(organization, curator, alice, bob, tmp_path):
    if not (os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL")):
        pytest.skip("needs REDIS_URL and DATABASE_URL: runs a real Celery worker on Redis and PostgreSQL")
    year = AcademicYear.current()
    make_pair(organization, year, mentor=alice.participant.mentor_profile,
              mentees=[bob.participant.mentee_profile])
    hostname = "reports-test-%d@localhost" % os.getpid()
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log_file:
        process = _start_worker(log_file, hostname)
        try:
            _wait_for_ping(process, hostname, log_path)

            report = request_report(organization=organization, academic_year=year,
                                    kind=ReportKind.ANNUAL, actor=curator)
            report = _wait_for_report(report, log_path)

            assert report.status == JobStatus.DONE, report.error + "\n" + log_path.read_text()
            assert report.progress == 100
            storage = report.pdf.storage
            assert storage.exists(report.pdf.name) and storage.exists(report.xlsx.name)
            with report.pdf.open("rb") as f:
                assert f.read(5) == b"%PDF-"
            with report.xlsx.open("rb") as f:
                book = load_workbook(io.BytesIO(f.read()))
            assert book.sheetnames == list(SHEETS)
            assert book["Пары"]["B2"].value == "Алисова Алиса Петровна"
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
