"""The annual report job (seed 000 §9, 7.2 and 7.7): data, PDF, XLSX, files, failures."""

import datetime
import io
import logging
import os

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from mentoring.models import AuditEntry
from pairs.enums import MeetingType, PairStatus
from pairs.models import Meeting
from reports.enums import JobStatus, ReportKind
from reports.models import Indicator, IndicatorTarget, Report
from reports.renderers.annual import SHEETS, neutralise
from reports.services.annual import build_report, collect_annual_data, request_report
from reports.services.indicators import ensure_indicators, set_head_counts
from roadmap.enums import ActivityStatus
from roadmap.models import Activity
from roadmap.services import create_roadmap
from surveys.models import Response

from .conftest import answer, make_pair, mentee_of, mentor_of, satisfaction_survey


def _meeting(pair, days_ago, meeting_type=MeetingType.REGULAR):
    return Meeting.objects.create(
        pair=pair, meeting_type=meeting_type, topic="Встреча",
        held_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


@pytest.fixture
def college_year(organization, year, curator, alice, bob):
    """Hand-counted year: alice (teacher) mentors bob in an active pair that met
    3 times (last 3 days ago); Сидоров mentors a student in an approved pair that
    last met 30 days ago (broke the cadence); a draft pair; head counts; one
    mentee satisfaction answer 4; a roadmap with two stage-1 activities done."""
    ensure_indicators(organization=organization)
    set_head_counts(organization=organization, academic_year=year, actor=curator,
                    teachers=10, students=20, employer_partners=5, pupils_career_guidance=0)
    for indicator in Indicator.objects.all():
        IndicatorTarget.objects.get_or_create(organization=organization, indicator=indicator,
                                              academic_year=year, defaults={"value": 10})
    good = make_pair(organization, year, mentor=alice.participant.mentor_profile,
                     mentees=[bob.participant.mentee_profile])
    _meeting(good, 20, MeetingType.INTRODUCTORY)
    _meeting(good, 10, MeetingType.PLANNING)
    _meeting(good, 3)
    sidorov = mentor_of(organization, "teacher", surname="Сидоров", name="Пётр")
    late = make_pair(organization, year, mentor=sidorov, status=PairStatus.APPROVED,
                     mentees=[mentee_of(organization, surname="Кузнецова", name="Анна")])
    _meeting(late, 30, MeetingType.INTRODUCTORY)
    make_pair(organization, year, mentor=mentor_of(organization, surname="Черновой"),
              status=PairStatus.DRAFT)
    survey, _question = satisfaction_survey(organization, "mentee")
    answer(organization, value=4, respondent=bob.participant)
    Response.objects.create(survey=survey, respondent=late.mentees.get().participant)  # not submitted
    roadmap = create_roadmap(organization=organization, academic_year=year)
    done = list(Activity.objects.filter(stage__roadmap=roadmap, stage__number=1).order_by("pk")[:2])
    Activity.objects.filter(pk__in=[a.pk for a in done]).update(status=ActivityStatus.DONE)
    return {"good": good, "late": late}


def _report(organization, year, curator):
    return Report.objects.create(organization=organization, academic_year=year,
                                 kind=ReportKind.ANNUAL, requested_by=curator)


def _pdf_text(report) -> str:
    with report.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _workbook(report):
    with report.xlsx.open("rb") as f:
        return load_workbook(io.BytesIO(f.read()))


def _rows(sheet) -> list[tuple]:
    return [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


def test_collect_annual_data_counts(organization, year, college_year):
    data = collect_annual_data(organization, year)

    assert [(p.mentor, p.meetings) for p in data.pairs] == [
        ("Алисова Алиса Петровна", 3),
        ("Сидоров Пётр Иванович", 1),
        (data.pairs[2].mentor, 0),
    ]
    assert data.pairs[2].mentor.startswith("Черновой")
    assert data.pairs[0].mentees == "Бобров Борис Олегович"
    assert data.pairs[0].last_meeting == timezone.localdate() - datetime.timedelta(days=3)
    assert [n for _label, n in data.status_counts] == [1, 0, 1, 1, 0, 0]
    assert [n for _label, n in data.meetings_by_type] == [2, 0, 1, 1, 0]
    assert data.meetings_total == 4
    assert [p.pk for p in data.inactive] == [college_year["late"].pk]
    assert (data.feedback_requested, data.feedback_submitted) == (2, 1)
    mentee_line = data.satisfaction[0]
    assert (str(mentee_line.mean), str(mentee_line.percent)) == ("4.00", "80.0")
    assert data.satisfaction[1].mean is None
    assert [(s["number"], s["done"]) for s in data.stages][:2] == [(1, 2), (2, 0)]
    teachers_as_mentors = data.indicators[1]
    assert str(teachers_as_mentors.actual) == "20.0"


@pytest.mark.parametrize("pairs", [2, 12])
def test_collect_annual_data_query_count_is_bounded(organization, year, curator, pairs,
                                                    django_assert_max_num_queries):
    ensure_indicators(organization=organization)
    create_roadmap(organization=organization, academic_year=year)
    for n in range(pairs):
        pair = make_pair(organization, year, mentor=mentor_of(organization),
                         mentees=[mentee_of(organization), mentee_of(organization)])
        _meeting(pair, n)
        answer(organization, value=5)
    with django_assert_max_num_queries(12):
        data = collect_annual_data(organization, year)
    assert len(data.pairs) == pairs


def test_build_report_writes_pdf_and_xlsx(organization, year, curator, college_year):
    report = build_report(_report(organization, year, curator))

    report.refresh_from_db()
    assert (report.status, report.progress, report.error) == (JobStatus.DONE, 100, "")
    assert report.finished_at is not None
    text = _pdf_text(report)
    assert organization.name in text
    assert year.title in text
    assert "Доля преподавателей от общего числа педагогов, вошедших в программу наставничества в роли наставника, в %" in text
    assert "Уровень удовлетворенности наставляемых участием в программе наставничества" in text
    assert "Алисова" in text and "Сидоров" in text
    assert "Показатели эффективности" in text  # Russian headings

    book = _workbook(report)
    assert book.sheetnames == list(SHEETS)
    pairs = _rows(book["Пары"])
    assert pairs[0][:3] == ("№ пары", "Наставник", "Наставляемые")
    assert pairs[1][1:3] == ("Алисова Алиса Петровна", "Бобров Борис Олегович")
    assert pairs[1][6] == 3
    assert pairs[1][7].date() == timezone.localdate() - datetime.timedelta(days=3)
    assert ("Итого", 3) in [row[:2] for row in pairs]
    meetings = _rows(book["Встречи"])
    assert ("Встреча-знакомство", 2) in [row[:2] for row in meetings]
    assert ("Итого", 4) in [row[:2] for row in meetings]
    assert any(row[1] == "Сидоров Пётр Иванович" for row in meetings)
    indicators = _rows(book["Показатели"])
    assert indicators[2][0].endswith("в роли наставника, в %")
    assert indicators[2][2:5] == (10, 20, "да")
    feedback = _rows(book["Обратная связь"])
    assert ("Итого", None, 2, 1) in [row[:4] for row in feedback]
    roadmap = _rows(book["Дорожная карта"])
    assert roadmap[1][0] == 1 and roadmap[1][3] == 2
    assert AuditEntry.objects.filter(action="reports.report.built", object_id=str(report.pk)).exists()


def test_xlsx_neutralises_formulas(organization, year, curator):
    mentor = mentor_of(organization, surname="=1+1", name="", patronymic="")
    make_pair(organization, year, mentor=mentor, mentees=[mentee_of(organization, surname="@SUM(A1)")])

    report = build_report(_report(organization, year, curator))

    sheet = _workbook(report)["Пары"]
    assert sheet["B2"].value == "'=1+1"
    assert sheet["B2"].data_type == "s"
    assert sheet["C2"].value.startswith("'@SUM(A1)")


@pytest.mark.parametrize("text", ["=cmd", "+1", "-2", "@x", "\tx", "\rx"])
def test_neutralise_prefixes_formula_triggers(text):
    assert neutralise(text) == "'" + text


def test_neutralise_leaves_other_values():
    assert [neutralise(v) for v in ("Иванов", "", 5, -3, None)] == ["Иванов", "", 5, -3, None]


def test_building_again_replaces_files(organization, year, curator, college_year):
    report = build_report(_report(organization, year, curator))
    storage = report.pdf.storage
    first = (report.pdf.name, report.xlsx.name)
    assert all(storage.exists(name) for name in first)

    report = build_report(Report.objects.get(pk=report.pk))

    report.refresh_from_db()
    second = (report.pdf.name, report.xlsx.name)
    assert report.status == JobStatus.DONE
    assert not any(storage.exists(name) for name in first if name not in second)
    assert all(storage.exists(name) for name in second)
    folder = os.path.dirname(storage.path(second[0]))
    assert sorted(os.listdir(folder)) == sorted(n.rsplit("/", 1)[1] for n in second)


def test_failing_build_is_failed_with_message(organization, year, curator, college_year, settings,
                                              tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker  # storage cannot create folders under a file

    with caplog.at_level(logging.ERROR, logger="reports.services.annual"):
        report = build_report(_report(organization, year, curator))

    report.refresh_from_db()
    assert report.status == JobStatus.FAILED
    assert report.error.startswith("Не удалось сформировать отчёт")
    assert (report.pdf.name, report.xlsx.name) == ("", "")
    assert report.finished_at is not None
    assert any(r.exc_info for r in caplog.records)


def test_request_report_queues_and_builds_after_commit(organization, year, curator, college_year,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = request_report(organization=organization, academic_year=year,
                                kind=ReportKind.ANNUAL, actor=curator)

    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == JobStatus.DONE
    assert report.requested_by == curator
    assert AuditEntry.objects.filter(action="reports.report.requested", actor=curator).count() == 1


def test_request_report_returns_the_one_already_pending(organization, year, curator,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = request_report(organization=organization, academic_year=year,
                               kind=ReportKind.ANNUAL, actor=curator)
        again = request_report(organization=organization, academic_year=year,
                               kind=ReportKind.ANNUAL, actor=curator)
        monitoring = request_report(organization=organization, academic_year=year,
                                    kind=ReportKind.MONITORING_MAY, actor=curator)

    assert again.pk == first.pk
    assert monitoring.pk != first.pk
    assert Report.objects.count() == 2
    assert len(callbacks) == 2
