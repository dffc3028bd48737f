"""The report tasks run twice leave the same state (issue 13: every task is
idempotent; reports/tasks.py). The order documents' task is covered in
test_order_files.py."""

from pathlib import Path

import pytest
from django.conf import settings

from mentoring.models import AcademicYear
from reports.enums import JobStatus, ReportKind
from reports.models import Report
from reports.services.annual import request_report
from reports.tasks import task_build_report

pytestmark = pytest.mark.django_db


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def report_state(report_id: int) -> tuple:
    report = Report.objects.get(pk=report_id)
    return (Report.objects.count(), report.status, report.progress, report.error, report.pdf.name,
            report.xlsx.name, report.pages, report.finished_at, media_files())


@pytest.fixture
def queued_report(organization, curator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = request_report(organization=organization, academic_year=AcademicYear.current(),
                                kind=ReportKind.MONITORING_DECEMBER, actor=curator)
    assert len(callbacks) == 1 and report.status == JobStatus.PENDING
    return report


def test_build_report_twice_leaves_the_same_report_and_files(queued_report):
    task_build_report.apply(kwargs={"report_id": queued_report.pk})
    first = report_state(queued_report.pk)
    assert first[1] == JobStatus.DONE and len(first[-1]) == 2

    task_build_report.apply(kwargs={"report_id": queued_report.pk})

    assert report_state(queued_report.pk) == first


def test_an_interrupted_build_is_built_by_the_next_delivery(queued_report):
    """The worker died while building (status RUNNING, acks_late): the job is
    delivered again and builds the report once."""
    Report.objects.filter(pk=queued_report.pk).update(status=JobStatus.RUNNING, progress=25)

    task_build_report.apply(kwargs={"report_id": queued_report.pk})

    state = report_state(queued_report.pk)
    assert (state[0], state[1], state[2], len(state[-1])) == (1, JobStatus.DONE, 100, 2)


def test_a_deleted_report_is_skipped(queued_report):
    Report.objects.filter(pk=queued_report.pk).delete()

    result = task_build_report.apply(kwargs={"report_id": queued_report.pk})

    assert result.successful() and media_files() == []
