"""A worker killed in the middle of building the annual report (issue 13, "Work in
the background, reliably"): on PostgreSQL + Redis with REAL workers, the job is
delivered again and built once — one Report row, one PDF, one XLSX.

Skipped unless REDIS_URL and DATABASE_URL are set, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_match \\
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/pytest reports/tests/test_worker_kill.py -q

The data set (300 active pairs) makes the build last several seconds; the test
kills the worker once the report's progress is past the figures and before the
files (25–75 %: the PDF is being rendered), without any test-only hook.

Two deaths, two ways back (mentoring/tests/worker.py):

- the whole worker is SIGKILLed (main process and pool): nothing acknowledges or
  rejects the message, which stays "unacknowledged" in Redis; a NEW worker
  process, started once the job is older than the visibility timeout
  (CELERY_VISIBILITY_TIMEOUT, set to 2 s for these workers), requeues it when
  it starts;
- only the pool process is SIGKILLed: the worker's main process sees it lost
  and, the task being ``reject_on_worker_lost``, requeues the job at once; a new
  pool process builds it.
"""

import io
import os
import time

import pytest
from django.utils import timezone
from pypdf import PdfReader

from mentoring.models import AcademicYear
from mentoring.tests.factories import teacher_teacher_form, traditional_kind
from mentoring.tests.worker import killable_worker, skip_without_services, wait_until
from pairs.enums import PairStatus
from pairs.models import Pair
from participants.models import Mentee, Mentor, Participant
from reports.enums import JobStatus, ReportKind
from reports.models import IndicatorValue, Report
from reports.services.annual import request_report

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PAIRS = 300
SECONDS = 120
# Short, so that the next worker requeues the dead one's job when it starts
# (production keeps the default hour, longer than any task's hard limit).
VISIBILITY_TIMEOUT = 2
WORKER_ENV = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}


def _active_pairs(organization, year, count: int) -> None:
    """``count`` active pairs of one mentor and one mentee each, written in bulk."""
    people = Participant.objects.bulk_create([
        Participant(organization=organization, surname="Фамилия%04d" % n, name="Имя",
                    patronymic="Отчество", category="teacher", consent_status="given")
        for n in range(2 * count)
    ])
    mentors = Mentor.objects.bulk_create([Mentor(participant=p, capacity=1) for p in people[:count]])
    mentees = Mentee.objects.bulk_create([Mentee(participant=p) for p in people[count:]])
    form, kind = teacher_teacher_form(), traditional_kind()
    pairs = Pair.objects.bulk_create([
        Pair(organization=organization, academic_year=year, form=form, kind=kind, mentor=mentor,
             status=PairStatus.ACTIVE, approved_at=timezone.now())
        for mentor in mentors
    ])
    Pair.mentees.through.objects.bulk_create([
        Pair.mentees.through(pair_id=pair.pk, mentee_id=mentee.pk)
        for pair, mentee in zip(pairs, mentees, strict=True)
    ])


def _unacknowledged(report) -> float:
    """When the build job of ``report`` was taken by a worker that has not
    acknowledged it (kombu's Redis "unacked" hash and its time index)."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    needle = ("'report_id': %d" % report.pk).encode()
    tags = [tag for tag, payload in client.hgetall("unacked").items()
            if b"reports.build_report" in payload and needle in payload]
    assert len(tags) == 1, "the killed worker's job is not unacknowledged in Redis"
    return client.zscore("unacked_index", tags[0])


def _rendering(report) -> bool:
    """The build is past the figures and has not stored a file yet."""
    report.refresh_from_db()
    return report.status == JobStatus.RUNNING and 25 <= report.progress < 75


def _finished(report) -> bool:
    report.refresh_from_db()
    return report.status in (JobStatus.DONE, JobStatus.FAILED)


def _stored_files(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "reports"
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(settings.MEDIA_ROOT)) for p in folder.rglob("*") if p.is_file())


def _wait_for_the_files(report, settings, worker) -> None:
    """The task removes other builds' files after it saves the row: wait for that."""
    wait_until(lambda: _stored_files(settings) == sorted([report.pdf.name, report.xlsx.name]),
               seconds=30, log_path=worker.log_path, what="the report's files alone in storage")


def _assert_built_once(report, settings, year) -> None:
    assert report.status == JobStatus.DONE, report.error
    assert report.progress == 100 and report.pages > 0
    assert Report.objects.filter(organization=report.organization, academic_year=year,
                                 kind=ReportKind.ANNUAL).count() == 1
    assert _stored_files(settings) == sorted([report.pdf.name, report.xlsx.name])
    with report.pdf.open("rb") as f:
        assert len(PdfReader(io.BytesIO(f.read())).pages) == report.pages
    indicators = list(IndicatorValue.objects.filter(organization=report.organization,
                                                    academic_year=year)
                      .values_list("indicator_id", flat=True))
    assert len(indicators) == len(set(indicators))  # recorded once per indicator


def _request(organization, year, curator, worker):
    report = request_report(organization=organization, academic_year=year,
                            kind=ReportKind.ANNUAL, actor=curator)
    wait_until(lambda: _rendering(report), seconds=SECONDS, log_path=worker.log_path,
               what="rendering the PDF")
    return report


def test_the_next_worker_builds_the_report_of_a_killed_one(
    organization, curator, tmp_path, settings
):
    skip_without_services()
    year = AcademicYear.current()
    _active_pairs(organization, year, PAIRS)

    with killable_worker(tmp_path, "reports-first", env=WORKER_ENV) as first:
        report = _request(organization, year, curator, first)
        first.kill()
        assert first.process.returncode == -9

    report.refresh_from_db()
    assert report.status == JobStatus.RUNNING and report.progress < 100  # left half-done
    assert "reports.build_report" in first.log()
    # the job is in Redis, taken and never acknowledged; once it is older than the
    # visibility timeout, a worker that starts puts it back in the queue
    taken_at = _unacknowledged(report)
    wait_until(lambda: time.time() - taken_at > VISIBILITY_TIMEOUT + 0.5, seconds=10,
               log_path=first.log_path, what="the visibility timeout")

    with killable_worker(tmp_path, "reports-next", env=WORKER_ENV) as following:
        wait_until(lambda: _finished(report), seconds=SECONDS, log_path=following.log_path,
                   what="the build by the next worker")
        _wait_for_the_files(report, settings, following)

    assert "Task reports.build_report[" in following.log()
    _assert_built_once(report, settings, year)


def test_a_killed_pool_process_is_replaced_and_the_job_requeued(
    organization, curator, tmp_path, settings
):
    skip_without_services()
    year = AcademicYear.current()
    _active_pairs(organization, year, PAIRS)

    with killable_worker(tmp_path, "reports-pool", env=WORKER_ENV) as worker:
        report = _request(organization, year, curator, worker)
        killed = worker.kill_pool_child()
        wait_until(lambda: _finished(report), seconds=SECONDS, log_path=worker.log_path,
                   what="the build by a new pool process")
        _wait_for_the_files(report, settings, worker)
        assert killed not in worker.pool_children()

    assert "WorkerLostError" in worker.log()
    _assert_built_once(report, settings, year)

