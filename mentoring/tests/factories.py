"""factory_boy factories for every app's tests. Plain, without surprises: each
builds exactly what its name says, in the organisation it is given."""

import datetime

import factory
from django.contrib.auth import get_user_model

from mentoring.enums import KindCode, ParticipantCategory, Role
from mentoring.models import (
    AcademicYear,
    Membership,
    MentoringForm,
    MentoringKind,
    Organization,
    Territory,
)
from pairs.models import Pair
from participants.enums import ConsentStatus
from participants.models import Mentee, Mentor, Participant

PASSWORD = "test-pass-123"


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Город Когалым {n}" if n else "Город Когалым")
    slug = factory.Sequence(lambda n: f"kogalym-{n}" if n else "kogalym")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"ГПОУ «Колледж № {n}»")
    short_name = factory.Sequence(lambda n: f"Колледж {n}")
    city = "Анжеро-Судженск"
    director_name = "Д. Ф. Ахмерова"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.CURATOR


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    organization = factory.SubFactory(OrganizationFactory)
    surname = factory.Sequence(lambda n: f"Иванов{n}")
    name = "Иван"
    patronymic = "Иванович"
    birth_date = datetime.date(1990, 1, 1)
    category = ParticipantCategory.TEACHER
    email = factory.Sequence(lambda n: f"person{n}@example.ru")
    consent_status = ConsentStatus.GIVEN


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    participant = factory.SubFactory(ParticipantFactory)
    competencies = "ИКТ-компетенции"
    capacity = 2


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentee

    participant = factory.SubFactory(ParticipantFactory)


def teacher_teacher_form() -> MentoringForm:
    form, _ = MentoringForm.objects.get_or_create(
        code="teacher-teacher",
        defaults={
            "name": "педагог – педагог",
            "mentor_categories": [ParticipantCategory.TEACHER],
            "mentee_categories": [ParticipantCategory.TEACHER, ParticipantCategory.YOUNG_SPECIALIST],
        },
    )
    return form


def traditional_kind() -> MentoringKind:
    kind, _ = MentoringKind.objects.get_or_create(
        code=KindCode.TRADITIONAL, defaults={"name": "традиционная", "max_group_size": 1}
    )
    return kind


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pair
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    academic_year = factory.LazyFunction(AcademicYear.current)
    form = factory.LazyFunction(teacher_teacher_form)
    kind = factory.LazyFunction(traditional_kind)
    mentor = factory.SubFactory(
        MentorFactory, participant__organization=factory.SelfAttribute("...organization")
    )

    @factory.post_generation
    def mentees(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.mentees.set(extracted)
