"""The territory report built by a REAL Celery worker through Redis and
PostgreSQL (issue 15): the territory curator presses «build», the job is
queued after commit, a worker builds it and the status fragment the page
polls follows its progress to 100 %.

Skipped unless REDIS_URL and DATABASE_URL are set, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h4reports \\
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/pytest reports -q -m worker
"""

import datetime
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.models import AcademicYear
from mentoring.tests.worker import running_worker, skip_without_services
from reports.enums import JobStatus, MonitoringPeriod
from reports.models import Report
from reports.services import monitoring as service

from . import monitoring_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BUILD_SECONDS = 90
PROGRESS = re.compile(r'data-progress="(\d+)"')


def test_worker_builds_the_territory_report_and_the_page_follows_its_progress(territory_world, tmp_path):
    skip_without_services()
    tw = territory_world
    monitoring_world.build(tw)
    campaign = service.open_campaign(territory=tw.territory, academic_year=AcademicYear.current(),
                                     period=MonitoringPeriod.MAY,
                                     deadline=timezone.localdate() + datetime.timedelta(days=5),
                                     actor=tw.coordinator)
    client = Client()
    client.force_login(tw.coordinator)
    with running_worker(tmp_path, "territory") as log_path:
        response = client.post(reverse("monitoring:territory_report_build", args=[campaign.pk]))
        assert response.status_code == 302
        report = Report.objects.get(campaign=campaign)
        status_url = reverse("monitoring:territory_report_status", args=[report.pk])
        seen, deadline = [], time.monotonic() + BUILD_SECONDS
        while time.monotonic() < deadline:
            fragment = client.get(status_url).content.decode()
            seen.append(int(PROGRESS.search(fragment).group(1)))
            report.refresh_from_db()
            if report.status in (JobStatus.DONE, JobStatus.FAILED):
                break
            time.sleep(0.1)
        else:
            pytest.fail("the territory report was not built in %d s:\n%s" % (BUILD_SECONDS, log_path.read_text()))
    assert report.status == JobStatus.DONE, report.error + "\n" + log_path.read_text()
    assert report.progress == 100 and report.pages >= 1 and report.started_at <= report.finished_at
    fragment = client.get(status_url).content.decode()
    assert 'data-progress="100"' in fragment and "hx-trigger" not in fragment  # the page stops polling
    assert seen == sorted(seen), seen  # progress only goes forward
    storage = report.pdf.storage
    assert storage.exists(report.pdf.name) and storage.exists(report.xlsx.name)
