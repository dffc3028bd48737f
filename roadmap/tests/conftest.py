"""Roadmap fixtures: the current year's roadmap built from the seed, a
working-group member, and a small hand-made roadmap with known deadlines."""

import datetime

import pytest
from django.utils import timezone

from mentoring.enums import Role
from mentoring.models import AcademicYear
from mentoring.tests.factories import MembershipFactory, UserFactory
from roadmap.enums import ActivityStatus
from roadmap.models import Activity, Roadmap, Stage
from roadmap.services import create_roadmap


@pytest.fixture
def year(db) -> AcademicYear:
    return AcademicYear.current()


@pytest.fixture
def roadmap(organization, year) -> Roadmap:
    return create_roadmap(organization=organization, academic_year=year)


@pytest.fixture
def working_group(organization):
    user = UserFactory(username="psychologist")
    MembershipFactory(user=user, organization=organization, role=Role.WORKING_GROUP)
    return user


@pytest.fixture
def small_roadmap(organization, year) -> dict:
    """Two stages; stage 1: a1 overdue (planned), a2 overdue (in progress), a3 done
    with a past deadline, a4 cancelled with a past deadline, a5 planned due in
    future, a6 planned without date; stage 2: b1 done."""
    today = timezone.localdate()
    past, future = today - datetime.timedelta(days=10), today + datetime.timedelta(days=10)
    roadmap = Roadmap.objects.create(organization=organization, academic_year=year, title="ДК")
    s1 = Stage.objects.create(roadmap=roadmap, number=1, title="Подготовка условий")
    s2 = Stage.objects.create(roadmap=roadmap, number=2, title="Формирование базы наставляемых")
    specs = {
        "a1": (s1, "1.1", past - datetime.timedelta(days=1), ActivityStatus.PLANNED),
        "a2": (s1, "1.2", past, ActivityStatus.IN_PROGRESS),
        "a3": (s1, "1.3", past, ActivityStatus.DONE),
        "a4": (s1, "1.4", past, ActivityStatus.CANCELLED),
        "a5": (s1, "1.5", future, ActivityStatus.PLANNED),
        "a6": (s1, "1.6", None, ActivityStatus.PLANNED),
        "b1": (s2, "2.1", future, ActivityStatus.DONE),
    }
    objects = {
        key: Activity.objects.create(
            stage=stage, code=code, title="Мероприятие " + code, deadline=deadline, status=status
        )
        for key, (stage, code, deadline, status) in specs.items()
    }
    return {"roadmap": roadmap, **objects}
