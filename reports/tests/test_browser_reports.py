"""Issue 5 in Debian's Chromium (Playwright): the curator builds the annual report
of 2024/2025, waits until the progress bar completes, downloads the PDF and the
XLSX and finds the pair, its meetings against the cadence and the satisfaction.
"""

import datetime
import io
import shutil

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.enums import Role
from mentoring.services import grant_membership
from mentoring.tests.browser import CHROMIUM, PASSWORD, download, login, pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def college(transactional_db):
    """A curator; year 2024/2025 with one active pair Алисова → Бобров
    («педагог – педагог») approved on 1 Oct 2024 that met on 1 and 14 Oct
    (expected by the two-week cadence: 335 days // 14 = 23); a mentee's
    satisfaction answer 4 on 15 Nov 2024."""
    from mentoring.models import AcademicYear, Organization
    from mentoring.services import ensure_reference_data
    from mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ParticipantFactory
    from pairs.models import Meeting, Pair
    from reports.tests.conftest import answer

    ensure_reference_data()
    organization = Organization.objects.create(
        name="ГПОУ «Анжеро-Судженский политехнический колледж»", short_name="ГПОУ АСПК",
        city="Анжеро-Судженск", director_name="Д. Ф. Ахмерова",
    )
    grant_membership(organization=organization, username="curator", role=Role.CURATOR,
                     password=PASSWORD)
    year, _created = AcademicYear.objects.get_or_create(
        title="2024/2025",
        defaults={"starts_on": datetime.date(2024, 9, 1), "ends_on": datetime.date(2025, 8, 31)},
    )
    mentor = MentorFactory(participant=ParticipantFactory(
        organization=organization, surname="Алисова", name="Алиса", patronymic="Петровна"))
    mentee = MenteeFactory(participant=ParticipantFactory(
        organization=organization, surname="Бобров", name="Борис", patronymic="Олегович",
        category="young_specialist"))
    pair = PairFactory(organization=organization, academic_year=year, mentor=mentor,
                       mentees=[mentee], status="active")
    Pair.objects.filter(pk=pair.pk).update(approved_at=_at(datetime.date(2024, 10, 1)))
    for day in (datetime.date(2024, 10, 1), datetime.date(2024, 10, 14)):
        Meeting.objects.create(pair=pair, meeting_type="regular", topic="Встреча", held_on=day)
    response = answer(organization, value=4, submitted_at=_at(datetime.date(2024, 11, 15)),
                      respondent=mentee.participant)
    response.__class__.objects.filter(pk=response.pk).update(created_at=_at(datetime.date(2024, 11, 15)))
    return {"organization": organization, "year": year, "pair": pair}


def test_browser_curator_builds_and_downloads_the_annual_report(browser, live_server, college,
                                                                shots):
    from reports.enums import JobStatus
    from reports.models import Report

    curator = login(browser, live_server, "curator")
    shots.append(curator)
    curator.goto("/reports/")
    curator.locator("#id_academic_year").select_option(label="2024/2025")
    curator.get_by_role("button", name="Сформировать годовой отчёт").click()

    status = curator.locator(".report-status").first
    status.locator('.progress[aria-valuenow="100"]').wait_for(timeout=90_000)
    report = Report.objects.get(organization=college["organization"])
    assert (report.status, report.academic_year, report.pages) == (
        JobStatus.DONE, college["year"], report.pages)
    assert report.pages >= 2

    pdf = pdf_text(download(curator, status.get_by_role("link", name="PDF")))
    flat = " ".join(pdf.split())
    assert "Итоговый отчет о результатах апробации методологии (целевой модели) наставничества" in flat
    assert "2024/2025" in flat and "Алисова Алиса Петровна" in flat and "Бобров Борис Олегович" in flat
    assert "2 / 23 *" in flat  # meetings held / expected by the cadence
    assert "4,00" in flat  # mean satisfaction of mentees

    book = load_workbook(io.BytesIO(download(curator, status.get_by_role("link", name="Excel (XLSX)"))))
    pairs = [row for row in book["Пары"].iter_rows(values_only=True)]
    row = next(r for r in pairs if r[0] == college["pair"].pk)
    assert row[1:3] == ("Алисова Алиса Петровна", "Бобров Борис Олегович")
    assert row[6:8] == (2, 23)
    participants = list(book["Участники"].iter_rows(values_only=True))
    assert any(r[1:3] == (1, 1) for r in participants if r[0] and "педагог" in r[0])
