"""A territory with a listed college mentor and a school mentee, a third school,
and a second territory — shared by the tests of the territory's mentor base."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from mentoring.enums import OrganizationKind, Role
from mentoring.tests.factories import (
    MembershipFactory,
    MenteeFactory,
    MentorFactory,
    OrganizationFactory,
    ParticipantFactory,
    TerritoryFactory,
    UserFactory,
    teacher_teacher_form,
    traditional_kind,
)
from participants.data.consent_texts import TERRITORY_BASE_VERSION
from participants.services.consents import record_consent
from participants.services.territory_base import publish_listing


def member(organization, username: str, *roles: str):
    user = UserFactory(username=username)
    for role in roles:
        MembershipFactory(user=user, organization=organization, role=role)
    return user


def programme_consent(participant, actor=None):
    return record_consent(participant, given_by="self", given_on=timezone.localdate(), actor=actor)


def territory_consent(participant, actor=None):
    return record_consent(
        participant, given_by="self", given_on=timezone.localdate(), actor=actor,
        text_version=TERRITORY_BASE_VERSION, purposes=["territory_base"],
    )


@dataclass
class BaseWorld:
    world: object  # conftest.TerritoryWorld
    form: object
    kind: object
    mentor: object  # the college's listed mentor (teacher), with an account
    mentor_user: object
    listing: object
    mentee: object  # a school's young teacher, free to pair
    third: object  # another school of the territory
    third_curator: object
    third_director: object
    far_curator: object  # a curator of another territory's school
    far_coordinator: object


@pytest.fixture
def base_world(territory_world):
    w = territory_world
    form, kind = teacher_teacher_form(), traditional_kind()
    mentor_user = member(w.college, "college_mentor", Role.MENTOR)
    mentor = MentorFactory(
        participant=ParticipantFactory(organization=w.college, user=mentor_user, surname="Петрова",
                                       name="Анна", email="petrova@example.ru", phone="+79990001122"),
        competencies="Наставничество молодых педагогов, ИКТ", capacity=1,
    )
    programme_consent(mentor.participant, w.college_curator)
    territory_consent(mentor.participant, w.college_curator)
    listing = publish_listing(mentor, forms=[form], about="Помогу с рабочими программами",
                              actor=w.college_curator)
    mentee = MenteeFactory(participant=ParticipantFactory(
        organization=w.school, surname="Сидоров", category="young_specialist"))
    third = OrganizationFactory(territory=w.territory, kind=OrganizationKind.SCHOOL,
                                name="МБОУ «СОШ № 5»", short_name="Школа № 5")
    far = TerritoryFactory(name="Город Лангепас", slug="langepas")
    far_school = OrganizationFactory(territory=far, kind=OrganizationKind.SCHOOL, short_name="Далёкая")
    far_authority = OrganizationFactory(territory=far, kind=OrganizationKind.AUTHORITY,
                                        short_name="УО Лангепас")
    return BaseWorld(
        world=w, form=form, kind=kind, mentor=mentor, mentor_user=mentor_user, listing=listing,
        mentee=mentee, third=third,
        third_curator=member(third, "third_curator", Role.CURATOR),
        third_director=member(third, "third_director", Role.DIRECTOR),
        far_curator=member(far_school, "far_curator", Role.CURATOR),
        far_coordinator=member(far_authority, "far_coordinator", Role.COORDINATOR),
    )
