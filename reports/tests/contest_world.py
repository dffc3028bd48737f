"""A contest world for the contest tests: the ``territory_world`` with a mentor
(consent on record) in the college and in the school, a practice of the
school, a «Лучший наставник» contest with three criteria (weights 3, 2, 1) and
a jury of two: ``juror_a`` (an outside expert, account in the authority) and
``juror_b`` (the school's director: conflicted on the school's nomination)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from mentoring.enums import Role
from mentoring.tests.factories import MembershipFactory, MentorFactory, ParticipantFactory, UserFactory
from participants.enums import ConsentGiver, MentorStatus
from participants.services.consents import record_consent
from reports.enums import ContestKind, ContestStage
from reports.models import Practice
from reports.services import contest_jury, contests
from reports.services.contests import CriterionData

CRITERIA = [
    CriterionData("Результаты наставляемых", Decimal("3"), 10),
    CriterionData("Методические материалы", Decimal("2"), 10),
    CriterionData("Отзывы наставляемых", Decimal("1"), 10),
]


def consenting_mentor(organization, surname, actor, *, purposes=None):
    participant = ParticipantFactory(organization=organization, surname=surname, name="Анна",
                                     patronymic="Петровна")
    mentor = MentorFactory(participant=participant, status=MentorStatus.APPROVED)
    record_consent(participant, given_by=ConsentGiver.SELF, given_on=datetime.date(2026, 9, 1),
                   actor=actor, purposes=purposes)
    return mentor


@dataclass
class ContestWorld:
    world: object
    contest: object
    college_mentor: object
    school_mentor: object
    practice: object
    juror_a: object  # ContestJuror, account in the authority
    juror_b: object  # ContestJuror, the school's director


def build_contest_world(world, *, stage=ContestStage.NOMINATIONS) -> ContestWorld:
    college_mentor = consenting_mentor(world.college, "Колледжева", world.college_curator)
    school_mentor = consenting_mentor(world.school, "Школьная", world.school_curator)
    practice = Practice.objects.create(
        organization=world.school, academic_year=contests.AcademicYear.current(),
        title="Клуб юных наставников", summary="Ученики старших классов ведут младших.",
        mentor=school_mentor,
    )
    contest = contests.create_contest(
        territory=world.territory, actor=world.coordinator, kind=ContestKind.BEST_MENTOR,
        title="Лучший наставник — 2026", criteria=CRITERIA, winners_count=2,
    )
    expert, _path = contest_jury.create_juror_account(
        contest, actor=world.coordinator, username="expert", first_name="Ирина",
        last_name="Экспертова",
    )
    school_juror = contest_jury.add_juror(contest, user=world.school_director, actor=world.coordinator)
    if stage != ContestStage.ANNOUNCED:
        contests.set_stage(contest, ContestStage.NOMINATIONS, actor=world.coordinator)
    contest.refresh_from_db()
    return ContestWorld(world, contest, college_mentor, school_mentor, practice, expert, school_juror)


def nominate_both(cw: ContestWorld):
    """The college's and the school's mentors nominated; judging opened."""
    college = contests.nominate(cw.contest, organization=cw.world.college, actor=cw.world.college_curator,
                                mentor=cw.college_mentor, statement="Наставник года")
    school = contests.nominate(cw.contest, organization=cw.world.school, actor=cw.world.school_curator,
                               mentor=cw.school_mentor, practice=cw.practice)
    contests.set_stage(cw.contest, ContestStage.JUDGING, actor=cw.world.coordinator)
    return college, school


def score_all(cw: ContestWorld, juror, nomination, values):
    criteria = list(cw.contest.criteria.all())
    contests.save_scores(nomination, juror=juror, actor=juror.user,
                         values={c.pk: (v, "") for c, v in zip(criteria, values)})


@pytest.fixture
def contest_world(territory_world) -> ContestWorld:
    return build_contest_world(territory_world)


def other_territory_coordinator():
    from mentoring.enums import OrganizationKind
    from mentoring.tests.factories import OrganizationFactory, TerritoryFactory

    territory = TerritoryFactory(name="Город Лангепас", slug="langepas")
    authority = OrganizationFactory(territory=territory, kind=OrganizationKind.AUTHORITY,
                                    name="Управление образования Лангепаса", short_name="УО Лангепаса")
    user = UserFactory(username="other_coordinator")
    MembershipFactory(user=user, organization=authority, role=Role.COORDINATOR)
    return user
