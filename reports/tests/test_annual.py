"""The annual report and the December / May monitoring (seed 000 §9, 7.2 and 7.7;
seed 002 line 9): figures against a hand-counted year, the PDF and the XLSX read
back, periods, rebuilding in place, failures, publication, bounded queries."""

import datetime
import io
import logging
import os
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from mentoring.models import AcademicYear, MentoringForm, Programme
from mentoring.selectors import audit_events
from mentoring.tests.factories import teacher_teacher_form, traditional_kind
from pairs.enums import MeetingType, PairStatus
from pairs.models import Meeting, Pair
from reports.enums import AwardKind, JobStatus, ReportKind
from reports.models import Award, IndicatorValue, Report
from reports.renderers.annual import SHEETS, neutralise
from reports.services.annual import (
    ANNUAL_TITLE,
    MONITORING_TITLE,
    ReportError,
    build_report,
    collect_annual_data,
    report_period,
    request_report,
    set_report_published,
)
from reports.services.indicators import ensure_indicators, indicator_table, set_head_counts
from roadmap.enums import ActivityStatus
from roadmap.models import Activity
from roadmap.services import create_roadmap
from surveys.enums import RespondentRole
from surveys.models import Response

from .conftest import answer, make_pair, mentee_of, mentor_of, satisfaction_survey

D = datetime.date


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def past_year(db) -> AcademicYear:
    year, _created = AcademicYear.objects.get_or_create(
        title="2024/2025", defaults={"starts_on": D(2024, 9, 1), "ends_on": D(2025, 8, 31)}
    )
    return year


def _pair(organization, year, form, *, mentor, mentees, status, approved=None, ended=None,
          meetings=()):
    pair = make_pair(organization, year, mentor=mentor, mentees=mentees, status=status)
    Pair.objects.filter(pk=pair.pk).update(
        form=form, approved_at=_at(approved) if approved else None, ended_on=ended
    )
    for day, meeting_type in meetings:
        Meeting.objects.create(pair=pair, meeting_type=meeting_type, topic="Встреча", held_on=day)
    return pair


def _submitted(organization, *, role, value, on, respondent=None):
    response = answer(organization, role=role, value=value, submitted_at=_at(on), respondent=respondent)
    Response.objects.filter(pk=response.pk).update(created_at=_at(on))
    return response


