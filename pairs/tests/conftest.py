"""Fixtures of the pairs tests: reference forms and kinds, extra people, and
pairs moved through the lifecycle by the real services."""

import pytest

from mentoring.enums import KindCode, ParticipantCategory
from mentoring.models import MentoringKind
from mentoring.tests.factories import (
    MenteeFactory,
    MentorFactory,
    ParticipantFactory,
    teacher_teacher_form,
    traditional_kind,
)
from pairs.services.approval import approve_pairs
from pairs.services.formation import create_pair, submit_pairs
from participants.models import MenteeRequest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The personas' passwords are hashed for every test; a fast hasher keeps
    the suite quick (the hasher is not what these tests check)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tt_form(db):
    """«педагог – педагог»: teacher mentors; teacher and young specialist mentees."""
    return teacher_teacher_form()


@pytest.fixture
def traditional(db):
    return traditional_kind()


@pytest.fixture
def group_kind(db):
    kind, _ = MentoringKind.objects.get_or_create(
        code=KindCode.GROUP, defaults={"name": "наставничество в группе", "max_group_size": 3}
    )
    return kind


@pytest.fixture
def alice_mentor(alice):
    return alice.participant.mentor_profile


@pytest.fixture
def bob_mentee(bob):
    return bob.participant.mentee_profile


@pytest.fixture
def make_mentor(organization):
    def make(surname, *, interests="", competencies="", capacity=2, organization=organization, **kw):
        participant = ParticipantFactory(organization=organization, surname=surname, **kw)
        return MentorFactory(
            participant=participant, interests=interests, competencies=competencies, capacity=capacity
        )

    return make


@pytest.fixture
def make_mentee(organization):
    def make(surname, *, requests=(), organization=organization, **kw):
        kw.setdefault("category", ParticipantCategory.YOUNG_SPECIALIST)
        participant = ParticipantFactory(organization=organization, surname=surname, **kw)
        mentee = MenteeFactory(participant=participant)
        for text in requests:
            MenteeRequest.objects.create(mentee=mentee, text=text)
        return mentee

    return make


@pytest.fixture
def draft_pair(organization, curator, tt_form, traditional, alice_mentor, bob_mentee):
    return create_pair(
        organization=organization, form=tt_form, kind=traditional,
        mentor=alice_mentor, mentees=[bob_mentee], actor=curator,
    )


@pytest.fixture
def proposed_pair(draft_pair, curator):
    submit_pairs([draft_pair], actor=curator)
    return draft_pair


@pytest.fixture
def approved_pair(proposed_pair, director):
    approve_pairs([proposed_pair], actor=director)
    proposed_pair.refresh_from_db()
    return proposed_pair
