"""The territory curator's dashboard (issue 14): one row per organisation in
aggregate, totals, a cross-organisation pair counted once, and a number of
queries that does not grow with the number of organisations."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.enums import OrganizationKind, ParticipantCategory
from mentoring.models import AcademicYear
from mentoring.territory_dashboard import territory_overview
from mentoring.tests.factories import OrganizationFactory
from pairs.enums import PairStatus
from reports.enums import MonitoringPeriod
from reports.services import monitoring as service
from roadmap.enums import ActivityStatus, RoadmapApproval
from roadmap.models import Activity, Roadmap, Stage

from . import monitoring_world
from .conftest import make_pair, mentee_of, mentor_of


def _row(overview, organization):
    return next(row for row in overview["rows"] if row["organization"] == organization)


def test_overview_rows_and_totals(territory_world):
    tw = territory_world
    monitoring_world.build(tw)
    year = AcademicYear.current()
    roadmap = Roadmap.objects.create(organization=tw.school, academic_year=year, title="ДК",
                                     approval=RoadmapApproval.APPROVED)
    stage = Stage.objects.create(roadmap=roadmap, number=1, title="Подготовка")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Activity.objects.create(stage=stage, code="1.1", title="Приказ", status=ActivityStatus.DONE)
    Activity.objects.create(stage=stage, code="1.2", title="Положение", deadline=yesterday)
    Activity.objects.create(stage=stage, code="1.3", title="Отменено", status=ActivityStatus.CANCELLED)
    service.open_campaign(territory=tw.territory, academic_year=year, period=MonitoringPeriod.DECEMBER,
                          deadline=timezone.localdate(), actor=tw.coordinator)
    overview = territory_overview(tw.territory)
    assert [row["organization"] for row in overview["rows"]] == [tw.college, tw.school]  # КПК, Школа
    school, college = _row(overview, tw.school), _row(overview, tw.college)
    statuses = [code for code, _label in overview["statuses"]]
    assert dict(zip(statuses, school["by_status"])) == {
        "draft": 1, "proposed": 0, "approved": 1, "active": 2, "completed": 0, "terminated": 0}
    assert school["pairs"] == 4
    # the college's employer mentors in the school: that pair counts in the school only
    assert college["pairs"] == 1
    assert (school["mentors"], school["mentees"]) == (3, 4)
    forms = dict(zip([key for key, _t in overview["forms"]], school["by_form"]))
    assert forms["teacher_pupil"] == forms["pupil_pupil"] == forms["employer_pupil"] == 1
    road = dict(school["roadmap"])
    assert road.pop("approval_label")
    assert road == {"total": 2, "done": 1, "overdue": 1, "percent": 50, "approval": "approved"}
    assert college["roadmap"] is None
    assert school["report"]["status"] == "draft" and school["report"]["late"] is False
    totals = overview["totals"]
    assert totals["pairs"] == 5
    # people counted once across the territory: 4 mentors, 5 mentees in counted pairs
    assert (totals["mentors"], totals["mentees"]) == (4, 5)
    assert totals["roadmap"]["approved"] == 1


def _territory_with(territory_world, count):
    """``count`` schools besides the world's two, each with two pairs, a roadmap
    and a report of the open campaign."""
    tw, year = territory_world, AcademicYear.current()
    for n in range(count):
        school = OrganizationFactory(territory=tw.territory, kind=OrganizationKind.SCHOOL)
        make_pair(school, year, mentor=mentor_of(school), mentees=[mentee_of(school, ParticipantCategory.PUPIL)])
        make_pair(school, year, mentor=mentor_of(school), mentees=[mentee_of(school)],
                  status=PairStatus.DRAFT)
        roadmap = Roadmap.objects.create(organization=school, academic_year=year, title="ДК")
        stage = Stage.objects.create(roadmap=roadmap, number=1, title="Подготовка")
        Activity.objects.create(stage=stage, code="1.1", title="Приказ")


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("dashboard"))  # warm the session and caches alike
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_organisations(territory_world, client):
    tw = territory_world
    monitoring_world.build(tw)
    service.open_campaign(territory=tw.territory, academic_year=AcademicYear.current(),
                          period=MonitoringPeriod.DECEMBER, deadline=timezone.localdate(),
                          actor=tw.coordinator)
    _territory_with(tw, 1)
    three = _queries(client, tw.coordinator)
    _territory_with(tw, 3)
    six = _queries(client, tw.coordinator)
    assert three == six
    assert six <= 20


def test_dashboard_is_the_coordinators_home_in_russian(territory_world, client):
    monitoring_world.build(territory_world)
    client.force_login(territory_world.coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Сводка по территории" in page and "Итого по территории" in page
    assert "Школа № 3" in page and "Учитель – ученик" in page
    for surname in monitoring_world.SURNAMES:
        assert surname not in page