@pytest.fixture
def college(organization, past_year, curator, alice, bob):
    """Year 2024/2025, hand-counted (MEETING_MAX_GAP_DAYS = 14):

    - P1 «педагог – педагог»: alice → bob (young specialist), active, approved
      1 Oct 2024; meetings 1 Oct, 15 Oct, 20 Dec 2024 and 1 Jan 2025.
      Expected: annual 335 days → 23; December 92 days → 6; May 243 days → 17.
    - P2 same form: alice → Кузнецова (teacher), completed, approved 1 Oct,
      ended 20 Oct 2024 (20 days → 1 expected), one meeting 10 Oct: on cadence.
    - P3 «студент – студент»: Сидоров (student) → group Петров, Орлова
      (students), terminated, approved 3 Feb, ended 31 Mar 2025 (57 days → 4),
      one meeting 10 Feb 2025. Not in the December monitoring.
    - P4 draft of Черновой: never formed.
    Satisfaction: mentee 4 (15 Nov 2024), mentee 2 (20 May 2025), mentor 5
    (15 Jun 2025); one form sent on 1 Dec 2024 and never filled in.
    A letter of thanks to alice; head counts; a roadmap with two stage-1
    activities done.
    """
    teacher_form = teacher_teacher_form()
    student_form, _created = MentoringForm.objects.get_or_create(
        code="student-student",
        defaults={"name": "студент – студент", "mentor_categories": ["student"],
                  "mentee_categories": ["student"]},
    )
    programme = Programme.objects.create(organization=organization, title="Программа наставничества АСПК",
                                         first_year=past_year, last_year=past_year)
    programme.forms.set([teacher_form, student_form])
    programme.kinds.set([traditional_kind()])
    ensure_indicators(organization=organization)
    set_head_counts(organization=organization, academic_year=past_year, actor=curator,
                    teachers=10, students=20, employer_partners=5, pupils_career_guidance=0)
    alisova = alice.participant.mentor_profile
    p1 = _pair(organization, past_year, teacher_form, mentor=alisova,
               mentees=[bob.participant.mentee_profile], status=PairStatus.ACTIVE,
               approved=D(2024, 10, 1),
               meetings=[(D(2024, 10, 1), MeetingType.INTRODUCTORY), (D(2024, 10, 15), MeetingType.PLANNING),
                         (D(2024, 12, 20), MeetingType.REGULAR), (D(2025, 1, 1), MeetingType.REGULAR)])
    p2 = _pair(organization, past_year, teacher_form, mentor=alisova,
               mentees=[mentee_of(organization, "teacher", surname="Кузнецова", name="Анна",
                                  patronymic="Сергеевна")],
               status=PairStatus.COMPLETED, approved=D(2024, 10, 1), ended=D(2024, 10, 20),
               meetings=[(D(2024, 10, 10), MeetingType.INTRODUCTORY)])
    p3 = _pair(organization, past_year, student_form,
               mentor=mentor_of(organization, "student", surname="Сидоров", name="Пётр",
                                patronymic="Ильич"),
               mentees=[mentee_of(organization, surname="Петров", name="Олег", patronymic="Ильич"),
                        mentee_of(organization, surname="Орлова", name="Вера", patronymic="Ильинична")],
               status=PairStatus.TERMINATED, approved=D(2025, 2, 3), ended=D(2025, 3, 31),
               meetings=[(D(2025, 2, 10), MeetingType.INTRODUCTORY)])
    p4 = _pair(organization, past_year, teacher_form,
               mentor=mentor_of(organization, surname="Черновой", name="Глеб", patronymic="Ильич"),
               mentees=[], status=PairStatus.DRAFT)
    _submitted(organization, role=RespondentRole.MENTEE, value=4, on=D(2024, 11, 15),
               respondent=bob.participant)
    _submitted(organization, role=RespondentRole.MENTEE, value=2, on=D(2025, 5, 20))
    _submitted(organization, role=RespondentRole.MENTOR, value=5, on=D(2025, 6, 15),
               respondent=alice.participant)
    survey, _question = satisfaction_survey(organization, RespondentRole.MENTEE)
    unfilled = Response.objects.create(survey=survey, respondent=bob.participant)
    Response.objects.filter(pk=unfilled.pk).update(created_at=_at(D(2024, 12, 1)))
    Award.objects.create(organization=organization, academic_year=past_year, mentor=alisova,
                         kind=AwardKind.LETTER_OF_THANKS, reason="За сопровождение молодого педагога")
    roadmap = create_roadmap(organization=organization, academic_year=past_year)
    done = list(Activity.objects.filter(stage__roadmap=roadmap, stage__number=1).order_by("pk")[:2])
    Activity.objects.filter(pk__in=[a.pk for a in done]).update(status=ActivityStatus.DONE)
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4}


def _report(organization, year, kind=ReportKind.ANNUAL):
    return Report.objects.create(organization=organization, academic_year=year, kind=kind)


def _pdf_text(report) -> str:
    with report.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _workbook(report):
    with report.xlsx.open("rb") as f:
        return load_workbook(io.BytesIO(f.read()))


