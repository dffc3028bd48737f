"""Issue 14 in Debian's Chromium (Playwright): the territory curator opens the
December monitoring, a school's curator reviews the computed figures and sends
the report to the education authority, the territory curator accepts it."""

import datetime
import re
import shutil

import pytest
from django.utils import timezone

from mentoring.enums import OrganizationKind, ParticipantCategory, Role
from mentoring.services import grant_membership
from mentoring.tests.browser import CHROMIUM, PASSWORD, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def territory(transactional_db):
    """A territory with its authority and curator, a college and a school with
    curators; the school has one active teacher – pupil pair."""
    from mentoring.models import AcademicYear, MentoringForm, Organization, Territory
    from mentoring.services import ensure_reference_data

    from .conftest import make_pair, mentee_of, mentor_of

    ensure_reference_data()
    territory = Territory.objects.create(name="Город Когалым", slug="kogalym")
    authority = Organization.objects.create(
        territory=territory, kind=OrganizationKind.AUTHORITY, short_name="Управление образования",
        name="Управление образования Администрации города Когалыма", director_name="С. Г. Гришина")
    college = Organization.objects.create(
        territory=territory, kind=OrganizationKind.COLLEGE, short_name="КПК",
        name="БУ «Когалымский политехнический колледж»", director_name="А. А. Иванов")
    school = Organization.objects.create(
        territory=territory, kind=OrganizationKind.SCHOOL, short_name="Школа № 3",
        name="МАОУ «Средняя школа № 3»", director_name="Е. М. Страхова")
    grant_membership(organization=authority, username="coordinator", role=Role.COORDINATOR,
                     password=PASSWORD)
    grant_membership(organization=school, username="school_curator", role=Role.CURATOR, password=PASSWORD)
    grant_membership(organization=college, username="college_curator", role=Role.CURATOR, password=PASSWORD)
    form, _ = MentoringForm.objects.get_or_create(
        code="teacher-pupil", defaults={"name": "учитель – ученик", "mentor_categories": ["teacher"],
                                        "mentee_categories": ["pupil"]})
    pair = make_pair(school, AcademicYear.current(), mentor=mentor_of(school, ParticipantCategory.TEACHER),
                     mentees=[mentee_of(school, ParticipantCategory.PUPIL)])
    pair.form = form
    pair.save(update_fields=["form"])
    return {"school": school, "college": college}


def test_browser_monitoring_open_submit_accept(browser, live_server, territory, shots):
    from reports.models import MonitoringCampaign, MonitoringReport

    coordinator = login(browser, live_server, "coordinator")
    shots.append(coordinator)
    assert "Сводка по территории" in coordinator.content()
    coordinator.get_by_role("link", name="Мониторинг территории").first.click()
    coordinator.get_by_label("Период").select_option(label="Декабрь")
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    coordinator.get_by_label("Срок представления отчётов").fill(deadline.isoformat())
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Открыть мониторинг").click()
    coordinator.get_by_text("Мониторинг открыт").wait_for()
    campaign = MonitoringCampaign.objects.get()
    assert campaign.reports.count() == 2

    curator = login(browser, live_server, "school_curator")
    shots.append(curator)
    curator.get_by_role("link", name="Мониторинг", exact=True).click()
    curator.get_by_role("link", name=re.compile("Декабрь")).click()
    # the school's pair is in the computed figures, under seed 002's form
    row = curator.get_by_role("row", name=re.compile("Учитель – ученик"))
    assert row.get_by_role("cell").nth(1).inner_text() == "1"
    curator.get_by_label("Комментарий для управления образования").fill("Данные проверены")
    with curator.expect_navigation():
        curator.get_by_role("button", name="Направить в управление образования").click()
    curator.get_by_text("Отчёт направлен в управление образования.").wait_for()

    coordinator.goto(f"/monitoring/campaigns/{campaign.pk}/")
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Принять отчёт организации «Школа № 3»").click()
    coordinator.get_by_text("Отчёт организации «Школа № 3» принят.").wait_for()
    school_row = coordinator.get_by_role("row", name=re.compile("Школа № 3"))
    assert "Принят" in school_row.inner_text()
    report = MonitoringReport.objects.get(organization=territory["school"])
    assert (report.status, report.curator_comment) == ("accepted", "Данные проверены")
    assert MonitoringReport.objects.get(organization=territory["college"]).status == "draft"
