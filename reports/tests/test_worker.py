"""The annual report built by a REAL Celery worker through Redis and PostgreSQL.

Skipped unless REDIS_URL and DATABASE_URL are set, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helper_c \\
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/pytest reports -q -m worker

The worker is a subprocess of this test, pointed at pytest-django's test
database and this test's MEDIA_ROOT; the report is requested through
``request_report``, so the task goes through the broker after commit.
"""

import io

import pytest
from openpyxl import load_workbook

from mentoring.models import AcademicYear
from reports.enums import JobStatus, ReportKind
from reports.renderers.annual import SHEETS
from mentoring.tests.worker import running_worker, skip_without_services, wait_until
from reports.services.annual import request_report

from .conftest import make_pair

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BUILD_SECONDS = 60


def _report_finished(report):
    report.refresh_from_db()
    return report.status in (JobStatus.DONE, JobStatus.FAILED)


def test_worker_builds_the_annual_report(organization, curator, alice, bob, tmp_path):
    skip_without_services()
    year = AcademicYear.current()
    make_pair(organization, year, mentor=alice.participant.mentor_profile,
              mentees=[bob.participant.mentee_profile])
    with running_worker(tmp_path, "reports") as log_path:
        report = request_report(organization=organization, academic_year=year,
                                kind=ReportKind.ANNUAL, actor=curator)
        wait_until(lambda: _report_finished(report), seconds=BUILD_SECONDS, log_path=log_path,
                   what="the annual report")
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
