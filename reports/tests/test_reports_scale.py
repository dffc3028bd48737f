"""Issue 15 (scale), reports: the campaign opening, the territory report's data
and the annual report's data read a constant number of queries whatever the
number of organisations or participants; a mentor of two organisations counts
once in the territory's total; the territory report job saves its progress."""

import datetime

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.enums import OrganizationKind
from mentoring.models import AcademicYear
from mentoring.tests.factories import OrganizationFactory, TerritoryFactory
from pairs.models import Meeting
from reports.enums import JobStatus, MonitoringPeriod
from reports.models import Report
from reports.services import monitoring as service
from reports.services.annual import collect_annual_data
from reports.services.indicators import ensure_indicators
from reports.services.territory_report import collect_territory_data, request_territory_report

from .conftest import answer, make_pair, mentee_of, mentor_of


def _territory(organizations: int, people: int = 2):
    """A territory with an authority and ``organizations`` schools and colleges,
    each with ``people`` pairs (a meeting and an answer each) and its indicators."""
    territory = TerritoryFactory()
    authority = OrganizationFactory(territory=territory, kind=OrganizationKind.AUTHORITY)
    year = AcademicYear.current()
    orgs = []
    for n in range(organizations):
        org = OrganizationFactory(territory=territory,
                                  kind=(OrganizationKind.SCHOOL, OrganizationKind.COLLEGE)[n % 2])
        ensure_indicators(organization=org)
        _people(org, year, people)
        orgs.append(org)
    return territory, authority, orgs, year


def _people(org, year, pairs: int) -> None:
    for _n in range(pairs):
        pair = make_pair(org, year, mentor=mentor_of(org), mentees=[mentee_of(org), mentee_of(org)])
        Meeting.objects.create(pair=pair, meeting_type="regular", topic="Встреча",
                               held_on=timezone.localdate() - datetime.timedelta(days=1))
        answer(org, value=4)


def _open(territory, year, actor=None, period=MonitoringPeriod.MAY):
    with CaptureQueriesContext(connection) as captured:
        campaign = service.open_campaign(territory=territory, academic_year=year, period=period,
                                         deadline=timezone.localdate() + datetime.timedelta(days=9),
                                         actor=actor)
    return campaign, len(captured)


def test_opening_a_campaign_reads_the_same_queries_at_3_and_9_organisations(db):
    small, _a, small_orgs, year = _territory(3)
    large, _b, large_orgs, _year = _territory(9)
    _open(small, year, period=MonitoringPeriod.DECEMBER)  # the audit's content type, cached once
    small_campaign, small_queries = _open(small, year)
    large_campaign, large_queries = _open(large, year)
    assert small_queries == large_queries, (small_queries, large_queries)
    assert small_queries <= 30
    # the figures are there, indicators included, for every organisation
    reports = list(large_campaign.reports.all())
    assert len(reports) == 9 and small_campaign.reports.count() == 3
    assert all(r.data["pairs"]["formed"] == 2 and r.data["participants"]["mentees"] == 4 for r in reports)
    assert all(r.data["indicators"]["rows"] for r in reports)


def test_the_territory_report_data_reads_the_same_queries_at_3_and_9_organisations(db):
    counts = []
    for size in (3, 9):
        territory, _authority, _orgs, year = _territory(size)
        campaign, _n = _open(territory, year)
        with CaptureQueriesContext(connection) as captured:
            data = collect_territory_data(campaign)
        counts.append(len(captured))
        assert len(data.rows) == size and data.totals.pairs == 2 * size
    assert counts[0] == counts[1] <= 4, counts


def test_the_annual_report_data_reads_the_same_queries_at_1x_and_10x_participants(organization, year):
    ensure_indicators(organization=organization)
    _people(organization, year, 3)
    with CaptureQueriesContext(connection) as small:
        collect_annual_data(organization, year)
    _people(organization, year, 27)
    with CaptureQueriesContext(connection) as large:
        data = collect_annual_data(organization, year)
    assert len(small) == len(large) <= 25, (len(small), len(large))
    assert data.mentors_total == 30 and data.mentees_total == 60


def test_a_mentor_of_two_organisations_counts_once_in_the_territory_total(territory_world):
    tw, year = territory_world, AcademicYear.current()
    teacher = mentor_of(tw.college)  # mentors at home and, across organisations, at the school
    make_pair(tw.college, year, mentor=teacher, mentees=[mentee_of(tw.college)])
    make_pair(tw.school, year, mentor=teacher, mentees=[mentee_of(tw.school, "pupil")])
    guest = mentor_of(tw.college)  # mentors only at the school
    make_pair(tw.school, year, mentor=guest, mentees=[mentee_of(tw.school, "pupil")])
    campaign, _n = _open(tw.territory, year, tw.coordinator)
    data = collect_territory_data(campaign)
    rows = {row["name"]: row for row in data.rows}
    # each organisation's own row counts the mentors of its pairs …
    assert rows["КПК"]["mentors"] == 1 and rows["Школа № 3"]["mentors"] == 2
    # … the territory counts each person once
    assert data.totals.mentors == 2 and data.totals.mentees == 3


def test_the_territory_report_job_saves_its_progress(territory_world, django_capture_on_commit_callbacks):
    tw, year = territory_world, AcademicYear.current()
    _people(tw.school, year, 2)
    campaign, _n = _open(tw.territory, year, tw.coordinator)
    seen = []

    def record(sender, instance, update_fields=None, **kwargs):
        if update_fields and "progress" in update_fields:
            seen.append((instance.status, instance.progress))

    post_save.connect(record, sender=Report, dispatch_uid="progress-seen")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = request_territory_report(campaign, actor=tw.coordinator)
    finally:
        post_save.disconnect(dispatch_uid="progress-seen", sender=Report)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.pages >= 1
    progress = [p for _status, p in seen]
    assert progress == sorted(progress) and progress[0] < 25 and progress[-1] == 100
    assert len(set(progress)) >= 4  # saved as it goes, not only at the end
    assert seen[0][0] == JobStatus.RUNNING


@pytest.mark.parametrize("size", [3])
def test_reopening_the_figures_of_an_organisation_keeps_its_query_budget(db, size):
    territory, _authority, orgs, year = _territory(size)
    campaign, _n = _open(territory, year)
    report = campaign.reports.get(organization=orgs[0])
    with CaptureQueriesContext(connection) as captured:
        service.recompute_report(report, actor=None)
    assert len(captured) <= 30
