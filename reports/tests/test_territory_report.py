"""The territory monitoring report (seed 002 items 9, 12): a job with progress
building a PDF with charts and an XLSX with one row per organisation, totals,
forms of mentoring, satisfaction and the trend against the previous campaign."""

import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook

from mentoring.models import AcademicYear
from mentoring.tests.browser import pdf_text
from reports.enums import JobStatus, MonitoringPeriod, MonitoringReportStatus, ReportKind
from reports.models import MonitoringCampaign, MonitoringReport, Report
from reports.renderers.territory import SHEET_FORMS, SHEET_ORGANIZATIONS, SHEET_TRENDS, TERRITORY_SHEETS
from reports.services import monitoring as service
from reports.services.territory_report import collect_territory_data, request_territory_report

from . import monitoring_world


def _previous_may(tw, year):
    """The May campaign of the year before, with the school's report accepted
    (one pair, 50 % mentee satisfaction)."""
    before, _ = AcademicYear.objects.get_or_create(
        title=f"{year.starts_on.year - 1}/{year.starts_on.year}",
        defaults={"starts_on": year.starts_on.replace(year=year.starts_on.year - 1),
                  "ends_on": year.ends_on.replace(year=year.ends_on.year - 1)},
    )
    campaign = MonitoringCampaign.objects.create(
        territory=tw.territory, academic_year=before, period=MonitoringPeriod.MAY,
        deadline=before.ends_on, status="closed",
    )
    MonitoringReport.objects.create(
        campaign=campaign, organization=tw.school, status=MonitoringReportStatus.ACCEPTED,
        data={"pairs": {"formed": 1, "active": 1}, "participants": {"mentors": 1, "mentees": 1},
              "forms": {"teacher_pupil": {"pairs": 1, "mentors": 1, "mentees": 1}},
              "meetings": {"held": 4},
              "satisfaction": {"mentee": {"answers": 2, "sum": 5, "mean": 2.5, "percent": 50.0}}},
    )
    return campaign


def test_territory_report_job_builds_pdf_and_xlsx(territory_world, django_capture_on_commit_callbacks):
    tw = territory_world
    monitoring_world.build(tw)
    year = AcademicYear.current()
    previous = _previous_may(tw, year)
    campaign = service.open_campaign(territory=tw.territory, academic_year=year,
                                     period=MonitoringPeriod.DECEMBER,
                                     deadline=timezone.localdate() + datetime.timedelta(days=5),
                                     actor=tw.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        job = request_territory_report(campaign, actor=tw.coordinator)
    job.refresh_from_db()
    assert (job.status, job.progress, job.kind) == (JobStatus.DONE, 100, ReportKind.TERRITORY_MONITORING)
    assert job.organization == tw.authority and job.campaign == campaign and job.pages >= 1
    text = pdf_text(job.pdf.open("rb").read())
    assert "Мониторинг эффективности внедрения целевой модели наставничества" in text
    assert "Школа № 3" in text and "КПК" in text and "Итого по территории" in text
    assert "Учитель – ученик" in text
    book = load_workbook(io.BytesIO(job.xlsx.open("rb").read()), read_only=True)
    assert book.sheetnames == list(TERRITORY_SHEETS)
    rows = list(book[SHEET_ORGANIZATIONS].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Организация"))
    body = rows[header + 1:]
    assert [r[0] for r in body] == ["КПК", "Школа № 3", "Итого по территории"]
    assert [r[4] for r in body] == [1, 3, 4]  # pairs: one row per organisation, then the sum
    forms = list(book[SHEET_FORMS].iter_rows(values_only=True))
    assert forms[0][1:] == ("Учитель – ученик", "Ученик – ученик", "Студент – ученик",
                            "Работодатель – ученик", "Учитель – учитель", "Другие формы")
    assert forms[3] == ("Итого по территории", 1, 1, 0, 1, 1, 0)
    trends = {r[0]: r[1:] for r in book[SHEET_TRENDS].iter_rows(values_only=True) if r and r[0]}
    assert trends["Наставнические пары и группы"] == (4, 1, 3)
    assert trends["Удовлетворенность наставляемых, %"] == (90, 50, 40)
    assert str(previous) in trends["Сравнение с предыдущим мониторингом:"][0]


def test_territory_report_rebuild_reuses_the_row_and_queries_stay_flat(
        territory_world, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    tw = territory_world
    campaign = service.open_campaign(territory=tw.territory, academic_year=AcademicYear.current(),
                                     period=MonitoringPeriod.MAY, deadline=timezone.localdate(),
                                     actor=tw.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        first = request_territory_report(campaign, actor=tw.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        again = request_territory_report(campaign, actor=tw.coordinator)
    assert first.pk == again.pk and Report.objects.filter(campaign=campaign).count() == 1
    with django_assert_max_num_queries(4):
        data = collect_territory_data(campaign)
    assert data.previous is None and [row["name"] for row in data.rows] == ["КПК", "Школа № 3"]
