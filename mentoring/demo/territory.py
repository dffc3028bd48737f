"""The demo territory (seed 002's town, Когалым): the education authority with its
territory curator, the demo college and two schools (one on seed 001's roadmap)
with their small programmes (pupils, teachers, pairs in the school forms),
then each part of the territory level built through its own services:
organisations and roadmaps, the municipal mentor base, a December monitoring
campaign, a contest and the public pages. Idempotent, like ``build_demo``."""

import datetime
from dataclasses import dataclass

from mentoring.enums import OrganizationKind, Role
from mentoring.models import AcademicYear, Organization, Territory

TERRITORY_NAME = "Город Когалым"
TERRITORY_SLUG = "kogalym"
AUTHORITY_NAME = "Управление образования Администрации города Когалыма"


@dataclass
class TerritoryDemo:
    """What the parts share: the territory, its organisations, the curator's and
    the head's accounts, the day and the academic year."""

    territory: Territory
    authority: Organization
    college: Organization
    today: datetime.date
    year: AcademicYear
    coordinator: object
    head: object
    admin: object
    logins: list
    schools: list


def build_territory_demo(*, college: Organization, admin, logins: list,
                         today: datetime.date, password: str) -> TerritoryDemo:
    """Put the demo college into the demo territory and build the territory level."""
    from mentoring.services import grant_membership

    from . import (
        territory_contests,
        territory_mentor_base,
        territory_monitoring,
        territory_orgs,
        territory_public,
        territory_schools,
    )

    territory, _created = Territory.objects.get_or_create(
        slug=TERRITORY_SLUG, defaults={"name": TERRITORY_NAME}
    )
    authority, _created = Organization.objects.get_or_create(
        name=AUTHORITY_NAME,
        defaults={
            "short_name": "Управление образования г. Когалыма",
            "kind": OrganizationKind.AUTHORITY, "territory": territory,
            "city": "Когалым", "director_name": "С. Г. Гришина",
            "address": "628481, Ханты-Мансийский автономный округ – Югра, г. Когалым",
        },
    )
    if college.territory_id != territory.pk:
        college.territory = territory
        college.save(update_fields=["territory"])
    coordinator = grant_membership(
        organization=authority, username="coordinator", role=Role.COORDINATOR, actor=admin,
        password=password, first_name="Надежда", last_name="Абдреева",
    )
    head = grant_membership(
        organization=authority, username="head", role=Role.DIRECTOR, actor=admin,
        password=password, first_name="Светлана", last_name="Гришина",
    )
    logins.append(("coordinator", str(Role.COORDINATOR.label), "Надежда Абдреева"))
    logins.append(("head", str(Role.DIRECTOR.label), "Светлана Гришина (управление образования)"))
    demo = TerritoryDemo(
        territory=territory, authority=authority, college=college, today=today,
        year=AcademicYear.current(today), coordinator=coordinator, head=head, admin=admin,
        logins=logins, schools=[],
    )
    for part in (territory_orgs, territory_schools, territory_mentor_base, territory_monitoring,
                 territory_contests, territory_public):
        part.build(demo)
    return demo
