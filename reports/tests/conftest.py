"""Builders for the reports tests: participants in pairs of a given status,
satisfaction answers, a current academic year."""

import datetime

import pytest
from django.utils import timezone

from mentoring.models import AcademicYear
from mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ParticipantFactory
from pairs.enums import PairStatus
from surveys.enums import QuestionType, RespondentRole, SurveyKind
from surveys.models import Answer, Question, Response, Survey

APPROVED_STATUSES = (PairStatus.APPROVED, PairStatus.ACTIVE, PairStatus.COMPLETED)


@pytest.fixture
def year(db) -> AcademicYear:
    return AcademicYear.current()


def mentor_of(organization, category="teacher", **fields):
    participant = ParticipantFactory(organization=organization, category=category, **fields)
    return MentorFactory(participant=participant)


def mentee_of(organization, category="student", **fields):
    participant = ParticipantFactory(organization=organization, category=category, **fields)
    return MenteeFactory(participant=participant)


def make_pair(organization, year, *, mentor, mentees=(), status=PairStatus.ACTIVE, approved=None):
    """A pair of ``year``; ``approved`` defaults to True for approved/active/completed."""
    if approved is None:
        approved = status in APPROVED_STATUSES
    return PairFactory(
        organization=organization, academic_year=year, mentor=mentor, mentees=list(mentees),
        status=status, approved_at=timezone.now() if approved else None,
    )


def satisfaction_survey(organization, role):
    survey, _ = Survey.objects.get_or_create(
        organization=organization, kind=SurveyKind.FINAL_SATISFACTION, respondent_role=role,
        defaults={"title": "Итоговая анкета удовлетворённости"},
    )
    question, _ = Question.objects.get_or_create(
        survey=survey, position=1,
        defaults={"text": "Насколько вы удовлетворены участием в программе?",
                  "question_type": QuestionType.SCALE, "measures_satisfaction": True},
    )
    return survey, question


def answer(organization, *, role=RespondentRole.MENTEE, value, submitted_at="now", respondent=None,
           question=None):
    """One response with one answer to the satisfaction question (or ``question``)."""
    survey, satisfaction_question = satisfaction_survey(organization, role)
    question = question or satisfaction_question
    respondent = respondent or ParticipantFactory(organization=organization)
    if submitted_at == "now":
        submitted_at = timezone.now()
    response = Response.objects.create(survey=survey, respondent=respondent, submitted_at=submitted_at)
    Answer.objects.create(response=response, question=question, value_int=value)
    return response


def previous_year_moment(year: AcademicYear) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(year.starts_on, datetime.time(12))) - (
        datetime.timedelta(days=10)
    )
