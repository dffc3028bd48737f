"""A working pair of the college: mentor alice, mentee bob (with an account) and
mentee Вера (without one), and one regular meeting of theirs."""

import datetime

import pytest

from mentoring.enums import Role
from mentoring.tests.factories import (
    MembershipFactory,
    MenteeFactory,
    PairFactory,
    ParticipantFactory,
    UserFactory,
)
from pairs.enums import MeetingType, PairStatus
from pairs.models import Meeting
from surveys.enums import QuestionType
from surveys.models import Response


@pytest.fixture
def vera(organization):
    """A mentee without an account (a student reached by a one-time link)."""
    participant = ParticipantFactory(
        organization=organization, surname="Веселова", name="Вера", patronymic="Ивановна",
        category="student", birth_date=datetime.date(2007, 5, 1),
    )
    return MenteeFactory(participant=participant)


@pytest.fixture
def pair(organization, alice, bob, vera):
    return PairFactory(
        organization=organization, mentor=alice.participant.mentor_profile,
        mentees=[bob.participant.mentee_profile, vera], status=PairStatus.ACTIVE,
    )


def make_meeting(pair, *, meeting_type=MeetingType.REGULAR, held_on=datetime.date(2025, 11, 10),
                 topic="Подготовка открытого урока"):
    return Meeting.objects.create(
        pair=pair, meeting_type=meeting_type, held_on=held_on, topic=topic, duration_minutes=45,
    )


@pytest.fixture
def meeting(pair):
    return make_meeting(pair)


@pytest.fixture
def dan(organization):
    """Another mentee of the same college, with an account, in another pair."""
    user = UserFactory(username="dan")
    MembershipFactory(user=user, organization=organization, role=Role.MENTEE)
    participant = ParticipantFactory(organization=organization, user=user, surname="Данилов", name="Даниил")
    MenteeFactory(participant=participant)
    return user


def valid_answers(response: Response, **by_type) -> dict:
    """Answers that pass every check: 4 on scales, «no» on yes/no, a sentence
    on text questions; ``by_type`` overrides per question type."""
    defaults = {QuestionType.SCALE: 4, QuestionType.YES_NO: False, QuestionType.TEXT: "Разобрали план урока"}
    defaults.update(by_type)
    return {q.pk: defaults[q.question_type] for q in response.survey.questions.all()}