def _rows(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _form(data, name):
    return next(line for line in data.forms if line.form == name)


# --- periods and figures --------------------------------------------------------------


def test_report_periods(past_year):
    assert report_period(past_year, ReportKind.ANNUAL) == (
        report_period(past_year, ReportKind.ANNUAL).__class__(D(2024, 9, 1), D(2025, 8, 31)))
    december = report_period(past_year, ReportKind.MONITORING_DECEMBER)
    may = report_period(past_year, ReportKind.MONITORING_MAY)
    assert (december.since, december.until) == (D(2024, 9, 1), D(2024, 12, 31))
    assert (may.since, may.until) == (D(2024, 9, 1), D(2025, 5, 31))
    assert D(2025, 1, 1) not in december and D(2025, 1, 1) in may


def test_annual_figures_match_the_hand_count(organization, past_year, college):
    data = collect_annual_data(organization, past_year)

    assert data.title == ANNUAL_TITLE
    assert [p.title for p in data.programmes] == ["Программа наставничества АСПК"]
    assert data.programmes[0].forms == ["педагог – педагог", "студент – студент"]
    teachers, students = _form(data, "педагог – педагог"), _form(data, "студент – студент")
    assert (teachers.mentors, teachers.mentees) == (1, 2)  # alice once
    assert (students.mentors, students.mentees) == (1, 2)
    assert (data.mentors_total, data.mentees_total) == (2, 4)
    assert (teachers.formed, teachers.active, teachers.completed, teachers.terminated) == (2, 1, 1, 0)
    assert (students.formed, students.active, students.completed, students.terminated) == (1, 0, 0, 1)
    assert (teachers.meetings_held, teachers.meetings_expected, teachers.on_cadence) == (5, 24, 1)
    assert teachers.cadence_percent == Decimal("50.0")
    assert (students.meetings_held, students.meetings_expected, students.on_cadence) == (1, 4, 0)
    assert (data.totals.formed, data.totals.meetings_held, data.totals.meetings_expected) == (3, 6, 28)
    assert data.totals.cadence_percent == Decimal("33.3")
    assert [(c.form, c.role, c.category, c.people) for c in data.categories] == [
        ("педагог – педагог", "Наставник", "Педагог", 1),
        ("педагог – педагог", "Наставляемый", "Педагог", 1),
        ("педагог – педагог", "Наставляемый", "Молодой специалист", 1),
        ("студент – студент", "Наставник", "Обучающийся (студент)", 1),
        ("студент – студент", "Наставляемый", "Обучающийся (студент)", 2),
    ]
    by_pk = {line.pk: line for line in data.pairs}
    assert len(data.pairs) == 4 and by_pk[college["p4"].pk].formed is False
    assert (by_pk[college["p1"].pk].meetings, by_pk[college["p1"].pk].expected) == (4, 23)
    assert by_pk[college["p1"].pk].last_meeting == D(2025, 1, 1)
    assert [line.pk for line in data.behind_cadence] == sorted(
        [college["p1"].pk, college["p3"].pk], key=lambda pk: by_pk[pk].mentor)
    assert [n for _label, n in data.status_counts] == [1, 0, 0, 1, 1, 1]
    assert [n for _label, n in data.meetings_by_type] == [3, 0, 1, 2, 0]
    assert (data.feedback_requested, data.feedback_submitted) == (4, 3)
    mentee, mentor = data.satisfaction
    assert (mentee.mean, mentee.percent, mentee.answers) == (Decimal("3.00"), Decimal("60.0"), 2)
    assert (mentor.mean, mentor.percent) == (Decimal("5.00"), Decimal("100.0"))
    assert [(s["number"], s["done"]) for s in data.stages][:2] == [(1, 2), (2, 0)]
    assert [(a.mentor, a.reason) for a in data.awards] == [
        ("Алисова Алиса Петровна", "За сопровождение молодого педагога")]
    assert len(data.indicators) == len(indicator_table(organization, past_year))


def test_december_monitoring_stops_on_31_december(organization, past_year, college):
    data = collect_annual_data(organization, past_year, kind=ReportKind.MONITORING_DECEMBER)

    assert data.title == MONITORING_TITLE
    assert "декабрь 2024" in data.subtitle and "31.12.2024" in data.subtitle
    assert {line.pk for line in data.pairs} == {college["p1"].pk, college["p2"].pk}  # P3 approved in Feb
    teachers, students = _form(data, "педагог – педагог"), _form(data, "студент – студент")
    p1 = next(line for line in data.pairs if line.pk == college["p1"].pk)
    assert (p1.meetings, p1.expected, p1.last_meeting) == (3, 6, D(2024, 12, 20))  # not 1 Jan
    assert (teachers.formed, teachers.meetings_held, teachers.meetings_expected) == (2, 4, 7)
    assert (students.formed, students.mentors, students.mentees) == (0, 0, 0)
    assert data.meetings_total == 4
    assert (data.feedback_requested, data.feedback_submitted) == (2, 1)
    assert (data.satisfaction[0].mean, data.satisfaction[0].percent) == (Decimal("4.00"), Decimal("80.0"))
    assert data.satisfaction[1].mean is None


def test_may_monitoring_has_the_meeting_of_1_january(organization, past_year, college):
    data = collect_annual_data(organization, past_year, kind=ReportKind.MONITORING_MAY)

    assert "май 2025" in data.subtitle
    p1 = next(line for line in data.pairs if line.pk == college["p1"].pk)
    assert (p1.meetings, p1.expected, p1.last_meeting) == (4, 17, D(2025, 1, 1))
    assert data.meetings_total == 6
    assert _form(data, "студент – студент").formed == 1
    assert data.satisfaction[0].mean == Decimal("3.00")
    assert data.satisfaction[1].mean is None  # the mentor answered in June


def _populate(organization, year, pairs):
    """``pairs`` pairs of two student mentees each, with two meetings and a
    satisfaction answer per pair."""
    for n in range(pairs):
        pair = make_pair(organization, year, mentor=mentor_of(organization),
                         mentees=[mentee_of(organization), mentee_of(organization)])
        Meeting.objects.create(pair=pair, meeting_type=MeetingType.REGULAR, topic="Встреча",
                               held_on=year.starts_on + datetime.timedelta(days=n))
        Meeting.objects.create(pair=pair, meeting_type=MeetingType.FINAL, topic="Итоги",
                               held_on=year.starts_on + datetime.timedelta(days=n + 14))
        answer(organization, value=5)
    Pair.objects.filter(organization=organization).update(approved_at=_at(year.starts_on))


@pytest.mark.parametrize("kind", [ReportKind.ANNUAL, ReportKind.MONITORING_MAY])
def test_query_count_does_not_grow_with_data(organization, past_year, django_assert_num_queries,
                                             kind):
    ensure_indicators(organization=organization)
    create_roadmap(organization=organization, academic_year=past_year)
    _populate(organization, past_year, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        collect_annual_data(organization, past_year, kind=kind)
    _populate(organization, past_year, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        data = collect_annual_data(organization, past_year, kind=kind)
    assert len(data.pairs) == 12 and len(small.captured_queries) <= 25


# --- the files --------------------------------------------------------------------------


def test_build_writes_pdf_and_xlsx_with_the_figures(organization, past_year, college):
    report = build_report(_report(organization, past_year))

    report.refresh_from_db()
    assert (report.status, report.progress, report.error) == (JobStatus.DONE, 100, "")
    assert report.started_at is not None and report.finished_at >= report.started_at
    with report.pdf.open("rb") as f:
        pages = len(PdfReader(io.BytesIO(f.read())).pages)
    assert report.pages == pages >= 2
    text = _pdf_text(report)
    for needle in (organization.name, ANNUAL_TITLE, "2024/2025", "01.09.2024", "31.08.2025",
                   "Программа наставничества АСПК", "Участники по формам наставничества и категориям",
                   "Наставнические пары и группы", "Встречи и периодичность",
                   "Обратная связь и удовлетворенность", "Показатели эффективности",
                   "Выполнение дорожной карты", "Поощрение наставников",
                   "Алисова Алиса Петровна", "Кузнецова Анна Сергеевна", "Сидоров Пётр Ильич",
                   "Петров Олег Ильич", "Орлова Вера Ильинична", "студент – студент",
                   "За сопровождение молодого педагога", "4 / 23 *", "1 / 1", "33,3", "3,00"):
        assert needle in text, needle
    assert text.count("data:image") == 0  # charts are embedded images, not text

    book = _workbook(report)
    assert book.sheetnames == list(SHEETS)
    summary = dict(row[:2] for row in _rows(book["Сводка"]) if row and row[0])
    assert summary[ANNUAL_TITLE] is None
    assert "Программа наставничества АСПК (2024/2025 – 2024/2025)" in summary.values()
    participants = _rows(book["Участники"])
    assert ("педагог – педагог", 1, 2, None) in participants
    assert ("студент – студент", "Наставляемый", "Обучающийся (студент)", 2) in participants
    pairs = _rows(book["Пары"])
    p1 = next(row for row in pairs if row[0] == college["p1"].pk)
    assert p1[1:3] == ("Алисова Алиса Петровна", "Бобров Борис Олегович")
    assert p1[6:8] == (4, 23) and p1[8].date() == D(2025, 1, 1)
    assert book["Пары"].cell(row=2, column=9).number_format == "DD.MM.YYYY"
    assert ("педагог – педагог", 2, 1, 1, 0, None, None, None, None) in pairs
    meetings = _rows(book["Встречи"])
    assert ("педагог – педагог", 2, 24, 5, 1, 50) in meetings
    assert ("студент – студент", 1, 4, 1, 0, 0) in meetings
    assert any(row[1] == "Сидоров Пётр Ильич" and row[3:5] == (4, 1) for row in meetings)
    feedback = _rows(book["Обратная связь"])
    assert (feedback_total := [row for row in feedback if row[2:4] == (4, 3)])
    assert feedback_total[0][1] is None
    assert any(row[2:4] == (3, 60) for row in feedback)  # mentee: mean 3.00 → 3, 60 %
    indicators = _rows(book["Показатели"])
    assert len(indicators) == 1 + len(indicator_table(organization, past_year))
    roadmap = _rows(book["Дорожная карта"])
    assert roadmap[1][0] == 1 and roadmap[1][3] == 2
    awards = _rows(book["Награды"])
    assert awards[1][0] == "Алисова Алиса Петровна" and awards[1][2] == "За сопровождение молодого педагога"
    assert all(cell.font.bold for cell in book["Пары"][1] if cell.value)
    assert audit_events("reports.report.built", obj=report).exists()


def test_annual_build_records_indicator_values_but_monitoring_does_not(organization, past_year,
                                                                       college):
    build_report(_report(organization, past_year, ReportKind.MONITORING_MAY))
    assert not IndicatorValue.objects.filter(organization=organization, recorded=True).exists()

    build_report(_report(organization, past_year))
    assert IndicatorValue.objects.filter(organization=organization, academic_year=past_year,
                                         recorded=True).exists()


def test_monitoring_pdf_has_the_seed_title_and_period(organization, past_year, college):
    report = build_report(_report(organization, past_year, ReportKind.MONITORING_DECEMBER))

    text = _pdf_text(report)
    assert MONITORING_TITLE in text
    assert "по формам наставничества, декабрь 2024 г." in text
    assert "31.12.2024" in text
    assert "Сидоров" not in text  # the group formed in February is not in December's report
    assert "3 / 6 *" in text


def test_xlsx_neutralises_formulas(organization, past_year):
    mentor = mentor_of(organization, surname="=1+1", name="", patronymic="")
    make_pair(organization, past_year, mentor=mentor,
              mentees=[mentee_of(organization, surname="@SUM(A1)")])

    report = build_report(_report(organization, past_year))

    sheet = _workbook(report)["Пары"]
    assert sheet["B2"].value == "'=1+1"
    assert sheet["B2"].data_type == "s"
    assert sheet["C2"].value.startswith("'@SUM(A1)")


@pytest.mark.parametrize("text", ["=cmd", "+1", "-2", "@x", "\tx", "\rx"])
def test_neutralise_prefixes_formula_triggers(text):
    assert neutralise(text) == "'" + text


def test_neutralise_leaves_other_values():
    assert [neutralise(v) for v in ("Иванов", "", 5, -3, None)] == ["Иванов", "", 5, -3, None]


# --- rebuilding and failures ------------------------------------------------------------


def test_requesting_again_rebuilds_the_same_row_and_replaces_files(
        organization, past_year, curator, director, college, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(organization=organization, academic_year=past_year,
                                kind=ReportKind.ANNUAL, actor=curator)
    report.refresh_from_db()
    storage = report.pdf.storage
    first = (report.pdf.name, report.xlsx.name)
    assert report.status == JobStatus.DONE and all(storage.exists(name) for name in first)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = request_report(organization=organization, academic_year=past_year,
                               kind=ReportKind.ANNUAL, actor=director)
    again.refresh_from_db()
    assert again.pk == report.pk
    assert (again.status, again.progress, again.requested_by) == (JobStatus.PENDING, 0, director)
    assert (again.pdf.name, again.xlsx.name) == first  # kept until the new build is stored
    callbacks[0]()

    again.refresh_from_db()
    second = (again.pdf.name, again.xlsx.name)
    assert again.status == JobStatus.DONE
    assert Report.objects.filter(organization=organization, academic_year=past_year,
                                 kind=ReportKind.ANNUAL).count() == 1
    assert not any(storage.exists(name) for name in first if name not in second)
    assert all(storage.exists(name) for name in second)
    folder = os.path.dirname(storage.path(second[0]))
    assert sorted(os.listdir(folder)) == sorted(n.rsplit("/", 1)[1] for n in second)
    assert audit_events("reports.report.requested").count() == 2


def test_a_failed_rebuild_keeps_the_previous_files(organization, past_year, college, settings,
                                                   tmp_path, caplog):
    report = build_report(_report(organization, past_year))
    previous = (report.pdf.name, report.xlsx.name)
    paths = [report.pdf.storage.path(name) for name in previous]
    media_root = settings.MEDIA_ROOT
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker  # storage cannot create folders under a file

    with caplog.at_level(logging.ERROR, logger="reports.services.annual"):
        report = build_report(Report.objects.get(pk=report.pk))

    report.refresh_from_db()
    assert report.status == JobStatus.FAILED
    assert report.error.startswith("Не удалось сформировать отчёт")
    assert (report.pdf.name, report.xlsx.name) == previous
    assert all(os.path.exists(path) for path in paths)
    assert any(r.exc_info for r in caplog.records)
    settings.MEDIA_ROOT = media_root
    assert report.pdf.storage.exists(report.pdf.name)


def test_a_first_build_that_fails_has_no_files(organization, past_year, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker

    report = build_report(_report(organization, past_year))

    report.refresh_from_db()
    assert (report.status, report.pdf.name, report.xlsx.name) == (JobStatus.FAILED, "", "")
    assert report.finished_at is not None


def test_request_returns_the_one_already_pending(organization, past_year, curator,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = request_report(organization=organization, academic_year=past_year,
                               kind=ReportKind.ANNUAL, actor=curator)
        again = request_report(organization=organization, academic_year=past_year,
                               kind=ReportKind.ANNUAL, actor=curator)
        monitoring = request_report(organization=organization, academic_year=past_year,
                                    kind=ReportKind.MONITORING_MAY, actor=curator)

    assert again.pk == first.pk
    assert monitoring.pk != first.pk
    assert Report.objects.count() == 2
    assert len(callbacks) == 2


@pytest.mark.parametrize("status, field, age, queued", [
    (JobStatus.PENDING, "requested_at", datetime.timedelta(minutes=31), True),
    (JobStatus.PENDING, "requested_at", datetime.timedelta(minutes=5), False),
    (JobStatus.RUNNING, "started_at", datetime.timedelta(minutes=16), True),
    (JobStatus.RUNNING, "started_at", datetime.timedelta(minutes=5), False),
])
def test_request_queues_again_a_report_lost_with_its_job(
    organization, past_year, curator, django_capture_on_commit_callbacks, status, field, age, queued
):
    """The broker lost the job, or its worker died: a later request builds it."""
    report = _report(organization, past_year)
    Report.objects.filter(pk=report.pk).update(status=status, **{field: timezone.now() - age})

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = request_report(organization=organization, academic_year=past_year,
                               kind=report.kind, actor=curator)

    assert again.pk == report.pk and Report.objects.count() == 1
    assert len(callbacks) == (1 if queued else 0)
    again.refresh_from_db()
    assert again.status == (JobStatus.PENDING if queued else status)


# --- publication ------------------------------------------------------------------------


def test_publication_mark_toggles_and_is_audited(organization, past_year, director):
    report = build_report(_report(organization, past_year))

    set_report_published(report, actor=director, published=True)
    report.refresh_from_db()
    assert (report.published, report.published_by) == (True, director)
    assert report.published_at is not None
    set_report_published(report, actor=director, published=False)
    report.refresh_from_db()
    assert (report.published, report.published_by, report.published_at) == (False, None, None)
    assert [e.event for e in audit_events(prefix="reports.report.pub")
            .order_by("pk")] == ["reports.report.published"]
    assert audit_events("reports.report.unpublished").count() == 1


def test_an_unbuilt_report_cannot_be_published(organization, past_year, director):
    report = _report(organization, past_year)
    with pytest.raises(ReportError):
        set_report_published(report, actor=director, published=True)
    report.refresh_from_db()
    assert report.published is False
